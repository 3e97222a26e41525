"""The adapter lets generated pages skip MkDocs' conversion of their empty Markdown
(mkdocs_plugin.skip_empty_render): what it sets is what MkDocs' own Page.render sets for an empty
document, and a page that does have Markdown is still converted by MkDocs."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from briefing.mkdocs_plugin import skip_empty_render
from support import REPO

ATTRIBUTES = ("content", "_title_from_render", "present_anchor_ids", "links_to_anchors", "title")


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> MkDocsConfig:
    site = tmp_path_factory.mktemp("adapter-render") / "site"
    loaded = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site))
    loaded.plugins._current_plugin = None  # as during a build, outside any plugin's event
    return loaded


def page_for(config: MkDocsConfig, path: str, source: str) -> tuple[Page, Files]:
    file = File.generated(config, path, content=source)
    page = Page(None, file, config)
    page.read_source(config)
    return page, Files([file])


def snapshot(page: Page) -> dict[str, object]:
    found: dict[str, object] = {name: getattr(page, name) for name in ATTRIBUTES}
    found["toc"] = [(item.title, item.id, item.level) for item in page.toc]
    return found


@pytest.mark.parametrize("source", ["\n", "", "\n\n  \n"])
def test_an_empty_page_gets_what_mkdocs_would_give_it(config: MkDocsConfig, source: str) -> None:
    mine, files = page_for(config, "briefs/some-brief.md", source)
    theirs, their_files = page_for(config, "briefs/some-brief.md", source)
    skip_empty_render(mine)
    mine.render(config, files)
    theirs.render(config, their_files)
    assert snapshot(mine) == snapshot(theirs)
    assert mine.content == "" and list(mine.toc) == []


def test_a_page_with_markdown_is_still_converted_by_mkdocs(config: MkDocsConfig) -> None:
    page, files = page_for(config, "topics/x.md", "\n")
    skip_empty_render(page)
    page.markdown = "# Added by another plugin\n\n[a link](#here)\n"
    page.render(config, files)
    assert page.content.startswith('<h1 id="added-by-another-plugin">')
    assert [item.title for item in page.toc] == ["Added by another plugin"]
    assert page._title_from_render == "Added by another plugin"


def test_the_stand_in_leaves_other_pages_alone(config: MkDocsConfig) -> None:
    page, _files = page_for(config, "about/x.md", "# About\n")
    assert "render" not in vars(page)
    skip_empty_render(page)
    assert "render" in vars(page)
    other, _ = page_for(config, "about/y.md", "# About\n")
    assert "render" not in vars(other)
