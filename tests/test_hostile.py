"""Hostile and malformed input: nothing executes, nothing hangs, nothing raises, and every
problem in every file is reported in one run."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefing.problems import RULES
from support import BASE, CORPUS, base, edit, lines_of, make_corpus, problems_of
from unavailable import unavailable

B = "briefs/test-brief.md"
TITLE = 'title: "A fictional brief used by the rule tests"'
TOPICS = (CORPUS / "briefs/topics.yml").read_text(encoding="utf-8")


def rules_of(root: Path) -> set[str]:
    return {p.rule for p in problems_of(root)}


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo", {
        B: edit(base(TITLE, 'title: "Too short"'), "## Why it matters", "# Why it matters"),
        "briefs/Second_Brief.md": base("status: published", "statu: published"),
        "briefs/third-brief.md": b"---\ntitle: \xff\n---\n",
        "briefs/topics.yml": TOPICS + "military-ai:\n  label: Military AI again\n  description: Twice.\n",
        "briefs/README": "read me\n",
        "briefs/sample-draft-outline.md": None,
    })
    assert lines_of(root) == [
        "briefs/README:1:1: error FILE-NAME 'README' does not belong in briefs/: only <slug>.md briefs and "
        "the data files topics.yml, authors.yml, jurisdictions.yml go there",
        "briefs/Second_Brief.md:1:1: error FILE-NAME file name 'Second_Brief.md' is not a valid slug: use 3-80 "
        "lowercase letters, digits and single hyphens, e.g. 'bis-export-controls-2023.md'",
        "briefs/Second_Brief.md:5:1: error SCHEMA-UNKNOWN-KEY unknown key 'statu' (did you mean 'status'?)",
        "briefs/test-brief.md:2:8: error SCHEMA-LENGTH title is 9 characters; it needs at least 10",
        "briefs/test-brief.md:27:1: error BODY-H1 level-1 heading in the body; the title comes from the front "
        "matter, use '##'",
        "briefs/third-brief.md:2:8: error FILE-ENCODING file is not valid UTF-8 (byte 0xff)",
        "briefs/topics.yml:56:1: error YAML-DUPLICATE-KEY key 'military-ai' appears twice in the same mapping "
        "(first on line 37)",
    ]


def test_several_problems_in_one_brief_are_all_reported(tmp_path: Path) -> None:
    text = base(TITLE, 'title: "Too short"')
    text = edit(text, "status: published", "status: live")
    text = edit(text, "authors: [editorial-team]", "authors: [nobody-here]")
    text = edit(text, '    url: "https://example.org/source"', '    url: "javascript:alert(1)"')
    text = edit(text, "Nothing here is real.", "<script>x</script> [x](missing-brief.md)")
    root = make_corpus(tmp_path / "repo", {B: text})
    assert [line.split(" ", 3)[:3] for line in lines_of(root)] == [
        [f"{B}:2:8:", "error", "SCHEMA-LENGTH"],
        [f"{B}:5:9:", "error", "SCHEMA-ENUM"],
        [f"{B}:6:11:", "error", "REF-AUTHOR"],
        [f"{B}:14:10:", "error", "SCHEMA-URL"],
        [f"{B}:23:56:", "error", "BODY-HTML"],
        [f"{B}:23:65:", "error", "BODY-HTML"],
        [f"{B}:23:79:", "error", "BODY-LINK"],
    ]


# --- YAML --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ('title: "unclosed\n', "2:17: error YAML-SYNTAX invalid YAML: found unexpected end of stream"),
        ('title: "unclosed\nsummary: x\n', "3:11: error YAML-SYNTAX invalid YAML: found unexpected end of stream "
         "(while scanning a quoted scalar on line 2)"),
        ("title: [a, b\n", "3:1: error YAML-SYNTAX invalid YAML: did not find expected ',' or ']' "
         "(while parsing a flow sequence on line 2)"),
        ("title: {a: 1\n", "3:1: error YAML-SYNTAX invalid YAML: did not find expected ',' or '}' "
         "(while parsing a flow mapping on line 2)"),
        ("title: a: b\n", "2:9: error YAML-SYNTAX invalid YAML: mapping values are not allowed in this context"),
        ("\ttitle: x\n", "2:1: error YAML-SYNTAX invalid YAML: found character that cannot start any token"),
        ("title: @x\n", "2:8: error YAML-SYNTAX invalid YAML: found character that cannot start any token"),
        ("- a\nb: 1\n", "3:1: error YAML-SYNTAX invalid YAML: did not find expected '-' indicator "
         "(while parsing a block collection on line 2)"),
        ("a: *nowhere\n", "2:4: error YAML-SYNTAX invalid YAML: found undefined alias"),
        ("a: 1\n...\nb: 2\n", "4:1: error YAML-SYNTAX invalid YAML: did not find expected <document start>"),
    ],
)
def test_malformed_yaml(tmp_path: Path, front: str, expected: str) -> None:
    root = make_corpus(tmp_path / "repo", {B: "---\n" + front + "---\n" + BASE.split("---\n", 2)[2]})
    assert lines_of(root) == [f"{B}:{expected}"]


@pytest.mark.parametrize("front", ["", "# only a comment\n", "null\n", "~\n"])
def test_empty_front_matter_reports_every_required_key(tmp_path: Path, front: str) -> None:
    root = make_corpus(tmp_path / "repo", {B: "---\n" + front + "---\n" + BASE.split("---\n", 2)[2]})
    missing = ["authors", "key_points", "published", "sources", "summary", "title", "topics"]
    assert lines_of(root) == [f"{B}:2:1: error SCHEMA-REQUIRED required key '{key}' is missing" for key in missing]


@pytest.mark.parametrize("front", ["just text", "42", "[a, b]", "'quoted'", "- a\n- b"])
def test_front_matter_that_is_not_a_mapping(tmp_path: Path, front: str) -> None:
    root = make_corpus(tmp_path / "repo", {B: f"---\n{front}\n---\n" + BASE.split("---\n", 2)[2]})
    assert lines_of(root) == [
        f"{B}:2:1: error FM-NOT-MAPPING front matter must be a mapping of keys to values (key: value lines)"
    ]


def test_duplicate_keys_report_both_lines(tmp_path: Path) -> None:
    text = base("status: published\n", "status: published\nauthors: [editorial-team]\n")
    root = make_corpus(tmp_path / "repo", {B: text})
    assert lines_of(root) == [
        f"{B}:7:1: error YAML-DUPLICATE-KEY key 'authors' appears twice in the same mapping (first on line 6)"
    ]


def test_duplicate_ids_in_a_data_file_report_both_lines(tmp_path: Path) -> None:
    jurisdictions = (CORPUS / "briefs/jurisdictions.yml").read_text(encoding="utf-8")
    root = make_corpus(tmp_path / "repo", {"briefs/jurisdictions.yml": jurisdictions + "CN:\n  label: Again\n"})
    assert lines_of(root) == [
        "briefs/jurisdictions.yml:27:1: error YAML-DUPLICATE-KEY key 'CN' appears twice in the same mapping "
        "(first on line 3)"
    ]


@pytest.mark.parametrize(
    ("template", "where"),
    [
        ('title: !!python/object/apply:os.system ["touch {marker}"]', (2, 8)),
        ('title: !!python/object/apply:subprocess.check_call [["touch", "{marker}"]]', (2, 8)),
        ('title: !!python/object/new:os.system ["touch {marker}"]', (2, 8)),
        ('title: !!python/object/apply:builtins.exec ["open(\'{marker}\', \'w\').close()"]', (2, 8)),
        ('title: !!python/name:os.system "touch {marker}"', (2, 8)),
        ('title: !!python/module:os ""', (2, 8)),
        ('sources:\n  - !!python/object/apply:os.system ["touch {marker}"]', (3, 5)),
        ('title: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch {marker}"]', (2, 8)),
    ],
)
def test_python_tags_never_execute(tmp_path: Path, template: str, where: tuple[int, int]) -> None:
    marker = tmp_path / "pwned"
    front = template.format(marker=marker)
    root = make_corpus(tmp_path / "repo", {B: "---\n" + front + "\n---\n" + BASE.split("---\n", 2)[2]})
    found = problems_of(root)
    assert not marker.exists(), "a YAML tag executed code"
    tags = [(p.line, p.column) for p in found if p.rule == "YAML-TAG"]
    assert tags == [where]
    assert all(p.rule in RULES for p in found)


def test_python_tag_as_key_is_refused(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo", {B: base(TITLE, TITLE + "\n!!python/name:os.system : x")})
    assert lines_of(root) == [
        f"{B}:3:1: error SCHEMA-UNKNOWN-KEY unknown key ''",
        f"{B}:3:1: error YAML-TAG YAML tag '!!python/name:os.system' is not allowed; write a plain value",
    ]


def test_python_tags_in_a_data_file_never_execute(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    root = make_corpus(tmp_path / "repo", {
        "briefs/authors.yml": f'editorial-team: !!python/object/apply:os.system ["touch {marker}"]\n',
    })
    found = problems_of(root)
    assert not marker.exists()
    assert ("briefs/authors.yml", 1, 17, "YAML-TAG") in {(p.path, p.line, p.column, p.rule) for p in found}


def billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 "lol"']
    for n in range(1, levels + 1):
        lines.append(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo", {B: "---\n" + billion_laughs() + "---\n" + BASE.split("---\n", 2)[2]})
    start = time.perf_counter()
    found = lines_of(root)
    assert time.perf_counter() - start < 2
    assert found == [f"{B}:2:1: error YAML-ALIAS anchors and aliases expand into more than 10,000 values"]


def test_alias_bomb_in_a_data_file(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo", {"briefs/topics.yml": billion_laughs()})
    start = time.perf_counter()
    found = lines_of(root)
    assert time.perf_counter() - start < 2
    assert found[0] == "briefs/topics.yml:1:1: error YAML-ALIAS anchors and aliases expand into more than 10,000 values"
    assert all(line.startswith("briefs/topics.yml:") for line in found)  # no cascade into the briefs


def test_small_anchors_are_fine_below_the_limit(tmp_path: Path) -> None:
    text = base("topics: [export-controls, trade-tariffs]", "topics: &t [export-controls, trade-tariffs]")
    text = edit(text, '    type: primary', '    type: primary\n  - {title: "Second", url: "https://example.org/2", '
                'publisher: "Example", type: secondary}')
    root = make_corpus(tmp_path / "repo", {B: text})
    assert lines_of(root) == []


@pytest.mark.parametrize("depth", [100, 499, 600, 5_000, 50_000])
@pytest.mark.parametrize("shape", ["sequence", "mapping"])
def test_deeply_nested_flow_collections(tmp_path: Path, depth: int, shape: str) -> None:
    opening, closing = ("[", "]") if shape == "sequence" else ("{a: ", "}")
    value = opening * depth + "x" + closing * depth
    root = make_corpus(tmp_path / "repo", {B: base(TITLE, TITLE + "\ndeep: " + value)})
    start = time.perf_counter()
    found = problems_of(root)
    assert time.perf_counter() - start < 5
    if depth <= 100:
        assert [(p.rule, p.line) for p in found] == [("SCHEMA-UNKNOWN-KEY", 3)]
    else:
        syntax = [p for p in found if p.rule == "YAML-SYNTAX"]
        assert len(syntax) == 1 and syntax[0].line == 3, found
        assert syntax[0].message in {
            "invalid YAML: nested too deeply",
            "invalid YAML: exceeded maximum nesting depth",
        }


# --- bytes, encodings and line endings ------------------------------------------------------------


def test_invalid_utf8_in_a_data_file(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo", {"briefs/topics.yml": TOPICS.encode() + b"bad:\n  label: \xc3\x28\n"})
    assert lines_of(root) == [
        "briefs/topics.yml:57:10: error FILE-ENCODING file is not valid UTF-8 (byte 0xc3)",
    ]


@pytest.mark.parametrize(
    ("raw", "position"),
    [
        (b"\xff\xfe---\n", "1:1"),  # UTF-16 byte-order mark
        (b"---\ntitle: caf\xe9\n---\n", "2:11"),  # Latin-1
        (b"---\ntitle: \xed\xa0\x80\n---\n", "2:8"),  # an encoded surrogate
        (b"---\ntitle: \xf0\x9f\x98\n---\n", "2:8"),  # a truncated 4-byte sequence
    ],
)
def test_invalid_utf8(tmp_path: Path, raw: bytes, position: str) -> None:
    root = make_corpus(tmp_path / "repo", {B: raw})
    found = lines_of(root)
    assert len(found) == 1 and found[0].startswith(f"{B}:{position}: error FILE-ENCODING file is not valid UTF-8")


def _crlf(text: str, bom: bool = True) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", "\r\n").encode()


@pytest.mark.parametrize("encode", [
    lambda t: _crlf(t),
    lambda t: _crlf(t, bom=False),
    lambda t: b"\xef\xbb\xbf" + t.encode(),
    lambda t: t.replace("\n", "\r").encode(),
], ids=["bom+crlf", "crlf", "bom", "cr"])
def test_bom_and_line_endings_do_not_move_positions(tmp_path: Path, encode) -> None:
    broken = edit(base(TITLE, 'title: "Too short"'), "## Why it matters", "# Why it matters")
    lf = make_corpus(tmp_path / "lf", {B: broken})
    other = make_corpus(tmp_path / "other", {B: encode(broken)})
    assert lines_of(other) == lines_of(lf) == [
        f"{B}:2:8: error SCHEMA-LENGTH title is 9 characters; it needs at least 10",
        f"{B}:27:1: error BODY-H1 level-1 heading in the body; the title comes from the front matter, use '##'",
    ]
    assert lines_of(make_corpus(tmp_path / "valid", {B: encode(BASE)})) == []


def test_bom_and_crlf_in_data_files(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo", {"briefs/topics.yml": _crlf(TOPICS)})
    assert lines_of(root) == []


@pytest.mark.parametrize("size", [256 * 1024 + 1, 1024 * 1024])
def test_huge_file(tmp_path: Path, size: int) -> None:
    filler = "word " * (size // 5 + 1)
    raw = (BASE + filler).encode()[:size]
    root = make_corpus(tmp_path / "repo", {B: raw})
    start = time.perf_counter()
    assert lines_of(root) == [f"{B}:1:1: error FILE-SIZE file is {size:,} bytes; the limit is 262,144"]
    assert time.perf_counter() - start < 2


def test_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    limit = 256 * 1024
    raw = BASE.encode() + b"x" * (limit - len(BASE.encode()) - 1) + b"\n"
    assert len(raw) == limit
    root = make_corpus(tmp_path / "repo", {B: raw})
    assert lines_of(root) == []


def test_huge_data_file(tmp_path: Path) -> None:
    content = TOPICS + "# " + "x" * (300_000 - len(TOPICS.encode()) - 3) + "\n"
    root = make_corpus(tmp_path / "repo", {"briefs/topics.yml": content})
    assert lines_of(root) == ["briefs/topics.yml:1:1: error FILE-SIZE file is 300,000 bytes; the limit is 262,144"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file does not start with a front-matter line '---'"),
        ("\n\n", "the file does not start with a front-matter line '---'"),
        ("title: x\n---\nbody\n", "the file does not start with a front-matter line '---'"),
        (" ---\ntitle: x\n---\n", "the file does not start with a front-matter line '---'"),
        ("+++\ntitle = 'x'\n+++\n", "the file does not start with a front-matter line '---'"),
        ("---\ntitle: x\n", "the front matter opened on line 1 is never closed with a line '---'"),
        ("---", "the front matter opened on line 1 is never closed with a line '---'"),
        ("---\ntitle: x\n--\n...\n", "the front matter opened on line 1 is never closed with a line '---'"),
    ],
)
def test_missing_or_unclosed_front_matter(tmp_path: Path, content: str, message: str) -> None:
    root = make_corpus(tmp_path / "repo", {B: content})
    assert lines_of(root) == [f"{B}:1:1: error FM-MISSING {message}"]


def test_bom_only_file(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo", {B: b"\xef\xbb\xbf"})
    assert lines_of(root) == [f"{B}:1:1: error FM-MISSING the file does not start with a front-matter line '---'"]


# --- file names and stray files ------------------------------------------------------------------

SLUG_HELP = "use 3-80 lowercase letters, digits and single hyphens, e.g. 'bis-export-controls-2023.md'"


@pytest.mark.parametrize(
    "name",
    [
        "Uppercase-Name.md",
        "with space.md",
        "double--hyphen.md",
        "ab.md",
        "a" * 81 + ".md",
        "-leading-hyphen.md",
        "trailing-hyphen-.md",
        "under_score.md",
        "caf\u00e9-rules.md",
        "dots.in.name.md",
        "中文.md",
    ],
)
def test_file_names_that_break_the_slug_rule(tmp_path: Path, name: str) -> None:
    root = make_corpus(tmp_path / "repo", {f"briefs/{name}": BASE})
    assert lines_of(root) == [
        f"briefs/{name}:1:1: error FILE-NAME file name '{name}' is not a valid slug: {SLUG_HELP}"
    ]


@pytest.mark.parametrize("name", ["abc.md", "a" * 80 + ".md", "x-1-y-2.md", "2024.md"])
def test_file_names_at_the_edges_of_the_slug_rule_pass(tmp_path: Path, name: str) -> None:
    root = make_corpus(tmp_path / "repo", {f"briefs/{name}": BASE})
    assert lines_of(root) == []


STRAY = (
    "does not belong in briefs/: only <slug>.md briefs and the data files topics.yml, authors.yml, "
    "jurisdictions.yml go there"
)


@pytest.mark.parametrize(
    "name",
    ["README", "notes.txt", "brief.MD", "brief.markdown", "topics.yaml", "image.png", "draft.md~", "drafts"],
)
def test_stray_files_in_briefs(tmp_path: Path, name: str) -> None:
    files = {f"briefs/{name}/inner.md": BASE} if name == "drafts" else {f"briefs/{name}": "x\n"}
    root = make_corpus(tmp_path / "repo", files)
    assert lines_of(root) == [f"briefs/{name}:1:1: error FILE-NAME '{name}' {STRAY}"]


def test_hidden_files_in_briefs_are_ignored(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo", {"briefs/.DS_Store": b"\x00\x01", "briefs/.gitkeep": ""})
    assert lines_of(root) == []


def test_a_folder_named_like_a_brief_is_stray(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo", {"briefs/folder-brief.md/inner.txt": "x\n"})
    assert lines_of(root) == [f"briefs/folder-brief.md:1:1: error FILE-NAME 'folder-brief.md' {STRAY}"]


OUTSIDE = "cannot read file: it is a link to a file outside the repository"


def test_symlinked_brief_is_reported_under_its_own_name(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo")
    inside = root / "drafts" / "elsewhere.md"  # a link within the repository is followed
    inside.parent.mkdir()
    inside.write_text(base(TITLE, 'title: "Too short"'), encoding="utf-8")
    (root / B).symlink_to(inside)
    assert lines_of(root) == [f"{B}:2:8: error SCHEMA-LENGTH title is 9 characters; it needs at least 10"]


def test_a_link_out_of_the_repository_is_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(BASE, encoding="utf-8")
    root = make_corpus(tmp_path / "repo")
    (root / B).symlink_to(outside)
    assert lines_of(root) == [f"{B}:1:1: error FILE-READ {OUTSIDE}"]


def test_kmsg_is_refused_without_reading_it(tmp_path: Path) -> None:
    # /proc/kmsg says "regular file, size 0" and a read blocks forever when run as root.
    if not Path("/proc/kmsg").exists():
        unavailable("this test needs /proc/kmsg (a Linux machine)")
    root = make_corpus(tmp_path / "repo")
    (root / B).symlink_to("/proc/kmsg")
    start = time.perf_counter()
    assert lines_of(root) == [f"{B}:1:1: error FILE-READ {OUTSIDE}"]
    assert time.perf_counter() - start < 5


def test_a_symlink_loop_in_briefs_is_reported_not_raised(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo")
    (root / "briefs" / "loop-one.md").symlink_to("loop-two.md")
    (root / "briefs" / "loop-two.md").symlink_to("loop-one.md")
    (root / "briefs" / "self-loop.md").symlink_to("self-loop.md")
    assert lines_of(root) == [
        f"briefs/{name}.md:1:1: error FILE-READ cannot read file: it is a symbolic link that loops"
        for name in ("loop-one", "loop-two", "self-loop")
    ]


# --- odd but harmless values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("9" * 50, "SCHEMA-TYPE title is a number (" + "9" * 50 + "); expected text"),
        ("9" * 100, "SCHEMA-TYPE title is a number of 100 digits; expected text"),  # never printed in full
        ("12345678901", "SCHEMA-TYPE title is a number (12345678901); expected text"),
        ("0x1F", "SCHEMA-TYPE title is a number (31); expected text"),
        ("!!float 1.5", "SCHEMA-TYPE title is a number (1.5); expected text"),
        ("true", "SCHEMA-TYPE title is true/false (true); expected text"),
        ("~", "SCHEMA-TYPE title is empty; expected text"),
        ("", "SCHEMA-TYPE title is empty; expected text"),
        ("2024-01-01", "SCHEMA-TYPE title is a date (2024-01-01); expected text"),
        ("1:30", "SCHEMA-LENGTH title is 4 characters; it needs at least 10"),  # YAML 1.1 sexagesimal
        (".nan", "SCHEMA-TYPE title is a number (nan); expected text"),  # YAML's not-a-number
        ("-.inf", "SCHEMA-TYPE title is a number (-inf); expected text"),
        ("'  padded   '", "SCHEMA-LENGTH title is 6 characters; it needs at least 10"),
        ("[]", "SCHEMA-TYPE title is a list; expected text"),
        ("{}", "SCHEMA-TYPE title is a mapping; expected text"),
        ("!!binary aGVsbG8gd29ybGQ=", "YAML-TAG YAML tag '!!binary' is not allowed; write a plain value"),
        ("!!str 1234567890", None),
        ("|\n  A literal block title here", None),
    ],
)
def test_odd_scalars(tmp_path: Path, value: str, problem: str | None) -> None:
    root = make_corpus(tmp_path / "repo", {B: base(TITLE, f"title: {value}")})
    assert lines_of(root) == ([f"{B}:2:{8 if value else 7}: error {problem}"] if problem else [])


@pytest.mark.parametrize("rel", [B, "briefs/topics.yml"])
def test_special_files_are_never_read(tmp_path: Path, rel: str) -> None:
    # Git can store a symlink to a device; reading /dev/zero would never end.
    if not Path("/dev/zero").exists():
        unavailable("this test needs /dev/zero (a Linux or macOS machine)")
    root = make_corpus(tmp_path / "repo", {rel: None} if rel != B else {})
    (root / rel).symlink_to("/dev/zero")
    start = time.perf_counter()
    assert lines_of(root) == [f"{rel}:1:1: error FILE-READ {OUTSIDE}"]
    assert time.perf_counter() - start < 2


def test_a_fifo_is_never_read(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        unavailable("this test needs os.mkfifo (a Linux or macOS machine)")
    root = make_corpus(tmp_path / "repo")
    os.mkfifo(root / B)
    assert lines_of(root) == [f"{B}:1:1: error FILE-READ cannot read file: not a regular file"]


# --- bodies built to make regular expressions backtrack -------------------------------------
# Each is about 250 KiB (the file-size limit is 256 KiB). Before the body checks were made
# linear, some of these took over three minutes; now each takes a fraction of a second. The
# bound below is a hang guard (a hundred times the usual time), not a performance target.
PATHOLOGICAL = {
    "unclosed-tags": "<a " * 80_000,
    "unclosed-quoted-tags": '<a"' * 80_000,
    "unclosed-autolinks": "<x:" * 80_000,
    "unclosed-attribute-urls": '<a href="' * 25_000,
    "brackets": "[x" * 120_000,
    "link-openers": "[](x" * 60_000,
    "reference-definitions": "[a]: <" * 40_000,
    "backticks": "` a" * 80_000,
    "setext-underlines": "=\n" * 120_000,
    "entities": "&#106;" * 40_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_body_finishes(tmp_path: Path, name: str) -> None:
    text = BASE.split("## What happened")[0] + PATHOLOGICAL[name]
    root = make_corpus(tmp_path / "repo", {"briefs/test-brief.md": text})
    start = time.perf_counter()
    problems = problems_of(root)
    assert time.perf_counter() - start < 20, f"{name}: the validator nearly hung"
    assert all(p.rule in RULES for p in problems)
