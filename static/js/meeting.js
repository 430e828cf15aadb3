// The meeting pages: the title prefilled by kind, the quorum counted as boxes are ticked, and the outcome
// of a proposal asked from the server (awards.rules decides) while the votes are typed. Without
// JavaScript the forms work the same; the server computes everything again when they are saved.
(function () {
  "use strict";

  // ---- Title prefilled by kind and year (only while the user has not typed a title of their own) ----
  var kind = document.querySelector("select[data-title-templates]");
  var title = document.querySelector("input[data-title-auto]");
  var year = document.getElementById("id_year");
  if (kind && title && year) {
    var templates = JSON.parse(kind.dataset.titleTemplates);
    var auto = function () { return (templates[kind.value] || "").replace("{year}", year.value || ""); };
    var last = title.value;
    var refresh = function () {
      if (title.value === "" || title.value === last) {
        last = auto();
        title.value = last;
      }
    };
    if (title.value === "") { refresh(); } else { last = title.value === auto() ? title.value : null; }
    kind.addEventListener("change", refresh);
    year.addEventListener("input", refresh);
  }

  // ---- Attendance: the quorum as boxes are ticked, and "everyone present" ----
  var attendance = document.querySelector("form[data-attendance]");
  if (attendance) {
    var boxes = attendance.querySelectorAll("input[data-present]");
    var quorum = document.getElementById("quorum");
    var count = function () {
      var present = 0;
      boxes.forEach(function (box) { if (box.checked) { present += 1; } });
      quorum.textContent = quorum.dataset.template.replace("__present__", present);
    };
    boxes.forEach(function (box) { box.addEventListener("change", count); });
    var all = attendance.querySelector("[data-all-present]");
    if (all) {
      all.classList.remove("d-none");
      all.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = true; });
        count();
      });
    }
  }

  // ---- Votes: show the part of the form of the mode chosen; ask the outcome as the votes change ----
  var votes = document.querySelector("form[data-votes]");
  if (!votes) { return; }
  var rules = JSON.parse((document.getElementById("award-rules") || {}).textContent || "{}");
  var outcomeText = votes.querySelector("[data-role=outcome-text]");
  var outcomeWarnings = votes.querySelector("[data-role=outcome-warnings]");
  var outcomeBox = document.getElementById("outcome");
  var awardSelect = document.getElementById("id_award_type");
  var nomineeSelect = document.getElementById("id_nominee");
  var ruleText = document.getElementById("award-rule");

  var mode = function () {
    var checked = votes.querySelector("input[name=mode]:checked");
    return checked ? checked.value : "none";
  };
  var showMode = function () {
    votes.querySelectorAll("[data-mode-section]").forEach(function (section) {
      section.hidden = section.dataset.modeSection !== mode();
    });
  };

  var BADGES = {passed: "text-bg-success", failed: "text-bg-secondary", pending: "text-bg-light border"};
  var show = function (data) {
    outcomeText.textContent = "";
    if (data.outcome) {
      var badge = document.createElement("span");
      badge.className = "badge me-1 " + (BADGES[data.outcome] || "");
      badge.textContent = data.outcome_display;
      badge.dataset.outcome = data.outcome;
      outcomeText.appendChild(badge);
    }
    outcomeText.appendChild(document.createTextNode(data.reason || ""));
    outcomeWarnings.textContent = "";
    (data.warnings || []).forEach(function (warning) {
      var item = document.createElement("li");
      item.textContent = warning;
      outcomeWarnings.appendChild(item);
    });
    outcomeBox.className = "alert " + ((data.warnings || []).length ? "alert-warning" : "alert-secondary");
    outcomeBox.dataset.outcome = data.outcome || "";
  };

  var pending = null;
  var sequence = 0;
  var ask = function () {
    var params = new URLSearchParams();
    var award = awardSelect ? awardSelect.value : votes.dataset.awardType;
    params.set("award_type", award || "");
    var nominee = nomineeSelect ? nomineeSelect.value : votes.dataset.nominee;
    if (nominee) { params.set("nominee", nominee); }
    if (votes.dataset.proposal) { params.set("proposal", votes.dataset.proposal); }
    params.set("mode", mode());
    ["votes_for", "votes_against", "votes_abstain"].forEach(function (name) {
      var input = votes.querySelector("[name=" + name + "]");
      if (input) { params.set(name, input.value); }
    });
    votes.querySelectorAll("input[data-ballot]:checked").forEach(function (radio) {
      if (radio.value) { params.set(radio.name, radio.value); }
    });
    if (ruleText) { ruleText.textContent = rules[award] ? ruleText.dataset.template.replace("__rule__", rules[award]) : ""; }
    var mine = ++sequence;
    fetch(votes.dataset.outcomeUrl + "?" + params.toString(), {
      headers: {"Accept": "application/json"}, credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && mine === sequence) { show(data); } })
      .catch(function () { /* offline for a moment: the next change asks again */ });
  };
  var soon = function () {
    clearTimeout(pending);
    pending = setTimeout(ask, 150);
  };

  votes.addEventListener("input", soon);
  votes.addEventListener("change", function (event) {
    if (event.target.name === "mode") { showMode(); }
    soon();
  });
  var allFor = votes.querySelector("[data-all-for]");
  if (allFor) {
    allFor.classList.remove("d-none");
    allFor.addEventListener("click", function () {
      votes.querySelectorAll("input[data-ballot][value=for]").forEach(function (radio) { radio.checked = true; });
      soon();
    });
  }
  showMode();
  if (votes.dataset.proposal || (awardSelect && awardSelect.value)) { ask(); }
})();
