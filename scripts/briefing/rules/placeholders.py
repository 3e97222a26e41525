"""Rules for a brief that is ready for readers (contract v3): no scaffold text left, a primary
source, and citations where the text quotes or states a figure.

- PLACEHOLDER (error): a published brief still carries the text or the source URL that
  `briefing new` writes (editorial/templates/new-brief.md). The strings below are the
  scaffold's own, and a test keeps them equal to the template. A URL counts as a placeholder
  when it is the scaffold's, or any `example.com`/`example.net`/`example.org` address whose
  path starts with `/replace-with` (the scaffold's form); other `example.org` addresses (the
  test fixtures use them) are not placeholders.
- SOURCE-PRIMARY (warning): a published brief lists no `primary` source.
- BODY-UNCITED (warning): in a published brief that cites at all (at least one source has an
  `id`), a paragraph or list item that quotes (text in quotation marks) or states a figure (a
  digit) and has no `[@id]`. A paragraph that links to another brief leaves its sourcing to
  that brief, and the sections "What is not confirmed" and "What to watch" state what is not
  known, so neither is reported. Briefs that do not use citations yet are not reported: 42
  warnings for briefs written before citations existed would hide the ones that matter.

Both warnings are about content, not about a date: the build logs them without failing
(problems.CONTENT_WARNINGS); `briefing validate` and `briefing review` list them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..load.corpus import BriefFile
from ..load.sourcefile import Split
from ..load.yamlsource import Pos
from . import body as body_rules

# What `briefing new` writes and a contributor is meant to replace (new-brief.md).
PLACEHOLDER_URL = "https://example.org/replace-with-the-official-source"
PLACEHOLDER_TEXT = (
    "One or two plain sentences that tell a busy reader what happened and why it matters.",
    "The single most important fact, stated first.",
    "What it changes, for whom, and from when.",
    "Title of the official text (primary source first)",
    "Issuing body",
)
# The first words of each paragraph of the scaffold's body.
PLACEHOLDER_BODY = (
    "Replace this paragraph with what happened",
    "Explain why the reader should care",
    "Say plainly what the sources do not confirm",
)
_EXAMPLE_HOSTS = frozenset({"example.com", "example.net", "example.org", "www.example.com", "www.example.net",
                            "www.example.org"})


def is_placeholder_url(url: str) -> bool:
    parts = urlsplit(url.strip())
    return url.strip() == PLACEHOLDER_URL or (
        (parts.hostname or "") in _EXAMPLE_HOSTS and parts.path.lower().startswith("/replace-with"))


def is_published(brief: BriefFile) -> bool:
    return brief.model is not None and brief.model.status == "published"


def check(brief: BriefFile, split: Split) -> None:
    """Add the problems of this module's three rules to ``brief`` (a brief whose model parsed)."""
    if not is_published(brief):
        return
    assert brief.model is not None
    model = brief.model
    pos = brief.parsed.pos
    texts = [(("summary",), model.summary), *((("key_points", i), p) for i, p in enumerate(model.key_points))]
    for i, source in enumerate(model.sources):
        texts += [(("sources", i, "title"), source.title), (("sources", i, "publisher"), source.publisher)]
        if is_placeholder_url(str(source.url)):
            brief.add("PLACEHOLDER", f"sources[{i + 1}].url is the scaffold's placeholder address; replace it with "
                      "the source's real address before publishing", pos(("sources", i, "url")))
    for path, value in texts:
        if value.strip() in PLACEHOLDER_TEXT:
            shown = ".".join(str(p) if isinstance(p, str) else f"[{p + 1}]" for p in path).replace(".[", "[")
            brief.add("PLACEHOLDER", f"{shown} is still the scaffold's placeholder ('{value.strip()[:60]}'); "
                      "write your own before publishing", pos(path))
    for line, column, start in _body_placeholders(split.body):
        brief.add("PLACEHOLDER", f"the body still has the scaffold's placeholder paragraph ('{start}...'); "
                  "replace it before publishing", Pos(line + split.body_line - 1, column))
    if not any(source.type == "primary" for source in model.sources):
        brief.add("SOURCE-PRIMARY", "a published brief lists no primary source; add the official text (type: "
                  "primary) if there is one, first in the list", pos(("sources",)), severity="warning")
    known = {source.id for source in model.sources if source.id}
    if known:
        for line, column, why in uncited(split.body, known):
            brief.add("BODY-UNCITED", f"this paragraph {why} but cites no source; add [@id] after the claim "
                      "(the ids are the sources' `id`)", Pos(line + split.body_line - 1, column), severity="warning")


def _body_placeholders(body: str) -> Iterator[tuple[int, int, str]]:
    for number, line in enumerate(body.split("\n"), start=1):
        for start in PLACEHOLDER_BODY:
            column = line.find(start)
            if column >= 0:
                yield number, column + 1, start


_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*)$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_QUOTED = re.compile(r'"[^"\n]*\w[^"\n]*"|“[^”\n]*\w[^”\n]*”|「[^」\n]+」')
# A digit that starts a number, not one inside a name such as GPT-4, H200 or G20
_FIGURE = re.compile(r"(?<![A-Za-z0-9_-])\d")
# Linear: a target stops at the next bracket, so `[x](` repeated 50,000 times is not rescanned
_LINK_TARGET = re.compile(r"\]\([^()\[\]\s]*(?:\s+\"[^\"\n]*\")?\)")
_BRIEF_LINK = re.compile(r"\]\(\s*<?[a-z0-9]+(?:-[a-z0-9]+)*\.md(?:#[^)\s]*)?>?\s*\)")
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
_HTML_TAG = re.compile(r"<[^<>\n]*>")
# Sections that say what is not known (style guide): nothing there is a claim to cite.
_UNCLAIMED = re.compile(r"what is not confirmed|what to watch|not confirmed|open questions", re.IGNORECASE)


def uncited(body: str, known: set[str]) -> list[tuple[int, int, str]]:
    """(line, column, why) of each paragraph or list item (lines counted in the body) that quotes or
    states a figure and cites none of ``known``."""
    found: list[tuple[int, int, str]] = []
    lines = body_rules.visible_lines(body)
    blocks: list[tuple[int, list[str]]] = []
    skipping = False
    for number, line in enumerate(lines, start=1):
        heading = _HEADING.match(line)
        if heading:
            skipping = bool(_UNCLAIMED.search(heading.group(2)))
            blocks.append((number, []))
            continue
        if not line.strip():
            blocks.append((number, []))
            continue
        if skipping:
            continue
        if _ITEM.match(line) or not blocks or not blocks[-1][1]:
            blocks.append((number, [line]))
        else:
            blocks[-1][1].append(line)
    for number, block in blocks:
        if not block:
            continue
        text = "\n".join(block)
        if any(name in known for name, _line, _column in body_rules.citations(text)):
            continue
        if _BRIEF_LINK.search(text):
            continue
        plain = body_rules.CITATION.sub(" ", _HTML_TAG.sub(" ", _ATTR_LIST.sub(" ", _LINK_TARGET.sub("]", text))))
        why = ("quotes" if _QUOTED.search(plain) else "") or ("states a figure" if _FIGURE.search(plain) else "")
        if why:
            column = len(block[0]) - len(block[0].lstrip()) + 1
            found.append((number, column, why))
    return found
