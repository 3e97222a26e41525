"""The file-level results of loading, cached by content: a brief whose text has not changed is not
parsed or checked again.

A brief's file-level result (its YAML, model, body links and file-level problems) is a pure
function of its repository path and its text, so the key is ``(path, BLAKE2 digest of the text)``;
the text is always read again (through ``sourcefile.read_text``, so a symlink out of the
repository is refused whatever the cache holds). Cross-file rules are never cached: they run
over the whole corpus every time, on fresh copies of the cached results.

Two lifetimes:
- in memory, for the life of a process (`mkdocs serve` keeps one for all its rebuilds);
- on disk, for `briefing validate`: one pickle per repository in the user's cache folder
  (``$XDG_CACHE_HOME/briefing`` or ``~/.cache/briefing``), never inside the repository, where a
  pull request could plant one. Its name carries a digest of this package's source and of the
  Python and pydantic versions, so a change to the code (a rule, the model) starts a new cache.
  Entries for files that no longer exist are dropped when it is written; ``--no-cache`` or
  ``BRIEFING_CACHE=off`` turns it off.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .corpus import BriefFile

_PACKAGE = Path(__file__).resolve().parent.parent  # the whole package, not only load/
_FORMAT = 1


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """What the cached results depend on besides the files: this package's code and the libraries
    that parse and validate (a new version may report differently)."""
    import pydantic
    import yaml

    h = hashlib.blake2b(digest_size=12)
    h.update(f"{_FORMAT}|{sys.version}|{pydantic.VERSION}|{yaml.__version__}".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@dataclass
class FileCache:
    """Cached file-level results of briefs, by (repository path, text digest)."""

    entries: dict[tuple[str, str], BriefFile] = field(default_factory=dict)
    seen: set[tuple[str, str]] = field(default_factory=set)
    hits: int = 0
    misses: int = 0
    changed: bool = False  # an entry was added or dropped since the cache was read

    def get(self, rel: str, text_digest: str) -> BriefFile | None:
        """A fresh copy of the cached result (the cross-file rules add problems to it)."""
        key = (rel, text_digest)
        self.seen.add(key)
        cached = self.entries.get(key)
        if cached is None:
            self.misses += 1
            return None
        self.hits += 1
        clone = copy.copy(cached)
        clone.problems = list(cached.problems)
        return clone

    def put(self, rel: str, text_digest: str, brief: BriefFile) -> None:
        stored = copy.copy(brief)
        stored.problems = list(brief.problems)  # file-level problems only: stored before crossref runs
        stored.parsed = copy.copy(brief.parsed)
        stored.parsed.forget_positions()  # composed again when needed; a deep one would not pickle
        self.entries[(rel, text_digest)] = stored
        self.changed = True

    def prune(self) -> None:
        """Forget results for texts the last load did not see (an edited or deleted brief)."""
        kept = {key: value for key, value in self.entries.items() if key in self.seen}
        self.changed = self.changed or len(kept) != len(self.entries)
        self.entries, self.seen = kept, set()


def enabled() -> bool:
    return os.environ.get("BRIEFING_CACHE", "").strip().lower() not in {"0", "off", "no", "false"}


def cache_file(root: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefing"
    where = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
    return base / where / f"files-{code_digest()}.pickle"


def load_cache(root: Path) -> FileCache:
    """The cache on disk for this repository and this code, or an empty one (also when the file
    is unreadable or from another version: a cache is never a reason to fail)."""
    path = cache_file(root)
    try:
        with path.open("rb") as handle:
            entries: Any = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return FileCache()
    return FileCache(entries) if isinstance(entries, dict) else FileCache()


def save_cache(root: Path, cache: FileCache) -> None:
    """Write the cache atomically (``validate`` has pruned it to what it saw); a failure to write
    is ignored."""
    path = cache_file(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("files-*.pickle"):  # caches of older code
            if old != path:
                old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".files-")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(cache.entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except (pickle.PicklingError, RecursionError, TypeError):  # a result that does not pickle
            os.unlink(tmp)
    except OSError:
        pass
