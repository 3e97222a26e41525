"""The offline preview (site/offline.py): a built site that works opened from disk."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from briefing.site.offline import NOTICE, main, make_offline_copy, offline_url


@pytest.mark.parametrize(("given", "expected"), [
    ("../briefs/x/", "../briefs/x/index.html"), ("./", "./index.html"), (".", "./index.html"),
    ("../", "../index.html"), ("..", "../index.html"), ("../..", "../../index.html"),
    ("topics/a/#part", "topics/a/index.html#part"),
    ("search/?q=x", "search/index.html?q=x"), ("feed.xml", "feed.xml"), ("#source-1", "#source-1"),
    ("https://example.org/a/", "https://example.org/a/"), ("//cdn.example/a/", "//cdn.example/a/"),
    ("/root/", "/root/"), ("mailto:a@example.org", "mailto:a@example.org"), ("", ""),
])
def test_folder_links_point_at_index_html(given: str, expected: str) -> None:
    assert offline_url(given) == expected


def test_the_copy_of_the_built_site_links_to_files(tmp_path: Path) -> None:
    from site_helpers import SITE_URL, build_in_process, make_project

    project = make_project(tmp_path / "project")
    build_in_process(project, tmp_path / "site", SITE_URL)
    pages = make_offline_copy(tmp_path / "site", tmp_path / "offline")
    assert pages > 10
    assert main([str(tmp_path / "site"), str(tmp_path / "offline")]) == 0
    assert main([str(tmp_path / "nowhere"), str(tmp_path / "x")]) == 2
    for page in (tmp_path / "offline").rglob("*.html"):
        text = page.read_text("utf-8")
        if "<body" not in text:
            continue  # a redirect stub
        assert NOTICE in text, page
        for href in lxml.html.fromstring(text).xpath("//a/@href | //link/@href | //script/@src"):
            if href.startswith(("#", "http:", "https:", "mailto:", "//")):
                continue
            if href.startswith("/"):
                assert page.name == "404.html", f"{page}: {href}"  # only the error page uses root links
                continue
            target = (page.parent / href.split("#")[0].split("?")[0]).resolve()
            assert target.is_file(), f"{page.relative_to(tmp_path)}: {href}"
