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
  if (window.document$) { window.document$.subscribe(update); } else { document.addEventListener("DOMContentLoaded", update); }
})();
