// The query side of the site's Chinese search, shared by the header box (search.js) and the
// search page (search-page.js). Pagefind indexes a run of Chinese as one word and matches a query
// against the start of words, so the build adds the overlapping bigrams of every Han run to each
// page's index (scripts/briefing/site/zh.py); here a query's Han runs are rewritten the same way
// before Pagefind sees them: 人工智能治理 -> 人工 工智 智能 能治 治理 (all must match). Also: the
// highlighting of matched terms in result titles, summaries and excerpts, and the date format.
(function () {
  "use strict";
  // The same characters as HAN_CLASS in scripts/briefing/site/zh.py: keep the two in step.
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\\u{20000}-\\u{2fa1f}";
  var HAN_RUN = new RegExp("[" + HAN + "]+", "gu");
  var HAS_HAN = new RegExp("[" + HAN + "]", "u");
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function bigrams(run) {
    var chars = Array.from(run);
    if (chars.length < 2) return [run];
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  // The query Pagefind is given: each Han run replaced by its bigrams, the rest as typed.
  function segment(query) {
    return String(query || "").replace(HAN_RUN, function (run) { return " " + bigrams(run).join(" ") + " "; })
      .split(/\s+/).filter(Boolean).join(" ");
  }

  // What to highlight: each Han run whole, and each other word of the query.
  function terms(query) {
    var out = [];
    String(query || "").replace(HAN_RUN, function (run) { out.push({ han: true, text: run }); return " "; })
      .split(/[^\p{L}\p{N}]+/u).forEach(function (word) {
        if (word) out.push({ han: false, text: word.toLowerCase() });
      });
    return out;
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // Latin words match as Pagefind matches them: a word starting with the term, or (stemming) a
  // word the term starts with that is at most three letters shorter.
  function wordMatches(word, term) {
    var w = word.toLowerCase();
    return w.indexOf(term) === 0 || (term.indexOf(w) === 0 && w.length >= 3 && w.length >= term.length - 3);
  }

  // Plain text -> HTML with the query's terms in <mark>.
  function highlight(text, query) {
    var found = terms(query);
    text = String(text || "");
    if (!found.length) return escapeHtml(text);
    var marks = new Array(text.length + 1).fill(0);
    found.forEach(function (term) {
      if (!term.han) return;
      for (var at = text.indexOf(term.text); at >= 0; at = text.indexOf(term.text, at + 1)) {
        for (var k = at; k < at + term.text.length; k++) marks[k] = 1;
      }
    });
    var latin = found.filter(function (t) { return !t.han; });
    if (latin.length) {
      text.replace(/[\p{L}\p{N}]+/gu, function (word, at) {
        if (HAS_HAN.test(word)) return word;
        if (latin.some(function (t) { return wordMatches(word, t.text); })) {
          for (var k = at; k < at + word.length; k++) marks[k] = 1;
        }
        return word;
      });
    }
    var html = "", open = false;
    for (var i = 0; i < text.length; i++) {
      if (marks[i] && !open) { html += "<mark>"; open = true; }
      if (!marks[i] && open) { html += "</mark>"; open = false; }
      html += escapeHtml(text[i]);
    }
    return html + (open ? "</mark>" : "");
  }

  // A passage of ``content`` (plain text) around the first place a term of the query occurs,
  // highlighted; null when none occurs (the page matched on its title or metadata).
  function excerpt(content, query, length) {
    length = length || 180;
    // Pagefind hands over its text with < and > escaped; highlight() escapes it again itself
    content = String(content || "").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    var lower = content.toLowerCase(), first = -1;
    terms(query).forEach(function (term) {
      var at = lower.indexOf(term.text);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    if (first < 0) return null;
    var start = Math.max(0, first - Math.floor(length / 3));
    var end = Math.min(content.length, start + length);
    return (start > 0 ? "… " : "") + highlight(content.slice(start, end), query) + (end < content.length ? " …" : "");
  }

  // 2024-05-01 -> 1 May 2024, as the site prints dates.
  function longDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : (iso || "");
  }

  window.briefsSearchText = {
    segment: segment, terms: terms, highlight: highlight, excerpt: excerpt, escapeHtml: escapeHtml,
    longDate: longDate, hasHan: function (text) { return HAS_HAN.test(text || ""); }
  };
})();
