"""The living record on the built site (contract v2, "What every brief page shows"): version and
review dates, the instrument's status history with scheduled steps, the current status derived
from it, anchored changelog entries, relations both ways, "Cite this" pinned to the version in
plain text, BibTeX and RIS, citation_* metadata, links to the source at its commit, and the
"Upcoming" lists. Built in process from the fixture corpus plus one brief that uses every v2
field, inside a git repository with REPO_URL set."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_helpers import FIXTURE_ROOT, SITE_URL, TODAY, build_in_process, make_project
from unavailable import unavailable

pytestmark = pytest.mark.slow

KAPPA = "kappa-living-record-2025"
LAMBDA = "lambda-linking-brief-2025"
REPO_URL = "https://github.com/example/aigb"
KAPPA_TEXT = f"""---
title: "Kappa rule: a fictional rule with a status history"
summary: >-
  A fictional rule that was adopted, took effect, was suspended and is scheduled to be repealed,
  used to test the living record.
published: 2025-02-01
updated: 2026-10-02
reviewed: 2026-11-01
authors: [editorial-team]
topics: [export-controls]
key_points:
  - "Kappa was adopted and took effect in 2025."
  - "Kappa is scheduled to be repealed in 2027."
events:
  - date: 2027-03-10
    end: 2027-03-12
    kind: meeting
    title: "Kappa review meeting"
    url: "https://example.org/kappa/meeting"
  - date: 2025-02-01
    kind: publication
    title: "Kappa published"
instrument:
  name: "Fictional Kappa Rule"
  type: rule
  issuers: ["Fictional Ministry"]
  adopted: 2025-02-01
  effective: 2025-03-01
  status: suspended
  history:
    - date: 2025-02-01
      status: adopted
      source: "https://example.org/kappa/primary"
    - date: 2025-03-01
      status: in-force
    - date: 2026-06-01
      status: suspended
      note: "Enforcement paused by the fictional ministry"
    - date: 2027-01-01
      status: repealed
      note: "Repeal takes effect"
related: [alpha-chip-rule-2025]
sources:
  - title: "Kappa primary source"
    url: "https://example.org/kappa/primary"
    publisher: "Fictional Ministry"
    type: primary
changelog:
  - date: 2026-10-02
    kind: update
    note: "Added the suspension."
  - date: 2026-10-02
    kind: correction
    note: "Corrected the effective date."
---

## What happened

{" ".join(["Kappa is a fictional rule used only by the tests of the living record."] * 16)}
"""
LAMBDA_TEXT = f"""---
title: "Lambda: a fictional brief that links Kappa in its text"
summary: >-
  A fictional brief whose body links the Kappa brief without declaring it related, to test links
  in both directions.
published: 2025-03-01
authors: [editorial-team]
topics: [compute-governance]
key_points:
  - "Lambda links Kappa."
  - "Lambda declares nothing."
sources:
  - title: "Lambda source"
    url: "https://example.org/lambda"
    publisher: "Fictional Daily"
    type: secondary
---

## What happened

See [the Kappa rule]({KAPPA}.md). {" ".join(["Lambda is a fictional brief used only by the tests."] * 20)}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("living-record")
    project = make_project(root / "project", FIXTURE_ROOT / "briefs")
    (project / "briefs" / f"{KAPPA}.md").write_text(KAPPA_TEXT, "utf-8")
    (project / "briefs" / f"{LAMBDA}.md").write_text(LAMBDA_TEXT, "utf-8")
    try:
        for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org",
                                                     "commit", "-qm", "fixture"]):
            subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.CalledProcessError):
        unavailable("this test needs git")
    build_in_process(project, root / "site", SITE_URL, REPO_URL=REPO_URL)
    return root / "site"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def test_version_and_review_dates(site: Path) -> None:
    version = page(site, f"briefs/{KAPPA}/").select_one("#brief-version")
    assert version is not None
    assert [t["datetime"] for t in version.select("time")] == ["2026-10-02", "2026-11-01"]
    assert "Facts last reviewed" in version.get_text()
    unreviewed = page(site, f"briefs/{LAMBDA}/").select_one("#brief-version")
    # not reviewed: nothing is claimed about a review (contract v3), and it is current as of its last change
    assert "review" not in unreviewed.get_text().lower()
    current = page(site, f"briefs/{LAMBDA}/").select_one("#brief-current")
    assert "Current as of" in current.get_text() and current.time is not None


def test_status_history_and_current_status(site: Path) -> None:
    box = page(site, f"briefs/{KAPPA}/").select_one(".brief-instrument")
    assert box.select_one(".brief-instrument__status").get_text(" ", strip=True).startswith("suspended")
    steps = box.select(".brief-history li")
    assert [s.select_one("time")["datetime"] for s in steps] == ["2025-02-01", "2025-03-01", "2026-06-01", "2027-01-01"]
    scheduled = [s for s in steps if "brief-history__step--scheduled" in s["class"]]
    assert len(scheduled) == 1 and "scheduled" in scheduled[0].get_text() and "repealed" in scheduled[0].get_text()
    assert steps[0].select_one("a")["href"] == "https://example.org/kappa/primary"


def test_changelog_entries_have_anchors(site: Path) -> None:
    entries = page(site, f"briefs/{KAPPA}/").select(".brief-changelog li")
    assert sorted(e["id"] for e in entries) == ["changelog-2026-10-02", "changelog-2026-10-02-2"]
    assert all(e.select_one("a.brief-change__anchor")["href"] == f"#{e['id']}" for e in entries)


def test_relations_both_ways(site: Path) -> None:
    def relations(slug: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        section = page(site, f"briefs/{slug}/").select_one(".brief-relations dl")
        label = ""
        for child in section.find_all(["dt", "dd"]):
            if child.name == "dt":
                label = child.get_text(strip=True)
            else:
                found.setdefault(label, []).append(child.a["href"].strip("./").split("/")[-1])
        return found

    kappa, alpha, lam = relations(KAPPA), relations("alpha-chip-rule-2025"), relations(LAMBDA)
    assert "alpha-chip-rule-2025" in kappa["Related"] and KAPPA in alpha["Related"]  # declared on one side
    # a body link shows on the linked page; the linking page has the link in its text (listed once: contract v3)
    assert kappa["Links here"] == [LAMBDA] and "Links to" not in lam
    assert all(KAPPA not in group for group in lam.values())


def test_cite_this_is_pinned_to_the_version(site: Path) -> None:
    cite = page(site, f"briefs/{KAPPA}/").select_one(".brief-cite")
    text = cite.select_one(".brief-cite__plain").get_text(" ", strip=True)
    assert "version of 2 October 2026" in text and f"accessed {TODAY.day} {TODAY:%B %Y}" in text
    bibtex = cite.select_one(".brief-cite__bibtex").get_text()
    assert f"@misc{{aigb-{KAPPA}-2026-10-02," in bibtex and "version = {2026-10-02}" in bibtex
    assert f"urldate = {{{TODAY.isoformat()}}}" in bibtex
    ris = cite.select_one(".brief-cite__ris").get_text().splitlines()
    assert ris[0] == "TY  - ELEC" and "ET  - Version of 2 October 2026" in ris
    assert f"UR  - {SITE_URL}briefs/{KAPPA}/" in ris and ris[-1].startswith("ER  -")
    assert f"Y2  - {TODAY:%Y/%m/%d}" in ris


def test_citation_metadata_for_reference_managers(site: Path) -> None:
    head = page(site, f"briefs/{KAPPA}/").head
    meta = {m["name"]: m["content"] for m in head.select("meta[name^=citation_]")}
    assert meta == {
        "citation_title": "Kappa rule: a fictional rule with a status history",
        "citation_author": "Editorial team",
        "citation_publication_date": "2025/02/01",
        "citation_online_date": "2026/10/02",
        "citation_public_url": f"{SITE_URL}briefs/{KAPPA}/",
        "citation_publisher": "AI Governance Briefs",
    }


def test_source_links_at_the_commit(site: Path, tmp_path: Path) -> None:
    links = [a["href"] for a in page(site, f"briefs/{KAPPA}/").select(".brief-cite a")]
    blob = [h for h in links if "/blob/" in h]
    assert len(blob) == 1 and blob[0].startswith(f"{REPO_URL}/blob/") and blob[0].endswith(f"briefs/{KAPPA}.md")
    assert len(blob[0].split("/blob/")[1].split("/")[0]) == 40  # a full commit hash
    assert f"{REPO_URL}/commits/HEAD/briefs/{KAPPA}.md" in links


def test_upcoming_lists(site: Path) -> None:
    for url in ("", "topics/export-controls/", "timeline/"):
        upcoming = page(site, url).select(".brief-upcoming li")
        texts = [li.get_text(" ", strip=True) for li in upcoming]
        assert any("Kappa review meeting" in t for t in texts), url
        assert any("repealed" in t for t in texts), url
        dates = [li.select_one("time")["datetime"] for li in upcoming]
        assert dates == sorted(dates) and all(d > TODAY.isoformat() for d in dates), url
    timeline = page(site, "timeline/")
    past = [t["datetime"] for t in timeline.select("ol.brief-timeline li > time:first-child")]
    assert past and all(d <= TODAY.isoformat() for d in past)
    assert "Kappa review meeting" not in " ".join(li.get_text() for li in timeline.select("ol.brief-timeline li"))


def test_api_carries_the_living_record(site: Path) -> None:
    api = {b["slug"]: b for b in json.loads((site / "api/briefs.json").read_text("utf-8"))["briefs"]}
    kappa = api[KAPPA]
    assert kappa["reviewed"] == "2026-11-01" and kappa["current_status"] == "suspended"
    assert [h["status"] for h in kappa["instrument"]["history"]] == ["adopted", "in-force", "suspended", "repealed"]
    assert kappa["links_here"] == [LAMBDA] and api[LAMBDA]["links_to"] == [KAPPA]
    assert KAPPA in api["alpha-chip-rule-2025"]["related_declared"]


def test_feeds_are_advertised_in_the_head(site: Path) -> None:
    head = page(site, f"briefs/{KAPPA}/").head
    hrefs = {link["href"] for link in head.select("link[rel~=alternate]")}
    assert {"../../updates.xml", "../../topics/export-controls/updates.xml"} <= hrefs
    corrections = page(site, "corrections/").head
    assert "feed.xml" in {link["href"] for link in corrections.select("link[rel~=alternate]")}  # corrections/feed.xml


def test_without_git_or_repo_url_there_are_no_source_links(tmp_path_factory: pytest.TempPathFactory) -> None:
    from site_helpers import fixture_site

    built = fixture_site(tmp_path_factory)  # no REPO_URL, not a git checkout: built without failing
    cite = BeautifulSoup(built.text("briefs/alpha-chip-rule-2025/"), "html.parser").select_one(".brief-cite")
    assert cite is not None and not [a for a in cite.select("a") if "/blob/" in a.get("href", "")]
