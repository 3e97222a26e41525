// Starts Pagefind's UI in the header box (docs/overrides/partials/pagefind.html) and adds the
// keyboard: "/" focuses the box, ArrowDown/ArrowUp walk between the box and the results, Enter
// in the box opens the first result, Escape clears the query. Brief and topic results show
// their summary (data-pagefind-meta="summary") instead of a fragment of the text.
(function () {
  "use strict";
  var box = document.querySelector("[data-briefs-search]");
  if (!box || typeof PagefindUI === "undefined") return;
  var root = new URL(box.getAttribute("data-root"), window.location.href).pathname;

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  var ui = new PagefindUI({
    element: "#briefs-search",
    bundlePath: root + "pagefind/",
    baseUrl: root,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    pageSize: 8,
    debounceTimeoutMs: 60,
    translations: {
      placeholder: box.getAttribute("data-placeholder") || "Search",
      search_label: box.getAttribute("data-label") || "Search"
    },
    processResult: function (result) {
      var summary = result.meta && result.meta.summary;
      if (summary) {
        result.excerpt = escapeHtml(summary);
        delete result.meta.summary; // shown as the excerpt, not again as a metadata tag
      }
      return result;
    }
  });

  function input() { return box.querySelector("input.pagefind-ui__search-input"); }
  function links() { return Array.prototype.slice.call(box.querySelectorAll("a.pagefind-ui__result-link")); }

  // Pagefind's box has only a placeholder and a title; give it an accessible name (axe-core's
  // label-title-only rule) as soon as the UI has rendered it.
  (function name(tries) {
    var field = input();
    if (field) field.setAttribute("aria-label", box.getAttribute("data-label") || "Search");
    else if (tries > 0) window.requestAnimationFrame(function () { name(tries - 1); });
  })(120);

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var field = input();
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.select();
  });

  box.addEventListener("keydown", function (event) {
    var field = input();
    var items = [field].concat(links());
    var at = items.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= 0 && next < items.length) {
        event.preventDefault();
        items[next].focus();
      }
    } else if (event.key === "Enter" && at === 0 && items.length > 1) {
      event.preventDefault();
      window.location.href = items[1].href;
    } else if (event.key === "Escape") {
      ui.triggerSearch("");
      if (field) { field.value = ""; field.blur(); }
    }
  });
})();
