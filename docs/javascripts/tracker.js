// The tracker (/tracker/, docs/templates/tracker.md.j2). Each page of the tracker holds a hundred
// rows in its HTML, readable without JavaScript. This script filters and sorts every row: the URL
// is the state (contract v3, urlstate.js),
//   /tracker/?jurisdiction=<code>&type=<type>&status=<status>&topic=<id>[&sort=since|next]
// each filter may repeat: values of one filter combine with "any", different filters with "and".
// Changing a filter or the sort adds a history entry, so Back steps through views and a shared
// link restores one. The first time a filter or a sort is applied it loads tracker/rows.json once
// (same origin: every row, compact; site/tracker.py) and draws the matching rows from it, a
// hundred at a time; with no filter and no sort the page's own rows and its pager come back.
(function () {
  "use strict";
  var form = document.querySelector("[data-tracker]");
  var table = document.getElementById("tracker-table");
  if (!form || !table || !window.briefsUrlState) return;
  var FACETS = ["jurisdiction", "type", "status", "topic"];
  var FIELDS = { jurisdiction: "jurisdictions", type: "type", status: "status", topic: "topics" };
  var SHOWN = 100;  // rows drawn at first, and added by "Show more"
  var body = table.tBodies[0];
  var status = document.getElementById("tracker-status");
  var clear = form.querySelector("[data-tracker-clear]");
  var more = document.querySelector("[data-tracker-more]");
  var sortSelect = form.querySelector("#tracker-sort");
  var root = new URL(form.getAttribute("data-root") || "./", window.location.href);
  var rowsUrl = new URL(form.getAttribute("data-rows") || "rows.json", window.location.href);
  var original = Array.prototype.slice.call(body.rows);
  var loading = null;  // the promise of every row, loaded once
  var view = null;  // {records, shown}: what is drawn while a filter or a sort is on
  var drawn = 0;  // counts show() calls: an older one that finishes late draws nothing
  var urlState = window.briefsUrlState(form, FACETS, {
    after: [{ name: "sort", element: sortSelect, values: ["since", "next"] }]
  });
  var longDate = window.briefsSearchText ? window.briefsSearchText.longDate : function (iso) { return iso; };

  // What the filters call each value (a jurisdiction's name, a type without hyphens).
  function names(facet) {
    var out = {};
    urlState.boxes(facet).forEach(function (b) { out[b.value] = b.parentNode.textContent.trim(); });
    return out;
  }
  var places = names("jurisdiction");

  function active(state) {
    return Boolean(state.sort) || Object.keys(state.filters).length > 0;
  }

  // --- every row, from tracker/rows.json ----------------------------------------------------------

  function load() {
    if (loading) return loading;
    if (rowsUrl.origin !== window.location.origin) return (loading = Promise.resolve(null));
    loading = fetch(rowsUrl.href, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (doc) {
      if (!doc || !Array.isArray(doc.columns) || !Array.isArray(doc.rows)) return null;
      return doc.rows.map(function (values) {
        var record = {};
        doc.columns.forEach(function (name, i) { record[name] = values[i]; });
        return record;
      });
    }).catch(function () { return null; });
    return loading;
  }

  function text(value) { return typeof value === "string" ? value : ""; }
  function list(value) { return Array.isArray(value) ? value.map(text) : []; }

  function matches(record, state) {
    return FACETS.every(function (facet) {
      var wanted = state.filters[facet];
      if (!wanted) return true;
      var have = [].concat(record[FIELDS[facet]] || []);
      return wanted.some(function (v) { return have.indexOf(v) >= 0; });
    });
  }

  // Latest status date first, or soonest next date first; rows without one last; else by name
  // (the file's order, which the stable sort keeps).
  function compare(key) {
    var field = key === "since" ? "since" : "next_date";
    return function (a, b) {
      var x = text(a[field]);
      var y = text(b[field]);
      if (x === y) return 0;
      if (!x) return 1;
      if (!y) return -1;
      return key === "since" ? (x < y ? 1 : -1) : (x < y ? -1 : 1);
    };
  }

  // --- drawing a row, as the template does (text nodes only; links to this site or http(s)) ----

  function element(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (content !== undefined) el.textContent = content;
    return el;
  }

  function time(iso) {
    var t = element("time", "", longDate(iso));
    t.dateTime = iso;
    return t;
  }

  function siteLink(path, className, content) {
    var address = new URL(path, root);
    var a = element("a", className, content);
    if (address.origin === window.location.origin) a.href = address.pathname;
    return a;
  }

  // The row's status strip, as tracker.md.j2 draws it: [x, width, status, ISO date, scheduled] per segment,
  // numbers out of 100; anything else in the file is skipped
  var SVG = "http://www.w3.org/2000/svg";
  function drawStrip(cell, segments) {
    if (!Array.isArray(segments) || !segments.length) return;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "tracker-strip");
    svg.setAttribute("viewBox", "0 0 100 8");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("role", "img");
    svg.setAttribute("focusable", "false");
    var title = svg.appendChild(document.createElementNS(SVG, "title"));
    var said = [];
    segments.forEach(function (g) {
      if (!Array.isArray(g) || typeof g[0] !== "number" || typeof g[1] !== "number") return;
      var status = text(g[2]).replace(/[^a-z-]/g, "");
      var scheduled = g[4] === 1;
      var rect = svg.appendChild(document.createElementNS(SVG, "rect"));
      rect.setAttribute("x", String(g[0]));
      rect.setAttribute("width", String(g[1]));
      rect.setAttribute("height", "8");
      rect.setAttribute("class", status + (scheduled ? " sch" : ""));
      said.push(status.replace(/-/g, " ") + (scheduled ? " from " : " since ") + longDate(text(g[3])) + (scheduled ? " (scheduled)" : ""));
    });
    title.textContent = "History: " + said.join("; ");
    cell.appendChild(svg);
  }

  function row(record) {
    var tr = element("tr", "tracker-row");
    var jurisdictions = list(record.jurisdictions);
    var topics = list(record.topics);
    var brief = text(record.brief);
    var since = text(record.since);
    var next = text(record.next_date);
    var key = text(record.status);
    [["brief", brief], ["jurisdiction", jurisdictions.join(" ")], ["type", text(record.type)], ["status", key],
     ["topic", topics.join(" ")], ["name", text(record.name).toLowerCase()], ["since", since], ["next", next]]
      .forEach(function (pair) { tr.setAttribute("data-" + pair[0], pair[1]); });
    var name = tr.appendChild(element("td", "tracker-row__name", text(record.name)));
    if (text(record.name_zh)) {
      name.appendChild(document.createElement("br"));
      name.appendChild(element("span", "", text(record.name_zh))).lang = "zh";
    }
    var where = tr.appendChild(element("td"));
    jurisdictions.forEach(function (code, i) {
      if (i) where.appendChild(document.createTextNode(", "));
      where.appendChild(siteLink("jurisdictions/" + encodeURIComponent(code.toLowerCase()) + "/",
                                 "brief-jurisdiction", places[code] || code));
    });
    tr.appendChild(element("td", "", text(record.type).replace(/-/g, " ")));
    tr.appendChild(element("td", "", text(record.issuers)));
    var now = tr.appendChild(element("td", "tracker-row__status"));
    now.appendChild(element("strong", "", key === "unknown" ? "status not given" : key.replace(/-/g, " ")));
    if (since) {
      now.appendChild(document.createTextNode(" since "));
      now.appendChild(time(since));
      var source = text(record.source);
      if (/^https?:\/\//i.test(source)) {
        now.appendChild(document.createTextNode(" ("));
        var a = now.appendChild(element("a", "", "source"));
        a.href = source;
        a.rel = "noopener noreferrer";
        now.appendChild(document.createTextNode(")"));
      }
    }
    drawStrip(now, record.strip);
    var following = tr.appendChild(element("td", "tracker-row__next"));
    if (next) {
      following.appendChild(time(next));
      following.appendChild(document.createTextNode(": " + text(record.next)));
    } else {
      following.textContent = "nothing scheduled";
    }
    var cell = tr.appendChild(element("td"));
    cell.appendChild(siteLink("briefs/" + encodeURIComponent(brief) + "/", "tracker-row__brief", text(record.title)));
    return tr;
  }

  // --- showing a view ---------------------------------------------------------------------------

  function pagers(hidden) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tracker-pager]"), function (p) { p.hidden = hidden; });
  }

  function replaceRows(rows) {
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) { fragment.appendChild(r); });
    while (body.firstChild) body.removeChild(body.firstChild);
    body.appendChild(fragment);
  }

  function plural(n) { return n.toLocaleString("en") + " instrument" + (n === 1 ? "" : "s"); }

  function report() {
    var matched = view.records.length;
    var total = view.total;
    status.textContent = matched.toLocaleString("en") + " of " + plural(total) + " shown" +
      (view.shown < matched ? " (the first " + view.shown.toLocaleString("en") + " listed)" : "") + ".";
    more.hidden = view.shown >= matched;
    if (!more.hidden) more.textContent = "Show " + Math.min(SHOWN, matched - view.shown) + " more";
  }

  function showMore() {
    var start = view.shown;
    view.shown = Math.min(view.records.length, start + SHOWN);
    var rows = view.records.slice(start, view.shown).map(row);
    rows.forEach(function (r) { body.appendChild(r); });
    report();
    return rows[0];
  }

  // The view drawn, as a query string (tests and scripts wait for it to equal location.search)
  function drawnView(state) {
    table.setAttribute("data-view", urlState.url(state).slice(window.location.pathname.length));
  }

  function show(state) {
    var id = ++drawn;
    clear.hidden = Object.keys(state.filters).length === 0;
    if (!active(state)) {
      view = null;
      pagers(false);
      more.hidden = true;
      replaceRows(original);
      status.textContent = status.getAttribute("data-initial");
      drawnView(state);
      return;
    }
    status.textContent = "Loading every instrument…";
    load().then(function (records) {
      if (id !== drawn) return;
      pagers(true);
      if (!records) {  // the file could not be loaded: this page's rows only
        var here = original.filter(function (tr) {
          return matches({ jurisdictions: (tr.getAttribute("data-jurisdiction") || "").split(" "),
                           type: tr.getAttribute("data-type"), status: tr.getAttribute("data-status"),
                           topics: (tr.getAttribute("data-topic") || "").split(" ") }, state);
        });
        replaceRows(here);
        more.hidden = true;
        status.textContent = here.length + " of this page's " + plural(original.length) +
          " shown: the full list could not be loaded.";
        drawnView(state);
        return;
      }
      var chosen = records.filter(function (r) { return matches(r, state); });
      if (state.sort) chosen.sort(compare(state.sort));
      view = { records: chosen, total: records.length, shown: 0 };
      replaceRows([]);
      showMore();
      drawnView(state);
    });
  }

  status.setAttribute("data-initial", status.textContent);
  // Start loading the rows when the reader reaches for the filters, before the first change
  ["focusin", "pointerover"].forEach(function (type) {
    form.addEventListener(type, function () { load(); }, { once: true });
  });

  function changed() {
    var state = urlState.fromForm();
    urlState.record(state, true);
    show(state);
  }

  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    changed();
  });
  clear.addEventListener("click", function () {
    var state = urlState.fromForm();
    state.filters = {};
    urlState.write(state);
    changed();
  });
  more.addEventListener("click", function () {
    var first = view && showMore();
    var link = first && first.querySelector("a.tracker-row__brief");
    if (link) link.focus();  // keyboard readers continue at the new rows
  });
  window.addEventListener("popstate", function () {
    var state = urlState.fromUrl();
    urlState.write(state);
    show(state);
  });
  var initial = urlState.fromUrl();
  urlState.write(initial);
  if (active(initial)) show(initial);
  else drawnView(initial);
})();
