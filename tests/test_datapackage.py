"""The open-data release (contract v3, `/data/`): the CSV writer's formula guard, the Table Schemas
derived from the row models, the deterministic zip, and the fixture build's package validated by
the `frictionless` library (schemas, primary and foreign keys), its CITATION.cff against the
Citation File Format 1.2.0 JSON Schema, its row counts against the API and the pages, a hostile
corpus whose text starts with `=`, `+`, `-` and `@`, and the audit's checks of the files and the
archive's checksum.

`tests/data/cff-1.2.0.schema.json` is the official CFF 1.2.0 schema
(https://citation-file-format.github.io/1.2.0/schema.json), copied unchanged from the
`cffconvert` 2.0.0 wheel on PyPI (cffconvert/schemas/1.2.0/schema.json), so that the test needs
neither cffconvert's old dependencies nor the network.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import frictionless
import jsonschema
import pytest
import yaml

from briefing.site import datapackage, tables
from briefing.site.build import compile_corpus
from briefing.site.csvout import FORMULA_STARTS, csv_bytes, neutralise
from briefing.site.dataaudit import data_package_failures
from site_helpers import FIXTURE_ROOT, HOSTILE, LIVE, REPO, SITE_URL, TODAY, Site, card_slugs, fixture_site

CFF_SCHEMA = Path(__file__).parent / "data" / "cff-1.2.0.schema.json"
ZIP = f"ai-governance-briefs-{TODAY.isoformat()}.zip"


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


# --- the CSV writer ----------------------------------------------------------------------------


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_starting_with_a_formula_character_is_neutralised(start):
    text = f"{start}HYPERLINK(\"https://evil.example/\",\"x\")"
    assert neutralise(text) == "'" + text
    rows = read_csv(csv_bytes(["title"], [[text]]))
    assert rows == [["title"], ["'" + text]]


def test_csv_is_rfc_4180_utf8_and_leaves_numbers_dates_and_plain_text_alone():
    data = csv_bytes(["a", "b", "c", "d", "e"], [[-3, dt.date(2026, 1, 2), True, None, 'He said "hi",\nthen 中文']])
    assert data.startswith(b"a,b,c,d,e\r\n") and data.endswith(b"\r\n")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert read_csv(data)[1] == ["-3", "2026-01-02", "true", "", 'He said "hi",\nthen 中文']
    assert b'"He said ""hi"",\nthen \xe4\xb8\xad\xe6\x96\x87"' in data


# --- the row models and their Table Schemas ----------------------------------------------------------


def test_every_table_schema_has_its_keys_among_its_fields_and_references_a_table_of_the_package():
    names = {model.table: model for model in tables.TABLES}
    assert {"briefs", "instruments", "status_history", "events", "sources", "relations", "topics",
            "jurisdictions"} <= set(names)
    for model in tables.TABLES:
        schema = tables.table_schema(model)
        fields = [f["name"] for f in schema["fields"]]
        assert fields == tables.columns(model)
        assert set(schema["primaryKey"]) <= set(fields)
        for key in schema.get("foreignKeys", []):
            assert set(key["fields"]) <= set(fields)
            target = names[key["reference"]["resource"]]
            assert key["reference"]["fields"] == list(target.primary_key)
    relation = {f["name"]: f for f in tables.table_schema(tables.RelationRow)["fields"]}
    assert relation["kind"]["constraints"]["enum"] == ["related", "supersedes", "responds_to", "links_to"]
    briefs = {f["name"]: f for f in tables.table_schema(tables.BriefRow)["fields"]}
    assert briefs["published"]["type"] == "date" and briefs["source_count"]["type"] == "integer"
    assert briefs["updated"].get("constraints", {}).get("required") is None


def test_every_row_of_the_fixture_corpus_validates_against_its_model():
    result = compile_corpus(FIXTURE_ROOT, SITE_URL, REPO / "docs" / "templates", today=TODAY)
    assert result.catalog is not None
    found = tables.rows(result.catalog, SITE_URL)
    for model in tables.TABLES:
        names = tables.columns(model)
        for row in found[model.table]:
            model.model_validate(dict(zip(names, row, strict=True)))
    with pytest.raises(TypeError, match="no column"):
        tables.EventRow.record(slug="x", titel="typo")
    first = datapackage.release(result.catalog, SITE_URL, "AI Governance Briefs")
    again = datapackage.release(result.catalog, SITE_URL, "AI Governance Briefs")
    assert first.files == again.files  # the same input gives the same bytes, the zip included


def test_the_zip_is_deterministic():
    members = {"b.csv": b"x\r\n", "a.json": b"{}\n"}
    day = dt.date(2026, 12, 1)
    first = datapackage.deterministic_zip(members, day)
    assert first == datapackage.deterministic_zip(dict(reversed(members.items())), day)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["a.json", "b.csv"]
        assert {info.date_time for info in archive.infolist()} == {(2026, 12, 1, 0, 0, 0)}


# --- the fixture build ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return fixture_site(tmp_path_factory)


@pytest.mark.slow
def test_the_package_is_valid_by_frictionless(site):
    report = frictionless.Package(str(site.path("data/datapackage.json"))).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.slow
def test_the_zip_is_a_valid_package_with_the_published_files_and_checksum(site, tmp_path):
    data = site.path(f"data/{ZIP}").read_bytes()
    assert site.text(f"data/{ZIP}.sha256") == f"{hashlib.sha256(data).hexdigest()}  {ZIP}\n"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        for name in names:
            assert archive.read(name) == site.path(f"data/{name}").read_bytes(), name
        archive.extractall(tmp_path)
    report = frictionless.Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.slow
def test_the_descriptor_names_licence_contributors_and_the_build_date(site):
    package = site.json("data/datapackage.json")
    assert package["version"] == TODAY.isoformat()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["homepage"] == SITE_URL + "data/"
    assert {c["title"] for c in package["contributors"]} >= {"Editorial team"}
    for resource in package["resources"]:
        raw = site.path(f"data/{resource['path']}").read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()


@pytest.mark.slow
def test_citation_cff_is_valid_cff_1_2_0(site):
    citation = yaml.safe_load(site.text("data/CITATION.cff"))
    schema = json.loads(CFF_SCHEMA.read_text("utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(citation)
    assert citation["type"] == "dataset" and citation["version"] == TODAY.isoformat()
    assert citation["license"] == "CC-BY-4.0"
    assert citation["references"][0]["type"] == "website"


def _rows(site: Site, table: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(site.text(f"data/{table}.csv"), newline="")))


@pytest.mark.slow
def test_row_counts_agree_with_the_api_and_the_pages(site):
    api = site.json("api/briefs.json")["briefs"]
    briefs = _rows(site, "briefs")
    assert [r["slug"] for r in briefs] == sorted(b["slug"] for b in api) == sorted(LIVE)
    listed = card_slugs(site.soup("briefs/"), "briefs/")
    assert sorted(listed) == sorted(r["slug"] for r in briefs)
    assert len(_rows(site, "sources")) == sum(len(b["sources"]) for b in api)
    assert len(_rows(site, "events")) == sum(len(b["events"]) for b in api)
    assert len(_rows(site, "instruments")) == sum(1 for b in api if b["instrument"])
    assert len(_rows(site, "status_history")) == sum(len(b["instrument"]["history"]) for b in api if b["instrument"])
    assert len(_rows(site, "changelog")) == sum(len(b["changelog"]) for b in api)
    assert len(_rows(site, "brief_topics")) == sum(len(b["topics"]) for b in api)
    by_slug = {b["slug"]: b for b in api}
    for row in _rows(site, "instruments"):
        assert row["status"] == (by_slug[row["slug"]]["current_status"] or "")
    related = {(r["source"], r["target"]) for r in _rows(site, "relations") if r["kind"] == "links_to"}
    assert related == {(b["slug"], t) for b in api for t in b["links_to"]}
    page = site.article("data/")
    for table in tables.TABLES:  # the page documents every table with its row count
        heading = page.select_one(f"#table-{table.table}")
        assert heading is not None, table.table
        assert f"{len(_rows(site, table.table))} row" in heading.find_next("p").get_text()


@pytest.mark.slow
def test_no_csv_cell_of_the_fixture_site_can_become_a_formula(site):
    for path in sorted(site.path("data/").parent.glob("*.csv")):
        for row in read_csv(path.read_bytes()):
            for value in row:
                assert not value.startswith(FORMULA_STARTS), (path.name, value)


def _formula_corpus(tmp_path: Path) -> Path:
    """The fixture corpus with the hostile brief's text starting with formula characters."""
    root = tmp_path / "formula"
    shutil.copytree(FIXTURE_ROOT / "briefs", root / "briefs")
    path = root / "briefs" / f"{HOSTILE}.md"
    text = path.read_text("utf-8")
    text = re.sub(r"^title: .*$", "title: '=HYPERLINK(\"https://evil.example/\",\"click\") title'", text, count=1,
                  flags=re.M)
    text = text.replace("  - 'Point <script>", "  - '+cmd|'' /C calc''!A0 <script>", 1)
    text = text.replace("    title: 'Event <script>", "    title: '-2+3 event <script>", 1)
    text = text.replace("  name: 'Instrument <script>", "  name: '@SUM(1+1) <script>", 1)
    text = text.replace("    publisher: 'Publisher <script>", "    publisher: '=1+1 <script>", 1)
    text = text.replace("    note: 'Note <script>", "    note: '@note <script>", 1)
    path.write_text(text, "utf-8")
    return root


@pytest.mark.slow
def test_a_hostile_brief_cannot_put_a_formula_in_any_csv(tmp_path):
    root = _formula_corpus(tmp_path)
    result = compile_corpus(root, SITE_URL, REPO / "docs" / "templates", today=TODAY)
    assert result.output is not None, [p.text() for p in result.problems if p.severity == "error"]
    written = {rel: data for rel, data in result.output.files.items() if rel.endswith(".csv")}
    assert {f"data/{m.table}.csv" for m in tables.TABLES} <= set(written)
    cells = [value for data in written.values() for row in read_csv(data) for value in row]
    assert "'=HYPERLINK(\"https://evil.example/\",\"click\") title" in cells
    assert any(value.startswith("'@SUM(1+1)") for value in cells)
    assert any(value.startswith("'=1+1") for value in cells)
    assert any(value.startswith("'-2+3 event") for value in cells)
    assert not [value for value in cells if value.startswith(FORMULA_STARTS)]
    out = tmp_path / "site"  # and the package is still valid
    for rel, data in result.output.files.items():
        if rel.startswith("data/"):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(data)
    report = frictionless.Package(str(out / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert data_package_failures(out, result.catalog) == []


# --- the audit -------------------------------------------------------------------------------------


@pytest.fixture
def data_copy(site, tmp_path) -> Path:
    shutil.copytree(site.path("data/").parent, tmp_path / "data")
    return tmp_path


@pytest.mark.slow
def test_the_audit_passes_the_built_release(site, data_copy):
    from briefing.rules.validate import validate
    from briefing.site.catalog import build

    cat = build(validate(site.project, today=TODAY), TODAY)
    assert data_package_failures(data_copy, cat) == []


@pytest.mark.slow
def test_the_audit_catches_a_changed_archive_checksum_or_table(site, data_copy):
    from briefing.rules.validate import validate
    from briefing.site.catalog import build

    cat = build(validate(site.project, today=TODAY), TODAY)
    folder = data_copy / "data"
    checksum = folder / f"{ZIP}.sha256"
    checksum.write_text("0" * 64 + f"  {ZIP}\n", "utf-8")
    assert data_package_failures(data_copy, cat) == [f"/data/{ZIP}: its SHA-256 differs from /data/{ZIP}.sha256"]
    shutil.copy2(site.path(f"data/{ZIP}.sha256"), checksum)
    briefs = folder / "briefs.csv"
    briefs.write_bytes(briefs.read_bytes().replace(b"alpha-chip-rule-2025,", b"alpha-chip-rule-2025x,", 1))
    failures = data_package_failures(data_copy, cat)
    assert "/data/briefs.csv: its size or hash differs from datapackage.json" in failures
    assert "alpha-chip-rule-2025: missing from /data/briefs.csv" in failures
    assert f"/data/{ZIP}: briefs.csv is missing or differs from /data/briefs.csv" in failures
    (folder / ZIP).unlink()
    assert f"/data/{ZIP} or its .sha256 is missing" in data_package_failures(data_copy, cat)
    (folder / "datapackage.json").unlink()
    assert data_package_failures(data_copy, cat) == ["/data/datapackage.json is missing"]
