"""One negative fixture (at least) per rule id: exact rule, line, column and wording.

Each case copies the valid fixture corpus, writes or breaks one or two files, validates, and
compares the complete output with the expected lines. Most cases start from ``support.BASE``
(written to ``briefs/test-brief.md``), whose line numbers are visible in ``support.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.problems import RULES
from support import BASE, CORPUS, FileContent, Symlink, base, edit, lines_of, make_corpus

B = "briefs/test-brief.md"
TOPICS = (CORPUS / "briefs/topics.yml").read_text(encoding="utf-8")
JURISDICTIONS = (CORPUS / "briefs/jurisdictions.yml").read_text(encoding="utf-8")
RELATED = "related: [sample-compute-rule-2025]"
WATCH = RELATED + '\nwatch:\n  - date: 2025-06-01\n    item: "Whether the fictional office publishes its notice."'
PARAGRAPH = "Nothing here is real."  # on line 23 of BASE, starting at column 56


def err(line: int, column: int, rule: str, message: str, path: str = B) -> str:
    return f"{path}:{line}:{column}: error {rule} {message}"


def exactly(size: int) -> str:
    """BASE padded with one long filler line to exactly ``size`` bytes."""
    filler = size - len(BASE.encode("utf-8")) - 1
    return BASE + "x" * filler + "\n"


@dataclass(frozen=True)
class Case:
    id: str
    rule: str
    files: dict[str, FileContent]
    expected: tuple[str, ...]


BOMB = (
    "x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
    "y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "z: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "w: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
)
SLUG_HELP = "use 3-80 lowercase letters, digits and single hyphens, e.g. 'bis-export-controls-2023.md'"
STRAY_HELP = (
    "does not belong in briefs/: only <slug>.md briefs and the data files "
    "topics.yml, authors.yml, jurisdictions.yml go there"
)

CASES: list[Case] = [
    # --- files -------------------------------------------------------------------------------
    Case("file-name-not-a-slug", "FILE-NAME", {"briefs/Bad_Name.md": BASE}, (
        err(1, 1, "FILE-NAME", f"file name 'Bad_Name.md' is not a valid slug: {SLUG_HELP}",
            "briefs/Bad_Name.md"),
    )),
    Case("file-name-hidden-brief", "FILE-NAME", {"briefs/.hidden-brief.md": BASE}, (
        err(1, 1, "FILE-NAME", f"file name '.hidden-brief.md' is not a valid slug: {SLUG_HELP}",
            "briefs/.hidden-brief.md"),
    )),
    Case("file-name-stray-file", "FILE-NAME", {"briefs/notes.txt": "notes\n"}, (
        err(1, 1, "FILE-NAME", f"'notes.txt' {STRAY_HELP}", "briefs/notes.txt"),
    )),
    Case("file-name-stray-folder", "FILE-NAME", {"briefs/drafts/idea.md": BASE}, (
        err(1, 1, "FILE-NAME", f"'drafts' {STRAY_HELP}", "briefs/drafts"),
    )),
    Case("file-encoding-invalid-utf8", "FILE-ENCODING", {
        B: BASE.encode().replace(b"fictional brief used", b"fictional \xff brief used"),
    }, (
        err(2, 21, "FILE-ENCODING", "file is not valid UTF-8 (byte 0xff)"),
    )),
    Case("file-encoding-nul", "FILE-ENCODING", {B: base(PARAGRAPH, "Nothing here\x00 is real.")}, (
        err(23, 68, "FILE-ENCODING", "file contains a NUL character; is it a text file?"),
    )),
    Case("file-size", "FILE-SIZE", {B: exactly(300_000)}, (
        err(1, 1, "FILE-SIZE", "file is 300,000 bytes; the limit is 262,144"),
    )),
    Case("file-read-dangling-symlink", "FILE-READ", {"briefs/dangling-link.md": Symlink("nowhere.md")}, (
        err(1, 1, "FILE-READ", "cannot read file: No such file or directory", "briefs/dangling-link.md"),
    )),
    # --- front matter and YAML ---------------------------------------------------------------
    Case("fm-missing", "FM-MISSING", {B: BASE[len("---\n"):]}, (
        err(1, 1, "FM-MISSING", "the file does not start with a front-matter line '---'"),
    )),
    Case("fm-unclosed", "FM-MISSING", {B: base("---\n\n## What happened", "\n## What happened")}, (
        err(1, 1, "FM-MISSING", "the front matter opened on line 1 is never closed with a line '---'"),
    )),
    Case("fm-not-mapping", "FM-NOT-MAPPING", {B: "---\n- a\n- b\n---\n" + BASE.split("---\n", 2)[2]}, (
        err(2, 1, "FM-NOT-MAPPING", "front matter must be a mapping of keys to values (key: value lines)"),
    )),
    Case("data-file-not-mapping", "FM-NOT-MAPPING", {"briefs/authors.yml": "- editorial-team\n"}, (
        err(1, 1, "FM-NOT-MAPPING", "authors.yml must be a mapping of ids to entries", "briefs/authors.yml"),
    )),
    Case("yaml-syntax-unclosed-flow", "YAML-SYNTAX", {
        B: base("topics: [export-controls, trade-tariffs]", "topics: [export-controls, trade-tariffs"),
    }, (
        err(8, 14, "YAML-SYNTAX",
            "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence on line 7)"),
    )),
    Case("yaml-syntax-bad-indent", "YAML-SYNTAX", {B: base("status: published", " status: published")}, (
        err(5, 8, "YAML-SYNTAX", "invalid YAML: mapping values are not allowed in this context"),
    )),
    Case("yaml-duplicate-key", "YAML-DUPLICATE-KEY", {
        B: base("status: published\n", "status: published\nstatus: draft\n"),
    }, (
        err(6, 1, "YAML-DUPLICATE-KEY", "key 'status' appears twice in the same mapping (first on line 5)"),
    )),
    Case("yaml-duplicate-key-nested", "YAML-DUPLICATE-KEY", {
        B: base("    type: primary\n", "    type: primary\n    type: secondary\n"),
    }, (
        err(17, 5, "YAML-DUPLICATE-KEY", "key 'type' appears twice in the same mapping (first on line 16)"),
    )),
    Case("yaml-tag-python", "YAML-TAG", {
        B: base('title: "A fictional brief used by the rule tests"',
                'title: !!python/object/apply:os.system ["echo hi"]'),
    }, (
        err(2, 8, "SCHEMA-TYPE", "title is a list; expected text"),
        err(2, 8, "YAML-TAG", "YAML tag '!!python/object/apply:os.system' is not allowed; write a plain value"),
    )),
    Case("yaml-tag-local", "YAML-TAG", {
        B: base('    publisher: "Example Publisher"', '    publisher: !custom "Example Publisher"'),
    }, (
        err(15, 16, "YAML-TAG", "YAML tag '!custom' is not allowed; write a plain value"),
    )),
    Case("yaml-tag-on-key", "YAML-TAG", {
        B: base("status: published", "!!python/name:os.system status: published"),
    }, (
        err(5, 1, "YAML-TAG", "YAML tag '!!python/name:os.system' is not allowed; write a plain value"),
    )),
    Case("yaml-merge-key", "YAML-TAG", {
        B: base('  - title: "A fictional source"', '  - <<: {title: "A fictional source"}'),
    }, (
        err(13, 5, "SCHEMA-REQUIRED", "required key 'title' is missing in sources[1]"),
        err(13, 5, "YAML-TAG", "merge keys (`<<`) are not allowed; write the keys out"),
    )),
    Case("yaml-alias-bomb", "YAML-ALIAS", {B: base(RELATED + "\n", RELATED + "\n" + BOMB)}, (
        err(2, 1, "YAML-ALIAS", "anchors and aliases expand into more than 10,000 values"),
    )),
    Case("yaml-number-too-long", "YAML-NUMBER", {
        B: base('title: "A fictional brief used by the rule tests"', "title: 0x" + "f" * 3600),
    }, (
        err(2, 8, "SCHEMA-TYPE", "title is a number of 3,600 digits; expected text"),
        err(2, 8, "YAML-NUMBER", "this number has 3,600 digits; the limit is 100 (put text in quotes; no field of a "
            "brief is a number)"),
    )),
    # --- schema ------------------------------------------------------------------------------
    Case("unknown-key", "SCHEMA-UNKNOWN-KEY", {B: base("status: published", "statu: published")}, (
        err(5, 1, "SCHEMA-UNKNOWN-KEY", "unknown key 'statu' (did you mean 'status'?)"),
    )),
    Case("unknown-key-nested", "SCHEMA-UNKNOWN-KEY", {
        B: base('    publisher: "Example Publisher"', '    publsher: "Example Publisher"'),
    }, (
        err(13, 5, "SCHEMA-REQUIRED", "required key 'publisher' is missing in sources[1]"),
        err(15, 5, "SCHEMA-UNKNOWN-KEY", "unknown key 'publsher' in sources[1] (did you mean 'publisher'?)"),
    )),
    Case("required", "SCHEMA-REQUIRED", {B: base(BASE.splitlines(True)[2], "")}, (
        err(2, 1, "SCHEMA-REQUIRED", "required key 'summary' is missing"),
    )),
    Case("required-nested", "SCHEMA-REQUIRED", {B: base("    type: primary\n", "")}, (
        err(13, 5, "SCHEMA-REQUIRED", "required key 'type' is missing in sources[1]"),
    )),
    Case("type-list-expected", "SCHEMA-TYPE", {
        B: base('key_points:\n  - "The first fictional point."\n  - "The second fictional point."',
                'key_points: "The first fictional point."'),
    }, (
        err(9, 13, "SCHEMA-TYPE", "key_points is 'The first fictional point.'; expected a list"),
    )),
    Case("type-text-expected", "SCHEMA-TYPE", {
        B: base('title: "A fictional brief used by the rule tests"', "title: 12345678901"),
    }, (
        err(2, 8, "SCHEMA-TYPE", "title is a number (12345678901); expected text"),
    )),
    Case("type-mapping-expected", "SCHEMA-TYPE", {B: base(RELATED, "instrument: a law")}, (
        err(17, 13, "SCHEMA-TYPE", "instrument is 'a law'; expected a mapping of keys to values"),
    )),
    Case("type-key-not-text", "SCHEMA-TYPE", {B: base("status: published", "[a, b]: published")}, (
        err(5, 1, "SCHEMA-TYPE", "a key must be plain text, not a list or mapping"),
    )),
    Case("length-text", "SCHEMA-LENGTH", {
        B: base('title: "A fictional brief used by the rule tests"', 'title: "Too short"'),
    }, (
        err(2, 8, "SCHEMA-LENGTH", "title is 9 characters; it needs at least 10"),
    )),
    Case("length-list", "SCHEMA-LENGTH", {
        B: base("topics: [export-controls, trade-tariffs]",
                "topics: [export-controls, trade-tariffs, military-ai, safety-summits, synthetic-media, "
                "compute-governance]"),
    }, (
        err(7, 9, "SCHEMA-LENGTH", "topics has 6 items; the limit is 5"),
    )),
    Case("length-key-points", "SCHEMA-LENGTH", {B: base('  - "The second fictional point."\n', "")}, (
        err(10, 3, "SCHEMA-LENGTH", "key_points has 1 item; it needs at least 2"),
    )),
    Case("date-not-real", "SCHEMA-DATE", {B: base("published: 2024-05-01", "published: 2024-02-30")}, (
        err(4, 12, "SCHEMA-DATE", "published is '2024-02-30'; expected a real calendar date"),
    )),
    Case("date-format", "SCHEMA-DATE", {B: base("published: 2024-05-01", "published: 2024-5-1")}, (
        err(4, 12, "SCHEMA-DATE", "published is '2024-5-1'; expected a date written YYYY-MM-DD"),
    )),
    Case("date-with-time", "SCHEMA-DATE", {B: base("published: 2024-05-01", "published: 2024-05-01 10:00:00")}, (
        err(4, 12, "SCHEMA-DATE", "published is '2024-05-01 10:00:00'; expected a date written YYYY-MM-DD"),
    )),
    # Dates are bounded: an event dated 9999-12-31 validated, then ended `make site` with an OverflowError.
    Case("date-out-of-range-event", "SCHEMA-DATE", {
        B: base(RELATED, RELATED + "\nevents:\n  - date: 9999-12-31\n    title: A fictional event"),
    }, (
        err(19, 11, "SCHEMA-DATE", "events[1].date is 9999-12-31; expected a date from 1900-01-01 to 2100-12-31"),
    )),
    Case("date-out-of-range-event-end", "SCHEMA-DATE", {
        B: base(RELATED, RELATED + "\nevents:\n  - date: 2024-04-01\n    end: 9999-12-31\n"
                "    title: A fictional event"),
    }, (
        err(20, 10, "SCHEMA-DATE", "events[1].end is 9999-12-31; expected a date from 1900-01-01 to 2100-12-31"),
    )),
    Case("date-out-of-range-history", "SCHEMA-DATE", {
        B: base(RELATED, RELATED + "\ninstrument:\n  name: A fictional instrument\n  type: rule\n"
                "  issuers: [A fictional office]\n  history:\n    - date: 1899-12-31\n      status: adopted"),
    }, (
        err(23, 13, "SCHEMA-DATE",
            "instrument.history[1].date is 1899-12-31; expected a date from 1900-01-01 to 2100-12-31"),
    )),
    Case("date-out-of-range-quoted", "SCHEMA-DATE", {B: base("published: 2024-05-01", 'published: "2101-01-01"')}, (
        err(4, 12, "SCHEMA-DATE", "published is 2101-01-01; expected a date from 1900-01-01 to 2100-12-31"),
    )),
    Case("enum-status", "SCHEMA-ENUM", {B: base("status: published", "status: Published")}, (
        err(5, 9, "SCHEMA-ENUM",
            "status is 'Published'; expected one of: draft, published, withdrawn (did you mean 'published'?)"),
    )),
    Case("enum-source-type", "SCHEMA-ENUM", {B: base("    type: primary", "    type: official")}, (
        err(16, 11, "SCHEMA-ENUM", "sources[1].type is 'official'; expected one of: primary, secondary, translation"),
    )),
    Case("url-scheme", "SCHEMA-URL", {
        B: base('    url: "https://example.org/source"', '    url: "ftp://example.org/source"'),
    }, (
        err(14, 10, "SCHEMA-URL",
            "sources[1].url is 'ftp://example.org/source'; expected a URL starting with http:// or https://"),
    )),
    Case("url-archived-not-https", "SCHEMA-URL", {
        B: base("    type: primary", '    type: primary\n    archived_url: "http://archive.example.org/x"'),
    }, (
        err(17, 19, "SCHEMA-URL",
            "sources[1].archived_url is 'http://archive.example.org/x'; expected a URL starting with https://"),
    )),
    Case("format-jurisdiction", "SCHEMA-FORMAT", {B: base("jurisdictions: [US, CN]", "jurisdictions: [US, china]")}, (
        err(8, 21, "REF-JURISDICTION",
            "unknown jurisdiction 'china'; add it to briefs/jurisdictions.yml or pick an existing one"),
        err(8, 21, "SCHEMA-FORMAT", "jurisdictions[2] is 'china', which is not a jurisdiction code such as "
            "'CN', 'CN-BJ', 'EU', 'UN' or 'INT'"),
    )),
    Case("format-language", "SCHEMA-FORMAT", {
        B: base("    type: primary", "    type: primary\n    language: English"),
    }, (
        err(17, 15, "SCHEMA-FORMAT",
            "sources[1].language is 'English', which is not a BCP 47 language tag such as 'en' or 'zh-Hans'"),
    )),
    Case("format-data-file-id", "SCHEMA-FORMAT", {
        "briefs/jurisdictions.yml": JURISDICTIONS + "germany:\n  label: Germany\n",
    }, (
        err(27, 1, "SCHEMA-FORMAT", "id 'germany' is not a valid jurisdiction id", "briefs/jurisdictions.yml"),
    )),
    Case("duplicate-id", "SCHEMA-DUPLICATE", {
        B: base("topics: [export-controls, trade-tariffs]", "topics: [export-controls, export-controls]"),
    }, (
        err(7, 27, "SCHEMA-DUPLICATE", "topics lists 'export-controls' twice"),
    )),
    Case("updated-before-published", "DATE-UPDATED", {
        B: base("status: published\n", "status: published\nupdated: 2024-04-01\nchangelog:\n"
                "  - {date: 2024-04-01, kind: update, note: Added a fictional fact.}\n"),
    }, (
        err(6, 10, "DATE-UPDATED", "updated (2024-04-01) is before published (2024-05-01)"),
    )),
    Case("updated-without-changelog", "DATE-UPDATED", {
        B: base("status: published\n", "status: published\nupdated: 2024-06-01\n"),
    }, (
        err(6, 10, "DATE-UPDATED", "updated is 2024-06-01 but the changelog has no entry dated 2024-06-01; "
            "add one saying what changed"),
    )),
    Case("updated-quoted-changelog-other-day", "DATE-UPDATED", {
        B: base("status: published\n", 'status: published\nupdated: "2024-06-01"\nchangelog:\n'
                '  - {date: "2024-06-02", kind: update, note: Added a fictional fact.}\n'),
    }, (
        err(6, 10, "DATE-UPDATED", "updated is 2024-06-01 but the changelog has no entry dated 2024-06-01; "
            "add one saying what changed"),
    )),
    # --- references --------------------------------------------------------------------------
    Case("ref-topic", "REF-TOPIC", {
        B: base("topics: [export-controls, trade-tariffs]", "topics: [export-control, trade-tariffs]"),
    }, (
        err(7, 10, "REF-TOPIC", "unknown topic 'export-control'; add it to briefs/topics.yml or pick an "
            "existing one (did you mean 'export-controls'?)"),
    )),
    Case("ref-topic-chinese-alias", "REF-TOPIC", {
        B: base("topics: [export-controls, trade-tariffs]", "topics: [export-controls, 关税]"),
    }, (
        err(7, 27, "REF-TOPIC", "unknown topic '关税'; add it to briefs/topics.yml or pick an existing one "
            "(did you mean 'trade-tariffs'?)"),
        err(7, 27, "SCHEMA-FORMAT",
            "topics[2] is '关税', which is not a slug or id: lowercase letters, digits and single hyphens"),
    )),
    Case("ref-topic-alias-with-apostrophe", "REF-TOPIC", {
        B: base("topics: [export-controls, trade-tariffs]", "topics: [export-controls, chinas ai rules]"),
    }, (
        err(7, 27, "REF-TOPIC", "unknown topic 'chinas ai rules'; add it to briefs/topics.yml or pick an "
            "existing one (did you mean 'china-ai-regulation'?)"),
        err(7, 27, "SCHEMA-FORMAT", "topics[2] is 'chinas ai rules', which is not a slug or id: lowercase "
            "letters, digits and single hyphens"),
    )),
    Case("ref-topic-in-event", "REF-TOPIC", {
        B: base(RELATED, RELATED + "\nevents:\n  - date: 2024-04-01\n    title: A fictional event\n"
                "    topics: [safety-summit]"),
    }, (
        err(21, 14, "REF-TOPIC", "unknown topic 'safety-summit' in events[1] (did you mean 'safety-summits'?)"),
    )),
    Case("ref-topic-in-topics-yml", "REF-TOPIC", {
        "briefs/topics.yml": edit(TOPICS, "related: [compute-governance, trade-tariffs]",
                                  "related: [compute-governance, trade-tarifs]"),
    }, (
        err(7, 33, "REF-TOPIC", "topic 'export-controls' relates to unknown topic 'trade-tarifs' "
            "(did you mean 'trade-tariffs'?)", "briefs/topics.yml"),
    )),
    Case("ref-author", "REF-AUTHOR", {B: base("authors: [editorial-team]", "authors: [jane-doe]")}, (
        err(6, 11, "REF-AUTHOR", "unknown author 'jane-doe'; add it to briefs/authors.yml or pick an existing one"),
    )),
    Case("ref-jurisdiction", "REF-JURISDICTION", {B: base("jurisdictions: [US, CN]", "jurisdictions: [US, DE]")}, (
        err(8, 21, "REF-JURISDICTION",
            "unknown jurisdiction 'DE'; add it to briefs/jurisdictions.yml or pick an existing one"),
    )),
    Case("ref-brief-missing", "REF-BRIEF", {B: base(RELATED, "related: [sample-compute-rule-2023]")}, (
        err(17, 11, "REF-BRIEF",
            "related brief 'sample-compute-rule-2023' does not exist (did you mean 'sample-compute-rule-2025'?)"),
    )),
    Case("ref-brief-self", "REF-BRIEF", {B: base(RELATED, "related: [test-brief]")}, (
        err(17, 11, "REF-BRIEF", "related brief 'test-brief' is this brief itself"),
    )),
    Case("ref-brief-supersedes-self", "REF-BRIEF", {B: base(RELATED, "supersedes: test-brief")}, (
        err(17, 13, "REF-BRIEF", "superseded brief 'test-brief' is this brief itself"),
    )),
    Case("ref-brief-supersedes-missing", "REF-BRIEF", {B: base(RELATED, "supersedes: no-such-brief")}, (
        err(17, 13, "REF-BRIEF", "superseded brief 'no-such-brief' does not exist"),
    )),
    Case("ref-draft", "REF-DRAFT", {B: base(RELATED, "related: [sample-draft-outline]")}, (
        err(17, 11, "REF-DRAFT",
            "this published brief points to 'sample-draft-outline', which is draft and not on the site"),
    )),
    Case("ref-draft-body-link", "REF-DRAFT", {B: base(PARAGRAPH, "See [the draft](sample-draft-outline.md).")}, (
        err(23, 72, "REF-DRAFT",
            "this published brief points to 'sample-draft-outline', which is draft and not on the site"),
    )),
    Case("ref-draft-scheduled", "REF-DRAFT", {
        B: base(RELATED, "related: [future-brief]"),
        "briefs/future-brief.md": base("published: 2024-05-01", "published: 2026-06-01"),
    }, (
        err(17, 11, "REF-DRAFT", "this published brief points to 'future-brief', which is scheduled for "
            "2026-06-01 and not on the site"),
    )),
    Case("slug-alias-of-another", "SLUG-DUPLICATE", {B: base(RELATED, "aliases: [sample-compute-notice]")}, (
        err(17, 11, "SLUG-DUPLICATE",
            "alias 'sample-compute-notice' is also an alias of briefs/sample-compute-rule-2024.md"),
    )),
    Case("slug-alias-is-a-slug", "SLUG-DUPLICATE", {B: base(RELATED, "aliases: [sample-draft-outline]")}, (
        err(17, 11, "SLUG-DUPLICATE",
            "alias 'sample-draft-outline' is already the slug of briefs/sample-draft-outline.md"),
    )),
    Case("slug-alias-own", "SLUG-DUPLICATE", {B: base(RELATED, "aliases: [test-brief]")}, (
        err(17, 11, "SLUG-DUPLICATE", "alias 'test-brief' is this brief's own slug"),
    )),
    Case("supersedes-cycle", "SUPERSEDES-CYCLE", {
        "briefs/cycle-brief-a.md": base(RELATED, "supersedes: cycle-brief-b"),
        "briefs/cycle-brief-b.md": base(RELATED, "supersedes: cycle-brief-a"),
    }, (
        err(17, 13, "SUPERSEDES-CYCLE", "supersedes cycle: cycle-brief-a -> cycle-brief-b -> cycle-brief-a",
            "briefs/cycle-brief-a.md"),
        err(17, 13, "SUPERSEDES-CYCLE", "supersedes cycle: cycle-brief-a -> cycle-brief-b -> cycle-brief-a",
            "briefs/cycle-brief-b.md"),
    )),
    # --- body --------------------------------------------------------------------------------
    Case("body-words", "BODY-WORDS", {B: BASE.split("## What happened")[0] + "Only four words here.\n"}, (
        err(19, 1, "BODY-WORDS", "the body has 4 words; a brief needs at least 150"),
    )),
    Case("body-h1", "BODY-H1", {B: base("## Why it matters", "# Why it matters")}, (
        err(27, 1, "BODY-H1", "level-1 heading in the body; the title comes from the front matter, use '##'"),
    )),
    Case("body-h1-setext", "BODY-H1", {B: base("## Why it matters", "Why it matters\n==============")}, (
        err(28, 1, "BODY-H1", "level-1 heading in the body; the title comes from the front matter, use '##'"),
    )),
    Case("body-h1-raw-html", "BODY-H1", {B: base(PARAGRAPH, PARAGRAPH + " <h1>Big</h1>")}, (
        err(23, 78, "BODY-H1",
            "level-1 heading in the body; the title comes from the front matter, use '## ...' instead of <h1>"),
    )),
    Case("body-h1-in-list-item", "BODY-H1", {B: base("## Why it matters", "- # Why it matters")}, (
        err(27, 1, "BODY-H1", "level-1 heading in the body; the title comes from the front matter, use '##'"),
    )),
    Case("body-h1-in-quote", "BODY-H1", {B: base("## Why it matters", "> # Why it matters")}, (
        err(27, 1, "BODY-H1", "level-1 heading in the body; the title comes from the front matter, use '##'"),
    )),
    Case("body-h1-in-admonition", "BODY-H1", {B: base("## Why it matters", "!!! note\n    # Why it matters")}, (
        err(28, 1, "BODY-H1", "level-1 heading in the body; the title comes from the front matter, use '##'"),
    )),
    Case("body-class-theme-overlay-html", "BODY-CLASS", {
        B: base(PARAGRAPH, '<div class="md-consent__overlay note">x</div> ' + PARAGRAPH),
    }, (
        err(23, 68, "BODY-CLASS", "class 'md-consent__overlay' belongs to the theme; a brief may only use the "
            "admonition types (note, info, tip, warning, danger, example, ...), written as '!!! note'"),
    )),
    Case("body-class-theme-dialog-attr-list", "BODY-CLASS", {
        B: base("## Why it matters", "## Why it matters {: .md-dialog .note .shiny }"),
    }, (
        err(27, 23, "BODY-CLASS", "class 'md-dialog' belongs to the theme; a brief may only use the "
            "admonition types (note, info, tip, warning, danger, example, ...), written as '!!! note'"),
        err(27, 40, "BODY-CLASS", "class 'shiny' is not one the style guide allows; a brief may only use the "
            "admonition types (note, info, tip, warning, danger, example, ...), written as '!!! note'"),
    )),
    Case("body-bidi-override", "BODY-BIDI", {B: base(PARAGRAPH, "Nothing \u202ehere is real.")}, (
        err(23, 64, "BODY-BIDI", "invisible bidirectional control character U+202E reorders the text around it; "
            "delete it"),
    )),
    Case("body-id-duplicate", "BODY-ID", {
        B: base("## Why it matters", "## Why it matters {#scope}\n\n<p id=\"scope\">x</p>"),
    }, (
        err(29, 8, "BODY-ID", "id 'scope' is set twice; each id may appear once on the page"),
    )),
    Case("body-id-duplicate-heading", "BODY-ID", {
        B: base(PARAGRAPH, PARAGRAPH + ' <span id="why-it-matters">x</span>'),
    }, (
        err(23, 88, "BODY-ID", "id 'why-it-matters' is also the id of the heading 'Why it matters'; choose another"),
    )),
    Case("body-id-template-relations", "BODY-ID", {
        B: base("## Why it matters", "## Why it matters {#brief-relations}"),
    }, (
        err(27, 20, "BODY-ID", "id 'brief-relations' is reserved for the site's own page elements; choose another"),
    )),
    Case("body-cite-unknown-id", "BODY-CITE", {
        B: base("    type: primary\n", "    type: primary\n    id: fictional-notice\n").replace(
            "Nothing here is real. The", "Nothing here is real [@fictional-notise]. The"),
    }, (
        err(24, 79, "BODY-CITE", "[@fictional-notise] names no source of this brief; did you mean 'fictional-notice'?"),
    )),
    Case("body-cite-no-source-ids", "BODY-CITE", {B: base(PARAGRAPH, "Nothing here is real [@bis-rule].")}, (
        err(23, 79, "BODY-CITE", "[@bis-rule] names no source of this brief; this brief's sources have no ids: add "
            "`id: <name>` to the source it cites"),
    )),
    Case("source-id-duplicate", "SOURCE-ID", {
        B: base("    type: primary\n", "    type: primary\n    id: notice\n  - title: \"Another fictional source\"\n"
                "    url: \"https://example.org/other\"\n    publisher: \"Example\"\n    type: secondary\n"
                "    id: notice\n"),
    }, (
        err(22, 9, "SOURCE-ID", "sources[2] has the id 'notice' of sources[1]; each source's id is unique within "
            "the brief"),
    )),
    Case("placeholder-url", "PLACEHOLDER", {
        B: base('    url: "https://example.org/source"', '    url: "https://example.org/replace-with-the-official-source"'),
    }, (
        err(14, 10, "PLACEHOLDER", "sources[1].url is the scaffold's placeholder address; replace it with the "
            "source's real address before publishing"),
    )),
    Case("placeholder-summary-and-body", "PLACEHOLDER", {
        B: base('"A fictional brief whose front matter and body each rule test breaks in exactly one place."',
                '"One or two plain sentences that tell a busy reader what happened and why it matters."').replace(
            "It matters only to the tests.", "Explain why the reader should care. It matters only to the tests."),
    }, (
        err(3, 10, "PLACEHOLDER", "summary is still the scaffold's placeholder ('One or two plain sentences that tell "
            "a busy reader what happ'); write your own before publishing"),
        err(29, 1, "PLACEHOLDER", "the body still has the scaffold's placeholder paragraph ('Explain why the reader "
            "should care...'); replace it before publishing"),
    )),
    Case("source-primary-missing", "SOURCE-PRIMARY", {B: base("    type: primary", "    type: secondary")}, (
        f"{B}:13:3: warning SOURCE-PRIMARY a published brief lists no primary source; add the official text (type: "
        "primary) if there is one, first in the list",
    )),
    Case("body-uncited-figure", "BODY-UNCITED", {
        B: base("    type: primary\n", "    type: primary\n    id: notice\n").replace(
            "It matters only to the tests.", 'It matters "only" to the tests [@notice].').replace(
            "The last paragraph adds", "The 2 last paragraphs add"),
    }, (
        f"{B}:35:1: warning BODY-UNCITED this paragraph states a figure but cites no source; add [@id] after the "
        "claim (the ids are the sources' `id`)",
    )),
    Case("ref-brief-responds-to-unknown", "REF-BRIEF", {
        B: base(RELATED, RELATED + "\nresponds_to: [sample-compute-rule-2026]"),
    }, (
        err(18, 15, "REF-BRIEF", "answered brief (responds_to) 'sample-compute-rule-2026' does not exist "
            "(did you mean 'sample-compute-rule-2025'?)"),
    )),
    Case("ref-draft-responds-to", "REF-DRAFT", {B: base(RELATED, RELATED + "\nresponds_to: [sample-draft-outline]")}, (
        err(18, 15, "REF-DRAFT", "this published brief points to 'sample-draft-outline', which is draft and not on "
            "the site"),
    )),
    Case("ref-overview-unknown", "REF-OVERVIEW", {
        "briefs/topics.yml": edit(TOPICS, "related: [compute-governance, trade-tariffs]",
                                  "related: [compute-governance, trade-tariffs]\n  overview: sample-compute-rule-2052"),
    }, (
        err(8, 13, "REF-OVERVIEW", "topic 'export-controls' names overview 'sample-compute-rule-2052', which does not "
            "exist (did you mean 'sample-compute-rule-2025'?)", "briefs/topics.yml"),
    )),
    Case("ref-overview-not-in-topic", "REF-OVERVIEW", {
        "briefs/topics.yml": edit(TOPICS, "related: [compute-governance, trade-tariffs]",
                                  "related: [compute-governance, trade-tariffs]\n  overview: sample-compute-rule-2024"),
    }, (
        err(8, 13, "REF-OVERVIEW", "topic 'export-controls' names overview 'sample-compute-rule-2024', which does not "
            "list the topic", "briefs/topics.yml"),
    )),
    Case("ref-overview-draft", "REF-OVERVIEW", {
        "briefs/topics.yml": edit(TOPICS, "related: [compute-governance, trade-tariffs]",
                                  "related: [compute-governance, trade-tariffs]\n  overview: sample-draft-outline"),
    }, (
        err(8, 13, "REF-OVERVIEW", "topic 'export-controls' names overview 'sample-draft-outline', which is draft and "
            "not a live brief", "briefs/topics.yml"),
    )),
    Case("watch-resolved-in-the-future", "WATCH-RESOLVED", {
        B: base(RELATED, WATCH + "\n    resolved: 2026-02-01\n    note: \"It did.\""),
    }, (
        err(21, 15, "WATCH-RESOLVED", "watch[1].resolved (2026-02-01) is after today (2026-01-01); an item is "
            "resolved the day the brief gives the answer"),
    )),
    Case("watch-resolved-without-note", "WATCH-RESOLVED", {
        B: base(RELATED, WATCH + "\n    resolved: 2025-07-01"),
    }, (
        err(21, 15, "WATCH-RESOLVED", "watch[1] is resolved without a note: say what happened (or 'no public record "
            "found as of <date>')"),
    )),
    Case("watch-overdue", "WATCH-OVERDUE", {B: base(RELATED, WATCH)}, (
        f"{B}:19:5: warning WATCH-OVERDUE watch[1] fell due on 2025-06-01 and is not resolved: add what happened as "
        "`resolved` and `note`, or move the date if the answer is not yet known",
    )),
    Case("body-html-iframe", "BODY-HTML", {B: base(PARAGRAPH, PARAGRAPH + ' <iframe src="embed.html">')}, (
        err(23, 78, "BODY-HTML", "raw <iframe> element is not allowed in a brief"),
    )),
    Case("body-html-script", "BODY-HTML", {B: base(PARAGRAPH, "<SCRIPT>alert(1)</script>")}, (
        err(23, 56, "BODY-HTML", "raw <script> element is not allowed in a brief"),
        err(23, 72, "BODY-HTML", "raw <script> element is not allowed in a brief"),
    )),
    Case("body-event-attribute", "BODY-EVENT-ATTR", {
        B: base(PARAGRAPH, '<img src="x.png" onerror="alert(1)"> ' + PARAGRAPH),
    }, (
        err(23, 73, "BODY-EVENT-ATTR", "event-handler attribute (on...=) is not allowed in a brief"),
    )),
    Case("body-url-javascript", "BODY-URL-SCHEME", {
        B: base(PARAGRAPH, "Nothing [here](javascript:alert(1)) is real."),
    }, (
        err(23, 71, "BODY-URL-SCHEME", "'javascript:' URLs are not allowed in a brief"),
    )),
    Case("body-url-entity-encoded", "BODY-URL-SCHEME", {
        B: base(PARAGRAPH, 'Nothing <a href="&#106;avascript:alert(1)">here</a> is real.'),
    }, (
        err(23, 73, "BODY-URL-SCHEME", "'javascript:' URLs are not allowed in a brief"),
    )),
    Case("body-url-data", "BODY-URL-SCHEME", {B: base(PARAGRAPH, "![x](data:image/png;base64,AAAA)")}, (
        err(23, 61, "BODY-URL-SCHEME", "'data:' URLs are not allowed in a brief"),
    )),
    Case("body-link-missing", "BODY-LINK", {B: base(PARAGRAPH, "Nothing [here](no-such-brief.md) is real.")}, (
        err(23, 71, "BODY-LINK", "linked brief 'no-such-brief' does not exist"),
    )),
    Case("body-link-other-folder", "BODY-LINK", {
        B: base(PARAGRAPH, "Nothing [here](../briefs/sample-compute-rule-2025.md) is real."),
    }, (
        err(23, 71, "BODY-LINK", "link '../briefs/sample-compute-rule-2025.md' points into another folder; "
            "link to briefs by file name, e.g. 'other-slug.md'"),
    )),
    # --- data files --------------------------------------------------------------------------
    Case("data-required-id", "DATA-REQUIRED-ID", {
        "briefs/jurisdictions.yml": edit(JURISDICTIONS, "JP:\n  label: Japan\n", ""),
    }, (
        err(1, 1, "DATA-REQUIRED-ID", "jurisdictions.yml must define 'JP' (the contract requires it)",
            "briefs/jurisdictions.yml"),
        err(9, 46, "REF-JURISDICTION",
            "unknown jurisdiction 'JP'; add it to briefs/jurisdictions.yml or pick an existing one",
            "briefs/sample-summit-statement.md"),
    )),
    Case("data-missing", "DATA-MISSING", {"briefs/authors.yml": None}, (
        err(1, 1, "DATA-MISSING", "briefs/authors.yml is missing", "briefs/authors.yml"),
    )),
]


# --- hardening (issue 9): each class of hostile input, with its rule, line and column -------------
LOOP = "briefs/loop-a.md"
CASES += [
    Case("file-name-reserved-index", "FILE-NAME", {"briefs/index.md": BASE}, (
        err(1, 1, "FILE-NAME", "'index' is reserved for the site's own pages (briefs/index/); choose another slug",
            "briefs/index.md"),
    )),
    Case("file-name-trailing-newline", "FILE-NAME", {"briefs/bad-name\n.md": BASE}, (
        err(1, 1, "FILE-NAME", f"file name 'bad-name\\n.md' is not a valid slug: {SLUG_HELP}", "briefs/bad-name\\n.md"),
    )),
    Case("file-read-symlink-loop", "FILE-READ", {
        LOOP: Symlink("loop-b.md"), "briefs/loop-b.md": Symlink("loop-a.md"),
    }, (
        err(1, 1, "FILE-READ", "cannot read file: it is a symbolic link that loops", LOOP),
        err(1, 1, "FILE-READ", "cannot read file: it is a symbolic link that loops", "briefs/loop-b.md"),
    )),
    Case("file-read-link-leaves-repository", "FILE-READ", {"briefs/kmsg.md": Symlink("/proc/kmsg")}, (
        err(1, 1, "FILE-READ", "cannot read file: it is a link to a file outside the repository", "briefs/kmsg.md"),
    )),
    Case("schema-format-reserved-topic", "SCHEMA-FORMAT", {
        "briefs/topics.yml": TOPICS + "index:\n  label: Index\n  description: A topic named like a listing page.\n",
    }, (
        err(TOPICS.count("\n") + 1, 1, "SCHEMA-FORMAT",
            "id 'index' is reserved for the site's own pages; choose another",
            "briefs/topics.yml"),
    )),
    Case("schema-format-topic-id-trailing-newline", "SCHEMA-FORMAT", {
        "briefs/topics.yml": TOPICS + '"bad-id\\n":\n  label: Bad\n  description: An id that ends in a line break.\n',
    }, (
        err(TOPICS.count("\n") + 1, 1, "SCHEMA-FORMAT", "id 'bad-id\\n' is not a valid topic id",
            "briefs/topics.yml"),
    )),
    Case("schema-text-control-character", "SCHEMA-TEXT", {
        B: base('title: "A fictional brief used by the rule tests"',
                'title: "A fictional brief\\x01 used by the tests"'),
    }, (
        err(2, 8, "SCHEMA-TEXT", "title has a character that is not allowed in text (U+0001: a control character, "
            "a Unicode non-character or a bidi override) at character 18; remove it"),
    )),
    Case("schema-text-non-character", "SCHEMA-TEXT", {
        B: base('  - "The first fictional point."', '  - "The first \\uFFFF fictional point."'),
    }, (
        err(10, 5, "SCHEMA-TEXT", "key_points[1] has a character that is not allowed in text (U+FFFF: a control "
            "character, a Unicode non-character or a bidi override) at character 11; remove it"),
    )),
    Case("schema-text-bidi-override", "SCHEMA-TEXT", {
        B: base('    publisher: "Example Publisher"', '    publisher: "Example \\u202ErehsilbuP"'),
    }, (
        err(15, 16, "SCHEMA-TEXT", "sources[1].publisher has a character that is not allowed in text (U+202E: a "
            "control character, a Unicode non-character or a bidi override) at character 9; remove it"),
    )),
    Case("schema-text-invisible-title", "SCHEMA-TEXT", {
        B: base('title: "A fictional brief used by the rule tests"', 'title: "' + "\\u200b" * 12 + '"'),
    }, (
        err(2, 8, "SCHEMA-TEXT", "title has no visible text (it has only spaces or invisible characters)"),
    )),
    Case("date-future-updated", "DATE-FUTURE", {
        B: base(RELATED, RELATED + "\nupdated: 2100-12-31\nchangelog:\n  - date: 2100-12-31\n    kind: update\n"
                "    note: A change from the far future."),
    }, (
        err(18, 10, "DATE-FUTURE", "updated (2100-12-31) is after today (2026-01-01); a change is dated the day it "
            "is made"),
        err(20, 11, "DATE-FUTURE", "changelog[1].date (2100-12-31) is after today (2026-01-01); a change is dated "
            "the day it is made"),
    )),
    Case("date-reviewed-before-published", "DATE-REVIEWED", {B: base(RELATED, RELATED + "\nreviewed: 2024-04-30")}, (
        err(18, 11, "DATE-REVIEWED", "reviewed (2024-04-30) is before published (2024-05-01)"),
    )),
    Case("date-reviewed-in-the-future", "DATE-REVIEWED", {B: base(RELATED, RELATED + "\nreviewed: 2026-01-02")}, (
        err(18, 11, "DATE-REVIEWED", "reviewed (2026-01-02) is after today (2026-01-01)"),
    )),
    Case("body-id-toc-injection", "BODY-ID", {
        B: base("## Why it matters", "## Why it matters {: id='x\" onfocus=alert(1) ' }"),
    }, (
        err(27, 22, "BODY-ID", "id 'x\" onfocus=alert(1) ' is not allowed: use lowercase letters, digits and hyphens, "
            "starting with a letter, at most 64 characters (e.g. 'export-licences')"),
    )),
    Case("body-id-theme-config", "BODY-ID", {B: base(PARAGRAPH, '<div id="__config">x</div> ' + PARAGRAPH)}, (
        err(23, 65, "BODY-ID", "id '__config' is reserved for the site's own page elements; choose another"),
    )),
    Case("body-id-template-collision", "BODY-ID", {
        B: base("## Why it matters", "## Why it matters {#brief-sources}"),
    }, (
        err(27, 20, "BODY-ID", "id 'brief-sources' is reserved for the site's own page elements; choose another"),
    )),
    Case("body-attr-event-via-attr-list", "BODY-ATTR", {
        B: base("## Why it matters", "## Why it matters {: onfocus=alert(1) style='content-visibility:auto' }"),
    }, (
        err(27, 22, "BODY-ATTR", "attribute 'onfocus' cannot be set on an element in a brief; only an id (#name) "
            "and classes (.name)"),
        err(27, 39, "BODY-ATTR", "attribute 'style' cannot be set on an element in a brief; only an id (#name) "
            "and classes (.name)"),
    )),
    Case("body-image-remote", "BODY-IMAGE", {
        B: base(PARAGRAPH, "![](https://elsewhere.example/pixel.gif) " + PARAGRAPH),
    }, (
        err(23, 60, "BODY-IMAGE", "an image may only load files from this site, not "
            "'https://elsewhere.example/pixel.gif'; download the file into the repository or link to it instead"),
    )),
    Case("body-image-protocol-relative", "BODY-IMAGE", {
        B: base(PARAGRAPH, "<img src=//elsewhere.example/p.gif> " + PARAGRAPH),
    }, (
        err(23, 65, "BODY-IMAGE", "'src' may only load files from this site, not '//elsewhere.example/p.gif'; "
            "download the file into the repository or link to it instead"),
    )),
    Case("body-image-srcset", "BODY-IMAGE", {
        B: base(PARAGRAPH, '<img srcset="a.png 1x, https://elsewhere.example/b.png 2x"> ' + PARAGRAPH),
    }, (
        err(23, 69, "BODY-IMAGE", "'srcset' may only load files from this site, not 'https://elsewhere.example/b.png'; "
            "download the file into the repository or link to it instead"),
    )),
    Case("body-nesting-lists", "BODY-NESTING", {B: base(PARAGRAPH, PARAGRAPH + "\n\n" + "- " * 5000 + "x")}, (
        err(25, 1, "BODY-NESTING", "lists and quotes are nested more than 16 deep on this line"),
    )),
    Case("body-nesting-emphasis", "BODY-NESTING", {B: base(PARAGRAPH, "*" * 2500 + "a" + "*" * 2500)}, (
        err(23, 56, "BODY-NESTING", "a run of 2500 '*' characters nests emphasis more than 12 deep; escape them (\\*) "
            "or shorten the run"),  # one report per line
    )),
    Case("body-nesting-html", "BODY-NESTING", {B: base(PARAGRAPH, "<div>" * 40 + PARAGRAPH)}, (
        err(23, 56 + 5 * 32, "BODY-NESTING", "HTML elements are nested more than 32 deep"),
    )),
    Case("body-complexity-brackets", "BODY-COMPLEXITY", {B: base(PARAGRAPH, "[" * 12_000)}, (
        # the paragraph starts on line 22 with "[the revised rule brief]", so line 23 holds its 1,001st '['
        err(23, 56 + 999, "BODY-COMPLEXITY", "a paragraph has 12,001 '[' characters; the limit is 1,000 (they "
            "make rendering slow)"),
    )),
    Case("body-complexity-fence-options", "BODY-COMPLEXITY", {
        B: base(PARAGRAPH, PARAGRAPH + "\n\n```text hl_lines=\"" + " ".join(["1-100000000"] * 3) + "\"\nx\n```"),
    }, (
        err(25, 4, "BODY-COMPLEXITY", "a code fence's options name a line number above 9999"),
    )),
]


# --- the living record (issue 10): status history and event end dates -----------------------------
def with_instrument(history: str, extra: str = "") -> str:
    """BASE with an instrument on line 18; its history follows the issuers (line 21) and ``extra``."""
    head = "\ninstrument:\n  name: A fictional rule\n  type: rule\n  issuers: [A fictional office]\n"
    return base(RELATED, RELATED + head + extra + "  history:\n" + history)


HISTORY_OK = ("    - date: 2024-05-01\n      status: adopted\n"
              "    - date: 2024-06-01\n      status: in-force\n      source: https://example.org/source\n")
CASES += [
    Case("history-order", "HISTORY-ORDER", {B: with_instrument(
        "    - date: 2024-06-01\n      status: adopted\n    - date: 2024-05-01\n      status: in-force\n")}, (
        err(25, 13, "HISTORY-ORDER", "instrument.history[2] is dated 2024-05-01, before the entry above it "
            "(2024-06-01); list the steps oldest first"),
    )),
    Case("history-source", "HISTORY-SOURCE", {B: with_instrument(
        "    - date: 2024-05-01\n      status: adopted\n      source: https://example.org/elsewhere\n")}, (
        err(25, 15, "HISTORY-SOURCE", "instrument.history[1].source is not the url of one of this brief's sources; "
            "add the source to `sources`, or use its exact url"),
    )),
    Case("history-adopted", "HISTORY-ADOPTED", {B: with_instrument(HISTORY_OK, "  adopted: 2024-04-01\n")}, (
        err(22, 12, "HISTORY-ADOPTED", "instrument.adopted is 2024-04-01 but the first 'adopted' entry of the "
            "history is dated 2024-05-01; make them agree"),
    )),
    Case("history-effective", "HISTORY-EFFECTIVE", {B: with_instrument(HISTORY_OK, "  effective: 2024-07-01\n")}, (
        err(22, 14, "HISTORY-EFFECTIVE", "instrument.effective is 2024-07-01 but the first 'in-force' entry of the "
            "history is dated 2024-06-01; make them agree"),
    )),
    Case("status-history-warning", "STATUS-HISTORY", {B: with_instrument(HISTORY_OK, "  status: adopted\n")}, (
        f"{B}:22:11: warning STATUS-HISTORY instrument.status is 'adopted' but its history says 'in-force' as of "
        "2026-01-01; update the status (the site shows the history's)",
    )),
    Case("event-end", "EVENT-END", {B: base(RELATED, RELATED + "\nevents:\n  - date: 2024-05-02\n"
                                            "    end: 2024-05-01\n    title: A fictional meeting")}, (
        err(20, 10, "EVENT-END", "events[1].end (2024-05-01) is before its date (2024-05-02)"),
    )),
    Case("schema-enum-event-kind", "SCHEMA-ENUM", {B: base(RELATED, RELATED + "\nevents:\n  - date: 2024-05-02\n"
                                                           "    kind: party\n    title: A fictional meeting")}, (
        err(20, 11, "SCHEMA-ENUM", "events[1].kind is 'party'; expected one of: meeting, summit, vote, publication, "
            "comment-deadline, takes-effect, compliance-deadline, report-due, other"),
    )),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule(case: Case, tmp_path: Path) -> None:
    assert any(f" {case.rule} " in line for line in case.expected), "the case must show its rule"
    root = make_corpus(tmp_path / "repo", case.files)
    assert lines_of(root) == list(case.expected)


# Rules that the build reports (the validator cannot): their negative cases are in test_render.py.
BUILD_RULES = {"BODY-RENDER"}


def test_every_rule_has_a_negative_case() -> None:
    covered = {case.rule for case in CASES} | BUILD_RULES
    assert sorted(set(RULES) - covered) == [], "rules without a negative test"
    assert sorted(covered - set(RULES)) == [], "cases for rules that do not exist"


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
