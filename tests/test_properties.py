"""Property-based tests: whatever bytes a brief or data file holds, the validator returns
problems (valid rule ids, real positions) and never raises."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.problems import RULES, Problem, render
from briefing.rules.validate import validate
from support import BASE, TODAY, make_corpus

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TARGET = "briefs/prop-brief.md"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("properties") / "repo")


def check(root: Path, rel: str, content: bytes) -> list[Problem]:
    path = root / rel
    path.write_bytes(content)
    try:
        corpus = validate(root, today=TODAY)
        problems = corpus.all_problems()
        for fmt in ("text", "github", "json"):
            render(problems, fmt)
    finally:
        if rel == TARGET:
            path.unlink()
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.rule in RULES
        assert problem.line >= 1 and problem.column >= 1
        assert problem.severity in {"error", "warning"}
        assert isinstance(problem.message, str) and problem.message
        assert "\n" not in problem.text() and "\r" not in problem.text()  # one problem per line
    return problems


@SETTINGS
@given(st.text())
def test_random_text(root: Path, text: str) -> None:
    check(root, TARGET, text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(root: Path, raw: bytes) -> None:
    check(root, TARGET, raw)


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_random_front_matter(root: Path, front: str) -> None:
    check(root, TARGET, ("---\n" + front + "\n---\n" + BASE.split("---\n", 2)[2]).encode())


YAML_SPECIALS = [
    ":", ": ", "-", "- ", "?", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!", "!!python/object ",
    "|", ">", "'", '"', "%", "@", "`", "#", " #", "\t", "\n", "---", "...", "<<: ", "~", "\\", "\x00",
    "\ufeff", "\u2028", "\r", "0x", "2024-02-30", "null", "yes", "&", "*",
]


@st.composite
def mutated_brief(draw: st.DrawFn) -> str:
    lines = BASE.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "dedent", "move"]))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "swap" and len(line) >= 2:
            j = draw(st.integers(0, len(line) - 2))
            lines[i] = line[:j] + line[j + 1] + line[j] + line[j + 2:]
        elif op == "insert":
            j = draw(st.integers(0, len(line)))
            lines[i] = line[:j] + draw(st.sampled_from(YAML_SPECIALS)) + line[j:]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + line
        elif op == "dedent":
            lines[i] = line.lstrip()
        elif op == "move":
            j = draw(st.integers(0, len(lines) - 1))
            lines.insert(j, lines.pop(i))
    return "\n".join(lines)


@SETTINGS
@given(mutated_brief())
def test_mutated_brief(root: Path, text: str) -> None:
    check(root, TARGET, text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(mutated_brief(), st.sampled_from(["utf-8", "utf-8-sig", "crlf", "cr"]))
def test_mutated_brief_in_other_encodings(root: Path, text: str, encoding: str) -> None:
    if encoding == "crlf":
        raw = text.replace("\n", "\r\n").encode()
    elif encoding == "cr":
        raw = text.replace("\n", "\r").encode()
    else:
        raw = text.encode(encoding)
    check(root, TARGET, raw)


KEYS = [
    "title", "summary", "published", "updated", "status", "authors", "topics", "jurisdictions", "key_points",
    "sources", "events", "instrument", "related", "supersedes", "aliases", "changelog", "unknown",
]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.dates() | st.text(max_size=20)
    | st.sampled_from(["2024-01-01", "2024-02-30", "test-brief", "sample-draft-outline", "export-controls", "CN"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["date", "kind", "note", "title", "url", "topics", "type", "name"]),
                      children, max_size=4),
    max_leaves=12,
)


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), VALUES, min_size=1, max_size=4))
def test_random_values_for_known_keys(root: Path, values: dict) -> None:
    # Well-formed YAML, wrong shapes: exercises the schema messages and the cross-file rules.
    front, body = BASE.split("---\n", 2)[1:]
    data = yaml.safe_load(front)
    data.update(values)
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body
    check(root, TARGET, text.encode("utf-8", "surrogatepass"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["topics.yml", "authors.yml", "jurisdictions.yml"]), st.text(max_size=300))
def test_random_data_files(root: Path, name: str, text: str) -> None:
    rel = f"briefs/{name}"
    original = (root / rel).read_bytes()
    try:
        check(root, rel, text.encode("utf-8", "surrogatepass"))
    finally:
        (root / rel).write_bytes(original)


def test_the_unmutated_brief_is_valid(root: Path) -> None:
    # The property tests above mutate a brief that starts out valid.
    assert check(root, TARGET, BASE.encode()) == []


# --- ids, attributes and image sources through the renderer and the sanitiser (issue 9) -----------
import lxml.html  # noqa: E402

from briefing import ids  # noqa: E402
from briefing.mkdocs_plugin import safe_toc  # noqa: E402
from briefing.rules.body import check as body_check  # noqa: E402
from briefing.site.render import render_one  # noqa: E402
from briefing.site.sanitize import sanitize_body  # noqa: E402

ID_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["__config", "__search", "brief-sources", 'x" onfocus="alert(1)', "x' autofocus '", "出口管制",
                     "changelog-2026-12-01", "_x", "-x", "a b", "x>y", "x\ny"]),
)
URLS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["https://e.example/p.gif", "//e.example/p.gif", "http:e.example", "\thttps://e.example/",
                     "/local.png", "img/local.png", "HTTPS://E.EXAMPLE/", "https:/e.example", "\\\\e.example/x",
                     "data:image/png;base64,AA", "javascript:alert(1)"]),
)


def _page(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<div>{html}</div>")


@SETTINGS
@given(value=ID_TEXT, form=st.sampled_from(["{#%s}", "{: id='%s' }", '{: id="%s" }', "{: #%s .note }"]))
def test_any_heading_id_comes_out_safe(value: str, form: str) -> None:
    body = f"## Heading {form % value}\n\nText.\n\n<p id=\"{value}\">raw</p>\n"
    rendered = render_one(body)
    page = _page(sanitize_body(rendered.html))
    assert all(ids.is_safe(str(i)) for i in page.xpath("//@id"))
    assert all(ids.is_safe(t["id"]) for t in safe_toc(rendered.toc))
    assert not page.xpath("//@*[starts-with(name(), 'on')] | //@style | //@autofocus")
    if ids.contributor_id_problem(value) is None:  # what the validator accepts is kept as written
        assert value in [t["id"] for t in rendered.toc] or "#" not in form


@SETTINGS
@given(key=st.text(min_size=1, max_size=20).filter(lambda k: k.strip() and "}" not in k and "\n" not in k),
       value=st.text(max_size=20).filter(lambda v: "}" not in v and "\n" not in v and '"' not in v))
def test_attribute_lists_set_no_other_attribute(key: str, value: str) -> None:
    rendered = render_one(f'## Heading {{: {key}="{value}" }}\n\nPara {{: {key}="{value}" }}\n')
    page = _page(sanitize_body(rendered.html))
    allowed = {"id", "class", "href", "title"}
    assert {a for el in page.iter() for a in el.attrib} <= allowed


@SETTINGS
@given(url=URLS, form=st.sampled_from(["![x](%s)", '<img src="%s">', "<img src=%s>"]))
def test_no_image_leaves_the_site(url: str, form: str) -> None:
    clean = url.replace("\n", "").replace(")", "").replace('"', "").replace(">", "").replace(" ", "")
    body = form % clean
    page = _page(sanitize_body(render_one(body + "\n").html))
    for src in page.xpath("//@src"):
        assert ids.is_same_site(str(src)), src
    issues = body_check(body + " word" * 160)[0]
    if any(not ids.is_same_site(str(s)) for s in _page(render_one(body + "\n").html).xpath("//@src")):
        assert {i.rule for i in issues} & {"BODY-IMAGE", "BODY-URL-SCHEME"}, body  # the validator says so first
