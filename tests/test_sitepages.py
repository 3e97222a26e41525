"""Hand-written pages in the search (site/sitepages.py): permalinks left out of the index, so no
result title ends in a pilcrow; the label and weight come from the theme override."""

from __future__ import annotations

from briefing.site import sitepages
from support import REPO


def test_permalinks_are_left_out_of_the_index() -> None:
    html = '<h1 id="m">Methodology<a class="headerlink" href="#m" title="Permanent link">&para;</a></h1>'
    out = sitepages.indexed_html(html)
    assert out == html.replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')
    assert sitepages.indexed_html(out) == out  # once
    assert sitepages.indexed_html("<p>no heading</p>") == "<p>no heading</p>"


def test_the_override_labels_and_weighs_site_pages() -> None:
    main = (REPO / "docs/overrides/main.html").read_text("utf-8")
    assert f'data-pagefind-meta="kind:{sitepages.SITE_PAGE_LABEL}"' in main
    assert f'data-pagefind-weight="{sitepages.SITE_PAGE_WEIGHT}"' in main
