"""The contributor's edit loop: how long after saving a brief `mkdocs serve` serves the new page.

For each corpus size, generates synthetic briefs (benchmarks/synthetic.py) with the real
mkdocs.yml, docs/ and templates, starts `mkdocs serve` on 127.0.0.1, waits for its first build,
then several times: changes one brief's summary to a new word, and polls the brief's URL until
the served page contains it (time from the write to the first response that has it). Between
edits it waits for the background search index and audit of the previous one. Last, it edits
topics.yml (a data file: every page changes) and measures the same way on a topic page.

Run: .venv/bin/python benchmarks/bench_serve.py [--briefs 1000 5000] [--edits 3]
Targets (issue 12): 2 s at 1,000 briefs, 5 s at 5,000. Timings include MkDocs' own wait for
file changes to settle; loopback, no network.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import REPO, generate

TARGETS = {1000: 2.0, 5000: 5.0}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(log: Path, text: str, after: int, timeout: float) -> int:
    """Wait until ``text`` appears in the log after offset ``after``; returns the new offset."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = log.read_text("utf-8", errors="replace")
        found = data.find(text, after)
        if found >= 0:
            return found + len(text)
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {text!r}; the server's log ends:\n{log.read_text('utf-8')[-3000:]}")


def _served_after(url: str, word: str, started: float, timeout: float = 120) -> float:
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if word in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} never showed {word!r}")


def measure(root: Path, edits: int) -> tuple[list[float], float]:
    port = _free_port()
    log = root / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BRIEFING_TODAY="2030-01-01")
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        offset = _wait_for(log, "Serving on", 0, timeout=900)
        brief = sorted((root / "briefs").glob("synthetic-brief-*.md"))[len(list((root / "briefs").glob("*.md"))) // 2]
        url = f"http://127.0.0.1:{port}/briefs/{brief.stem}/"
        times = []
        for number in range(edits):
            word = f"Edited{number}x{time.time_ns()}"
            text = brief.read_text("utf-8")
            started = time.perf_counter()
            brief.write_text(text.replace("summary: ", f"summary: {word} ", 1), encoding="utf-8")
            times.append(_served_after(url, word, started))
            offset = _wait_for(log, "in the background", offset, timeout=600)
        topics = root / "briefs" / "topics.yml"
        word = f"Relabelled{time.time_ns()}"
        text = topics.read_text("utf-8")
        started = time.perf_counter()
        topics.write_text(text.replace("label: ", f"label: {word} ", 1), encoding="utf-8")
        first_topic = next(line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "#")))
        data_change = _served_after(f"http://127.0.0.1:{port}/topics/{first_topic}/", word, started, timeout=900)
        return times, data_change
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefs", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    for n in args.briefs:
        with tempfile.TemporaryDirectory() as tmp:
            root = generate(Path(tmp), n)
            shutil.copytree(REPO / "docs", root / "docs")
            shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
            times, data_change = measure(root, args.edits)
        target = TARGETS.get(n)
        verdict = "" if target is None else (
            f" (target <= {target:.0f} s): {'PASS' if statistics.median(times) <= target else 'OVER'}")
        print(f"{n} briefs: one brief edited -> page served after "
              f"{', '.join(f'{t:.2f}' for t in times)} s, median {statistics.median(times):.2f} s{verdict}")
        print(f"{n} briefs: topics.yml edited (every page rebuilt) -> topic page served after {data_change:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
