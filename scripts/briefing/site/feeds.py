"""Atom (site-wide and per topic) and JSON Feed 1.1. Entries are ordered by `updated` when
present, else `published`, so material updates and corrections resurface in readers' feeds.
The updates feeds (`/updates.xml`, `/updates.json`, `/topics/<id>/updates.xml`,
`/corrections/feed.xml`) hold one entry per new brief and per changelog entry instead."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

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


# --- updates: every new brief and every changelog entry (contract v2) ----------------------------

KINDS = {"new": "New brief", "update": "Update", "clarification": "Clarification", "correction": "Correction"}


@dataclass
class Update:
    """One entry of the updates feeds: a brief's publication (kind `new`) or a changelog entry."""

    date: dt.date
    kind: str  # new | update | clarification | correction
    note: str
    entry: Entry
    anchor: str = ""  # the changelog entry's id on the brief page ("" for a publication)

    def link(self, site_url: str) -> str:
        return site_url + self.entry.url + (f"#{self.anchor}" if self.anchor else "")

    def id(self, site_url: str) -> str:
        """Stable: the brief's permalink for its publication, else the link to the change."""
        return self.link(site_url)

    @property
    def title(self) -> str:
        return f"{KINDS[self.kind]}: {self.entry.brief.title}"


def updates(cat: Catalog, *, topic: str | None = None, kinds: tuple[str, ...] | None = None) -> list[Update]:
    """Newest first; on the same day a change comes before the publication it follows. Only live
    briefs: cat.live and cat.changes hold no withdrawn, draft or future brief."""
    found = [Update(e.brief.published, "new", e.brief.summary, e) for e in cat.live]
    found += [Update(c.date, c.kind, c.note, c.entry, c.anchor) for c in cat.changes]
    found = [u for u in found
             if (topic is None or topic in u.entry.brief.topics) and (kinds is None or u.kind in kinds)]
    return sorted(found, key=lambda u: (u.date, u.kind != "new", u.entry.slug, u.anchor), reverse=True)


def updates_atom(cat: Catalog, site_url: str, *, topic: str | None = None, corrections: bool = False) -> bytes:
    """`/updates.xml`, `/topics/<id>/updates.xml`, or (``corrections``) `/corrections/feed.xml`."""
    found = updates(cat, topic=topic, kinds=("correction",) if corrections else None)
    label = cat.topics[topic].label if topic else None
    if corrections:
        path, home, title = "corrections/feed.xml", "corrections/", f"{SITE_TITLE}: corrections"
        subtitle = "Every correction made to a brief, newest first."
    else:
        path = f"topics/{topic}/updates.xml" if topic else "updates.xml"
        home = f"topics/{topic}/" if topic else ""
        title = f"{SITE_TITLE}: updates on {label}" if label else f"{SITE_TITLE}: updates"
        subtitle = "Every new brief and every change to a brief, newest first."
    fg = FeedGenerator()
    fg.id(site_url + path)
    fg.title(title)
    fg.subtitle(subtitle)
    fg.link(href=site_url + home, rel="alternate")
    fg.link(href=site_url + path, rel="self")
    fg.language("en")
    fg.author({"name": "AI Governance Briefs editorial team"})
    fg.updated(_when(max((u.date for u in found), default=cat.today)))
    for update in reversed(found):  # feedgen prepends: add oldest first
        b = update.entry.brief
        fe = fg.add_entry()
        fe.id(update.id(site_url))
        fe.title(update.title)
        fe.link(href=update.link(site_url), rel="alternate")
        fe.summary(update.note)
        fe.published(_when(update.date))
        fe.updated(_when(update.date))
        for author_id in b.authors:
            fe.author({"name": cat.authors[author_id].name})
        fe.category(term=update.kind, label=KINDS[update.kind])
        for topic_id in b.topics:
            fe.category(term=topic_id, label=cat.topics[topic_id].label, scheme=site_url + "topics/")
    return fg.atom_str(pretty=True)


def updates_json(cat: Catalog, site_url: str) -> str:
    """`/updates.json`: the same entries as `/updates.xml`, as JSON Feed 1.1."""
    items = []
    for update in updates(cat):
        b = update.entry.brief
        items.append(
            {
                "id": update.id(site_url),
                "url": update.link(site_url),
                "external_url": site_url + update.entry.url,
                "title": update.title,
                "summary": update.note,
                "content_text": update.note,
                "date_published": _when(update.date).isoformat(),
                "date_modified": _when(update.date).isoformat(),
                "authors": [{"name": cat.authors[a].name} for a in b.authors],
                "tags": [update.kind],
                "_briefing": {"kind": update.kind, "brief": update.entry.slug, "topics": list(b.topics)},
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{SITE_TITLE}: updates",
        "home_page_url": site_url,
        "feed_url": site_url + "updates.json",
        "description": "Every new brief and every change to a brief, newest first.",
        "language": "en",
        "items": items,
    }
    # compact: it holds every update ever (written by the C encoder, which indentation would bypass)
    return json.dumps(feed, ensure_ascii=False, separators=(",", ":")) + "\n"
