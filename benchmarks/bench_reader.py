"""What a reader pays at scale: the site search and a brief page with 1,000 briefs, for two engines.

Generates a synthetic corpus (benchmarks/synthetic.py: valid briefs of ~800 words, with the real
topics, authors and jurisdictions) and builds it twice with the real mkdocs.yml, templates and
overrides: once with Material's `search` plugin, once with Pagefind (Material's plugin removed,
the briefing plugin's `pagefind: true`: the header gets partials/pagefind.html and Pagefind
indexes the built site). Serves each on 127.0.0.1 and measures in headless Chromium:

* the search index, raw and gzipped (Material ships one JSON file with every section's text;
  Pagefind writes a chunked index, fragments and a WebAssembly module, fetched on demand), and
  for Pagefind the bytes actually fetched from /pagefind/ to answer one query;
* the time from opening a brief page to the first search results for a typed query (median of
  several cold loads; Material fetches and indexes the whole index before it can answer);
* the bytes transferred to load a brief page, from a plain server and from one that gzips text
  as GitHub Pages does (Chrome DevTools Protocol: encoded bytes on the wire per response).

Run: .venv/bin/python benchmarks/bench_reader.py [--briefs 1000] [--runs 5] [--engines material,pagefind] [--check]
(--check: exit 1 when the site's engine, Pagefind unless mkdocs.yml enables `search`, misses a target)
Timings are on loopback without network throttling: a lower bound for a real reader.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import mimetypes
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from briefing.site.audit import pagefind_records
from synthetic import generate

REPO = Path(__file__).resolve().parents[1]
TODAY = "2030-01-01"  # after every synthetic publication date
QUERY = "semiconductor"  # a word from the synthetic vocabulary
WARM_QUERY = "watermark"
ZH_QUERY = "治理"  # governance: inside longer runs of the synthetic Chinese passages (synthetic.ZH_WORDS)
ZH_WORDS = 60  # words of Chinese at the end of each synthetic brief
FIRST_RESULTS_BUDGET = 300_000  # bytes from opening a brief page to the first results (issue 11)
BRIEF = "briefs/synthetic-brief-00010/"
GZIP_LEVEL = 6  # what static hosts typically use on the fly

INDEX_TARGET = 1_500_000  # bytes, gzipped
RESULTS_TARGET = 1.0  # seconds from opening a brief page to the first results
PAGE_TARGET = 600_000  # bytes transferred for a brief page (strictly less than)

# As in tests/browser/browser_env.py: Debian's chromium, headless and quiet on the network.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"}


# --- serving -----------------------------------------------------------------------------------


class PlainHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class GzipHandler(PlainHandler):
    """Serves text compressed when the browser asks for it, as GitHub Pages and most CDNs do."""

    cache: ClassVar[dict[Path, bytes]] = {}
    # (URL path, body bytes sent) for every response: the server's own count, which also sees
    # what a Web Worker fetches (Pagefind's worker loads the WebAssembly and the index chunks,
    # and a page's DevTools session does not report a worker's requests).
    served: ClassVar[list[tuple[str, int]]] = []

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            self.served.append((self.path, path.stat().st_size if path.is_file() else 0))
            super().do_GET()
            return
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(path.read_bytes(), GZIP_LEVEL)
        self.served.append((self.path, len(body)))
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(directory: Path, handler: type[SimpleHTTPRequestHandler]) -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- the engines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Engine:
    name: str
    input: str  # the query box
    result: str  # one search result
    warm_shown: str  # JS predicate: the results of WARM_QUERY are on screen
    index_prefix: str  # site-relative prefix of the files that make up the search index


MATERIAL = Engine(
    "material", ".md-search__input", ".md-search-result__item",
    """() => [...document.querySelectorAll(".md-search-result__item a")].some(a => a.href.includes("h=watermark"))""",
    "search/search_index.json",
)
PAGEFIND = Engine(
    # A result with its link: Pagefind first shows placeholders, then loads each result's fragment.
    "pagefind", "input.pagefind-ui__search-input", ".pagefind-ui__result-link",
    """() => { const m = document.querySelector(".pagefind-ui__message");
               return !!m && m.textContent.includes("watermark")
                 && !!document.querySelector(".pagefind-ui__result-link"); }""",
    "pagefind/",
)
# Pagefind without the Chinese bigrams (briefing/site/zh.py): the search as it was before, to compare.
PAGEFIND_PLAIN = Engine("pagefind-plain", PAGEFIND.input, PAGEFIND.result, PAGEFIND.warm_shown, PAGEFIND.index_prefix)
ENGINES = {e.name: e for e in (MATERIAL, PAGEFIND, PAGEFIND_PLAIN)}
# Material's search plugin block in mkdocs.yml, as the site configured it before Pagefind.
MATERIAL_SEARCH = "  - search:\n      lang: [en]\n      separator: '[\\s\\u200b\\-]'\n"
SEARCH_BLOCK = re.compile(r"^  - search:\n(?:      .*\n)*", re.M)


def site_engine(config: str) -> str:
    """The engine the site's own mkdocs.yml uses."""
    return "material" if SEARCH_BLOCK.search(config) else "pagefind"


def engine_config(config: str, engine: str) -> str:
    """The site's mkdocs.yml with one search engine: Material's plugin, or Pagefind."""
    config = SEARCH_BLOCK.sub("", config)
    config = re.sub(r"^      pagefind: (true|false)\n", "", config, flags=re.M)
    if engine == "material":
        config = config.replace("plugins:\n", "plugins:\n" + MATERIAL_SEARCH, 1)
        if "search.highlight" not in config:  # the features the site used with Material's search
            config = config.replace("  features:\n", "  features:\n    - search.suggest\n    - search.highlight\n", 1)
    flag = "true" if engine.startswith("pagefind") else "false"
    extra = "      chinese_bigrams: false\n" if engine == "pagefind-plain" else ""
    return config.replace("  - briefing:\n", f"  - briefing:\n      pagefind: {flag}\n{extra}", 1)


# --- building ----------------------------------------------------------------------------------


def build(root: Path, engine: str, site_url: str) -> float:
    """Build the corpus in ``root`` into ``root/site-<engine>``; returns build seconds."""
    config = root / f"mkdocs-{engine}.yml"
    config.write_text(engine_config((REPO / "mkdocs.yml").read_text("utf-8"), engine), "utf-8")
    env = {**os.environ, "BRIEFING_TODAY": TODAY, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("REPO_URL", None)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config),
                           "-d", str(root / f"site-{engine}")],
                          cwd=root, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the synthetic site did not build with {engine}:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start


def index_files(site: Path, engine: Engine) -> tuple[list[Path], list[Path]]:
    """The search index and, for Pagefind, its result fragments (one per page: title, summary and
    text for the excerpt, fetched only for the results shown). Material's index is one JSON file.
    Pagefind's index is what a query needs: pagefind.js, the worker, the WebAssembly, the entry
    file, the metadata and the word chunks; its UI scripts and styles are not counted."""
    if engine is MATERIAL:
        return [site / engine.index_prefix], []
    # (both Pagefind builds)
    files = [p for p in sorted((site / "pagefind").rglob("*")) if p.is_file() and "-ui." not in p.name
             and p.name != "pagefind-highlight.js"]
    fragments = [p for p in files if p.parent.name == "fragment"]
    return [p for p in files if p.parent.name != "fragment"], fragments


# --- measuring ---------------------------------------------------------------------------------


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None  # let Playwright use its own, if installed


@dataclass
class SearchTiming:
    index: float  # seconds from navigation start until the (last) index file needed had arrived
    results: float  # seconds from navigation start until the first result was shown
    typed: float  # seconds from the end of typing until the first result
    warm: float  # seconds for one more query on the same page
    typing: float  # seconds Playwright took to type the query (from interactive to typed)
    fetched: int  # bytes on the wire from the index files to answer the first query
    total: int = 0  # bytes on the wire from opening the page to the first results, all files


@contextmanager
def cold_page(browser: Any, url: str) -> Iterator[Any]:
    """A brief page opened in a fresh context (a cold cache), with the server's byte count reset."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(120_000)
        GzipHandler.served.clear()
        page.goto(url, wait_until="domcontentloaded")
        yield page
    finally:
        context.close()


def time_search(browser: Any, url: str, engine: Engine) -> SearchTiming:
    """A cold load of a brief page; type the query as soon as the page is interactive."""
    with cold_page(browser, url) as page:
        began = page.evaluate("performance.now()")
        page.keyboard.press("/")
        page.keyboard.type(QUERY)
        typed = page.evaluate("performance.now()")
        page.wait_for_selector(engine.result)
        shown = page.evaluate("performance.now()")
        prefix = url.split(BRIEF)[0] + engine.index_prefix
        # The page's own fetches of the index (a worker's are not in the page's timeline).
        arrived = page.evaluate(
            f"Math.max(0, ...performance.getEntriesByType('resource').filter(e => e.name.startsWith({prefix!r}))"
            ".map(e => e.responseEnd))")
        served = list(GzipHandler.served)
        fetched = sum(n for path, n in served if path.startswith("/" + engine.index_prefix) and "-ui." not in path)
        total = sum(n for _, n in served)  # everything, from the page itself to the first results
        # A second query on the same page: the index (or its first chunks) is loaded.
        page.fill(engine.input, "")
        page.keyboard.press("End")
        page.wait_for_selector(engine.result, state="detached")
        page.fill(engine.input, WARM_QUERY)
        start = page.evaluate("performance.now()")
        page.keyboard.press("End")  # one keyup: one query
        page.wait_for_function(engine.warm_shown)
        warm = page.evaluate("performance.now()") - start
        return SearchTiming(index=arrived / 1000, results=shown / 1000, typed=(shown - typed) / 1000,
                            warm=warm / 1000, typing=(typed - began) / 1000, fetched=fetched, total=total)


# Settled: Pagefind's UI reports a count (or none) for the query, not "Searching for ...".
RESULTS_REPORTED = """(q) => { const m = document.querySelector(".pagefind-ui__message");
  return !!m && m.textContent.includes(q) && !/Searching/.test(m.textContent)
    && (/^No results/.test(m.textContent.trim()) || !!document.querySelector(".pagefind-ui__result-link")); }"""


@dataclass
class QueryCost:
    seconds: float  # from navigation start to the results (or "no results") on screen
    index_bytes: int  # from /pagefind/ (entry, WebAssembly, chunks, fragments), as served
    total_bytes: int  # everything served from opening the page to the first results
    results: int  # how many results Pagefind reported
    parts: dict[str, int] | None = None  # bytes by file, the largest first


def query_cost(browser: Any, url: str, query: str) -> QueryCost:
    """A cold load of a brief page and one query typed into the header box (Pagefind)."""
    with cold_page(browser, url) as page:
        page.keyboard.press("/")
        page.keyboard.type(query)
        page.wait_for_function(RESULTS_REPORTED, arg=query)
        shown = page.evaluate("performance.now()")
        message = page.locator(".pagefind-ui__message").inner_text()
        served = list(GzipHandler.served)
        count = int(re.sub(r"[^0-9]", "", message.split(" ")[0]) or 0)
        parts: dict[str, int] = {}
        for path, n in served:
            key = re.sub(r"/[^/]+\.pf_fragment$", "/fragment/*", path.split("?")[0])
            parts[key] = parts.get(key, 0) + n
        return QueryCost(shown / 1000, sum(n for p, n in served if p.startswith("/pagefind/") and "-ui." not in p),
                         sum(n for _, n in served), count, dict(sorted(parts.items(), key=lambda kv: -kv[1])))


def page_bytes(browser: Any, url: str) -> tuple[int, dict[str, int]]:
    """Bytes on the wire (headers + encoded bodies) to load ``url`` with a cold cache."""
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        urls: dict[str, str] = {}
        sizes: dict[str, int] = {}
        cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished",
               lambda e: sizes.__setitem__(e["requestId"], sizes.get(e["requestId"], 0) + int(e["encodedDataLength"])))
        page.goto(url, wait_until="networkidle")
        per_url: dict[str, int] = {}
        for request_id, size in sizes.items():
            name = urls.get(request_id, "?").removeprefix(url.split(BRIEF)[0])
            per_url[name] = per_url.get(name, 0) + size
        return sum(sizes.values()), per_url
    finally:
        context.close()


# --- reporting ---------------------------------------------------------------------------------


def wire_size(path: Path) -> int:
    """Bytes on the wire from the gzip server: text gzipped, anything else as stored (Pagefind's
    index chunks, fragments and WebAssembly are gzip-compressed by Pagefind itself)."""
    data = path.read_bytes()
    return len(gzip.compress(data, GZIP_LEVEL)) if path.suffix in COMPRESSIBLE else len(data)


def gzip_ratio(paths: list[Path]) -> float:
    text = b"\n".join(path.read_bytes() for path in paths)
    return len(text) / len(gzip.compress(text, GZIP_LEVEL))


def size(n: float) -> str:
    return f"{n / 1_000_000:.2f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} KB"


@dataclass
class Measured:
    engine: Engine
    build_seconds: float
    index_raw: int
    index_gz: int
    index_files: int
    fragments_gz: int
    fragment_files: int
    timings: list[SearchTiming]
    plain_total: int
    gz_total: int
    gz_parts: dict[str, int]
    disk: int = 0  # the whole search index on disk (Pagefind: every file under /pagefind/)
    zh: list[QueryCost] | None = None  # the Chinese query, cold loads (Pagefind only)
    zh_holders: int = 0  # indexed pages whose text holds the Chinese query (what a full search returns)

    def median(self, field: str) -> float:
        return statistics.median(getattr(t, field) for t in self.timings)

    def index_on_page_load(self) -> int:
        return sum(n for name, n in self.gz_parts.items()
                   if name.startswith(self.engine.index_prefix) and "-ui." not in name)


def measure(browser_factory: Any, root: Path, engine: Engine, runs: int) -> Measured:
    site = root / f"site-{engine.name}"
    site.mkdir()
    with serve(site, PlainHandler) as plain_url, serve(site, GzipHandler) as gzip_url:
        build_seconds = build(root, engine.name, plain_url)
        files, fragments = index_files(site, engine)
        raw = b"".join(p.read_bytes() for p in files)
        index_gz = sum(wire_size(p) for p in files)
        fragments_gz = sum(wire_size(p) for p in fragments)
        browser = browser_factory()
        try:
            timings = [time_search(browser, gzip_url + BRIEF, engine) for _ in range(runs)]
            zh = None if engine is MATERIAL else [query_cost(browser, gzip_url + BRIEF, ZH_QUERY) for _ in range(runs)]
            plain_total, _ = page_bytes(browser, plain_url + BRIEF)
            gz_total, gz_parts = page_bytes(browser, gzip_url + BRIEF)
        finally:
            browser.close()
    disk_root = site / ("search" if engine is MATERIAL else "pagefind")
    disk = sum(p.stat().st_size for p in disk_root.rglob("*") if p.is_file())
    holders = 0 if engine is MATERIAL else sum(
        ZH_QUERY in r["content"] + r["meta"].get("title", "") for r in pagefind_records(site).values())
    return Measured(engine, build_seconds, len(raw), index_gz, len(files), fragments_gz, len(fragments), timings,
                    plain_total, gz_total, gz_parts, disk, zh, holders)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--briefs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="cold page loads for the search timing")
    parser.add_argument("--engines", default="material,pagefind,pagefind-plain",
                        help="comma-separated: material, pagefind, pagefind-plain (Pagefind without Chinese bigrams)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the site's engine misses a target")
    args = parser.parse_args()
    engines = [ENGINES[name.strip()] for name in args.engines.split(",") if name.strip()]
    from playwright.sync_api import sync_playwright

    results: list[Measured] = []
    with tempfile.TemporaryDirectory(prefix="bench-reader-") as tmp, sync_playwright() as playwright:
        root = Path(tmp)
        shutil.copytree(REPO / "docs", root / "docs")
        generate(root, args.briefs, zh_words=ZH_WORDS)
        # The synthetic prose repeats a 60-word vocabulary and compresses better than real
        # briefs; scale the gzipped index by the two corpora's compression ratios.
        synthetic_ratio = gzip_ratio(sorted((root / "briefs").glob("*.md"))[:50])
        real_ratio = gzip_ratio(sorted((REPO / "briefs").glob("*.md")))

        def launch() -> Any:
            return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        for engine in engines:
            results.append(measure(launch, root, engine, args.runs))

    rows: list[tuple[str, list[str], str]] = []  # metric, one value per engine, target

    def row(name: str, values: list[str], target: str = "") -> None:
        rows.append((name, values, target))

    def judged(value: str, ok: bool) -> str:
        return f"{value} {verdict(ok)}"

    row("site built in", [f"{m.build_seconds:.1f} s" for m in results])
    row("search index, raw", [f"{size(m.index_raw)} ({m.index_files} files)" for m in results])
    row(f"search index, gzip -{GZIP_LEVEL} (as served)",
        [judged(size(m.index_gz), m.index_gz <= INDEX_TARGET) for m in results], f"<= {size(INDEX_TARGET)}")
    row("result fragments, gzip (fetched per result shown)",
        [f"{size(m.fragments_gz)} ({m.fragment_files} files)" if m.fragment_files else "-" for m in results])
    row("index + fragments, gzip (all files on the server)", [size(m.index_gz + m.fragments_gz) for m in results])
    row("  estimate for real prose (see below)",
        [size(m.index_gz * synthetic_ratio / real_ratio) if m.engine is MATERIAL else "n/a (chunked)"
         for m in results])
    row("search index on disk (every file)", [size(m.disk) for m in results])
    row(f"index bytes fetched for the first query ({QUERY!r})",
        [size(statistics.median(t.fetched for t in m.timings)) for m in results])
    row("  all bytes, open brief -> first results",
        [judged(size(statistics.median(t.total for t in m.timings)),
                statistics.median(t.total for t in m.timings) <= FIRST_RESULTS_BUDGET) for m in results],
        f"<= {size(FIRST_RESULTS_BUDGET)}")

    def zh_median(m: Measured, field: str) -> float | None:
        return statistics.median(getattr(q, field) for q in m.zh) if m.zh else None

    row(f"Chinese query {ZH_QUERY!r}: results / pages holding it",
        [f"{zh_median(m, 'results'):.0f} / {m.zh_holders}" if m.zh else "-" for m in results])
    row("  index bytes fetched", [size(zh_median(m, "index_bytes")) if m.zh else "-" for m in results])
    row("  all bytes, open brief -> first results",
        [judged(size(zh_median(m, "total_bytes")), zh_median(m, "total_bytes") <= FIRST_RESULTS_BUDGET)
         if m.zh else "-" for m in results], f"<= {size(FIRST_RESULTS_BUDGET)}")
    row("  open brief -> results shown", [f"{zh_median(m, 'seconds'):.2f} s" if m.zh else "-" for m in results])
    row(f"open brief -> first results (median of {args.runs})",
        [judged(f"{m.median('results'):.2f} s", m.median("results") <= RESULTS_TARGET) for m in results],
        f"<= {RESULTS_TARGET:.0f} s")
    row("  page interactive -> query typed", [f"{m.median('typing'):.2f} s" for m in results])
    row("  index fetched by the page by (Material)", [f"{m.median('index'):.2f} s" if m.engine is MATERIAL else "-"
                                                     for m in results])
    row("  typing done -> first results", [f"{m.median('typed'):.2f} s" for m in results])
    row("one more query on the same page", [f"{m.median('warm'):.2f} s" for m in results])
    row("brief page transferred, gzip server",
        [judged(size(m.gz_total), m.gz_total < PAGE_TARGET) for m in results], f"< {size(PAGE_TARGET)}")
    row("brief page transferred, no compression",
        [judged(size(m.plain_total), m.plain_total < PAGE_TARGET) for m in results], f"< {size(PAGE_TARGET)}")
    row("  of which search index (gzip server)", [size(m.index_on_page_load()) for m in results])

    print(f"corpus: {args.briefs} synthetic briefs (~800 words each), built once per engine")
    print(f"search timing: cold loads of /{BRIEF} from the gzip server on loopback, query {QUERY!r} "
          "typed as soon as the page is interactive (DOMContentLoaded), then '/'")
    names = [m.engine.name for m in results]
    width = max(len(r[0]) for r in rows)
    cols = [max(len(n), *(len(r[1][i]) for r in rows)) for i, n in enumerate(names)]
    header = "  ".join(f"{n:>{c}}" for n, c in zip(names, cols, strict=True))
    print("\n" + f"{'metric':<{width}}  {header}  target")
    for name, values, target in rows:
        print(f"{name:<{width}}  " + "  ".join(f"{v:>{c}}" for v, c in zip(values, cols, strict=True)) + f"  {target}")
    for m in results:
        if m.zh:
            parts = m.zh[-1].parts or {}
            print(f"\nopen brief -> first results for {ZH_QUERY!r} with {m.engine.name}, by file (last run): "
                  + ", ".join(f"{name} {size(n)}" for name, n in list(parts.items())[:10]))
        print(f"\nlargest transfers for the brief page with {m.engine.name} (gzip server): " + ", ".join(
            f"{name} {size(n)}" for name, n in sorted(m.gz_parts.items(), key=lambda kv: -kv[1])[:4]))
    print(f"gzip ratio: synthetic briefs {synthetic_ratio:.1f}x, the real briefs {real_ratio:.1f}x; the estimate "
          "scales Material's gzipped index by their quotient. Pagefind's index files are compressed "
          "by Pagefind itself and counted as stored; bytes fetched are counted by the server "
          "(Pagefind's worker fetches too). --check judges the site's engine only.")

    def missed(m: Measured) -> bool:
        return not (m.index_gz <= INDEX_TARGET and m.median("results") <= RESULTS_TARGET and m.gz_total < PAGE_TARGET
                    and m.plain_total < PAGE_TARGET)

    for m in results:
        print(f"{m.engine.name}: " + ("all targets met" if not missed(m) else "misses a target"))
    own = site_engine((REPO / "mkdocs.yml").read_text("utf-8"))
    return 1 if args.check and any(m.engine.name == own and missed(m) for m in results) else 0


if __name__ == "__main__":
    sys.exit(main())
