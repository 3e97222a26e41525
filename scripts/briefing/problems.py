"""Problems found in briefs and data files, the rule registry, and the output formats."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Every rule the validator can report: id -> what it checks. The contributor reference page
# is generated from this table, and a test asserts every rule has a negative fixture.
# Warnings that a brief can start to raise only because the calendar moved on: the build logs
# them without failing (a strict build must not break on a date), the validator and `stale` list them.
DATE_DRIVEN_WARNINGS = frozenset({"WATCH-OVERDUE", "STATUS-HISTORY"})
# Warnings about a published brief's content that editors act on in review (rules/placeholders.py):
# the build logs them without failing too (they would otherwise fail every strict build of a brief
# that cites its sources but not yet every figure); `briefing validate` and `briefing review` list them.
CONTENT_WARNINGS = frozenset({"SOURCE-PRIMARY", "BODY-UNCITED"})
# Every warning the build logs as information instead of failing a strict build.
BUILD_INFO_WARNINGS = DATE_DRIVEN_WARNINGS | CONTENT_WARNINGS

RULES: dict[str, str] = {
    "FILE-NAME": "A brief's file name is its slug: lowercase letters, digits and single hyphens, "
    "3 to 80 characters, ending in `.md`.",
    "FILE-ENCODING": "Files are UTF-8 (a byte-order mark and CRLF line endings are accepted).",
    "FILE-SIZE": "A file is at most 256 KiB.",
    "FILE-READ": "The file could not be read.",
    "FM-MISSING": "A brief starts with a front-matter block: a first line `---`, YAML, then a line `---`.",
    "FM-NOT-MAPPING": "Front matter and data files are YAML mappings of keys to values.",
    "YAML-SYNTAX": "The YAML parses.",
    "YAML-DUPLICATE-KEY": "No key appears twice in the same mapping (YAML would silently keep the last).",
    "YAML-TAG": "No explicit YAML tags such as `!!python/object`; plain values only.",
    "YAML-ALIAS": "Anchors and aliases may not expand into more than 10,000 values (the values written out "
    "do not count: a long file without aliases is fine).",
    "YAML-NUMBER": "A number has at most 100 digits (no field of a brief is a number; a longer one cannot be read "
    "safely). Put text in quotes.",
    "SCHEMA-UNKNOWN-KEY": "Only the keys the contract defines are allowed (unknown keys are usually typos).",
    "SCHEMA-REQUIRED": "Every required key is present.",
    "SCHEMA-TYPE": "Every value has the type the contract defines (text, list, date, mapping).",
    "SCHEMA-LENGTH": "Text lengths and list sizes are within their bounds: the contract's, and a generous one "
    "on every list (e.g. at most 500 `related` slugs), shown in the tables above.",
    "SCHEMA-DATE": "Dates are real calendar dates written `YYYY-MM-DD`, from 1900-01-01 to 2100-12-31.",
    "SCHEMA-ENUM": "Values from a fixed list (status, source type, changelog kind, ...) use one of its entries.",
    "SCHEMA-URL": "Source URLs use `http` or `https` (`archived_url`: `https`) and name a host.",
    "SCHEMA-FORMAT": "Slugs, topic ids, jurisdiction codes and language tags have the right form.",
    "SCHEMA-TEXT": "Plain text has no control characters, Unicode non-characters or bidi overrides, and is not "
    "made only of spaces or invisible characters.",
    "SCHEMA-DUPLICATE": "A list of ids names each id once.",
    "DATE-UPDATED": "`updated` is not before `published`, and the changelog has an entry with that date.",
    "DATE-FUTURE": "`updated` and changelog dates are not after the build date (a change is dated the day "
    "it is made).",
    "DATE-REVIEWED": "`reviewed` is not before `published` and not after the build date.",
    "EVENT-END": "An event's `end` is not before its `date`.",
    "HISTORY-ORDER": "`instrument.history` lists its steps oldest first: no date before the one above it.",
    "HISTORY-SOURCE": "A history step's `source` is the `url` of one of the brief's own `sources`.",
    "HISTORY-ADOPTED": "`instrument.adopted`, when given, is the date of the history's first `adopted` step.",
    "HISTORY-EFFECTIVE": "`instrument.effective`, when given, is the date of the history's first `in-force` step.",
    "STATUS-HISTORY": "`instrument.status` matches the current status derived from the history (a warning: "
    "a build never starts failing only because a date has passed).",
    "REF-TOPIC": "Every topic id exists in `briefs/topics.yml`.",
    "REF-AUTHOR": "Every author id exists in `briefs/authors.yml`.",
    "REF-JURISDICTION": "Every jurisdiction code exists in `briefs/jurisdictions.yml`.",
    "REF-BRIEF": "Every brief named in `related`, `supersedes`, `responds_to` or a body link exists and is not "
    "the brief itself.",
    "REF-DRAFT": "A published brief does not link to or relate to a draft or a not-yet-published brief.",
    "REF-OVERVIEW": "A topic's `overview` is a live brief that lists the topic (contract v3).",
    "WATCH-RESOLVED": "A watch item's `resolved` date is not after the build date, and comes with a `note` saying "
    "what happened.",
    "WATCH-OVERDUE": "(warning) A watch item whose date has passed is resolved, or its date moved: the brief is due "
    "for review.",
    "SLUG-DUPLICATE": "Slugs are unique, counting every brief's `aliases`.",
    "SUPERSEDES-CYCLE": "`supersedes` chains end; no brief ends up superseding itself.",
    "BODY-WORDS": "The body has at least 150 words.",
    "BODY-H1": "The body has no level-1 heading; the title comes from the front matter.",
    "BODY-HTML": "No raw `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>` or `<form>` elements.",
    "BODY-EVENT-ATTR": "No `on...=` event-handler attributes in raw HTML.",
    "BODY-URL-SCHEME": "No `javascript:`, `vbscript:` or `data:` URLs.",
    "BODY-ID": "Ids set in the body (`{#name}`, `{: id=... }`, `id=` in HTML) use lowercase letters, digits "
    "and hyphens, start with a letter, are not ids the site or the theme use (`__config`, `brief-sources`, ...), "
    "and appear once on the page.",
    "BODY-CLASS": "Classes set in the body (`{: .name }`, `class=` in HTML) are only the admonition types; never "
    "the theme's own (`md-...`), which could cover the page.",
    "BODY-BIDI": "The body has no invisible bidirectional control characters (U+202A-U+202E, U+2066-U+2069), "
    "which make text read differently from how it is stored.",
    "BODY-CITE": "Every citation `[@id]` in the body names a source of the brief by its `id` (contract v3).",
    "SOURCE-ID": "Each source's `id` is unique within the brief.",
    "BODY-UNCITED": "(warning) In a published brief that cites its sources (at least one source has an `id`), a "
    "paragraph or list item that quotes or states a figure carries a citation `[@id]` (contract v3). Paragraphs "
    "that link to another brief, and the sections \"What is not confirmed\" and \"What to watch\", are not checked.",
    "PLACEHOLDER": "A published brief keeps none of the scaffold's placeholder text (summary, key points, source "
    "title and publisher, body paragraphs) and no placeholder source address "
    "(`https://example.org/replace-with-...`) (contract v3).",
    "SOURCE-PRIMARY": "(warning) A published brief lists at least one `primary` source, the official text where "
    "there is one (contract v3).",
    "BODY-ATTR": "Attribute lists (`{: ... }`) set only an id and classes; other attributes are not allowed.",
    "BODY-IMAGE": "Images and anything else a browser loads by itself (`src`, `srcset`, `poster`, ...) come from "
    "this site only: no address on another host, so no reader's browser contacts another site.",
    "BODY-NESTING": "Lists, quotes, emphasis and HTML elements are not nested past what a reader can follow "
    "(16 levels of lists and quotes, 12 of emphasis, 32 of HTML).",
    "BODY-COMPLEXITY": "No paragraph has more than 1,000 `[`, and code-fence options stay short, so that a "
    "brief renders in bounded time.",
    "BODY-RENDER": "The body renders within the build's limits (10 s and 768 MiB per brief, no runaway "
    "recursion); reported by `make site`.",
    "BODY-LINK": "Links to other briefs are relative links to their file, e.g. `other-slug.md`, "
    "and the brief exists.",
    "DATA-REQUIRED-ID": "The data files contain the ids the contract requires "
    "(e.g. topic `export-controls`, author `editorial-team`, jurisdiction `CN`).",
    "DATA-MISSING": "`topics.yml`, `authors.yml` and `jurisdictions.yml` exist in `briefs/`.",
}


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if self.rule not in RULES:  # a programming error, caught by the tests
            raise ValueError(f"unknown rule id {self.rule}")

    def text(self) -> str:
        path, message = _one_line(self.path), _one_line(self.message)
        return f"{path}:{self.line}:{self.column}: {self.severity} {self.rule} {message}"

    def github(self) -> str:
        def prop(value: str) -> str:
            return _gh_escape(value).replace(":", "%3A").replace(",", "%2C")

        return (
            f"::{self.severity} file={prop(self.path)},line={self.line},col={self.column},"
            f"title={prop(self.rule)}::{_gh_escape(self.message)}"
        )


def clip(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters, ending in "...": a message names a value written in a
    brief, it never repeats a huge one (every id and slug the contract allows fits in 80)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _one_line(value: str) -> str:
    """Text output is one problem per line: a line break inside a quoted value shows as `\\n`."""
    return value.replace("\r", "\\r").replace("\n", "\\n")


def _gh_escape(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render(problems: Iterable[Problem], fmt: str) -> str:
    items = sorted(problems, key=lambda p: (p.path, p.line, p.column, p.rule, p.message))
    if fmt == "json":
        return json.dumps([asdict(p) for p in items], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(p.github() for p in items)
    return "\n".join(p.text() for p in items)


def summary(problems: Iterable[Problem], files: int) -> str:
    items = list(problems)
    errors = sum(p.severity == "error" for p in items)
    warnings = len(items) - errors
    return f"{files} files checked: {errors} error(s), {warnings} warning(s)"
