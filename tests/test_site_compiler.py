"""The compiler core on its own, without MkDocs: catalog derivation (visibility, related,
supersedes, redirects, timeline, changes) and the pages, feeds and files it compiles to. (That
only the adapter imports MkDocs is checked in test_layers.py.)"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from briefing.rules.validate import validate
from briefing.site import catalog, pages
from briefing.site.build import compile_corpus
from site_helpers import (
    ALPHA,
    BETA,
    DELTA,
    EPSILON,
    ETA,
    ETA_OLD,
    FIXTURE_ROOT,
    GAMMA,
    HOSTILE,
    HOSTILE_TITLE,
    LIVE,
    REPO,
    SITE_URL,
    TODAY,
    ZETA,
)

TEMPLATES = REPO / "docs" / "templates"


def build_catalog(today: dt.date = TODAY) -> catalog.Catalog:
    corpus = validate(FIXTURE_ROOT, today=today)
    assert [p.text() for p in corpus.all_problems()] == []  # the fixtures are valid, warnings included
    return catalog.build(corpus, today)


@pytest.fixture(scope="module")
def cat() -> catalog.Catalog:
    return build_catalog()


@pytest.fixture(scope="module")
def output(cat: catalog.Catalog) -> pages.Output:
    return pages.compile_site(cat, SITE_URL, TEMPLATES)


def slugs(entries) -> list[str]:
    return [e.slug for e in entries]


def source(page: pages.Page) -> str:
    """A generated page's whole source (templated HTML around a brief's Markdown body)."""
    return getattr(page, "full_markdown", page.markdown)


# --- catalog ------------------------------------------------------------------------------------


def test_visibility(cat: catalog.Catalog) -> None:
    assert set(cat.entries) == {*LIVE, DELTA}  # withdrawn keeps a page; drafts and scheduled do not
    assert slugs(cat.live) == LIVE
    assert cat.entries[DELTA].withdrawn


def test_scheduled_brief_appears_on_its_date() -> None:
    later = build_catalog(dt.date(2027, 1, 10))
    assert ZETA in slugs(later.live)
    assert slugs(later.live)[0] == ZETA
    assert EPSILON not in later.entries  # drafts never
    assert ZETA not in build_catalog(dt.date(2027, 1, 9)).entries


def test_related_declared_first_then_computed(cat: catalog.Catalog) -> None:
    assert slugs(cat.related[ALPHA]) == [ETA, GAMMA, BETA, HOSTILE]
    # Computed only: ordered by score (shared topics weigh twice, shared primary topic adds one).
    assert slugs(cat.related[BETA]) == [GAMMA, ALPHA, HOSTILE]
    for slug, related in cat.related.items():
        assert slug not in slugs(related)
        assert not any(e.withdrawn for e in related)
        assert len(related) <= catalog.RELATED_LIMIT


def test_referenced_by_skips_withdrawn_drafts_and_scheduled(cat: catalog.Catalog) -> None:
    assert slugs(cat.referenced_by[ALPHA]) == [HOSTILE, ETA, GAMMA, BETA]
    assert slugs(cat.referenced_by[BETA]) == [GAMMA]


def test_supersedes_and_redirects(cat: catalog.Catalog) -> None:
    assert {old: new.slug for old, new in cat.superseded_by.items()} == {BETA: GAMMA}
    assert cat.redirects == {ETA_OLD: ETA}


def test_listings_by_topic_and_author(cat: catalog.Catalog) -> None:
    assert slugs(cat.by_topic["export-controls"]) == [HOSTILE, GAMMA, ALPHA, BETA]
    assert slugs(cat.by_topic["military-ai"]) == []
    assert set(cat.by_topic) == set(cat.topics)
    assert slugs(cat.by_author["editorial-team"]) == LIVE
    assert slugs(cat.by_author["hostile-author"]) == [HOSTILE]


def test_timeline_in_date_order_from_live_briefs(cat: catalog.Catalog) -> None:
    rows = [(ev.date.isoformat(), ev.entry.slug, ev.topics) for ev in cat.timeline]
    assert rows == [
        ("2024-11-20", ETA, ["safety-summits", "un-multilateral"]),
        ("2025-01-13", ALPHA, ["export-controls"]),  # no topics: the brief's primary topic
        ("2025-03-01", ALPHA, ["export-controls"]),
        ("2025-06-01", GAMMA, ["compute-governance"]),
        ("2025-07-07", HOSTILE, ["hostile-topic"]),
    ]


def test_changes_newest_first_without_withdrawn(cat: catalog.Catalog) -> None:
    rows = [(c.date.isoformat(), c.kind, c.entry.slug) for c in cat.changes]
    assert rows == [
        ("2026-10-01", "update", ALPHA),
        ("2026-09-15", "correction", HOSTILE),
        ("2026-07-20", "correction", GAMMA),
        ("2026-07-01", "correction", ALPHA),
    ]


def test_last_changed_prefers_updated(cat: catalog.Catalog) -> None:
    assert cat.entries[ALPHA].last_changed == dt.date(2026, 10, 1)
    assert cat.entries[ETA].last_changed == dt.date(2026, 8, 20)


# --- compiled output ----------------------------------------------------------------------------


def test_compiled_pages(output: pages.Output, cat: catalog.Catalog) -> None:
    paths = {p.path: p for p in output.pages}
    for slug in (*LIVE, DELTA):
        assert paths[f"briefs/{slug}.md"].kind == "brief"
    assert f"briefs/{EPSILON}.md" not in paths and f"briefs/{ZETA}.md" not in paths
    for topic in cat.topics:
        assert paths[f"topics/{topic}.md"].kind == "topic"
    for author in cat.authors:
        assert paths[f"authors/{author}.md"].kind == "author"
    for listing in ("index.md", "briefs/index.md", "topics/index.md", "authors/index.md", "timeline/index.md",
                    "corrections/index.md"):
        assert listing in paths
    assert paths["index.md"].url == ""
    assert paths["briefs/index.md"].url == "briefs/"
    assert paths[f"briefs/{ALPHA}.md"].url == f"briefs/{ALPHA}/"
    assert paths[f"briefs/{DELTA}.md"].meta["withdrawn"] is True
    assert paths[f"briefs/{ALPHA}.md"].meta["topic_feeds"][0] == ("export-controls", "Export controls")


def test_compiled_files_and_redirects(output: pages.Output, cat: catalog.Catalog) -> None:
    expected = {"feed.xml", "feed.json", "api/briefs.json", "api/briefs.schema.json",
                "updates.xml", "updates.json", "corrections/feed.xml",
                "calendar.ics", "calendar.json", "calendar.schema.json", "tracker.csv", "tracker/rows.json",
                "upcoming.ics",
                f"briefs/{ETA_OLD}/index.html", *(f"topics/{t}/feed.xml" for t in cat.topics),
                *(f"topics/{t}/updates.xml" for t in cat.topics), *(f"topics/{t}/calendar.ics" for t in cat.topics)}
    # the open-data release, the monthly digest and the charts' CSV and SVG downloads are checked in
    # tests/test_datapackage.py, tests/test_digest.py and tests/test_site_charts.py
    charts = {f for f in output.files if f.endswith((".svg", ".csv")) and "timeline" in f}
    assert {f for f in output.files if not f.startswith(("data/", "digest/"))} - charts == expected
    assert {"data/datapackage.json", "data/briefs.csv", "data/CITATION.cff"} <= set(output.files)
    assert output.redirects == {f"briefs/{ETA_OLD}/index.html": f"briefs/{ETA}/"}
    redirect = output.files[f"briefs/{ETA_OLD}/index.html"].decode()
    assert f'href="{SITE_URL}briefs/{ETA}/"' in redirect
    assert 'content="0; url=../eta-summit-statement-2025/"' in redirect


def test_generated_markdown_escapes_plain_text(output: pages.Output) -> None:
    page = next(p for p in output.pages if p.path == f"briefs/{HOSTILE}.md")
    assert page.title == HOSTILE_TITLE  # plain text: the adapter escapes it
    assert "<script>" not in source(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source(page)
    data = json.loads(page.meta["json_ld"])
    assert data["headline"] == HOSTILE_TITLE
    assert "<" not in page.meta["json_ld"]


def test_relative_links_in_generated_markdown(output: pages.Output) -> None:
    by_path = {p.path: p for p in output.pages}
    assert 'href="briefs/alpha-chip-rule-2025/"' in source(by_path["index.md"])
    assert 'href="../../briefs/alpha-chip-rule-2025/"' in source(by_path["topics/export-controls.md"])
    assert 'href="../briefs/alpha-chip-rule-2025/"' in source(by_path["timeline/index.md"])


def test_compile_corpus_stops_on_errors(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_ROOT / "briefs", tmp_path / "briefs")
    text = (FIXTURE_ROOT / "briefs" / f"{BETA}.md").read_text("utf-8")
    (tmp_path / "briefs" / f"{BETA}.md").write_text(text.replace("topics: [compute-governance", "topics: [compute"))
    result = compile_corpus(tmp_path, SITE_URL, TEMPLATES, today=TODAY)
    assert result.catalog is None and result.output is None
    assert [(p.path, p.rule) for p in result.problems if p.severity == "error"] == [
        (f"briefs/{BETA}.md", "REF-TOPIC")
    ]


# --- helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "url"), [
    ("index.md", ""), ("briefs/index.md", "briefs/"), ("briefs/x.md", "briefs/x/"), ("about/methodology.md",
                                                                                       "about/methodology/"),
])
def test_page_url(path: str, url: str) -> None:
    assert pages.page_url(path) == url


def test_bibtex_and_json_escaping() -> None:
    assert pages.bibtex_escape("50% {x} a_b & c\\d ^~ @\n$#") == (
        r"50\% \textbraceleft{}x\textbraceright{} a\_b \& c\textbackslash{}d \textasciicircum{}\textasciitilde{} "
        r"\symbol{64} \$\#"
    )
    assert pages.bib_field("Title", double=True) == "{{Title}}"
    text = pages.json_for_script({"a": "</script><b>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><b>&"}
    assert pages.long_date(dt.date(2025, 3, 1)) == "1 March 2025"


def test_the_brief_template_is_given_only_what_it_uses(cat: catalog.Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every value pages.py hands to brief.md.j2 is read by it or a template it imports (the
    related/links lists it once took are now site/relations.py's, called from the template)."""
    from jinja2 import meta

    given: dict[str, set[str]] = {}
    envs = []
    render = pages.Compiler.render

    def spy(self: pages.Compiler, template: str, path: str, **context: object) -> str:
        given.setdefault(template, set()).update(context)
        envs.append(self.env)
        return render(self, template, path, **context)

    monkeypatch.setattr(pages.Compiler, "render", spy)
    pages.compile_site(cat, SITE_URL, TEMPLATES)
    env = envs[0]
    used: set[str] = set()
    todo, seen = ["brief.md.j2"], set()
    while todo:
        name = todo.pop()
        seen.add(name)
        ast = env.parse((TEMPLATES / name).read_text(encoding="utf-8"))
        used |= meta.find_undeclared_variables(ast)
        todo += [t for t in meta.find_referenced_templates(ast) if t and t not in seen]
    assert given["brief.md.j2"], "brief.md.j2 was never rendered"
    assert given["brief.md.j2"] - used == set()
