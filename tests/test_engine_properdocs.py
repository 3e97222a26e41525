"""Engine continuity: the site builds with ProperDocs (PyPI `properdocs`, a maintained MkDocs 1.x
continuation) exactly as with MkDocs, with the briefing plugin and Material unchanged.

Both engines build the same fixture project here; the ProperDocs build must pass --strict with
the plugin's audit and Pagefind run, give the same set of files, and the same pages. The one
difference allowed is the generator meta tag: Material writes `mkdocs-{{ mkdocs_version }}` and
ProperDocs sets mkdocs_version to "ProperDocs 1.6.7" (properdocs/commands/build.py). Material's
asset names (hashes) come from the Material package, the same for both, so they must match.

properdocs is pinned in requirements.lock and installed by `make install`. Under CI (CI=true) a
missing properdocs FAILS the test with the install command; elsewhere the test is skipped with it.
See docs/contribute/engine.md.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_helpers import LIVE, Site, build_env, make_project, run_build
from unavailable import unavailable

pytestmark = pytest.mark.slow

PROPERDOCS = Path(sys.executable).with_name("properdocs")
INSTALL = ("properdocs is not installed: run `make install` (it is pinned in requirements.lock: "
           ".venv/bin/pip install -c requirements.lock properdocs==1.6.7)")
# <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2"> (Material's base.html)
GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')


@dataclass
class Builds:
    mkdocs: Site
    properdocs: Site


def run_properdocs(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """`properdocs build --strict` of `project`, as `run_build` runs MkDocs."""
    return subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project, env=build_env(), capture_output=True, text=True, timeout=300, check=False,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    if not PROPERDOCS.is_file():
        unavailable(INSTALL)
    base = tmp_path_factory.mktemp("engines")
    project = make_project(base / "project")
    sites = {}
    for name, run in (("mkdocs", run_build), ("properdocs", run_properdocs)):
        site_dir = base / f"site-{name}"
        done = run(project, site_dir)
        log = done.stdout + done.stderr
        assert done.returncode == 0, f"`{name} build --strict` failed ({done.returncode}):\n{log}"
        sites[name] = Site(project, site_dir, log)
    return Builds(**sites)


# Pagefind names its filter chunks and its metadata file by a hash of their bytes, and writes the
# filters (the search page's, issue 11) in hash-map order: two builds of the same site by the same
# engine differ in those names too. They are compared by number; every other file by name.
_PAGEFIND_HASHED = re.compile(r"^(pagefind/filter/en_|pagefind/pagefind\.en_)[0-9a-f]+(\.pf_filter|\.pf_meta)$")


def rel_files(site: Site) -> list[str]:
    names = (p.relative_to(site.root).as_posix() for p in site.root.rglob("*") if p.is_file())
    return sorted(_PAGEFIND_HASHED.sub(r"\1<hash>\2", name) for name in names)


def without_generator(html: str) -> str:
    return GENERATOR.sub('<meta name="generator" content="">', html)


def test_properdocs_runs_the_briefing_plugin(builds: Builds) -> None:
    site = builds.properdocs
    assert "briefing: validated and compiled" in site.log, site.log
    assert "audit passed" in site.log, site.log
    assert (site.root / "pagefind" / "pagefind-entry.json").is_file(), site.log
    # It really was ProperDocs that rendered the pages (its mkdocs.* import alias, not MkDocs).
    assert GENERATOR.findall(site.text("index.html")) == ["mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2"]
    assert GENERATOR.findall(builds.mkdocs.text("index.html")) == ["mkdocs-1.6.1, mkdocs-material-9.8.2"]


def test_the_same_files_are_generated(builds: Builds) -> None:
    mk, pd = builds.mkdocs, builds.properdocs
    assert [mk.url_of(p) for p in mk.html_files()] == [pd.url_of(p) for p in pd.html_files()]
    # Every other file too: feeds, API, redirects, Material's hashed assets, Pagefind's index.
    assert rel_files(mk) == rel_files(pd)


@pytest.mark.parametrize("slug", LIVE)
def test_a_brief_article_has_the_same_text(builds: Builds, slug: str) -> None:
    url = f"briefs/{slug}/"
    expected = builds.mkdocs.article(url).get_text(" ", strip=True)
    assert expected, f"{url}: empty article in the MkDocs build"
    assert builds.properdocs.article(url).get_text(" ", strip=True) == expected


def test_every_page_is_the_same_but_for_the_generator_tag(builds: Builds) -> None:
    different = [
        builds.mkdocs.url_of(path)
        for path in builds.mkdocs.html_files()
        if without_generator(path.read_text("utf-8"))
        != without_generator(builds.properdocs.path(builds.mkdocs.url_of(path)).read_text("utf-8"))
    ]
    assert not different, f"pages that differ beyond the generator meta tag: {different}"
