// Behaviour of every page, kept out of the HTML so that the Content-Security-Policy can forbid inline
// scripts and on…= attributes (config/settings/base.py).
// - [data-autosubmit]: a select (or any field) that submits its form as soon as it changes, e.g. the year
//   in the navigation bar. Without JavaScript the <noscript> button next to it submits instead.
(function () {
  "use strict";
  document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
    field.addEventListener("change", function () {
      if (field.form) { field.form.submit(); }
    });
  });
})();
