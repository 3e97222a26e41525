"""Benchmark the site build against bare Material builds of the same bodies, in one run.

For each corpus size (synthetic briefs, benchmarks/synthetic.py) three builds, each in its own
process, with the same theme, overrides and nav (briefs out of it):
- `make site`: the briefing plugin (validate, catalog, render, compile, MkDocs, Pagefind, audit);
- bare Material with its own search plugin: each body as a plain page, no plugin of ours;
- bare Material with Pagefind run over the built site instead (the search this site uses).
Reports wall time, peak memory (the build process, and the largest of its child processes:
render and audit workers, Pagefind), site size, the plugin's own stage times (from
BRIEFING_TIMINGS) and, across sizes, each stage's time per brief (flat when linear).

Run: .venv/bin/python benchmarks/bench_build.py --briefs 1000 2500 5000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from briefing.load.sourcefile import read_text, split_front_matter
from synthetic import REPO, generate

TARGET_RATIO = 1.3
MEMORY_RATIO = 1.5


def _tree_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _build(config: Path, site: Path, *extra: str) -> dict[str, Any]:
    timings = site.parent / f"{site.name}-timings.json"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BRIEFING_TODAY="2030-01-01", BRIEFING_TIMINGS=str(timings))
    out = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("_run_build.py")), str(config), str(site), *extra],
        capture_output=True, text=True, env=env, cwd=config.parent, check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["site_mib"] = _tree_size(site) / 2**20
    stages = json.loads(timings.read_text("utf-8")) if timings.is_file() else {}
    result["stages"], result["stage_peaks"] = stages.get("seconds", {}), stages.get("peak_mib", {})
    return result


def prepare_full(root: Path, n: int) -> Path:
    generate(root, n)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root / "mkdocs.yml"


def prepare_bare(root: Path, briefs: Path, material_search: bool = False) -> Path:
    """The same site without the compiler: same mkdocs.yml (theme, nav, search, overrides) minus
    the briefing plugin, the hand-written docs, placeholder pages where the nav expects generated
    ones, and each brief body as a plain page."""
    shutil.copytree(REPO / "docs", root / "docs")
    docs = root / "docs"
    for page in ("index.md", "briefs/index.md", "topics/index.md", "timeline/index.md", "corrections/index.md",
                 "authors/index.md", "contribute/reference.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text(f"# {page}\n\nPlaceholder for a generated page.\n", encoding="utf-8")
    for path in sorted(briefs.glob("*.md")):
        split = split_front_matter(read_text(path))
        title = yaml.load(split.front, Loader=yaml.CSafeLoader)["title"]
        body = split.body.replace(".md)", "/)")  # plain pages: brief links are not resolved
        # `pagefind: true` marks the page for the search index, as the plugin does for briefs
        (docs / "briefs" / path.name).write_text(f"---\npagefind: true\n---\n# {title}\n\n{body}", encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    plugin = re.search(r"^  - briefing:\n(?:      .*\n)+", config, re.M)
    if plugin is None:
        raise SystemExit("bench_build: update prepare_bare, the plugin block in mkdocs.yml changed")
    config = config.replace(plugin.group(0), "  - search\n" if material_search else "")
    # Plain pages link to briefs as folders and the API page to files only the compiler writes.
    config = config.replace("  unrecognized_links: warn", "  unrecognized_links: info\n  not_found: info")
    config = config.replace("  anchors: warn", "  anchors: info")
    path = root / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


def measure(tmp: Path, n: int) -> dict[str, dict[str, Any]]:
    full_cfg = prepare_full(tmp / f"full-{n}", n)
    briefs = tmp / f"full-{n}" / "briefs"
    builds = {
        "bare Material, its search": (prepare_bare(tmp / f"bare-m-{n}", briefs, True), ()),
        "bare Material + Pagefind": (prepare_bare(tmp / f"bare-p-{n}", briefs), ("--pagefind",)),
        "make site (briefing)": (full_cfg, ()),
    }
    runs = {}
    for index, (name, (config, extra)) in enumerate(builds.items()):
        site = tmp / f"site-{n}-{index}"
        runs[name] = _build(config, site, *extra)
        shutil.rmtree(site, ignore_errors=True)
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefs", type=int, nargs="+", default=[1000])
    args = parser.parse_args()
    results: dict[int, dict[str, dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.briefs:
            results[n] = measure(Path(tmp), n)
    for n, runs in results.items():
        full = runs["make site (briefing)"]
        print(f"\ncorpus: {n} synthetic briefs of ~800 words")
        print(f"{'':30}{'time s':>9}{'peak MiB':>10}{'child MiB':>10}{'site MiB':>10}")
        for name, r in runs.items():
            print(f"{name:30}{r['seconds']:9.2f}{r['peak_mib']:10.0f}{r['child_peak_mib']:10.0f}{r['site_mib']:10.1f}")
        for name in ("bare Material, its search", "bare Material + Pagefind"):
            ratio = full["seconds"] / runs[name]["seconds"]
            verdict = "PASS" if ratio <= TARGET_RATIO else "OVER"
            memory = full["peak_mib"] / runs[name]["peak_mib"]
            memory_verdict = "PASS" if memory <= MEMORY_RATIO else "OVER"
            print(f"ratio make site / {name}: time {ratio:.2f}x (target <= {TARGET_RATIO:.1f}x): {verdict}; "
                  f"memory {memory:.2f}x (target <= {MEMORY_RATIO:.1f}x): {memory_verdict}")
        stages = full["stages"]
        other = full["seconds"] - sum(stages.values())
        peaks = full["stage_peaks"]
        print("make site stages (time, peak memory of the build process when the stage ended): "
              + ", ".join(f"{k} {v:.2f} s ({peaks.get(k, 0):.0f} MiB)" for k, v in stages.items())
              + f", MkDocs start-up, files and nav {other:.2f} s")
    if len(results) > 1:
        print("\nper brief (ms), by corpus size: flat means linear")
        names = list(next(iter(results.values()))["make site (briefing)"]["stages"])
        print(f"{'stage':28}" + "".join(f"{n:>10}" for n in results))
        for name in [*names, "whole build"]:
            row = []
            for n, runs in results.items():
                full = runs["make site (briefing)"]
                value = full["seconds"] if name == "whole build" else full["stages"].get(name, 0.0)
                row.append(f"{value / n * 1000:10.2f}")
            print(f"{name:28}" + "".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
