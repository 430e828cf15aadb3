// A list of checkboxes with a filter box (the agencies added to a bloc at once):
// - input[data-filter-list=ID]: shows only the rows of #ID whose data-filter-text holds every word typed,
//   accents ignored (the rows carry the server's folded search text); ticked rows hidden stay ticked.
// - [data-checked-count=ID]: says how many boxes of #ID are ticked, in the words of its data-text ("__N__").
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  document.querySelectorAll("input[data-filter-list]").forEach(function (input) {
    var list = document.getElementById(input.dataset.filterList);
    if (!list) return;
    var rows = list.querySelectorAll("[data-filter-text]");
    var empty = list.querySelector("[data-filter-empty]");
    input.hidden = false;
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.dataset.filterText;
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (empty) empty.hidden = shown > 0 || rows.length === 0;
    });
    // Enter in the filter box filters; it must not submit the form half filled in.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  });
  document.querySelectorAll("[data-checked-count]").forEach(function (counter) {
    var list = document.getElementById(counter.dataset.checkedCount);
    if (!list) return;
    function update() {
      var count = list.querySelectorAll("input[type=checkbox]:checked").length;
      counter.textContent = counter.dataset.text.replace("__N__", String(count));
    }
    list.addEventListener("change", update);
    update();
  });
})();
