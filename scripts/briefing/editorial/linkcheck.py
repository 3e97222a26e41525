"""`briefing check-links`: check every source `url` and `archived_url` in the corpus.

Standard library only (urllib). Each URL is tried with HEAD, then GET when HEAD is refused;
redirects are followed (HEAD stays HEAD), every network operation has a timeout, and transient
failures (timeouts, dropped connections, 429 and 5xx answers) are retried a bounded number of
times with exponential backoff. URLs are checked in a thread pool, at most two at a time per host.

Each URL also has a wall-clock deadline covering everything done for it: DNS, connecting, TLS,
headers, redirects, the start of a body, retries and the waits between them. Every blocking call
waits at most the time left, so a server that sends one byte at a time cannot hold a check.

A brief's URL must not make the maintainers' job connect into its own network: the host is
resolved once, on every connection (so every redirect hop), every address it resolves to must be
public (`_non_public`), and the connection goes to that vetted address, with the Host header, TLS
SNI and certificate check still for the host name. Proxy settings are ignored, since a proxy
would resolve the name again. Refused URLs are reported as broken, with the reason.

The report is grouped by brief: OK, redirected (with the new address, so the source can be
updated) or broken (the status or the error), with the archived copy where the brief gives one.
Link rot is a fact of life, not a contributor's mistake: the command exits 0 unless ``--strict``.
"""

from __future__ import annotations

import email.utils
import functools
import html
import http.client
import ipaddress
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


class RefusedAddress(OSError):
    """The host is, or resolves to, an address the checker will not connect to."""


class DeadlineExceeded(TimeoutError):
    """The URL's deadline passed before its check was done."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out (deadline of {seconds:g} s)")


class _Deadline:
    """The time left for one URL; `step` is the most any single operation may wait."""

    def __init__(self, seconds: float, step: float) -> None:
        self.seconds = seconds
        self.step = step
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def budget(self) -> float:
        """How long the next operation may wait; DeadlineExceeded when there is no time left."""
        left = self.remaining()
        if left <= 0:
            raise DeadlineExceeded(self.seconds)
        return min(self.step, left)


def _bounded(sock: socket.socket, deadline: _Deadline, call: Callable[..., Any], *args: Any) -> Any:
    """``call(*args)``, a blocking operation on ``sock``, waiting no longer than the deadline allows.

    A socket's timeout restarts with every byte received, so it is set again before each call.
    """
    budget = deadline.budget()
    sock.settimeout(budget)
    try:
        return call(*args)
    except TimeoutError as exc:
        if budget < deadline.step:  # it was waiting for the deadline, not for one slow answer
            raise DeadlineExceeded(deadline.seconds) from exc
        raise


class _TimedSocket(socket.socket):
    """A TCP socket whose every read and write waits at most the budget of its deadline."""

    __slots__ = ("deadline",)

    def __init__(self, family: int, deadline: _Deadline) -> None:
        super().__init__(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.deadline = deadline

    def recv(self, *args: Any) -> bytes:
        return _bounded(self, self.deadline, super().recv, *args)

    def recv_into(self, *args: Any) -> int:
        return _bounded(self, self.deadline, super().recv_into, *args)

    def send(self, *args: Any) -> int:
        return _bounded(self, self.deadline, super().send, *args)

    def sendall(self, *args: Any) -> None:
        return _bounded(self, self.deadline, super().sendall, *args)


class _TimedSSLSocket(ssl.SSLSocket):
    """The same for TLS (the context's `sslsocket_class`); `deadline` is set before the handshake."""

    deadline: _Deadline

    def do_handshake(self, *args: Any) -> None:
        return _bounded(self, self.deadline, super().do_handshake, *args)

    def recv(self, *args: Any) -> bytes:
        return _bounded(self, self.deadline, super().recv, *args)

    def recv_into(self, *args: Any) -> int:
        return _bounded(self, self.deadline, super().recv_into, *args)

    def send(self, *args: Any) -> int:
        return _bounded(self, self.deadline, super().send, *args)

    def sendall(self, *args: Any) -> None:
        return _bounded(self, self.deadline, super().sendall, *args)


def _tls_context() -> ssl.SSLContext:
    """The default context (certificates verified for the host name), with deadline-aware sockets."""
    context = ssl.create_default_context()
    context.sslsocket_class = _TimedSSLSocket
    return context


# ------------------------------------------------------------------------ which addresses are public

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_METADATA = ipaddress.IPv4Address("169.254.169.254")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # a public IPv4 address seen from an IPv6-only network
# Ranges that Python 3.11's flags below miss (it calls them global) or that deserve their own name.
_SPECIAL: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = (
    (ipaddress.IPv4Network("0.0.0.0/8"), "a 'this network' (0.0.0.0/8) address"),
    (ipaddress.IPv4Network("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
    (ipaddress.IPv4Network("192.0.0.0/24"), "a special-purpose (192.0.0.0/24) address"),
)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (IPv4-mapped, NAT64 or 6to4), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def _non_public(ip: IPAddress) -> str | None:
    """What kind of non-public address ``ip`` is ("a private address"...), or None if public."""
    if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded_ipv4(ip)) is not None:
        return _non_public(inner)
    if ip == _METADATA:
        return "the cloud metadata address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    for network, kind in _SPECIAL:
        if ip in network:
            return kind
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "a site-local address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a non-global address"
    return None


_INET_ATON_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


def _inet_aton(text: str) -> ipaddress.IPv4Address | None:
    """An IPv4 address in any form the C resolver accepts: 127.1, 2130706433, 0x7f.1, 0177.0.0.1."""
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(_INET_ATON_PART.fullmatch(part) for part in parts):
        return None
    values = [
        int(part[2:] or "0", 16) if part[:2].lower() == "0x" else int(part, 8 if part[0] == "0" else 10)
        for part in parts
    ]
    *head, last = values
    if any(value > 255 for value in head) or last >= 256 ** (4 - len(head)):
        return None
    number = 0
    for value in head:
        number = number * 256 + value
    return ipaddress.IPv4Address(number * 256 ** (4 - len(head)) + last)


def _literal_address(host: str) -> IPAddress | None:
    """The address a host written as an IP address stands for (None for a host name)."""
    host = host.strip("[]")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            return None
    return _inet_aton(host[:-1] if host.endswith(".") else host)


def _shown(ip: IPAddress) -> str:
    inner = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    return f"{ip} ({inner})" if inner is not None else str(ip)


# -------------------------------------------------------------------------------- connecting


class _Dialer:
    """Opens the connections of one URL's check (every attempt and redirect hop), within its deadline.

    Each connection resolves the host once, refuses it if any of its addresses is not public
    (unless ``allow_private``, which only tests set), and connects to the vetted address itself.
    """

    def __init__(self, deadline: _Deadline, allow_private: bool = False) -> None:
        self.deadline = deadline
        self.allow_private = allow_private
        self.context = _tls_context()

    def _lookup(self, host: str, port: int) -> list[tuple[Any, ...]]:
        """getaddrinfo, which has no timeout of its own, waited for no longer than the budget."""
        answer: dict[str, Any] = {}

        def run() -> None:
            try:
                answer["infos"] = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            except Exception as exc:  # handed to the caller
                answer["error"] = exc

        worker = threading.Thread(target=run, name="linkcheck-dns", daemon=True)
        worker.start()
        budget = self.deadline.budget()
        worker.join(budget)
        if worker.is_alive():  # left to finish on its own; nothing waits for it
            if budget < self.deadline.step:
                raise DeadlineExceeded(self.deadline.seconds)
            raise TimeoutError("DNS lookup timed out")
        if "error" in answer:
            raise answer["error"]
        return answer["infos"]

    def addresses(self, host: str, port: int) -> list[tuple[int, tuple[Any, ...]]]:
        """(family, socket address) of every address of ``host``, all of them vetted."""
        literal = _literal_address(host)
        if literal is not None:
            if not self.allow_private and (kind := _non_public(literal)):
                inner = _embedded_ipv4(literal) if isinstance(literal, ipaddress.IPv6Address) else None
                shown = str(inner or literal)
                raise RefusedAddress(f"{host} is {kind}" + ("" if shown == host else f" ({shown})"))
            if isinstance(literal, ipaddress.IPv4Address):
                return [(socket.AF_INET, (str(literal), port))]
            numeric = socket.AI_NUMERICHOST  # an IPv6 address with its zone: no DNS query
            infos = socket.getaddrinfo(str(literal), port, socket.AF_INET6, socket.SOCK_STREAM, 0, numeric)
        else:
            infos = self._lookup(host, port)
        found: list[tuple[int, tuple[Any, ...]]] = []
        for family, _type, _proto, _name, sockaddr in infos:
            if family not in (socket.AF_INET, socket.AF_INET6):
                continue
            ip = ipaddress.ip_address(sockaddr[0])
            if not self.allow_private and (kind := _non_public(ip)):
                raise RefusedAddress(f"{host} resolves to {kind} {_shown(ip)}")
            found.append((family, sockaddr))
        if not found:
            raise socket.gaierror(socket.EAI_NONAME, "no IPv4 or IPv6 address")
        return found

    def connect(self, host: str, port: int) -> socket.socket:
        error: OSError | None = None
        for family, sockaddr in self.addresses(host, port):
            sock = _TimedSocket(family, self.deadline)
            try:
                _bounded(sock, self.deadline, sock.connect, sockaddr)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return sock
            except DeadlineExceeded:
                sock.close()
                raise
            except OSError as exc:  # try the next address, as socket.create_connection does
                sock.close()
                error = exc
        assert error is not None
        raise error

    def tls(self, sock: socket.socket, host: str) -> ssl.SSLSocket:
        """TLS over a connected socket: SNI and certificate check for the host name."""
        try:
            wrapped = self.context.wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
        except BaseException:
            sock.close()
            raise
        assert isinstance(wrapped, _TimedSSLSocket)
        wrapped.deadline = self.deadline
        try:
            wrapped.do_handshake()
        except BaseException:
            wrapped.close()
            raise
        return wrapped


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, *, dialer: _Dialer, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._dialer = dialer

    def connect(self) -> None:
        self.sock = self._dialer.connect(self.host, self.port)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, *, dialer: _Dialer, **kwargs: Any) -> None:
        super().__init__(host, context=dialer.context, **kwargs)
        self._dialer = dialer

    def connect(self) -> None:
        self.sock = self._dialer.tls(self._dialer.connect(self.host, self.port), self.host)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, dialer: _Dialer) -> None:
        super().__init__()
        self._dialer = dialer

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPConnection, dialer=self._dialer), req)  # type: ignore[arg-type]


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, dialer: _Dialer) -> None:
        super().__init__(context=dialer.context)
        self._dialer = dialer

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPSConnection, dialer=self._dialer), req)  # type: ignore[arg-type]


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, keeping HEAD as HEAD (urllib would turn it into GET), without reading the
    redirect's body (urllib would read all of it, however large, before following)."""

    max_redirections = 10

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is None:
            return None
        if req.get_method() == "HEAD":
            new.method = "HEAD"
        visited = getattr(req, "redirect_dict", {})
        if visited.get(newurl, 0) < self.max_repeats and len(visited) < self.max_redirections:
            # It will be followed (else urllib raises its loop error, which keeps fp): close the
            # body now, and urllib's fp.read() finds nothing to read.
            fp.close()
        return new


def _opener(dialer: _Dialer) -> urllib.request.OpenerDirector:
    # Only http(s): no file:, ftp: or data: handlers, so a redirect cannot read local files. No
    # ProxyHandler: every connection goes through the dialer, to an address it has vetted.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.UnknownHandler(),
        _HTTPHandler(dialer),
        _HTTPSHandler(dialer),
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
