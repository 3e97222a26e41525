"""Generated documentation and the JSON Schema agree with the validator."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from briefing.cli import main
from briefing.load.sourcefile import read_text, split_front_matter
from briefing.load.yamlsource import parse
from briefing.model import DATE_MAX, DATE_MIN, Brief, ChangelogEntry, Event, Instrument, Source, as_date
from briefing.problems import RULES
from briefing.rules.validate import select, validate
from support import BASE, CORPUS, REPO, TODAY, make_corpus

_FENCE = re.compile(r"^```ya?ml\n(.*?)^```", re.M | re.S)


def _yaml_examples() -> list[tuple[str, str]]:
    """Every ```yaml block in the docs and contributor guides, with a readable id."""
    found = []
    for path in sorted([*REPO.glob("docs/**/*.md"), REPO / "CONTRIBUTING.md"]):
        if "templates" in path.parts:
            continue
        for number, match in enumerate(_FENCE.finditer(path.read_text("utf-8")), 1):
            found.append((f"{path.relative_to(REPO).as_posix()}#{number}", match.group(1)))
    return found


DOC_EXAMPLES = _yaml_examples()


def test_docs_have_yaml_examples() -> None:
    assert DOC_EXAMPLES, "the style guide's YAML examples are gone; this test would check nothing"


@pytest.mark.parametrize(("where", "example"), DOC_EXAMPLES, ids=[w for w, _ in DOC_EXAMPLES])
def test_docs_yaml_examples_validate(tmp_path: Path, where: str, example: str) -> None:
    """Each example is laid over a valid brief's front matter; the result must validate."""
    front, body = BASE.split("---\n")[1], BASE.split("---\n", 2)[2]
    data = yaml.safe_load(front)
    snippet = yaml.safe_load(example)
    assert isinstance(snippet, dict), f"{where}: an example must be a mapping of front-matter keys"
    if "title" in snippet or "summary" in snippet:  # a whole front matter: keep only the body
        data = snippet
    else:
        data.update(snippet)
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body
    root = make_corpus(tmp_path / "repo", {"briefs/docs-example.md": text})
    # Examples are dated when they are written: they must validate on the day the test runs
    # (dates in them may not be in the future), not only on the fixed test date.
    today = max(TODAY, dt.date.today())
    problems = [p.text() for p in select(validate(root, today=today), ()) if p.severity == "error"]
    assert problems == [], f"{where} does not validate"


def _output(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_reference_mentions_every_field_and_rule(capsys: pytest.CaptureFixture[str]) -> None:
    page = _output(capsys, "reference")
    for model in (Brief, Source, Event, Instrument, ChangelogEntry):
        for name in model.model_fields:
            assert f"| `{name}` |" in page, f"{model.__name__}.{name}"
    for rule, description in RULES.items():
        assert f"| `{rule}` | {description} |" in page, rule


def _schema(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    schema = json.loads(_output(capsys, "schema"))
    Draft202012Validator.check_schema(schema)
    return schema


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def _front_matter(path: Path) -> dict[str, Any]:
    parsed = parse(split_front_matter(read_text(path)).front, line_offset=1)
    assert parsed.issues == []
    return _jsonable(parsed.value)


def test_schema_is_valid_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema(capsys)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(Brief.model_fields)


@pytest.mark.parametrize("path", sorted((CORPUS / "briefs").glob("*.md")), ids=lambda p: p.name)
def test_schema_accepts_every_fixture_brief(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    validator = Draft202012Validator(_schema(capsys))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_front_matter(path))]
    assert errors == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("titel", "A misspelt key"),
        ("status", "live"),
        ("title", "Too short"),
        ("topics", []),
        ("published", 20240501),
        ("published", "2101-01-01"),
    ],
)
def test_schema_rejects_what_the_validator_rejects(capsys: pytest.CaptureFixture[str], key: str, value: Any) -> None:
    validator = Draft202012Validator(_schema(capsys))
    data = _front_matter(CORPUS / "briefs/sample-summit-statement.md")
    assert validator.is_valid(data)
    data[key] = value
    assert not validator.is_valid(data)


def test_schema_dates_have_the_models_range(capsys: pytest.CaptureFixture[str]) -> None:
    validator = Draft202012Validator(_schema(capsys))
    data = _front_matter(CORPUS / "briefs/sample-summit-statement.md")
    one_day = dt.timedelta(days=1)
    for day, valid in ((DATE_MIN, True), (DATE_MAX, True), (DATE_MIN - one_day, False), (DATE_MAX + one_day, False)):
        data["published"] = day.isoformat()
        assert validator.is_valid(data) is valid, day
        assert (as_date(day.isoformat()) is not None) is valid, day
    assert f"from {DATE_MIN} to {DATE_MAX}" in RULES["SCHEMA-DATE"]

def test_schema_accepts_every_brief_the_model_accepts_in_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    validator = Draft202012Validator(_schema(capsys))
    corpus = validate(REPO, today=TODAY)
    checked = 0
    for brief in corpus.briefs:
        if brief.model is None:
            continue  # the validator already reports it
        errors = [e.message for e in validator.iter_errors(_jsonable(brief.raw))]
        assert errors == [], brief.rel
        checked += 1
    assert checked or not corpus.briefs
