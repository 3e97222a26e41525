"""The digests every cache key is made of. ``digest``: BLAKE2b (160 bits) of text parts, each ended by a NUL byte, so
that ("ab", "c") and ("a", "bc") differ. Lone surrogates (which no valid brief holds, but a
broken file may) are encoded rather than refused."""

from __future__ import annotations

import hashlib
from pathlib import Path


def digest(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def tree_digest(*paths: Path) -> str:
    """A digest of files and folders: names (relative to each folder given, however the path was
    spelt: ProperDocs passes the same file once relative, once absolute) and contents."""
    h = hashlib.blake2b(digest_size=20)
    for given in paths:
        base = given.resolve()
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            name = path.name if path == base else path.relative_to(base).as_posix()
            h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
