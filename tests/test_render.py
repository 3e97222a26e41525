"""The core's Markdown renderer: bounded recursion, time and memory per brief, safe ids, and
links between briefs. A body that breaks a limit is a BODY-RENDER problem naming its file."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import lxml.html
import markdown
import pytest

from briefing import ids
from briefing.site.build import compile_corpus
from briefing.site.render import DEFAULT_CONFIGS, DEFAULT_EXTENSIONS, Limits, render_bodies, render_one
from support import BASE, REPO, TODAY, make_corpus

PATHOLOGICAL = {
    "lists": "- " * 5000 + "x\n",
    "emphasis": "*" * 2500 + "a" + "*" * 2500 + "\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_deep_nesting_is_a_problem_not_a_crash(name: str) -> None:
    done, failed = render_bodies({"deep": PATHOLOGICAL[name], "fine": "## Fine\n\nText.\n"})
    assert failed == {"deep": "the body is nested too deeply to render (lists, quotes or emphasis inside one another)"}
    assert "<h2" in done["fine"].html


def test_deep_quotes_render_in_bounded_time() -> None:
    done, failed = render_bodies({"quotes": "> " * 5000 + "x\n"}, limits=Limits(seconds=5))
    assert failed == {} and "<blockquote>" in done["quotes"].html


def test_a_slow_body_is_stopped_at_the_time_limit() -> None:
    start = time.perf_counter()
    _done, failed = render_bodies({"slow": "[" * 12_000 + "\n"}, limits=Limits(seconds=0.5))
    assert failed == {"slow": "the body took more than 0.5 s to render; simplify its Markdown"}
    assert time.perf_counter() - start < 10


def _greedy_convert(self: markdown.Markdown, source: str) -> str:
    if "GREEDY" in source:
        blob = bytearray(8 * 2**30)  # 8 GiB: far above the worker's ceiling
        return str(len(blob))
    if "CRASH" in source:
        os.kill(os.getpid(), signal.SIGKILL)
    if "HANG" in source:  # a hang the alarm cannot break (as in a C loop): the parent must notice
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    return "<p>ok</p>"


def test_memory_crashes_and_hangs_are_contained(monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers are forked, so they inherit the patched renderer.
    monkeypatch.setattr(markdown.Markdown, "convert", _greedy_convert)
    bodies = {"greedy": "GREEDY", "crash": "CRASH", "hang": "HANG", "fine-1": "x", "fine-2": "y"}
    start = time.perf_counter()
    done, failed = render_bodies(bodies, limits=Limits(seconds=0.5, grace=2, memory_bytes=256 * 2**20))
    assert sorted(done) == ["fine-1", "fine-2"]
    assert failed["greedy"] == "rendering the body needed more than 256 MiB of memory"
    assert failed["crash"] == "the renderer stopped while rendering the body (it ran out of memory or crashed)"
    assert failed["hang"] == "the body did not finish rendering within 2.5 s"
    assert time.perf_counter() - start < 30


def test_work_done_meanwhile_runs_while_the_workers_render() -> None:
    """A one-off build compiles its pages while the workers render the bodies (site/build.py):
    the results are those of rendering alone, the work ran once in this thread, and the workers
    were running while it did."""
    import threading

    bodies = {f"b{i}": f"## Part {i}\n\nText {i} [link](other-{i}.md).\n" for i in range(200)}
    alone, failed_alone = render_bodies(bodies)
    seen: list[tuple[str, int]] = []

    def meanwhile() -> None:
        import multiprocessing

        seen.append((threading.current_thread().name, len(multiprocessing.active_children())))

    done, failed = render_bodies(bodies, meanwhile=meanwhile)
    assert (done, failed) == (alone, failed_alone) and failed == {}
    assert len(seen) == 1 and seen[0][0] == threading.main_thread().name
    assert seen[0][1] >= 1, "the workers were forked before the work began"


def test_a_failure_in_the_work_done_meanwhile_stops_the_rendering_and_is_raised() -> None:
    bodies = {f"b{i}": "x " * 2000 for i in range(400)}

    def meanwhile() -> None:
        raise KeyError("a template failed")

    start = time.perf_counter()
    with pytest.raises(KeyError, match="a template failed"):
        render_bodies(bodies, meanwhile=meanwhile)
    assert time.perf_counter() - start < 30
    import multiprocessing

    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:  # reaps the killed workers
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


def test_a_timeout_in_the_work_done_meanwhile_is_not_taken_for_a_hung_renderer() -> None:
    bodies = {f"b{i}": "x " * 2000 for i in range(400)}

    def meanwhile() -> None:
        raise TimeoutError("a file server did not answer")

    with pytest.raises(TimeoutError, match="a file server did not answer"):
        render_bodies(bodies, meanwhile=meanwhile)


def test_work_done_meanwhile_runs_once_when_the_first_pool_breaks_at_its_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import concurrent.futures as cf

    real_submit = cf.ProcessPoolExecutor.submit
    broken: list[int] = []

    def submit(self: cf.ProcessPoolExecutor, *args: object, **kwargs: object) -> cf.Future:
        if not broken:
            broken.append(1)
            raise cf.process.BrokenProcessPool("a worker died at its start")
        return real_submit(self, *args, **kwargs)

    monkeypatch.setattr(cf.ProcessPoolExecutor, "submit", submit)
    calls: list[int] = []
    bodies = {f"b{i}": f"## Part {i}\n" for i in range(40)}
    done, failed = render_bodies(bodies, meanwhile=lambda: calls.append(1))
    assert broken == [1] and calls == [1]
    assert sorted(done) == sorted(bodies) and failed == {}


def test_work_done_meanwhile_runs_when_every_body_is_cached() -> None:
    cache: dict = {}
    render_bodies({"a": "text\n"}, cache=cache)
    calls: list[int] = []
    done, _failed = render_bodies({"a": "text\n"}, cache=cache, meanwhile=lambda: calls.append(1))
    assert calls == [1] and "a" in done


def test_a_body_that_cannot_render_stops_the_build_naming_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = markdown.Markdown.convert

    def convert(self: markdown.Markdown, source: str) -> str:
        if "Nothing here is real" in source:
            raise RecursionError
        return real(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", convert)
    root = make_corpus(tmp_path / "repo", {"briefs/test-brief.md": BASE})
    result = compile_corpus(root, "https://example.org/", REPO / "docs" / "templates", today=TODAY)
    assert result.output is None
    assert [p.text() for p in result.problems if p.severity == "error"] == [
        "briefs/test-brief.md:19:1: error BODY-RENDER the body is nested too deeply to render "
        "(lists, quotes or emphasis inside one another)"
    ]


def test_ids_are_safe_and_never_the_themes() -> None:
    body = (
        "## Scope {: id='x\" onfocus=alert(1) style=\"content-visibility:auto\" ' }\n\n"
        "## __config\n\n## Brief sources\n\n## Export licences {#export-licences}\n\n"
        "## 出口管制\n\n<div id=\"__config\">raw</div>\n\n"
        "## Label {: data-toc-label=\"Other\" onclick=\"alert(1)\" }\n\nPara {: onclick=\"alert(1)\" }\n"
    )
    rendered = render_one(body)
    tree = lxml.html.fromstring(f"<div>{rendered.html}</div>")
    element_ids = [str(i) for i in tree.xpath("//*[not(self::div and @id='__config')]/@id")]
    assert element_ids and all(ids.is_safe(i) for i in element_ids), element_ids
    assert not tree.xpath("//@*[starts-with(name(), 'on')] | //@style | //@data-toc-label")
    toc_ids = [t["id"] for t in rendered.toc]
    assert toc_ids == ["x-onfocusalert1-stylecontent-visibilityauto", "config", "brief-sources-section",
                       "export-licences", "出口管制", "label"]
    assert all(ids.is_safe(i) for i in toc_ids)
    # Raw HTML is the sanitiser's job (tests/test_sanitize.py): the renderer passes it through.


def test_links_to_brief_files_become_page_links() -> None:
    html = render_one("[a](other-brief.md) [b](other-brief.md#part) [c](https://example.org/x.md) [d](#here)\n").html
    hrefs = lxml.html.fromstring(html).xpath("//a/@href")
    assert hrefs == ["../other-brief/", "../other-brief/#part", "https://example.org/x.md", "#here"]


def test_default_dialect_is_the_sites() -> None:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=Loader)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, values = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        names.append(name)
        if values:
            configs[name] = values
    assert tuple(names) == DEFAULT_EXTENSIONS
    assert configs == DEFAULT_CONFIGS
