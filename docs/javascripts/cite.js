// "Cite this brief": show the reader's own access date instead of the build date.
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
  function start() {
    update();
    label();
    var cite = document.querySelector(".brief-cite");
    if (cite && window.MutationObserver) new MutationObserver(label).observe(cite, { childList: true, subtree: true });
  }
  if (window.document$) { window.document$.subscribe(start); } else { document.addEventListener("DOMContentLoaded", start); }
})();
