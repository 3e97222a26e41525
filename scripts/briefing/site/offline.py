"""A copy of the built site that works when opened from disk: the pull-request preview for a
contributor or reviewer without a local set-up (CONTRIBUTING.md, path A).

The site uses directory URLs (`/briefs/<slug>/`, kept: they are the publication's permanent
addresses). A browser opening files shows such a link as a folder listing, so this copy points
every relative link that ends in a folder at that folder's `index.html` (`../x/` becomes
`../x/index.html`, `./` becomes `index.html`, keeping `#part` and `?query`). Absolute links
(`https://...`, `//host`, `/root`, `mailto:`) are left alone. Each page gets a notice at the top
that this is an offline preview in which the search does not work: Pagefind loads its index
with `fetch`, which browsers refuse for `file://` pages.

Run: ``python -m briefing.site.offline site/ site-offline/``.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

NOTICE = (
    '<div class="offline-preview" role="note" style="padding:.5em 1em;background:#fff3cd;color:#000;'
    'font:14px/1.4 sans-serif">Offline preview of a pull request, opened from disk. Search does not work '
    "here (it needs a web server); every other page and link does.</div>"
)
_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


def offline_url(url: str) -> str:
    """A relative link to a folder, pointed at the folder's index.html; any other link unchanged."""
    if not url or url.startswith(("#", "/", "?")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        return url
    cut = min([i for i in (url.find("#"), url.find("?")) if i >= 0], default=len(url))
    path, rest = url[:cut], url[cut:]
    if path in {".", ".."} or path.endswith(("/.", "/..")):
        path += "/"
    if path.endswith("/"):
        path += "index.html"
    return path + rest


def offline_html(html: str) -> str:
    html = _ATTRIBUTE.sub(lambda m: m.group(1) + offline_url(m.group(2)) + m.group(3), html)
    return _BODY.sub(lambda m: m.group(0) + NOTICE, html, count=1)


def make_offline_copy(site: Path, out: Path) -> int:
    """Copy ``site`` to ``out`` with every HTML page rewritten; returns the number of pages."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(site, out)
    count = 0
    for page in out.rglob("*.html"):
        page.write_text(offline_html(page.read_text("utf-8")), "utf-8")
        count += 1
    return count


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m briefing.site.offline SITE_DIR OUT_DIR", file=sys.stderr)
        return 2
    site, out = Path(argv[0]), Path(argv[1])
    if not (site / "index.html").is_file():
        print(f"{site} is not a built site (no index.html)", file=sys.stderr)
        return 2
    print(f"offline preview: {make_offline_copy(site, out)} pages in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
