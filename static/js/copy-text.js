// The "Sao chép" button of a text the user edits and copies (a meeting's news draft): [data-copy-target] names
// the id of the field copied; the element [data-copy-status] with the same id says whether it worked (its words
// come from the button's data-copied and data-failed, translated by the template). The button is hidden until
// this script shows it: without JavaScript the user selects and copies the text as usual.
(function () {
  "use strict";

  function fallbackCopy(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var id = button.getAttribute("data-copy-target");
    var field = document.getElementById(id);
    var status = document.querySelector('[data-copy-status="' + id + '"]');
    if (!field) { return; }
    var say = function (ok) {
      if (status) { status.textContent = button.getAttribute(ok ? "data-copied" : "data-failed"); }
    };
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say(true); },
          function () { say(fallbackCopy(field)); }
        );
      } else {
        say(fallbackCopy(field));
      }
    });
  });
})();
