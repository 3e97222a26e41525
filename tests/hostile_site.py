"""A site built from one brief per hostile body class with the validator's body rules switched off,
so that only the second guard stands between the input and the reader: the core's renderer (safe
ids, its own table of contents) and the adapter's sanitiser. Used by tests/test_site_hostile_bodies.py
(the audit and the HTML) and tests/browser/test_browser_hostile.py (what Chromium does with it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import briefing.rules.body
from site_helpers import FIXTURE_ROOT, build_in_process, make_project

FILLER = " ".join(["Neutral filler words keep this body above the minimum length."] * 20)
# Each class of the hardening review (issue 9), as a body that reaches the renderer.
HOSTILE_BODIES: dict[str, str] = {
    "toc-injection": (
        "## Scope {: id='x\" onfocus=\"alert(1)\" style=\"content-visibility:auto\" tabindex=\"1\" ' }\n\n"
        "## Second {: oncontentvisibilityautostatechange=\"alert(2)\" style=\"content-visibility:auto\" }\n\n"
        "## __config\n\n"
    ),
    "config-clobbering": (
        '<div id="__config">{"base": "https://elsewhere.example/", "version": {"provider": "mike"}}</div>\n\n'
        '<a id="__search" name="__config" href="#">x</a> <form id="__drawer"></form>\n\n'
        "## Heading {#__config}\n\n"
    ),
    "third-party-images": (
        "![](https://elsewhere.example/pixel.gif)\n\n<img src=//elsewhere.example/p.gif>\n\n"
        '<img srcset="https://elsewhere.example/a.png 1x"> <picture><source srcset="https://e.example/b.png">'
        '</picture> <video poster="https://e.example/v.png"></video> <svg><image href="https://e.example/i.png"/>'
        "</svg> <input type=image src=https://e.example/in.png>\n\n"
    ),
    "script-and-handlers": (
        "<script>alert(1)</script> <img src=x onerror=alert(1)> <a href='javascript:alert(1)'>j</a> "
        '<a href="jav&#x09;ascript:alert(1)">k</a> <details open ontoggle=alert(1)>d</details>\n\n'
        '<p style="background:url(https://elsewhere.example/css.png)">css</p>\n\n'
        '```mermaid\ngraph TD; A-->B\n```\n\n<div class="mermaid">graph TD; A-->B</div>\n\n'
    ),
    # Hardening round three: the theme's own classes cover the page with no script at all.
    "theme-classes": (
        '<div class="md-consent__overlay"></div><div class="md-consent__inner"><div class="md-typeset">'
        '<p>Your session expired.</p><a class="md-button md-button--primary" href="https://elsewhere.example/login">'
        "Continue</a></div></div>\n\n"
        "A paragraph dressed as a dialog.\n{: .md-dialog .md-dialog--active }\n\n"
        '<div class="md-dialog md-dialog--active"><div class="md-dialog__inner md-typeset">Session expired</div></div>'
        "\n\n"
    ),
    # Level-1 headings hidden in a list, a quote and an admonition render as <h1>.
    "hidden-h1": "- # Listed heading\n\n> # Quoted heading\n\n!!! note\n\n    # Admonished heading\n\n",
    "deep-html": "<div>" * 300 + "[a link after deep nesting](#nowhere-" + "x)" + "</div>" * 300 + "\n\n",
}


def hostile_brief(name: str, body: str) -> str:
    return (
        "---\n"
        f'title: "Hostile body class: {name}"\n'
        'summary: "A fixture brief whose body carries one class of hostile markup, rendered without the validator."\n'
        "published: 2026-01-05\nauthors: [editorial-team]\ntopics: [export-controls]\n"
        'key_points:\n  - "First point."\n  - "Second point."\n'
        'sources:\n  - title: "A source"\n    url: "https://example.org/"\n'
        '    publisher: "Example"\n    type: primary\n'
        f"---\n\n{body}{FILLER}\n"
    )


def slug(name: str) -> str:
    return f"hostile-body-{name}"


@contextmanager
def without_body_rules() -> Iterator[None]:
    """The validator's body checks report nothing (links to briefs are still found)."""
    real = briefing.rules.body.check
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(briefing.rules.body, "check", lambda text: ([], real(text)[1]))
        yield


def build_hostile_site(project: Path, site_dir: Path, site_url: str) -> None:
    """Build in this process (so the patch applies), with the real mkdocs.yml, docs/ and plugin."""
    make_project(project, FIXTURE_ROOT / "briefs")
    for name, body in HOSTILE_BODIES.items():
        (project / "briefs" / f"{slug(name)}.md").write_text(hostile_brief(name, body), "utf-8")
    with without_body_rules():
        build_in_process(project, site_dir, site_url)
