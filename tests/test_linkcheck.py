"""`briefing check-links` against a local HTTP server on 127.0.0.1: never the internet."""

from __future__ import annotations

import functools
import ipaddress
import json
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from briefing.cli import main
from briefing.editorial import linkcheck, netguard
from gitrepo_helpers import brief_text, write_corpus

SLOW_SECONDS = 1.5
TIMEOUT = 0.4


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: Counter[tuple[str, str]]  # (method, path) -> count, set per server
    hosts: list[str]  # the Host header of each request, set per server

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_HEAD(self):
        self._serve(body=False)

    def do_GET(self):
        self._serve(body=True)

    def _reply(self, status, body=True, headers=None, text=b"hello"):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if body:
            self.wfile.write(text)

    def _serve(self, body):
        path = self.path
        self.seen[(self.command, path)] += 1
        self.hosts.append(self.headers.get("Host", ""))
        count = sum(n for (_, p), n in self.seen.items() if p == path)
        if path == "/ok":
            self._reply(200, body)
        elif path == "/missing":
            self._reply(404, body, text=b"not here")
        elif path == "/moved":
            self._reply(301, body, {"Location": "/ok"})
        elif path == "/to-https":
            self._reply(302, body, {"Location": f"http://localhost:{self.server.server_port}/ok"})
        elif path == "/loop":
            self._reply(302, body, {"Location": "/loop"})
        elif path == "/to-file":
            self._reply(302, body, {"Location": "file:///etc/passwd"})
        elif path == "/to-loopback":
            self._reply(302, body, {"Location": f"http://127.0.0.1:{self.server.server_port}/ok"})
        elif path == "/to-intranet":
            self._reply(302, body, {"Location": "http://intranet.example/ok"})
        elif path == "/to-metadata":
            self._reply(302, body, {"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._reply(200, body)
        elif path == "/reset":
            # Abort the connection: SO_LINGER 0 makes close() send a TCP RST.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif path == "/get-redirect":  # HEAD refused; GET redirected, with a body that never comes
            if self.command == "HEAD":
                self._reply(405, body)
            else:
                self.send_response(302)
                self.send_header("Location", "/ok")
                self.send_header("Content-Length", str(10**9))
                self.end_headers()
        elif path == "/no-head":
            self._reply(405 if self.command == "HEAD" else 200, body)
        elif path == "/flaky":  # fails twice (HEAD then GET fallback), then works
            self._reply(503 if count <= 2 else 200, body)
        elif path == "/busy":  # 429 with Retry-After to HEAD and GET, then works
            if count <= 2:
                self._reply(429, body, {"Retry-After": "1"})
            else:
                self._reply(200, body)
        else:
            self._reply(500, body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that timed out: expected
        pass


@pytest.fixture
def server(monkeypatch):
    for name in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    handler = type("H", (Handler,), {"seen": Counter(), "hosts": []})
    httpd = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_port}"
    httpd.seen = handler.seen
    httpd.hosts = handler.hosts
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def check(server, path, **kwargs):
    kwargs.setdefault("timeout", TIMEOUT)
    kwargs.setdefault("retries", 0)
    kwargs.setdefault("allow_private", True)  # the test server is on 127.0.0.1
    return linkcheck.check_url(server.base + path, **kwargs)


def test_ok_uses_head_only(server):
    result = check(server, "/ok")
    assert (result.outcome, result.status, result.method) == ("ok", 200, "HEAD")
    assert server.seen[("GET", "/ok")] == 0


def test_404_is_broken(server):
    result = check(server, "/missing")
    assert result.outcome == "broken"
    assert result.status == 404
    assert result.describe() == "HTTP 404 Not Found"


def test_301_is_followed_and_reported_as_redirected(server):
    result = check(server, "/moved")
    assert result.outcome == "redirected"
    assert result.status == 200
    assert result.final_url == server.base + "/ok"
    # HEAD stays HEAD across the redirect (urllib alone would switch to GET)
    assert server.seen[("HEAD", "/ok")] == 1 and server.seen[("GET", "/ok")] == 0


def test_redirect_to_another_host_name(server):
    result = check(server, "/to-https")
    assert result.outcome == "redirected"
    assert result.final_url.startswith("http://localhost:")


def test_slow_endpoint_times_out(server):
    start = time.monotonic()
    result = check(server, "/slow")
    assert result.outcome == "broken"
    assert result.error == "timed out"
    assert time.monotonic() - start < SLOW_SECONDS  # no GET fallback after a timeout


def test_connection_reset_is_broken(server):
    result = check(server, "/reset")
    assert result.outcome == "broken"
    assert result.status is None
    assert "connection" in result.error


def test_head_refused_falls_back_to_get(server):
    result = check(server, "/no-head")
    assert (result.outcome, result.status, result.method) == ("ok", 200, "GET")


def test_transient_errors_are_retried_with_backoff(server):
    delays = []
    result = check(server, "/flaky", retries=2, backoff=0.25, sleep=delays.append)
    assert result.outcome == "ok"
    assert result.attempts == 2
    assert delays == [0.25]


def test_retries_are_bounded(server):
    delays = []
    result = check(server, "/reset", retries=3, backoff=0.01, sleep=delays.append)
    assert result.outcome == "broken"
    assert result.attempts == 4
    assert delays == [0.01, 0.02, 0.04]  # exponential


def test_retry_after_is_honoured(server):
    delays = []
    result = check(server, "/busy", retries=1, backoff=5, sleep=delays.append)
    assert result.outcome == "ok"
    assert delays == [1.0]


def test_not_found_is_not_retried(server):
    delays = []
    result = check(server, "/missing", retries=3, sleep=delays.append)
    assert result.attempts == 1 and delays == []


def test_redirect_loop_is_broken(server):
    result = check(server, "/loop")
    assert result.outcome == "broken"


def test_the_body_of_a_redirect_is_not_read(server):
    # urllib reads a redirect's whole body before following it: however large, however slow.
    start = time.monotonic()
    result = check(server, "/get-redirect")
    assert (result.outcome, result.method, result.final_url) == ("redirected", "GET", server.base + "/ok")
    assert time.monotonic() - start < TIMEOUT


def test_redirect_to_a_local_file_is_refused(server):
    result = check(server, "/to-file")
    assert result.outcome == "broken"
    assert "root:" not in json.dumps(result.__dict__)


def test_only_http_urls_are_requested():
    result = linkcheck.check_url("file:///etc/passwd")
    assert result.outcome == "broken" and result.error == "not an http(s) URL"
    assert result.attempts == 0


def test_each_url_is_checked_once(server):
    urls = [server.base + "/ok"] * 5 + [server.base + "/missing"]
    results = linkcheck.check_all(urls, timeout=TIMEOUT, concurrency=4, retries=0, allow_private=True)
    assert set(results) == {server.base + "/ok", server.base + "/missing"}
    assert server.seen[("HEAD", "/ok")] == 1


# ---------------------------------------------------------------------------- the command


@pytest.fixture
def loopback_allowed(monkeypatch):
    """The command, with the checker allowed to reach the test server on 127.0.0.1."""
    monkeypatch.setattr(
        linkcheck, "check_corpus", functools.partial(linkcheck.check_corpus, allow_private=True)
    )


@pytest.fixture
def corpus(tmp_path, server, loopback_allowed):
    base = server.base
    write_corpus(
        tmp_path,
        {
            "alpha-brief": brief_text(
                sources=[
                    ("Works", f"{base}/ok", None),
                    ("Gone", f"{base}/missing", f"{base}/ok"),
                    ("Moved | *odd* <b>title</b>", f"{base}/moved", None),
                ]
            ),
            "beta-brief": brief_text(
                sources=[("Slow", f"{base}/slow", None), ("Reset", f"{base}/reset", None)]
            ),
        },
    )
    return tmp_path


def run(root, *args):
    return main(
        ["--root", str(root), "check-links", "--timeout", str(TIMEOUT), "--retries", "0", *args]
    )


def test_text_report_is_grouped_by_brief(corpus, capsys, server):
    assert run(corpus) == 0  # broken links never fail the command...
    out = capsys.readouterr().out
    base = server.base
    alpha, beta = out.index("briefs/alpha-brief.md"), out.index("briefs/beta-brief.md")
    assert alpha < beta
    section = out[alpha:beta]
    assert f"OK          {base}/ok" in section
    assert f"BROKEN      {base}/missing  (HTTP 404 Not Found)" in section
    assert f"archived copy: {base}/ok (OK)" in section
    assert f"REDIRECTED  {base}/moved  (redirected to {base}/ok)" in section
    assert f"BROKEN      {base}/slow  (timed out)" in out[beta:]
    assert "5 sources in 2 briefs: 1 OK, 1 redirected, 3 broken" in out


def test_strict_fails_on_broken_links(corpus, capsys):
    assert run(corpus, "--strict") == 1
    capsys.readouterr()


def test_json_report(corpus, capsys, server):
    assert run(corpus, "--format", "json", "--concurrency", "2") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {
        "ok": 1,
        "redirected": 1,
        "broken": 3,
        "sources": 5,
        "broken_archives": 0,
    }
    alpha = data["briefs"][0]
    assert alpha["path"] == "briefs/alpha-brief.md"
    gone = alpha["sources"][1]
    assert gone["result"]["status"] == 404
    assert gone["archived"]["outcome"] == "ok"


def test_markdown_report_escapes_contributor_text(corpus, capsys):
    assert run(corpus, "--format", "markdown") == 0
    out = capsys.readouterr().out
    assert out.startswith("## Source link check")
    assert "**3 broken**" in out
    assert "### briefs/alpha\\-brief\\.md" in out
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert "Moved \\| \\*odd\\*" in out  # a title cannot break the table or add emphasis
    assert "<details><summary>1 OK</summary>" in out


def test_empty_corpus(tmp_path, capsys):
    write_corpus(tmp_path, {})
    assert run(tmp_path) == 0
    assert "0 sources in 0 briefs" in capsys.readouterr().out


def test_bad_arguments_exit_2(tmp_path, capsys):
    write_corpus(tmp_path, {})
    assert run(tmp_path, "--concurrency", "0") == 2
    assert main(["--root", str(tmp_path), "check-links", "--timeout", "-1"]) == 2
    capsys.readouterr()


def test_the_deadline_option_reaches_the_checker(tmp_path, capsys, drip, loopback_allowed):
    slow = drip("headers")
    url = f"http://127.0.0.1:{slow.port}/"
    write_corpus(tmp_path, {"alpha-brief": brief_text(sources=[("Drip", url, None)])})
    start = time.monotonic()
    assert run(tmp_path, "--deadline", "1") == 0
    assert time.monotonic() - start < 1 + SLACK
    assert f"BROKEN      {url}  (timed out (deadline of 1 s))" in capsys.readouterr().out
    assert main(["--root", str(tmp_path), "check-links", "--deadline", "0"]) == 2
    capsys.readouterr()


def test_the_command_refuses_internal_addresses(tmp_path, capsys, server):
    # No loopback_allowed here: the command itself has no way to reach 127.0.0.1.
    write_corpus(tmp_path, {"alpha-brief": brief_text(sources=[("Local", f"{server.base}/ok", None)])})
    assert run(tmp_path) == 0
    out = capsys.readouterr().out
    assert f"BROKEN      {server.base}/ok  (refused: 127.0.0.1 is a loopback address)" in out
    assert not server.seen


# ------------------------------------------------------------------------- the per-URL deadline

DRIP = 0.25  # seconds between two bytes: always well under the per-read timeout
DEADLINE = 1.5
SLACK = 0.75  # what a check may take beyond its deadline (closing sockets, a loaded machine)


class DripServer:
    """A raw HTTP server on 127.0.0.1 that answers byte by byte, or hop by hop, for ever.

    Bounded: it stops by itself after `lifetime` seconds (sooner when the test stops it), and a
    connection stops dripping as soon as the client goes away.
    """

    def __init__(self, mode: str, lifetime: float = 10.0) -> None:
        self.mode = mode
        self.end = time.monotonic() + lifetime
        self.stopped = threading.Event()
        self.requests: list[bytes] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def running(self) -> bool:
        return not self.stopped.is_set() and time.monotonic() < self.end

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(2)

    def _serve(self) -> None:
        with self.listener:
            while self.running():
                try:
                    conn, _ = self.listener.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(1.0)
            try:
                if self.mode == "tls":  # keep the TLS ClientHello and hang up
                    self.requests.append(conn.recv(4096))
                    return
                request = b""
                while b"\r\n\r\n" not in request and len(request) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                self.requests.append(request)
                method, path = request.split(b" ", 2)[:2]
                self._answer(conn, method, path)
            except OSError:  # the client gave up: expected
                return

    def _drip(self, conn: socket.socket) -> None:
        while self.running():
            conn.sendall(b"a")
            self.stopped.wait(DRIP)

    def _answer(self, conn: socket.socket, method: bytes, path: bytes) -> None:
        if self.mode == "headers":  # a status line, then a header that never ends
            conn.sendall(b"HTTP/1.1 200 OK\r\nX-Drip: ")
            self._drip(conn)
        elif self.mode == "body":  # no HEAD, so GET; its body comes byte by byte
            if method == b"HEAD":
                conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            self._drip(conn)
        elif self.mode == "redirects":  # every answer is quick enough, but they never end
            self.stopped.wait(DRIP)
            hop = int(path.rsplit(b"/", 1)[-1] or b"0") + 1
            conn.sendall(
                b"HTTP/1.1 302 Found\r\nLocation: /%d\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" % hop
            )


@pytest.fixture
def drip():
    servers: list[DripServer] = []

    def start(mode: str) -> DripServer:
        servers.append(DripServer(mode))
        return servers[-1]

    yield start
    for slow in servers:
        slow.stop()


@pytest.mark.parametrize("mode", ["headers", "body", "redirects"])
def test_a_drip_cannot_outlast_the_deadline(drip, mode):
    slow = drip(mode)
    start = time.monotonic()
    result = linkcheck.check_url(
        f"http://127.0.0.1:{slow.port}/0",
        timeout=1.0,
        retries=2,
        backoff=0.01,
        deadline=DEADLINE,
        allow_private=True,
    )
    elapsed = time.monotonic() - start
    assert elapsed < DEADLINE + SLACK
    assert result.outcome == "broken"
    assert result.error == f"timed out (deadline of {DEADLINE:g} s)"
    assert result.describe() == result.error
    assert slow.requests  # the server was reached: this is not a connection failure


def test_a_slow_dns_answer_cannot_outlast_the_deadline(monkeypatch):
    release = threading.Event()

    def slow_getaddrinfo(*args, **kwargs):
        release.wait(5)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", slow_getaddrinfo)
    start = time.monotonic()
    try:
        result = linkcheck.check_url("http://slow-dns.example/", timeout=5, retries=1, deadline=0.5)
    finally:
        release.set()
    assert time.monotonic() - start < 0.5 + SLACK
    assert (result.outcome, result.error) == ("broken", "timed out (deadline of 0.5 s)")


def test_no_retry_waits_past_the_deadline(server):
    delays = []
    result = check(server, "/busy", retries=3, backoff=5, sleep=delays.append, deadline=0.5)
    assert delays == []  # Retry-After says 1 s; only 0.5 s were left
    assert (result.outcome, result.status, result.attempts) == ("broken", 429, 1)


# ------------------------------------------------- no connection into the runner's own network

PUBLIC = "93.184.216.34"  # stands for any public address: routed to the local test server


class Net:
    """The only network the tests below see: a fake resolver, and connections to PUBLIC routed
    to a local server; any other connection is recorded and refused, any other name unknown."""

    def __init__(self) -> None:
        self.names: dict[str, list[list[str]]] = {}  # host -> its answers, one per lookup
        self.routes: dict[tuple[str, int], tuple[str, int]] = {}
        self.lookups: list[str] = []
        self.connects: list[tuple[str, int]] = []

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
        self.lookups.append(host)
        answers = self.names.get(host)
        if not answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        answer = answers[min(self.lookups.count(host), len(answers)) - 1]
        infos = []
        for ip in answer:
            if ":" in ip:
                infos.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port, 0, 0)))
            else:
                infos.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)))
        return infos


@pytest.fixture
def net(monkeypatch, server):
    fake = Net()
    fake.names = {
        "public.example": [[PUBLIC]],
        "intranet.example": [["10.0.0.5"]],
        "mixed.example": [[PUBLIC, "10.0.0.5"]],
        "metadata.example": [["169.254.169.254"]],
        "cgnat.example": [["100.64.1.1"]],
        "ula.example": [["fd12::1"]],
        "mapped.example": [["::ffff:127.0.0.1"]],
        "loopback6.example": [["::1"]],
        "rebind.example": [[PUBLIC], ["127.0.0.1"]],  # public for the first lookup only
    }
    fake.routes[(PUBLIC, 80)] = ("127.0.0.1", server.server_port)
    real_connect = socket.socket.connect

    def connect(sock, address):
        fake.connects.append((address[0], address[1]))
        target = fake.routes.get((address[0], address[1]))
        if target is None:
            raise ConnectionRefusedError(111, "Connection refused (test network)")
        return real_connect(sock, target)

    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return fake


def refuse_to_sleep(seconds):
    raise AssertionError("a refused URL is not retried")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("https://127.0.0.1:8443/x", "127.0.0.1 is a loopback address"),
        ("http://127.0.0.1./", "127.0.0.1. is a loopback address (127.0.0.1)"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://2130706433/", "2130706433 is a loopback address (127.0.0.1)"),
        ("http://0x7f.1/", "0x7f.1 is a loopback address (127.0.0.1)"),
        ("http://0177.0.0.1/", "0177.0.0.1 is a loopback address (127.0.0.1)"),
        ("http://127.1/", "127.1 is a loopback address (127.0.0.1)"),
        ("http://0x7F000001/", "0x7F000001 is a loopback address (127.0.0.1)"),
        ("http://%31%32%37.0.0.1/", "127.0.0.1 is a loopback address"),  # urllib unquotes the host
        ("http://0/", "0 is the unspecified address (0.0.0.0)"),
        ("http://0.0.0.0/", "0.0.0.0 is the unspecified address"),
        ("http://[::]/", ":: is the unspecified address"),
        ("http://0.1.2.3/", "0.1.2.3 is a 'this network' (0.0.0.0/8) address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address (127.0.0.1)"),
        ("http://[::ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe is the cloud metadata address (169.254.169.254)"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata address"),
        ("http://169.254.1.1/", "169.254.1.1 is a link-local address"),
        ("http://10.0.0.5/", "10.0.0.5 is a private address"),
        ("http://172.16.0.1/", "172.16.0.1 is a private address"),
        ("http://192.168.1.1/", "192.168.1.1 is a private address"),
        ("http://100.64.0.1/", "100.64.0.1 is a shared (carrier-grade NAT) address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("http://240.0.0.1/", "240.0.0.1 is a reserved address"),
        ("http://255.255.255.255/", "255.255.255.255 is a reserved address"),
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://[fe80::1%25eth0]/", "fe80::1%eth0 is a link-local address"),
        ("http://[fc00::1]/", "fc00::1 is a private address"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254 is a private address"),
        ("http://[ff02::1]/", "ff02::1 is a multicast address"),
        ("http://[fec0::1]/", "fec0::1 is a site-local address"),
    ],
)
def test_internal_ip_literals_are_refused(net, url, message):
    result = linkcheck.check_url(url, timeout=TIMEOUT, retries=2, sleep=refuse_to_sleep)
    assert (result.outcome, result.status, result.error) == ("broken", None, f"refused: {message}")
    assert result.attempts == 1 and result.method == "HEAD"  # no retry, no GET fallback
    assert net.connects == [] and net.lookups == []  # nothing sent, not even a DNS query


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("intranet.example", "resolves to a private address 10.0.0.5"),
        ("mixed.example", "resolves to a private address 10.0.0.5"),  # one bad address is enough
        ("metadata.example", "resolves to the cloud metadata address 169.254.169.254"),
        ("cgnat.example", "resolves to a shared (carrier-grade NAT) address 100.64.1.1"),
        ("ula.example", "resolves to a private address fd12::1"),
        ("mapped.example", "resolves to a loopback address ::ffff:7f00:1 (127.0.0.1)"),
        ("loopback6.example", "resolves to a loopback address ::1"),
    ],
)
def test_names_of_internal_addresses_are_refused(net, host, message):
    result = linkcheck.check_url(f"http://{host}/ok", timeout=TIMEOUT, retries=2, sleep=refuse_to_sleep)
    assert (result.outcome, result.error) == ("broken", f"refused: {host} {message}")
    assert net.lookups == [host]  # resolved once
    assert net.connects == []


def test_a_public_name_is_reached_at_the_address_it_resolved_to(net, server):
    result = linkcheck.check_url("http://public.example/ok", timeout=TIMEOUT, retries=0)
    assert (result.outcome, result.status) == ("ok", 200)
    assert net.lookups == ["public.example"]
    assert net.connects == [(PUBLIC, 80)]
    assert server.hosts == ["public.example"]  # the Host header names the host, not the address


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/to-loopback", "127.0.0.1 is a loopback address"),
        ("/to-intranet", "intranet.example resolves to a private address 10.0.0.5"),
        ("/to-metadata", "169.254.169.254 is the cloud metadata address"),
    ],
)
def test_every_redirect_hop_is_checked(net, server, path, message):
    result = linkcheck.check_url("http://public.example" + path, timeout=TIMEOUT, retries=0)
    assert (result.outcome, result.error) == ("broken", f"refused: {message}")
    assert net.connects == [(PUBLIC, 80)]
    assert server.seen == Counter({("HEAD", path): 1})


def test_each_connection_checks_the_address_it_connects_to(net, server):
    # DNS rebinding: the name is public for the first connection, then points at 127.0.0.1.
    result = linkcheck.check_url("http://rebind.example/moved", timeout=TIMEOUT, retries=0)
    assert (result.outcome, result.error) == (
        "broken",
        "refused: rebind.example resolves to a loopback address 127.0.0.1",
    )
    assert net.lookups == ["rebind.example", "rebind.example"]
    assert net.connects == [(PUBLIC, 80)]


def test_tls_is_for_the_host_name_not_the_address(net, drip):
    hello = drip("tls")
    net.routes[(PUBLIC, 443)] = ("127.0.0.1", hello.port)
    result = linkcheck.check_url("https://public.example/ok", timeout=TIMEOUT, retries=0)
    assert result.outcome == "broken"  # the "server" hung up after the ClientHello
    assert net.connects and set(net.connects) == {(PUBLIC, 443)}
    assert hello.requests and all(b"public.example" in data for data in hello.requests)  # SNI


def test_certificates_are_verified_for_the_host_name():
    context = netguard._tls_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_the_test_server_is_refused_by_default(server):
    result = linkcheck.check_url(server.base + "/ok", timeout=TIMEOUT, retries=0)
    assert (result.outcome, result.error) == ("broken", "refused: 127.0.0.1 is a loopback address")
    assert not server.seen


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
        ("64:ff9b::5db8:d822", None),  # NAT64 of a public address
        ("64:ff9b::a00:5", "a private address"),  # NAT64 of 10.0.0.5
        ("2002:7f00:1::", "a loopback address"),  # 6to4 of 127.0.0.1
        ("::ffff:10.0.0.5", "a private address"),
        ("::ffff:100.64.0.1", "a shared (carrier-grade NAT) address"),
        ("::ffff:0.0.0.0", "the unspecified address"),
        ("::ffff:224.0.0.1", "a multicast address"),
        ("::ffff:240.0.0.1", "a reserved address"),
        ("::7f00:1", "a reserved address"),  # IPv4-compatible (deprecated)
        ("2001::1", "a private address"),  # Teredo
        ("2001:db8::1", "a private address"),  # documentation
        ("192.0.0.8", "a special-purpose (192.0.0.0/24) address"),
        ("192.0.2.1", "a private address"),  # documentation
        ("198.18.0.1", "a private address"),  # benchmarking
    ],
)
def test_which_addresses_are_public(address, kind):
    assert netguard._non_public(ipaddress.ip_address(address)) == kind
