"""Atom (site-wide and per topic) and JSON Feed 1.1. Entries are ordered by `updated` when
present, else `published`, so material updates and corrections resurface in readers' feeds."""

from __future__ import annotations

import datetime as dt
import json

from feedgen.feed import FeedGenerator

from .catalog import Catalog, Entry

FEED_SIZE = 50
SITE_TITLE = "AI Governance Briefs"


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _newest(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.last_changed, e.slug), reverse=True)[:FEED_SIZE]


def atom(cat: Catalog, site_url: str, *, topic: str | None = None) -> bytes:
    entries = _newest(cat.by_topic[topic] if topic else cat.live)
    label = cat.topics[topic].label if topic else None
    path = f"topics/{topic}/feed.xml" if topic else "feed.xml"
    fg = FeedGenerator()
    fg.id(site_url + path)
    fg.title(f"{SITE_TITLE}: {label}" if label else SITE_TITLE)
    fg.subtitle(cat.topics[topic].description if topic else "Short, sourced briefs on AI governance and AI safety, "
                "with a focus on China and US–China technology policy.")
    fg.link(href=site_url + (f"topics/{topic}/" if topic else ""), rel="alternate")
    fg.link(href=site_url + path, rel="self")
    fg.language("en")
    fg.author({"name": "AI Governance Briefs editorial team"})
    fg.updated(_when(max((e.last_changed for e in entries), default=cat.today)))
    for entry in reversed(entries):  # feedgen prepends: add oldest first
        b = entry.brief
        fe = fg.add_entry()
        fe.id(site_url + entry.url)
        fe.title(b.title)
        fe.link(href=site_url + entry.url, rel="alternate")
        fe.summary(b.summary)
        fe.published(_when(b.published))
        fe.updated(_when(entry.last_changed))
        for author_id in b.authors:
            fe.author({"name": cat.authors[author_id].name})
        for topic_id in b.topics:
            fe.category(term=topic_id, label=cat.topics[topic_id].label)
    return fg.atom_str(pretty=True)


def json_feed(cat: Catalog, site_url: str) -> str:
    items = []
    for entry in _newest(cat.live):
        b = entry.brief
        items.append(
            {
                "id": site_url + entry.url,
                "url": site_url + entry.url,
                "title": b.title,
                "summary": b.summary,
                "content_text": b.summary + "\n\n" + "\n".join(f"- {p}" for p in b.key_points),
                "date_published": _when(b.published).isoformat(),
                "date_modified": _when(entry.last_changed).isoformat(),
                "authors": [{"name": cat.authors[a].name} for a in b.authors],
                "tags": [cat.topics[t].label for t in b.topics],
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": SITE_TITLE,
        "home_page_url": site_url,
        "feed_url": site_url + "feed.json",
        "description": "Short, sourced briefs on AI governance and AI safety, with a focus on China "
        "and US–China technology policy.",
        "language": "en",
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"
