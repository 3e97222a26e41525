"""What the site shows: the visible briefs and everything derived from them.

A brief is *live* when its status is `published` and its date has arrived; it is *withdrawn*
when its status says so (its page stays, with a notice, but it leaves every listing and feed).
Drafts and future-dated briefs are not in the catalog at all.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .corpus import BriefFile, Corpus
from .model import Author, Brief, Jurisdiction, Topic

RELATED_LIMIT = 6


@dataclass
class Entry:
    slug: str
    brief: Brief
    body: str
    source_path: str  # repository-relative
    body_line: int = 1  # the line of the file where the body starts
    html: str = ""  # the rendered body (render.render_bodies), safe ids, before sanitising
    toc: list[dict] = field(default_factory=list)  # its headings, as Python-Markdown's toc tokens

    @property
    def withdrawn(self) -> bool:
        return self.brief.status == "withdrawn"

    @property
    def last_changed(self) -> dt.date:
        """The date that orders feeds: `updated` when present, else `published`."""
        return self.brief.updated or self.brief.published

    @property
    def url(self) -> str:
        return f"briefs/{self.slug}/"


@dataclass
class TimelineEvent:
    date: dt.date
    title: str
    topics: list[str]
    entry: Entry


@dataclass
class ChangeRecord:
    date: dt.date
    kind: str
    note: str
    entry: Entry


@dataclass
class Catalog:
    today: dt.date
    entries: dict[str, Entry]  # every brief with a page (live and withdrawn)
    topics: dict[str, Topic]
    authors: dict[str, Author]
    jurisdictions: dict[str, Jurisdiction]
    live: list[Entry] = field(default_factory=list)  # newest first
    by_topic: dict[str, list[Entry]] = field(default_factory=dict)
    by_author: dict[str, list[Entry]] = field(default_factory=dict)
    by_jurisdiction: dict[str, list[Entry]] = field(default_factory=dict)
    related: dict[str, list[Entry]] = field(default_factory=dict)
    referenced_by: dict[str, list[Entry]] = field(default_factory=dict)
    superseded_by: dict[str, Entry] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # old slug -> slug
    timeline: list[TimelineEvent] = field(default_factory=list)  # oldest first
    changes: list[ChangeRecord] = field(default_factory=list)  # newest first


def is_visible(brief: Brief, today: dt.date) -> bool:
    return brief.status != "draft" and brief.published <= today


def _newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.brief.published, e.slug), reverse=True)


def build(corpus: Corpus, today: dt.date) -> Catalog:
    """Derive the catalog from a corpus that has passed validation."""
    entries = {b.slug: _entry(b) for b in corpus.briefs if b.model and is_visible(b.model, today)}
    cat = Catalog(today, entries, corpus.topics, corpus.authors, corpus.jurisdictions)
    cat.live = _newest_first([e for e in entries.values() if not e.withdrawn])
    cat.by_topic = {topic_id: [] for topic_id in corpus.topics}
    cat.by_author = {author_id: [] for author_id in corpus.authors}
    for entry in cat.live:
        for topic_id in entry.brief.topics:
            cat.by_topic[topic_id].append(entry)
        for author_id in entry.brief.authors:
            cat.by_author[author_id].append(entry)
        for code in entry.brief.jurisdictions:
            cat.by_jurisdiction.setdefault(code, []).append(entry)
    links = {b.slug: [link.target for link in b.links] for b in corpus.briefs}
    referenced: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries.values():
        for alias in entry.brief.aliases:  # a withdrawn brief keeps its page, so its old URLs too
            cat.redirects[alias] = entry.slug
        if entry.withdrawn:
            continue
        for target in dict.fromkeys([*entry.brief.related, *links.get(entry.slug, [])]):
            if target in entries and target != entry.slug:
                referenced[target].append(entry)
        if entry.brief.supersedes in entries:
            cat.superseded_by[entry.brief.supersedes] = entry
    cat.referenced_by = {slug: _newest_first(found) for slug, found in referenced.items()}
    cat.related = {slug: _related(cat, entry) for slug, entry in entries.items()}
    for entry in cat.live:
        for event in entry.brief.events:
            topics = event.topics or entry.brief.topics[:1]
            cat.timeline.append(TimelineEvent(event.date, event.title, list(topics), entry))
    cat.timeline.sort(key=lambda ev: (ev.date, ev.title))
    for entry in cat.live:  # a withdrawn brief leaves every listing, the corrections page included
        for change in entry.brief.changelog:
            cat.changes.append(ChangeRecord(change.date, change.kind, change.note, entry))
    cat.changes.sort(key=lambda c: (c.date, c.entry.slug), reverse=True)
    return cat


def _entry(brief_file: BriefFile) -> Entry:
    assert brief_file.model is not None
    return Entry(brief_file.slug, brief_file.model, brief_file.body, brief_file.rel, brief_file.body_line)


def _related(cat: Catalog, entry: Entry) -> list[Entry]:
    """Declared related briefs first, then others scored by shared topics and jurisdictions."""
    chosen = [cat.entries[s] for s in entry.brief.related if s in cat.entries and not cat.entries[s].withdrawn]
    taken = {entry.slug, *(e.slug for e in chosen)}
    score: Counter[str] = Counter()
    for topic_id in entry.brief.topics:
        for other in cat.by_topic.get(topic_id, ()):
            score[other.slug] += 2 + (topic_id == entry.brief.topics[0] == other.brief.topics[0])
    for code in entry.brief.jurisdictions:
        for other in cat.by_jurisdiction.get(code, ()):
            if other.slug in score:
                score[other.slug] += 1
    # (score, published, slug) tuples compare natively: the top few without sorting them all
    candidates = [
        (points, cat.entries[slug].brief.published, slug)
        for slug, points in score.items()
        if points >= 2 and slug not in taken
    ]
    top = heapq.nlargest(max(0, RELATED_LIMIT - len(chosen)), candidates)
    computed = [cat.entries[slug] for _, _, slug in top]
    return chosen + computed
