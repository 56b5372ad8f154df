// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Show a field only when another field has a given value: data-show-when="kind=call".
  function applyShowWhen(root) {
    root.querySelectorAll("[data-show-when]").forEach(function (el) {
      var parts = el.getAttribute("data-show-when").split("=");
      var form = el.closest("form");
      if (!form) return;
      var source = form.elements[parts[0]];
      if (!source) return;
      var update = function () { el.hidden = source.value !== parts[1]; };
      source.addEventListener("change", update);
      update();
    });
  }

  // "/" focuses the search box, like most tools people already use.
  document.addEventListener("keydown", function (e) {
    var tag = (e.target && e.target.tagName) || "";
    if (e.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(tag)) {
      var box = document.querySelector("input[type=search]");
      if (box) { e.preventDefault(); box.focus(); }
    }
  });

  // Behaviour that would otherwise be inline handlers, which the Content-Security-Policy
  // forbids (docs/security.md). Delegated, so it also works in parts htmx swaps in.
  document.addEventListener("click", function (e) {
    var el = e.target instanceof Element ? e.target : null;
    if (!el) return;
    if (el.matches("[data-select-on-focus]")) el.select();
    var filler = el.closest("[data-fill]");
    if (filler) {
      var target = document.getElementById(filler.getAttribute("data-fill"));
      if (target) {
        target.value = filler.getAttribute("data-safer");
        target.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
  });
  document.addEventListener("focusin", function (e) {
    var el = e.target instanceof Element ? e.target : null;
    if (el && el.matches("[data-select-on-focus]")) el.select();
  });
  document.addEventListener("change", function (e) {
    var el = e.target instanceof Element ? e.target : null;
    if (el && el.matches("[data-submit-on-change]") && el.form) el.form.requestSubmit();
  });

  // On a phone a table with a header reads as one labelled block per row (app.css): each
  // cell names its column, copied from the header.
  function labelCells(root) {
    root.querySelectorAll("table.list").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          var head = heads[col];
          if (head && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", head.textContent.trim());
          }
          col += cell.colSpan || 1;
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { applyShowWhen(document); labelCells(document); });
  document.addEventListener("htmx:load", function (e) { applyShowWhen(e.target); labelCells(e.target.ownerDocument || document); });
})();
