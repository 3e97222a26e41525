"""A synthetic corpus for benchmarks: N valid briefs plus the real data files.

The words are drawn deterministically from a small vocabulary, so every run measures the same
corpus. Briefs link to each other and share topics, like the real edition.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

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


def _paragraphs(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(60, 110))
        sentence = _text(rng, n).capitalize() + "."
        out.append(sentence)
        left -= n
    return "\n\n".join(out)


def generate(root: Path, n: int, body_words: int = 800, seed: int = 7, zh_words: int = 0) -> Path:
    """Write a corpus of ``n`` briefs under ``root/briefs`` and return ``root``. With ``zh_words``,
    each body ends with a Chinese passage of that many words (the rest of the corpus is unchanged)."""
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
    for i, slug in enumerate(slugs):
        published = start + dt.timedelta(days=i % 2000)
        chosen = rng.sample(topics, 3)
        related = [slugs[(i + k) % n] for k in (1, 7) if n > 8]
        links = " ".join(f"See [brief {j}]({s}.md)." for j, s in enumerate(related))
        front = {
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
            "related": related,
            "sources": [
                {"title": _text(rng, 6).capitalize(), "url": f"https://example.org/source/{i}",
                 "publisher": "Example Ministry", "type": "primary", "language": "en"},
                {"title": _text(rng, 6).capitalize(), "url": f"https://news.example.org/{i}",
                 "publisher": "Example News", "type": "secondary", "language": "en"},
            ],
        }
        # Responses and instrument histories for the charts (issue 23), drawn without the random
        # generator so that every other field stays as it was: every 10th brief answers the
        # brief three before it, every 5th has an instrument with three statuses (a fifth of those
        # with a scheduled fourth).
        if i % 10 == 3 and i >= 3:
            front["responds_to"] = [slugs[i - 3]]
        if i % 5 == 0:
            history = [{"date": published - dt.timedelta(days=days), "status": status}
                       for days, status in ((200, "proposed"), (100, "adopted"), (30, "in-force"))]
            history[1]["source"] = f"https://example.org/source/{i}"
            if i % 25 == 0:
                history.append({"date": published + dt.timedelta(days=4000), "status": "amended",
                                 "note": "Scheduled revision"})
            front["instrument"] = {"name": f"Synthetic instrument {i}", "type": "rule",
                                   "issuers": ["Example Ministry"], "history": history}
        body = "## What happened\n\n" + _paragraphs(rng, body_words // 2) + "\n\n## Why it matters\n\n"
        body += _paragraphs(rng, body_words - body_words // 2) + "\n\n" + links + "\n"
        if zh_words:
            body += "\n## In Chinese\n\n" + _zh_paragraph(rng, zh_words) + "\n"
        text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n\n" + body
        (briefs / f"{slug}.md").write_text(text, encoding="utf-8")
    return root
