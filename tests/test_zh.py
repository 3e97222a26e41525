"""The index side of the Chinese search (briefing/site/zh.py): bigrams of Han runs, the indexed text."""

from __future__ import annotations

from briefing.site import zh


def test_bigrams_overlap_and_cover_every_phrase() -> None:
    assert zh.bigrams("人工智能") == ["人工", "工智", "智能"]
    assert zh.bigrams("法") == ["法"]
    run = "人工智能安全治理框架"
    terms = set(zh.index_terms([run]))
    for n in range(2, len(run) + 1):
        for i in range(len(run) - n + 1):
            assert set(zh.segment_query(run[i : i + n]).split()) <= terms, run[i : i + n]


def test_runs_stop_at_punctuation_latin_and_digits() -> None:
    runs = zh.han_runs("《生成式人工智能服务管理暂行办法》与TC260的2.0版")
    assert runs == ["生成式人工智能服务管理暂行办法", "与", "的", "版"]
    assert zh.index_terms(["与TC260的"]) == []  # single characters are words of the text already


def test_queries_keep_latin_and_split_han() -> None:
    assert zh.segment_query("Bletchley declaration") == "Bletchley declaration"
    assert zh.segment_query("TC260 安全") == "TC260 安全"
    assert zh.segment_query("出口管制 芯片") == "出口 口管 管制 芯片"
    assert zh.segment_query("AI治理") == "AI 治理"


def test_indexed_text_leaves_out_what_pagefind_ignores() -> None:
    html = ('<p>算法推荐</p><section data-pagefind-ignore="all"><p>深度合成</p></section>'
            '<div data-pagefind-ignore>出口管制</div><script>var x = "治理";</script>')
    text = zh.indexed_text(html)
    assert "算法推荐" in text and "深度合成" not in text and "出口管制" not in text and "治理" not in text
    assert zh.indexed_text("<p>No Chinese here</p>") == ""


def test_meta_element_carries_only_han_bigrams() -> None:
    assert zh.meta_element([]) == ""
    assert zh.meta_element(["人工", "工智"]) == '<span hidden data-pagefind-meta="zh:人工 工智"></span>'


def test_deeply_nested_markup_is_read_not_failed() -> None:
    deep = "<ul><li>" * 400 + "治理" + "</li></ul>" * 400
    assert zh.index_terms([zh.indexed_text(deep)]) == ["治理"]
