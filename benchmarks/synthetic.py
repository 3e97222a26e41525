"""A synthetic corpus for benchmarks: N valid briefs plus the real data files.

The words are drawn deterministically (a generator seeded with ``seed``) from small
vocabularies, so every run measures the same corpus. Every brief is valid against the v3
contract (benchmarks/bench_build.py stops if `mkdocs build --strict` fails; tests/test_benchmarks.py
validates a small corpus) and carries what the v3 pages show:

- a body of about ``body_words`` English words in two sections, then a Chinese passage of
  ``zh_words`` words (60 by default: every body holds Chinese, written without spaces, as Chinese is);
- four sources, each with an `id` (the official text, its Chinese original, a translation and a
  news report), cited in the body as `[@id]`: every paragraph ends with a citation;
- three links in the body to other briefs (the next one, the one seven on and the one 31 on,
  wrapping round), the first two of which are also its `related`;
- an event a month before publication; two briefs in three an instrument with a dated, sourced
  status history; watch items, resolved, overdue and still ahead (`_state_of_play`);
- `responds_to` from every tenth brief (the 4th, the 14th, ...) to the brief three before it.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
WORDS = (
    "export controls compute chips governance safety summit declaration provisions regulator "
    "ministry framework evaluation benchmark model developers frontier risk standard committee "
    "resolution assembly member states dialogue officials delegation commitments voluntary "
    "transparency accountability licensing entity list semiconductor equipment memory tariff "
    "review agency guidance filing algorithm recommendation synthetic content labelling watermark "
    "public opinion security assessment capacity building initiative cooperation oversight "
).split()


# Chinese words for corpora with Chinese passages (bench_reader.py measures Chinese queries).
ZH_WORDS = (
    "人工智能 治理 安全 出口管制 算法 推荐 生成式 深度合成 标识 监管 框架 标准 评估 芯片 算力 数据 "
    "备案 国际合作 联合国 倡议 规定 办法 管理 服务 风险 模型 开发者 透明度 问责 伦理 平台 内容"
).split()


def _zh_paragraph(rng: random.Random, words: int) -> str:
    """Sentences of Chinese words written without spaces, as Chinese is."""
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(6, 14))
        out.append("".join(rng.choice(ZH_WORDS) for _ in range(n)) + "。")
        left -= n
    return "".join(out)


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _paragraphs(rng: random.Random, words: int, cite: list[str]) -> str:
    """Paragraphs of 60 to 110 words, each ending with a citation of the next of ``cite``'s ids."""
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(60, 110))
        out.append(_text(rng, n).capitalize() + f". [@{cite[len(out) % len(cite)]}]")
        left -= n
    return "\n\n".join(out)


LINK_OFFSETS = (1, 7, 31)  # the briefs a brief links to: the next, seven on and 31 on (wrapping round)


def _linked(i: int, slugs: list[str]) -> list[str]:
    """Three other briefs for brief ``i`` to link to (fewer only in a corpus of under four)."""
    n, out = len(slugs), []
    for offset in (*LINK_OFFSETS, *range(2, n)):
        slug = slugs[(i + offset) % n]
        if slug != slugs[i] and slug not in out:
            out.append(slug)
        if len(out) == len(LINK_OFFSETS):
            break
    return out


def _sources(rng: random.Random, i: int, published: dt.date) -> list[dict[str, Any]]:
    """Four sources with ids: the official text, its Chinese original, a translation, a news report."""
    zh_title = "".join(rng.choice(ZH_WORDS) for _ in range(5))
    return [
        {"id": "official", "title": _text(rng, 6).capitalize(), "url": f"https://example.org/source/{i}",
         "publisher": "Example Ministry", "published": published - dt.timedelta(days=31), "type": "primary",
         "language": "en"},
        {"id": "official-zh", "title": zh_title, "url": f"https://example.org/source/{i}/zh",
         "publisher": "示例部", "published": published - dt.timedelta(days=31), "type": "primary", "language": "zh"},
        {"id": "translation", "title": _text(rng, 6).capitalize(), "url": f"https://translations.example.net/{i}",
         "publisher": "Example Translations", "type": "translation", "language": "en"},
        {"id": f"news-{published.isoformat()}", "title": _text(rng, 6).capitalize(),
         "url": f"https://news.example.org/{i}", "publisher": "Example News", "published": published,
         "type": "secondary", "language": "en"},
    ]


# Scheduled dates fall after the benchmarks' build date (BRIEFING_TODAY=2030-01-01).
SCHEDULED_FROM = dt.date(2030, 2, 1)
INSTRUMENT_TYPES = ("law", "regulation", "rule", "executive-action", "declaration", "resolution", "standard",
                    "framework")


def _state_of_play(front: dict[str, Any], rng: random.Random, i: int, published: dt.date) -> None:
    """Contract v3 data, like the edition's: two briefs in three cover an instrument with a dated,
    sourced status history (one in ten with a status change scheduled after the build date, and
    one in twenty with an event on the same day); every brief has a watch item (one in three
    resolved, the rest overdue), one in five a second one still ahead."""
    source = front["sources"][0]["url"]
    if i % 3 != 2:
        history = [{"date": published - dt.timedelta(days=40), "status": "adopted", "source": source},
                   {"date": published - dt.timedelta(days=10), "status": "in-force", "source": source}]
        if i % 10 == 0:
            scheduled = SCHEDULED_FROM + dt.timedelta(days=i % 365)
            history.append({"date": scheduled, "status": rng.choice(["amended", "repealed"]),
                            "note": _text(rng, 6)})
            if i % 20 == 0:
                front["events"].append({"date": scheduled, "kind": "takes-effect",
                                        "title": _text(rng, 5).capitalize(), "topics": front["topics"][:1]})
        front["instrument"] = {"name": f"Synthetic instrument {i}: {_text(rng, 4)}",
                               "name_zh": "".join(rng.choice(ZH_WORDS) for _ in range(3)),
                               "type": INSTRUMENT_TYPES[i % len(INSTRUMENT_TYPES)],
                               "issuers": ["Example Ministry", "Example Office"][: 1 + i % 2], "history": history}
    due = published + dt.timedelta(days=60)
    item: dict[str, Any] = {"date": due, "item": _text(rng, 10).capitalize() + "?"}
    if i % 3 == 0:
        item.update(resolved=due + dt.timedelta(days=5), note=_text(rng, 8).capitalize() + ".")
    front["watch"] = [item]
    if i % 5 == 0:
        front["watch"].append({"date": SCHEDULED_FROM + dt.timedelta(days=150 + i % 300),
                               "item": _text(rng, 10).capitalize() + "?"})


class _Dumper(yaml.SafeDumper):
    """YAML as a contributor writes it: a value used twice is written twice, not as an anchor and alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def generate(root: Path, n: int, body_words: int = 800, seed: int = 7, zh_words: int = 60) -> Path:
    """Write a corpus of ``n`` briefs under ``root/briefs`` and return ``root``; each body ends with
    a Chinese passage of ``zh_words`` words (none with 0)."""
    rng = random.Random(seed)
    briefs = root / "briefs"
    if briefs.exists():
        shutil.rmtree(briefs)
    briefs.mkdir(parents=True)
    for name in ("topics.yml", "authors.yml", "jurisdictions.yml"):
        shutil.copy(REPO / "briefs" / name, briefs / name)
    topics = list(yaml.safe_load((briefs / "topics.yml").read_text("utf-8")))
    places = ["CN", "US", "EU", "GB", "UN", "INT", "CN-BJ", "KR", "JP"]
    slugs = [f"synthetic-brief-{i:05d}" for i in range(n)]
    start = dt.date(2020, 1, 1)
    overviews: dict[str, str] = {}
    for i, slug in enumerate(slugs):
        published = start + dt.timedelta(days=i % 2000)
        chosen = rng.sample(topics, 3)
        linked = _linked(i, slugs)
        links = " ".join(f"See [brief {j}]({s}.md)." for j, s in enumerate(linked))
        sources = _sources(rng, i, published)
        cite = [source["id"] for source in sources]
        front: dict[str, Any] = {
            "title": f"Synthetic brief {i}: {_text(rng, 6)}",
            "summary": (_text(rng, 30).capitalize() + ".")[:380],
            "published": published,
            "status": "published",
            "authors": ["editorial-team"],
            "topics": chosen,
            "jurisdictions": rng.sample(places, 2),
            "key_points": [_text(rng, 25).capitalize() + "." for _ in range(4)],
            "events": [{"date": published - dt.timedelta(days=30), "title": _text(rng, 8).capitalize(),
                        "topics": chosen[:1]}],
            "related": linked[:2],
            "sources": sources,
        }
        _state_of_play(front, rng, i, published)
        # Responses for the charts (issue 23), drawn without the random generator so that every
        # other field stays as it was: every 10th brief answers the brief three before it.
        if i % 10 == 3 and i >= 3:
            front["responds_to"] = [slugs[i - 3]]
        body = "## What happened\n\n" + _paragraphs(rng, body_words // 2, cite) + "\n\n## Why it matters\n\n"
        body += _paragraphs(rng, body_words - body_words // 2, cite[::-1]) + "\n\n" + links + "\n"
        if zh_words:
            body += "\n## In Chinese\n\n" + _zh_paragraph(rng, zh_words) + " [@official-zh]\n"
        text = "---\n" + yaml.dump(front, Dumper=_Dumper, sort_keys=False, allow_unicode=True) + "---\n\n" + body
        (briefs / f"{slug}.md").write_text(text, encoding="utf-8")
        for topic in chosen:
            overviews.setdefault(topic, slug)
    # Each topic's overview (v3) is its first synthetic brief, not the edition's (absent here)
    data = yaml.safe_load((briefs / "topics.yml").read_text("utf-8"))
    for topic, entry in data.items():
        entry.pop("overview", None)
        if topic in overviews:
            entry["overview"] = overviews[topic]
    (briefs / "topics.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root
