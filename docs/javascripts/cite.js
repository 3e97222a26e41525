// "Cite this brief": show the reader's own access date instead of the build date. And the folded
// lists of brief pages open for a link into them and for printing.
(function () {
  function update() {
    var now = new Date();
    var iso = now.toISOString().slice(0, 10);
    var long = now.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll(".brief-cite__accessed").forEach(function (el) { el.textContent = long; });
    document.querySelectorAll(".brief-cite__accessed-iso").forEach(function (el) { el.textContent = iso; });
    document.querySelectorAll(".brief-cite__accessed-ris").forEach(function (el) { el.textContent = iso.replace(/-/g, "/"); });
  }
  // Material puts a <nav> with a copy button on every code block: the BibTeX and RIS blocks gave
  // two unnamed navigation landmarks (axe: landmark-unique). Name each after its block.
  function label() {
    document.querySelectorAll(".brief-cite pre[aria-label]").forEach(function (pre) {
      var nav = pre.querySelector(".md-code__nav");
      if (nav && !nav.hasAttribute("aria-label")) nav.setAttribute("aria-label", pre.getAttribute("aria-label") + " tools");
    });
  }
  // Folded lists on brief pages ("Show all" sources, earlier changes, more related briefs): a link
  // to something inside one (a citation marker, the updates feed's link to a change, Back) opens it.
  function unfold(id, scroll) {
    var target = id && document.getElementById(id);
    var folded = false;
    for (var el = target && target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open) { el.open = true; folded = true; }
    }
    if (folded && scroll) target.scrollIntoView();
  }
  function fromHash() {
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
    unfold(id, true);
  }
  var printed = [];  // the folds opened for printing, closed again after
  function watchLinks() {
    window.addEventListener("hashchange", fromHash);
    document.addEventListener("click", function (event) {
      var a = event.target.closest && event.target.closest("a[href^='#']");
      if (a) { try { unfold(decodeURIComponent(a.getAttribute("href").slice(1)), false); } catch (e) { /* not an id */ } }
    });
    window.addEventListener("beforeprint", function () {
      printed = Array.prototype.filter.call(document.querySelectorAll("details.brief-more"), function (d) { return !d.open; });
      printed.forEach(function (d) { d.open = true; });
    });
    window.addEventListener("afterprint", function () {
      printed.forEach(function (d) { d.open = false; });
      printed = [];
    });
  }
  watchLinks();
  function start() {
    update();
    label();
    fromHash();
    var cite = document.querySelector(".brief-cite");
    if (cite && window.MutationObserver) new MutationObserver(label).observe(cite, { childList: true, subtree: true });
  }
  if (window.document$) { window.document$.subscribe(start); } else { document.addEventListener("DOMContentLoaded", start); }
})();
