"""The `briefing` command: validate, new, schema, review, check-links, reference, stale."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .load.filecache import FileCache


def find_root(start: Path) -> Path:
    """The repository root: the nearest folder upwards that has a `briefs/` folder."""
    for folder in (start, *start.parents):
        if (folder / "briefs").is_dir():
            return folder
    return start


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="AI Governance Briefs toolkit.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    parser.add_argument("--root", type=Path, help="repository root (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)

    val = sub.add_parser("validate", help="validate briefs and data files")
    val.add_argument("paths", nargs="*", type=Path, help="briefs to report on (default: all of briefs/)")
    val.add_argument("--format", choices=("text", "github", "json"), default="text")
    val.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    val.add_argument("--no-cache", action="store_true",
                     help="parse every brief again instead of reusing the results for unchanged ones "
                     "(kept in ~/.cache/briefing; BRIEFING_CACHE=off does the same)")
    val.add_argument("--changed", action="store_true",
                     help="only report on briefs and data files changed in git (committed, staged, "
                     "unstaged or untracked) since --base; cross-file rules still use every brief")
    val.add_argument("--base", metavar="REF",
                     help="with --changed: the git revision to compare with (default: the "
                     "merge-base with origin/main if it exists, else HEAD)")

    new = sub.add_parser("new", help="write a draft brief that validates")
    new.add_argument("title")
    new.add_argument("--topic", action="append", required=True, help="topic id (repeat for more)")
    new.add_argument("--slug", help="slug to use instead of one derived from the title")
    new.add_argument("--date", type=dt.date.fromisoformat, help="publication date (default: today)")

    sub.add_parser("schema", help="print the front matter's JSON Schema")

    rev = sub.add_parser("review",
                         help="list changed briefs; published ones need a changelog entry")
    rev.add_argument("--base", metavar="REF",
                     help="git revision to compare with, e.g. origin/main (default: the merge-base "
                     "with origin/main if it exists, else HEAD)")
    rev.add_argument("--format", choices=("text", "markdown", "github"), default="text")
    rev.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)

    links = sub.add_parser("check-links", help="check every source URL (needs the network)")
    links.add_argument("--timeout", type=_positive_float, default=15.0, metavar="S",
                       help="seconds any one network operation may wait (default: 15)")
    links.add_argument("--deadline", type=_positive_float, default=60.0, metavar="S",
                       help="seconds one URL may take in all: DNS, connecting, answers, redirects, "
                       "retries and the waits between them (default: 60)")
    links.add_argument("--concurrency", type=_positive_int, default=8, metavar="N",
                       help="URLs checked at once (default: 8; at most 2 per host)")
    links.add_argument("--retries", type=_non_negative_int, default=2, metavar="N",
                       help="extra tries after a timeout, dropped connection, 429 or 5xx "
                       "(default: 2)")
    links.add_argument("--backoff", type=float, default=1.0, help=argparse.SUPPRESS)
    links.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    links.add_argument("--strict", action="store_true", help="exit 1 if any link is broken")
    sub.add_parser("reference", help="print the contributor reference page (Markdown)")

    sched = sub.add_parser("scheduled", help="print the dates on which scheduled briefs appear, one a line, for "
                           "a build as of each (the pull-request check builds as of the last)")
    sched.add_argument("--last", action="store_true", help="print only the last date (nothing when none is due)")
    sched.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)

    stale = sub.add_parser("stale", help="list the published briefs that are due for editorial review")
    stale.add_argument("--days", type=_non_negative_int, default=180, metavar="N",
                       help="due when last reviewed (else changed, else published) more than N days "
                       "ago (default: 180)")
    stale.add_argument("--format", choices=("text", "github", "json"), default="text")
    stale.add_argument("--strict", action="store_true", help="exit 1 if any brief is due")
    stale.add_argument("--changed", action="store_true",
                       help="only the briefs changed in git since --base (a pull request's)")
    stale.add_argument("--base", metavar="REV", help="with --changed: the git revision to compare with "
                       "(default: where the branch left origin/main)")
    stale.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # e.g. `briefing validate | head`: the reader left; exit quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on misuse, 0 on --help
        return int(exc.code or 0)
    root = (args.root or find_root(Path.cwd())).resolve()
    if args.command == "validate" and (args.changed or args.base):
        return _validate_changed(root, args)
    if args.command == "validate":
        return _validate(root, args)
    if args.command == "review":
        return _review(root, args)
    if args.command == "check-links":
        return _check_links(root, args)
    if args.command == "stale":
        return _stale(root, args)
    if args.command == "scheduled":
        return _scheduled(root, args)
    if args.command == "new":
        from .editorial.scaffold import ScaffoldError, write_new

        try:
            path = write_new(root, args.title, args.topic, slug=args.slug, date=args.date)
        except ScaffoldError as exc:
            print(f"briefing new: {exc}", file=sys.stderr)
            return 2
        print(f"wrote {path.relative_to(root).as_posix()} (status: draft). Edit it, then run: make validate")
        return 0
    if args.command == "schema":
        from .model import brief_json_schema

        print(json.dumps(brief_json_schema(), indent=2, ensure_ascii=False))
        return 0
    if args.command == "reference":
        from .rules.reference import reference_markdown

        print(reference_markdown())
        return 0
    return 2  # pragma: no cover - argparse rejects unknown commands


def _scheduled(root: Path, args: argparse.Namespace) -> int:
    """The publication dates after today of the briefs that are not drafts. A build as of the last
    renders, sanitises and audits every one of them, which the daily deploy would otherwise do
    first on the day each appears."""
    from .load.corpus import scheduled_dates
    from .rules.validate import build_today, validate

    today = args.today or build_today()
    dates = scheduled_dates(validate(root, today=today), today)
    for day in dates[-1:] if args.last else dates:
        print(day.isoformat())
    return 0


def _validate(root: Path, args: argparse.Namespace) -> int:
    from .problems import render, summary
    from .rules.validate import select, validate

    if not (root / "briefs").is_dir():
        print(f"briefing validate: no briefs/ folder under {root}", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"briefing validate: no such file: {missing[0]}", file=sys.stderr)
        return 2
    cache = _file_cache(root, args)
    corpus = validate(root, args.paths, today=args.today, cache=cache)
    if cache is not None:
        from .load.filecache import save_cache

        if cache.changed:  # a brief new, edited or gone
            save_cache(root, cache)
    problems = select(corpus, args.paths)
    output = render(problems, args.format)
    if output:
        print(output)
    if args.format == "text":
        files = len(corpus.briefs) + len(corpus.data) if not args.paths else len(args.paths)
        print(summary(problems, files), file=sys.stderr)
    return 1 if any(p.severity == "error" for p in problems) else 0


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _file_cache(root: Path, args: argparse.Namespace) -> FileCache | None:
    """The on-disk cache of file-level results (see load/filecache.py), unless it is turned off."""
    from .load.filecache import enabled, load_cache

    return load_cache(root) if enabled() and not args.no_cache else None


def _validate_changed(root: Path, args: argparse.Namespace) -> int:
    """`validate --changed`: the whole corpus is checked, problems of changed files are reported."""
    from .load.corpus import BRIEFS_DIR
    from .load.gitchanges import GitError, changes, describe
    from .model import DATA_FILES
    from .problems import render, summary
    from .rules.validate import validate

    if args.paths:
        print("briefing validate: give either paths or --changed, not both", file=sys.stderr)
        return 2
    if not (root / "briefs").is_dir():
        print(f"briefing validate: no briefs/ folder under {root}", file=sys.stderr)
        return 2
    try:
        found = changes(root, args.base)
        since = describe(root, args.base, found.base)
    except GitError as exc:
        print(f"briefing validate --changed: {exc}", file=sys.stderr)
        return 2
    if not found.all():
        if args.format == "text":
            print(f"no brief or data file changed since {since}: nothing to check", file=sys.stderr)
        elif args.format == "json":
            print("[]")
        return 0
    cache = _file_cache(root, args)
    corpus = validate(root, (), today=args.today, cache=cache)
    if cache is not None:
        from .load.filecache import save_cache

        if cache.changed:
            save_cache(root, cache)
    wanted = set(found.changed)
    data_changed = any(p.split("/", 1)[-1] in DATA_FILES for p in found.all())
    # Deleting or renaming a brief, or editing a data file, can break references in files that
    # did not change: then cross-file problems anywhere are reported too.
    wide = data_changed or any(p.startswith(f"{BRIEFS_DIR}/") for p in found.deleted)
    problems = [p for p in corpus.all_problems()
                if p.path in wanted or any(w.startswith(p.path + "/") for w in wanted)
                or (wide and p.rule in _CROSS_FILE_RULES)]
    output = render(problems, args.format)
    if output:
        print(output)
    if args.format == "text":
        files = len([p for p in found.changed if p.startswith(f"{BRIEFS_DIR}/")])
        print(f"{summary(problems, files)} (changed since {since})", file=sys.stderr)
    return 1 if any(p.severity == "error" for p in problems) else 0


_CROSS_FILE_RULES = frozenset({
    "REF-TOPIC", "REF-AUTHOR", "REF-JURISDICTION", "REF-BRIEF", "REF-DRAFT", "SLUG-DUPLICATE",
    "SUPERSEDES-CYCLE", "BODY-LINK", "DATA-REQUIRED-ID",
})


def _review(root: Path, args: argparse.Namespace) -> int:
    from .editorial.review import render, review
    from .load.gitchanges import GitError

    today = args.today or dt.date.today()
    try:
        result = review(root, args.base, today=today)
    except GitError as exc:
        print(f"briefing review: {exc}", file=sys.stderr)
        return 2
    print(render(result, args.format, today))
    return 1 if result.errors else 0


def _stale(root: Path, args: argparse.Namespace) -> int:
    from .editorial.stale import note, render, stale
    from .rules.validate import BuildDateError, build_today
    from .site.state import watch_items

    if not (root / "briefs").is_dir():
        print(f"briefing stale: no briefs/ folder under {root}", file=sys.stderr)
        return 2
    try:
        today = args.today or build_today()
    except BuildDateError as exc:
        print(f"briefing stale: {exc}", file=sys.stderr)
        return 2
    only = None
    if args.changed or args.base:
        from .load.gitchanges import GitError, changes

        try:
            only = set(changes(root, args.base).changed)
        except GitError as exc:
            print(f"briefing stale: {exc}", file=sys.stderr)
            return 2
    report = stale(root, today, args.days, watch=watch_items, only=only)
    print(render(report, args.format))
    warning = note(report)
    if warning and args.format == "json":  # the other formats include it in their output
        print(f"briefing stale: {warning}", file=sys.stderr)
    return 1 if args.strict and report.due else 0


def _check_links(root: Path, args: argparse.Namespace) -> int:
    from .editorial.linkcheck import check_corpus
    from .editorial.linkreport import render

    if not (root / "briefs").is_dir():
        print(f"briefing check-links: no briefs/ folder under {root}", file=sys.stderr)
        return 2
    report = check_corpus(root, timeout=args.timeout, concurrency=args.concurrency,
                          retries=args.retries, backoff=args.backoff, deadline=args.deadline)
    print(render(report, args.format))
    return 1 if args.strict and report.any_broken() else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
