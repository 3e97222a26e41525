"""The audit of the open-data release (`/data/`) and of the monthly digest (`/digest/`): every
file the package names exists and parses, each table's header, size and hash agree with
`datapackage.json`, the briefs table holds every live brief, the zip's SHA-256 is the one
published beside it, with the same files inside; and each month of the digest's feed has its
page and its plain version."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
import yaml

from .catalog import Catalog

FOLDER = "data"


def data_package_failures(site: Path, cat: Catalog) -> list[str]:
    folder = site / FOLDER
    path = folder / "datapackage.json"
    if not path.is_file():
        return [f"/{FOLDER}/datapackage.json is missing"]
    try:
        package = json.loads(path.read_text("utf-8"))
        resources = package["resources"]
        version = str(package["version"])
    except (ValueError, KeyError, TypeError) as exc:
        return [f"/{FOLDER}/datapackage.json is not a readable data package: {exc}"]
    failures: list[str] = []
    published = {"datapackage.json": path.read_bytes()}
    for resource in resources:
        failures += _table_failures(folder, resource, published, cat)
    failures += _citation_failures(folder, published)
    name = f"ai-governance-briefs-{version}.zip"
    failures += _archive_failures(folder, name, published)
    return failures


def _table_failures(folder: Path, resource: dict, published: dict[str, bytes], cat: Catalog) -> list[str]:
    rel = str(resource.get("path", ""))
    target = folder / rel
    if "/" in rel or not rel.endswith(".csv") or not target.is_file():
        return [f"/{FOLDER}/{rel}: named by datapackage.json but missing"]
    data = target.read_bytes()
    published[rel] = data
    failures = []
    if resource.get("bytes") != len(data) or resource.get("hash") != "sha256:" + hashlib.sha256(data).hexdigest():
        failures.append(f"/{FOLDER}/{rel}: its size or hash differs from datapackage.json")
    try:
        table = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        return [*failures, f"/{FOLDER}/{rel} is not a readable CSV file: {exc}"]
    header = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
    if not table or table[0] != header:
        failures.append(f"/{FOLDER}/{rel}: its header differs from its Table Schema")
    elif any(len(row) != len(header) for row in table[1:]):
        failures.append(f"/{FOLDER}/{rel}: a row has more or fewer cells than the header")
    if resource.get("name") == "briefs" and table:
        slugs = {row[0] for row in table[1:] if row}
        missing = sorted({e.slug for e in cat.live} - slugs)
        extra = sorted(slugs - {e.slug for e in cat.live})
        failures += [f"{slug}: missing from /{FOLDER}/{rel}" for slug in missing]
        failures += [f"/{FOLDER}/{rel} holds {slug}, which is not a live brief" for slug in extra]
    return failures


def _citation_failures(folder: Path, published: dict[str, bytes]) -> list[str]:
    path = folder / "CITATION.cff"
    if not path.is_file():
        return [f"/{FOLDER}/CITATION.cff is missing"]
    published["CITATION.cff"] = path.read_bytes()
    try:
        data = yaml.safe_load(published["CITATION.cff"])
    except yaml.YAMLError as exc:
        return [f"/{FOLDER}/CITATION.cff is not valid YAML: {exc}"]
    if not isinstance(data, dict) or data.get("cff-version") != "1.2.0" or not data.get("authors"):
        return [f"/{FOLDER}/CITATION.cff is not a CFF 1.2.0 file with authors"]
    return []


def _archive_failures(folder: Path, name: str, published: dict[str, bytes]) -> list[str]:
    archive, checksum = folder / name, folder / f"{name}.sha256"
    if not archive.is_file() or not checksum.is_file():
        return [f"/{FOLDER}/{name} or its .sha256 is missing"]
    data = archive.read_bytes()
    expected = f"{hashlib.sha256(data).hexdigest()}  {name}"
    if checksum.read_text("utf-8").strip() != expected:
        return [f"/{FOLDER}/{name}: its SHA-256 differs from /{FOLDER}/{name}.sha256"]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as opened:
            inside = {info.filename: opened.read(info) for info in opened.infolist()}
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"/{FOLDER}/{name} is not a readable zip: {exc}"]
    failures = []
    for rel, content in sorted(published.items()):
        if inside.get(rel) != content:
            failures.append(f"/{FOLDER}/{name}: {rel} is missing or differs from /{FOLDER}/{rel}")
    return failures


def digest_failures(site: Path, site_url: str | None) -> list[str]:
    """`/digest/feed.xml` is well-formed Atom, and each of its months has its page and its plain version."""
    path = site / "digest" / "feed.xml"
    if not path.is_file():
        return ["/digest/feed.xml is missing"]
    try:
        tree = lxml.etree.fromstring(path.read_bytes())
    except lxml.etree.XMLSyntaxError as exc:
        return [f"/digest/feed.xml is not well-formed XML: {exc}"]
    base = urlsplit(site_url or "/").path or "/"
    failures = []
    for node in tree.iterfind("{*}entry/{*}id"):
        rel = urlsplit((node.text or "").strip()).path
        rel = rel[len(base):] if rel.startswith(base) else rel.lstrip("/")
        for name in ("index.html", "email.html"):
            if not rel.startswith("digest/") or not (site / rel / name).is_file():
                failures.append(f"/digest/feed.xml: {rel}{name} is missing")
    return failures
