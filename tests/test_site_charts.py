"""The charts of issue 23 (site/charts.py, site/timelines.py, site/svgdraw.py): the
responses chart and its table, the visual timelines with same-day duplicates merged, the status
strip, their CSV and SVG downloads, and the audit's check of those files.

The corpus is the site fixtures with responses, an instrument history, a duplicated event and
hostile titles added (a formula prefix, markup that would close an SVG <text>, a javascript: link).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from briefing.site import charts
from briefing.site.build import compile_corpus
from briefing.site.svgscan import csv_failures, download_failures, svg_failures
from site_helpers import FIXTURE_ROOT, REPO, SITE_URL, TODAY, make_project, run_build

SVG = "{http://www.w3.org/2000/svg}"
BETA_TITLE = '=HYPERLINK("https://evil.example/")</text><script>alert(1)</script>'
ETA_TITLE = '@SUM(1+1) "><a href="javascript:alert(1)">x</a>'
PAIRS = {("gamma-compute-rule-2025", "alpha-chip-rule-2025"), ("hostile-markup-brief", "alpha-chip-rule-2025"),
         ("eta-summit-statement-2025", "beta-compute-rule-2024")}
GAMMA_HISTORY = """instrument:
  name: "Gamma Compute Threshold"
  type: rule
  issuers: ["Fictional Compute Agency"]
  history:
    - date: 2025-06-01
      status: adopted
      source: "https://example.org/gamma/primary"
    - date: 2025-09-01
      status: in-force
    - date: 2027-01-01
      status: amended
      note: "-2+3 scheduled revision"
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def write_corpus(dest: Path) -> Path:
    briefs = dest / "briefs"
    shutil.copytree(FIXTURE_ROOT / "briefs", briefs)
    _edit(briefs / "gamma-compute-rule-2025.md", "supersedes: beta-compute-rule-2024\n",
          "supersedes: beta-compute-rule-2024\nresponds_to: [alpha-chip-rule-2025]\n" + GAMMA_HISTORY)
    _edit(briefs / "gamma-compute-rule-2025.md", "events:\n",
          'events:\n  - date: 2025-03-01\n    title: "Alpha rule takes effect!"\n')
    _edit(briefs / "hostile-markup-brief.md", "\njurisdictions: [ZZ]\n",
          "\njurisdictions: [ZZ]\nresponds_to: [alpha-chip-rule-2025]\n")
    _edit(briefs / "eta-summit-statement-2025.md", "jurisdictions: [INT, UN]\n",
          "jurisdictions: [INT, UN]\nresponds_to: [beta-compute-rule-2024]\n")
    _edit(briefs / "beta-compute-rule-2024.md", 'title: "Beta compute rule: the first fictional compute threshold"',
          "title: '" + BETA_TITLE.replace("'", "''") + "'")
    _edit(briefs / "eta-summit-statement-2025.md",
          'title: "Eta summit statement: a fictional multilateral declaration"',
          "title: '" + ETA_TITLE.replace("'", "''") + "'")
    return dest


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    root = write_corpus(tmp_path_factory.mktemp("charts-corpus"))
    built = compile_corpus(root, SITE_URL, REPO / "docs" / "templates", today=TODAY)
    assert built.catalog is not None, [p.text() for p in built.problems]
    return built


def page(result, path: str) -> str:
    found = [p for p in result.output.pages if p.path == path]
    assert len(found) == 1, path
    found[0].materialize()
    return found[0].before_html + found[0].after_html


def svg_file(result, rel: str):
    data = result.output.files[rel]
    assert svg_failures(data, rel) == []
    return lxml.etree.fromstring(data)


def csv_rows(result, rel: str) -> list[dict[str, str]]:
    data = result.output.files[rel]
    assert csv_failures(data, rel) == []
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_responses_chart_marks_match_the_data(result) -> None:
    cat = result.catalog
    measures = {slug for pair in PAIRS for slug in pair}
    root = svg_file(result, "timeline/responses.svg")
    marks = root.findall(f".//{SVG}a")
    assert sorted(a.get("href") for a in marks) == sorted(f"{SITE_URL}briefs/{slug}/" for slug in measures)
    for a in marks:
        slug = a.get("href").split("/")[-2]
        entry = cat.entries[slug]
        title = a.find(f"{SVG}title").text
        assert title == charts.measure_date(entry.brief).isoformat().join(
            [entry.brief.title.replace("<", "\uff1c") + " (", ")"])
        assert a.get("class").endswith("--" + charts.lane_of(entry.brief.jurisdictions))
    lines = root.findall(f".//{SVG}path[@class='chart-response']")
    assert len(lines) == len(PAIRS)
    # lanes: alpha (US, CN) is in the US lane, eta (INT, UN) and the hostile brief (ZZ) in "Others"
    assert charts.lane_of(["UN", "CN", "US"]) == "CN" and charts.lane_of(["INT", "UN"]) == "other"
    assert charts.lane_of(["CN-BJ"]) == "CN"


def test_responses_page_has_the_chart_inline_and_the_same_content_as_a_table(result) -> None:
    html = lxml.html.fromstring(page(result, "timeline/responses.md"))
    svg = html.xpath("//svg")[0]
    assert svg.get("aria-labelledby") == "responses-title" and svg.xpath("./title")[0].text
    hrefs = sorted(a.get("href") for a in svg.xpath(".//a"))
    assert hrefs == sorted({f"../../briefs/{slug}/" for pair in PAIRS for slug in pair})  # one per measure
    rows = html.xpath("//table[contains(@class, 'responses-table')]/tbody/tr")
    found = {(r.xpath("./td[2]/a/@href")[0].split("/")[-2], r.xpath("./td[4]/a/@href")[0].split("/")[-2])
             for r in rows}
    assert found == PAIRS
    links = html.xpath("//figcaption//a/@href")
    assert links == ["../../timeline/responses.csv", "../../timeline/responses.svg"]
    assert "Cite this chart" in html.xpath("string(//p[@class='chart-cite'])")


def test_hostile_titles_stay_text_in_svg_and_csv(result) -> None:
    for rel in ("timeline/responses.svg", "topics/export-controls/timeline.svg"):
        root = svg_file(result, rel)  # (the scan finds no script, handler or javascript: URL)
        assert [e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("script")] == []
        assert not [v for e in root.iter() for v in e.attrib.values() if "javascript" in v]
        titles = [t.text for t in root.iter(f"{SVG}title")]
        assert any(t.startswith(BETA_TITLE.replace("<", "\uff1c")) for t in titles) or rel.startswith("topics")
    inline = page(result, "timeline/responses.md")
    tree = lxml.html.fromstring(inline)
    assert tree.xpath("//script") == [] and not [a for a in tree.xpath("//a/@href") if "javascript" in a]
    assert any(BETA_TITLE in t.text_content() for t in tree.xpath("//table//a"))
    rows = csv_rows(result, "timeline/responses.csv")
    titles = {row["title"] for row in rows}
    assert "'" + BETA_TITLE in titles and "'" + ETA_TITLE in titles
    assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values())
    strip = csv_rows(result, "briefs/gamma-compute-rule-2025/status.csv")
    assert strip[-1]["note"] == "'-2+3 scheduled revision"


def test_timelines_merge_same_day_duplicates(result) -> None:
    cat = result.catalog
    raw = [ev for ev in cat.timeline if ev.date.isoformat() == "2025-03-01"]
    assert len(raw) == 2 and {ev.entry.slug for ev in raw} == {"alpha-chip-rule-2025", "gamma-compute-rule-2025"}
    merged = charts.merge_events(raw)
    assert len(merged) == 1 and len(merged[0].entries) == 2
    html = lxml.html.fromstring(page(result, "timeline/2025.md"))
    items = html.xpath("//ol[contains(@class, 'timeline-filterable')]/li[time/@datetime='2025-03-01']")
    assert len(items) == 1
    assert len(items[0].xpath(".//span[@class='timeline-also']/a")) == 1
    year = [ev for ev in charts.merge_events(cat.timeline) if ev.date.year == 2025]
    marks = html.xpath("//svg//a")
    assert len(marks) == len(year) == len(html.xpath("//ol[contains(@class, 'timeline-filterable')]/li"))
    root = svg_file(result, "timeline/2025.svg")
    assert len(root.findall(f".//{SVG}a")) == len(year)
    rows = csv_rows(result, "timeline/2025.csv")
    assert [r["date"] for r in rows] == [ev.date.isoformat() for ev in year]
    assert html.xpath("//form[@data-timeline-filter]//select/@name") == ["topic", "jurisdiction"]


def test_topic_timeline_page_has_the_whole_sequence(result) -> None:
    cat = result.catalog
    events = charts.merge_events(ev for ev in cat.timeline if ev.in_topic("export-controls"))
    html = lxml.html.fromstring(page(result, "topics/export-controls/timeline.md"))
    assert len(html.xpath("//ol[contains(@class, 'timeline-filterable')]/li")) == len(events)
    assert len(html.xpath("//svg//a")) == len(events)
    topic = lxml.html.fromstring(page(result, "topics/export-controls.md"))
    assert topic.xpath("//a[contains(@href, 'topics/export-controls/timeline/')]")
    assert topic.xpath("//h2[@id='topic-responses']") and topic.xpath("//table[contains(@class,'responses-table')]")


def test_status_strip_segments_match_the_history(result) -> None:
    html = lxml.html.fromstring(page(result, "briefs/gamma-compute-rule-2025.md"))
    figure = html.xpath("//aside[contains(@class, 'brief-instrument')]/following-sibling::figure")[0]
    bars = figure.xpath(".//rect[contains(@class, 'chart-segment__bar')]")
    assert len(bars) == 3
    links = figure.xpath(".//svg//a")
    assert [a.get("href") for a in links] == ["https://example.org/gamma/primary"]
    scheduled = figure.xpath(".//*[contains(@class, 'chart-segment--scheduled')]")
    assert len(scheduled) == 1 and "amended (scheduled)" in scheduled[0].xpath("string(./title)")
    labels = [t.text for t in figure.xpath(".//text[contains(@class, 'chart-segment__label')]")]
    assert labels == ["adopted · 2025-06-01", "in force · 2025-09-01", "amended (scheduled) · 2027-01-01"]
    xs = [float(b.get("x")) for b in bars]
    assert xs == sorted(xs)
    assert "briefs/gamma-compute-rule-2025/status.svg" in result.output.files
    assert "briefs/alpha-chip-rule-2025/status.svg" not in result.output.files  # no history, no strip


def test_relations_both_ways_on_brief_pages_and_in_the_api(result) -> None:
    html = lxml.html.fromstring(page(result, "briefs/alpha-chip-rule-2025.md"))
    relations = html.xpath("//section[contains(@class, 'brief-relations')]")[0]
    terms = [dt.text for dt in relations.xpath(".//dt")]
    assert "Answered by" in terms
    answered = relations.xpath(".//dt[.='Answered by']/following-sibling::dd/a/@href")
    assert {"../../briefs/gamma-compute-rule-2025/", "../../briefs/hostile-markup-brief/"} <= set(answered)
    gamma = lxml.html.fromstring(page(result, "briefs/gamma-compute-rule-2025.md"))
    assert "Responds to" in [dt.text for dt in gamma.xpath("//section[contains(@class, 'brief-relations')]//dt")]
    api = json.loads(result.output.files["api/briefs.json"])
    by_slug = {b["slug"]: b for b in api["briefs"]}
    assert by_slug["gamma-compute-rule-2025"]["responds_to"] == ["alpha-chip-rule-2025"]
    assert sorted(by_slug["alpha-chip-rule-2025"]["answered_by"]) == ["gamma-compute-rule-2025",
                                                                       "hostile-markup-brief"]
    schema = json.loads(result.output.files["api/briefs.schema.json"])
    assert {"responds_to", "answered_by"} <= set(schema["$defs"]["ApiBrief"]["properties"])


def test_svg_scan_rejects_scripts_loads_and_handlers() -> None:
    bad = (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script><a href="javascript:1"/>'
           b'<image href="https://e.example/i.png"/><rect onclick="x" fill="url(https://e.example/#a)"/>'
           b'<foreignObject/><style>@import "https://e.example/x.css";</style></svg>')
    found = svg_failures(bad, "t.svg")
    for needle in ("<script>", "javascript:", "<image>", "onclick", "loads https://e.example/#a", "<foreignobject>",
                   "<style>"):
        assert any(needle in f for f in found), (needle, found)
    assert svg_failures(b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', "e")
    assert svg_failures(b"<svg", "broken.svg")
    assert csv_failures(b"title\r\n=1+1\r\n", "x.csv")
    assert csv_failures(b"title\r\n'=1+1\r\n", "x.csv") == []


def test_build_passes_the_audit_and_pages_stay_small(tmp_path: Path) -> None:
    """The whole build (mkdocs build --strict, whose audit parses every page, SVG and CSV)."""
    project = make_project(tmp_path / "project", write_corpus(tmp_path / "corpus") / "briefs")
    built = run_build(project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "audit passed" in built.stdout + built.stderr
    site = project / "site"
    assert download_failures(site) == []
    assert (site / "timeline/responses/index.html").is_file()
    sizes = [p.stat().st_size for p in site.rglob("*.html")]
    assert max(sizes) < 200 * 1024
    text = (site / "timeline/responses/index.html").read_text("utf-8")
    assert re.search(r"<svg [^>]*class=\"chart chart--responses\"", text)


def test_responses_pages_split_latest_first(result, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.site import pages, timelines

    monkeypatch.setattr(timelines, "RESPONSES_PAGE", 2)
    output = pages.compile_site(result.catalog, SITE_URL, REPO / "docs" / "templates")
    found = {p.path: p for p in output.pages if p.path.startswith("timeline/responses")}
    assert sorted(found) == ["timeline/responses.md", "timeline/responses/page/2.md"]
    rows = charts.response_rows(result.catalog)
    for path, expected in (("timeline/responses.md", rows[-2:]), ("timeline/responses/page/2.md", rows[:-2])):
        html = lxml.html.fromstring(found[path].materialize().before_html)
        shown = [r.xpath("./td[2]/a/@href")[0].split("/")[-2] for r in html.xpath("//table/tbody/tr")]
        assert shown == [answer.slug for answer, _ in expected], path
        assert len(html.xpath("//svg//a")) == len({e.slug for pair in expected for e in pair})
        assert html.xpath("//nav[contains(@class, 'listing-pager')]")


def test_merge_key_same_status_of_the_same_instrument(result) -> None:
    import dataclasses

    cat = result.catalog
    step = next(ev for ev in cat.timeline if ev.kind == "status")
    twin = dataclasses.replace(step, title=step.title + " (noted differently)", note="another note")
    other_day = dataclasses.replace(step, date=step.date.replace(day=step.date.day % 27 + 1))
    assert charts.merge_key(step) == charts.merge_key(twin) != charts.merge_key(other_day)
    assert len(charts.merge_events([step, twin, other_day])) == 2
    assert charts.normalise("Alpha  rule takes effect!") == charts.normalise("alpha rule: takes effect")
