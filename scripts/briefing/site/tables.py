"""The rows of the open-data tables (contract v3, `/data/`): one pydantic model per table, and
the Frictionless Table Schema of each derived from it (field types, required fields, enums,
primary and foreign keys), so the CSV files and their documentation cannot drift apart.

Only live briefs are in the tables (as in `/api/briefs.json`); where things stand on the build
date (status now and since, next date, latest development) is read from the catalog's state
(state.py), never computed again.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import ChangeKind, EventKind, InstrumentStatus, InstrumentType, SourceType
from .catalog import Catalog, changelog_anchors

RelationKind = Literal["related", "supersedes", "responds_to", "links_to"]
Record = tuple[Any, ...]
_COLUMNS: dict[type, tuple[str, ...]] = {}
LIST_SEPARATOR = "; "


class Row(BaseModel):
    """A table's row. Subclasses name the table, its primary key and its foreign keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    table: ClassVar[str]
    title: ClassVar[str]
    primary_key: ClassVar[tuple[str, ...]]
    foreign_keys: ClassVar[tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]] = ()

    @classmethod
    def record(cls, **values: Any) -> Record:
        """A row as a tuple in column order, from values by column name (a missing one is empty).
        Rows are built this way, without validation: their values come from validated briefs, and
        5,000 briefs make 65,000 rows (tests/test_datapackage.py validates every one with the model)."""
        names = _COLUMNS.get(cls) or _COLUMNS.setdefault(cls, tuple(columns(cls)))
        unknown = values.keys() - set(names)
        if unknown:
            raise TypeError(f"{cls.__name__} has no column {sorted(unknown)}")
        return tuple(values.get(name) for name in names)


class BriefRow(Row):
    """One live brief."""

    table: ClassVar[str] = "briefs"
    title: ClassVar[str] = "Briefs"
    primary_key: ClassVar[tuple[str, ...]] = ("slug",)
    foreign_keys: ClassVar = ((("primary_topic",), "topics", ("id",)),)

    slug: str = Field(description="Permanent identifier; the brief's address is <site>/briefs/<slug>/.")
    url: str = Field(description="Permalink of the brief page.")
    title_text: str = Field(alias="title", description="Title (plain text).")
    summary: str = Field(description="One- or two-sentence summary (plain text).")
    published: dt.date = Field(description="Date first published.")
    updated: dt.date | None = Field(None, description="Date of the last material change, if any.")
    reviewed: dt.date | None = Field(None, description="Date of the last full editorial review, if any.")
    current_as_of: dt.date = Field(description="Last reviewed, else last changed, else published.")
    latest_development: dt.date = Field(
        description="Its latest past event or status change, else its instrument's adoption, else its publication.")
    primary_topic: str = Field(description="Id of the brief's primary topic (see topics).")
    topics: str = Field(description="Ids of all its topics, the primary first, separated by '; ' (see brief_topics).")
    jurisdictions: str = Field(description="Jurisdiction codes, separated by '; ' (see brief_jurisdictions).")
    authors: str = Field(description="Author names, separated by '; '.")
    key_points: str = Field(description="Key points, one per line.")
    source_count: int = Field(ge=0, description="Number of sources (see sources).")
    supersedes: str | None = Field(None, description="Slug of the brief this one replaces, if it is live.")
    superseded_by: str | None = Field(None, description="Slug of the brief that replaces this one, if any.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class BriefTopicRow(Row):
    """Which topics each brief belongs to."""

    table: ClassVar[str] = "brief_topics"
    title: ClassVar[str] = "Topics of each brief"
    primary_key: ClassVar[tuple[str, ...]] = ("slug", "topic")
    foreign_keys: ClassVar = ((("slug",), "briefs", ("slug",)), (("topic",), "topics", ("id",)))

    slug: str = Field(description="The brief.")
    topic: str = Field(description="A topic id.")
    position: int = Field(ge=1, description="1 for the primary topic, then in the brief's order.")


class BriefJurisdictionRow(Row):
    """Which jurisdictions each brief concerns."""

    table: ClassVar[str] = "brief_jurisdictions"
    title: ClassVar[str] = "Jurisdictions of each brief"
    primary_key: ClassVar[tuple[str, ...]] = ("slug", "jurisdiction")
    foreign_keys: ClassVar = ((("slug",), "briefs", ("slug",)), (("jurisdiction",), "jurisdictions", ("code",)))

    slug: str = Field(description="The brief.")
    jurisdiction: str = Field(description="A jurisdiction code.")


class InstrumentRow(Row):
    """The policy instrument a brief is about (at most one per brief), with where it stands on the build date."""

    table: ClassVar[str] = "instruments"
    title: ClassVar[str] = "Instruments"
    primary_key: ClassVar[tuple[str, ...]] = ("slug",)
    foreign_keys: ClassVar = ((("slug",), "briefs", ("slug",)),)

    slug: str = Field(description="The brief about the instrument.")
    name: str = Field(description="Official English name.")
    name_zh: str | None = Field(None, description="Official Chinese name, where there is one.")
    type: InstrumentType = Field(description="Kind of instrument.")
    issuers: str = Field(description="The bodies that issued it, separated by '; '.")
    adopted: dt.date | None = Field(None, description="Date adopted or issued.")
    effective: dt.date | None = Field(None, description="Date it took effect.")
    status: InstrumentStatus | None = Field(None, description="Its status on the build date.")
    status_since: dt.date | None = Field(None, description="Date of the history entry that status rests on.")
    status_source: str | None = Field(None, description="URL of the source of that history entry.")
    next_date: dt.date | None = Field(None, description="Next scheduled date (status change or event), if any.")
    next_what: str | None = Field(None, description="What is scheduled on next_date.")


class StatusHistoryRow(Row):
    """Each dated step of an instrument's status history, oldest first; a step after the build date is scheduled."""

    table: ClassVar[str] = "status_history"
    title: ClassVar[str] = "Status history"
    primary_key: ClassVar[tuple[str, ...]] = ("slug", "position")
    foreign_keys: ClassVar = ((("slug",), "instruments", ("slug",)),)

    slug: str = Field(description="The brief whose instrument it is.")
    position: int = Field(ge=1, description="Order in the history, from 1.")
    date: dt.date = Field(description="When the instrument reached the status.")
    status: InstrumentStatus = Field(description="The status reached.")
    note: str | None = Field(None, description="What happened.")
    source: str | None = Field(None, description="URL of the brief's source that is the evidence.")
    scheduled: bool = Field(description="True when dated after the build date.")


class EventRow(Row):
    """The dated events each brief covers."""

    table: ClassVar[str] = "events"
    title: ClassVar[str] = "Events"
    primary_key: ClassVar[tuple[str, ...]] = ("slug", "position")
    foreign_keys: ClassVar = ((("slug",), "briefs", ("slug",)),)

    slug: str = Field(description="The brief.")
    position: int = Field(ge=1, description="Order in the brief, from 1.")
    date: dt.date = Field(description="First day.")
    end: dt.date | None = Field(None, description="Last day of a multi-day event.")
    title_text: str = Field(alias="title", description="What happens or happened.")
    kind: EventKind | None = Field(None, description="Kind of event.")
    url: str | None = Field(None, description="Official page.")
    scheduled: bool = Field(description="True when dated after the build date.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SourceRow(Row):
    """The sources each brief relies on, in the brief's order."""

    table: ClassVar[str] = "sources"
    title: ClassVar[str] = "Sources"
    primary_key: ClassVar[tuple[str, ...]] = ("slug", "position")
    foreign_keys: ClassVar = ((("slug",), "briefs", ("slug",)),)

    slug: str = Field(description="The brief.")
    position: int = Field(ge=1, description="Number of the source in the brief, from 1.")
    source_id: str | None = Field(None, description="The id the brief's text cites it by, if any.")
    title_text: str = Field(alias="title", description="The source's own title.")
    url: str = Field(description="Where to read it.")
    publisher: str = Field(description="Who published it.")
    published: dt.date | None = Field(None, description="Its publication date.")
    type: SourceType = Field(description="primary (the official text), secondary or translation.")
    language: str = Field(description="BCP 47 language tag.")
    archived_url: str | None = Field(None, description="An archived copy.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class RelationRow(Row):
    """Links between live briefs, as declared: related, supersedes, responds_to (its measure answers the
    target's), links_to (its text links to the target)."""

    table: ClassVar[str] = "relations"
    title: ClassVar[str] = "Relations between briefs"
    primary_key: ClassVar[tuple[str, ...]] = ("source", "kind", "target")
    foreign_keys: ClassVar = ((("source",), "briefs", ("slug",)), (("target",), "briefs", ("slug",)))

    source: str = Field(description="The brief that declares the relation.")
    kind: RelationKind = Field(description="related, supersedes, responds_to or links_to.")
    target: str = Field(description="The brief it points to.")


class ChangeRow(Row):
    """Every changelog entry of a live brief: updates, clarifications and corrections."""

    table: ClassVar[str] = "changelog"
    title: ClassVar[str] = "Changelog"
    primary_key: ClassVar[tuple[str, ...]] = ("slug", "anchor")
    foreign_keys: ClassVar = ((("slug",), "briefs", ("slug",)),)

    slug: str = Field(description="The brief.")
    anchor: str = Field(description="The entry's anchor on the brief page (<url>#<anchor>).")
    date: dt.date = Field(description="When the change was made.")
    kind: ChangeKind = Field(description="update, clarification or correction.")
    note: str = Field(description="What changed.")


class TopicRow(Row):
    """The topic vocabulary."""

    table: ClassVar[str] = "topics"
    title: ClassVar[str] = "Topics"
    primary_key: ClassVar[tuple[str, ...]] = ("id",)
    foreign_keys: ClassVar = ((("overview",), "briefs", ("slug",)),)

    id: str = Field(description="Topic id; its page is <site>/topics/<id>/.")
    label: str = Field(description="Name readers see.")
    description: str = Field(description="One or two sentences.")
    overview: str | None = Field(None, description="Slug of the brief that frames the topic, if any.")
    brief_count: int = Field(ge=0, description="Number of live briefs in the topic.")


class JurisdictionRow(Row):
    """The jurisdiction codes in use."""

    table: ClassVar[str] = "jurisdictions"
    title: ClassVar[str] = "Jurisdictions"
    primary_key: ClassVar[tuple[str, ...]] = ("code",)

    code: str = Field(description="ISO 3166-1 or 3166-2 code, EU, UN or INT.")
    label: str = Field(description="Name readers see.")
    brief_count: int = Field(ge=0, description="Number of live briefs that concern it.")


TABLES: tuple[type[Row], ...] = (BriefRow, BriefTopicRow, BriefJurisdictionRow, InstrumentRow, StatusHistoryRow,
                                 EventRow, SourceRow, RelationRow, ChangeRow, TopicRow, JurisdictionRow)


# --- Table Schema ---------------------------------------------------------------------------------

_TYPES: dict[Any, str] = {str: "string", int: "integer", bool: "boolean", dt.date: "date", float: "number"}


def _column(name: str, info: Any) -> str:
    return info.alias or name


def columns(model: type[Row]) -> list[str]:
    return [_column(name, info) for name, info in model.model_fields.items()]


def _field(name: str, info: Any) -> dict[str, Any]:
    annotation = info.annotation
    required = True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        required = len(args) == len(typing.get_args(annotation))
        annotation = args[0]
    spec: dict[str, Any] = {"name": _column(name, info)}
    constraints: dict[str, Any] = {}
    if typing.get_origin(annotation) is Literal:
        spec["type"] = "string"
        constraints["enum"] = list(typing.get_args(annotation))
    else:
        spec["type"] = _TYPES[annotation]
    if spec["type"] == "date":
        spec["format"] = "default"  # ISO 8601, YYYY-MM-DD
    if info.description:
        spec["description"] = info.description
    for meta in info.metadata:
        if getattr(meta, "ge", None) is not None:
            constraints["minimum"] = meta.ge
    if required:
        constraints["required"] = True
    if constraints:
        spec["constraints"] = constraints
    return spec


def table_schema(model: type[Row]) -> dict[str, Any]:
    """The Frictionless Table Schema of a table, from its row model."""
    schema: dict[str, Any] = {
        "fields": [_field(name, info) for name, info in model.model_fields.items()],
        "missingValues": [""],
        "primaryKey": list(model.primary_key),
    }
    if model.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(own), "reference": {"resource": resource, "fields": list(theirs)}}
            for own, resource, theirs in model.foreign_keys
        ]
    return schema


# --- rows -----------------------------------------------------------------------------------------


def _joined(items: list[str]) -> str:
    return LIST_SEPARATOR.join(items)


def rows(cat: Catalog, site_url: str) -> dict[str, list[Record]]:
    """Every table's rows (tuples in column order, see Row.record), by table name, in a stable order."""
    return {model.table: list(found) for model, found in (
        (BriefRow, _briefs(cat, site_url)), (BriefTopicRow, _brief_topics(cat)),
        (BriefJurisdictionRow, _brief_jurisdictions(cat)), (InstrumentRow, _instruments(cat)),
        (StatusHistoryRow, _history(cat)), (EventRow, _events(cat)), (SourceRow, _sources(cat)),
        (RelationRow, _relations(cat)), (ChangeRow, _changes(cat)), (TopicRow, _topics(cat)),
        (JurisdictionRow, _jurisdictions(cat)))}


def _live(cat: Catalog) -> list[Any]:
    return sorted(cat.live, key=lambda e: e.slug)


def _briefs(cat: Catalog, site_url: str) -> Iterator[Record]:
    live = {e.slug for e in cat.live}
    for e in _live(cat):
        b, state = e.brief, cat.state[e.slug]
        successor = cat.superseded_by.get(e.slug)
        yield BriefRow.record(
            slug=e.slug, url=site_url + e.url, title=b.title, summary=b.summary, published=b.published,
            updated=b.updated, reviewed=b.reviewed, current_as_of=state.current_as_of,
            latest_development=state.latest_development, primary_topic=b.topics[0], topics=_joined(b.topics),
            jurisdictions=_joined(b.jurisdictions), authors=_joined([cat.authors[a].name for a in b.authors]),
            key_points="\n".join(b.key_points), source_count=len(b.sources),
            supersedes=b.supersedes if b.supersedes in live else None,
            superseded_by=successor.slug if successor is not None and successor.slug in live else None,
        )


def _brief_topics(cat: Catalog) -> Iterator[Record]:
    for e in _live(cat):
        for position, topic in enumerate(dict.fromkeys(e.brief.topics), 1):
            yield BriefTopicRow.record(slug=e.slug, topic=topic, position=position)


def _brief_jurisdictions(cat: Catalog) -> Iterator[Record]:
    for e in _live(cat):
        for code in dict.fromkeys(e.brief.jurisdictions):
            yield BriefJurisdictionRow.record(slug=e.slug, jurisdiction=code)


def _instruments(cat: Catalog) -> Iterator[Record]:
    for e in _live(cat):
        instrument = e.brief.instrument
        if instrument is None:
            continue
        state = cat.state[e.slug]
        now, upcoming = state.status, state.next
        yield InstrumentRow.record(
            slug=e.slug, name=instrument.name, name_zh=instrument.name_zh, type=instrument.type,
            issuers=_joined(list(instrument.issuers)), adopted=instrument.adopted, effective=instrument.effective,
            status=now.status if now else None, status_since=now.since if now else None,
            status_source=now.source if now else None, next_date=upcoming.date if upcoming else None,
            next_what=upcoming.what if upcoming else None,
        )


def _history(cat: Catalog) -> Iterator[Record]:
    for e in _live(cat):
        if e.brief.instrument is None:
            continue
        for position, step in enumerate(e.brief.instrument.history, 1):
            yield StatusHistoryRow.record(slug=e.slug, position=position, date=step.date, status=step.status,
                                   note=step.note, source=step.source, scheduled=step.date > cat.today)


def _events(cat: Catalog) -> Iterator[Record]:
    for e in _live(cat):
        for position, event in enumerate(e.brief.events, 1):
            yield EventRow.record(slug=e.slug, position=position, date=event.date, end=event.end, title=event.title,
                           kind=event.kind, url=event.url, scheduled=event.date > cat.today)


def _sources(cat: Catalog) -> Iterator[Record]:
    for e in _live(cat):
        for position, source in enumerate(e.brief.sources, 1):
            yield SourceRow.record(slug=e.slug, position=position, source_id=source.id, title=source.title,
                                   url=source.url, publisher=source.publisher, published=source.published,
                                   type=source.type, language=source.language, archived_url=source.archived_url)


def _relations(cat: Catalog) -> Iterator[Record]:
    live = {e.slug for e in cat.live}
    for e in _live(cat):
        found: dict[tuple[str, str], None] = {}
        for target in e.brief.related:
            found[("related", target)] = None
        if e.brief.supersedes:
            found[("supersedes", e.brief.supersedes)] = None
        for other in cat.responds_to.get(e.slug, []):
            found[("responds_to", other.slug)] = None
        for other in cat.links_to.get(e.slug, []):
            found[("links_to", other.slug)] = None
        for kind, target in sorted(found):
            if target in live and target != e.slug:
                yield RelationRow.record(source=e.slug, kind=kind, target=target)


def _changes(cat: Catalog) -> Iterator[Record]:
    for e in _live(cat):
        for change, anchor in changelog_anchors(e.brief):
            yield ChangeRow.record(slug=e.slug, anchor=anchor, date=change.date, kind=change.kind, note=change.note)


def _topics(cat: Catalog) -> Iterator[Record]:
    live = {e.slug for e in cat.live}
    for topic_id in sorted(cat.topics):
        topic = cat.topics[topic_id]
        yield TopicRow.record(id=topic_id, label=topic.label, description=topic.description,
                       overview=topic.overview if topic.overview in live else None,
                       brief_count=len(cat.by_topic.get(topic_id, [])))


def _jurisdictions(cat: Catalog) -> Iterator[Record]:
    for code in sorted(cat.jurisdictions):
        yield JurisdictionRow.record(code=code, label=cat.jurisdictions[code].label,
                              brief_count=len(cat.by_jurisdiction.get(code, [])))
