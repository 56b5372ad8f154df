// Today's keyboard: j/k move between items, x does the first action, o opens the contact,
// n jumps to the new-promise form. Focus stays put when htmx re-renders the list.
(function () {
  "use strict";
  var lastKey = null;
  function items() { return Array.prototype.slice.call(document.querySelectorAll(".agenda-item")); }
  function current() { var a = document.activeElement; return a && a.classList && a.classList.contains("agenda-item") ? a : null; }
  function move(step) {
    var list = items(); if (!list.length) return;
    var at = list.indexOf(current());
    var next = list[Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + step))];
    next.focus(); next.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.metaKey || e.ctrlKey || e.altKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
    var item = current();
    if (e.key === "j") { move(1); e.preventDefault(); }
    else if (e.key === "k") { move(-1); e.preventDefault(); }
    else if (e.key === "n") { var f = document.getElementById("id_contact"); if (f) { f.focus(); e.preventDefault(); } }
    else if (item && e.key === "o") { var o = item.querySelector("[data-open]"); if (o) o.click(); }
    else if (item && e.key === "x") {
      lastKey = item.dataset.key;
      var first = item.querySelector("[data-primary]");
      if (first) { first.click(); e.preventDefault(); }
    }
  });
  document.addEventListener("focusin", function (e) {
    if (e.target.classList && e.target.classList.contains("agenda-item")) lastKey = e.target.dataset.key;
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var elt = e.detail && e.detail.requestConfig && e.detail.requestConfig.elt;
    if (!lastKey || (elt && elt.closest && elt.closest(".promise-form"))) return;
    var list = items(); if (!list.length) return;
    var same = list.filter(function (el) { return el.dataset.key === lastKey; })[0];
    (same || list[0]).focus({ preventScroll: true });
  });
})();
