// The search page (/search/, docs/templates/search.md.j2): full-text search with filters, on
// Pagefind's JavaScript API. The URL is the state (contract v2):
//   /search/?q=<text>&topic=<id>&jurisdiction=<code>&type=<type>&status=<status>&year=<YYYY>[&sort=date]
// each filter may repeat. Values of one filter combine with "any", different filters with "and".
// Changing a filter or the sort, or submitting, adds a history entry; typing replaces the current
// one, so the back button steps through searches and a bookmark or shared link restores one.
// Each filter value shows how many results choosing it would give, given the query and the other
// filters. Without words, the matching briefs are listed newest first.
(function () {
  "use strict";
  var form = document.querySelector("[data-search-page]");
  var text = window.briefsSearchText;
  if (!form || !text || !window.briefsUrlState) return;
  var FACETS = ["topic", "jurisdiction", "type", "status", "year"];
  var PAGE = 20;
  var root = new URL(form.getAttribute("data-root"), window.location.href).pathname;
  var input = form.querySelector("#search-q");
  var sortSelect = form.querySelector("#search-sort");
  var status = form.querySelector("#search-status");
  var list = form.querySelector("#search-list");
  var more = form.querySelector("[data-search-more]");
  var active = form.querySelector("[data-search-active]");
  var pagefind = null;
  var current = null;  // {state, results, shown}
  var searchId = 0;
  var typingTimer = null;

  var urlState = window.briefsUrlState(form, FACETS, {
    before: [{ name: "q", element: input }],
    after: [{ name: "sort", element: sortSelect, values: ["date"] }]
  });
  var boxes = urlState.boxes;
  var readUrl = urlState.fromUrl;
  var readForm = urlState.fromForm;
  var writeForm = urlState.write;
  var record = urlState.record;
  var filterCount = urlState.count;

  // --- searching -------------------------------------------------------------------------------

  function pagefindFilters(filters, except) {
    var out = {};
    FACETS.forEach(function (facet) {
      if (facet !== except && filters[facet]) out[facet] = { any: filters[facet] };
    });
    return out;
  }

  async function load() {
    if (!pagefind) {
      pagefind = await import(root + "pagefind/pagefind.js");
      await pagefind.options({ bundlePath: root + "pagefind/", baseUrl: root });
      await pagefind.init();
      await pagefind.filters();  // loads every filter, so that searches return counts
    }
    return pagefind;
  }

  function run(state, term, filters, sort) {
    var options = { filters: filters };
    if (sort) options.sort = { date: "desc" };
    return pagefind.search(term, options);
  }

  async function search(state) {
    var id = ++searchId;
    var count = filterCount(state);
    document.title = (state.q ? "“" + state.q + "” – " : "") + form.getAttribute("data-title-base");
    showActive(count);
    if (!state.q && !count) {
      current = null;
      list.innerHTML = "";
      more.hidden = true;
      status.textContent = "Type a query or choose a filter.";
      await countFacets(state, null, null);
      return;
    }
    status.textContent = "Searching…";
    await load();
    var term = state.q ? text.segment(state.q) : null;
    // Newest first when there are no words; otherwise as the reader chose.
    var byDate = !state.q || state.sort === "date";
    var main = run(state, term, pagefindFilters(state.filters), byDate);
    // A filter's own values are counted without its own selection (values of one filter combine
    // with "any"), with the query and every other filter.
    var others = FACETS.map(function (facet) {
      return state.filters[facet] ? run(state, term, pagefindFilters(state.filters, facet), false) : null;
    });
    // Hand-written pages (about, contribute, API) carry the filter kind:site: listed after the
    // briefs and topics, in their own order (site/sitepages.py). With a filter chosen there are none.
    var sitePages = state.q && !count ? pagefind.search(term, { filters: { kind: ["site"] } }) : null;
    var found = await main;
    var without = await Promise.all(others);
    var site = sitePages ? await sitePages : null;
    if (id !== searchId || !found) return;  // a newer search has started
    var results = found.results;
    if (site && site.results.length) {
      var isSite = {};
      site.results.forEach(function (r) { isSite[r.id] = true; });
      results = results.filter(function (r) { return !isSite[r.id]; })
        .concat(results.filter(function (r) { return isSite[r.id]; }));
    }
    current = { state: state, results: results, shown: 0 };
    list.innerHTML = "";
    await countFacets(state, found, without);
    await showMore();
    if (id !== searchId) return;
    var n = found.results.length;
    var what = n === 1 ? "1 result" : n.toLocaleString("en") + " results";
    var words = state.q ? " for “" + state.q + "”" : "";
    var filtered = count ? " with " + count + " filter" + (count === 1 ? "" : "s") : "";
    var order = byDate ? ", newest first" : "";
    status.textContent = what + words + filtered + order + ".";
  }

  function showActive(count) {
    active.textContent = count ? "(" + count + " chosen)" : "";
  }

  async function countFacets(state, found, without) {
    if (!found) {  // nothing searched: the totals of the whole index
      await load();
      found = { filters: await pagefind.filters() };
      without = [];
    }
    FACETS.forEach(function (facet, i) {
      var counts = (without && without[i] ? without[i].filters : found.filters)[facet] || {};
      boxes(facet).forEach(function (b) {
        var n = counts[b.value] || 0;
        var label = b.closest("label");
        label.querySelector("[data-count]").textContent = "(" + n.toLocaleString("en") + ")";
        label.classList.toggle("search-facet__option--empty", n === 0 && !b.checked);
      });
    });
  }

  // A brief's jurisdictions (its Pagefind filter values, codes such as CN-BJ), each a link to its
  // page on this site, /jurisdictions/<code>/, named as the filter names it; text only, never markup.
  function jurisdictionLinks(codes) {
    var known = {};
    boxes("jurisdiction").forEach(function (b) {
      var name = b.closest("label").querySelector(".search-facet__name");
      known[b.value] = name ? name.textContent : b.value;
    });
    var shown = (codes || []).filter(function (code) { return Object.prototype.hasOwnProperty.call(known, code); });
    if (!shown.length) return null;
    var line = document.createElement("p");
    line.className = "search-result__meta search-result__jurisdictions";
    line.appendChild(document.createTextNode(shown.length === 1 ? "Jurisdiction: " : "Jurisdictions: "));
    shown.forEach(function (code, i) {
      if (i) line.appendChild(document.createTextNode(", "));
      var a = document.createElement("a");
      a.className = "search-result__jurisdiction";
      a.href = root + "jurisdictions/" + encodeURIComponent(code.toLowerCase()) + "/";
      a.textContent = known[code];
      line.appendChild(a);
    });
    return line;
  }

  function resultItem(data, query) {
    var meta = data.meta || {};
    var li = document.createElement("li");
    li.className = "search-result";
    var title = document.createElement("a");
    title.className = "search-result__title";
    title.href = data.url;
    title.innerHTML = text.highlight(meta.title || data.url, query);
    li.appendChild(title);
    if (meta.kind) {  // a hand-written page (about, contribute, API): "Site page" (site/sitepages.py)
      var kind = document.createElement("p");
      kind.className = "search-result__meta search-result__kind";
      kind.textContent = meta.kind;
      li.appendChild(kind);
    }
    if (meta.date || meta.topic) {
      var line = document.createElement("p");
      line.className = "search-result__meta";
      if (meta.date) {
        var time = document.createElement("time");
        time.dateTime = meta.date;
        time.textContent = text.longDate(meta.date);
        line.appendChild(time);
      }
      if (meta.latest && meta.latest !== meta.date) {  // contract v3: the latest development it covers
        line.appendChild(document.createTextNode(" · latest development "));
        var latest = document.createElement("time");
        latest.className = "search-result__latest";
        latest.dateTime = meta.latest;
        latest.textContent = text.longDate(meta.latest);
        line.appendChild(latest);
      }
      if (meta.date && meta.topic) line.appendChild(document.createTextNode(" · "));
      if (meta.topic) {
        var topic = document.createElement("span");
        topic.className = "search-result__topic";
        topic.textContent = meta.topic;
        line.appendChild(topic);
      }
      li.appendChild(line);
    }
    var places = jurisdictionLinks(data.filters && data.filters.jurisdiction);
    if (places) li.appendChild(places);
    var summary = document.createElement("p");
    summary.className = "search-result__summary";
    summary.innerHTML = meta.summary ? text.highlight(meta.summary, query)
      : (text.excerpt(data.content, query) || data.excerpt || "");
    li.appendChild(summary);
    return li;
  }

  async function showMore() {
    if (!current) return;
    var id = searchId;
    var batch = current.results.slice(current.shown, current.shown + PAGE);
    var datas = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (id !== searchId) return;
    var first = null;
    datas.forEach(function (data) {
      var item = resultItem(data, current.state.q);
      list.appendChild(item);
      first = first || item;
    });
    current.shown += batch.length;
    more.hidden = current.shown >= current.results.length;
    return first;
  }

  // --- events ----------------------------------------------------------------------------------

  function changed(push) {
    var state = readForm();
    record(state, push);
    search(state);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(typingTimer);
    changed(true);
  });
  input.addEventListener("input", function () {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () { changed(false); }, 250);
  });
  form.addEventListener("change", function (event) {
    if (event.target === input) return;
    changed(true);
  });
  form.querySelector("[data-search-clear]").addEventListener("click", function () {
    FACETS.forEach(function (facet) { boxes(facet).forEach(function (b) { b.checked = false; }); });
    changed(true);
  });
  more.addEventListener("click", async function () {
    var first = await showMore();
    if (first) first.querySelector("a").focus();  // keyboard readers continue at the new results
  });
  window.addEventListener("popstate", function () {
    var state = readUrl();
    writeForm(state);
    search(state);
  });

  // On a phone the filters start folded, chosen or not (their summary counts the chosen ones), and
  // the results come first (briefs.css): 54 checkboxes stood between the reader and the results.
  form.setAttribute("data-title-base", document.title);
  var initial = readUrl();
  writeForm(initial);
  if (window.matchMedia("(max-width: 44.9375em)").matches) {
    form.querySelector("#search-filters").open = false;
  }
  if (!initial.q && !filterCount(initial)) input.focus();
  search(initial);
  window.briefsSearchPage = { ready: true };
})();
