"""The post-build audit: nothing lost, nothing broken.

Each live brief must appear at its URL, on each of its topic pages and author pages, in the
briefs index, the API, the sitemap and the search index (Pagefind's, read from the page records
it writes; or, when the site uses Material's search, search/search_index.json); withdrawn briefs
keep their page and stay out of Pagefind's index; and every internal link and anchor in the
generated HTML must resolve. The updates feeds hold every new brief and every changelog entry,
the corrections feed every correction, and the calendars (parsed back) every dated item.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import multiprocessing
import os
import posixpath
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import icalendar
import lxml.etree

from .briefscan import brief_page_failures
from .catalog import Catalog
from .dataaudit import data_package_failures, digest_failures
from .pages import Output
from .pagescan import ScanContext, parse_page, scan_page, theme_scripts
from .stateaudit import state_failures
from .svgscan import download_failures

# The title links of the brief cards on a listing page (see docs/templates/_macros.j2).
_CARD_HREFS = lxml.etree.XPath(
    "//li[contains(concat(' ', @class, ' '), ' brief-card ')]/a[contains(@class, 'brief-card__title')]/@href")
_INDEXED = lxml.etree.XPath("boolean(//*[@data-pagefind-body])")  # marked for the search index
_LINKS = lxml.etree.XPath("//a/@href | //link[@rel='stylesheet' or @rel='icon' or @rel='alternate']/@href")


@dataclass
class _PageFacts:
    """What the audit needs of one HTML page, read in one parse: the failures of its security
    scan, its ids, its links that are broken (target "") or point to an anchor (target, anchor,
    href, in the page's order: anchors are checked once every page's ids are known) and the brief
    cards it lists (site-relative URLs). Links are resolved in the worker, so only these few
    facts travel back."""

    ids: frozenset[str]
    anchors: list[tuple[str, str, str]]
    cards: list[str]
    failures: list[str]
    size: int  # bytes (the audit's page-size limit)
    indexed: bool  # marked for the search index (data-pagefind-body)
    # Scripts whose file was not among the files known when the page was scanned, as (site file,
    # failure): judged by Scanner.finish once the site is complete.
    missing: list[tuple[str, str]] = field(default_factory=list)


_UNCHECKED = ("assets/", "search/", "pagefind/")  # the theme's and the search's own pages: scanned, links not checked


Resolved = dict[tuple[int, str, str], tuple[str | None, str]]  # _link_key -> _resolve's answer, for one scan


def _facts(site: Path, rel: str, context: ScanContext, provisional: bool = False,
           resolved: Resolved | None = None) -> _PageFacts:
    """Parse a page once (lxml's HTML parser: libxml2, fast and lenient), scan it, and keep the rest.
    ``provisional``: the context's files are those known so far (see Scanner)."""
    data = (site / rel).read_bytes()
    page = parse_page(data, rel)
    resolved = resolved if resolved is not None else {}
    missing: list[tuple[str, str]] | None = [] if provisional else None
    failures = page.failures + scan_page(page, rel, context, missing)
    if page.tree is None:
        return _PageFacts(frozenset(), [], [], failures, len(data), False, missing or [])
    if rel.startswith("briefs/"):
        failures += brief_page_failures(page.tree, rel)
    anchors: list[tuple[str, str, str]] = []
    if not (rel.startswith(_UNCHECKED) or rel == "404.html"):
        folder = posixpath.dirname(rel)
        for value in _LINKS(page.tree):
            href = str(value)
            key = _link_key(folder, href)
            if key is None:
                target, fragment = _resolve(context.files, rel, href)
            else:
                if key not in resolved:
                    resolved[key] = _resolve(context.files, rel, href)
                target, fragment = resolved[key]
            if target is None:
                continue
            if not target or (fragment and target.endswith(".html")):
                anchors.append((target, fragment, href))
    folder = posixpath.dirname(rel)
    cards = [posixpath.normpath(posixpath.join(folder, str(h))) + "/" for h in _CARD_HREFS(page.tree)]
    return _PageFacts(frozenset(page.ids), anchors, cards, failures, len(data), bool(_INDEXED(page.tree)),
                      missing or [])


_ScanJob = tuple[Path, ScanContext, bool]  # the site, the scan's context, whether its files are provisional
_FeedsJob = tuple[Path, Catalog, str | None]  # for the check of the feeds and calendars (Scanner)

# In a scan worker: its pool's scan and feeds jobs, set by the pool's initializer from arguments
# the worker inherits when it is forked (nothing is pickled). Each pool has its own, so audits
# that overlap (under `mkdocs serve`, a background audit and the next build's) never mix them.
_SCAN: _ScanJob | None = None
_FEEDS: _FeedsJob | None = None
_PARALLEL_FROM = 400  # pages; below this, forking costs more than it saves


def _init_worker(scan: _ScanJob, feeds: _FeedsJob | None = None, lower: bool = False) -> None:
    global _SCAN, _FEEDS
    _SCAN, _FEEDS = scan, feeds
    if lower:
        _lower_priority()


def _facts_of(rels: list[str]) -> list[_PageFacts]:
    assert _SCAN is not None
    return _facts_in(_SCAN, rels)


def _facts_in(job: _ScanJob, rels: list[str]) -> list[_PageFacts]:
    site, context, provisional = job
    resolved: Resolved = {}  # a link's target depends on the folder and the files, fixed for a scan
    return [_facts(site, rel, context, provisional, resolved) for rel in rels]


def _feeds_and_calendars() -> list[str]:
    assert _FEEDS is not None
    return updates_and_calendar_failures(*_FEEDS)


def _site_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _scan_context(site: Path, site_url: str | None, files: set[str]) -> ScanContext:
    site_url = site_url or site_url_of(site)
    own = urlsplit(site_url) if site_url else None
    context = ScanContext(
        files,
        f"{own.scheme}://{own.netloc}" if own and own.netloc else None,
        theme_scripts((site / "404.html").read_bytes()) if (site / "404.html").is_file() else set(),
        (own.path or "/") if own else "/",
    )
    if not context.base_path.endswith("/"):
        context.base_path += "/"
    return context


def _can_fork() -> bool:
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


def scan_site(site: Path, site_url: str | None = None) -> dict[str, _PageFacts]:
    """Every HTML page's facts, by site-relative path. Pages are independent, so on a large site
    they are read by one forked worker per core (the audit is most of a build's last stage)."""
    files = _site_files(site)
    context = _scan_context(site, site_url, files)
    pages = sorted(rel for rel in files if rel.endswith(".html"))
    workers = min(os.cpu_count() or 1, 8)
    job: _ScanJob = (site, context, False)
    if len(pages) < _PARALLEL_FROM or not _can_fork():
        return dict(zip(pages, _facts_in(job, pages), strict=True))
    size = max(50, len(pages) // (workers * 8))
    chunks = [pages[i:i + size] for i in range(0, len(pages), size)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_init_worker, initargs=(job,)) as pool:
        found = [facts for chunk in pool.map(_facts_of, chunks) for facts in chunk]
    return dict(zip(pages, found, strict=True))


def _lower_priority() -> None:
    """A scan worker yields to the build (the scan runs while MkDocs still renders pages)."""
    with contextlib.suppress(OSError):
        os.nice(10)


class Scanner:
    """The audit's page scan, run while the build is still writing the site.

    MkDocs renders pages on one core; the scan (most of the audit) can use the others meanwhile.
    The build hands over each page once it is written (`add`); forked workers, at a lower
    priority than the build, scan pages in batches against the files known when the scanner
    started (`expected`: the site folder then, plus every page still to be written). A link or
    script whose target is not among them yet (the search index is written last) is judged by
    `finish`, which also scans every HTML file nobody handed over and checks that every expected
    file exists; if one does not, it scans the whole site again rather than trust the batches.
    Where workers cannot be forked, `finish` is simply scan_site."""

    BATCH = 25

    def __init__(self, site: Path, expected: set[str], site_url: str | None = None,
                 cat: Catalog | None = None) -> None:
        """With `cat`, the feeds and calendars (written before any page) are checked in a worker
        too (`feed_failures`)."""
        self.site, self.site_url = site, site_url
        self.expected = expected | _site_files(site)
        self.batch: list[str] = []
        self.jobs: list[tuple[list[str], Any]] = []
        self.pool: ProcessPoolExecutor | None = None
        self.feeds: Any = None
        if _can_fork():
            job: _ScanJob = (site, _scan_context(site, site_url, self.expected), True)
            feeds: _FeedsJob | None = (site, cat, site_url or site_url_of(site)) if cat is not None else None
            self.pool = ProcessPoolExecutor(min(os.cpu_count() or 1, 8), mp_context=multiprocessing.get_context("fork"),
                                            initializer=_init_worker, initargs=(job, feeds, True))
            if cat is not None:
                self.feeds = self.pool.submit(_feeds_and_calendars)

    def feed_failures(self) -> list[str] | None:
        """What `updates_and_calendar_failures` found, checked in a worker while the build went on;
        None if it was not (or its worker died): the audit then checks them itself."""
        if self.feeds is None:
            return None
        try:
            return list(self.feeds.result())
        except (BrokenProcessPool, CancelledError):
            return None

    def add(self, rel: str) -> None:
        """A page that is now written in full and will not change."""
        if self.pool is None:
            return
        self.batch.append(rel)
        if len(self.batch) >= self.BATCH:
            self._submit()

    def _submit(self) -> None:
        if self.batch and self.pool is not None:
            try:
                self.jobs.append((self.batch, self.pool.submit(_facts_of, self.batch)))
            except (BrokenProcessPool, RuntimeError):  # a worker died (out of memory?): scan afterwards
                self.close()
            self.batch = []

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def finish(self) -> dict[str, _PageFacts]:
        """Every HTML page's facts, as scan_site gives them, once the site is complete. The scan
        during the build is only a head start: whenever it cannot be trusted in full, the whole
        site is scanned again."""
        try:
            found, files = self._collect() if self.pool is not None else (None, set())
        except BrokenProcessPool:
            found = None
        finally:
            self.close()
        if found is None:
            return scan_site(self.site, self.site_url)
        return {rel: _settled(rel, found[rel], files) for rel in sorted(found)}

    def _collect(self) -> tuple[dict[str, _PageFacts] | None, set[str]]:
        """The batches' facts and the site's files; None for the facts if a file the batches
        relied on was never written, a worker died, or a page was left out."""
        files = _site_files(self.site)
        if not self.expected <= files:
            return None, files
        handed = {rel for rels, _job in self.jobs for rel in rels} | set(self.batch)
        rest = sorted(rel for rel in files if rel.endswith(".html") and rel not in handed)
        for start in range(0, len(rest), self.BATCH):
            self.batch.extend(rest[start:start + self.BATCH])
            self._submit()
        self._submit()
        if self.pool is None:  # a worker died on the way (see _submit)
            return None, files
        found: dict[str, _PageFacts] = {}
        for rels, job in self.jobs:
            found.update(zip(rels, job.result(), strict=True))
        if not {rel for rel in files if rel.endswith(".html")} <= set(found):
            return None, files
        return found, files


def _settled(rel: str, facts: _PageFacts, files: set[str]) -> _PageFacts:
    """A page's facts from a provisional scan, judged against the complete site's files."""
    if not facts.missing and all(target for target, _f, _h in facts.anchors):
        return facts
    anchors: list[tuple[str, str, str]] = []
    for target, fragment, href in facts.anchors:
        if not target:
            found, fragment = _resolve(files, rel, href)
            if found is None or (found and not (fragment and found.endswith(".html"))):
                continue  # it exists now (and an anchor on it needs no check)
            target = found
        anchors.append((target, fragment, href))
    failures = facts.failures + [failure for site_file, failure in facts.missing if site_file not in files]
    return _PageFacts(facts.ids, anchors, facts.cards, failures, facts.size, facts.indexed)


def _link_key(folder: str, href: str) -> tuple[int, str, str] | None:
    """What an href's resolution depends on besides the site's files, as a cache key; None when
    it depends on the page itself (a fragment or query alone). Pages at the same depth share most
    of their links (the theme's: `../../topics/`), and a link that climbs to the site's root
    resolves the same from every folder that deep."""
    if not href or href[0] in "#?":
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or parts.path.startswith("/"):
        return 0, "", href  # the same from every page
    climbs, rest = 0, parts.path
    while rest.startswith("../"):
        climbs, rest = climbs + 1, rest[3:]
    depth = folder.count("/") + 1 if folder else 0
    if climbs >= depth:
        return 1, str(depth), href  # the same from every folder this deep
    return 2, folder, href


def _resolve(files: set[str], page_rel: str, href: str) -> tuple[str | None, str]:
    """The site file an internal href points to ('' when it does not exist; None for an
    external link) and its fragment."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None, ""
    target = page_rel
    if parts.path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), unquote(parts.path)))
        if parts.path.endswith("/") or target in {".", ""} or (target not in files and f"{target}/index.html" in files):
            target = "index.html" if target in {".", ""} else f"{target}/index.html"
    return (target if target in files else ""), unquote(parts.fragment)


def site_url_of(site: Path) -> str | None:
    """The site's own URL: the sitemap's shortest address (the home page)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return None
    tree = lxml.etree.fromstring(sitemap.read_bytes())
    found = [loc.text.strip() for loc in tree.iterfind("{*}url/{*}loc") if loc.text]
    return min(found, key=len) if found else None


def check_links(site: Path, site_url: str | None = None,
                scan: dict[str, _PageFacts] | None = None) -> list[str]:
    """Every internal link and anchor resolves, and every page passes the security scan
    (``pagescan``): no script but the site's own, nothing loaded from another origin."""
    scan = scan if scan is not None else scan_site(site, site_url)
    failures: list[str] = []
    for rel, page in scan.items():  # every page is scanned, the 404 page and the theme's too
        failures.extend(page.failures)
        for target, fragment, href in page.anchors:
            if not target:
                failures.append(f"{rel}: broken link '{href}'")
            elif target not in scan or fragment not in scan[target].ids:
                failures.append(f"{rel}: broken anchor '{href}'")
    return failures


_FRAGMENT_MAGIC = b"pagefind_dcd"


def pagefind_records(site: Path) -> dict[str, dict]:
    """The pages in the Pagefind index, by site-relative URL: each page's fragment (gzipped JSON
    after a signature, as Pagefind 1.x writes it: url, title, content, meta). Empty when there
    is no index."""
    records: dict[str, dict] = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data.removeprefix(_FRAGMENT_MAGIC))
        records[record["url"].lstrip("/")] = record
    return records


def pagefind_failures(site: Path, cat: Catalog, scan: dict[str, _PageFacts] | None = None) -> list[str]:
    """Pagefind's index exists and agrees with its entry file, holds every live brief and no
    withdrawn brief (drafts and future briefs have no page, so they cannot be in it), and, with
    ``scan``, every page marked for it (data-pagefind-body): the build may tell Pagefind which
    files to read (searchindex.glob_for), and a page it was not told of would be missing."""
    entry_path = site / "pagefind/pagefind-entry.json"
    if not entry_path.is_file():
        return ["the search index is missing (pagefind/pagefind-entry.json)"]
    entry = json.loads(entry_path.read_text("utf-8"))
    counted = sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())
    records = pagefind_records(site)
    failures: list[str] = []
    if counted != len(records):
        failures.append(f"the search index counts {counted} pages but holds {len(records)}")
    for e in cat.entries.values():
        if e.withdrawn and e.url in records:
            failures.append(f"{e.slug}: withdrawn, but in the search index")
        elif not e.withdrawn and e.url not in records:
            failures.append(f"{e.slug}: missing from the search index")
    for rel, facts in (scan or {}).items():
        url = rel.removesuffix("index.html")
        if facts.indexed and url not in records and not rel.startswith(_NOT_PAGES):
            failures.append(f"{rel}: marked for the search index (data-pagefind-body), but not in it")
    return failures


def audit_site(
    site: Path, cat: Catalog, output: Output, search: str = "pagefind", site_url: str | None = None,
    scan: dict[str, _PageFacts] | None = None, feeds: list[str] | None = None, pdfs: bool = False,
) -> list[str]:
    """``search`` names the site search whose index is checked: "pagefind" or "material".
    ``pdfs``: the build wrote the print edition, so every live brief has its PDF (pdf_failures).
    ``scan``: the pages' facts if they were gathered while the site was built (Scanner), and
    ``feeds`` what `updates_and_calendar_failures` found then (Scanner.feed_failures)."""
    failures: list[str] = []
    site_url = site_url or site_url_of(site)  # read from the sitemap once, for every check below

    # every page parsed once, for the listings and the links
    scan = scan if scan is not None else scan_site(site, site_url)

    def page_html(url: str) -> set[str] | None:
        """The brief cards of a listing, on every one of its pages (`url`, then `url`page/2/, ...),
        as site-relative URLs (None when there is no page). Only the cards count: an event or a
        related brief elsewhere on the page may link to a brief that is missing from the list."""
        if f"{url}index.html" not in scan:
            return None
        found: set[str] = set()
        number, page = 1, url
        while f"{page}index.html" in scan:
            found.update(scan[f"{page}index.html"].cards)
            number += 1
            page = f"{url}page/{number}/"
        return found

    def links_to(url: str, cards: set[str] | None, target_url: str) -> bool:
        return cards is not None and target_url in cards

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
        if not (site / entry.url / "index.html").is_file():
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
        if search == "material" and url not in search_locations:
            failures.append(f"{slug}: missing from the search index")
    for old, target in output.redirects.items():
        if not (site / old).is_file():
            failures.append(f"redirect {old} -> {target} was not written")
    if search == "pagefind":
        failures += pagefind_failures(site, cat, scan)
    failures += feeds if feeds is not None else updates_and_calendar_failures(site, cat, site_url)
    failures += check_links(site, site_url, scan)
    failures += page_size_failures(site, scan)
    failures += data_package_failures(site, cat)  # /data/: files, tables, the zip's checksum
    failures += digest_failures(site, site_url)  # /digest/: its feed's months have their pages
    failures += state_failures(site, cat, scan)  # the tracker, jurisdiction pages and /upcoming.ics (v3)
    failures += download_failures(site)  # the charts' standalone SVG and CSV files (issue 23)
    if pdfs:
        failures += pdf_failures(site, cat)
    return failures


def pdf_failures(site: Path, cat: Catalog) -> list[str]:
    """Every live brief has its PDF at /briefs/<slug>.pdf (contract v3), and it is a PDF."""
    failures = []
    for entry in cat.live:
        path = site / "briefs" / f"{entry.slug}.pdf"
        try:
            with path.open("rb") as handle:
                head = handle.read(5)
        except OSError:
            failures.append(f"{entry.slug}: no PDF at /briefs/{entry.slug}.pdf")
            continue
        if head != b"%PDF-":
            failures.append(f"{entry.slug}: /briefs/{entry.slug}.pdf is not a PDF")
    return failures


MAX_PAGE_BYTES = 200 * 1024  # no HTML page of the site may be larger (contract v2: listings stay small)


_NOT_PAGES = ("assets/", "pagefind/")  # the theme's and the search's own HTML, if any


def largest_pages(site: Path, count: int = 3, scan: dict[str, _PageFacts] | None = None) -> list[tuple[int, str]]:
    """The largest HTML pages, (bytes, site-relative path); with ``scan``, the sizes it read."""
    if scan is not None:
        sizes = [(facts.size, rel) for rel, facts in scan.items() if not rel.startswith(_NOT_PAGES)]
    else:
        sizes = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")
                 if not p.relative_to(site).as_posix().startswith(_NOT_PAGES)]
    return sorted(sizes, reverse=True)[:count]


def page_size_failures(site: Path, scan: dict[str, _PageFacts] | None = None) -> list[str]:
    return [f"{rel}: {size:,} bytes, over the {MAX_PAGE_BYTES:,}-byte limit for a page"
            for size, rel in largest_pages(site, count=10**9, scan=scan) if size > MAX_PAGE_BYTES]


def _site_path(site: Path, site_url: str | None) -> str:
    path = urlsplit(site_url or site_url_of(site) or "/").path or "/"  # (direct callers may omit it)
    return path if path.endswith("/") else path + "/"


def _relative(url: str, base_path: str) -> str:
    """A feed entry's id or link as a site-relative URL with its fragment (``briefs/x/#anchor``)."""
    parts = urlsplit(url)
    path = parts.path[len(base_path):] if parts.path.startswith(base_path) else parts.path.lstrip("/")
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def _atom_ids(site: Path, rel: str, base_path: str, failures: list[str]) -> set[str] | None:
    path = site / rel
    if not path.is_file():
        failures.append(f"/{rel} is missing")
        return None
    try:
        tree = lxml.etree.fromstring(path.read_bytes())
    except lxml.etree.XMLSyntaxError as exc:
        failures.append(f"/{rel} is not well-formed XML: {exc}")
        return None
    return {_relative(e.text.strip(), base_path) for e in tree.iterfind("{*}entry/{*}id") if e.text}


def _json_document(site: Path, rel: str, failures: list[str]) -> dict | None:
    path = site / rel
    if not path.is_file():
        failures.append(f"/{rel} is missing")
        return None
    try:
        doc = json.loads(path.read_text("utf-8"))
    except ValueError as exc:
        failures.append(f"/{rel} is not valid JSON: {exc}")
        return None
    if not isinstance(doc, dict):
        failures.append(f"/{rel} is not a JSON object")
        return None
    return doc


_VEVENT_REQUIRED = ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL")
_BEGIN_EVENT = b"BEGIN:VEVENT\r\n"


@dataclass
class _Calendar:
    uids: set[str]  # the UID keys (before the `@`) of its VEVENTs
    blocks: dict[bytes, str]  # each VEVENT's exact bytes -> its UID


def _calendar(site: Path, rel: str, failures: list[str], checked: _Calendar | None = None) -> _Calendar | None:
    """An .ics file's VEVENTs. Parsed back with icalendar: each VEVENT must carry UID, DTSTAMP,
    DTSTART, SUMMARY and URL, and no UID may repeat. With ``checked`` (the site's calendar, parsed
    in full), a topic calendar's VEVENTs must each be byte for byte one of the site's (the build
    writes each item once and both calendars reuse the bytes): only the rest is parsed again."""
    path = site / rel
    if not path.is_file():
        failures.append(f"/{rel} is missing")
        return None
    data = path.read_bytes()
    parts = data.split(_BEGIN_EVENT)
    head, events = parts[0], parts[1:]
    if events:  # the last event's block runs to END:VCALENDAR
        last, _, _tail = events[-1].rpartition(b"END:VEVENT\r\n")
        events[-1] = last + b"END:VEVENT\r\n"
    blocks = [_BEGIN_EVENT + e for e in events]
    found = _Calendar(set(), {})
    unknown = [b for b in blocks if checked is None or b not in checked.blocks]
    known = [b for b in blocks if checked is not None and b in checked.blocks]
    try:  # the header, the calendar's end and any event not vouched for: parsed with icalendar
        cal = icalendar.Calendar.from_ical(b"".join([head, *unknown, b"END:VCALENDAR\r\n"])
                                           if checked is not None else data)
    except ValueError as exc:
        failures.append(f"/{rel} is not a valid iCalendar file: {exc}")
        return None
    if checked is not None and not data.endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n") and blocks:
        failures.append(f"/{rel} does not end with END:VCALENDAR after its last event")
    parsed = cal.walk("VEVENT")
    keys: list[str] = []
    for event in parsed:
        missing = [name for name in _VEVENT_REQUIRED if name not in event]
        label = str(event.get("UID") or event.get("SUMMARY") or "?")
        if missing:
            failures.append(f"/{rel}: event {label!r} has no {', '.join(missing)}")
        keys.append(str(event["UID"]) if "UID" in event else "")
    if len(parsed) == len(unknown):
        found.blocks.update(zip(unknown, keys, strict=True))
    keys += [checked.blocks[b] for b in known] if checked is not None else []
    for uid in keys:
        if not uid:
            continue
        key = uid.rsplit("@", 1)[0]
        if key in found.uids:
            failures.append(f"/{rel}: UID {uid!r} appears twice")
        found.uids.add(key)
    return found


def updates_and_calendar_failures(site: Path, cat: Catalog, site_url: str | None = None) -> list[str]:
    """Every new brief and every changelog entry of every live brief is in /updates.xml and
    /updates.json and in its topics' updates feeds; every correction in /corrections/feed.xml;
    every calendar item in /calendar.ics, its topics' calendars and /calendar.json."""
    failures: list[str] = []
    base = _site_path(site, site_url)
    updates = _atom_ids(site, "updates.xml", base, failures)
    doc = _json_document(site, "updates.json", failures)
    updates_json = ({_relative(str(i.get("id", "")), base) for i in doc.get("items", []) if isinstance(i, dict)}
                    if doc is not None else None)
    corrections = _atom_ids(site, "corrections/feed.xml", base, failures)
    topic_updates: dict[str, set[str] | None] = {}
    expected = [(e.url, e, "publication") for e in cat.live]
    expected += [(f"{c.entry.url}#{c.anchor}", c.entry, c.kind) for c in cat.changes]
    for key, entry, kind in expected:
        what = f"{entry.slug}: {kind} {key}" if kind != "publication" else f"{entry.slug}: its publication"
        if updates is not None and key not in updates:
            failures.append(f"{what} missing from /updates.xml")
        if updates_json is not None and key not in updates_json:
            failures.append(f"{what} missing from /updates.json")
        if kind == "correction" and corrections is not None and key not in corrections:
            failures.append(f"{what} missing from /corrections/feed.xml")
        for topic_id in entry.brief.topics:
            rel = f"topics/{topic_id}/updates.xml"
            if topic_id not in topic_updates:
                topic_updates[topic_id] = _atom_ids(site, rel, base, failures)
            found = topic_updates[topic_id]
            if found is not None and key not in found:
                failures.append(f"{what} missing from /{rel}")
    if corrections is not None:
        wanted = {f"{c.entry.url}#{c.anchor}" for c in cat.changes if c.kind == "correction"}
        for extra in sorted(corrections - wanted):
            failures.append(f"/corrections/feed.xml holds {extra}, which is not a correction")

    site_calendar = _calendar(site, "calendar.ics", failures)
    calendar = site_calendar.uids if site_calendar is not None else None
    doc = _json_document(site, "calendar.json", failures)
    calendar_json = ({str(i.get("uid", "")).rsplit("@", 1)[0] for i in doc.get("items", []) if isinstance(i, dict)}
                     if doc is not None else None)
    topic_calendars: dict[str, set[str] | None] = {}
    for item in cat.calendar:
        what = f"{item.entry.slug}: calendar item {item.uid_key} ({item.date.isoformat()})"
        if calendar is not None and item.uid_key not in calendar:
            failures.append(f"{what} missing from /calendar.ics")
        if calendar_json is not None and item.uid_key not in calendar_json:
            failures.append(f"{what} missing from /calendar.json")
        for topic_id in dict.fromkeys([*item.topics, *item.entry.brief.topics]):
            rel = f"topics/{topic_id}/calendar.ics"
            if topic_id not in topic_calendars:
                topic = _calendar(site, rel, failures, checked=site_calendar)
                topic_calendars[topic_id] = topic.uids if topic is not None else None
            found = topic_calendars[topic_id]
            if found is not None and item.uid_key not in found:
                failures.append(f"{what} missing from /{rel}")
    return failures
