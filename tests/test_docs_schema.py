"""Generated documentation and the JSON Schema agree with the validator."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from briefing.cli import main
from briefing.model import Brief, ChangelogEntry, Event, Instrument, Source
from briefing.problems import RULES
from briefing.sourcefile import read_text, split_front_matter
from briefing.validate import select, validate
from briefing.yamlsource import parse
from support import CORPUS, REPO, TODAY

DOC_EXAMPLES = sorted(REPO.glob("docs/**/examples/*.md"))


@pytest.mark.parametrize("path", DOC_EXAMPLES, ids=[p.relative_to(REPO).as_posix() for p in DOC_EXAMPLES])
def test_docs_examples_validate(path: Path) -> None:
    corpus = validate(REPO, [path])
    assert [p.text() for p in select(corpus, [path])] == []


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
    ],
)
def test_schema_rejects_what_the_validator_rejects(capsys: pytest.CaptureFixture[str], key: str, value: Any) -> None:
    validator = Draft202012Validator(_schema(capsys))
    data = _front_matter(CORPUS / "briefs/sample-summit-statement.md")
    assert validator.is_valid(data)
    data[key] = value
    assert not validator.is_valid(data)


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
