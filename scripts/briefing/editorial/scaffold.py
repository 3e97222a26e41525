"""`briefing new`: write a draft brief, from a template, that validates."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

from ..load.corpus import BRIEFS_DIR
from ..load.sourcefile import SLUG_MAX, is_slug
from ..rules.files import load_data_file
from ..rules.hints import suggest


class ScaffoldError(Exception):
    pass


def _yaml_printable(char: str) -> bool:
    """YAML's printable set: anything else makes the front matter unparseable."""
    code = ord(char)
    return (char in "\t\n\r" or 0x20 <= code <= 0x7E or code == 0x85 or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF)


def slugify(title: str) -> str:
    # Accents fold to their letter (é -> e); any other non-ASCII character, such as the dash in
    # "US–China" or a Chinese character, separates words instead of vanishing.
    # Apostrophes join rather than split: "China's" -> "chinas".
    decomposed = unicodedata.normalize("NFKD", re.sub(r"['’]", "", title))
    ascii_text = "".join(c if c.isascii() else "" if unicodedata.combining(c) else " " for c in decomposed)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0]
    return slug


def render(title: str, topics: list[str], date: dt.date) -> str:
    template = resources.files("briefing.editorial").joinpath("templates/new-brief.md").read_text("utf-8")
    return template.format(
        title=json.dumps(title, ensure_ascii=False),
        date=date.isoformat(),
        topics=", ".join(topics),
    )


def write_new(root: Path, title: str, topics: list[str], slug: str | None = None,
              date: dt.date | None = None) -> Path:
    title = " ".join(title.split())
    bad = next((c for c in title if not _yaml_printable(c)), None)
    if bad is not None:
        raise ScaffoldError(f"the title contains the control character U+{ord(bad):04X}; remove it")
    if not 10 <= len(title) <= 140:
        raise ScaffoldError(f"the title is {len(title)} characters; it must be 10-140")
    slug = slug or slugify(title)
    if not is_slug(slug):
        raise ScaffoldError(f"cannot make a valid slug from '{title}'; pass one with --slug")
    known = load_data_file(root, "topics.yml").ids
    for topic in topics:
        if topic not in known:
            raise ScaffoldError(f"unknown topic '{topic}'{suggest(topic, known)}; see briefs/topics.yml")
    if not 1 <= len(topics) <= 5:
        raise ScaffoldError("give 1 to 5 topics")
    path = root / BRIEFS_DIR / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists; choose another title or --slug")
    path.write_text(render(title, topics, date or dt.date.today()), encoding="utf-8")
    return path
