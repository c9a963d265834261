// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Selects marked data-autosubmit submit their form on change (language switch, filters).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-autosubmit]")) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
  });

  // Forms or buttons marked data-confirm ask before an irreversible action.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();

// Buttons marked data-print open the browser's print dialog; the printed
// page's date (data-print-date) is the moment it is printed.
(function () {
  "use strict";

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  window.addEventListener("beforeprint", function () {
    var now = new Date();
    var text = pad(now.getDate()) + "/" + pad(now.getMonth() + 1) + "/" + now.getFullYear() +
      " " + pad(now.getHours()) + ":" + pad(now.getMinutes());
    document.querySelectorAll("[data-print-date]").forEach(function (element) {
      element.textContent = text;
    });
  });
})();
