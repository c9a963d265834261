// Half-doughnut gauges of inspection coverage on the plan page.
// Data comes from the json_script element #coverage-data: [{id, value, target}],
// percentages 0–100. The figures are also printed as text next to each gauge,
// so the gauges are decoration for sighted users (the canvases are aria-hidden).
(function () {
  "use strict";

  var MET = "#198754";
  var SHORT = "#fd7e14";
  var REST = "#e9ecef";
  var TARGET = "#212529";

  // Draws a tick across the ring at the target's angle.
  var targetTick = {
    id: "targetTick",
    afterDatasetsDraw: function (chart, _args, options) {
      var arc = chart.getDatasetMeta(0).data[0];
      if (!arc || options.target === undefined) return;
      var angle = Math.PI + (Math.PI * Math.min(Math.max(options.target, 0), 100)) / 100;
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = TARGET;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(arc.x + Math.cos(angle) * (arc.innerRadius - 4), arc.y + Math.sin(angle) * (arc.innerRadius - 4));
      ctx.lineTo(arc.x + Math.cos(angle) * (arc.outerRadius + 4), arc.y + Math.sin(angle) * (arc.outerRadius + 4));
      ctx.stroke();
      ctx.restore();
    },
  };

  function draw(row) {
    var canvas = document.getElementById(row.id);
    if (!canvas) return;
    var value = Math.min(Math.max(row.value, 0), 100);
    new window.Chart(canvas, {
      type: "doughnut",
      data: {
        datasets: [
          {
            data: [value, 100 - value],
            backgroundColor: [value >= row.target ? MET : SHORT, REST],
            borderWidth: 0,
          },
        ],
      },
      options: {
        rotation: -90,
        circumference: 180,
        cutout: "70%",
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: 2,
        animation: false,
        events: [],
        plugins: {
          legend: { display: false },
          tooltip: { enabled: false },
          targetTick: { target: row.target },
        },
      },
      plugins: [targetTick],
    });
  }

  function init() {
    var source = document.getElementById("coverage-data");
    if (!source || !window.Chart) return;
    JSON.parse(source.textContent).forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
