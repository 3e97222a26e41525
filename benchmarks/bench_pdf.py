"""Benchmark the print edition (scripts/briefing/site/pdf.py): what the PDFs add to `make site`.

For each corpus size (synthetic briefs, benchmarks/synthetic.py) three builds of the same project,
each in its own process, as `make site` runs them:
- without PDFs (`BRIEFING_PDF=false`): the baseline;
- with PDFs on an empty cache (cold: every PDF rendered, in parallel worker processes, one per core
  up to four, while Pagefind runs);
- with PDFs again (warm: every PDF copied from the cache, as in a deploy that restored its cache).
Reports wall time, the plugin's "PDFs" stage (the wait for the workers after Pagefind, and the
copies), the CPU time of the build and all its children (the PDF workers, render and audit workers
and Pagefind), how many PDFs the build rendered (files added to the cache) and the ratios to the
baseline; for the cold build also the extra wall and CPU time per PDF.

Run: nice -n 15 .venv/bin/python benchmarks/bench_pdf.py --briefs 1000 5000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import prepare_full


def _cached(cache: Path) -> int:
    """The PDFs the cache holds (XDG_CACHE_HOME/briefing/pdf/<digest of the project's path>/)."""
    return sum(1 for _ in (cache / "briefing" / "pdf").glob("*/*.pdf"))


def _build(config: Path, site: Path, cache: Path, pdfs: bool) -> dict[str, Any]:
    timings = site.parent / f"{site.name}-timings.json"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BRIEFING_TODAY="2030-01-01", BRIEFING_TIMINGS=str(timings),
               BRIEFING_PDF="true" if pdfs else "false", XDG_CACHE_HOME=str(cache))
    held = _cached(cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("_run_build.py")), str(config), str(site)],
        capture_output=True, text=True, env=env, cwd=config.parent, check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    stages = json.loads(timings.read_text("utf-8")) if timings.is_file() else {}
    result["stages"] = stages.get("seconds", {})
    result["pdfs"] = len(list((site / "briefs").glob("*.pdf")))
    result["rendered"] = _cached(cache) - held
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, nargs="+", default=[1000])
    args = parser.parse_args()
    workers = max(1, min(os.cpu_count() or 1, 4))  # PdfRun's default
    print(f"{os.cpu_count()} cores, {workers} PDF workers; load average at start "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    for n in args.briefs:
        with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
            root = Path(tmp)
            config = prepare_full(root / "project", n)
            cache = root / "cache"
            started = time.time()
            runs = {
                "without PDFs": _build(config, root / "site-none", cache, pdfs=False),
                "PDFs, cold cache": _build(config, root / "site-cold", cache, pdfs=True),
                "PDFs, warm cache": _build(config, root / "site-warm", cache, pdfs=True),
            }
            base = runs["without PDFs"]
            print(f"\n{n} synthetic briefs of ~800 words ({time.time() - started:.0f} s in all; load average "
                  f"now {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
            print(f"{'build':<18} {'wall s':>8} {'x base':>7} {'PDFs stage s':>13} {'CPU s (all)':>12} "
                  f"{'x base':>7} {'PDFs':>6} {'rendered':>9}")
            for name, run in runs.items():
                stage = run["stages"].get("PDFs")
                print(f"{name:<18} {run['seconds']:8.1f} {run['seconds'] / base['seconds']:7.2f} "
                      f"{'' if stage is None else f'{stage:.1f}':>13} {run['cpu']:12.1f} "
                      f"{run['cpu'] / base['cpu']:7.2f} {run['pdfs']:6d} {run['rendered']:9d}")
            cold, warm = runs["PDFs, cold cache"], runs["PDFs, warm cache"]
            if cold["rendered"]:
                print(f"cold: {1000 * (cold['seconds'] - base['seconds']) / cold['rendered']:.0f} ms wall and "
                      f"{1000 * (cold['cpu'] - base['cpu']) / cold['rendered']:.0f} ms CPU more per PDF rendered")
            print(f"warm: {warm['seconds'] - base['seconds']:+.1f} s wall, {warm['cpu'] - base['cpu']:+.1f} s CPU "
                  f"against the build without PDFs", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
