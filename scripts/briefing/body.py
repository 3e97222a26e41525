"""Checks on a brief's Markdown body: length, headings, unsafe HTML and links to other briefs."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

MIN_WORDS = 150
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*|[\u3400-\u9fff]")
_H1_ATX = re.compile(r"^ {0,3}#(?:[ \t]|$)")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_FORBIDDEN_TAG = re.compile(r"<\s*/?\s*(script|style|iframe|object|embed|form)\b", re.I)
_EVENT_ATTR = re.compile(r"<[A-Za-z][^>]*?[\s/\"'](on[a-z]+)\s*=", re.I)
_BAD_SCHEME = re.compile(r"^\s*<?\s*(javascript|vbscript|data)\s*:", re.I)
_ATTR_URL = re.compile(r"\b(?:href|src|action|formaction|xlink:href|poster|background)\s*=\s*[\"']?([^\"'\s>]*)", re.I)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^>\s]*)>")
# [text](target "title") and ![alt](target); the target may be wrapped in <...>
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]*)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")


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
    return len(_WORD.findall(body))


def link_targets(lines: list[str]) -> Iterator[tuple[str, int, int]]:
    """Every link or image target in Markdown syntax: (target, line, column)."""
    for number, line in enumerate(lines, 1):
        for match in _INLINE_LINK.finditer(line):
            yield match.group(1).strip("<>"), number, match.start(1) + 1
        ref = _REF_DEF.match(line)
        if ref:
            yield ref.group(1).strip("<>"), number, ref.start(1) + 1
        for match in _AUTOLINK.finditer(line):
            yield match.group(1), number, match.start(1) + 1
        for match in _ATTR_URL.finditer(line):
            yield match.group(1), number, match.start(1) + 1


def check(body: str) -> tuple[list[BodyIssue], list[BriefLink]]:
    issues: list[BodyIssue] = []
    links: list[BriefLink] = []
    lines = visible_lines(body)
    words = word_count("\n".join(lines))
    if words < MIN_WORDS:
        issues.append(BodyIssue("BODY-WORDS", f"the body has {words} words; a brief needs at least {MIN_WORDS}", 1, 1))
    previous = ""
    for number, line in enumerate(lines, 1):
        if _H1_ATX.match(line) or (_SETEXT_H1.match(line) and previous.strip()):
            issues.append(
                BodyIssue("BODY-H1", "level-1 heading in the body; the title comes from the front matter, use '##'", number, 1)
            )
        previous = line
        decoded = html.unescape(line)
        for match in _FORBIDDEN_TAG.finditer(decoded):
            issues.append(
                BodyIssue("BODY-HTML", f"raw <{match.group(1).lower()}> element is not allowed in a brief", number, match.start() + 1)
            )
        for match in _EVENT_ATTR.finditer(decoded):
            issues.append(
                BodyIssue("BODY-EVENT-ATTR", "event-handler attribute (on...=) is not allowed in a brief", number, match.start(1) + 1)
            )
    for target, number, column in link_targets(lines):
        decoded = html.unescape(target)
        scheme = _BAD_SCHEME.match(decoded.replace("\t", "").replace("\n", ""))
        if scheme:
            issues.append(
                BodyIssue("BODY-URL-SCHEME", f"'{scheme.group(1).lower()}:' URLs are not allowed in a brief", number, column)
            )
            continue
        link = _brief_link(decoded)
        if link is None:
            continue
        if isinstance(link, str):
            links.append(BriefLink(link, number, column))
        else:
            issues.append(BodyIssue("BODY-LINK", link[0], number, column))
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
