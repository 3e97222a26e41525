"""The calendars (contract v2): `/calendar.ics` and `/topics/<id>/calendar.ics` parsed back with
icalendar and every property checked here (the library's own parser accepts an event without a
UID), UIDs unique and stable across builds and edits of unrelated fields, DTEND exclusive, Chinese
text through line folding, and `/calendar.json` against its JSON Schema; the audit catches a
calendar that lost an event."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import icalendar
import jsonschema
import pytest

from briefing import model
from briefing.site import calendar as calendars
from briefing.site.audit import audit_site, updates_and_calendar_failures
from briefing.site.build import BuildResult, compile_corpus
from site_helpers import (
    ALPHA,
    DELTA,
    EPSILON,
    ETA,
    FIXTURE_ROOT,
    GAMMA,
    HOSTILE,
    PAYLOAD,
    REPO,
    SITE_URL,
    TODAY,
    ZETA,
    Site,
    fixture_site,
)
from support import edit
from unavailable import unavailable

pytestmark = pytest.mark.slow

TEMPLATES = REPO / "docs" / "templates"
HOST = "example.org"

# Every dated item of the live fixture briefs: uid key -> (date, last day, title, kind, brief, DTSTAMP day)
ITEMS = {
    f"{ETA}/event/2024-11-20/1": ("2024-11-20", "2024-11-21", "Eta summit adopts its statement", "summit", ETA,
                                  "2026-08-20"),
    f"{ALPHA}/event/2025-01-13/1": ("2025-01-13", "2025-01-13", "Alpha rule announced", None, ALPHA, "2026-10-01"),
    f"{ALPHA}/event/2025-03-01/1": ("2025-03-01", "2025-03-01", "Alpha rule takes effect", None, ALPHA,
                                    "2026-10-01"),
    f"{GAMMA}/event/2025-06-01/1": ("2025-06-01", "2025-06-01", "Gamma threshold revised", None, GAMMA, "2026-07-20"),
    f"{HOSTILE}/event/2025-07-07/1": ("2025-07-07", "2025-07-07", "Event " + PAYLOAD, None, HOSTILE, "2026-09-15"),
    f"{GAMMA}/event/2027-02-15/1": ("2027-02-15", "2027-02-15", "Gamma comment period on the next threshold closes",
                                    "comment-deadline", GAMMA, "2026-07-20"),
}
# The items in each topic's calendar: the item's own topics or its brief's include the topic.
BY_TOPIC = {
    "export-controls": {k for k in ITEMS if not k.startswith(ETA)},
    "compute-governance": {k for k in ITEMS if k.startswith((ALPHA, GAMMA))},
    "us-china-diplomacy": {k for k in ITEMS if k.startswith(ALPHA)},
    "safety-summits": {k for k in ITEMS if k.startswith(ETA)},
    "un-multilateral": {k for k in ITEMS if k.startswith(ETA)},
    "hostile-topic": {k for k in ITEMS if k.startswith(HOSTILE)},
    "military-ai": set(),
}

LONG_ZH = ("全国人工智能治理专门委员会就生成式人工智能服务安全评估办法草案第二次公开征求意见截止"
           "并同时发布算法备案与深度合成标识配套技术规范的说明和解读")
THETA = "theta-chinese-calendar-2025"
THETA_TITLE = "关于生成式人工智能服务安全评估与算法备案管理的虚构办法：征求意见、通过与施行的时间表"
THETA_TEXT = f"""---
title: "{THETA_TITLE}"
summary: >-
  一项虚构的办法（fictional measures）的时间表：征求意见、通过、施行与计划中的修订，用于测试日历中的中文折行与状态变化。
published: 2026-02-01
updated: 2026-11-20
authors: [editorial-team]
topics: [china-ai-regulation, synthetic-media]
key_points:
  - "虚构办法经过公开征求意见后通过。"
  - "虚构办法计划于 2027 年修订。"
events:
  - date: 2026-03-02
    end: 2026-03-31
    kind: comment-deadline
    title: "{LONG_ZH}"
    url: "https://example.org/theta/comments"
  - date: 2026-03-02
    kind: publication
    title: "征求意见稿发布"
instrument:
  name: "Fictional Measures on Generative AI Safety Assessment"
  name_zh: "虚构生成式人工智能安全评估办法"
  type: regulation
  issuers: ["Fictional Cyberspace Administration"]
  adopted: 2026-05-01
  effective: 2026-08-01
  status: in-force
  history:
    - date: 2026-05-01
      status: adopted
      source: "https://example.org/theta/primary"
    - date: 2026-08-01
      status: in-force
    - date: 2027-05-01
      status: amended
      note: "修订条款施行"
sources:
  - title: "Theta primary source"
    url: "https://example.org/theta/primary"
    publisher: "Fictional Cyberspace Administration"
    type: primary
    language: zh
changelog:
  - date: 2026-11-20
    kind: update
    note: "Added the scheduled amendment."
---

## What happened

{" ".join(["Theta is a fictional set of measures used only by the tests of the calendar."] * 16)}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return fixture_site(tmp_path_factory)


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    found: dict[str, icalendar.Event] = {}
    for event in cal.walk("VEVENT"):
        assert "UID" in event, event
        uid = str(event["UID"])
        assert uid not in found, f"UID {uid} repeats"
        found[uid] = event
    return found


def key(uid: str) -> str:
    assert uid.endswith("@" + HOST), uid
    return uid.removesuffix("@" + HOST)


def compile_files(root: Path) -> dict[str, bytes]:
    result = compile_corpus(root, SITE_URL, TEMPLATES, today=TODAY)
    assert result.output is not None, [p.text() for p in result.problems]
    return result.output.files


def corpus_copy(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE_ROOT / "briefs", root / "briefs")
    for slug, text in (extra or {}).items():
        (root / "briefs" / f"{slug}.md").write_text(text, "utf-8")
    return root


# --- the site calendar --------------------------------------------------------------------------


def test_calendar_header(site: Site) -> None:
    cal = parse(site.path("calendar.ics").read_bytes())
    assert str(cal["PRODID"]) == calendars.PRODID
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["X-WR-CALNAME"]) == "AI Governance Briefs"
    raw = site.path("calendar.ics").read_bytes()
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in raw
    assert b"\r\nX-PUBLISHED-TTL:P1D\r\n" in raw
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")


def test_calendar_holds_every_item_of_live_briefs_only(site: Site) -> None:
    found = events(parse(site.path("calendar.ics").read_bytes()))
    assert {key(uid) for uid in found} == set(ITEMS)
    text = site.text("calendar.ics")
    for hidden in (DELTA, EPSILON, ZETA, "Delta withdrawn event", "Epsilon draft", "Zeta future"):
        assert hidden not in text
    # In date order, as the timeline.
    dates = [e.decoded("DTSTART") for e in found.values()]
    assert dates == sorted(dates)


def test_every_event_carries_every_property(site: Site) -> None:
    found = events(parse(site.path("calendar.ics").read_bytes()))
    for uid, event in found.items():
        day, last, title, kind, slug, stamp = ITEMS[key(uid)]
        start = event.decoded("DTSTART")
        assert type(start) is dt.date and start.isoformat() == day, uid  # all day, not a date-time
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        end = event.decoded("DTEND")
        assert type(end) is dt.date and end == dt.date.fromisoformat(last) + dt.timedelta(days=1), uid  # exclusive
        assert event.decoded("DTSTAMP") == dt.datetime.fromisoformat(stamp + "T00:00:00+00:00"), uid
        assert str(event["SUMMARY"]) == title
        assert str(event["URL"]) == f"{SITE_URL}briefs/{slug}/"
        assert [str(c) for c in event["CATEGORIES"].cats] == [kind or "other"]
        assert str(event["STATUS"]) == "CONFIRMED"
        description = str(event["DESCRIPTION"])
        assert description.startswith("Brief: ")
        # the brief's own title and summary, as the API has them
        brief = next(b for b in site.json("api/briefs.json")["briefs"] if b["slug"] == slug)
        assert brief["title"] in description and brief["summary"] in description


def test_multi_day_event_and_official_page(site: Site) -> None:
    found = events(parse(site.path("calendar.ics").read_bytes()))
    eta = found[f"{ETA}/event/2024-11-20/1@{HOST}"]
    assert eta.decoded("DTSTART") == dt.date(2024, 11, 20)
    assert eta.decoded("DTEND") == dt.date(2024, 11, 22)  # the 20th and 21st: ends before the 22nd
    assert "Kind: summit" in str(eta["DESCRIPTION"])
    assert "Official page: https://example.org/eta/summit" in str(eta["DESCRIPTION"])
    gamma = found[f"{GAMMA}/event/2027-02-15/1@{HOST}"]
    assert "Scheduled." in str(gamma["DESCRIPTION"])
    assert "Official page: https://example.org/gamma/comments" in str(gamma["DESCRIPTION"])
    # A one-day event ends the next day (DTEND is always written).
    one_day = found[f"{ALPHA}/event/2025-01-13/1@{HOST}"]
    assert one_day.decoded("DTEND") - one_day.decoded("DTSTART") == dt.timedelta(days=1)


def test_hostile_text_is_plain_text_in_the_calendar(site: Site) -> None:
    found = events(parse(site.path("calendar.ics").read_bytes()))
    assert str(found[f"{HOSTILE}/event/2025-07-07/1@{HOST}"]["SUMMARY"]) == "Event " + PAYLOAD


def test_topic_calendars_are_subsets(site: Site) -> None:
    for topic, expected in BY_TOPIC.items():
        path = f"topics/{topic}/calendar.ics"
        cal = parse(site.path(path).read_bytes())
        assert {key(uid) for uid in events(cal)} == expected, topic
        assert str(cal["X-WR-CALNAME"]).startswith("AI Governance Briefs: "), topic
    for folder in (site.root / "topics").iterdir():  # every topic page has its calendar
        if (folder / "index.html").is_file() and folder.name != "page":
            assert (folder / "calendar.ics").is_file(), folder.name


# --- calendar.json ------------------------------------------------------------------------------


def test_calendar_json_matches_its_schema_and_the_ics(site: Site) -> None:
    doc = site.json("calendar.json")
    schema = site.json("calendar.schema.json")
    assert schema == calendars.calendar_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)
    assert doc["version"] == 1 and doc["generated"] == TODAY.isoformat() and doc["count"] == len(ITEMS)
    ics_uids = list(events(parse(site.path("calendar.ics").read_bytes())))
    assert [item["uid"] for item in doc["items"]] == ics_uids
    by_key = {key(item["uid"]): item for item in doc["items"]}
    eta = by_key[f"{ETA}/event/2024-11-20/1"]
    assert eta == {
        "uid": f"{ETA}/event/2024-11-20/1@{HOST}", "date": "2024-11-20", "end": "2024-11-21",
        "title": "Eta summit adopts its statement", "kind": "summit", "status": None, "note": None,
        "url": "https://example.org/eta/summit", "scheduled": False, "brief": ETA,
        "brief_url": f"{SITE_URL}briefs/{ETA}/", "topics": ["safety-summits", "un-multilateral"],
        "brief_topics": ["safety-summits", "un-multilateral"],
    }
    assert by_key[f"{GAMMA}/event/2027-02-15/1"]["scheduled"] is True
    assert by_key[f"{ALPHA}/event/2025-01-13/1"]["topics"] == ["export-controls"]  # the primary topic
    for uid_key, (day, _last, title, kind, slug, _stamp) in ITEMS.items():
        item = by_key[uid_key]
        assert (item["date"], item["title"], item["kind"], item["brief"]) == (day, title, kind, slug)


def test_calendar_json_rejects_what_the_schema_forbids() -> None:
    validator = jsonschema.Draft202012Validator(calendars.calendar_schema())
    good = {"version": 1, "generated": "2026-11-27", "count": 0, "items": []}
    validator.validate(good)
    assert not validator.is_valid({**good, "version": 2})
    assert not validator.is_valid({**good, "items": [{"uid": "x"}]})


# --- stability, status steps, Chinese text ------------------------------------------------------


def test_uids_stable_across_builds_and_unrelated_edits(tmp_path: Path) -> None:
    root = corpus_copy(tmp_path)
    first = compile_files(root)
    again = compile_files(root)
    for path in ("calendar.ics", "calendar.json", "topics/export-controls/calendar.ics"):
        assert first[path] == again[path], f"{path} differs between two builds of the same corpus"
    before = events(parse(first["calendar.ics"]))
    # Edit unrelated fields: an event's title, a key point, and a new event on another day listed first.
    path = root / "briefs" / f"{ALPHA}.md"
    text = path.read_text("utf-8")
    text = text.replace('title: "Alpha rule announced"', 'title: "Alpha rule first announced by the ministry"')
    text = text.replace('  - "Alpha key point two:', '  - "Alpha key point two and a half."\n  - "Alpha key point two:')
    text = text.replace("events:\n", 'events:\n  - date: 2025-02-10\n    title: "Alpha guidance issued"\n', 1)
    path.write_text(text, "utf-8")
    after = events(parse(compile_files(root)["calendar.ics"]))
    assert set(after) == set(before) | {f"{ALPHA}/event/2025-02-10/1@{HOST}"}
    renamed = after[f"{ALPHA}/event/2025-01-13/1@{HOST}"]
    assert str(renamed["SUMMARY"]) == "Alpha rule first announced by the ministry"
    for uid, event in before.items():  # `updated` did not change: neither does DTSTAMP
        assert after[uid].decoded("DTSTAMP") == event.decoded("DTSTAMP"), uid


def test_chinese_text_survives_folding_and_status_steps(tmp_path: Path) -> None:
    files = compile_files(corpus_copy(tmp_path, {THETA: THETA_TEXT}))
    raw = files["calendar.ics"]
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75  # RFC 5545 3.1: octets, not characters
    raw.decode("utf-8")  # folding never splits a character
    found = events(parse(raw))
    long = found[f"{THETA}/event/2026-03-02/1@{HOST}"]
    assert str(long["SUMMARY"]) == LONG_ZH
    assert len(LONG_ZH.encode()) > 75  # the summary had to be folded
    assert THETA_TITLE in str(long["DESCRIPTION"])
    assert long.decoded("DTSTART") == dt.date(2026, 3, 2) and long.decoded("DTEND") == dt.date(2026, 4, 1)
    assert str(found[f"{THETA}/event/2026-03-02/2@{HOST}"]["SUMMARY"]) == "征求意见稿发布"
    # The instrument's status steps, past and scheduled, keyed by date and status.
    steps = {uid: e for uid, e in found.items() if "/status/" in uid}
    assert set(steps) == {f"{THETA}/status/2026-05-01/adopted@{HOST}", f"{THETA}/status/2026-08-01/in-force@{HOST}",
                          f"{THETA}/status/2027-05-01/amended@{HOST}"}
    amended = steps[f"{THETA}/status/2027-05-01/amended@{HOST}"]
    assert [str(c) for c in amended["CATEGORIES"].cats] == ["status"]
    assert "修订条款施行" in str(amended["SUMMARY"]) and "Status: amended" in str(amended["DESCRIPTION"])
    assert "Scheduled." in str(amended["DESCRIPTION"])
    adopted = steps[f"{THETA}/status/2026-05-01/adopted@{HOST}"]
    assert "Source: https://example.org/theta/primary" in str(adopted["DESCRIPTION"])
    assert adopted.decoded("DTSTAMP") == dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    # In both of its topics' calendars, and in calendar.json with the same text.
    for topic in ("china-ai-regulation", "synthetic-media"):
        assert {key(u) for u in events(parse(files[f"topics/{topic}/calendar.ics"]))} >= {key(u) for u in steps}
    doc = json.loads(files["calendar.json"])
    jsonschema.Draft202012Validator(calendars.calendar_schema()).validate(doc)
    item = next(i for i in doc["items"] if i["uid"] == f"{THETA}/status/2027-05-01/amended@{HOST}")
    assert (item["kind"], item["status"], item["note"]) == ("status", "amended", "修订条款施行")
    assert item["scheduled"] is True
    assert next(i for i in doc["items"] if i["uid"] == str(long["UID"]))["title"] == LONG_ZH



def test_the_last_date_a_brief_can_hold_compiles(tmp_path: Path) -> None:
    # An event dated 9999-12-31 used to validate, then end the build with an OverflowError (its
    # exclusive DTEND is the day after). Dates end at model.DATE_MAX: an event ending on that day
    # and a status step dated that day compile.
    last = model.DATE_MAX
    before = last - dt.timedelta(days=1)
    text = edit(THETA_TEXT, "  - date: 2026-03-02\n    end: 2026-03-31", f"  - date: {before}\n    end: {last}")
    files = compile_files(corpus_copy(tmp_path, {THETA: edit(text, "    - date: 2027-05-01", f"    - date: {last}")}))
    found = events(parse(files["calendar.ics"]))
    ending = found[f"{THETA}/event/{before}/1@{HOST}"]
    assert (ending.decoded("DTSTART"), ending.decoded("DTEND")) == (before, last + dt.timedelta(days=1))
    assert found[f"{THETA}/status/{last}/amended@{HOST}"].decoded("DTSTART") == last
    items = {item["uid"]: item for item in json.loads(files["calendar.json"])["items"]}
    assert items[f"{THETA}/event/{before}/1@{HOST}"]["end"] == last.isoformat()


def test_no_date_overflows_the_calendar(compiled: BuildResult) -> None:
    # Past the model's limit too: the last day Python holds has no day after, so an item ending
    # then has a DURATION (a difference of dates, which never overflows) instead of a DTEND.
    cat = compiled.catalog
    assert cat is not None
    item = cat.calendar[0]
    final = dt.date.max
    added = [dataclasses.replace(item, date=final - dt.timedelta(days=1), end=final, uid_key="last/event/1"),
             dataclasses.replace(item, date=final, end=None, uid_key="last/event/2")]
    beyond = dataclasses.replace(cat, upcoming=[*cat.upcoming, *added])
    found = events(parse(calendars.ics(beyond, SITE_URL)))
    for uid, days in ((f"last/event/1@{HOST}", 2), (f"last/event/2@{HOST}", 1)):
        assert "DTEND" not in found[uid] and found[uid].decoded("DURATION") == dt.timedelta(days=days)
    assert "DTEND" in found[f"{item.uid_key}@{HOST}"]  # every other item keeps its DTEND
    assert json.loads(calendars.calendar_json(beyond, SITE_URL))["items"][-1]["date"] == final.isoformat()

# --- the audit ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled(site: Site) -> BuildResult:
    result = compile_corpus(site.project, SITE_URL, TEMPLATES, today=TODAY)
    assert result.catalog is not None and result.output is not None
    return result


@pytest.fixture
def copy(site: Site, tmp_path: Path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(site.root, dest)
    return dest


def drop_vevent(data: bytes, uid: str) -> bytes:
    cal = parse(data)
    cal.subcomponents = [c for c in cal.subcomponents if str(c.get("UID")) != uid]
    return cal.to_ical()


def test_audit_passes_the_built_calendars(copy: Path, compiled: BuildResult) -> None:
    assert compiled.catalog is not None
    assert updates_and_calendar_failures(copy, compiled.catalog) == []


def test_audit_catches_a_missing_vevent(copy: Path, compiled: BuildResult) -> None:
    assert compiled.catalog is not None and compiled.output is not None
    uid = f"{GAMMA}/event/2025-06-01/1@{HOST}"
    for path in (copy / "calendar.ics", copy / "topics/compute-governance/calendar.ics"):
        path.write_bytes(drop_vevent(path.read_bytes(), uid))
    failures = audit_site(copy, compiled.catalog, compiled.output, search="pagefind")
    assert f"{GAMMA}: calendar item {GAMMA}/event/2025-06-01/1 (2025-06-01) missing from /calendar.ics" in failures
    assert (f"{GAMMA}: calendar item {GAMMA}/event/2025-06-01/1 (2025-06-01) missing from "
            "/topics/compute-governance/calendar.ics") in failures
    assert not any("export-controls/calendar.ics" in f for f in failures)


def test_audit_catches_a_vevent_without_uid_or_url(copy: Path, compiled: BuildResult) -> None:
    assert compiled.catalog is not None
    path = copy / "calendar.ics"
    cal = parse(path.read_bytes())
    target = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == f"{ETA}/event/2024-11-20/1@{HOST}")
    del target["URL"]
    del target["DTSTAMP"]
    path.write_bytes(cal.to_ical())
    failures = updates_and_calendar_failures(copy, compiled.catalog)
    assert f"/calendar.ics: event '{ETA}/event/2024-11-20/1@{HOST}' has no DTSTAMP, URL" in failures
    del target["UID"]
    path.write_bytes(cal.to_ical())
    failures = updates_and_calendar_failures(copy, compiled.catalog)
    assert "/calendar.ics: event 'Eta summit adopts its statement' has no UID, DTSTAMP, URL" in failures
    assert f"{ETA}: calendar item {ETA}/event/2024-11-20/1 (2024-11-20) missing from /calendar.ics" in failures


def test_audit_catches_a_duplicate_uid_and_a_missing_json_item(copy: Path, compiled: BuildResult) -> None:
    assert compiled.catalog is not None
    path = copy / "calendar.ics"
    cal = parse(path.read_bytes())
    cal.add_component(cal.walk("VEVENT")[0])
    path.write_bytes(cal.to_ical())
    doc = json.loads((copy / "calendar.json").read_text("utf-8"))
    doc["items"] = [i for i in doc["items"] if i["brief"] != HOSTILE]
    (copy / "calendar.json").write_text(json.dumps(doc), "utf-8")
    failures = updates_and_calendar_failures(copy, compiled.catalog)
    assert f"/calendar.ics: UID '{ETA}/event/2024-11-20/1@{HOST}' appears twice" in failures
    assert f"{HOSTILE}: calendar item {HOSTILE}/event/2025-07-07/1 (2025-07-07) missing from /calendar.json" in failures


def test_the_scanner_checks_feeds_and_calendars_in_a_worker_with_the_same_findings(
    copy: Path, compiled: BuildResult
) -> None:
    """In a one-off build the audit's Scanner checks the feeds and calendars in one of its workers
    while MkDocs writes pages (they are written before any page): same findings as the audit's own."""
    from briefing.site.audit import Scanner, _can_fork

    assert compiled.catalog is not None
    if not _can_fork():
        unavailable("the scanner's workers need fork() and a second core")
    path = copy / "calendar.ics"
    cal = parse(path.read_bytes())
    cal.add_component(cal.walk("VEVENT")[0])
    path.write_bytes(cal.to_ical())
    (copy / "updates.json").unlink()
    expected = updates_and_calendar_failures(copy, compiled.catalog)
    assert f"/calendar.ics: UID '{ETA}/event/2024-11-20/1@{HOST}' appears twice" in expected
    assert "/updates.json is missing" in expected
    scanner = Scanner(copy, set(), None, compiled.catalog)
    try:
        assert scanner.feed_failures() == expected
    finally:
        scanner.close()
    scanner = Scanner(copy, set(), None)  # without the catalog: the audit checks them itself
    try:
        assert scanner.feed_failures() is None
    finally:
        scanner.close()


def test_audit_reports_a_missing_or_broken_calendar(copy: Path, compiled: BuildResult) -> None:
    assert compiled.catalog is not None
    (copy / "calendar.json").unlink()
    (copy / "calendar.ics").write_text("not a calendar", "utf-8")
    failures = updates_and_calendar_failures(copy, compiled.catalog)
    assert "/calendar.json is missing" in failures
    assert any(f.startswith("/calendar.ics is not a valid iCalendar file") for f in failures)


def test_audit_checks_a_topic_calendars_own_events_in_full(copy: Path, compiled: BuildResult) -> None:
    """A topic calendar's VEVENTs are vouched for by the site calendar only when byte-identical
    to one of its VEVENTs: an altered one is parsed and checked like any other."""
    assert compiled.catalog is not None
    rel = "topics/compute-governance/calendar.ics"
    path = copy / rel
    original = path.read_bytes()
    cal = parse(original)
    target = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == f"{GAMMA}/event/2025-06-01/1@{HOST}")
    del target["URL"]
    path.write_bytes(cal.to_ical())
    failures = updates_and_calendar_failures(copy, compiled.catalog)
    assert f"/{rel}: event '{GAMMA}/event/2025-06-01/1@{HOST}' has no URL" in failures
    path.write_bytes(original.replace(b"END:VEVENT\r\n", b"END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Stray\r\n", 1))
    failures = updates_and_calendar_failures(copy, compiled.catalog)
    assert any(f.startswith(f"/{rel}") for f in failures), failures
    path.write_bytes(original)
    assert updates_and_calendar_failures(copy, compiled.catalog) == []
