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


def timed(fn, root: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn(root)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp), args.briefs)
        floor(root)  # warm the page cache for both measurements
        base = timed(floor, root, args.repeat)
        full = timed(run_validate, root, args.repeat)
    ratio = full / base
    print(f"corpus: {args.briefs} briefs + 3 data files (median of {args.repeat} runs)")
    print(f"floor    (read + CSafeLoader front matter): {base:7.3f} s  {args.briefs / base:8.0f} files/s")
    print(f"validate (all rules, cross-file)          : {full:7.3f} s  {args.briefs / full:8.0f} files/s")
    verdict = "PASS" if ratio <= TARGET_RATIO else "OVER"
    print(f"ratio validate/floor: {ratio:.2f}x (target <= {TARGET_RATIO:.1f}x): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
