// Filters of a timeline page (docs/templates/_chart.j2): ?topic=<id>&jurisdiction=<code>, each
// may repeat, as on the search page. Without JavaScript the list and the chart show everything.
(function () {
  "use strict";
  var form = document.querySelector("form[data-timeline-filter]");
  if (!form) return;
  var params = new URLSearchParams(window.location.search);
  var wanted = { topic: params.getAll("topic").filter(Boolean), jurisdiction: params.getAll("jurisdiction").filter(Boolean) };
  Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
    var values = wanted[select.name] || [];
    if (values.length) select.value = values[0];
  });
  function matches(element) {
    var topics = (element.getAttribute("data-topics") || "").split(" ");
    var codes = (element.getAttribute("data-jurisdictions") || "").split(" ");
    var okTopic = !wanted.topic.length || wanted.topic.some(function (t) { return topics.indexOf(t) >= 0; });
    var okCode = !wanted.jurisdiction.length || wanted.jurisdiction.some(function (j) { return codes.indexOf(j) >= 0; });
    return okTopic && okCode;
  }
  if (!wanted.topic.length && !wanted.jurisdiction.length) return;
  var shown = 0, total = 0;
  Array.prototype.forEach.call(document.querySelectorAll(".timeline-filterable > li, .chart .chart-mark"), function (element) {
    var ok = matches(element);
    if (element.tagName.toLowerCase() === "li") { total += 1; if (ok) shown += 1; element.hidden = !ok; }
    else element.classList.toggle("is-filtered", !ok);
  });
  var status = form.querySelector(".timeline-filter__status");
  if (status) status.textContent = shown + " of " + total + " events shown";
})();
