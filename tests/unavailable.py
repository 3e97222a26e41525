"""No silent skips: a test that cannot run fails under CI (CI=true) and skips elsewhere,
always saying what to install."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NoReturn

import pytest


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(message: str, environ: Mapping[str, str] = os.environ) -> NoReturn:
    if in_ci(environ):
        pytest.fail(f"{message} (CI=true: refusing to skip)", pytrace=False)
    pytest.skip(message)
