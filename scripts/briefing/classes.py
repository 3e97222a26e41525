"""The HTML classes a brief's body may carry: an allow-list.

A class is how the theme styles its own components. Material's classes (`md-dialog`,
`md-consent__overlay`, ...) carry `position: fixed`, full-screen overlays and blur: a body that
could set them could cover the reader's page with its own "session expired" box without any
script. So a body keeps only the classes that the site's Markdown extensions write themselves
(admonitions, collapsible blocks, footnotes, permalinks, highlighted code) and nothing the theme
owns. The validator reports any other class a contributor writes (`BODY-CLASS`), the sanitiser
drops it anyway, and the audit fails on one that reaches a page.
"""

from __future__ import annotations

import re
from functools import cache

# The types Material styles for `!!! type` and `??? type` (the admonition and details extensions
# put the type in the class); the style guide lists them.
ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
    "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
    "danger", "error", "bug", "example", "quote", "cite",
})
# What the Markdown extensions in mkdocs.yml write around the text (admonition, footnotes, toc's
# permalink, superfences and its code highlighting).
EXTENSION_CLASSES = frozenset({
    "admonition", "admonition-title", "footnote", "footnote-ref", "footnote-backref", "headerlink",
    "highlight", "highlighttable", "linenos", "linenodiv", "filename", "hll", "inline",
    "cite-ref",  # a citation marker, `[@id]` (site/citations.py): a superscript number, nothing more
})
_LANGUAGE = re.compile(r"language-[a-z0-9_+#.-]{1,40}")
# Prefixes of the theme's own components: never in a body, whatever the allow-list says.
THEME_PREFIXES = ("md-", "mdx-", "tabbed-", "pagefind-", "brief-", "briefs-", "search-", "home-", "topic-")


@cache
def _code_classes() -> frozenset[str]:
    """Pygments' short token classes (`n`, `o`, `mi`, ...) inside highlighted code."""
    try:
        from pygments.token import STANDARD_TYPES
    except ImportError:  # pragma: no cover - Pygments comes with Material and pymdown-extensions
        return frozenset()
    return frozenset(name for name in STANDARD_TYPES.values() if name)


def theme_owned(name: str) -> bool:
    """A class of the theme's or the site templates' own components."""
    return name.lower().startswith(THEME_PREFIXES)


def is_allowed(name: str) -> bool:
    """A class a brief's body may carry."""
    if theme_owned(name):
        return False
    return (name in ADMONITION_TYPES or name in EXTENSION_CLASSES or name in _code_classes()
            or bool(_LANGUAGE.fullmatch(name)))


def allowed_summary() -> str:
    """The allow-list in words, for messages and the contributor reference."""
    return "the admonition types (note, info, tip, warning, danger, example, ...)"
