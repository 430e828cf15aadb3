// Online ballots. Forms marked data-confirm ask before sending (opening, closing the vote; an agency's ballot,
// which cannot be changed once sent). The secretary's page asks the status every 3 s while the vote is open:
// the count and which agencies have voted; it reloads once the vote is closed (the results then show).
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  var box = document.getElementById("online-voting");
  if (!box || box.dataset.status !== "open") return;
  var cast = document.getElementById("voting-cast");
  var timer = setInterval(function () {
    fetch(box.dataset.url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.status !== "open") { clearInterval(timer); window.location.reload(); return; }
        if (cast) cast.textContent = data.cast;
        var voted = {};
        data.voted.forEach(function (id) { voted[id] = true; });
        box.querySelectorAll("[data-agency]").forEach(function (row) {
          var badge = row.querySelector("[data-role=voted]");
          var yes = Boolean(voted[row.dataset.agency]);
          badge.textContent = yes ? badge.dataset.yes : badge.dataset.no;
          badge.classList.toggle("text-bg-success", yes);
          badge.classList.toggle("text-bg-light", !yes);
          badge.classList.toggle("border", !yes);
        });
      })
      .catch(function () { /* a network blip: ask again in 3 s */ });
  }, 3000);
})();
