/* The review queue: "select all on this page" also ticks each row's box, so what is chosen
   shows. Without this file the server reads "select all" itself. */
(function () {
  "use strict";

  var all = document.querySelector("[data-select-all]");
  if (!all) {
    return;
  }
  var picks = document.querySelectorAll("[data-pick]");
  all.addEventListener("change", function () {
    Array.prototype.forEach.call(picks, function (box) { box.checked = all.checked; });
  });
  Array.prototype.forEach.call(picks, function (box) {
    box.addEventListener("change", function () {
      if (!box.checked) {
        all.checked = false;
      }
    });
  });
})();
