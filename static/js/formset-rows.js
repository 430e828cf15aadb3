// "Add a row" for Django formsets: clones the <template> holding the empty form, with __prefix__ and
// __number__ replaced, and counts it in TOTAL_FORMS. Without JavaScript the extra blank rows remain.
document.querySelectorAll("[data-formset-add]").forEach(function (button) {
  var rows = document.getElementById(button.dataset.formsetAdd);
  var template = document.getElementById(button.dataset.formsetTemplate);
  var prefix = rows.dataset.formsetPrefix;
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  button.classList.remove("d-none");
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
    rows.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    var first = rows.lastElementChild.querySelector("input, textarea");
    if (first) { first.focus(); }
  });
});
