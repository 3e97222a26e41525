"""Reading brief files: encoding, line endings, and the front-matter split."""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 256 * 1024
SLUG_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # always used with fullmatch: `$` would allow a final "\n"
SLUG_MIN, SLUG_MAX = 3, 80
# Slugs and ids that would collide with the site's own pages: `briefs/index.md` is the listing,
# `briefs/page/2/` its second page.
RESERVED_SLUGS = frozenset({"index", "page"})


def is_slug(value: str) -> bool:
    return SLUG_MIN <= len(value) <= SLUG_MAX and bool(SLUG_RE.fullmatch(value))


def resolved(path: Path) -> Path:
    """``path`` resolved where it can be; its absolute form when it is part of a link loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


@functools.lru_cache(maxsize=256)
def _resolved_dir(folder: str) -> Path:
    return Path(folder).resolve(strict=True)


def forget_folders() -> None:
    """Resolve folders afresh: ``rules.files.load`` calls this once per load (within one load, the
    folder of every brief is resolved once, not once per file)."""
    _resolved_dir.cache_clear()


def confined(path: Path, root: Path | None) -> Path:
    """The file that ``path`` names, refusing links that loop, dangle or leave ``root``."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
        else:  # not a link itself: its folder, resolved, and its name (what resolve() gives, faster)
            target = _resolved_dir(os.path.abspath(path.parent)) / path.name
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        raise ReadError("FILE-READ", "cannot read file: it is a symbolic link that loops") from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise ReadError("FILE-READ", "cannot read file: it is a symbolic link that loops") from None
        raise ReadError("FILE-READ", f"cannot read file: {exc.strerror or exc}") from None
    if root is not None:
        base = _resolved_dir(os.path.abspath(root))
        if target != base and base not in target.parents:
            raise ReadError("FILE-READ", "cannot read file: it is a link to a file outside the repository")
    return target


class ReadError(Exception):
    def __init__(self, rule: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.rule, self.message, self.line, self.column = rule, message, line, column


def read_text(path: Path, root: Path | None = None) -> str:
    """Read a UTF-8 file, dropping a byte-order mark and normalising CRLF/CR to LF.

    Only regular files are read, and with ``root`` only files inside it: a committed symlink to
    /dev/zero, a FIFO, /proc/kmsg (a "regular file" of size 0 whose read blocks forever) or a
    link loop is a problem to report, never a hang. The file is opened without following a
    final link and without blocking, and checked again once open.
    """
    target = confined(path, root)
    try:
        info = target.stat()
        if not stat.S_ISREG(info.st_mode):  # e.g. a committed symlink to /dev/zero: never read it
            raise ReadError("FILE-READ", "cannot read file: not a regular file")
        size = info.st_size
        if size > MAX_BYTES:
            raise ReadError("FILE-SIZE", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        descriptor = os.open(target, flags | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:  # bounded, in case the file grows while it is read
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ReadError("FILE-READ", "cannot read file: not a regular file")
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ReadError("FILE-SIZE", f"file is over {MAX_BYTES:,} bytes, the limit")
    except OSError as exc:
        raise ReadError("FILE-READ", f"cannot read file: {exc.strerror or exc}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError(
            "FILE-ENCODING", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, column
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        index = text.index("\x00")
        line, column = text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
        raise ReadError("FILE-ENCODING", "file contains a NUL character; is it a text file?", line, column)
    return text


@dataclass
class Split:
    front: str  # the YAML between the fences
    body: str
    body_line: int  # 1-based line in the file where the body starts


def split_front_matter(text: str) -> Split:
    """Split ``---\\n<yaml>\\n---\\n<body>``. The front matter starts on line 2 of the file."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise ReadError("FM-MISSING", "the file does not start with a front-matter line '---'")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return Split("\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2)
    raise ReadError("FM-MISSING", "the front matter opened on line 1 is never closed with a line '---'")
