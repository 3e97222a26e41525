"""The post-build audit: nothing lost, nothing broken.

Each live brief must appear at its URL, on each of its topic pages and author pages, in the
briefs index, the API, the sitemap and the search index; withdrawn briefs keep their page; and
every internal link and anchor in the generated HTML must resolve.
"""

from __future__ import annotations

import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .catalog import Catalog
from .pages import Output


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "link" and values.get("href") and values.get("rel") in {"stylesheet", "icon", "alternate"}:
            self.links.append(values["href"] or "")


def _parse(path: Path) -> _LinkCollector:
    collector = _LinkCollector()
    collector.feed(path.read_text("utf-8", errors="replace"))
    return collector


def _resolve(site: Path, page_rel: str, href: str) -> tuple[Path | None, str]:
    """The file an internal href points to (None for external links) and its fragment."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:")):
        return None, ""
    base = posixpath.dirname(page_rel)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else page_rel
    if target.startswith(".."):
        return site / "__outside__", parts.fragment
    path = site / target
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def check_links(site: Path) -> list[str]:
    failures: list[str] = []
    cache: dict[Path, _LinkCollector] = {}
    for html_path in sorted(site.rglob("*.html")):
        rel = html_path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")) or rel == "404.html":
            continue
        page = cache.setdefault(html_path, _parse(html_path))
        for href in page.links:
            target, fragment = _resolve(site, rel, href)
            if target is None:
                continue
            if not target.is_file():
                failures.append(f"{rel}: broken link '{href}'")
                continue
            if fragment and target.suffix == ".html":
                linked = cache.setdefault(target, _parse(target))
                if fragment not in linked.ids:
                    failures.append(f"{rel}: broken anchor '{href}'")
    return failures


def audit_site(site: Path, cat: Catalog, output: Output) -> list[str]:
    failures: list[str] = []

    def page_html(url: str) -> str | None:
        path = site / url / "index.html"
        return path.read_text("utf-8") if path.is_file() else None

    def links_to(url: str, html: str | None, target_url: str) -> bool:
        if html is None:
            return False
        prefix = "../" * url.count("/")
        return f'href="{prefix}{target_url}"' in html

    index = page_html("briefs/")
    api = json.loads((site / "api/briefs.json").read_text("utf-8"))
    api_slugs = {b["slug"] for b in api["briefs"]}
    sitemap = (site / "sitemap.xml").read_text("utf-8") if (site / "sitemap.xml").is_file() else ""
    search_path = site / "search/search_index.json"
    search_locations = (
        {doc["location"].split("#")[0] for doc in json.loads(search_path.read_text("utf-8"))["docs"]}
        if search_path.is_file() else set()
    )
    topic_pages = {t: page_html(f"topics/{t}/") for t in cat.topics}
    author_pages = {a: page_html(f"authors/{a}/") for a in cat.authors}
    for entry in cat.entries.values():
        if page_html(entry.url) is None:
            failures.append(f"{entry.slug}: no page at /{entry.url}")
    for entry in cat.live:
        slug, url = entry.slug, entry.url
        for topic_id in entry.brief.topics:
            if not links_to(f"topics/{topic_id}/", topic_pages[topic_id], url):
                failures.append(f"{slug}: missing from topic page /topics/{topic_id}/")
        for author_id in entry.brief.authors:
            if not links_to(f"authors/{author_id}/", author_pages[author_id], url):
                failures.append(f"{slug}: missing from author page /authors/{author_id}/")
        if not links_to("briefs/", index, url):
            failures.append(f"{slug}: missing from the briefs index")
        if slug not in api_slugs:
            failures.append(f"{slug}: missing from /api/briefs.json")
        if f"/{url}</loc>" not in sitemap:
            failures.append(f"{slug}: missing from the sitemap")
        if url not in search_locations:
            failures.append(f"{slug}: missing from the search index")
    for old, target in output.redirects.items():
        if not (site / old).is_file():
            failures.append(f"redirect {old} -> {target} was not written")
    failures += check_links(site)
    return failures
