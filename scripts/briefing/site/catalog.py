"""What the site shows: the visible briefs and everything derived from them.

A brief is *live* when its status is `published` and its date has arrived; it is *withdrawn*
when its status says so (its page stays, with a notice, but it leaves every listing and feed).
Drafts and future-dated briefs are not in the catalog at all.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..digest import digest
from ..load.corpus import BriefFile, Corpus
from ..model import Author, Brief, Jurisdiction, Topic
from .state import BriefState, brief_state

RELATED_LIMIT = 6
# Computed related briefs look at no more than this many briefs per topic: those published
# nearest in time to the brief. Work per brief is bounded (5 topics x 2 x 60 candidates), so the
# whole catalog is linear in the number of briefs; in a topic smaller than this nothing changes.
RELATED_WINDOW = 60


@dataclass
class Entry:
    slug: str
    brief: Brief
    body: str
    source_path: str  # repository-relative
    body_line: int = 1  # the line of the file where the body starts
    html: str = ""  # the rendered body (render.render_bodies), safe ids, before sanitising
    toc: list[dict] = field(default_factory=list)  # its headings, as Python-Markdown's toc tokens
    cited: dict[int, int] = field(default_factory=dict)  # source number -> markers citing it (citations.py)

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
    """A dated item of the timeline and the calendar: an event a brief covers, or a step in its
    instrument's status history (``status`` set). Dated after the build date, it is scheduled."""

    date: dt.date
    title: str
    topics: list[str]
    entry: Entry
    kind: str | None = None  # the event's kind; "status" for a history step
    end: dt.date | None = None
    url: str | None = None
    status: str | None = None  # a history step's status
    note: str | None = None
    uid_key: str = ""  # stable across builds and edits of unrelated fields (see calendar.py)
    scheduled: bool = False

    @property
    def last_day(self) -> dt.date:
        return self.end or self.date

    def in_topic(self, topic: str) -> bool:
        """On a topic's pages and in its calendar: the item's own topics or its brief's include it."""
        return topic in self.topics or topic in self.entry.brief.topics


@dataclass
class ChangeRecord:
    """A changelog entry of a live brief; ``anchor`` is its id on the brief page."""

    date: dt.date
    kind: str
    note: str
    entry: Entry
    anchor: str = ""


@dataclass
class Catalog:
    today: dt.date
    entries: dict[str, Entry]  # every brief with a page (live and withdrawn)
    topics: dict[str, Topic]
    authors: dict[str, Author]
    jurisdictions: dict[str, Jurisdiction]
    live: list[Entry] = field(default_factory=list)  # newest first
    by_topic: dict[str, list[Entry]] = field(default_factory=dict)  # live, newest first
    topic_index: dict[tuple[str, str], int] = field(default_factory=dict)  # (topic, slug) -> place in by_topic
    by_author: dict[str, list[Entry]] = field(default_factory=dict)
    by_jurisdiction: dict[str, list[Entry]] = field(default_factory=dict)
    related: dict[str, list[Entry]] = field(default_factory=dict)
    referenced_by: dict[str, list[Entry]] = field(default_factory=dict)
    superseded_by: dict[str, Entry] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # old slug -> slug
    timeline: list[TimelineEvent] = field(default_factory=list)  # past and today: oldest first
    upcoming: list[TimelineEvent] = field(default_factory=list)  # scheduled: nearest first
    changes: list[ChangeRecord] = field(default_factory=list)  # newest first
    # Relations in both directions (live briefs only), by kind
    related_declared: dict[str, list[Entry]] = field(default_factory=dict)  # declared on either side
    links_to: dict[str, list[Entry]] = field(default_factory=dict)  # this brief's body links
    links_here: dict[str, list[Entry]] = field(default_factory=dict)  # bodies that link this brief
    responds_to: dict[str, list[Entry]] = field(default_factory=dict)  # measures this brief's measure answers
    answered_by: dict[str, list[Entry]] = field(default_factory=dict)  # briefs whose measure answers this one's
    # Where things stand on the build date, per brief with a page (state.py): status now and since,
    # next date, latest development, watch items, current as of
    state: dict[str, BriefState] = field(default_factory=dict)

    def current_status(self, entry: Entry) -> str | None:
        instrument = entry.brief.instrument
        return instrument.current_status(self.today) if instrument else None

    @property
    def calendar(self) -> list[TimelineEvent]:
        """Every dated item, past and upcoming, in date order."""
        return sorted([*self.timeline, *self.upcoming], key=lambda ev: (ev.date, ev.uid_key))


def is_visible(brief: Brief, today: dt.date) -> bool:
    return brief.status != "draft" and brief.published <= today


def _newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.brief.published, e.slug), reverse=True)


@dataclass
class RelatedMemo:
    """Computed related briefs kept between builds (``mkdocs serve``), as slugs, with a digest of
    everything the scoring reads from every brief: slug, topics, jurisdictions, publication
    date, declared related briefs and whether it is withdrawn. An edit that leaves all of these
    alone (a summary, a body, a source) reuses the lists; any other recomputes them all."""

    signature: str = ""
    related: dict[str, list[str]] = field(default_factory=dict)


def _ranking_signature(entries: dict[str, Entry]) -> str:
    return digest(*(repr((slug, e.brief.topics, e.brief.jurisdictions, e.brief.published.toordinal(),
                          e.brief.related, e.withdrawn)) for slug, e in entries.items()))


def shown(corpus: Corpus, today: dt.date) -> list[BriefFile]:
    """The briefs the catalog holds (its entries): valid and visible on ``today``."""
    return [b for b in corpus.briefs if b.model and is_visible(b.model, today)]


def build(corpus: Corpus, today: dt.date, memo: RelatedMemo | None = None) -> Catalog:
    """Derive the catalog from a corpus that has passed validation."""
    entries = {b.slug: _entry(b) for b in shown(corpus, today)}
    cat = Catalog(today, entries, corpus.topics, corpus.authors, corpus.jurisdictions)
    cat.live = _newest_first([e for e in entries.values() if not e.withdrawn])
    cat.by_topic = {topic_id: [] for topic_id in corpus.topics}
    cat.by_author = {author_id: [] for author_id in corpus.authors}
    for entry in cat.live:
        for topic_id in entry.brief.topics:
            cat.topic_index[(topic_id, entry.slug)] = len(cat.by_topic[topic_id])
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
    signature = _ranking_signature(entries) if memo is not None else ""
    if memo is not None and memo.signature == signature:
        cat.related = {slug: [entries[s] for s in memo.related[slug]] for slug in entries}
    else:
        cat.related = {slug: _related(cat, entry) for slug, entry in entries.items()}
        if memo is not None:
            memo.signature = signature
            memo.related = {slug: [e.slug for e in found] for slug, found in cat.related.items()}
    _relations(cat, links)
    cat.state = {slug: brief_state(entry.brief, today) for slug, entry in entries.items()}
    items = [item for entry in cat.live for item in dated_items(entry, today)]
    cat.timeline = sorted((i for i in items if not i.scheduled), key=lambda ev: (ev.date, ev.title))
    cat.upcoming = sorted((i for i in items if i.scheduled), key=lambda ev: (ev.date, ev.title))
    for entry in cat.live:  # a withdrawn brief leaves every listing, the corrections page included
        for change, anchor in changelog_anchors(entry.brief):
            cat.changes.append(ChangeRecord(change.date, change.kind, change.note, entry, anchor))
    cat.changes.sort(key=lambda c: (c.date, c.entry.slug, c.anchor), reverse=True)
    return cat


def changelog_anchors(brief: Brief) -> list[tuple[object, str]]:
    """Each changelog entry with its anchor on the brief page: `changelog-<date>`, then
    `changelog-<date>-2`, ... for further entries of the same day (in the order written)."""
    seen: Counter[dt.date] = Counter()
    out = []
    for change in brief.changelog:
        seen[change.date] += 1
        suffix = "" if seen[change.date] == 1 else f"-{seen[change.date]}"
        out.append((change, f"changelog-{change.date.isoformat()}{suffix}"))
    return out


def dated_items(entry: Entry, today: dt.date) -> list[TimelineEvent]:
    """A brief's events and its instrument's status steps, as timeline and calendar items."""
    brief = entry.brief
    items: list[TimelineEvent] = []
    ordinal: Counter[dt.date] = Counter()
    for event in brief.events:
        ordinal[event.date] += 1
        items.append(TimelineEvent(
            event.date, event.title, list(event.topics or brief.topics[:1]), entry, event.kind, event.end,
            event.url, uid_key=f"{entry.slug}/event/{event.date.isoformat()}/{ordinal[event.date]}",
            scheduled=event.date > today,
        ))
    if brief.instrument is not None:
        name = brief.instrument.name
        for step in brief.instrument.history:
            same_day = _event_of_day(items, step.date)
            if same_day is not None:  # one happening (the rule takes effect): one item, with the status
                same_day.status, same_day.note = step.status, step.note
                same_day.url = same_day.url or step.source
                continue
            label = step.status.replace("-", " ")
            items.append(TimelineEvent(
                step.date, f"{name}: {label}" + (f" ({step.note})" if step.note else ""), brief.topics[:1], entry,
                "status", None, step.source, step.status, step.note,
                uid_key=f"{entry.slug}/status/{step.date.isoformat()}/{step.status}", scheduled=step.date > today,
            ))
    return items


_SAME_DAY_KINDS = ("takes-effect", "compliance-deadline", "vote", "publication")


def _event_of_day(items: list[TimelineEvent], day: dt.date) -> TimelineEvent | None:
    """The brief's event on ``day`` that a status step of the same day merges into (contract v3:
    an event and a status change of the same instrument on the same day appear once): an event
    that says the instrument takes effect or is decided first, else the day's first event."""
    found = [item for item in items if item.date == day and item.kind != "status" and item.status is None]
    if not found:
        return None
    return min(found, key=lambda item: _SAME_DAY_KINDS.index(item.kind) if item.kind in _SAME_DAY_KINDS else 9)


def _relations(cat: Catalog, links: dict[str, list[str]]) -> None:
    """Relations by kind, both ways, among live briefs (linear in the number of declarations)."""
    live = {e.slug: e for e in cat.live}
    declared: dict[str, dict[str, None]] = defaultdict(dict)
    linked: dict[str, dict[str, None]] = defaultdict(dict)
    linked_here: dict[str, dict[str, None]] = defaultdict(dict)
    answers: dict[str, dict[str, None]] = defaultdict(dict)
    answered: dict[str, dict[str, None]] = defaultdict(dict)
    for entry in cat.live:
        for other in entry.brief.responds_to:
            if other in live and other != entry.slug:
                answers[entry.slug][other] = None
                answered[other][entry.slug] = None
        for other in entry.brief.related:
            if other in live and other != entry.slug:
                declared[entry.slug][other] = None
                declared[other][entry.slug] = None
        for other in links.get(entry.slug, []):
            if other in live and other != entry.slug:
                linked[entry.slug][other] = None
                linked_here[other][entry.slug] = None

    def entries(found: dict[str, dict[str, None]]) -> dict[str, list[Entry]]:
        return {slug: sorted((live[s] for s in others), key=lambda e: e.brief.title) for slug, others in found.items()}

    cat.related_declared, cat.links_to, cat.links_here = entries(declared), entries(linked), entries(linked_here)
    cat.responds_to, cat.answered_by = entries(answers), entries(answered)


def _entry(brief_file: BriefFile) -> Entry:
    assert brief_file.model is not None
    return Entry(brief_file.slug, brief_file.model, brief_file.body, brief_file.rel, brief_file.body_line)


def _nearest(cat: Catalog, topic_id: str, entry: Entry) -> list[Entry]:
    """The briefs of a topic published nearest to ``entry`` (a window of RELATED_WINDOW on each
    side of its place in the topic's newest-first list)."""
    members = cat.by_topic.get(topic_id, [])
    if len(members) <= 2 * RELATED_WINDOW:
        return members
    index = cat.topic_index.get((topic_id, entry.slug))
    if index is None:  # a withdrawn brief is in no listing: place it by its date
        keys = [(-e.brief.published.toordinal(), e.slug) for e in members]
        index = bisect.bisect_left(keys, (-entry.brief.published.toordinal(), entry.slug))
    return members[max(0, index - RELATED_WINDOW): index + RELATED_WINDOW + 1]


def _related(cat: Catalog, entry: Entry) -> list[Entry]:
    """Declared related briefs first, then others scored by shared topics and jurisdictions: two
    points per shared topic among the nearest briefs of each, one more when both have it as their
    primary topic, and one for sharing a jurisdiction (looked up for the candidates only)."""
    entries = cat.entries
    chosen = [entries[s] for s in entry.brief.related if s in entries and not entries[s].withdrawn]
    taken = {entry.slug, *(e.slug for e in chosen)}
    score: dict[str, int] = {}
    get = score.get
    topics = entry.brief.topics
    primary = topics[0]
    for topic_id in topics:
        if topic_id == primary:
            for other in _nearest(cat, topic_id, entry):
                slug = other.slug
                score[slug] = get(slug, 0) + (3 if other.brief.topics[0] == primary else 2)
        else:
            for other in _nearest(cat, topic_id, entry):
                slug = other.slug
                score[slug] = get(slug, 0) + 2
    codes = frozenset(entry.brief.jurisdictions)
    if codes:
        for slug in score:
            if not codes.isdisjoint(entries[slug].brief.jurisdictions):
                score[slug] += 1
    # (score, published, slug) tuples compare natively: the top few without sorting them all
    candidates = [(points, entries[slug].brief.published, slug) for slug, points in score.items()
                  if points >= 2 and slug not in taken]
    top = heapq.nlargest(max(0, RELATED_LIMIT - len(chosen)), candidates)
    return chosen + [entries[slug] for _, _, slug in top]
