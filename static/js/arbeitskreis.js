/* Arbeitskreis – small improvements on top of pages that work without JavaScript. */
(function () {
  "use strict";
  // Forms with data-confirm ask before they are sent (deleting, cancelling, renewing a link …).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    // A button with data-once is disabled once its form is sent: a double click sends once (the server checks too).
    form.querySelectorAll("button[data-once]").forEach(function (button) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
  // Buttons with data-print are hidden without JavaScript and print the page with it.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
