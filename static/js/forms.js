/* Forms people fill in (GOV.UK pattern): focus the error summary, and ask before leaving a
   form with unsaved changes. Everything works without this file; no inline script needed. */
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  var forms = document.querySelectorAll("form[data-warn-unsaved]");
  if (!forms.length) {
    return;
  }
  // A form shown back after an error holds text that is not saved yet.
  var dirty = false;
  Array.prototype.forEach.call(forms, function (form) {
    if (form.getAttribute("data-warn-unsaved") === "unsaved") {
      dirty = true;
    }
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
