"""Checks on a brief's Markdown body: length, headings, unsafe HTML and links to other briefs."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

MIN_WORDS = 150
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Searched in "\n" + text: a leading literal lets the regex engine skip ahead quickly.
_H1_ATX = re.compile(r"\n {0,3}#(?=[ \t\n]|$)")
_SETEXT_H1 = re.compile(r"\n {0,3}=+[ \t]*(?=\n|$)")
_HTML_H1 = re.compile(r"<\s*h1\b", re.I)
_FORBIDDEN_TAG = re.compile(r"<\s*/?\s*(script|style|iframe|object|embed|form)\b", re.I)
_EVENT_ATTR = re.compile(r"<[A-Za-z][^<>]*?[\s/\"'](on[a-z]+)\s*=", re.I)
_BAD_SCHEME = re.compile(r"^\s*<?\s*(javascript|vbscript|data)\s*:", re.I)
_ATTR_URL = re.compile(r"\b(?:href|src|action|formaction|xlink:href|poster|background)\s*=\s*[\"']?([^\"'\s>]*)", re.I)
_HTML_TAG = re.compile(r"<[A-Za-z][^<>]*>?")  # stops at the next "<": linear on any input
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^<>\s]*)>")
# [text](target "title") and ![alt](target); the target may be wrapped in <...>
_INLINE_LINK = re.compile(r"\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\([ \t]*(<[^>\n]*>|[^)\s]*)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)


@dataclass(frozen=True)
class BodyIssue:
    rule: str
    message: str
    line: int  # 1-based within the body
    column: int


@dataclass(frozen=True)
class BriefLink:
    target: str  # the slug linked to
    line: int
    column: int


def visible_lines(body: str) -> list[str]:
    """The body's lines with fenced code blocks blanked and inline code spans masked."""
    out, fence = [], ""
    for line in body.split("\n"):
        marker = _FENCE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = ""
            out.append("")
            continue
        if marker:
            fence = marker.group(1)
            out.append("")
            continue
        out.append(_INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
    return out


def word_count(body: str) -> int:
    """Words separated by white space; each Chinese character counts as a word."""
    if body.isascii():
        return len(body.split())
    return len(_CJK.findall(body)) + len(_CJK.sub(" ", body).split())


class _Lines:
    """Offset -> (line, column) for matches found in the whole text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        index = text.find("\n")
        while index >= 0:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def link_targets(text: str, where: _Lines) -> Iterator[tuple[str, int, int]]:
    """Every link or image target in Markdown or HTML syntax: (target, line, column)."""
    found: list[tuple[str, int]] = []
    if "](" in text:
        found += [(m.group(1).strip("<>"), m.start(1)) for m in _INLINE_LINK.finditer(text)]
    if "]:" in text:
        found += [(m.group(1).strip("<>"), m.start(1)) for m in _REF_DEF.finditer(text)]
    if "<" in text:
        found += [(m.group(1), m.start(1)) for m in _AUTOLINK.finditer(text)]
    if "<" in text:  # URL attributes only exist inside HTML tags: look there, not in all the prose
        for tag in _HTML_TAG.finditer(text):
            found += [(m.group(1), tag.start() + m.start(1)) for m in _ATTR_URL.finditer(tag.group(0))]
    for target, offset in sorted(found, key=lambda item: item[1]):
        yield (target, *where.at(offset))


def check(body: str) -> tuple[list[BodyIssue], list[BriefLink]]:
    issues: list[BodyIssue] = []
    links: list[BriefLink] = []
    text = "\n".join(visible_lines(body)) if "`" in body or "~~~" in body else body
    where = _Lines(text)
    # Splitting stops early once the minimum is passed (the full count is a lower bound of it).
    words = MIN_WORDS if len(text.split(maxsplit=MIN_WORDS)) > MIN_WORDS else word_count(text)
    if words < MIN_WORDS:
        issues.append(
            BodyIssue(
                "BODY-WORDS",
                f"the body has {words} word{'s' if words != 1 else ''}; a brief needs at least {MIN_WORDS}",
                1,
                1,
            )
        )
    h1 = "level-1 heading in the body; the title comes from the front matter, use '##'"
    if "#" in text:  # offsets in "\n" + text point at the newline before each heading line
        issues += [BodyIssue("BODY-H1", h1, where.at(m.start())[0], 1) for m in _H1_ATX.finditer("\n" + text)]
    if "=" in text:
        for m in _SETEXT_H1.finditer("\n" + text):
            line = where.at(m.start())[0]
            before = text[where.starts[line - 2] : m.start()] if line > 1 else ""
            if before.strip():
                issues.append(BodyIssue("BODY-H1", h1, line, 1))
    if "<" in text:
        for m in _HTML_H1.finditer(text):
            line, column = where.at(m.start())
            issues.append(BodyIssue("BODY-H1", h1.replace("use '##'", "use '## ...' instead of <h1>"), line, column))
        # Tag and attribute names are never entity-decoded by browsers: match the raw text, so
        # that `&lt;script&gt;` (text about a tag) passes and columns match the file.
        for m in _FORBIDDEN_TAG.finditer(text):
            line, column = where.at(m.start())
            issues.append(
                BodyIssue("BODY-HTML", f"raw <{m.group(1).lower()}> element is not allowed in a brief", line, column)
            )
        for m in _EVENT_ATTR.finditer(text):
            line, column = where.at(m.start(1))
            issues.append(
                BodyIssue("BODY-EVENT-ATTR", "event-handler attribute (on...=) is not allowed in a brief", line, column)
            )
    for target, number, column in link_targets(text, where):
        decoded = html.unescape(target) if "&" in target else target
        scheme = _BAD_SCHEME.match(decoded.replace("\t", "").replace("\n", ""))
        if scheme:
            issues.append(
                BodyIssue(
                    "BODY-URL-SCHEME", f"'{scheme.group(1).lower()}:' URLs are not allowed in a brief", number, column
                )
            )
            continue
        link = _brief_link(decoded)
        if link is None:
            continue
        if isinstance(link, str):
            links.append(BriefLink(link, number, column))
        else:
            issues.append(BodyIssue("BODY-LINK", link[0], number, column))
    issues.sort(key=lambda issue: (issue.line, issue.column))
    return issues, links


def _brief_link(target: str) -> str | tuple[str] | None:
    """A slug for a link to a brief file, an error message for a malformed one, else None."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", target) or target.startswith(("#", "/")):
        return None  # external, in-page or site-absolute
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path.lower().endswith(".md"):
        return None
    if "/" in path:
        return (f"link '{target}' points into another folder; link to briefs by file name, e.g. 'other-slug.md'",)
    return path[:-3]
