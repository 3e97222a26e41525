"""Element ids a brief may carry, and the ids and URLs that stay the site's own.

A brief's body can set ids (headings through `attr_list`, raw HTML). An id is *safe* when it
starts with a letter or digit and continues with letters, digits, `-`, `_`, `.` or `:`, so it can
never leave an attribute or a URL fragment; and it is *free* when the theme or the site's own
templates do not use it: Material reads its configuration and components by id (`__config`,
`__search`, every id starting with `__`), and the brief page template has ids of its own.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

SAFE_ID = re.compile(r"[^\W_][\w.:-]{0,127}")
# What a contributor may write in `{#id}` or `{: id="..." }`: plain ASCII, as the style guide says.
CONTRIBUTOR_ID = re.compile(r"[a-z][a-z0-9-]{0,63}")
# The ids of the site's own templates (docs/templates/) and Material's (partials and JavaScript).
SITE_IDS = frozenset({
    "author-briefs", "brief-changelog", "brief-cite", "brief-events", "brief-instrument", "brief-history",
    "brief-key-points", "brief-referenced", "brief-related", "brief-relations", "brief-sources", "brief-version",
    "brief-upcoming", "briefs-search", "home-changes", "home-latest", "home-topics", "home-upcoming",
    "search-filters", "search-list", "search-page", "search-q", "search-results-heading", "search-sort",
    "search-status", "topic-briefs", "topic-events", "topic-upcoming", "timeline-upcoming", "timeline-years",
    # the state of play (contract v3): brief, home, topic, jurisdiction and tracker pages
    "brief-current", "brief-watch", "home-standing", "topic-state", "topic-state-next", "jurisdiction-state",
    "jurisdiction-next", "jurisdiction-briefs", "tracker-controls", "tracker-sort", "tracker-status",
    "tracker-table", "tracker-caption",
})
# changelog entries are anchored as changelog-<date>; the numbered sources as source-<n> and the
# citation markers in the body as cite-<n>-<k> (site/citations.py)
RESERVED_PREFIXES = ("__", "changelog-", "source-", "cite-")


def is_reserved(value: str) -> bool:
    return value in SITE_IDS or value.lower().startswith(RESERVED_PREFIXES)


def is_safe(value: str) -> bool:
    """An id that is in the safe alphabet and not one the theme or the templates use."""
    return bool(SAFE_ID.fullmatch(value)) and not is_reserved(value)


def contributor_id_problem(value: str) -> str | None:
    """Why an id that a contributor wrote may not be used (None when it may)."""
    if is_reserved(value) or value.lstrip("_") != value:
        return f"id '{value}' is reserved for the site's own page elements; choose another"
    if not CONTRIBUTOR_ID.fullmatch(value):
        return (f"id '{_show(value)}' is not allowed: use lowercase letters, digits and hyphens, starting "
                "with a letter, at most 64 characters (e.g. 'export-licences')")
    return None


def _show(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def safe_slug(text: str) -> str:
    """A heading's id from its text: Python-Markdown's default slug, made safe and never reserved."""
    value = unicodedata.normalize("NFKC", text)
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    value = re.sub(r"[-\s]+", "-", value)
    value = value.lstrip("_-.:")[:100]
    if not value:
        return "section"
    if not SAFE_ID.fullmatch(value):
        value = re.sub(r"[^\w.:-]", "", value) or "section"
    return value + "-section" if is_reserved(value) else value


def sanitize_id(value: str) -> str | None:
    """The id as it may appear on the page: unchanged when safe; else a safe slug of it; None when
    nothing safe is left."""
    if is_safe(value):
        return value
    slug = safe_slug(value)
    return slug if is_safe(slug) else None


def is_same_site(url: str) -> bool:
    """A URL that a browser loads from the page's own origin: a relative or root-relative path,
    never a scheme or a network location (`https://x/`, `//x/`, `data:`)."""
    text = url.strip().replace("\\", "/")
    if text.startswith("//"):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc
