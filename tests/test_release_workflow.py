"""The tagged release (`.github/workflows/release.yml`, linted with every workflow by
tests/test_workflows.py) and `.zenodo.json`: a tag `v*` builds the site as the deploy does and
attaches the open-data archive and its checksum to the release, with write access only in the
job that uploads."""

from __future__ import annotations

import json

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
    assert "site/data/ai-governance-briefs-*.zip" in upload["with"]["path"]
    script = run_text(workflow)
    assert "sha256sum -c" in script
    assert "gh release upload" in script and "--clobber" in script


def test_zenodo_metadata():
    data = json.loads((REPO / ".zenodo.json").read_text("utf-8"))
    assert data["upload_type"] == "dataset"
    assert data["license"] == "cc-by-4.0"
    assert data["creators"] and all(c["name"] for c in data["creators"])
