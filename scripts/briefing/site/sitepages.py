"""The hand-written pages (about, contribute, API) in the site search: searchable, but labelled
"Site page" and ranked after the briefs, and with clean titles.

Pagefind titles a result by the page's first `<h1>`; on a hand-written page that heading carries
the permalink sign (`¶`, toc's `headerlink`), which Pagefind would put in the title. Marking
every permalink `data-pagefind-ignore` leaves it out of both the title and the indexed text.
The label, a filter and a lower weight are set in the theme override (docs/overrides/main.html:
`data-pagefind-meta="kind:Site page"`, `data-pagefind-filter="kind:site"` and
`data-pagefind-weight` on the article); the search page (javascripts/search-page.js) lists the
results with that filter after the others, and so do the header's quick results
(javascripts/pagefind-quick/pagefind.js), both with the label.
"""

from __future__ import annotations

import re

SITE_PAGE_LABEL = "Site page"
SITE_PAGE_WEIGHT = "0.2"  # Pagefind weighs a site page's words at a fifth of a brief's
_HEADERLINK = re.compile(r'<a class="headerlink"(?![^>]*data-pagefind-ignore)')


def indexed_html(html: str) -> str:
    """A page's rendered content with its permalinks left out of the search index."""
    if 'class="headerlink"' not in html:
        return html
    return _HEADERLINK.sub('<a class="headerlink" data-pagefind-ignore', html)
