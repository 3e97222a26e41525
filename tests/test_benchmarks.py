"""The build benchmark's inputs (benchmarks/synthetic.py, benchmarks/bench_build.py), at a small size:
the synthetic corpus is valid and carries what the v3 pages show, and the plain Material site that
the build targets are measured against has nothing of ours. No build is run and nothing is timed."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config

from briefing.load.sourcefile import read_text, split_front_matter
from briefing.rules.validate import validate

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import bench_build  # noqa: E402 (after the path to benchmarks/)
import synthetic  # noqa: E402

N = 20
BUILD_DATE = dt.date.fromisoformat(bench_build.BUILD_DATE)
CJK = re.compile("[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic.generate(tmp_path_factory.mktemp("corpus"), N)


def _briefs(root: Path) -> dict[str, tuple[dict[str, Any], str]]:
    out = {}
    for path in sorted((root / "briefs").glob("*.md")):
        split = split_front_matter(read_text(path))
        out[path.stem] = (yaml.safe_load(split.front), split.body)
    return out


def test_corpus_validates(corpus: Path) -> None:
    checked = validate(corpus, today=BUILD_DATE)
    errors = [p for p in checked.all_problems() if p.severity == "error"]
    assert len(checked.briefs) == N
    assert errors == []


def test_corpus_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    again = synthetic.generate(tmp_path, N)
    for path in sorted((corpus / "briefs").iterdir()):
        assert (again / "briefs" / path.name).read_bytes() == path.read_bytes(), path.name


def test_corpus_has_what_v3_pages_show(corpus: Path) -> None:
    briefs = _briefs(corpus)
    for slug, (front, body) in briefs.items():
        assert CJK.search(body), f"{slug}: no Chinese in the body"
        assert len(front["sources"]) == 4
        ids = [source["id"] for source in front["sources"]]
        assert len(set(ids)) == 4
        assert set(re.findall(r"\[@([a-z0-9-]+)\]", body)) == set(ids), slug
        links = re.findall(r"\]\(([a-z0-9-]+)\.md\)", body)
        assert len(set(links)) == 3 and slug not in links and set(links) <= set(briefs), slug
    fronts = [front for front, _ in briefs.values()]
    histories = [f["instrument"]["history"] for f in fronts if "instrument" in f]
    assert histories and all(len(h) >= 2 for h in histories)
    watch = [item for f in fronts for item in f.get("watch", [])]
    assert any("resolved" in item for item in watch)
    assert any(item["date"] > BUILD_DATE for item in watch)
    assert any(item["date"] < BUILD_DATE and "resolved" not in item for item in watch)
    assert any(f.get("responds_to") for f in fronts)


def test_plain_material_site_has_nothing_of_ours(corpus: Path, tmp_path: Path) -> None:
    config_path = bench_build.prepare_plain(tmp_path / "plain", corpus / "briefs")
    raw = yaml.safe_load(config_path.read_text("utf-8"))
    assert raw["theme"] == {"name": "material"}
    assert raw["plugins"] == ["search"]
    assert raw["nav"] == [{"Home": "index.md"}]
    assert not {"extra_css", "extra_javascript", "not_in_nav", "validation", "hooks"} & set(raw)
    ours = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=bench_build._ConfigLoader)
    assert raw["markdown_extensions"] == ours["markdown_extensions"]

    config = load_config(str(config_path))
    assert config.theme.name == "material"
    assert config.theme.custom_dir is None
    assert list(config.plugins) == ["material/search"]  # Material's own search plugin
    assert not any("briefing" in name for name in config.plugins)
    assert config.extra_css == [] and config.extra_javascript == []
    assert config.nav == [{"Home": "index.md"}]  # no brief in the nav

    docs = tmp_path / "plain" / "docs"
    files = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    assert files == sorted(["index.md", *(f"briefs/{p.name}" for p in (corpus / "briefs").glob("*.md"))])
    page = (docs / "briefs" / "synthetic-brief-00003.md").read_text("utf-8")
    front, body = _briefs(corpus)["synthetic-brief-00003"]
    assert page == f"# {front['title']}\n\n{body.lstrip()}"  # no front matter: the body as written

