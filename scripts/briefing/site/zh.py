"""Chinese for the site search: overlapping bigrams of every run of Han characters.

Pagefind indexes an English page's text by splitting it on white space and punctuation, so a run
of Chinese such as 人工智能安全治理框架 is indexed as one word; a query is matched against the
start of indexed words, so 治理 (governance) finds nothing inside that run. Pagefind's extended
build segments Chinese only on pages whose language is Chinese, and its browser-side segmenter
(Intl.Segmenter) does not split text the way its indexer (jieba, via charabia) does (upstream
issues #1237 and #987).

The site sidesteps both: every indexed page carries, as a hidden metadata field (`zh`, which
Pagefind searches like body text but does not show), the overlapping bigrams of each Han run of
its indexed text (人工智能 -> 人工 工智 智能); a brief adds its topics' Chinese aliases. The search
box and the search page rewrite a query's Han runs the same way (docs/javascripts/search-zh.js)
before calling Pagefind, which returns the pages that hold every bigram of the query. A phrase of
two or more characters then finds every page that contains it. The tests enumerate the site's
own Chinese phrases and measure recall and precision in Chromium (tests/browser/test_browser_search_zh.py).

`HAN_CLASS` is the same character class as `HAN` in search-zh.js; the two must agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.etree
import lxml.html

# CJK Unified Ideographs, Extension A, Compatibility Ideographs, Extensions B to F and the
# Compatibility Supplement: the characters written without spaces between words.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
META_KEY = "zh"  # the Pagefind metadata field that holds a page's bigrams
_PARSER = lxml.html.HTMLParser(huge_tree=True)  # no depth limit of 256 levels (deeply nested lists)
_TAG = re.compile(r"<[^>]*>")


def han_runs(text: str) -> list[str]:
    return HAN_RUN.findall(text)


def bigrams(run: str) -> list[str]:
    """A run's overlapping pairs of characters; a run of one character is itself."""
    return [run] if len(run) < 2 else [run[i : i + 2] for i in range(len(run) - 1)]


def index_terms(texts: Iterable[str]) -> list[str]:
    """The distinct bigrams of every Han run in ``texts``, in order of first appearance. Single
    characters are left out: a run of one character is already a word of the indexed text."""
    seen: dict[str, None] = {}
    for text in texts:
        for run in han_runs(text):
            if len(run) >= 2:
                seen.update(dict.fromkeys(bigrams(run)))
    return list(seen)


def segment_query(query: str) -> str:
    """A query as the search box sends it to Pagefind (the Python twin of search-zh.js's
    `segment`): each Han run replaced by its bigrams, everything else left as typed."""
    return " ".join(HAN_RUN.sub(lambda m: " " + " ".join(bigrams(m.group(0))) + " ", query).split())


def indexed_text(html: str) -> str:
    """The text of an HTML fragment that Pagefind indexes: without elements marked
    `data-pagefind-ignore` (any value), scripts, styles and templates."""
    if not HAN_RUN.search(html):  # most pages hold no Chinese at all: nothing to parse
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div", parser=_PARSER)
    except (ValueError, lxml.etree.LxmlError):  # unparseable: index all of its text rather than fail the build
        return _TAG.sub(" ", html)
    for element in root.xpath("//*[@data-pagefind-ignore] | //script | //style | //template"):
        element.drop_tree()
    return root.text_content()


def meta_element(terms: list[str]) -> str:
    """The hidden element that carries the bigrams into Pagefind's index ("" when there are none).
    Bigrams hold only Han characters, so they need no escaping inside the attribute."""
    if not terms:
        return ""
    assert all(HAN_RUN.fullmatch(t) for t in terms)
    return f'<span hidden data-pagefind-meta="{META_KEY}:{" ".join(terms)}"></span>'
