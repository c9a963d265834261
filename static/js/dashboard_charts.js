// Charts of the home dashboards, drawn with the vendored Chart.js.
// Data comes from the json_script element #dashboard-charts (numbers may be
// decimal strings). Every chart's figures are also on the page as a table or
// text, so the canvases are aria-hidden decoration and print as they are.
(function () {
  "use strict";

  var STATUS_COLOURS = {
    open: "#6c757d",
    in_progress: "#0d6efd",
    submitted: "#fd7e14",
    verified: "#198754",
    cancelled: "#ced4da",
  };
  var BAR = "#0d6efd";
  var LOW = "#dc3545";
  var OVERDUE = "#b02a37";
  var AVERAGE = "#212529";

  function num(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  // A horizontal chart gets a height that fits its rows (and legend).
  function fit(canvas) {
    var box = canvas.parentElement;
    var rows = Number(box.getAttribute("data-chart-rows")) || 1;
    var legend = box.hasAttribute("data-chart-legend") ? 64 : 0;
    box.style.height = Math.max(120, rows * (legend ? 34 : 24) + 48 + legend) + "px";
  }

  // Long agency or field names are cut on the axis; the tables give them whole.
  function short(label) {
    return label.length > 32 ? label.slice(0, 31) + "…" : label;
  }

  // A dashed vertical line at options.value on the x axis (the group average).
  var averageLine = {
    id: "averageLine",
    afterDatasetsDraw: function (chart, _args, options) {
      if (options.value === null || options.value === undefined) return;
      var x = chart.scales.x.getPixelForValue(options.value);
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = AVERAGE;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(x, area.top);
      ctx.lineTo(x, area.bottom);
      ctx.stroke();
      ctx.restore();
    },
  };

  function base(locale) {
    return {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: locale,
      plugins: { legend: { display: false } },
    };
  }

  function percentAxis(min) {
    return { min: min, max: 100, ticks: { callback: function (v) { return v + " %"; } } };
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    fit(canvas);
    new window.Chart(canvas, config);
  }

  function init() {
    var source = document.getElementById("dashboard-charts");
    if (!source || !window.Chart) return;
    var charts = JSON.parse(source.textContent);
    var labels = charts.labels || {};
    var locale = document.documentElement.lang || "vi";

    if (charts.tasks) {
      var tasks = base(locale);
      tasks.scales = { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } };
      tasks.plugins.legend = { display: true, position: "bottom" };
      draw("chart-tasks", {
        type: "bar",
        data: {
          labels: charts.tasks.labels,
          datasets: charts.tasks.datasets.map(function (d) {
            return { label: d.label, data: d.data, backgroundColor: STATUS_COLOURS[d.key] || BAR };
          }),
        },
        options: tasks,
      });
    }

    if (charts.overdue) {
      var overdue = base(locale);
      overdue.scales = { x: { ticks: { precision: 0 } } };
      draw("chart-overdue", {
        type: "bar",
        data: {
          labels: charts.overdue.labels.map(short),
          datasets: [{ label: labels.overdue, data: charts.overdue.data, backgroundColor: OVERDUE }],
        },
        options: overdue,
      });
    }

    (charts.rankings || []).forEach(function (ranking) {
      var values = ranking.data.map(num);
      var lowest = Math.min.apply(null, values.concat([num(ranking.average) || 100]));
      var options = base(locale);
      // Start the axis a little below the lowest bar so differences stay visible.
      options.scales = { x: percentAxis(Math.max(0, Math.floor(lowest / 10) * 10 - 10)) };
      options.plugins.averageLine = { value: num(ranking.average) };
      draw(ranking.id, {
        type: "bar",
        data: {
          labels: ranking.labels.map(short),
          datasets: [{ label: labels.index, data: values, backgroundColor: BAR }],
        },
        options: options,
        plugins: [averageLine],
      });
    });

    if (charts.fields) {
      var fields = base(locale);
      fields.scales = { x: percentAxis(0) };
      draw("chart-fields", {
        type: "bar",
        data: {
          labels: charts.fields.labels.map(short),
          datasets: [
            {
              label: labels.subindex,
              data: charts.fields.data.map(num),
              backgroundColor: charts.fields.low.map(function (low) { return low ? LOW : BAR; }),
            },
          ],
        },
        options: fields,
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
