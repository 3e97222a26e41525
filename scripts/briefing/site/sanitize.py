"""The second guard on a brief's body (the validator is the first): its rendered HTML through an
allow-list sanitiser (nh3, i.e. Rust's ammonia), so that whatever the validator missed cannot run
script, load from another origin, take the theme's ids or classes, or replace the page's title.

What it keeps and why:
- ids only in the safe alphabet and never the theme's or the templates' own (`__config` would
  let a body replace Material's configuration: DOM clobbering), except a citation marker's
  `cite-<n>-<k>` on its `<sup>`;
- images only from this site (a remote `src` is a request to another origin: a tracking pixel);
- classes only from the allow-list (classes.py): the theme's own (`md-dialog`, `md-consent__*`)
  would put a full-screen overlay over the page, and `mermaid` would load a library from a CDN;
- harmless presentation that Markdown and inline SVG need: `viewBox`, `<details open>`, a table
  cell's `align`;
- level-1 headings become level 2: the page's one `<h1>` is the brief's title.
"""

from __future__ import annotations

import re

import nh3

from .. import classes, ids

_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {
    "section", "aside", "time", "details", "summary", "dl", "dt", "dd", "figure", "figcaption",
    "sup", "sub", "mark", "del", "ins", "input", "label", "svg", "path",
}
_ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-labelledby", "aria-hidden", "tabindex",
          "data-build-date"},
    "a": {"href", "hreflang", "rel"},
    "time": {"datetime"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "input": {"type", "checked", "disabled"},
    "details": {"open"},
    # html5ever gives SVG attributes their SVG spelling (`viewBox`), and ammonia compares names as written
    "svg": {"viewBox", "xmlns", "width", "height"},
    "path": {"d"},
}
# nh3 writes every tag it keeps as `<h1` or `</h1` (text `<` comes out as `&lt;`), so this
# only meets real tags.
_H1_TAG = re.compile(r"<(/?)h1(?=[\s>])")
# A citation marker's id (site/citations.py): reserved, so no contributor's id has this form (BODY-ID),
# and kept only on the marker's own element.
_MARKER_ID = re.compile(r"cite-[1-9][0-9]{0,5}-[1-9][0-9]{0,5}")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":  # the renderer made Markdown's ids safe; an unsafe one is raw HTML: drop it
        if tag == "sup" and _MARKER_ID.fullmatch(value):
            return value
        return value if ids.is_safe(value) else None
    if attribute == "src":
        return value if ids.is_same_site(value) else None
    if attribute == "class":
        kept = " ".join(name for name in value.split() if classes.is_allowed(name))
        return kept or None
    return value


def sanitize_body(html: str) -> str:
    """A brief body's rendered HTML, sanitised (see the module's docstring)."""
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )
    return _H1_TAG.sub(r"<\1h2", clean) if "<h1" in clean or "</h1" in clean else clean


def brief_body(html: str) -> str:
    """A brief body's rendered HTML, sanitised, in the container the audit knows it by
    (briefscan.py): every brief page is the core's HTML around this."""
    return f'<div class="brief-body">\n{sanitize_body(html)}\n</div>'
