// Starts Pagefind's UI in the header box (docs/overrides/partials/pagefind.html) and adds the
// keyboard: "/" focuses the box, ArrowDown/ArrowUp walk between the box and the results, Enter
// in the box opens the search page with the query (/search/?q=...), Escape clears the query. Brief and topic results show
// their summary (data-pagefind-meta="summary") instead of a fragment of the text, with the
// matched terms highlighted, and their date and primary topic. Chinese queries are rewritten into
// bigrams first (search-zh.js). Under the results, "All results and filters" opens /search/.
(function () {
  "use strict";
  var box = document.querySelector("[data-briefs-search]");
  var text = window.briefsSearchText;
  if (!box || typeof PagefindUI === "undefined" || !text) return;
  var root = new URL(box.getAttribute("data-root"), window.location.href).pathname;
  var typed = "";  // the query as the reader typed it (Pagefind is given its segmented form)
  // Off only when the index was built without bigrams (benchmarks/bench_reader.py measures both)
  var segment = box.getAttribute("data-zh-bigrams") === "off" ? function (q) { return q; } : text.segment;

  var ui = new PagefindUI({
    element: "#briefs-search",
    bundlePath: root + "javascripts/pagefind-quick/",  // /pagefind/pagefind.js without its filters
    baseUrl: root,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    pageSize: 6,  // the quick results; "All results and filters" has the rest (and each costs a fragment)
    debounceTimeoutMs: 60,
    translations: {
      placeholder: box.getAttribute("data-placeholder") || "Search",
      search_label: box.getAttribute("data-label") || "Search"
    },
    processTerm: function (term) {
      typed = term;
      window.setTimeout(updateAll, 0);
      return segment(term);
    },
    processResult: function (result) {
      var meta = result.meta || {};
      if (meta.summary) {
        result.excerpt = text.highlight(meta.summary, typed);
      } else if (text.hasHan(typed) || !/<mark>/.test(result.excerpt || "")) {
        // Pagefind marks only words it matched in the text itself, not bigrams of Chinese
        result.excerpt = text.excerpt(result.content, typed) || result.excerpt;
      }
      // Shown as tags under the result: the brief's date and primary topic, nothing else
      var shown = {};
      Object.keys(meta).forEach(function (key) {
        if (key === "title" || key === "url" || key === "image" || key === "image_alt") shown[key] = meta[key];
      });
      if (meta.date) shown.date = text.longDate(meta.date);
      if (meta.topic) shown.topic = meta.topic;
      if (meta.kind) shown.kind = meta.kind;  // "Site page": about, contribute, API (site/sitepages.py)
      result.meta = shown;
      return result;
    }
  });

  // "All results and filters": a link at the top of the results to the search page with the query.
  var all = document.createElement("a");
  all.className = "briefs-search__all";
  all.textContent = box.getAttribute("data-all") || "All results and filters";
  function updateAll() {
    var drawer = box.querySelector(".pagefind-ui__drawer");
    var query = (input() || {}).value || typed;
    if (!drawer || !query.trim()) { if (all.parentNode) all.parentNode.removeChild(all); return; }
    all.href = root + "search/?q=" + encodeURIComponent(query.trim());
    var message = drawer.querySelector(".pagefind-ui__message");
    if (message && message.nextSibling !== all) message.parentNode.insertBefore(all, message.nextSibling);
    else if (!message && all.parentNode !== drawer) drawer.insertBefore(all, drawer.firstChild);
  }
  new MutationObserver(function () { updateAll(); }).observe(box, { childList: true, subtree: true });

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
    } else if (event.key === "Enter" && at === 0 && field && (field.value || typed).trim()) {
      // the search page with the query: every result, with filters (a result is one ArrowDown away)
      event.preventDefault();
      window.location.href = root + "search/?q=" + encodeURIComponent((field.value || typed).trim());
    } else if (event.key === "Escape") {
      ui.triggerSearch("");
      if (field) { field.value = ""; field.blur(); }
    }
  });
})();
