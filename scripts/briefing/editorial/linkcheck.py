"""`briefing check-links`: check every source `url` and `archived_url` in the corpus.

Standard library only (urllib). Each URL is tried with HEAD, then GET when HEAD is refused;
redirects are followed (HEAD stays HEAD), every network operation has a timeout, and transient
failures (timeouts, dropped connections, 429 and 5xx answers) are retried a bounded number of
times with exponential backoff. URLs are checked in a thread pool, at most two at a time per host.

Each URL also has a wall-clock deadline covering everything done for it, and a brief's URL cannot
make the check connect into the maintainers' own network: both are the network guard's job
(`netguard.py`), through which every connection goes. Refused URLs are reported as broken, with
the reason. `linkreport.py` writes the report, grouped by brief.
Link rot is a fact of life, not a contributor's mistake: the command exits 0 unless ``--strict``.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from .. import __version__
from .netguard import DeadlineExceeded, RefusedAddress, _Deadline, _Dialer, _opener

Outcome = Literal["ok", "redirected", "broken"]
USER_AGENT = (
    f"Mozilla/5.0 (compatible; briefing-linkcheck/{__version__}; "
    "AI Governance Briefs source checker)"
)
# Answers that often mean "this server does not do HEAD" rather than "this page is gone".
RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 30.0
PER_HOST = 2
DEADLINE = 60.0  # seconds one URL may take in all (the command's --deadline)


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
    if isinstance(reason, RefusedAddress):
        return f"refused: {reason}", False
    if isinstance(reason, DeadlineExceeded):
        return str(reason), True
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


_NO_FALLBACK = ("timed out", "host name not found", "connection refused", "TLS certificate", "refused:")


def _request(url: str, method: str, dialer: _Dialer) -> _Attempt:
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
        with _opener(dialer).open(req, timeout=dialer.deadline.step) as response:
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
    deadline: float = DEADLINE,
    *,
    allow_private: bool = False,
) -> Result:
    """Check one URL: HEAD, GET if HEAD is refused, bounded retries with exponential backoff.

    ``timeout`` bounds each network operation, ``deadline`` the whole check. ``allow_private``
    lets the tests reach their server on 127.0.0.1; nothing else sets it.
    """
    start = time.monotonic()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return Result(url, "broken", error="not an http(s) URL", attempts=0)
    limit = _Deadline(deadline, timeout)
    dialer = _Dialer(limit, allow_private)
    attempt = _Attempt()
    method = "HEAD"
    tries = 0
    for tries in range(1, retries + 2):
        method = "HEAD"
        attempt = _request(url, "HEAD", dialer)
        if attempt.fallback:
            method = "GET"
            attempt = _request(url, "GET", dialer)
        if not attempt.transient or tries > retries:
            break
        delay = (
            attempt.retry_after if attempt.retry_after is not None else backoff * 2 ** (tries - 1)
        )
        delay = min(delay, MAX_RETRY_AFTER)
        if delay >= limit.remaining():  # the next try could not start before the deadline
            break
        sleep(delay)
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
    deadline: float = DEADLINE,
    *,
    allow_private: bool = False,
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
                return check_url(url, timeout, retries, backoff, deadline=deadline, allow_private=allow_private)
            except Exception as exc:  # never let one odd URL stop the report
                return Result(url, "broken", error=f"unexpected error: {type(exc).__name__}: {exc}")

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return dict(zip(unique, pool.map(run, unique), strict=True))


def check_corpus(
    root: Path,
    timeout: float = 10.0,
    concurrency: int = 8,
    retries: int = 2,
    backoff: float = 1.0,
    deadline: float = DEADLINE,
    *,
    allow_private: bool = False,
) -> Report:
    links = collect(root)
    urls = [u for link in links for u in (link.url, link.archived_url) if u]
    return Report(
        links, check_all(urls, timeout, concurrency, retries, backoff, deadline, allow_private=allow_private)
    )
