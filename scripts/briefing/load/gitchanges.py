"""What changed in git: the files under ``briefs/`` that differ from a base commit.

Used by ``briefing validate --changed`` (and the pre-commit hook) and ``briefing review``.
Everything goes through the ``git`` command line with ``subprocess``; a folder that is not a
git work tree, a missing ``git`` or an unknown base ref raise :class:`GitError`, which the
commands turn into a clear message and exit status 2.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import BRIEFS_DIR

DEFAULT_UPSTREAM = "origin/main"


class GitError(Exception):
    """git could not answer: not a repository, git missing, or an unknown ref."""


def _run(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError:
        raise GitError("git is not installed (Debian: apt-get install git)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} took too long") from None
    if check and result.returncode != 0:
        message = (
            result.stderr.decode("utf-8", "replace").strip() or f"exit status {result.returncode}"
        )
        raise GitError(f"git {' '.join(args)} failed: {message}")
    return result


def _lines(output: bytes) -> list[str]:
    """Split ``-z`` output (NUL-separated, never quoted) into paths."""
    return [p for p in output.decode("utf-8", "surrogateescape").split("\0") if p]


def toplevel(cwd: Path) -> Path:
    """The root of the git work tree containing ``cwd``."""
    if not cwd.is_dir():
        raise GitError(f"{cwd} is not a folder")
    result = _run(cwd, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise GitError(
            f"{cwd} is not inside a git repository, so there is no history to compare with; "
            "run the command in a clone of the project (git clone ...), or validate every "
            "brief with: briefing validate"
        )
    return Path(result.stdout.decode("utf-8", "surrogateescape").strip()).resolve()


def ref_exists(cwd: Path, ref: str) -> bool:
    if not ref or ref.startswith("-"):
        return False
    return (
        _run(cwd, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False).returncode
        == 0
    )


def has_head(cwd: Path) -> bool:
    return ref_exists(cwd, "HEAD")


def default_base(cwd: Path) -> str | None:
    """The merge-base of HEAD with origin/main if there is one, else HEAD (None: no commit yet)."""
    if not has_head(cwd):
        return None
    if ref_exists(cwd, DEFAULT_UPSTREAM):
        result = _run(cwd, "merge-base", "HEAD", DEFAULT_UPSTREAM, check=False)
        if result.returncode == 0 and result.stdout.strip():
            return result.stdout.decode().strip()
    return "HEAD"


def resolve_base(cwd: Path, base: str | None) -> str | None:
    """Check an explicit base ref, or work out the default one."""
    if base is None:
        return default_base(cwd)
    if not ref_exists(cwd, base):
        hint = ""
        if base.startswith("origin/"):
            hint = (
                " (fetch it first, e.g. git fetch origin; in GitHub Actions check out with "
                "fetch-depth: 0)"
            )
        raise GitError(f"unknown git revision '{base}'{hint}")
    return base


@dataclass
class Changes:
    """Paths (relative to the project root, '/' separated) that differ from ``base``."""

    base: str | None  # None: the repository has no commit yet, so everything is new
    changed: list[str] = field(default_factory=list)  # added, modified or untracked; present now
    deleted: list[str] = field(default_factory=list)  # present at base, gone now

    def all(self) -> list[str]:
        return sorted({*self.changed, *self.deleted})


def changes(root: Path, base: str | None = None, *, under: str = BRIEFS_DIR) -> Changes:
    """Files under ``root/<under>`` changed since ``base`` (default: see :func:`default_base`).

    Committed, staged, unstaged and untracked (not ignored) changes all count. Renames are
    reported as a deletion plus an addition.
    """
    root = root.resolve()
    top = toplevel(root)
    resolved = resolve_base(root, base)
    prefix = root.relative_to(top).as_posix() if root != top else ""
    scope = f"{prefix}/{under}" if prefix else under
    if resolved is None:
        tracked = _lines(_run(top, "ls-files", "-z", "--cached", "--", scope).stdout)
        diff: list[tuple[str, str]] = [("A", p) for p in tracked]
    else:
        out = _run(top, "diff", "--name-status", "-z", "--no-renames", resolved, "--", scope).stdout
        parts = _lines(out)
        diff = list(zip(parts[0::2], parts[1::2], strict=False))
    untracked = _lines(
        _run(top, "ls-files", "-z", "--others", "--exclude-standard", "--", scope).stdout
    )

    def rel(path: str) -> str:
        return path[len(prefix) + 1 :] if prefix else path

    found = Changes(resolved)
    changed: set[str] = {rel(p) for p in untracked}
    deleted: set[str] = set()
    for status, path in diff:
        if status.startswith("D"):
            deleted.add(rel(path))
        else:
            changed.add(rel(path))
    # A file deleted in the index but still on disk (or vice versa) counts by what is on disk.
    for path in list(deleted):
        if (root / path).exists():
            deleted.discard(path)
            changed.add(path)
    for path in list(changed):
        if not (root / path).exists():
            changed.discard(path)
            deleted.add(path)
    found.changed, found.deleted = sorted(changed), sorted(deleted)
    return found


def show(root: Path, ref: str, path: str) -> bytes | None:
    """The content of ``path`` (relative to the project root) at ``ref``; None if absent there."""
    root = root.resolve()
    top = toplevel(root)
    prefix = root.relative_to(top).as_posix() if root != top else ""
    spec = f"{ref}:{prefix + '/' if prefix else ''}{path}"
    result = _run(top, "show", spec, check=False)
    if result.returncode != 0:
        if not ref_exists(root, ref):
            raise GitError(f"unknown git revision '{ref}'")
        return None
    return result.stdout


def short_commit(root: Path, ref: str) -> str:
    return _run(root.resolve(), "rev-parse", "--short", f"{ref}^{{commit}}").stdout.decode().strip()


def describe(root: Path, asked: str | None, resolved: str | None) -> str:
    """How to name the base in messages: the ref given, or what the default resolved to."""
    if resolved is None:
        return "the first commit (the repository has none yet)"
    if asked:
        return asked
    if resolved == "HEAD":
        return "HEAD"
    return f"the merge-base with {DEFAULT_UPSTREAM} ({short_commit(root, resolved)})"


def last_commits(root: Path, folder: str = BRIEFS_DIR) -> dict[str, str]:
    """Repository-relative path -> the full hash of the last commit that changed it, for every
    file under ``folder``, from one pass over the history (linear in its length). Empty when
    ``root`` is not in a git work tree, git is missing, or the history is shallow and unknown."""
    try:
        top = toplevel(root)
        result = _run(root, "log", "--format=%x00%H", "--name-only", "-z", "--no-renames", "--", folder,
                      check=False)
    except GitError:
        return {}
    if result.returncode != 0:
        return {}
    prefix = root.resolve().relative_to(top.resolve()).as_posix() if root.resolve() != top.resolve() else ""
    found: dict[str, str] = {}
    commit = ""
    for token in result.stdout.decode("utf-8", "surrogateescape").split("\0"):
        token = token.strip("\n")
        if not token:
            continue
        if len(token) == 40 and all(c in "0123456789abcdef" for c in token):
            commit = token
            continue
        path = token.removeprefix(prefix + "/") if prefix else token
        found.setdefault(path, commit)
    return found
