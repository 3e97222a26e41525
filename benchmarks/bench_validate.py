"""Benchmark `briefing validate` against the floor: reading every file and parsing its front
matter with PyYAML's C loader, measured in the same process on the same corpus.

Run: make bench   (or .venv/bin/python benchmarks/bench_validate.py --briefs 5000)
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from briefing.sourcefile import read_text, split_front_matter
from briefing.validate import validate
from synthetic import generate

TARGET_RATIO = 2.0


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp), args.briefs)
        floor(root)  # warm the page cache for both measurements
        runs = {"floor": [], "validate": []}
        for _ in range(args.repeat):  # interleaved, so both see the same machine conditions
            runs["floor"].append(timed(floor, root))
            runs["validate"].append(timed(run_validate, root))
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
