// Behaviour of every page, kept out of the HTML so that the Content-Security-Policy can forbid inline
// scripts and on…= attributes (config/settings/base.py).
// - [data-autosubmit]: a select (or any field) that submits its form as soon as it changes, e.g. the year
//   in the navigation bar. Without JavaScript the <noscript> button next to it submits instead.
// - table.table-stack: on a phone each row is shown as a card (static/css/app.css), its heading cell as the
//   title and each other cell beside its column's name: the cells get data-label from the table's own header,
//   so the wording lives once.
// - .table-responsive: a table wider than its box scrolls sideways; data-scroll (start, middle, end) fades
//   the edge that hides columns, and on a small screen a hint above the table says to swipe (its text is
//   main's data-scroll-hint, translated by the template).
// - [data-print]: a button that prints the page (hidden without JavaScript); data-print="section-id" prints
//   only that section under the page's title.
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
    field.addEventListener("change", function () {
      if (field.form) { field.form.submit(); }
    });
  });

  document.querySelectorAll("table.table-stack").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) { return; }
    var headings = [];
    each(head.cells, function (cell) {
      var copy = cell.cloneNode(true);
      copy.querySelectorAll(".visually-hidden").forEach(function (hidden) { hidden.remove(); });
      var text = copy.textContent.replace(/\s+/g, " ").trim();
      for (var i = 0; i < cell.colSpan; i++) { headings.push(text); }
    });
    each(table.tBodies, function (body) {
      each(body.rows, function (row) {
        var column = 0;
        each(row.cells, function (cell) {
          // The row's own heading (th scope="row") is the card's title: it needs no label.
          var rowHeading = cell.tagName === "TH" && cell.getAttribute("scope") === "row";
          if (cell.colSpan === 1 && headings[column] && !rowHeading && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", headings[column]);
          }
          column += cell.colSpan;
        });
      });
    });
  });

  var main = document.getElementById("main");
  var hintText = main ? main.getAttribute("data-scroll-hint") : "";
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    var hint = null;
    var update = function () {
      var hidden = box.scrollWidth - box.clientWidth;
      if (hidden <= 1) {
        box.removeAttribute("data-scroll");
      } else {
        var left = box.scrollLeft;
        box.setAttribute("data-scroll", left <= 1 ? "start" : left >= hidden - 1 ? "end" : "middle");
        if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); } // arrow keys scroll it
        if (!hint && hintText) {
          hint = document.createElement("p");
          hint.className = "scroll-hint";
          hint.setAttribute("aria-hidden", "true");
          var icon = document.createElement("i");
          icon.className = "bi bi-arrow-left-right me-1";
          hint.appendChild(icon);
          hint.appendChild(document.createTextNode(hintText));
          box.parentNode.insertBefore(hint, box);
        }
      }
      if (hint) { hint.hidden = hidden <= 1; }
    };
    box.addEventListener("scroll", update, { passive: true });
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(update);
      observer.observe(box);
      if (box.firstElementChild) { observer.observe(box.firstElementChild); }
    } else {
      window.addEventListener("resize", update);
    }
    update();
  });

  var endSectionPrint = function () {
    document.body.classList.remove("print-section");
    document.querySelectorAll(".print-target").forEach(function (target) { target.classList.remove("print-target"); });
  };
  window.addEventListener("afterprint", endSectionPrint);
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var section = document.getElementById(button.getAttribute("data-print"));
      if (section) {
        section.classList.add("print-target");
        document.body.classList.add("print-section");
      }
      window.print();
    });
  });
})();
