/* A character counter under a textarea with a length limit (GOV.UK "character count"): the
   page says the limit in plain text; this file turns that hint into "N characters left" or
   "N characters too many" as the user types. The server refuses a longer text either way;
   the textarea has no maxlength, so pasted text is never cut off silently. */
(function () {
  "use strict";

  var counters = document.querySelectorAll("[data-character-count]");
  if (!counters.length) {
    return;
  }
  var lang = document.documentElement.lang || "az";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  function message(counter, kind, count) {
    var form = plural && plural.select(count) === "one" ? "one" : "other";
    var template = counter.getAttribute("data-" + kind + "-" + form) || "";
    return template.replace("{count}", count.toLocaleString(lang));
  }

  Array.prototype.forEach.call(counters, function (counter) {
    var field = document.getElementById(counter.getAttribute("data-character-count"));
    var limit = parseInt(counter.getAttribute("data-limit"), 10);
    if (!field || !limit) {
      return;
    }
    var timer = null;
    function update() {
      // Line ends count as one character, as the server stores them.
      var length = field.value.replace(/\r\n/g, "\n").length;
      var left = limit - length;
      counter.textContent = left >= 0
        ? message(counter, "left", left)
        : message(counter, "over", -left);
      counter.classList.toggle("character-count-over", left < 0);
    }
    field.addEventListener("input", function () {
      // Screen readers hear the count once the typing pauses, not at every key.
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
    update();
  });
})();
