// The URL as the state of a filter form: shared by the search page (search-page.js) and the
// tracker (tracker.js), which the theme loads after this file on their own pages.
//
//   var url = window.briefsUrlState(form, ["topic", "jurisdiction"], {
//     before: [{name: "q", element: input}],                       // in the URL before the filters
//     after: [{name: "sort", element: select, values: ["date"]}]   // after them; `values`: the allowed ones
//   });
//
// A state is {q: "...", sort: "...", filters: {topic: ["a", "b"], ...}}: one string per field
// ("" when absent or not allowed) and, per filter, the chosen values that the form offers as
// checkboxes (<input type=checkbox name=<filter> value=...>), in the form's order. Values of
// one filter may repeat in the URL (?topic=a&topic=b).
(function () {
  "use strict";

  window.briefsUrlState = function (form, facets, fields) {
    var before = (fields && fields.before) || [];
    var after = (fields && fields.after) || [];
    var all = before.concat(after);

    function boxes(facet) {
      return Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name='" + facet + "']"));
    }

    function allowed(field, value) {
      value = (value || "").trim();
      return !field.values || field.values.indexOf(value) >= 0 ? value : "";
    }

    function fromUrl() {
      var params = new URLSearchParams(window.location.search);
      var state = { filters: {} };
      all.forEach(function (field) { state[field.name] = allowed(field, params.get(field.name)); });
      facets.forEach(function (facet) {
        var asked = params.getAll(facet);
        var values = boxes(facet).map(function (b) { return b.value; })
          .filter(function (v) { return asked.indexOf(v) >= 0; });
        if (values.length) state.filters[facet] = values;
      });
      return state;
    }

    function fromForm() {
      var state = { filters: {} };
      all.forEach(function (field) { state[field.name] = allowed(field, field.element.value); });
      facets.forEach(function (facet) {
        var values = boxes(facet).filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
        if (values.length) state.filters[facet] = values;
      });
      return state;
    }

    function write(state) {
      all.forEach(function (field) { field.element.value = state[field.name] || ""; });
      facets.forEach(function (facet) {
        var chosen = state.filters[facet] || [];
        boxes(facet).forEach(function (b) { b.checked = chosen.indexOf(b.value) >= 0; });
      });
    }

    function url(state) {
      var params = new URLSearchParams();
      function add(field) { if (state[field.name]) params.append(field.name, state[field.name]); }
      before.forEach(add);
      facets.forEach(function (facet) {
        (state.filters[facet] || []).forEach(function (v) { params.append(facet, v); });
      });
      after.forEach(add);
      var query = params.toString();
      return window.location.pathname + (query ? "?" + query : "");
    }

    // A new history entry with `push` (Back returns to the state before), else the current one replaced.
    function record(state, push) {
      var next = url(state);
      if (next === window.location.pathname + window.location.search) return;
      if (push) window.history.pushState(null, "", next);
      else window.history.replaceState(null, "", next);
    }

    function count(state) {
      return facets.reduce(function (n, facet) { return n + (state.filters[facet] || []).length; }, 0);
    }

    return { boxes: boxes, fromUrl: fromUrl, fromForm: fromForm, write: write, url: url, record: record,
             count: count };
  };
})();
