"""Benchmark the site build against a bare Material build of the same bodies, in one run.

Both builds use the same theme and the same search (Pagefind over the built pages) and keep the
briefs out of the nav; the bare build has no briefing plugin and renders each body as a plain page.
Reports wall time, peak memory (each build in its own process) and site size.

Run: .venv/bin/python benchmarks/bench_build.py --briefs 1000
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

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from briefing.sourcefile import read_text, split_front_matter
from synthetic import REPO, generate

TARGET_RATIO = 1.3


def _tree_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _build(config: Path, site: Path, *extra: str) -> dict[str, float]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BRIEFING_TODAY="2030-01-01")
    out = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("_run_build.py")), str(config), str(site), *extra],
        capture_output=True, text=True, env=env, cwd=config.parent, check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["site_mib"] = _tree_size(site) / 2**20
    return result


def prepare_full(root: Path, n: int) -> Path:
    generate(root, n)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root / "mkdocs.yml"


def prepare_bare(root: Path, briefs: Path) -> Path:
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
    config = config.replace(plugin.group(0), "")
    # Plain pages link to briefs as folders and the API page to files only the compiler writes.
    config = config.replace("  unrecognized_links: warn", "  unrecognized_links: info\n  not_found: info")
    config = config.replace("  anchors: warn", "  anchors: info")
    path = root / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefs", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        full_cfg = prepare_full(Path(tmp) / "full", args.briefs)
        bare_cfg = prepare_bare(Path(tmp) / "bare", Path(tmp) / "full" / "briefs")
        # Same search settings: the bare site is indexed by Pagefind too, inside the timed run.
        bare = _build(bare_cfg, Path(tmp) / "bare-site", "--pagefind")
        full = _build(full_cfg, Path(tmp) / "full-site")
    ratio = full["seconds"] / bare["seconds"]
    print(f"corpus: {args.briefs} synthetic briefs of ~800 words")
    print(f"{'':28}{'time s':>9}{'peak MiB':>10}{'site MiB':>10}")
    for name, r in (("bare Material (same bodies)", bare), ("make site (briefing)", full)):
        print(f"{name:28}{r['seconds']:9.2f}{r['peak_mib']:10.0f}{r['site_mib']:10.1f}")
    verdict = "PASS" if ratio <= TARGET_RATIO else "OVER"
    print(f"ratio time full/bare: {ratio:.2f}x (target <= {TARGET_RATIO:.1f}x): {verdict}")
    print(f"ratio memory full/bare: {full['peak_mib'] / bare['peak_mib']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
