"""The state of play on the built site (contract v3): honest dates and watch items on brief pages,
the tracker page and its CSV, jurisdiction pages, topic pages that lead with their overview and
instruments, the home page's "Where things stand", `/upcoming.ics` without repeats, and the API's
per-brief state. Built in process from the fixture corpus plus two briefs with status histories,
watch items and scheduled dates (build date: site_helpers.TODAY, 27 November 2026)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup

from site_helpers import FIXTURE_ROOT, SITE_URL, TODAY, build_in_process, make_project, resolve

pytestmark = pytest.mark.slow

MU = "mu-status-history-rule-2025"
NU = "nu-formula-issuer-rule-2025"
MU_SOURCE = "https://example.org/mu/in-force"
MU_TEXT = f"""---
title: "Mu rule: a fictional Beijing rule with a status history and watch items"
summary: >-
  A fictional local rule that was adopted, took effect on the day of a scheduled event and is
  scheduled to be repealed, used to test the state of play.
published: 2025-01-20
updated: 2026-09-01
authors: [editorial-team]
topics: [export-controls, china-ai-regulation]
jurisdictions: [CN-BJ, CN]
key_points:
  - "Mu was adopted in January 2025 and took effect in June 2025."
  - "Mu is scheduled to be repealed in February 2027."
events:
  - date: 2025-06-01
    kind: takes-effect
    title: "Mu rule takes effect"
  - date: 2027-02-01
    kind: takes-effect
    title: "Shared fictional deadline"
instrument:
  name: "Fictional Mu Rule"
  name_zh: "虚构穆规则"
  type: regulation
  issuers: ["Fictional Beijing Bureau"]
  adopted: 2025-01-10
  effective: 2025-06-01
  status: in-force
  history:
    - date: 2025-01-10
      status: adopted
      source: "https://example.org/mu/adopted"
    - date: 2025-06-01
      status: in-force
      source: "{MU_SOURCE}"
    - date: 2027-02-01
      status: repealed
watch:
  - date: 2026-11-01
    item: "Whether the fictional bureau publishes its first enforcement notice."
  - date: 2026-06-01
    item: "Whether the fictional rule's guidance appears."
    resolved: 2026-09-01
    note: "It appeared in August."
  - date: 2027-03-01
    item: "Whether the repeal is confirmed."
changelog:
  - date: 2026-09-01
    kind: update
    note: "Mu update: the guidance appeared."
sources:
  - title: "Mu adoption notice"
    url: "https://example.org/mu/adopted"
    publisher: "Fictional Beijing Bureau"
    type: primary
  - title: "Mu takes effect"
    url: "{MU_SOURCE}"
    publisher: "Fictional Beijing Bureau"
    type: primary
---

## What happened

{" ".join(["Mu is a fictional brief used only by the state-of-play tests."] * 25)}
"""
NU_TEXT = f"""---
title: "Nu rule: a fictional rule whose issuer looks like a spreadsheet formula"
summary: >-
  A fictional national rule with an issuer name that starts like a formula and an event on the
  same day as another brief's, used to test the tracker CSV and the calendars.
published: 2025-03-01
reviewed: 2026-10-15
authors: [editorial-team]
topics: [export-controls]
jurisdictions: [CN]
key_points:
  - "Nu is a fictional rule proposed in 2025."
  - "Nu shares a fictional deadline with Mu."
events:
  - date: 2027-02-01
    kind: takes-effect
    title: "Shared fictional deadline"
instrument:
  name: "Fictional Nu Rule"
  type: rule
  issuers: ["=HYPERLINK(\\"https://evil.example\\")", "@Fictional Office"]
  status: proposed
  history:
    - date: 2025-03-01
      status: proposed
sources:
  - title: "Nu draft"
    url: "https://example.org/nu/draft"
    publisher: "Fictional Ministry"
    type: primary
---

## What happened

{" ".join(["Nu is a fictional brief used only by the state-of-play tests."] * 25)}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("state-of-play")
    project = make_project(root / "project", FIXTURE_ROOT / "briefs")
    (project / "briefs" / f"{MU}.md").write_text(MU_TEXT, "utf-8")
    (project / "briefs" / f"{NU}.md").write_text(NU_TEXT, "utf-8")
    topics = project / "briefs" / "topics.yml"
    text = topics.read_text("utf-8").replace("export-controls:\n", f"export-controls:\n  overview: {MU}\n", 1)
    topics.write_text(text, "utf-8")
    build_in_process(project, root / "site", SITE_URL)
    return root / "site"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def words(el) -> str:
    return " ".join(el.get_text(" ").split())


# --- brief pages: honest dates and watch items ---------------------------------------------------


def test_current_as_of_and_no_false_review_claim(site: Path) -> None:
    mu = page(site, f"briefs/{MU}/")
    current = mu.select_one("#brief-current")
    assert current is not None and current.time["datetime"] == "2026-09-01"  # not reviewed: last changed
    assert "Reviewed" not in words(mu.select_one("#brief-version")) and "reviewed" not in words(
        mu.select_one("#brief-version"))
    nu = page(site, f"briefs/{NU}/")
    assert nu.select_one("#brief-current").time["datetime"] == "2026-10-15"  # reviewed
    for url in (f"briefs/{MU}/", f"briefs/{NU}/", "briefs/alpha-chip-rule-2025/"):
        assert "re-reviewed" not in words(page(site, url).article)


def test_status_reads_since_its_entry_with_its_source(site: Path) -> None:
    status = page(site, f"briefs/{MU}/").select_one(".brief-instrument__status")
    text = words(status)
    assert text.startswith("in force since 1 June 2025")
    assert "as of" not in text and TODAY.isoformat() not in str(status)
    assert status.select_one(".brief-instrument__since a")["href"] == MU_SOURCE
    assert status.select_one(".brief-instrument__next time")["datetime"] == "2027-02-01"


def test_watch_items_overdue_resolved_upcoming(site: Path) -> None:
    section = page(site, f"briefs/{MU}/").select_one("section.brief-watch")
    assert section is not None and section.h2.get_text(strip=True) == "What to watch"
    items = section.select("li.brief-watch__item")
    states = [next(c for c in li["class"] if c.startswith("brief-watch__item--")).split("--")[1] for li in items]
    # What is open first, by date; the answered questions behind a fold after them
    assert states == ["overdue", "upcoming", "resolved"]
    overdue = items[0]
    assert "Overdue" in words(overdue) and overdue.time["datetime"] == "2026-11-01"
    assert "fell due on 1 November 2026" in words(overdue)
    fold = section.select_one("details.brief-watch__answered")
    assert fold.summary.get_text(strip=True) == "Show 1 answered question"
    assert fold.select("li.brief-watch__item") == [items[2]]
    assert "It appeared in August." in words(items[2])
    assert page(site, f"briefs/{MU}/").select_one(".brief-current__overdue")["href"] == "#brief-watch"


def test_brief_page_links_its_jurisdictions(site: Path) -> None:
    links = page(site, f"briefs/{MU}/").select(".brief-tags a.brief-jurisdiction")
    assert [resolve(f"briefs/{MU}/", a["href"]) for a in links] == ["jurisdictions/cn-bj/", "jurisdictions/cn/"]


# --- the tracker ---------------------------------------------------------------------------------


def tracker_rows(site: Path) -> list:
    return page(site, "tracker/").select("#tracker-table tbody tr")


def read_csv(site: Path) -> list[dict[str, str]]:
    data = (site / "tracker.csv").read_bytes()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_tracker_has_one_row_per_instrument_of_a_live_brief(site: Path) -> None:
    api = json.loads((site / "api/briefs.json").read_text("utf-8"))
    with_instrument = sorted(b["slug"] for b in api["briefs"] if b["instrument"])
    rows = tracker_rows(site)
    assert sorted(r["data-brief"] for r in rows) == with_instrument
    assert "delta-withdrawn-brief-2025" not in with_instrument
    mu = next(r for r in rows if r["data-brief"] == MU)
    assert mu["data-status"] == "in-force" and mu["data-since"] == "2025-06-01" and mu["data-next"] == "2027-02-01"
    assert mu["data-jurisdiction"] == "CN-BJ CN" and mu["data-type"] == "regulation"
    assert set(mu["data-topic"].split()) == {"export-controls", "china-ai-regulation"}
    assert "虚构穆规则" in words(mu) and mu.select_one(".tracker-row__status a")["href"] == MU_SOURCE
    places = mu.select("a.brief-jurisdiction")  # each jurisdiction named and linked to its page (issue 21)
    assert [resolve("tracker/", a["href"]) for a in places] == ["jurisdictions/cn-bj/", "jurisdictions/cn/"]
    assert [a.get_text() for a in places] == ["Beijing", "China"]
    assert resolve("tracker/", mu.select_one("a.tracker-row__brief")["href"]) == f"briefs/{MU}/"


def test_tracker_csv_matches_the_page_and_the_api(site: Path) -> None:
    data = (site / "tracker.csv").read_bytes()
    assert data.startswith(b"name,name_zh,jurisdictions,type,issuers,status,since,source,next_date,next,brief,")
    assert b"\r\n" in data
    rows = read_csv(site)
    page_rows = tracker_rows(site)
    assert len(rows) == len(page_rows)
    by_brief = {r["brief_url"].removeprefix(SITE_URL).removeprefix("briefs/").rstrip("/"): r for r in rows}
    api = {b["slug"]: b for b in json.loads((site / "api/briefs.json").read_text("utf-8"))["briefs"]}
    for row in page_rows:
        found = by_brief[row["data-brief"]]
        assert found["status"] == ("" if row["data-status"] == "unknown" else row["data-status"])
        assert found["since"] == row["data-since"] and found["next_date"] == row["data-next"]
        assert found["status"] == (api[row["data-brief"]]["current_status"] or "")
    mu = by_brief[MU]
    assert (mu["name"], mu["name_zh"], mu["jurisdictions"], mu["source"]) == (
        "Fictional Mu Rule", "虚构穆规则", "CN-BJ; CN", MU_SOURCE)
    assert mu["next"] == "status becomes repealed"


def test_tracker_rows_json_holds_every_row_for_the_filter_script(site: Path) -> None:
    """tracker.js loads /tracker/rows.json once to filter and sort every row (issue 21): before,
    it fetched every page of the tracker. The file holds the rows of the pages and the CSV."""
    form = page(site, "tracker/").select_one("form[data-tracker]")
    assert resolve("tracker/", form["data-rows"]) == "tracker/rows.json"
    assert not form.has_attr("data-pages")
    document = json.loads((site / "tracker/rows.json").read_text("utf-8"))
    records = [dict(zip(document["columns"], values, strict=True)) for values in document["rows"]]
    page_rows = tracker_rows(site)
    assert [r["brief"] for r in records] == [r["data-brief"] for r in page_rows]
    for record, row in zip(records, page_rows, strict=True):
        assert (" ".join(record["jurisdictions"]), record["type"], record["status"], " ".join(record["topics"]),
                record["since"], record["next_date"]) == (row["data-jurisdiction"], row["data-type"],
                                                         row["data-status"], row["data-topic"], row["data-since"],
                                                         row["data-next"])
        assert record["title"] == row.select_one("a.tracker-row__brief").get_text()
    mu = next(r for r in records if r["brief"] == MU)
    assert (mu["name"], mu["name_zh"], mu["source"], mu["next"]) == (
        "Fictional Mu Rule", "虚构穆规则", MU_SOURCE, "status becomes repealed")
    assert len(records) == len(read_csv(site))


def test_tracker_csv_neutralises_formulas(site: Path) -> None:
    nu = next(r for r in read_csv(site) if r["name"] == "Fictional Nu Rule")
    issuers = nu["issuers"]
    assert issuers.startswith("'=HYPERLINK(") and "@Fictional Office" in issuers
    for row in read_csv(site):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_tracker_filters_script_and_nav(site: Path) -> None:
    soup = page(site, "tracker/")
    form = soup.select_one("form[data-tracker]")
    facets = {f["data-facet"]: [i["value"] for i in f.select("input")] for f in form.select("fieldset")}
    assert set(facets) == {"jurisdiction", "type", "status", "topic"}
    assert "CN-BJ" in facets["jurisdiction"] and "proposed" in facets["status"]
    scripts = [resolve("tracker/", s["src"]) for s in soup.select("script[src]")]
    assert "javascripts/tracker.js" in scripts
    assert (site / "javascripts/tracker.js").is_file()
    nav = [resolve("", a["href"]) for a in page(site, "").select("nav a[href]")]
    assert "tracker/" in nav


# --- jurisdiction pages --------------------------------------------------------------------------


def test_jurisdiction_pages(site: Path) -> None:
    index = page(site, "jurisdictions/")
    listed = {resolve("jurisdictions/", a["href"]) for a in index.select("a.topic-card__title")}
    assert {"jurisdictions/cn-bj/", "jurisdictions/cn/", "jurisdictions/us/"} <= listed
    assert "jurisdictions/kr/" not in listed  # not in use
    cn = page(site, "jurisdictions/cn/")
    groups = [h["data-status"] for h in cn.select(".state-of-play h3")]
    assert groups.index("proposed") < groups.index("in-force")
    mu = next(li for li in cn.select(".state-item") if "Fictional Mu Rule" in words(li))
    assert mu.time["datetime"] == "2025-06-01"
    nxt = cn.select(".state-next li")
    assert [li.time["datetime"] for li in nxt][:1] == ["2027-02-01"]
    cards = [resolve("jurisdictions/cn/", a["href"]) for a in cn.select("a.brief-card__title")]
    latest = [c.select_one(".brief-card__latest") for c in cn.select("li.brief-card")]
    dates = [(t["datetime"] if t else None) for t in latest]
    assert cards[0] == f"briefs/{MU}/"  # latest development 1 June 2025 (takes effect) beats alpha's
    assert dates[0] == "2025-06-01"


# --- topic pages and home ------------------------------------------------------------------------


def test_topic_page_leads_with_overview_and_state(site: Path) -> None:
    soup = page(site, "topics/export-controls/")
    headings = [h["id"] for h in soup.select("article h2")]
    assert headings.index("topic-state") < headings.index("topic-briefs")
    overview = soup.select_one(".topic-overview a.brief-card__title")
    assert resolve("topics/export-controls/", overview["href"]) == f"briefs/{MU}/"
    assert soup.select(".state-of-play h3")
    assert len(soup.select(".state-next li")) <= 3


def test_home_where_things_stand_and_upcoming(site: Path) -> None:
    soup = page(site, "")
    headings = [h["id"] for h in soup.select("article h2")]
    assert headings.index("home-standing") < headings.index("home-latest")
    assert soup.select(".home-standing li")
    upcoming = soup.select(".brief-upcoming li")
    keys = [(li.time["datetime"], li.a.get_text(strip=True)) for li in upcoming]
    assert len(keys) == len(set(keys))
    assert keys.count(("2027-02-01", "Shared fictional deadline")) == 1
    # "Subscribe" leads to the Follow page's entry for /upcoming.ics (a reader who clicks it does not
    # land on a raw calendar file); the timeline's Upcoming list too; /calendar.ics keeps every date
    subscribe = soup.select_one(".calendar-note a")
    assert resolve("", subscribe["href"]) == "follow/" and subscribe["href"].endswith("#upcoming")
    timeline = page(site, "timeline/").select_one("#timeline-upcoming ~ .calendar-note a")
    assert resolve("timeline/", timeline["href"]) == "follow/" and timeline["href"].endswith("#upcoming")
    entry = page(site, "follow/").select_one("#upcoming a")
    assert resolve("follow/", entry["href"]) == "upcoming.ics"


# --- calendars -----------------------------------------------------------------------------------


def events(site: Path, rel: str) -> list:
    return icalendar.Calendar.from_ical((site / rel).read_bytes()).walk("VEVENT")


def test_upcoming_ics_only_from_the_build_date_once_each(site: Path) -> None:
    found = events(site, "upcoming.ics")
    assert found
    assert all(ev.decoded("dtend") > TODAY for ev in found)  # the end is exclusive: still on or after today
    everything = events(site, "calendar.ics")
    assert any(ev.decoded("dtend") <= TODAY for ev in everything)  # the site's calendar keeps the past
    assert {str(ev["uid"]) for ev in found} <= {str(ev["uid"]) for ev in everything}
    keys = [(ev.decoded("dtstart"), str(ev["summary"])) for ev in found]
    assert len(keys) == len(set(keys))
    assert sum(1 for d, _s in keys if d == dt.date(2027, 2, 1)) == 1  # Mu's event, its repeal and Nu's: once


def test_event_and_status_change_of_a_day_appear_once_in_every_calendar(site: Path) -> None:
    for rel in ("calendar.ics", "topics/export-controls/calendar.ics", "upcoming.ics"):
        mu = [ev for ev in events(site, rel) if f"briefs/{MU}/" in str(ev["url"])]
        days = [ev.decoded("dtstart") for ev in mu]
        assert len(days) == len(set(days)), rel
    items = json.loads((site / "calendar.json").read_text("utf-8"))["items"]
    took_effect = [i for i in items if i["brief"] == MU and i["date"] == "2025-06-01"]
    assert len(took_effect) == 1 and took_effect[0]["status"] == "in-force"


# --- the API -------------------------------------------------------------------------------------


def test_api_carries_each_brief_s_state(site: Path) -> None:
    import jsonschema

    doc = json.loads((site / "api/briefs.json").read_text("utf-8"))
    jsonschema.validate(doc, json.loads((site / "api/briefs.schema.json").read_text("utf-8")))
    mu = next(b for b in doc["briefs"] if b["slug"] == MU)
    assert (mu["current_status"], mu["status_since"], mu["status_source"]) == ("in-force", "2025-06-01", MU_SOURCE)
    assert mu["next"] == {"date": "2027-02-01", "what": "Fictional Mu Rule: repealed", "kind": "status",
                          "status": "repealed"}
    assert mu["latest_development"] == "2025-06-01" and mu["current_as_of"] == "2026-09-01"
    assert [(w["date"], w["state"]) for w in mu["watch"]] == [
        ("2026-11-01", "overdue"), ("2026-06-01", "resolved"), ("2027-03-01", "upcoming")]
    nu = next(b for b in doc["briefs"] if b["slug"] == NU)
    assert nu["current_as_of"] == "2026-10-15" and nu["watch"] == []


def test_tracker_row_has_a_status_strip_matching_its_history(site: Path) -> None:
    """Issue 23: on the tracker a small version of the brief page's status strip per row, drawn in
    the page and, for the filter script, carried in rows.json as the same segments."""
    mu = next(r for r in tracker_rows(site) if r["data-brief"] == MU)
    svg = mu.select_one(".tracker-row__status svg.tracker-strip")
    assert svg["role"] == "img" and svg["viewbox"] == "0 0 100 8"
    assert svg.title.get_text() == ("History: adopted since 10 January 2025; in force since 1 June 2025; "
                                    "repealed from 1 February 2027 (scheduled)")
    rects = svg.select("rect")
    assert [r["class"] for r in rects] == [["adopted"], ["in-force"], ["repealed", "sch"]]
    xs = [float(r["x"]) for r in rects]
    widths = [float(r["width"]) for r in rects]
    assert xs[0] == 0 and all(abs(xs[i] + widths[i] - xs[i + 1]) <= 0.11 for i in range(2))
    assert abs(xs[2] + widths[2] - 100) <= 0.11
    document = json.loads((site / "tracker/rows.json").read_text("utf-8"))
    record = next(dict(zip(document["columns"], v, strict=True)) for v in document["rows"] if v[0] == MU)
    assert record["strip"] == [[x, w, s, d, k] for x, w, (s, d, k) in zip(
        xs, widths, [("adopted", "2025-01-10", 0), ("in-force", "2025-06-01", 0), ("repealed", "2027-02-01", 1)],
        strict=True)]
    no_history = [r for r in tracker_rows(site) if not r.select("svg.tracker-strip")]
    api = {b["slug"]: b for b in json.loads((site / "api/briefs.json").read_text("utf-8"))["briefs"]}
    assert all(not api[r["data-brief"]]["instrument"]["history"] for r in no_history)
