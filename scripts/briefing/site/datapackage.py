"""The open-data release (contract v3, `/data/`): the CSV tables (tables.py, written by csvout.py),
`datapackage.json` (a Frictionless Data Package whose Table Schemas come from the row models),
`CITATION.cff`, a README, and a dated zip of all of them with its SHA-256 beside it.

The zip is deterministic: its entries are sorted, each with the build date as its time stamp and
fixed permissions, so the same briefs on the same build date give the same bytes (the release
workflow attaches this very file to a tagged release).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

import yaml

from .catalog import Catalog
from .csvout import csv_bytes
from .tables import TABLES, columns, rows, table_schema

NAME = "ai-governance-briefs"
FOLDER = "data/"
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
DESCRIPTION = ("Short, sourced, cross-linked briefs on AI governance and AI safety, with a focus on China and "
               "US–China technology policy: the metadata of every published brief (instruments and their status "
               "history, events, sources, relations, changelogs, topics and jurisdictions) as CSV tables.")
KEYWORDS = ["AI governance", "AI safety", "China", "US–China", "export controls", "policy tracker"]


@dataclass
class TableInfo:
    name: str
    title: str
    description: str
    path: str
    rows: int
    fields: list[dict[str, Any]]
    primary_key: list[str]
    foreign_keys: list[dict[str, Any]]


@dataclass
class Release:
    """What `/data/` offers, for its page and its audit."""

    version: str  # the build date
    zip_name: str
    zip_sha256: str
    zip_bytes: int
    tables: list[TableInfo] = field(default_factory=list)
    citation: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # site-relative path -> content

    @property
    def zip_path(self) -> str:
        return FOLDER + self.zip_name


def zip_name(today: dt.date) -> str:
    return f"{NAME}-{today.isoformat()}.zip"


def citation_text(site_name: str, version: str, url: str) -> str:
    return f"{site_name} editorial team. {site_name}: open data release of {version} [Data set]. {url}"


def _descriptor(cat: Catalog, site_url: str, site_name: str, tables: dict[str, bytes]) -> dict[str, Any]:
    version = cat.today.isoformat()
    resources = []
    for model in TABLES:
        data = tables[model.table]
        resources.append({
            "name": model.table,
            "title": model.title,
            "description": " ".join((model.__doc__ or "").split()),
            "path": f"{model.table}.csv",
            "profile": "tabular-data-resource",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True,
                        "lineTerminator": "\r\n"},
            "schema": table_schema(model),
        })
    contributors = [{"title": author.name, "role": "author", **({"path": author.url} if author.url else {})}
                    for _id, author in sorted(cat.authors.items())]
    contributors.append({"title": f"{site_name} editorial team", "role": "publisher"})
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": f"{site_name}: open data",
        "description": DESCRIPTION + " Text cells that begin with =, +, -, @, a tab or a carriage return carry a "
        "leading apostrophe, so that no spreadsheet runs them as formulas.",
        "version": version,
        "created": f"{version}T00:00:00Z",
        "homepage": site_url + FOLDER,
        "keywords": KEYWORDS,
        "licenses": [LICENSE],
        "contributors": contributors,
        "sources": [{"title": site_name, "path": site_url}],
        "resources": resources,
    }


def citation_cff(cat: Catalog, site_url: str, site_name: str, repo_url: str | None) -> bytes:
    """`CITATION.cff` (Citation File Format 1.2.0) for the data release, with the publication as a reference."""
    version = cat.today.isoformat()
    authors = [{"name": f"{site_name} editorial team"}]
    authors += [{"name": a.name} for a_id, a in sorted(cat.authors.items()) if a_id != "editorial-team"]
    publication: dict[str, Any] = {"type": "website", "title": site_name, "authors": [dict(authors[0])],
                                   "url": site_url}
    data: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": "If you use these data, please cite them as below; to cite one brief, use the "
                   "'Cite this' block on its page.",
        "type": "dataset",
        "title": f"{site_name}: open data",
        "abstract": DESCRIPTION,
        "authors": authors,
        "version": version,
        "date-released": version,
        "license": LICENSE["name"],
        "url": site_url + FOLDER,
        "keywords": KEYWORDS,
        "references": [publication],
    }
    if repo_url:
        data["repository-code"] = repo_url
        publication["repository-code"] = repo_url
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return text.encode("utf-8")


def readme(cat: Catalog, site_url: str, site_name: str, counts: dict[str, int], name: str) -> bytes:
    lines = [
        f"{site_name}: open data release of {cat.today.isoformat()}", "",
        DESCRIPTION, "",
        f"Source: {site_url}", f"Documentation: {site_url}{FOLDER}",
        "Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Titles of sources and quotations",
        "remain subject to their own terms.", "",
        "How to cite: " + citation_text(site_name, cat.today.isoformat(), site_url + FOLDER), "",
        "Files (datapackage.json describes every column, key and foreign key):",
    ]
    lines += [f"  {model.table}.csv  {counts[model.table]} rows: {' '.join((model.__doc__ or '').split())}"
              for model in TABLES]
    lines += ["  datapackage.json  the Frictionless Data Package", "  CITATION.cff  Citation File Format 1.2.0", "",
              f"The archive {name} holds these files; its SHA-256 is published beside it.", ""]
    return "\n".join(lines).encode("utf-8")


def deterministic_zip(members: dict[str, bytes], day: dt.date) -> bytes:
    """A zip of ``members`` whose bytes depend only on them and ``day``: sorted entries, each dated
    ``day`` at midnight, with fixed permissions and no extra fields."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the permissions below are read
            info.external_attr = 0o100644 << 16
            archive.writestr(info, members[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def release(cat: Catalog, site_url: str, site_name: str, repo_url: str | None = None) -> Release:
    """Every file of `/data/` (site-relative paths) and what the page says about them."""
    found = rows(cat, site_url)
    tables = {model.table: csv_bytes(columns(model), found[model.table]) for model in TABLES}
    counts = {name: len(items) for name, items in found.items()}
    descriptor = _descriptor(cat, site_url, site_name, tables)
    name = zip_name(cat.today)
    members = {f"{table}.csv": data for table, data in tables.items()}
    members["datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    members["CITATION.cff"] = citation_cff(cat, site_url, site_name, repo_url)
    members["README.txt"] = readme(cat, site_url, site_name, counts, name)
    archive = deterministic_zip(members, cat.today)
    digest = hashlib.sha256(archive).hexdigest()
    files = {FOLDER + rel: data for rel, data in members.items()}
    files[FOLDER + name] = archive
    files[FOLDER + name + ".sha256"] = f"{digest}  {name}\n".encode()
    infos = [TableInfo(model.table, model.title, " ".join((model.__doc__ or "").split()), f"{model.table}.csv",
                       counts[model.table], table_schema(model)["fields"], list(model.primary_key),
                       table_schema(model).get("foreignKeys", [])) for model in TABLES]
    return Release(cat.today.isoformat(), name, digest, len(archive), infos,
                   citation_text(site_name, cat.today.isoformat(), site_url + FOLDER), files)
