"""The tagged release (`.github/workflows/release.yml`, linted with every workflow by
tests/test_workflows.py) and `.zenodo.json`: a tag `v*` builds the site as the deploy does and
attaches the open-data archive and its checksum to the release, with write access only in the
job that uploads. The two steps that take the archive from the built site and attach it are run
here as release.yml writes them (below)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from briefing.site import datapackage
from briefing.site.releaseasset import checksum_line
from site_helpers import TODAY, Site, fixture_site
from test_workflows import REPO, WORKFLOWS, load, run_text, triggers, uses


def test_release_runs_on_version_tags_only():
    workflow = load(WORKFLOWS / "release.yml")
    assert triggers(workflow) == {"push": {"tags": ["v*"]}}


def test_release_least_privilege():
    workflow = load(WORKFLOWS / "release.yml")
    assert workflow["permissions"] == {}
    build, release = workflow["jobs"]["build"], workflow["jobs"]["release"]
    assert set(build["permissions"].values()) == {"read"}
    assert release["permissions"] == {"actions": "read", "contents": "write"}
    assert release["needs"] == "build"
    assert "steps" not in release or not uses({"jobs": {"r": release}}, "actions/checkout")


def test_release_builds_like_the_deploy_and_attaches_the_checked_archive():
    workflow = load(WORKFLOWS / "release.yml")
    deploy = load(WORKFLOWS / "deploy.yml")
    build_step = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("run") == "make site")
    deploy_step = next(s for s in deploy["jobs"]["build"]["steps"] if s.get("run") == "make site")
    assert build_step["env"] == deploy_step["env"]  # same site URL: the same bytes as the site's archive
    for step in uses(workflow, "actions/setup-python"):
        assert "cache" not in step.get("with", {})
    (upload,) = uses(workflow, "actions/upload-artifact")
    steps = workflow["jobs"]["build"]["steps"]
    take = next(s for s in steps if "briefing.site.releaseasset" in s.get("run", ""))
    # after the strict build, before the upload of what it took (dist/ and nothing else)
    assert steps.index(build_step) < steps.index(take) < steps.index(upload)
    assert take["run"].strip() == ".venv/bin/python -m briefing.site.releaseasset site dist"
    assert "env" not in take
    assert upload["with"]["path"] == "dist/" and upload["with"]["if-no-files-found"] == "error"
    script = run_text(workflow)
    assert "sha256sum --strict -c" in script
    assert "gh release upload" in script and "--clobber" in script


def test_zenodo_metadata():
    data = json.loads((REPO / ".zenodo.json").read_text("utf-8"))
    assert data["upload_type"] == "dataset"
    assert data["license"] == "cc-by-4.0"
    assert data["creators"] and all(c["name"] for c in data["creators"])


# --------------------------------------------- the release's steps, run here against a built site
#
# The build job's step that takes the archive from the built site is a repository script
# (scripts/briefing/site/releaseasset.py); the release job's step is a shell script that calls gh.
# Both are read from release.yml and run as written: the first against the fixture site, the second
# with a stand-in for gh that serves the first's output as the downloaded artifact and records what
# would be attached to the release. Only GitHub's side (the artifact store, the release) is not run.

ARCHIVE = f"ai-governance-briefs-{TODAY.isoformat()}.zip"

FAKE_GH = '''#!{python}
"""A stand-in for the gh command: records its arguments; `run download` copies $FAKE_ARTIFACT into
--dir; `release view` succeeds when $FAKE_RELEASE_EXISTS is 1; `release upload` records each file."""
import hashlib, json, os, shutil, sys
from pathlib import Path

args = sys.argv[1:]
record = {{"args": args}}
if args[:2] == ["run", "download"]:
    shutil.copytree(os.environ["FAKE_ARTIFACT"], args[args.index("--dir") + 1], dirs_exist_ok=True)
elif args[:2] == ["release", "upload"]:
    record["files"] = {{a: hashlib.sha256(Path(a).read_bytes()).hexdigest() for a in args if Path(a).is_file()}}
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(record) + "\\n")
if args[:2] == ["release", "view"] and os.environ.get("FAKE_RELEASE_EXISTS") != "1":
    sys.exit(1)
'''


def release_steps() -> dict[str, dict[str, Any]]:
    workflow = load(WORKFLOWS / "release.yml")
    return {
        "take": next(s for s in workflow["jobs"]["build"]["steps"] if "briefing.site.releaseasset" in s.get("run", "")),
        "attach": next(s for s in workflow["jobs"]["release"]["steps"] if "gh release upload" in s.get("run", "")),
    }


def checkout(tmp_path: Path, built: Site) -> Path:
    """A stand-in for the build job's working folder after `make site`: the built site's /data/ and
    a .venv whose python is this one."""
    work = tmp_path / "work"
    shutil.copytree(built.path("data/").parent, work / "site" / "data")
    if sys.prefix != sys.base_prefix:  # a virtual environment: the same one
        (work / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    else:
        (work / ".venv" / "bin").mkdir(parents=True)
        (work / ".venv" / "bin" / "python").symlink_to(sys.executable)
    return work


def take(work: Path) -> subprocess.CompletedProcess[str]:
    """The build job's step, as release.yml writes it, in ``work``."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "scripts"))
    return subprocess.run(["bash", "-e", "-c", release_steps()["take"]["run"]], cwd=work, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def attach(tmp_path: Path, artifact: Path, exists: bool = False) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    """The release job's step, as release.yml writes it, with the stand-in gh; what gh was asked."""
    step = release_steps()["attach"]
    bin_dir, runner = tmp_path / "bin", tmp_path / "runner"
    bin_dir.mkdir(exist_ok=True)
    runner.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable), "utf-8")
    gh.chmod(0o755)
    log = tmp_path / "gh.log"
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", GH_LOG=str(log),
               FAKE_ARTIFACT=str(artifact), FAKE_RELEASE_EXISTS="1" if exists else "0",
               GITHUB_RUN_ID="4242", GITHUB_REPOSITORY="owner/briefs", GH_TOKEN="not-a-token", TAG="v1.2.3")
    assert set(step["env"]) == {"GH_TOKEN", "TAG"}
    result = subprocess.run(["bash", "-c", step["run"]], cwd=runner, env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    calls = [json.loads(line) for line in log.read_text("utf-8").splitlines()] if log.is_file() else []
    return result, calls


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return fixture_site(tmp_path_factory)


@pytest.mark.slow
def test_the_build_step_takes_the_sites_archive_and_its_checksum(built, tmp_path):
    work = checkout(tmp_path, built)
    result = take(work)
    assert result.returncode == 0, result.stderr
    dist = work / "dist"
    assert sorted(p.name for p in dist.iterdir()) == [ARCHIVE, f"{ARCHIVE}.sha256"]
    data = (dist / ARCHIVE).read_bytes()
    assert data == built.path(f"data/{ARCHIVE}").read_bytes()  # the very file of /data/
    assert (dist / f"{ARCHIVE}.sha256").read_bytes() == built.path(f"data/{ARCHIVE}.sha256").read_bytes()
    assert (dist / f"{ARCHIVE}.sha256").read_text("utf-8") == f"{hashlib.sha256(data).hexdigest()}  {ARCHIVE}\n"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert {"datapackage.json", "CITATION.cff", "README.txt", "briefs.csv"} <= set(names)
        for name in names:  # the same files as /data/ publishes
            assert archive.read(name) == built.path(f"data/{name}").read_bytes(), name
    check = subprocess.run(["sha256sum", "--strict", "-c", f"{ARCHIVE}.sha256"], cwd=dist, capture_output=True,
                           text=True, check=False)
    assert check.returncode == 0 and f"{ARCHIVE}: OK" in check.stdout


def _rezip(path: Path, change) -> None:
    """Write the zip at ``path`` again with ``change`` applied to its members (name -> bytes)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    path.write_bytes(datapackage.deterministic_zip(members, TODAY))


def _resum(folder: Path) -> None:
    """A checksum that agrees with the changed zip: only the member checks can catch it."""
    (folder / f"{ARCHIVE}.sha256").write_text(checksum_line(ARCHIVE, (folder / ARCHIVE).read_bytes()), "utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(("case", "problem"), [
    ("checksum", f"/data/{ARCHIVE}.sha256 is not the SHA-256 of /data/{ARCHIVE} as sha256sum writes it"),
    ("checksum-missing", f"/data/{ARCHIVE}.sha256 is missing"),
    ("member-changed", f"/data/{ARCHIVE}: briefs.csv differs from /data/briefs.csv"),
    ("member-missing", f"/data/{ARCHIVE} lacks CITATION.cff"),
    ("member-extra", f"/data/{ARCHIVE} holds extra.csv, which /data/ does not publish"),
    ("second-archive", f"/data/ should hold one archive, {ARCHIVE} (datapackage.json's version), and holds "
                       f"ai-governance-briefs-2020-01-01.zip, {ARCHIVE}"),
    ("not-a-zip", f"/data/{ARCHIVE} is not a readable zip: File is not a zip file"),
    ("dist-not-empty", "dist is not an empty folder: the release would attach whatever else it holds"),
])
def test_the_build_step_refuses_an_archive_that_is_not_the_sites(built, tmp_path, case, problem):
    work = checkout(tmp_path, built)
    folder = work / "site" / "data"
    if case == "checksum":
        (folder / f"{ARCHIVE}.sha256").write_text("0" * 64 + f"  {ARCHIVE}\n", "utf-8")
    elif case == "checksum-missing":
        (folder / f"{ARCHIVE}.sha256").unlink()
    elif case == "member-changed":
        _rezip(folder / ARCHIVE, lambda m: m.update({"briefs.csv": m["briefs.csv"] + b"x,y\r\n"}))
    elif case == "member-missing":
        _rezip(folder / ARCHIVE, lambda m: m.pop("CITATION.cff"))
    elif case == "member-extra":
        _rezip(folder / ARCHIVE, lambda m: m.update({"extra.csv": b"a\r\n"}))
    elif case == "second-archive":
        shutil.copy2(folder / ARCHIVE, folder / "ai-governance-briefs-2020-01-01.zip")
    elif case == "not-a-zip":
        (folder / ARCHIVE).write_bytes(b"not a zip")
    else:
        (work / "dist").mkdir()
        (work / "dist" / "notes.txt").write_text("x", "utf-8")
    if case.startswith("member") or case == "not-a-zip":
        _resum(folder)
    result = take(work)
    assert result.returncode == 1
    assert f"error: {problem}" in result.stderr.splitlines()
    assert case == "dist-not-empty" or not (work / "dist").exists()  # nothing taken


@pytest.mark.slow
def test_the_release_step_attaches_the_checked_archive_and_its_checksum(built, tmp_path):
    work = checkout(tmp_path, built)
    assert take(work).returncode == 0
    result, calls = attach(tmp_path, work / "dist")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{ARCHIVE}: OK" in result.stdout  # sha256sum -c
    assert [call["args"][:2] for call in calls] == [["run", "download"], ["release", "view"], ["release", "create"],
                                                     ["release", "upload"]]
    download, _view, create, upload = (call["args"] for call in calls)
    assert download == ["run", "download", "4242", "--repo", "owner/briefs", "--name", "open-data-release",
                        "--dir", "dist"]
    assert create[:7] == ["release", "create", "v1.2.3", "--repo", "owner/briefs", "--verify-tag", "--title"]
    assert upload == ["release", "upload", "v1.2.3", "--repo", "owner/briefs", "--clobber", ARCHIVE,
                      f"{ARCHIVE}.sha256"]
    published = {name: hashlib.sha256(built.path(f"data/{name}").read_bytes()).hexdigest()
                 for name in (ARCHIVE, f"{ARCHIVE}.sha256")}
    assert calls[-1]["files"] == published  # the bytes of /data/'s files are what is attached


@pytest.mark.slow
def test_the_release_step_adds_to_an_existing_release(built, tmp_path):
    work = checkout(tmp_path, built)
    assert take(work).returncode == 0
    result, calls = attach(tmp_path, work / "dist", exists=True)
    assert result.returncode == 0, result.stderr
    assert [call["args"][:2] for call in calls] == [["run", "download"], ["release", "view"], ["release", "upload"]]


@pytest.mark.slow
@pytest.mark.parametrize("case", ["changed-archive", "two-archives", "no-archive"])
def test_the_release_step_attaches_nothing_unless_the_artifact_checks_out(built, tmp_path, case):
    work = checkout(tmp_path, built)
    assert take(work).returncode == 0
    dist = work / "dist"
    if case == "changed-archive":
        (dist / ARCHIVE).write_bytes((dist / ARCHIVE).read_bytes() + b"\0")
    elif case == "two-archives":
        shutil.copy2(dist / ARCHIVE, dist / "ai-governance-briefs-2020-01-01.zip")
    else:
        (dist / ARCHIVE).unlink()
        (dist / f"{ARCHIVE}.sha256").unlink()
    result, calls = attach(tmp_path, dist)
    assert result.returncode != 0
    assert [call["args"][:2] for call in calls] == [["run", "download"]]  # no release made, nothing uploaded
