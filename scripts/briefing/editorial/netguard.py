"""The link check's network guard: how it connects, so that a brief's URL can neither hold the
check nor make it connect into the maintainers' own network.

Each URL has a wall-clock deadline (`_Deadline`) covering everything done for it: DNS, connecting,
TLS, headers, redirects, the start of a body, retries and the waits between them. Every blocking
call waits at most the time left (`_bounded`, the timed sockets), so a server that sends one byte
at a time cannot hold a check.

The host is resolved once, on every connection (so every redirect hop), every address it resolves
to must be public (`_non_public`), and the connection goes to that vetted address (`_Dialer`), with
the Host header, TLS SNI and certificate check still for the host name. Proxy settings are ignored,
since a proxy would resolve the name again, and only http(s) URLs are opened (`_opener`).
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

# ---------------------------------------------------------------------------- refusals, deadlines


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


class _BoundedIO:
    """Reads and writes that wait at most the budget of the socket's `deadline` (a mixin before
    the socket class, so `super()` is the socket's own method)."""

    deadline: _Deadline

    def recv(self, *args: Any) -> bytes:
        return _bounded(self, self.deadline, super().recv, *args)  # type: ignore[misc]

    def recv_into(self, *args: Any) -> int:
        return _bounded(self, self.deadline, super().recv_into, *args)  # type: ignore[misc]

    def send(self, *args: Any) -> int:
        return _bounded(self, self.deadline, super().send, *args)  # type: ignore[misc]

    def sendall(self, *args: Any) -> None:
        return _bounded(self, self.deadline, super().sendall, *args)  # type: ignore[misc]


class _TimedSocket(_BoundedIO, socket.socket):
    """A TCP socket whose every read and write waits at most the budget of its deadline."""

    __slots__ = ("deadline",)

    def __init__(self, family: int, deadline: _Deadline) -> None:
        super().__init__(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.deadline = deadline


class _TimedSSLSocket(_BoundedIO, ssl.SSLSocket):
    """The same for TLS (the context's `sslsocket_class`); `deadline` is set before the handshake."""

    def do_handshake(self, *args: Any) -> None:
        return _bounded(self, self.deadline, super().do_handshake, *args)


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
