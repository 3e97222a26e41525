"""`briefing review`: what a pull request changes in the briefs, and whether changes to
published briefs are logged for readers.

The rule is simple: once a brief is published, any change to what readers read (title,
summary, key points, body, sources or instrument), even a typo fix, needs a new `changelog`
entry, and `updated` must equal the newest changelog date. Drafts change freely.

The base version of each file is read with ``git show REF:path`` and parsed with the same
loaders as the validator (``split_front_matter`` and the safe YAML ``parse``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..load import gitchanges
from ..load.corpus import BRIEFS_DIR
from ..load.sourcefile import ReadError, read_text, split_front_matter
from ..load.yamlsource import Parsed, parse
from ..model import DATA_FILES
from ..problems import CONTENT_WARNINGS
from ..rules.files import load_brief

Level = Literal["error", "warning", "notice"]

# Changes to these need a changelog entry once a brief is published.
SUBSTANTIVE = ("title", "summary", "key_points", "body", "sources", "instrument")
TEXT_FIELDS = ("title", "summary", "key_points", "body")
CHANGELOG_KINDS = "update (new facts), clarification (wording) or correction (an error fixed)"


@dataclass
class Snapshot:
    """One version of a brief file, parsed as far as possible."""

    front: dict[str, Any] | None = None
    body: str = ""
    parsed: Parsed = field(default_factory=Parsed)
    error: str | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return (self.front or {}).get(key, default)

    def status(self) -> str:
        value = self.get("status", "published")
        return value if isinstance(value, str) else "published"

    def published_on(self) -> dt.date | None:
        value = self.get("published")
        return value if isinstance(value, dt.date) else None

    def changelog(self) -> list[Any]:
        value = self.get("changelog")
        return value if isinstance(value, list) else []

    def line(self, *keys: str) -> int:
        """The file line of the first of ``keys`` present in the front matter (else 1)."""
        for key in keys:
            if key in (self.front or {}):
                return self.parsed.pos((key,), key=True).line
        return 1


def decode(data: bytes) -> str:
    """Bytes from git to text, as ``sourcefile.read_text`` does for files on disk."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8")  # UnicodeDecodeError is handled by the caller
    return text.replace("\r\n", "\n").replace("\r", "\n")


def snapshot(text: str | None, error: str | None = None) -> Snapshot:
    if text is None:
        return Snapshot(error=error or "unreadable")
    try:
        split = split_front_matter(text)
    except ReadError as exc:
        return Snapshot(error=exc.message)
    parsed = parse(split.front, line_offset=1)
    shot = Snapshot(body=_normalise_body(split.body), parsed=parsed)
    if any(i.rule in {"YAML-SYNTAX", "YAML-ALIAS"} for i in parsed.issues):
        shot.error = "the front matter is not valid YAML"
    elif not isinstance(parsed.value, dict):
        shot.error = "the front matter is not a mapping of keys to values"
    else:
        shot.front = parsed.value
    return shot


def _normalise_body(body: str) -> str:
    # Trailing spaces and blank lines at the end do not change what readers see.
    return "\n".join(line.rstrip() for line in body.split("\n")).strip("\n")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


@dataclass
class Finding:
    level: Level
    message: str
    line: int = 1


@dataclass
class BriefReview:
    path: str  # relative to the project root
    slug: str
    kind: Literal["new", "removed", "changed"]
    status_base: str | None = None
    status_head: str | None = None
    published_at_base: bool = False
    changed: list[str] = field(default_factory=list)  # every changed front-matter key, plus "body"
    new_entries: list[dict[str, Any]] = field(default_factory=list)
    updated: Any = None
    newest_entry: dt.date | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def substantive(self) -> list[str]:
        return [k for k in SUBSTANTIVE if k in self.changed]

    @property
    def text_changed(self) -> list[str]:
        return [k for k in TEXT_FIELDS if k in self.changed]

    def add(self, level: Level, message: str, line: int = 1) -> None:
        self.findings.append(Finding(level, message, line))


@dataclass
class Review:
    base: str
    base_commit: str
    briefs: list[BriefReview] = field(default_factory=list)
    data_files: list[str] = field(default_factory=list)  # changed data files
    other_files: list[str] = field(default_factory=list)  # other changed files under briefs/
    # Changes that reach beyond the pull request's own briefs, which a maintainer must approve:
    # marking another brief as superseded, or changing a published brief's status.
    approvals: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[BriefReview]:
        return [b for b in self.briefs if b.kind == kind]

    @property
    def errors(self) -> int:
        return sum(f.level == "error" for b in self.briefs for f in b.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level == "warning" for b in self.briefs for f in b.findings)

    @property
    def needs_changelog_help(self) -> bool:
        return any(
            f.level == "error" and "changelog" in f.message for b in self.briefs for f in b.findings
        )


def _is_brief_path(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 2 and parts[0] == BRIEFS_DIR and parts[1].endswith(".md")


def _read_base(root: Path, ref: str, path: str) -> Snapshot | None:
    data = gitchanges.show(root, ref, path)
    if data is None:
        return None
    try:
        return snapshot(decode(data))
    except UnicodeDecodeError:
        return snapshot(None, "the file is not valid UTF-8")


def _read_head(root: Path, path: str) -> Snapshot | None:
    file = root / path
    if not file.is_file():
        return None
    try:
        return snapshot(read_text(file))
    except ReadError as exc:
        return snapshot(None, exc.message)


def _aliases_now(root: Path) -> dict[str, str]:
    """Former slug -> the brief that now lists it in `aliases` (to recognise renames)."""
    found: dict[str, str] = {}
    folder = root / BRIEFS_DIR
    for file in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            shot = snapshot(read_text(file))
        except ReadError:
            continue
        aliases = shot.get("aliases")
        if isinstance(aliases, list):
            for alias in aliases:
                if isinstance(alias, str):
                    found.setdefault(alias, file.stem)
    return found


def review(root: Path, base: str | None = None, today: dt.date | None = None) -> Review:
    """Compare the briefs in the work tree with ``base`` (default: see gitchanges.default_base)."""
    today = today or dt.date.today()
    root = root.resolve()
    found = gitchanges.changes(root, base)
    base_ref = found.base
    label = gitchanges.describe(root, base, base_ref)
    commit = "" if base_ref is None or base is None else gitchanges.short_commit(root, base_ref)
    result = Review(base=label, base_commit=commit)
    aliases: dict[str, str] | None = None
    for path in found.all():
        name = path.split("/", 1)[-1]
        if path.startswith(f"{BRIEFS_DIR}/") and name in DATA_FILES:
            result.data_files.append(path)
            continue
        if not _is_brief_path(path):
            if path.startswith(f"{BRIEFS_DIR}/"):
                result.other_files.append(path)
            continue
        slug = name[:-3]
        old = _read_base(root, base_ref, path) if base_ref is not None else None
        new = _read_head(root, path)
        if old is None and new is None:
            continue
        if old is None:
            item = BriefReview(path, slug, "new", status_head=new.status() if new else None)
            if new is not None and new.error:
                item.add(
                    "warning", f"cannot read the new brief ({new.error}); see briefing validate"
                )
        elif new is None:
            item = BriefReview(path, slug, "removed", status_base=old.status())
            if aliases is None:
                aliases = _aliases_now(root)
            _check_removed(item, old, aliases, today)
        else:
            item = BriefReview(
                path, slug, "changed", status_base=old.status(), status_head=new.status()
            )
            _compare(item, old, new, today)
            if not item.changed and not item.findings:
                continue  # e.g. only trailing whitespace changed
        if new is not None and new.front is not None:
            _content_warnings(root, item)
        result.briefs.append(item)
        result.approvals += _approvals(root, item, old, new)
    return result


def _content_warnings(root: Path, item: BriefReview) -> None:
    """The content warnings editors act on in review (rules/placeholders.py: a paragraph that
    quotes or states a figure without a citation, no primary source), for a new or changed brief."""
    for problem in load_brief(root, root / item.path, item.path).problems:
        if problem.rule in CONTENT_WARNINGS:
            item.add("warning", f"{problem.rule} line {problem.line}: {problem.message}", problem.line)


def _approvals(root: Path, item: BriefReview, old: Snapshot | None, new: Snapshot | None) -> list[str]:
    found: list[str] = []
    before = old.get("supersedes") if old is not None and old.front is not None else None
    after = new.get("supersedes") if new is not None and new.front is not None else None
    if isinstance(after, str) and after != before and (root / BRIEFS_DIR / f"{after}.md").is_file():
        found.append(
            f"{item.path} marks the brief '{after}' as superseded: /briefs/{after}/ will show a notice "
            f"sending readers to /briefs/{item.slug}/"
        )
    if isinstance(before, str) and before != after:
        found.append(f"{item.path} no longer supersedes '{before}': that brief's notice goes away")
    if item.kind == "changed" and item.published_at_base and item.status_base != item.status_head:
        found.append(
            f"{item.path} changes the status of a published brief from {item.status_base} to {item.status_head}"
        )
    return found


def _live(shot: Snapshot, today: dt.date) -> bool:
    """Published and visible to readers at that version (a future date is not yet public)."""
    day = shot.published_on()
    return shot.front is not None and shot.status() == "published" and (day is None or day <= today)


def _check_removed(
    item: BriefReview, old: Snapshot, aliases: dict[str, str], today: dt.date
) -> None:
    item.published_at_base = _live(old, today) or old.status() == "withdrawn"
    if item.slug in aliases:
        item.add(
            "notice",
            f"renamed: '{aliases[item.slug]}' lists '{item.slug}' in its aliases, "
            "so the old URL redirects there",
        )
    elif item.published_at_base:
        item.add(
            "error",
            f"removes a published brief, which breaks its permanent URL /briefs/{item.slug}/. "
            "Keep the file and set `status: withdrawn` (the page stays, with a notice), or, if you "
            f"renamed it, add `aliases: [{item.slug}]` to the renamed brief",
        )


def _compare(item: BriefReview, old: Snapshot, new: Snapshot, today: dt.date) -> None:
    if old.front is None or new.front is None:
        if old.body != new.body or old.error != new.error or old.front != new.front:
            item.changed.append("body" if old.body != new.body else "front matter")
        if new.front is None:
            item.add(
                "warning",
                f"cannot compare this brief: {new.error}; run briefing validate to see why",
            )
        return
    keys = sorted(set(old.front) | set(new.front), key=str)
    item.changed = [
        str(k) for k in keys if _canonical(old.front.get(k)) != _canonical(new.front.get(k))
    ]
    if old.body != new.body:
        item.changed.append("body")
    item.published_at_base = _live(old, today)
    old_entries = [_canonical(e) for e in old.changelog()]
    remaining = list(old_entries)
    new_entries = []
    for entry in new.changelog():
        key = _canonical(entry)
        if key in remaining:
            remaining.remove(key)
        else:
            new_entries.append(entry if isinstance(entry, dict) else {"note": str(entry)})
    item.new_entries = new_entries
    item.updated = new.get("updated")
    dates = [e.get("date") for e in new.changelog() if isinstance(e, dict)]
    dates = [d for d in dates if isinstance(d, dt.date)]
    item.newest_entry = max(dates) if dates else None
    if not item.published_at_base:
        return
    if remaining:
        item.add(
            "warning",
            "changes or removes changelog entries that readers have already seen; "
            "the changelog is a public record, so add a new entry instead of editing an old one",
            new.line("changelog"),
        )
    if new.status() == "draft":
        item.add(
            "error",
            "turns a published brief back into a draft, which takes its permanent URL "
            f"/briefs/{item.slug}/ off the site. Set `status: withdrawn` instead (the page stays, "
            "with a notice)",
            new.line("status"),
        )
    elif new.status() != old.status():
        item.add(
            "notice", f"status changes from {old.status()} to {new.status()}", new.line("status")
        )
    substantive = item.substantive
    if not substantive:
        return
    what = ", ".join(substantive)
    if not new_entries:
        item.add(
            "error",
            f"changes a published brief ({what}) without a new changelog entry. Every change "
            "readers can see needs one, even a typo fix: add an entry to `changelog` with today's "
            "date, a kind and a note, and set `updated` to that date",
            new.line("changelog", "updated", "title"),
        )
        return
    if item.newest_entry is None or item.updated != item.newest_entry:
        shown = item.updated.isoformat() if isinstance(item.updated, dt.date) else "missing"
        newest = item.newest_entry.isoformat() if item.newest_entry else "?"
        item.add(
            "error",
            f"`updated` is {shown}; set it to the newest changelog date, {newest}",
            new.line("updated", "changelog"),
        )


# ---------------------------------------------------------------------------------------- output


def _entry_text(entry: dict[str, Any]) -> str:
    date = entry.get("date")
    day = date.isoformat() if isinstance(date, dt.date) else str(date)
    return f"{day} ({entry.get('kind', '?')}): {entry.get('note', '')}"


def _fields(item: BriefReview) -> str:
    return ", ".join(item.changed) if item.changed else "nothing readers see"


def _clean(value: Any) -> str:
    """One line of text: untrusted values never start a new line (no fake workflow commands)."""
    return " ".join(str(value).split())


HOW_TO = """\
How to log a change to a published brief: add a new entry at the end of `changelog` and set
`updated` to its date (kind is one of: {kinds}):

    updated: {today}
    changelog:
      - date: {today}
        kind: correction
        note: "Corrected the date of the second meeting."
"""


_SECTIONS = (("new", "New briefs"), ("removed", "Removed briefs"), ("changed", "Changed briefs"))


def _sections(result: Review) -> Iterator[tuple[str, str, list[BriefReview]]]:
    """(kind, heading, items) for each kind of change that has items, in report order."""
    for kind, heading in _SECTIONS:
        items = result.of_kind(kind)
        if items:
            yield kind, heading, items


def render_text(result: Review, today: dt.date) -> str:
    lines = [
        f"Review of brief changes against {_clean(result.base)}"
        + (f" ({result.base_commit})" if result.base_commit else "")
    ]
    if not result.briefs and not result.data_files and not result.other_files:
        lines.append("No brief or data file changed.")
    for kind, heading, items in _sections(result):
        lines.append(f"\n{heading} ({len(items)}):")
        for item in items:
            status = item.status_head if kind != "removed" else item.status_base
            head = f"  {_clean(item.path)} [{_clean(status or '?')}]"
            if kind == "changed":
                head += f" changed: {_clean(_fields(item))}"
                if item.published_at_base:
                    head += " (published)"
            lines.append(head)
            for entry in item.new_entries:
                lines.append(f"    new changelog entry: {_clean(_entry_text(entry))}")
            if (
                kind == "changed"
                and item.published_at_base
                and item.substantive
                and not any(f.level == "error" for f in item.findings)
            ):
                lines.append(f"    ok: logged in the changelog, updated {_clean(item.updated)}")
            for finding in item.findings:
                lines.append(f"    {finding.level}: {_clean(finding.message)}")
    if result.approvals:
        lines.append(f"\nNeeds a maintainer's approval ({len(result.approvals)}):")
        lines += [f"  - {_clean(text)}" for text in result.approvals]
    if result.data_files:
        lines.append(f"\nData files changed: {_clean(', '.join(result.data_files))}")
    if result.other_files:
        lines.append(f"\nOther files under briefs/: {_clean(', '.join(result.other_files))}")
    if result.needs_changelog_help:
        lines.append("\n" + HOW_TO.format(kinds=CHANGELOG_KINDS, today=today.isoformat()).rstrip())
    lines.append(f"\n{result.errors} error(s), {result.warnings} warning(s)")
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(value: Any) -> str:
    """Untrusted text made inert in Markdown and HTML (GitHub renders both)."""
    text = html.escape(str(value), quote=False)  # quotes are harmless in Markdown text
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(result: Review, today: dt.date) -> str:
    lines = [f"## Brief review against `{md(result.base)}`", ""]
    if not result.briefs and not result.data_files and not result.other_files:
        lines.append("No brief or data file changed.")
    verdict = f"**{result.errors} error(s)**, {result.warnings} warning(s)"
    lines += [verdict, ""]
    for kind, heading, items in _sections(result):
        lines += [f"### {heading} ({len(items)})", ""]
        for item in items:
            status = item.status_head if kind != "removed" else item.status_base
            text = f"- {md(item.path)} ({md(status or '?')})"
            if kind == "changed":
                text += f": {md(_fields(item))}" + (
                    " — published" if item.published_at_base else ""
                )
            lines.append(text)
            for entry in item.new_entries:
                lines.append(f"  - new changelog entry: {md(_entry_text(entry))}")
            for finding in item.findings:
                mark = {"error": "❌", "warning": "⚠️", "notice": "ℹ️"}[finding.level]
                lines.append(f"  - {mark} {finding.level}: {md(finding.message)}")
        lines.append("")
    if result.approvals:
        lines += [f"### Needs a maintainer's approval ({len(result.approvals)})", ""]
        lines += [f"- {md(text)}" for text in result.approvals] + [""]
    if result.data_files:
        lines += [f"Data files changed: {', '.join(md(p) for p in result.data_files)}", ""]
    if result.other_files:
        lines += [f"Other files under briefs/: {', '.join(md(p) for p in result.other_files)}", ""]
    if result.needs_changelog_help:
        lines += [
            "<details><summary>How to log a change to a published brief</summary>",
            "",
            "```yaml",
            f"updated: {today.isoformat()}",
            "changelog:",
            f"  - date: {today.isoformat()}",
            "    kind: correction   # or update, clarification",
            '    note: "Corrected the date of the second meeting."',
            "```",
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def _gh(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(value: str) -> str:
    return _gh(value).replace(":", "%3A").replace(",", "%2C")


def render_github(result: Review, today: dt.date) -> str:
    lines = []
    for item in result.briefs:
        for finding in item.findings:
            message = finding.message
            if finding.level == "error" and "changelog" in message:
                message += "\n\n" + HOW_TO.format(kinds=CHANGELOG_KINDS, today=today.isoformat())
            lines.append(
                f"::{finding.level} file={_gh_prop(item.path)},line={finding.line},"
                f"title={_gh_prop('brief review')}::{_gh(message)}"
            )
    for text in result.approvals:
        lines.append(f"::warning title={_gh_prop('needs a maintainer')}::{_gh(text)}")
    lines.append(render_text(result, today))
    return "\n".join(lines)


def render(result: Review, fmt: str, today: dt.date) -> str:
    if fmt == "markdown":
        return render_markdown(result, today)
    if fmt == "github":
        return render_github(result, today)
    return render_text(result, today)
