"""No silent skips: without Chromium or Playwright the browser tests skip locally, fail in CI."""

from __future__ import annotations

import pytest
from _pytest.outcomes import Failed, Skipped
from browser_support import INSTALL_HINT, Chromium, find_chromium, require_chromium

from unavailable import in_ci

pytestmark = pytest.mark.browser

FOUND = Chromium("/usr/bin/chromium", "/usr/bin/chromium")


def _missing() -> None:
    raise ImportError("No module named 'playwright'")


def _none() -> Chromium | None:
    return None


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes"])
def test_ci_is_recognised(value: str) -> None:
    assert in_ci({"CI": value})


@pytest.mark.parametrize("environ", [{}, {"CI": ""}, {"CI": "false"}, {"CI": "0"}])
def test_not_ci(environ: dict[str, str]) -> None:
    assert not in_ci(environ)


def test_missing_chromium_fails_under_ci() -> None:
    with pytest.raises(Failed, match=INSTALL_HINT):
        require_chromium({"CI": "true"}, find=_none, import_playwright=lambda: None)


def test_missing_chromium_skips_locally_with_the_same_message() -> None:
    with pytest.raises(Skipped, match=INSTALL_HINT):
        require_chromium({}, find=_none, import_playwright=lambda: None)


def test_missing_playwright_fails_under_ci() -> None:
    with pytest.raises(Failed, match="playwright package cannot be imported") as info:
        require_chromium({"CI": "true"}, find=lambda: FOUND, import_playwright=_missing)
    assert INSTALL_HINT in str(info.value)


def test_missing_playwright_skips_locally() -> None:
    with pytest.raises(Skipped, match=INSTALL_HINT):
        require_chromium({}, find=lambda: FOUND, import_playwright=_missing)


def test_found_chromium_is_returned() -> None:
    assert require_chromium({"CI": "true"}, find=lambda: FOUND, import_playwright=lambda: None) is FOUND


def test_search_order(tmp_path) -> None:
    debian = tmp_path / "chromium"
    debian.write_text("#!/bin/sh\n")
    debian.chmod(0o755)
    assert find_chromium(which=lambda _: None, bundled=lambda: None, debian=str(debian)).executable_path == str(debian)
    on_path = find_chromium(which=lambda name: str(debian) if name == "chromium" else None,
                            bundled=lambda: None, debian=str(tmp_path / "absent"))
    assert on_path is not None and on_path.executable_path == str(debian)
    bundled = find_chromium(which=lambda _: None, bundled=lambda: "/opt/ms-playwright/chrome",
                            debian=str(tmp_path / "absent"))
    assert bundled is not None and bundled.executable_path is None  # Playwright launches its own
    assert find_chromium(which=lambda _: None, bundled=lambda: None, debian=str(tmp_path / "absent")) is None


def test_a_broken_playwright_driver_counts_as_no_browser(tmp_path) -> None:
    def broken() -> str | None:
        raise RuntimeError("driver missing")

    assert find_chromium(which=lambda _: None, bundled=broken, debian=str(tmp_path / "absent")) is None
