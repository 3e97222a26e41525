"""The BibTeX record of "Cite this brief", read back with pybtex, which counts braces as BibTeX
does (an escaped `\\}` still closes a field): whatever a title or an author's name holds, the
record is one entry with the brief's permalink, and its values read back as the text they came from."""

from __future__ import annotations

import dataclasses

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.rules.validate import validate
from briefing.site import catalog, pages
from site_helpers import ALPHA, FIXTURE_ROOT, REPO, SITE_URL, TODAY, bibtex_entry, bibtex_text

TEMPLATES = REPO / "docs" / "templates"
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Pieces of hostile text: BibTeX and LaTeX syntax, a forged field and entry, line breaks, Unicode.
HOSTILE = [
    "{", "}", "\\", "\\}", "\\{", "}}", "{{", '"', "@", "@misc{", "}, url = {https://evil.example}",
    '}}, url = "https://evil.example"}', "\n@misc{forged, url = {https://evil.example}}\n", "%", "#", "~", "^",
    "&", "$", "_", "\n", "\r\n", "\t", " and ", ",", "é", "关税", "𝔘", "\\textbraceright{}", "\\symbol{64}",
]
TEXT = st.lists(
    st.sampled_from(HOSTILE) | st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=6),
    min_size=1, max_size=12,
).map("".join)


@pytest.fixture(scope="module")
def compiler() -> pages.Compiler:
    cat = catalog.build(validate(FIXTURE_ROOT, today=TODAY), TODAY)
    return pages.Compiler(cat, SITE_URL, TEMPLATES)


def page_bibtex(compiler: pages.Compiler, entry: catalog.Entry) -> str:
    page = compiler.brief_page(entry).materialize()
    soup = BeautifulSoup(page.before_html + page.after_html, "html.parser")
    return soup.select_one("pre.brief-cite__bibtex code").get_text()


def one_line(text: str) -> str:
    """What BibTeX reads: every run of white space (line breaks included) is one space."""
    return " ".join(text.split())


@SETTINGS
@given(TEXT)
def test_a_hostile_title_stays_in_its_field(compiler: pages.Compiler, title: str) -> None:
    entry = compiler.cat.entries[ALPHA]
    hostile = dataclasses.replace(entry, brief=entry.brief.model_copy(update={"title": title}))
    key, found = bibtex_entry(page_bibtex(compiler, hostile))
    assert key == f"aigb-{ALPHA}-{entry.last_changed.isoformat()}"
    assert found.fields["url"] == SITE_URL + entry.url
    assert bibtex_text(found.fields["title"]) == "{" + one_line(title) + "}"  # inner braces keep its capitals
    assert set(found.fields) == {"title", "howpublished", "year", "date", "version", "url", "urldate"}


@SETTINGS
@given(st.lists(TEXT.filter(str.split), min_size=1, max_size=3))
def test_each_author_is_one_name(names: list[str]) -> None:
    _, found = bibtex_entry(f"@misc{{k,\n  author = {pages.bib_names(names)},\n  url = {{https://example.org/}}\n}}")
    assert [bibtex_text(str(person)) for person in found.persons["author"]] == [
        "{" + one_line(name) + "}" for name in names  # braced: kept as written, never split at " and "
    ]
    assert found.fields["url"] == "https://example.org/"


@given(TEXT)
def test_escaped_text_is_brace_balanced_and_on_one_line(text: str) -> None:
    escaped = pages.bibtex_escape(text)
    depth = 0
    for char in escaped:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert "\n" not in escaped and "\r" not in escaped and "@" not in escaped
    assert bibtex_text(escaped) == one_line(text)


def test_a_url_field_is_written_verbatim_with_its_syntax_percent_encoded() -> None:
    # A `url` field is verbatim (LaTeX escapes would end up in the address); characters BibTeX reads
    # as syntax never appear raw in a URL, so they are percent-encoded.
    assert pages.bib_field("https://example.org/a_b%20c#x~y", url=True) == "{https://example.org/a_b%20c#x~y}"
    assert pages.bib_field("https://example.org/{x}\\ y\n", url=True) == "{https://example.org/%7Bx%7D%5C%20y%0A}"
    _, found = bibtex_entry("@misc{k,\n  url = " + pages.bib_field("https://e.org/}, note = {x", url=True) + "\n}")
    assert found.fields["url"] == "https://e.org/%7D,%20note%20=%20%7Bx"
