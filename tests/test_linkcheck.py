"""`briefing check-links` against a local HTTP server on 127.0.0.1: never the internet."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from briefing.cli import main
from briefing.editorial import linkcheck
from gitrepo_helpers import brief_text, write_corpus

SLOW_SECONDS = 1.5
TIMEOUT = 0.4


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: Counter[tuple[str, str]]  # (method, path) -> count, set per server

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
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._reply(200, body)
        elif path == "/reset":
            # Abort the connection: SO_LINGER 0 makes close() send a TCP RST.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
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
    handler = type("H", (Handler,), {"seen": Counter()})
    httpd = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_port}"
    httpd.seen = handler.seen
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def check(server, path, **kwargs):
    kwargs.setdefault("timeout", TIMEOUT)
    kwargs.setdefault("retries", 0)
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
    results = linkcheck.check_all(urls, timeout=TIMEOUT, concurrency=4, retries=0)
    assert set(results) == {server.base + "/ok", server.base + "/missing"}
    assert server.seen[("HEAD", "/ok")] == 1


# ---------------------------------------------------------------------------- the command


@pytest.fixture
def corpus(tmp_path, server):
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
