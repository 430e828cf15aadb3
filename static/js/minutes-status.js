// The minutes (or pledge) PDF status page: while a worker renders the file, ask every 2 s; reload once it
// is ready or has failed.
(function () {
  "use strict";
  var box = document.getElementById("minutes-status");
  if (!box || (box.dataset.status !== "queued" && box.dataset.status !== "rendering")) return;
  var text = box.querySelector("[data-role=status-text]");
  var timer = setInterval(function () {
    fetch(box.dataset.url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.status === "ready" || data.status === "failed") { clearInterval(timer); window.location.reload(); }
        else if (text) { text.textContent = data.status_display; }
      })
      .catch(function () { /* a network blip: ask again in 2 s */ });
  }, 2000);
})();
