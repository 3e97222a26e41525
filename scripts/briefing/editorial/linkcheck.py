"""`briefing check-links`: check every source `url` and `archived_url` in the corpus.

Standard library only (urllib). Each URL is tried with HEAD, then GET when HEAD is refused;
redirects are followed (HEAD stays HEAD), every request has a timeout, and transient failures
(timeouts, dropped connections, 429 and 5xx answers) are retried a bounded number of times with
exponential backoff. URLs are checked in a thread pool, at most two at a time per host.

The report is grouped by brief: OK, redirected (with the new address, so the source can be
updated) or broken (the status or the error), with the archived copy where the brief gives one.
Link rot is a fact of life, not a contributor's mistake: the command exits 0 unless ``--strict``.
"""

from __future__ import annotations

import email.utils
import html
import http.client
import json
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlsplit

from .. import __version__

Outcome = Literal["ok", "redirected", "broken"]
USER_AGENT = (
    f"Mozilla/5.0 (compatible; briefing-linkcheck/{__version__}; "
    "AI Governance Briefs source checker)"
)
# Answers that often mean "this server does not do HEAD" rather than "this page is gone".
RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 30.0
PER_HOST = 2


@dataclass
class Result:
    url: str
    outcome: Outcome
    status: int | None = None
    reason: str = ""
    final_url: str | None = None
    error: str | None = None
    method: str = "HEAD"
    attempts: int = 1
    seconds: float = 0.0

    def describe(self) -> str:
        if self.outcome == "broken":
            if self.error:
                return self.error
            return f"HTTP {self.status} {self.reason}".strip()
        if self.outcome == "redirected":
            return f"redirected to {self.final_url}"
        return f"HTTP {self.status}" if self.status else "ok"


@dataclass
class SourceLink:
    path: str  # the brief, relative to the project root
    slug: str
    index: int  # position in `sources`
    title: str
    url: str
    archived_url: str | None = None


@dataclass
class Report:
    links: list[SourceLink]
    results: dict[str, Result] = field(default_factory=dict)

    def result(self, url: str | None) -> Result | None:
        return self.results.get(url) if url else None

    def counts(self) -> dict[str, int]:
        counts = {"ok": 0, "redirected": 0, "broken": 0}
        for link in self.links:
            res = self.results.get(link.url)
            if res:
                counts[res.outcome] += 1
        return counts

    def broken_archives(self) -> int:
        return sum(
            1
            for link in self.links
            if link.archived_url
            and (r := self.results.get(link.archived_url))
            and r.outcome == "broken"
        )

    def any_broken(self) -> bool:
        return any(r.outcome == "broken" for r in self.results.values())


# ------------------------------------------------------------------------------------ collecting


def collect(root: Path) -> list[SourceLink]:
    """Every source of every brief under ``root/briefs`` (drafts included), in file order."""
    from ..rules.files import load

    corpus = load(root)
    links: list[SourceLink] = []
    for brief in sorted(corpus.briefs, key=lambda b: b.rel):
        sources = brief.raw.get("sources")
        if not isinstance(sources, list):
            continue
        for index, source in enumerate(sources):
            if not isinstance(source, dict) or not isinstance(source.get("url"), str):
                continue
            archived = source.get("archived_url")
            links.append(
                SourceLink(
                    brief.rel,
                    brief.slug,
                    index,
                    str(source.get("title") or ""),
                    source["url"].strip(),
                    archived.strip() if isinstance(archived, str) and archived.strip() else None,
                )
            )
    return links


# -------------------------------------------------------------------------------------- checking


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, keeping HEAD as HEAD (urllib would turn it into GET)."""

    max_redirections = 10

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


def _opener() -> urllib.request.OpenerDirector:
    # Only http(s): no file:, ftp: or data: handlers, so a redirect cannot read local files.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


@dataclass
class _Attempt:
    status: int | None = None
    reason: str = ""
    final_url: str | None = None
    error: str | None = None
    transient: bool = False
    retry_after: float | None = None
    fallback: bool = False  # worth trying GET after HEAD
    failed: bool = False  # an HTTP error answer, whatever its code (e.g. a redirect loop)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))


def _describe_error(exc: BaseException) -> tuple[str, bool]:
    """(message, transient) for a failure that produced no HTTP status."""
    reason: Any = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out", True
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate problem: {reason.verify_message or reason}", False
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason.reason or reason}", True
    if isinstance(reason, socket.gaierror):
        return "host name not found (DNS)", False
    if isinstance(reason, http.client.RemoteDisconnected):
        return "connection closed by the server without an answer", True
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server", True
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused", True
    if isinstance(reason, http.client.HTTPException):
        return f"invalid HTTP answer ({type(reason).__name__})", True
    if isinstance(reason, OSError):
        return f"network error: {reason.strerror or reason}", True
    return str(reason) or type(reason).__name__, False


_NO_FALLBACK = ("timed out", "host name not found", "connection refused", "TLS certificate")


def _request(url: str, method: str, timeout: float) -> _Attempt:
    req = urllib.request.Request(
        url,
        method=method,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8",
            "Accept-Language": "en,zh;q=0.8,*;q=0.5",
        },
    )
    try:
        with _opener().open(req, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)  # enough to know the body starts; never the whole file
            return _Attempt(response.status, response.reason or "", response.geturl())
    except urllib.error.HTTPError as exc:
        with exc:
            status = exc.code
            attempt = _Attempt(status, str(exc.reason or ""), exc.geturl())
            attempt.transient = status in RETRYABLE_STATUS
            attempt.retry_after = _retry_after(
                exc.headers.get("Retry-After") if exc.headers else None
            )
            attempt.fallback = method == "HEAD"
            attempt.failed = True
            if 300 <= status < 400:  # a redirect urllib refused: a loop, or to a non-web URL
                attempt.reason = f"redirect not followed: {exc.reason}"
            return attempt
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        message, transient = _describe_error(exc)
        # A server that drops or garbles a HEAD request may still answer GET; a timeout or a
        # missing host would only fail again.
        fallback = method == "HEAD" and not message.startswith(_NO_FALLBACK)
        return _Attempt(error=message, transient=transient, fallback=fallback)


def _same(a: str, b: str) -> bool:
    def norm(u: str) -> tuple[str, ...]:
        p = urlsplit(u)
        return (p.scheme.lower(), p.netloc.lower(), p.path or "/", p.query)

    return norm(a) == norm(b)


def check_url(
    url: str,
    timeout: float = 10.0,
    retries: int = 2,
    backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Result:
    """Check one URL: HEAD, GET if HEAD is refused, bounded retries with exponential backoff."""
    start = time.monotonic()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return Result(url, "broken", error="not an http(s) URL", attempts=0)
    attempt = _Attempt()
    method = "HEAD"
    tries = 0
    for tries in range(1, retries + 2):
        method = "HEAD"
        attempt = _request(url, "HEAD", timeout)
        if attempt.fallback:
            method = "GET"
            attempt = _request(url, "GET", timeout)
        if not attempt.transient or tries > retries:
            break
        delay = (
            attempt.retry_after if attempt.retry_after is not None else backoff * 2 ** (tries - 1)
        )
        sleep(min(delay, MAX_RETRY_AFTER))
    elapsed = round(time.monotonic() - start, 3)
    if attempt.status is not None and not attempt.failed and attempt.status < 400:
        final = attempt.final_url or url
        outcome: Outcome = "ok" if _same(final, url) else "redirected"
        return Result(
            url,
            outcome,
            attempt.status,
            attempt.reason,
            final if outcome == "redirected" else None,
            None,
            method,
            tries,
            elapsed,
        )
    final = attempt.final_url if attempt.final_url and not _same(attempt.final_url, url) else None
    return Result(
        url, "broken", attempt.status, attempt.reason, final, attempt.error, method, tries, elapsed
    )


def check_all(
    urls: Iterable[str],
    timeout: float = 10.0,
    concurrency: int = 8,
    retries: int = 2,
    backoff: float = 1.0,
) -> dict[str, Result]:
    """Check each distinct URL once, in a thread pool, at most PER_HOST at a time per host."""
    unique = list(dict.fromkeys(urls))
    locks: dict[str, threading.Semaphore] = {}
    guard = threading.Lock()

    def run(url: str) -> Result:
        host = (urlsplit(url).hostname or "").lower()
        with guard:
            sem = locks.setdefault(host, threading.Semaphore(PER_HOST))
        with sem:
            try:
                return check_url(url, timeout, retries, backoff)
            except Exception as exc:  # never let one odd URL stop the report
                return Result(url, "broken", error=f"unexpected error: {type(exc).__name__}: {exc}")

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return dict(zip(unique, pool.map(run, unique), strict=True))


def check_corpus(
    root: Path, timeout: float = 10.0, concurrency: int = 8, retries: int = 2, backoff: float = 1.0
) -> Report:
    links = collect(root)
    urls = [u for link in links for u in (link.url, link.archived_url) if u]
    return Report(links, check_all(urls, timeout, concurrency, retries, backoff))


# -------------------------------------------------------------------------------------- reporting


def _clean(value: Any) -> str:
    return " ".join(str(value).split())


def _by_brief(report: Report) -> dict[str, list[SourceLink]]:
    grouped: dict[str, list[SourceLink]] = {}
    for link in report.links:
        grouped.setdefault(link.path, []).append(link)
    return grouped


LABEL = {"ok": "OK", "redirected": "REDIRECTED", "broken": "BROKEN"}


def render_text(report: Report) -> str:
    lines: list[str] = []
    for path, links in _by_brief(report).items():
        lines.append(_clean(path))
        for link in links:
            res = report.result(link.url)
            if res is None:
                continue
            line = f"  {LABEL[res.outcome]:<10}  {_clean(link.url)}"
            if res.outcome != "ok":
                line += f"  ({_clean(res.describe())})"
            lines.append(line)
            if link.archived_url:
                arch = report.result(link.archived_url)
                state = LABEL[arch.outcome] if arch else "?"
                lines.append(f"  {'':<10}  archived copy: {_clean(link.archived_url)} ({state})")
    counts = report.counts()
    lines.append("")
    lines.append(
        f"{len(report.links)} sources in {len(_by_brief(report))} briefs: {counts['ok']} OK, "
        f"{counts['redirected']} redirected, {counts['broken']} broken; "
        f"{report.broken_archives()} archived copies broken"
    )
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(value: Any) -> str:
    """Untrusted text made inert in Markdown and HTML."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(_clean(value), quote=False))


def md_link(url: str) -> str:
    """A clickable link to an http(s) URL; anything else is shown as inert text."""
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return md(url)
    target = quote(url, safe=":/?#@!$&'*+,;=%~-._[]").replace("(", "%28").replace(")", "%29")
    return f"[{md(url)}]({target})"


def render_markdown(report: Report) -> str:
    counts = report.counts()
    lines = [
        "## Source link check",
        "",
        f"{len(report.links)} sources in {len(_by_brief(report))} briefs: "
        f"**{counts['broken']} broken**, "
        f"{counts['redirected']} redirected, {counts['ok']} OK; "
        f"{report.broken_archives()} archived copies broken.",
        "",
    ]
    if not counts["broken"] and not counts["redirected"]:
        lines += ["Every source answered. Nothing to do.", ""]
    else:
        lines += [
            "Broken sources need a new URL or an `archived_url`; redirected ones can be updated "
            "to the new address. Edit the brief's `sources` and, for a published brief, add a "
            "changelog entry.",
            "",
        ]
    for path, links in _by_brief(report).items():
        bad = [lk for lk in links if (r := report.result(lk.url)) and r.outcome != "ok"]
        if not bad:
            continue
        lines += [
            f"### {md(path)}",
            "",
            "| | source | result | archived copy |",
            "|---|---|---|---|",
        ]
        for link in bad:
            res = report.result(link.url)
            assert res is not None
            archive = "—"
            if link.archived_url:
                arch = report.result(link.archived_url)
                archive = f"{md_link(link.archived_url)} ({LABEL[arch.outcome] if arch else '?'})"
            detail = (
                f"redirected to {md_link(res.final_url)}"
                if res.outcome == "redirected" and res.final_url
                else md(res.describe())
            )
            lines.append(
                f"| {LABEL[res.outcome]} | {md(link.title) or md(link.url)}<br>{md_link(link.url)} "
                f"| {detail} | {archive} |"
            )
        lines.append("")
    ok = [lk for lk in report.links if (r := report.result(lk.url)) and r.outcome == "ok"]
    if ok:
        lines += [f"<details><summary>{len(ok)} OK</summary>", ""]
        lines += [f"- {md(lk.path)}: {md_link(lk.url)}" for lk in ok]
        lines += ["", "</details>", ""]
    return "\n".join(lines).rstrip() + "\n"


def render_json(report: Report) -> str:
    briefs = []
    for path, links in _by_brief(report).items():
        sources = []
        for link in links:
            res = report.result(link.url)
            arch = report.result(link.archived_url)
            sources.append(
                {
                    "index": link.index,
                    "title": link.title,
                    "url": link.url,
                    "result": asdict(res) if res else None,
                    "archived_url": link.archived_url,
                    "archived": asdict(arch) if arch else None,
                }
            )
        briefs.append({"path": path, "slug": links[0].slug, "sources": sources})
    payload = {
        "summary": {
            **report.counts(),
            "sources": len(report.links),
            "broken_archives": report.broken_archives(),
        },
        "briefs": briefs,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "markdown":
        return render_markdown(report)
    return render_text(report)
