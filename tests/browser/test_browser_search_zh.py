"""Chinese search in real Chromium: every Chinese phrase of the site's own indexed text finds every
page that holds it (recall), and little else (precision); Chinese names and topic aliases find the
English briefs they belong to; mixed Chinese and Latin queries.

The phrases are not chosen by hand: they are every distinct run of 2 to 8 Han characters inside
the Han text of Pagefind's own records of the built site. Each is searched the way the site
searches it (the page's own `briefsSearchText.segment`, then Pagefind's `search`).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from browser_support import BuiltSite

from briefing.site import zh
from briefing.site.catalog import Catalog

pytestmark = pytest.mark.browser

MAGIC = b"pagefind_dcd"

# Runs every query in the page with the site's own segmentation and returns result page ids.
SEARCH_ALL = """async (queries) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.options({bundlePath: "/pagefind/", baseUrl: "/"});
  await pagefind.init();
  const out = {};
  for (const q of queries) {
    const found = await pagefind.search(window.briefsSearchText.segment(q));
    out[q] = found.results.map(r => r.id);
  }
  return out;
}"""



@pytest.fixture(scope="module")
def fragments(site: BuiltSite) -> dict[str, dict[str, Any]]:
    """Pagefind's record of each indexed page, by result id (the fragment's file name)."""
    out = {}
    for path in sorted((site.root / "pagefind" / "fragment").glob("*.pf_fragment")):
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(MAGIC))
        out[path.stem] = record
    assert out, "no Pagefind records"
    return out


def _text(record: dict[str, Any]) -> str:
    """What the page shows the search: its indexed text and its title."""
    return record["content"] + " " + record["meta"].get("title", "")


def _aliases(catalog: Catalog, url: str) -> list[str]:
    """The topic aliases of a brief page (a topic page shows its own in its text)."""
    slug = url.strip("/").removeprefix("briefs/")
    entry = catalog.entries.get(slug) if url.startswith("/briefs/") else None
    return [a for t in entry.brief.topics for a in catalog.topics[t].aliases] if entry else []


def site_phrases(fragments: dict[str, dict[str, Any]]) -> list[str]:
    phrases: set[str] = set()
    for record in fragments.values():
        for run in zh.han_runs(_text(record)):
            for n in range(2, 9):
                phrases.update(run[i : i + n] for i in range(len(run) - n + 1))
    return sorted(phrases)


def _search(open_page: Any, queries: list[str]) -> dict[str, list[str]]:
    page = open_page("search/").page
    page.set_default_timeout(240_000)
    return page.evaluate(SEARCH_ALL, queries)


def test_every_chinese_phrase_finds_every_page_that_holds_it(
    open_page: Any, fragments: dict[str, dict[str, Any]], catalog: Catalog
) -> None:
    phrases = site_phrases(fragments)
    assert len(phrases) > 500, f"only {len(phrases)} Chinese phrases in the index: is Chinese text indexed?"
    found = _search(open_page, phrases)
    expected_total = hits = returned = relevant = 0
    missed: list[str] = []
    noise: list[str] = []
    for phrase in phrases:
        holders = {pid for pid, record in fragments.items() if phrase in _text(record)}
        results = set(found[phrase])
        expected_total += len(holders)
        hits += len(holders & results)
        missed += [f"{phrase}: {fragments[pid]['url']}" for pid in holders - results]
        for pid in results:
            ok = pid in holders or any(phrase in alias for alias in _aliases(catalog, fragments[pid]["url"]))
            returned += 1
            relevant += ok
            if not ok:
                noise.append(f"{phrase}: {fragments[pid]['url']}")
    recall, precision = hits / expected_total, relevant / returned
    print(f"\nChinese search over {len(phrases)} phrases of 2-8 characters from the site's own text: "
          f"recall {recall:.2%} ({hits}/{expected_total} page hits), precision {precision:.2%} "
          f"({relevant}/{returned} results hold the phrase or a topic alias containing it)")
    assert not missed, f"recall {recall:.2%}; missed: {missed[:20]}"
    assert precision >= 0.95, f"precision {precision:.2%}; e.g. {noise[:20]}"


def _urls(found: list[str], fragments: dict[str, dict[str, Any]]) -> set[str]:
    return {fragments[pid]["url"].strip("/") + "/" for pid in found}


def test_chinese_names_and_aliases_find_the_briefs(
    open_page: Any, fragments: dict[str, dict[str, Any]], catalog: Catalog
) -> None:
    """算法推荐 (in the instrument's Chinese name) finds the brief on the algorithmic
    recommendation provisions; 出口管制 (an alias of the export-controls topic) finds every
    export-control brief, not only the topic page."""
    found = _search(open_page, ["算法推荐", "出口管制"])
    assert "briefs/china-algorithmic-recommendation-provisions/" in _urls(found["算法推荐"], fragments)
    export = {e.url for e in catalog.by_topic["export-controls"]}
    assert export and export <= _urls(found["出口管制"], fragments), export - _urls(found["出口管制"], fragments)
    assert "topics/export-controls/" in _urls(found["出口管制"], fragments)


MIXED = [("TC260 安全", "tc260", "安全"), ("出口管制 芯片", None, "出口管制 芯片")]


@pytest.mark.parametrize(("query", "latin", "han"), MIXED)
def test_mixed_queries(open_page: Any, fragments: dict[str, dict[str, Any]], catalog: Catalog,
                       query: str, latin: str | None, han: str) -> None:
    """Every word of a mixed query must match: the results are the pages that hold all of them
    (a Han word in the text or, for a brief, in its topics' aliases), and none is missed."""
    found = _urls(_search(open_page, [query])[query], fragments)

    def holds(record: dict[str, Any]) -> bool:
        text = _text(record)
        words = text + " " + " ".join(_aliases(catalog, record["url"]))
        return (latin is None or latin in text.lower()) and all(w in words for w in han.split())

    expected = {r["url"].strip("/") + "/" for r in fragments.values() if holds(r)}
    assert expected, query
    assert expected <= found, (query, expected - found)
    assert found <= expected, (query, found - expected)
    if latin:
        tc260 = {"briefs/tc260-ai-safety-governance-framework/", "briefs/tc260-ai-safety-governance-framework-2-0/"}
        assert tc260 <= found


def test_the_query_side_matches_the_index_side(open_page: Any) -> None:
    """search-zh.js's segment and briefing.site.zh.segment_query agree (the two halves of the technique)."""
    queries = ["治理", "人工智能安全治理框架", "TC260 安全", "出口管制 芯片", "Bletchley", "AI 法", "生成式AI服务"]
    page = open_page("search/").page
    for q in queries:
        assert page.evaluate("q => window.briefsSearchText.segment(q)", q) == zh.segment_query(q), q


def test_pages_carry_their_bigrams(fragments: dict[str, dict[str, Any]], site: BuiltSite) -> None:
    """Every indexed page with Chinese text carries the bigrams of it (and only Han bigrams)."""
    for record in fragments.values():
        runs = [r for r in zh.han_runs(_text(record)) if len(r) >= 2]
        terms = set(record["meta"].get(zh.META_KEY, "").split())
        assert {b for r in runs for b in zh.bigrams(r)} <= terms, record["url"]
        assert all(zh.HAN_RUN.fullmatch(t) and len(t) == 2 for t in terms), record["url"]
    assert Path(site.root, "search", "index.html").is_file()
