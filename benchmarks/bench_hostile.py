"""Benchmark `briefing validate --no-cache` with one hostile brief against the same corpus without it.

A hostile brief is one a contributor could write to make the validator slow: a `related` list of
unknown slugs (at the model's bound, and far over it), thousands of links to unknown briefs in its
body, or thousands of unknown keys. Each unknown value is reported; the did-you-mean hints are
computed for the first few of each field only, over candidate lists built once per run, so one
such brief should cost a small constant factor, whatever the size of the corpus. Every variant is
measured as a whole process, interleaved with the clean corpus in the same run, and the ratios
hostile/clean are printed: of CPU time (the process and its workers: the least disturbed by other
work on a shared machine, and what the verdict uses) and of wall time.

Run: .venv/bin/python benchmarks/bench_hostile.py [--briefs 1000 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from briefing.load.sourcefile import MAX_BYTES
from briefing.model import Brief
from synthetic import generate

TARGET = 1.5  # hostile / clean, whole process
HOSTILE = "briefs/hostile-brief.md"
ROOM = MAX_BYTES - 12 * 1024  # what a hostile brief may use, leaving room for the rest of it


def _unknown(i: int) -> str:
    return f"synthetic-brief-{i:05d}-gone"  # close to real slugs: difflib compares it in full with each


def _brief(template: str, related: list[str] | None = None, extra_body: str = "", extra_front: str = "") -> str:
    _, front, body = template.split("---\n", 2)
    data = yaml.safe_load(front)
    if related is not None:
        data["related"] = related
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=None)
    return "---\n" + text + extra_front + "---\n" + body + extra_body


def _fill(unit: Callable[[int], str]) -> int:
    """How many ``unit(i)`` fit in ROOM bytes."""
    return ROOM // len(unit(0).encode())


def variants(template: str) -> dict[str, str | None]:
    bound = Brief.model_fields["related"].metadata[-1].max_length
    many_related = _fill(lambda i: _unknown(i) + ", ")
    many_links = _fill(lambda i: f"[x]({_unknown(i)}.md) ")
    many_keys = _fill(lambda i: f"unknown-key-{i:05d}: x\n")
    return {
        "clean": None,
        f"related: {bound} unknown slugs (the bound)": _brief(template, [_unknown(i) for i in range(bound)]),
        f"related: {many_related:,} unknown slugs": _brief(template, [_unknown(i) for i in range(many_related)]),
        f"body: {many_links:,} links to unknown briefs": _brief(
            template, extra_body="\n" + " ".join(f"[x]({_unknown(i)}.md)" for i in range(many_links)) + "\n"),
        f"front matter: {many_keys:,} unknown keys": _brief(
            template, extra_front="".join(f"unknown-key-{i:05d}: x\n" for i in range(many_keys))),
        "clean again (a control: the noise of the machine)": None,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # every finished child, and the workers they waited for
    return usage.ru_utime + usage.ru_stime


def seconds(root: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `briefing validate --no-cache`."""
    command = [sys.executable, "-m", "briefing.cli", "validate", "--no-cache", "--today", "2030-01-01"]
    cpu, started = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False, env=dict(os.environ))
    elapsed = time.perf_counter() - started, _children_cpu() - cpu
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise SystemExit(f"{command} failed:\n{done.stderr[-2000:]}")
    return elapsed


def measure(base: Path, n: int, repeat: int) -> dict[str, tuple[float, float]]:
    root = generate(base / f"corpus-{n}", n)
    template = (root / "briefs/synthetic-brief-00000.md").read_text("utf-8")
    cases = variants(template)
    for name, text in cases.items():  # every hostile text fits the file-size limit: it is read and checked
        assert text is None or len(text.encode()) <= MAX_BYTES, name
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    seconds(root)  # warm the page cache
    for _ in range(repeat):  # interleaved, so that every variant sees the same machine conditions
        for name, text in cases.items():
            target = root / HOSTILE
            if text is None:
                target.unlink(missing_ok=True)
            else:
                target.write_text(text, encoding="utf-8")
            runs[name].append(seconds(root))
    (root / HOSTILE).unlink(missing_ok=True)
    shutil.rmtree(root)
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefs", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.briefs:
            result = measure(Path(tmp), n, args.repeat)
            clean_wall, clean_cpu = result["clean"]
            print(f"\n{n:,} briefs: briefing validate --no-cache, whole process (median of {args.repeat} "
                  "interleaved runs)")
            print(f"  {'':52}{'CPU s':>8}{'× clean':>9}{'wall s':>9}{'× clean':>9}")
            for name, (wall, cpu) in result.items():
                if not name.startswith("clean"):
                    worst = max(worst, cpu / clean_cpu)
                print(f"  {name:52}{cpu:8.2f}{cpu / clean_cpu:8.2f}x{wall:9.2f}{wall / clean_wall:8.2f}x")
    verdict = "PASS" if worst < TARGET else "OVER"
    print(f"\nworst hostile/clean (CPU): {worst:.2f}x (target < {TARGET}x): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
