"""Benchmark `make site` against a plain Material site of the same briefs, in one run.

For each corpus size (synthetic briefs, benchmarks/synthetic.py: about 800 English and 60 Chinese
words, four cited sources and three links to other briefs each, instruments, watch items and
responses), ``--repeat`` rounds of four builds, interleaved (each round builds all four in turn),
each one `mkdocs build --strict --clean` in a process of its own, as `make site` runs it. The
benchmark stops, with the build's log, if any build fails (`make site` fails on an invalid brief,
a broken link, any warning or a failed audit):

- **make site**: the project's own `mkdocs.yml` and `docs/` with the briefing plugin (validate,
  catalog, render, compile every v3 page, MkDocs, Pagefind, audit), with `BRIEFING_PDF=false`.
  PDFs off stands for a warm PDF cache: with every PDF cached the build only copies them (see
  benchmarks/bench_pdf.py and docs/contribute/performance.md for the cold cost).
- **plain Material, THE baseline of the targets** (`prepare_plain`): what a newcomer would build
  from the same briefs with Material for MkDocs and nothing of ours. Exactly:
  - `docs/index.md`, a home page of one heading and one paragraph;
  - `docs/briefs/<slug>.md` for every brief: its front matter removed, its title as the page's
    `# ` heading, then its body unchanged (links to other briefs resolve as MkDocs links between
    pages; `[@id]` citations stay plain text);
  - `mkdocs.yml`: `site_name`, `site_url`, `theme: {name: material}` (no `custom_dir`, no
    features, palette or fonts setting), `plugins: [search]` (Material's own search plugin),
    `nav: [{Home: index.md}]` (the briefs are not in the nav: a nav that lists them puts every
    brief in every page), no `extra_css` or `extra_javascript`, MkDocs' default validation, and
    the `markdown_extensions` of our `mkdocs.yml`, copied at run time (`admonition`, `attr_list`,
    `footnotes`, `tables` with `use_align_attribute`, `toc` with `permalink`, `pymdownx.details`,
    `pymdownx.superfences`): the contract's body dialect is the project's, and the briefing
    plugin renders each body with the same list, so the bodies cost the same to convert on
    both sides.
- **bare Material + our overrides, its search** and **bare Material + our overrides + Pagefind**
  (extra columns, the baselines of the earlier measurements; `prepare_bare`): our `mkdocs.yml`
  (theme overrides, nav, CSS and script) without the briefing plugin, our hand-written pages,
  placeholders where the nav expects generated pages, each body as a plain page; with Material's
  search plugin, or with `pagefind --site` run after the build (the search this site uses).
- with ``--plain-without-jieba``, one more build: the plain Material site with `import jieba` made
  to fail. Material's search plugin segments Chinese with jieba whenever jieba is installed (it
  is in our environment: `pyproject.toml`), and jieba's dictionary is a large part of the plain
  build's memory; this column is the baseline as a newcomer without jieba would have it.

Measured for each build:

- wall time, from starting the build's process to its exit (Python start-up included, as
  `make site` pays it); for the Pagefind baseline, the build's and then Pagefind's;
- CPU time, user and system, of the build's process and every process it waited for;
- peak memory of the **largest single process** of the build: `ru_maxrss` of the `rusage`
  that `os.wait4` returns for the build's process, which is what `/usr/bin/time -f %M` reports
  (on Linux the largest resident set of that process and of every descendant it waited for:
  render, scan and page workers, Pagefind). A forked worker's resident set counts the pages it
  shares with its parent. The memory target compares this figure;
- the site's size and its largest HTML page (every page over 200 KB is flagged: the audit of
  `make site` fails on them);
- for `make site`, the plugin's stage times (`BRIEFING_TIMINGS`) and, across sizes, each stage's
  time per brief in ms (flat when linear), medians over the rounds.

Ratios are `make site` over the plain Material site, per round and the median of the rounds'
ratios. Targets (issue 26): wall time at most 1.3x, peak memory at most 1.5x.

Run (the machine is shared: compare the ratios, measured within one run):
    nice -n 10 .venv/bin/python benchmarks/bench_build.py --briefs 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from briefing.load.sourcefile import read_text, split_front_matter
from synthetic import REPO, generate

TARGET_RATIO = 1.3
MEMORY_RATIO = 1.5
PAGE_LIMIT_KB = 200  # the audit of `make site` fails on any HTML page over this
BUILD_DATE = "2030-01-01"  # after every synthetic publication date, before the scheduled ones

PLAIN = "plain Material (baseline)"
BARE = "bare Material + our overrides"
BARE_PAGEFIND = "bare + overrides + Pagefind"
FULL = "make site (PDFs off)"
PLAIN_NO_JIEBA = "plain Material, no jieba"


@dataclass
class Run:
    """One build, measured from outside its process."""

    seconds: float
    cpu_seconds: float
    peak_mib: float  # the largest single process (ru_maxrss from os.wait4)
    site_mib: float
    largest_page: tuple[int, str]  # bytes, path in the site
    pages_over_limit: list[tuple[int, str]]
    stages: dict[str, float] = field(default_factory=dict)
    stage_peaks: dict[str, float] = field(default_factory=dict)


def _mkdocs_build(config: Path, site: Path) -> list[str]:
    """`make site`'s command (`mkdocs build --strict --clean`) for this config and site folder."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", str(config),
            "--site-dir", str(site)]


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Run ``command`` to its end; its wall seconds, CPU seconds and peak MiB (ru_maxrss of the
    process and of the descendants it waited for, as `/usr/bin/time -f %M`). Stops the benchmark,
    with the end of the command's log, if it fails."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-4000:]
            raise SystemExit(f"bench_build: FAILED (exit {process.returncode}): {' '.join(command)}\n{tail}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _pages(site: Path) -> list[tuple[int, str]]:
    """Every HTML page of the site as (bytes, path), largest first."""
    return sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")), reverse=True)


def without_jieba(folder: Path) -> dict[str, str]:
    """Environment under which `import jieba` fails (a module of that name in ``folder`` that
    raises ImportError, first on the path), as if jieba were not installed."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jieba.py").write_text('raise ImportError("jieba is left out of this baseline")\n', encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)}


def build(config: Path, site: Path, cache: Path, pagefind: bool = False, env_extra: dict[str, str] | None = None
          ) -> Run:
    """Build ``config`` into ``site`` in a process of its own (then Pagefind over it, with
    ``pagefind``) and measure it."""
    timings = site.parent / f"{site.name}-timings.json"
    timings.unlink(missing_ok=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BRIEFING_TODAY=BUILD_DATE, BRIEFING_TIMINGS=str(timings),
               BRIEFING_PDF="false", XDG_CACHE_HOME=str(cache), **(env_extra or {}))
    seconds, cpu, peak = _run(_mkdocs_build(config, site), config.parent, env)
    if pagefind:  # as the briefing plugin runs it, after the build
        more = _run([sys.executable, "-m", "pagefind", "--site", str(site)], config.parent, env)
        seconds, cpu, peak = seconds + more[0], cpu + more[1], max(peak, more[2])
    pages = _pages(site)
    stages = json.loads(timings.read_text("utf-8")) if timings.is_file() else {}
    return Run(
        seconds=seconds, cpu_seconds=cpu, peak_mib=peak,
        site_mib=sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 2**20,
        largest_page=pages[0] if pages else (0, ""),
        pages_over_limit=[p for p in pages if p[0] > PAGE_LIMIT_KB * 1024],
        stages=stages.get("seconds", {}), stage_peaks=stages.get("peak_mib", {}),
    )


def prepare_full(root: Path, n: int) -> Path:
    """The project as it is (`mkdocs.yml`, `docs/`) with ``n`` synthetic briefs; its config."""
    generate(root, n)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root / "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Reads our mkdocs.yml: `!ENV [NAME, default]` gives the default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1]
                              if isinstance(node, yaml.SequenceNode) else None)


def our_markdown_extensions() -> list[Any]:
    """The `markdown_extensions` of the project's mkdocs.yml, as written there."""
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    return list(config["markdown_extensions"])


def plain_config() -> dict[str, Any]:
    """The plain Material site's mkdocs.yml (see the module's docstring)."""
    return {
        "site_name": "AI Governance Briefs",
        "site_url": "http://127.0.0.1:8000/",
        "docs_dir": "docs",
        "theme": {"name": "material"},
        "plugins": ["search"],
        "markdown_extensions": our_markdown_extensions(),
        "nav": [{"Home": "index.md"}],
    }


def prepare_plain(root: Path, briefs: Path) -> Path:
    """The plain Material site of the briefs in ``briefs`` under ``root``; its config."""
    docs = root / "docs"
    (docs / "briefs").mkdir(parents=True)
    (docs / "index.md").write_text("# AI Governance Briefs\n\nShort, sourced, cross-linked briefs on AI governance.\n",
                                   encoding="utf-8")
    for path in sorted(briefs.glob("*.md")):
        split = split_front_matter(read_text(path))
        title = yaml.load(split.front, Loader=yaml.CSafeLoader)["title"]
        (docs / "briefs" / path.name).write_text(f"# {title}\n\n{split.body.lstrip()}", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(yaml.safe_dump(plain_config(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config


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


def measure(tmp: Path, n: int, repeat: int, no_jieba: bool = False) -> dict[str, list[Run]]:
    """``repeat`` rounds of the builds of an ``n``-brief corpus, interleaved."""
    full = prepare_full(tmp / f"full-{n}", n)
    briefs = tmp / f"full-{n}" / "briefs"
    plain = prepare_plain(tmp / f"plain-{n}", briefs)
    configs: dict[str, tuple[Path, bool, dict[str, str] | None]] = {
        PLAIN: (plain, False, None),
        BARE: (prepare_bare(tmp / f"bare-m-{n}", briefs, True), False, None),
        BARE_PAGEFIND: (prepare_bare(tmp / f"bare-p-{n}", briefs), True, None),
        FULL: (full, False, None),
    }
    if no_jieba:
        configs[PLAIN_NO_JIEBA] = (plain, False, without_jieba(tmp / "no-jieba"))
    runs: dict[str, list[Run]] = {name: [] for name in configs}
    for round_ in range(repeat):
        for index, (name, (config, pagefind, env_extra)) in enumerate(configs.items()):
            site = tmp / f"site-{n}-{index}"
            run = build(config, site, tmp / "cache", pagefind, env_extra)
            runs[name].append(run)
            shutil.rmtree(site, ignore_errors=True)
            print(f"  {n} briefs, round {round_ + 1}/{repeat}: {name}: {run.seconds:.2f} s, "
                  f"{run.peak_mib:.0f} MiB", file=sys.stderr, flush=True)
    return runs


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _runs(values: list[float], fmt: str) -> str:
    return " / ".join(format(v, fmt) for v in values)


def report(n: int, runs: dict[str, list[Run]]) -> None:
    repeat = len(runs[FULL])
    print(f"\ncorpus: {n:,} synthetic briefs (benchmarks/synthetic.py); {repeat} round(s) of the builds, "
          "interleaved; make site with BRIEFING_PDF=false (stands for a warm PDF cache)")
    print(f"{'build':32}{'wall s (each round)':>26}{'median':>8}{'CPU s':>8}{'peak MiB':>10}{'site MiB':>10}"
          f"{'largest page':>14}")
    for name, rs in runs.items():
        page = max(r.largest_page for r in rs)
        print(f"{name:32}{_runs([r.seconds for r in rs], '.2f'):>26}{_median([r.seconds for r in rs]):8.2f}"
              f"{_median([r.cpu_seconds for r in rs]):8.2f}{_median([r.peak_mib for r in rs]):10.0f}"
              f"{_median([r.site_mib for r in rs]):10.1f}{page[0] / 1024:11.0f} KB")
    print("(peak MiB: the largest single process of the build, median over the rounds; CPU s: the build's "
          "process and every process it waited for)")
    full = runs[FULL]
    for name, base in runs.items():
        if name == FULL:
            continue
        wall = [f.seconds / b.seconds for f, b in zip(full, base, strict=True)]
        memory = [f.peak_mib / b.peak_mib for f, b in zip(full, base, strict=True)]
        cpu = [f.cpu_seconds / b.cpu_seconds for f, b in zip(full, base, strict=True)]
        if name == PLAIN:
            verdict = "PASS" if _median(wall) <= TARGET_RATIO else "OVER"
            memory_verdict = "PASS" if _median(memory) <= MEMORY_RATIO else "OVER"
            print(f"make site / {name}: wall {_runs(wall, '.2f')}, median {_median(wall):.2f}x "
                  f"(target <= {TARGET_RATIO:.1f}x): {verdict}; peak memory {_runs(memory, '.2f')}, median "
                  f"{_median(memory):.2f}x (target <= {MEMORY_RATIO:.1f}x): {memory_verdict}; "
                  f"CPU median {_median(cpu):.2f}x")
        else:
            print(f"make site / {name}: wall {_runs(wall, '.2f')}, median {_median(wall):.2f}x; peak memory "
                  f"median {_median(memory):.2f}x; CPU median {_median(cpu):.2f}x")
    stages = _median_stages(full)
    other = _median([r.seconds for r in full]) - sum(stages.values())
    peaks = {k: max(r.stage_peaks.get(k, 0.0) for r in full) for k in stages}
    print("make site stages, median s (ms per brief; the build process's peak MiB when the stage ended): "
          + ", ".join(f"{k} {v:.2f} ({v / n * 1000:.2f} ms; {peaks[k]:.0f} MiB)" for k, v in stages.items())
          + f"; the rest (Python and MkDocs start-up, files, nav) {other:.2f} s")
    for name in runs:
        over = {p for r in runs[name] for p in r.pages_over_limit}
        size, path = max(r.largest_page for r in runs[name])
        flag = (f"FLAG: {len(over)} page(s) over {PAGE_LIMIT_KB} KB, e.g. "
                + ", ".join(f"{p} ({s // 1024} KB)" for s, p in sorted(over, reverse=True)[:5])) if over \
            else f"no page over {PAGE_LIMIT_KB} KB"
        print(f"largest page, {name}: {path} ({size / 1024:.0f} KB); {flag}")


def _median_stages(runs: list[Run]) -> dict[str, float]:
    names = list(dict.fromkeys(k for r in runs for k in r.stages))
    return {k: _median([r.stages[k] for r in runs if k in r.stages]) for k in names}


def report_linearity(results: dict[int, dict[str, list[Run]]]) -> None:
    print("\nms per brief by corpus size, medians over the rounds (flat means linear)")
    stages = {n: _median_stages(runs[FULL]) for n, runs in results.items()}
    names = list(dict.fromkeys(k for s in stages.values() for k in s))
    print(f"{'':40}" + "".join(f"{n:>10,}" for n in results))
    rows: list[tuple[str, dict[int, float]]] = [(f"make site: {k}", {n: s.get(k, 0.0) for n, s in stages.items()})
                                                for k in names]
    for name in (FULL, PLAIN):
        rows.append((f"{name}: whole build", {n: _median([r.seconds for r in runs[name]])
                                               for n, runs in results.items()}))
    for label, values in rows:
        print(f"{label:40}" + "".join(f"{values[n] / n * 1000:10.2f}" for n in results))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, nargs="+", default=[1000], help="corpus sizes (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the builds per size (default 3)")
    parser.add_argument("--plain-without-jieba", action="store_true",
                        help="one more build: the plain Material site without jieba (Material then leaves Chinese "
                        "unsegmented)")
    parser.add_argument("--json", type=Path, help="also write every run's measurements to this file")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    results: dict[int, dict[str, list[Run]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for n in args.briefs:
            results[n] = measure(Path(tmp), n, args.repeat, args.plain_without_jieba)
    for n, runs in results.items():
        report(n, runs)
    if len(results) > 1:
        report_linearity(results)
    if args.json:
        args.json.write_text(json.dumps({str(n): {name: [asdict(r) for r in rs] for name, rs in runs.items()}
                                         for n, runs in results.items()}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
