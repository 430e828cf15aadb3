// The bloc form: while the user has not typed a document symbol of their own, the symbol follows the bloc's
// name and kind, as the server suggests it (input[data-symbol-suggest] holds the address that answers
// {"symbol": "KTĐ-KTKT"} to ?name=…&kind=…: one rule, blocs.models.suggest_symbol). A symbol typed by the
// user is kept; emptied, the field follows the name again. Without JavaScript, an empty symbol is the
// suggestion too (the server fills it in).
(function () {
  "use strict";
  var symbol = document.querySelector("input[data-symbol-suggest]");
  if (!symbol || !symbol.form) return;
  var form = symbol.form;
  var name = form.elements.namedItem("name");
  if (!name) return;
  var suggested = null; // the last suggestion put in the field
  var timer = null;
  var asked = 0;

  function following() {
    return symbol.value === "" || symbol.value === suggested;
  }

  function kind() {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "";
  }

  function suggest() {
    var query = new URLSearchParams({name: name.value, kind: kind()});
    var ticket = ++asked;
    fetch(symbol.dataset.symbolSuggest + "?" + query.toString(), {
      headers: {"Accept": "application/json"},
      credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || ticket !== asked) return; // an answer to an older question
        symbol.placeholder = data.symbol;
        if (following()) {
          symbol.value = data.symbol;
          suggested = data.symbol;
        }
      })
      .catch(function () { /* offline: the server suggests on saving */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(suggest, 250);
  }

  // An existing bloc's symbol is the user's choice unless it is what its name suggests.
  if (symbol.value === "") {
    suggest();
  } else {
    fetch(symbol.dataset.symbolSuggest + "?" + new URLSearchParams({name: name.value, kind: kind()}).toString(), {
      credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.symbol === symbol.value) suggested = data.symbol; })
      .catch(function () { /* kept as typed */ });
  }
  name.addEventListener("input", later);
  form.querySelectorAll("input[name=kind]").forEach(function (radio) { radio.addEventListener("change", later); });
  symbol.addEventListener("input", function () {
    var upper = symbol.value.toUpperCase();
    if (upper !== symbol.value) {
      var start = symbol.selectionStart, end = symbol.selectionEnd;
      symbol.value = upper;
      symbol.setSelectionRange(start, end);
    }
    suggested = null; // typed by the user: kept, until emptied
  });
})();
