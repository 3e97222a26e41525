"""Checks on a brief's Markdown body: length, headings, unsafe HTML and links to other briefs."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import classes, ids
from ..load.corpus import BriefLink

MIN_WORDS = 150
MAX_DEPTH = 16  # lists and block quotes inside one another (the launch briefs use 2)
MAX_HTML_DEPTH = 32  # raw HTML elements inside one another
MAX_DELIMITER_RUN = 12  # a run of `*` or `_` opens that many emphasis levels
MAX_BRACKETS = 1000  # `[` in one paragraph: Python-Markdown's link parsing is quadratic in them
MAX_FENCE_INFO = 100
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Searched in "\n" + text: a leading literal lets the regex engine skip ahead quickly.
# A `#` heading at the start of a line, or after list markers and quote markers, or indented (inside
# an admonition or a list item): each renders as <h1>.
_H1_ATX = re.compile(r"\n(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))){0,20}[ \t]*#(?=[ \t\n]|$)")
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
_REF_DEF_LABELLED = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_INLINE_IMAGE = re.compile(r"!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\([ \t]*(<[^>\n]*>|[^)\s]*)")
_REF_IMAGE = re.compile(r"!\[([^\[\]\n]*)\](?:\[([^\[\]\n]*)\])?")
# Attributes whose URL the browser fetches by itself, on any element; and `href` on the elements
# that load it (SVG images, <link>).
_VALUE = r"""("[^"]*"?|'[^']*'?|[^\s>]*)"""
_LOAD_ATTR = re.compile(r"[\s/\"'](src|srcset|poster|data|background|lowsrc|dynsrc)\s*=\s*" + _VALUE, re.I)
_LOAD_HREF_TAG = re.compile(r"<\s*(image|use|link|feimage|script)\b", re.I)
_HREF_ATTR = re.compile(r"[\s/\"']((?:xlink:)?href)\s*=\s*" + _VALUE, re.I)
_ID_ATTR = re.compile(r"[\s/\"']id\s*=\s*" + _VALUE, re.I)
_CLASS_ATTR = re.compile(r"[\s/\"']class\s*=\s*" + _VALUE, re.I)
# Characters that reorder the text around them (Trojan Source): embeddings, overrides, isolates.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# attr_list: `{: #id .class key=value }` after a heading, paragraph or inline element.
_ATTR_LIST = re.compile(r"\{:?[ \t]*([#.][^{}\n]*|[A-Za-z_:][^{}\n]*=[^{}\n]*)\}")
_ATTR_TOKEN = re.compile(
    r"""[ \t]*(?:([#.])([^\s#.{}'"=]*)|([^\s='"]+)[ \t]*(?:=[ \t]*("[^"]*"|'[^']*'|[^\s'"]*))?|(\S))"""
)
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_LINK_TEXT = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MARKUP_CHARS = re.compile(r"[*_`]")
# A citation marker (contract v3): `[@source-id]`, as many in a row as needed.
CITATION = re.compile(r"\[@([^\[\]\s]{0,80})\]")
_TO_LINE_END = re.compile(r"[ \t]*(?:\n|\Z)")
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])")
_DELIMITER_RUN = re.compile(rf"[*_]{{{MAX_DELIMITER_RUN + 1},}}")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE_OPEN = re.compile(r"^ {0,3}(?:`{3,}|~{3,})(.*)$")
_TAG_EVENT = re.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass(frozen=True)
class BodyIssue:
    rule: str
    message: str
    line: int  # 1-based within the body
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
    if not body.isascii() and _BIDI.search(body):
        in_body = _Lines(body)
        for m in _BIDI.finditer(body):
            issues.append(BodyIssue("BODY-BIDI", f"invisible bidirectional control character U+{ord(m.group(0)):04X} "
                                    "reorders the text around it; delete it", *in_body.at(m.start())))
    issues += _markup_issues(body, text, where)
    issues.sort(key=lambda issue: (issue.line, issue.column))
    return issues, links


def citations(body: str) -> list[tuple[str, int, int]]:
    """Every `[@id]` citation marker outside code: (id, line, column of the id), lines counted in
    the body. An id in a form no source can have is returned as written (the caller reports it)."""
    if "[@" not in body:
        return []
    text = "\n".join(visible_lines(body)) if "`" in body or "~~~" in body else body
    where = _Lines(text)
    return [(m.group(1), *where.at(m.start(1))) for m in CITATION.finditer(text)]


def _value_start(m: re.Match[str], group: int) -> int:
    """Where an attribute's value starts, after its opening quote (as the file's columns count)."""
    return m.start(group) + (m.group(group)[:1] in {'"', "'"})


def _unquote(value: str) -> str:
    value = value.strip()
    if value[:1] in {'"', "'"}:
        value = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:]
    return html.unescape(value) if "&" in value else value


def _markup_issues(body: str, text: str, where: _Lines) -> list[BodyIssue]:
    """Markup a brief may not use: ids and attributes it may not set, images from other sites,
    and structures nested or repeated past what the renderer handles in bounded time."""
    found: list[BodyIssue] = []
    declared: list[tuple[str, int, bool]] = []  # ids the body sets: (id, offset, in raw HTML)

    def add(rule: str, message: str, offset: int) -> None:
        found.append(BodyIssue(rule, message, *where.at(offset)))

    if "{" in text:
        for m in _ATTR_LIST.finditer(text):
            # Python-Markdown applies a list at the end of a line, or right after an inline element
            before = text[m.start() - 1 : m.start()]
            if _TO_LINE_END.match(text, m.end()) or before in {"*", "_", "`", ")", "]", ">"}:
                _attr_list_issues(m.group(1), m.start(1), add, declared)
    if "<" in text:
        depth, reported = 0, False
        for tag in _HTML_TAG.finditer(text):
            source, start = tag.group(0), tag.start()
            for m in _ID_ATTR.finditer(source):
                problem = ids.contributor_id_problem(value := _unquote(m.group(1)))
                if problem:
                    add("BODY-ID", problem, start + _value_start(m, 1))
                else:
                    declared.append((value, start + _value_start(m, 1), True))
            for m in _CLASS_ATTR.finditer(source):
                _class_issues(_unquote(m.group(1)), start + _value_start(m, 1), add)
            for m in _LOAD_ATTR.finditer(source):
                _image_issue(m.group(1).lower(), _unquote(m.group(2)), start + _value_start(m, 2), add)
            if _LOAD_HREF_TAG.match(source):
                for m in _HREF_ATTR.finditer(source):
                    _image_issue(m.group(1).lower(), _unquote(m.group(2)), start + _value_start(m, 2), add)
            event = _TAG_EVENT.match(source)
            if event and not reported:
                closing, name, self_closing = event.group(1), event.group(2).lower(), event.group(3)
                if closing:
                    depth = max(0, depth - 1)
                elif name not in _VOID and not self_closing:
                    depth += 1
                    if depth > MAX_HTML_DEPTH:
                        reported = True
                        add("BODY-NESTING", f"HTML elements are nested more than {MAX_HTML_DEPTH} deep", start)
    if "![" in text:
        for m in _INLINE_IMAGE.finditer(text):
            _image_issue("image", m.group(1).strip("<>"), m.start(1), add)
        labels = {(m.group(2) or m.group(1)).strip().lower() for m in _REF_IMAGE.finditer(text)}
        if labels and "]:" in text:
            for m in _REF_DEF_LABELLED.finditer(text):
                if m.group(1).strip().lower() in labels:
                    _image_issue("image", m.group(2).strip("<>"), m.start(2), add)
    if declared:
        _duplicate_ids(declared, text, add)
    lines = text.split("\n")
    offset = 0
    for line in lines:
        depth, position = (len(line) - len(line.lstrip(" "))) // 4, 0
        while depth <= MAX_DEPTH and (m := _CONTAINER.match(line, position)) and m.end() > position:
            depth, position = depth + 1, m.end()
        if depth > MAX_DEPTH:
            add("BODY-NESTING", f"lists and quotes are nested more than {MAX_DEPTH} deep on this line", offset)
        if ("*" in line or "_" in line) and not _THEMATIC_BREAK.match(line):
            run = _DELIMITER_RUN.search(line)
            if run:
                add("BODY-NESTING", f"a run of {len(run.group(0))} '{run.group(0)[0]}' characters nests emphasis "
                    f"more than {MAX_DELIMITER_RUN} deep; escape them (\\{run.group(0)[0]}) or shorten the run",
                    offset + run.start())
        offset += len(line) + 1
    if text.count("[") > MAX_BRACKETS:
        offset = 0
        for paragraph in text.split("\n\n"):
            if paragraph.count("[") > MAX_BRACKETS:
                index = -1
                for _ in range(MAX_BRACKETS + 1):
                    index = paragraph.index("[", index + 1)
                add("BODY-COMPLEXITY", f"a paragraph has {paragraph.count('['):,} '[' characters; the limit is "
                    f"{MAX_BRACKETS:,} (they make rendering slow)", offset + index)
            offset += len(paragraph) + 2
    if "```" in body or "~~~" in body:
        for number, line in enumerate(body.split("\n"), 1):
            m = _FENCE_OPEN.match(line)
            info = m.group(1) if m else ""
            if len(info) > MAX_FENCE_INFO:
                found.append(BodyIssue("BODY-COMPLEXITY", f"a code fence's options are {len(info)} characters; "
                                       f"the limit is {MAX_FENCE_INFO}", number, line.index(info) + 1))
            elif info and re.search(r"\d{5,}", info):
                found.append(BodyIssue("BODY-COMPLEXITY", "a code fence's options name a line number above 9999",
                                       number, line.index(info) + 1))
    return found


def _duplicate_ids(declared: list[tuple[str, int, bool]], text: str, add) -> None:
    """An id set twice, or set in raw HTML and also a heading's own (Python-Markdown keeps the
    headings' ids apart from the ids of `{#id}` but cannot see raw HTML): the page would carry it
    twice, which the build's audit refuses."""
    first: dict[str, int] = {}
    for value, offset, _raw in sorted(declared, key=lambda item: item[1]):
        if value in first:
            add("BODY-ID", f"id '{value}' is set twice; each id may appear once on the page", offset)
        else:
            first[value] = offset
    raw = {value: offset for value, offset, in_html in declared if in_html}
    if not raw or "#" not in text:
        return
    for m in _HEADING.finditer(text):
        if "{" in m.group(1):
            continue  # an id of its own, counted above
        title = _MARKUP_CHARS.sub("", _LINK_TEXT.sub(r"\1", m.group(1)))
        slug = ids.safe_slug(title)
        if slug in raw:
            add("BODY-ID", f"id '{slug}' is also the id of the heading '{title[:40]}'; choose another", raw[slug])


def _attr_list_issues(content: str, start: int, add, declared: list[tuple[str, int, bool]]) -> None:
    for token in _ATTR_TOKEN.finditer(content):
        sigil, name, key, value, other = token.groups()
        at = start + token.start() + (len(token.group(0)) - len(token.group(0).lstrip(" \t")))
        if sigil == "#":
            problem = ids.contributor_id_problem(name or "")
            if problem:
                add("BODY-ID", problem, at)
            else:
                declared.append((name or "", at, False))
        elif sigil == ".":
            _class_issues(name or "", at + 1, add)
        elif key is not None:
            lowered = key.lower()
            if lowered == "id":
                problem = ids.contributor_id_problem(unquoted := _unquote(value or ""))
                if problem:
                    add("BODY-ID", problem, at)
                else:
                    declared.append((unquoted, at, False))
            elif lowered == "class":
                _class_issues(_unquote(value or ""), at, add)
            else:
                add("BODY-ATTR", f"attribute '{key[:40]}' cannot be set on an element in a brief; only an id "
                    "(#name) and classes (.name)", at)
        elif other is not None and other.strip():
            break  # not an attribute list after all (e.g. prose in braces)


def _class_issues(value: str, offset: int, add) -> None:
    """Classes outside the allow-list (classes.py): the theme's own could restyle the page."""
    for name in value.split()[:20]:
        if not classes.is_allowed(name):
            why = "belongs to the theme" if classes.theme_owned(name) else "is not one the style guide allows"
            add("BODY-CLASS", f"class '{name[:40]}' {why}; a brief may only use {classes.allowed_summary()}, "
                "written as '!!! note'", offset + max(0, value.find(name)))


def _image_issue(attribute: str, url: str, offset: int, add) -> None:
    targets = [part.strip().split(" ")[0] for part in url.split(",")] if attribute == "srcset" else [url]
    for target in targets:
        cleaned = target.replace("\t", "").replace("\n", "")
        if not cleaned or _BAD_SCHEME.match(cleaned):
            continue  # empty, or reported as BODY-URL-SCHEME
        if not ids.is_same_site(cleaned):
            what = "an image" if attribute == "image" else f"'{attribute}'"
            add("BODY-IMAGE", f"{what} may only load files from this site, not '{cleaned[:60]}'; download the "
                "file into the repository or link to it instead", offset)
            return


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
