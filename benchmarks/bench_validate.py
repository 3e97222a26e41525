"""Benchmark `briefing validate` against the floor: reading every file and parsing its front
matter with PyYAML's C loader, measured on the same corpus in the same run.

Two views:
- in one process (CPU time of the call, the least disturbed by other work on the machine);
- as whole processes, start-up included, as a contributor runs them: the floor as a Python
  process, `briefing validate` without its cache (the first run), with its cache (every later
  run: unchanged briefs are not parsed again, see scripts/briefing/load/filecache.py) and
  `briefing validate briefs/<one>.md` as pre-commit runs it (cross-file rules included).

Run: make bench   (or .venv/bin/python benchmarks/bench_validate.py --briefs 5000 [--one-at 1000])
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from briefing.load.sourcefile import read_text, split_front_matter
from briefing.rules.validate import validate
from synthetic import generate

TARGET_RATIO = 2.0
PROCESS_TARGET = 1.5  # whole process, cached, against the floor as a process
ONE_TARGET = 0.5  # seconds for one brief with the cross-file rules, at 1,000 briefs

_FLOOR_SCRIPT = """
import sys, yaml
from pathlib import Path
from briefing.load.sourcefile import read_text, split_front_matter
for path in sorted(Path(sys.argv[1], "briefs").glob("*.md")):
    yaml.load(split_front_matter(read_text(path)).front, Loader=yaml.CSafeLoader)
"""


def floor(root: Path) -> int:
    """Read every brief and parse its front matter with the C loader: the least any validator does."""
    count = 0
    for path in sorted((root / "briefs").glob("*.md")):
        split = split_front_matter(read_text(path))
        yaml.load(split.front, Loader=yaml.CSafeLoader)
        count += 1
    return count


def run_validate(root: Path) -> int:
    corpus = validate(root, today=dt.date(2030, 1, 1))
    errors = [p for p in corpus.all_problems() if p.severity == "error"]
    if errors:
        raise SystemExit(f"synthetic corpus is invalid: {errors[0].text()}")
    return len(corpus.briefs)


def timed(fn, root: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one call. CPU time (this process only) is what the ratio uses:
    it is far less disturbed by other work on a shared machine than wall time."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    fn(root)
    return time.perf_counter() - wall, time.process_time() - cpu


def process_seconds(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def processes(root: Path, repeat: int, cache: Path) -> dict[str, float]:
    """Median wall seconds of each whole process, interleaved."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    briefing = [sys.executable, "-m", "briefing.cli", "validate", "--today", "2030-01-01"]
    one = sorted((root / "briefs").glob("*.md"))[len(list((root / "briefs").glob("*.md"))) // 2]
    commands = {
        "floor": [sys.executable, "-c", _FLOOR_SCRIPT, str(root)],
        "cold": [*briefing, "--no-cache"],
        "cached": briefing,
        "one": [*briefing, str(one.relative_to(root))],
    }
    process_seconds(briefing, root, env)  # fill the cache
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(process_seconds(command, root, env))
    return {name: statistics.median(values) for name, values in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--one-at", type=int, default=1000, help="corpus size for the one-brief run (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp), args.briefs)
        floor(root)  # warm the page cache for both measurements
        runs = {"floor": [], "validate": []}
        for _ in range(args.repeat):  # interleaved, so both see the same machine conditions
            runs["floor"].append(timed(floor, root))
            runs["validate"].append(timed(run_validate, root))
        whole = processes(root, args.repeat, Path(tmp) / "cache")
        small = None
        if args.one_at and args.one_at != args.briefs:
            small_root = generate(Path(tmp) / "small", args.one_at)
            small = processes(small_root, args.repeat, Path(tmp) / "cache-small")
    base_wall, base = (statistics.median(r[i] for r in runs["floor"]) for i in (0, 1))
    full_wall, full = (statistics.median(r[i] for r in runs["validate"]) for i in (0, 1))
    ratio = full / base
    print(f"corpus: {args.briefs} briefs + 3 data files (median of {args.repeat} interleaved runs)")
    print(f"{'':44}{'CPU s':>8}{'wall s':>8}{'files/s':>9}")
    print(f"{'floor    (read + CSafeLoader front matter)':44}{base:8.3f}{base_wall:8.3f}{args.briefs / base:9.0f}")
    print(f"{'validate (all rules, cross-file)':44}{full:8.3f}{full_wall:8.3f}{args.briefs / full:9.0f}")
    verdict = "PASS" if ratio <= TARGET_RATIO else "OVER"
    print(f"ratio validate/floor (CPU): {ratio:.2f}x (target <= {TARGET_RATIO:.1f}x): {verdict}")
    print(f"ratio validate/floor (wall): {full_wall / base_wall:.2f}x")
    print(f"\nwhole processes, start-up included (median wall s of {args.repeat}):")
    rows = [("floor (python: read + CSafeLoader)", whole["floor"]),
            ("briefing validate --no-cache (first run)", whole["cold"]),
            ("briefing validate (cache of unchanged briefs)", whole["cached"]),
            ("briefing validate briefs/<one>.md (cached)", whole["one"])]
    for label, seconds in rows:
        print(f"  {label:48}{seconds:8.3f}  {seconds / whole['floor']:5.2f}x floor")
    verdict = "PASS" if whole["cached"] / whole["floor"] <= PROCESS_TARGET else "OVER"
    print(f"ratio cached validate/floor (process): {whole['cached'] / whole['floor']:.2f}x "
          f"(target <= {PROCESS_TARGET:.1f}x): {verdict}; without the cache: {whole['cold'] / whole['floor']:.2f}x")
    if small is not None:
        verdict = "PASS" if small["one"] <= ONE_TARGET else "OVER"
        print(f"at {args.one_at} briefs: briefing validate briefs/<one>.md {small['one']:.3f} s "
              f"(target <= {ONE_TARGET} s): {verdict}; without a cache {small['cold']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
