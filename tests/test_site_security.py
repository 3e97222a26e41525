"""Contributors are untrusted: the hostile fixture brief puts markup, event handlers, a closing
</title> and template syntax into every plain-text field (and topics.yml, authors.yml and
jurisdictions.yml do the same). Everything must come out as text, on every page and in every
feed, API document and search index entry."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from briefing.site.audit import pagefind_records
from site_helpers import ALPHA, HOSTILE, HOSTILE_TITLE, PAYLOAD, REPO, SITE_URL, Site, fixture_site, resolve

pytestmark = pytest.mark.slow

URL = f"briefs/{HOSTILE}/"
TITLE = HOSTILE_TITLE
SUMMARY = (
    "Summary " + PAYLOAD + " &amp; [link](javascript:alert(1)) *not emphasis*\n\n"
    "After a blank line <b>not bold</b> <script>alert(2)</script>"
)
FIELDS = {
    "title": TITLE,
    "key point": "Point " + PAYLOAD,
    "event": "Event " + PAYLOAD,
    "instrument name": "Instrument " + PAYLOAD,
    "instrument name_zh": "文书 " + PAYLOAD,
    "issuer": "Issuer " + PAYLOAD,
    "source title": "Source " + PAYLOAD,
    "publisher": "Publisher " + PAYLOAD,
    "changelog note": "Note " + PAYLOAD,
    "topic label": "Topic " + PAYLOAD,
    "author name": "Author " + PAYLOAD,
    "jurisdiction": "Place " + PAYLOAD,
}
SOURCE_URL = 'https://example.org/source?q="><script>alert(1)</script>'
ARCHIVE_URL = 'https://web.archive.org/web/2025/https://example.org/source?q="><img/src=x/onerror=alert(1)>'
AUTHOR_URL = 'https://example.org/author?x="><script>alert(1)</script>'
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return fixture_site(tmp_path_factory)


def _expected_script(script, page_url: str) -> bool:
    """Material's own bundles and inline bootstrap, our cite.js and search.js, Pagefind's UI (the
    site's own copy), the tracker's tracker.js on its own pages and urlstate.js on those and the
    search page, the timelines' filter on theirs, and JSON data blocks."""
    if script.get("src"):
        target = resolve(page_url, script["src"])
        return (target.startswith("assets/javascripts/")
                or target in ("javascripts/cite.js", "javascripts/search.js", "javascripts/search-zh.js",
                              "javascripts/search-page.js", "pagefind/pagefind-ui.js")
                or (target == "javascripts/tracker.js" and page_url.startswith("tracker/"))
                or (target == "javascripts/urlstate.js" and page_url.startswith(("tracker/", "search/")))
                or (target == "javascripts/timeline-filter.js" and page_url.startswith(("timeline/", "topics/"))))
    if script.get("type") == "application/ld+json":
        return True
    if script.get("type") == "application/json" and script.get("id") == "__config":
        return True
    body = script.string or ""
    return not script.attrs and body.startswith(("__md_scope=", "var palette=", "var target=")) and "alert(" not in body


def test_no_unexpected_script_and_no_event_handler_on_any_page(site: Site) -> None:
    problems = []
    pages = site.html_files()
    assert len(pages) > 20
    for path in pages:
        url = site.url_of(path)
        soup = site.soup(url)
        for script in soup.find_all("script"):
            if not _expected_script(script, url):
                problems.append(f"{url}: unexpected {str(script)[:120]}")
        for element in soup.find_all(True):
            for attr in element.attrs:
                if attr.lower().startswith("on"):
                    problems.append(f"{url}: <{element.name} {attr}>")
            for attr in ("href", "src", "action", "formaction"):
                value = element.get(attr)
                if isinstance(value, str) and value.strip().lower().startswith(("javascript:", "data:")):
                    problems.append(f"{url}: <{element.name} {attr}={value!r}>")
        for img in soup.find_all("img"):
            problems.append(f"{url}: unexpected <img> {img}")
        if soup.title is not None and soup.title.find(True):
            problems.append(f"{url}: markup inside <title>")
    assert problems == []


def test_every_field_appears_as_literal_text_on_the_brief_page(site: Site) -> None:
    article = site.article(URL)
    page_text = article.get_text()
    for name, value in FIELDS.items():
        assert value in page_text, name
    assert "<script>alert(1)</script>" in page_text
    assert "{{ 7*7 }}" in page_text
    assert article.find("h1").get_text() == TITLE
    assert article.select_one(".brief-dek").get_text() == SUMMARY
    assert article.select_one("dd[lang=zh]").get_text() == "文书 " + PAYLOAD
    assert [li.get_text() for li in article.select("aside.brief-keypoints li")] == [
        "Point " + PAYLOAD, "Second point {% raw %} {{ config }} {% endraw %} ${7*7} <!-- comment -->",
    ]
    # The summary's Markdown syntax and blank line did not turn into markup.
    assert article.find("em") is None
    assert article.find("b") is None
    assert not any(a["href"].startswith("javascript") for a in article.find_all("a", href=True))


def test_hostile_urls_are_attribute_values_not_markup(site: Site) -> None:
    article = site.article(URL)
    sources = article.select_one("section.brief-sources")
    assert [a["href"] for a in sources.find_all("a")] == [SOURCE_URL, ARCHIVE_URL]
    author = site.article("authors/hostile-author/")
    assert AUTHOR_URL in [a["href"] for a in author.find_all("a", href=True)]


def test_head_values_are_escaped(site: Site) -> None:
    soup = site.soup(URL)
    assert soup.title.get_text() == f"{TITLE} - AI Governance Briefs"
    assert soup.find("meta", property="og:title")["content"] == TITLE
    assert soup.find("meta", property="og:description")["content"] == SUMMARY
    assert soup.find("meta", attrs={"name": "description"})["content"] == SUMMARY
    feed_titles = [link["title"] for link in soup.find_all("link", rel="alternate")]
    assert f"Topic {PAYLOAD} (Atom)" in feed_titles
    raw = site.text(URL)
    assert "<script>alert" not in raw
    assert "<img src=x" not in raw


def test_json_ld_parses_and_holds_the_text(site: Site) -> None:
    scripts = site.soup(URL).find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    raw = scripts[0].string
    assert "<" not in raw and ">" not in raw  # nothing can close the script element
    data = json.loads(raw)
    assert data["headline"] == TITLE
    assert data["description"] == SUMMARY
    assert data["about"] == [f"Topic {PAYLOAD}", "Export controls"]
    assert data["author"][0] == {"@type": "Person", "name": f"Author {PAYLOAD}"}
    assert data["citation"] == [SOURCE_URL]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("topics/hostile-topic/", ["Topic " + PAYLOAD, "Topic description " + PAYLOAD, "Alias " + PAYLOAD, TITLE,
                                   "Event " + PAYLOAD]),
        ("topics/", ["Topic " + PAYLOAD, "Topic description " + PAYLOAD, "Alias " + PAYLOAD]),
        ("authors/hostile-author/", ["Author " + PAYLOAD, "Bio " + PAYLOAD, TITLE, AUTHOR_URL]),
        ("authors/", ["Author " + PAYLOAD, "Bio " + PAYLOAD]),
        ("briefs/", [TITLE, "Topic " + PAYLOAD]),
        ("", [TITLE, "Note " + PAYLOAD, "Topic " + PAYLOAD]),
        ("timeline/", ["Event " + PAYLOAD, "Topic " + PAYLOAD]),
        ("corrections/", [TITLE, "Note " + PAYLOAD]),
        (f"briefs/{ALPHA}/", [TITLE]),
    ],
)
def test_listings_show_hostile_values_as_text(site: Site, url: str, expected: list[str]) -> None:
    article = site.article(url)
    for value in expected:
        assert value in article.get_text(), value
    for title_link in article.select("a.brief-card__title"):
        if HOSTILE in title_link["href"]:
            assert title_link.get_text() == TITLE
    assert article.find("h1").get_text() != ""
    if url == "topics/hostile-topic/":
        assert article.find("h1").get_text() == "Topic " + PAYLOAD
        assert site.soup(url).title.get_text() == f"Topic {PAYLOAD} - AI Governance Briefs"


def test_atom_feeds_carry_the_text(site: Site) -> None:
    for path in ("feed.xml", "topics/hostile-topic/feed.xml", "topics/export-controls/feed.xml"):
        root = ET.fromstring(site.path(path).read_bytes())
        entry = next(e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == SITE_URL + URL)
        assert entry.findtext(f"{ATOM}title") == TITLE
        assert entry.find(f"{ATOM}title").get("type") in (None, "text")
        assert entry.findtext(f"{ATOM}summary") == SUMMARY
        assert entry.find(f"{ATOM}summary").get("type") in (None, "text")
        authors = [a.findtext(f"{ATOM}name") for a in entry.iter(f"{ATOM}author")]
        assert authors == [f"Author {PAYLOAD}", "Editorial team"]
        assert entry.find(f"{ATOM}category").get("label") == f"Topic {PAYLOAD}"
    topic_feed = ET.fromstring(site.path("topics/hostile-topic/feed.xml").read_bytes())
    assert topic_feed.findtext(f"{ATOM}title") == f"AI Governance Briefs: Topic {PAYLOAD}"
    assert topic_feed.findtext(f"{ATOM}subtitle") == f"Topic description {PAYLOAD}"


def test_json_feed_and_api_carry_the_text(site: Site) -> None:
    item = next(i for i in site.json("feed.json")["items"] if i["id"] == SITE_URL + URL)
    assert item["title"] == TITLE
    assert item["summary"] == SUMMARY
    assert item["authors"][0]["name"] == f"Author {PAYLOAD}"
    assert item["tags"][0] == f"Topic {PAYLOAD}"
    assert "content_html" not in item
    brief = next(b for b in site.json("api/briefs.json")["briefs"] if b["slug"] == HOSTILE)
    assert brief["title"] == TITLE
    assert brief["summary"] == SUMMARY
    assert brief["key_points"][0] == "Point " + PAYLOAD
    assert brief["events"][0]["title"] == "Event " + PAYLOAD
    assert brief["instrument"]["name"] == "Instrument " + PAYLOAD
    assert brief["instrument"]["name_zh"] == "文书 " + PAYLOAD
    assert brief["instrument"]["issuers"] == ["Issuer " + PAYLOAD]
    assert brief["sources"][0]["title"] == "Source " + PAYLOAD
    assert brief["sources"][0]["publisher"] == "Publisher " + PAYLOAD
    assert brief["sources"][0]["url"] == SOURCE_URL
    assert brief["changelog"][0]["note"] == "Note " + PAYLOAD
    assert brief["topics"][0] == {"id": "hostile-topic", "label": "Topic " + PAYLOAD}
    assert brief["authors"][0] == {"id": "hostile-author", "label": "Author " + PAYLOAD}
    assert brief["jurisdictions"] == [{"id": "ZZ", "label": "Place " + PAYLOAD}]


def test_search_index_holds_the_hostile_text_as_text(site: Site) -> None:
    # Pagefind keeps a page's visible text, so the payload is in the index as characters, never
    # as elements of the page. Its client escapes < and > before it builds an excerpt (checked
    # below in pagefind.js), and javascripts/search.js escapes the summary it shows instead.
    records = pagefind_records(site.root)
    chosen = {url: r for url, r in records.items() if url in (URL, "topics/hostile-topic/")}
    assert len(chosen) == 2
    seen = "\n".join(r["content"] + "\n" + r["meta"]["title"] for r in chosen.values())
    for value in (TITLE, "Point " + PAYLOAD, "Topic " + PAYLOAD):
        assert value in seen, value
    assert chosen[URL]["meta"]["summary"].startswith("Summary ")
    client = site.text("pagefind/pagefind.js")
    assert '.replace(/</g,"&lt;").replace(/>/g,"&gt;")' in client
    # The header box and the search page show the summary (and titles) through highlight(), which
    # escapes every character it does not wrap in <mark>.
    search_js = (REPO / "docs/javascripts/search.js").read_text("utf-8")
    assert "result.excerpt = text.highlight(meta.summary, typed)" in search_js
    page_js = (REPO / "docs/javascripts/search-page.js").read_text("utf-8")
    assert "text.highlight(meta.summary, query)" in page_js and "text.highlight(meta.title" in page_js
    assert "topic.textContent = meta.topic" in page_js
    zh_js = (REPO / "docs/javascripts/search-zh.js").read_text("utf-8")
    assert "html += escapeHtml(text[i]);" in zh_js
