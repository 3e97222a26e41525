// The tracker (/tracker/, docs/templates/tracker.md.j2). The rows are in the HTML; this script only
// filters and sorts them. The URL is the state (contract v3):
//   /tracker/?jurisdiction=<code>&type=<type>&status=<status>&topic=<id>[&sort=since|next]
// each filter may repeat: values of one filter combine with "any", different filters with "and".
// Changing a filter or the sort adds a history entry, so Back steps through views and a shared
// link restores one. When the tracker has several pages, the rows of the others are fetched
// (same origin, the site's own pages) the first time a filter or a sort is applied.
(function () {
  "use strict";
  var form = document.querySelector("[data-tracker]");
  var table = document.getElementById("tracker-table");
  if (!form || !table) return;
  var FACETS = ["jurisdiction", "type", "status", "topic"];
  var SORTS = ["since", "next"];
  var body = table.tBodies[0];
  var status = document.getElementById("tracker-status");
  var clear = form.querySelector("[data-tracker-clear]");
  var sortSelect = form.querySelector("#tracker-sort");
  var pages = (form.getAttribute("data-pages") || "").split(" ").filter(Boolean);
  var root = new URL(form.getAttribute("data-root") || "./", window.location.href);
  var here = window.location.pathname;
  var original = Array.prototype.slice.call(body.rows);
  var all = null;  // every page's rows, once gathered
  var gathering = null;

  function boxes(facet) {
    return Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name='" + facet + "']"));
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var state = { sort: SORTS.indexOf(params.get("sort")) >= 0 ? params.get("sort") : "", filters: {} };
    FACETS.forEach(function (facet) {
      var known = boxes(facet).map(function (b) { return b.value; });
      var values = params.getAll(facet).filter(function (v) { return known.indexOf(v) >= 0; });
      if (values.length) state.filters[facet] = values;
    });
    return state;
  }

  function readForm() {
    var state = { sort: SORTS.indexOf(sortSelect.value) >= 0 ? sortSelect.value : "", filters: {} };
    FACETS.forEach(function (facet) {
      var values = boxes(facet).filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      if (values.length) state.filters[facet] = values;
    });
    return state;
  }

  function writeForm(state) {
    sortSelect.value = state.sort;
    FACETS.forEach(function (facet) {
      var chosen = state.filters[facet] || [];
      boxes(facet).forEach(function (b) { b.checked = chosen.indexOf(b.value) >= 0; });
    });
  }

  function query(state) {
    var params = new URLSearchParams();
    FACETS.forEach(function (facet) {
      (state.filters[facet] || []).forEach(function (v) { params.append(facet, v); });
    });
    if (state.sort) params.set("sort", state.sort);
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function active(state) {
    return Boolean(state.sort) || Object.keys(state.filters).length > 0;
  }

  // The rows of every page of the tracker (this one's as they are).
  function gather() {
    if (all) return Promise.resolve(all);
    if (pages.length < 2) { all = original; return Promise.resolve(all); }
    if (gathering) return gathering;
    gathering = Promise.all(pages.map(function (url) {
      var address = new URL(url, root);
      if (address.origin !== window.location.origin) return Promise.resolve([]);
      if (address.pathname === here) return Promise.resolve(original);
      return fetch(address.href, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var other = doc.getElementById("tracker-table");
        if (!other) return [];
        return Array.prototype.slice.call(other.tBodies[0].rows).map(function (row) {
          var copy = document.importNode(row, true);
          // links are relative to that page's folder: make them absolute
          Array.prototype.forEach.call(copy.querySelectorAll("a[href]"), function (a) {
            a.setAttribute("href", new URL(a.getAttribute("href"), address).href);
          });
          return copy;
        });
      }).catch(function () { return []; });
    })).then(function (lists) {
      all = [].concat.apply([], lists);
      return all;
    });
    return gathering;
  }

  function matches(row, state) {
    return FACETS.every(function (facet) {
      var wanted = state.filters[facet];
      if (!wanted) return true;
      var have = (row.getAttribute("data-" + facet) || "").split(" ");
      return wanted.some(function (v) { return have.indexOf(v) >= 0; });
    });
  }

  function compare(state) {
    var key = state.sort;
    return function (a, b) {
      var x = a.getAttribute("data-" + key) || "";
      var y = b.getAttribute("data-" + key) || "";
      if (x !== y) {
        if (!x) return 1;  // no date last
        if (!y) return -1;
        return key === "since" ? (x < y ? 1 : -1) : (x < y ? -1 : 1);
      }
      var n = a.getAttribute("data-name") || "";
      var m = b.getAttribute("data-name") || "";
      return n < m ? -1 : n > m ? 1 : 0;
    };
  }

  function show(state) {
    var pagers = document.querySelectorAll("[data-tracker-pager]");
    clear.hidden = Object.keys(state.filters).length === 0;
    if (!active(state)) {
      Array.prototype.forEach.call(pagers, function (p) { p.hidden = false; });
      render(original, original.length, false);
      return;
    }
    status.textContent = "Loading every instrument…";
    gather().then(function (rows) {
      var chosen = rows.filter(function (row) { return matches(row, state); });
      if (state.sort) chosen = chosen.slice().sort(compare(state));
      Array.prototype.forEach.call(pagers, function (p) { p.hidden = true; });
      render(chosen, rows.length, true);
    });
  }

  function render(rows, total, filtered) {
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    while (body.firstChild) body.removeChild(body.firstChild);
    body.appendChild(fragment);
    status.textContent = filtered
      ? rows.length + " of " + total + " instrument" + (total === 1 ? "" : "s") + " shown."
      : status.getAttribute("data-initial") || status.textContent;
  }

  status.setAttribute("data-initial", status.textContent);

  function changed() {
    var state = readForm();
    var url = window.location.pathname + query(state);
    if (url !== window.location.pathname + window.location.search) {
      window.history.pushState(null, "", url);
    }
    show(state);
  }

  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    changed();
  });
  clear.addEventListener("click", function () {
    var state = readForm();
    state.filters = {};
    writeForm(state);
    changed();
  });
  window.addEventListener("popstate", function () {
    var state = readUrl();
    writeForm(state);
    show(state);
  });
  var initial = readUrl();
  writeForm(initial);
  if (active(initial)) show(initial);
})();
