"""The `briefing` command: validate, new, schema, reference."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__


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

    new = sub.add_parser("new", help="write a draft brief that validates")
    new.add_argument("title")
    new.add_argument("--topic", action="append", required=True, help="topic id (repeat for more)")
    new.add_argument("--slug", help="slug to use instead of one derived from the title")
    new.add_argument("--date", type=dt.date.fromisoformat, help="publication date (default: today)")

    sub.add_parser("schema", help="print the front matter's JSON Schema")
    sub.add_parser("reference", help="print the contributor reference page (Markdown)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on misuse, 0 on --help
        return int(exc.code or 0)
    root = (args.root or find_root(Path.cwd())).resolve()
    if args.command == "validate":
        return _validate(root, args)
    if args.command == "new":
        from .scaffold import ScaffoldError, write_new

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
        from .reference import reference_markdown

        print(reference_markdown())
        return 0
    return 2  # pragma: no cover - argparse rejects unknown commands


def _validate(root: Path, args: argparse.Namespace) -> int:
    from .problems import render, summary
    from .validate import select, validate

    if not (root / "briefs").is_dir():
        print(f"briefing validate: no briefs/ folder under {root}", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"briefing validate: no such file: {missing[0]}", file=sys.stderr)
        return 2
    corpus = validate(root, args.paths, today=args.today)
    problems = select(corpus, args.paths)
    output = render(problems, args.format)
    if output:
        print(output)
    if args.format == "text":
        files = len(corpus.briefs) + len(corpus.data) if not args.paths else len(args.paths)
        print(summary(problems, files), file=sys.stderr)
    return 1 if any(p.severity == "error" for p in problems) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
