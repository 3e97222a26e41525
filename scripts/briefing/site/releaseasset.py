"""The tagged release's assets (`.github/workflows/release.yml`): the open-data archive the build
published at `/data/` (`ai-governance-briefs-<date>.zip`, datapackage.py) and its `.sha256`, taken
from the built site and checked again before they leave it.

The checks, each a reason to refuse: `datapackage.json` names the build date; `/data/` holds that
day's archive and no other; the `.sha256` beside it is the line ``sha256sum`` writes for its bytes
(so ``sha256sum -c`` passes where it is downloaded); the zip reads, and holds exactly the files
published at `/data/` (the tables, `datapackage.json`, `CITATION.cff`, `README.txt`), each with the
same bytes. Both files are then copied, unchanged, into an empty folder: that folder is the
workflow's artifact, and the release job attaches what it holds.

Run: ``python -m briefing.site.releaseasset site/ dist/``.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sys
import zipfile
from pathlib import Path

from .datapackage import FOLDER, NAME

# What the archive holds besides the tables datapackage.json names (datapackage.release()).
OTHER_MEMBERS = ("datapackage.json", "CITATION.cff", "README.txt")


class ReleaseAssetError(Exception):
    """The built site's archive cannot be released; ``problems`` says why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def checksum_line(name: str, data: bytes) -> str:
    """The line ``sha256sum`` writes for a file (two spaces: text mode, as the site publishes it)."""
    return f"{hashlib.sha256(data).hexdigest()}  {name}\n"


def archive_problems(site: Path) -> tuple[str, list[str]]:
    """The archive's name (from datapackage.json's version) and what is wrong with it, if anything."""
    folder = site / FOLDER.rstrip("/")
    where = f"/{FOLDER}"
    try:
        package = json.loads((folder / "datapackage.json").read_text("utf-8"))
        version = str(package["version"])
        tables = [str(resource["path"]) for resource in package["resources"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return "", [f"{where}datapackage.json is missing or not a readable data package: {exc}"]
    name = f"{NAME}-{version}.zip"
    found = sorted(path.name for path in folder.glob(f"{NAME}-*.zip"))
    if found != [name]:
        return name, [f"{where} should hold one archive, {name} (datapackage.json's version), "
                      f"and holds {', '.join(found) or 'none'}"]
    data = (folder / name).read_bytes()
    checksum = folder / f"{name}.sha256"
    if not checksum.is_file():
        return name, [f"{where}{name}.sha256 is missing"]
    if checksum.read_bytes() != checksum_line(name, data).encode():
        return name, [f"{where}{name}.sha256 is not the SHA-256 of {where}{name} as sha256sum writes it"]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as opened:
            inside = {info.filename: opened.read(info) for info in opened.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return name, [f"{where}{name} is not a readable zip: {exc}"]
    problems = []
    for member in sorted({*tables, *OTHER_MEMBERS} | set(inside)):
        published = folder / member
        if member not in inside:
            problems.append(f"{where}{name} lacks {member}")
        elif "/" in member or member.startswith(".") or not published.is_file():
            problems.append(f"{where}{name} holds {member}, which {where} does not publish")
        elif published.read_bytes() != inside[member]:
            problems.append(f"{where}{name}: {member} differs from {where}{member}")
    return name, problems


def release_asset(site: Path, dest: Path) -> list[Path]:
    """Copy the built site's checked archive and its checksum into ``dest`` (absent or empty);
    returns the two files. Raises ReleaseAssetError, copying nothing, if a check fails."""
    name, problems = archive_problems(site)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        problems.append(f"{dest} is not an empty folder: the release would attach whatever else it holds")
    if problems:
        raise ReleaseAssetError(problems)
    dest.mkdir(parents=True, exist_ok=True)
    folder = site / FOLDER.rstrip("/")
    out = []
    for file in (name, f"{name}.sha256"):
        shutil.copyfile(folder / file, dest / file)
        out.append(dest / file)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m briefing.site.releaseasset SITE_DIR OUT_DIR", file=sys.stderr)
        return 2
    try:
        files = release_asset(Path(argv[0]), Path(argv[1]))
    except ReleaseAssetError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    archive, checksum = files
    print(f"{archive} ({archive.stat().st_size} bytes) and {checksum}: {checksum.read_text('utf-8').strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
