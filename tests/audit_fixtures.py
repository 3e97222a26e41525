"""What the audit's tests share (tests/test_site_audit.py, tests/test_site_state_audit.py): the
fixture site, the catalog and output the plugin audits it against, a fresh copy of the site for each
test to tamper with, and the audit itself.

A test module uses the fixtures by binding them to its own names (pytest finds fixtures among a
module's names; importing them as names a test then takes as arguments would read, to a linter, as
an unused import redefined)::

    import audit_fixtures
    from audit_fixtures import audit

    built, compiled, site = audit_fixtures.built, audit_fixtures.compiled, audit_fixtures.site

``built`` and ``compiled`` are module-scoped: each module compiles once (the build itself is once
per session, site_helpers.fixture_site)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.site.audit import audit_site
from briefing.site.build import BuildResult, compile_corpus
from site_helpers import REPO, SITE_URL, TODAY, Site, fixture_site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return fixture_site(tmp_path_factory)


@pytest.fixture(scope="module")
def compiled(built: Site) -> BuildResult:
    """The catalog and output the plugin audits against, compiled in-process from the same corpus."""
    result = compile_corpus(built.project, SITE_URL, REPO / "docs" / "templates", today=TODAY)
    assert result.catalog is not None and result.output is not None
    return result


@pytest.fixture
def site(built: Site, tmp_path: Path) -> Path:
    """A fresh copy of the built site to tamper with."""
    copy = tmp_path / "site"
    shutil.copytree(built.root, copy)
    return copy


def audit(site: Path, compiled: BuildResult) -> list[str]:
    """The audit's failures for the site at ``site``, as the plugin runs it (Pagefind's index)."""
    assert compiled.catalog is not None and compiled.output is not None
    return audit_site(site, compiled.catalog, compiled.output, search="pagefind")
