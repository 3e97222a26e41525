"""The JSON API: `/api/briefs.json` and its JSON Schema, both from one pydantic model."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import ChangelogEntry, Event, Instrument, Source
from .catalog import Catalog, Entry

API_VERSION = 1


class Ref(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(description="The id in the publication's vocabulary.")
    label: str = Field(description="The name readers see.")


class ApiNext(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    what: str = Field(description="The event's title, or the instrument and the status it changes to.")
    kind: Literal["status", "event"] = Field(description="A scheduled status change, or an upcoming event.")
    status: str | None = Field(None, description="For a status change: the status from that date.")


class ApiWatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date = Field(description="The date by which the answer should be known.")
    item: str
    state: Literal["upcoming", "overdue", "resolved"] = Field(
        description="On the build date: `overdue` when the date has passed without `resolved`.")
    resolved: dt.date | None = None
    note: str | None = None


class ApiBrief(BaseModel):
    """One published brief, as the API serves it."""

    model_config = ConfigDict(extra="forbid")
    slug: str = Field(description="Permanent identifier.")
    url: str = Field(description="Permalink of the brief page.")
    title: str
    summary: str
    published: dt.date
    updated: dt.date | None = None
    last_changed: dt.date = Field(description="`updated` when present, else `published`; orders the feeds.")
    authors: list[Ref]
    topics: list[Ref] = Field(description="The first is the primary topic.")
    jurisdictions: list[Ref]
    key_points: list[str]
    reviewed: dt.date | None = Field(None, description="Date of the last full editorial review, if any.")
    instrument: Instrument | None = Field(None, description="The instrument, with its dated status `history`.")
    current_status: str | None = Field(
        None, description="The instrument's status on the build date, derived from its history (else its `status`)."
    )
    status_since: dt.date | None = Field(
        None, description="The date of the history entry the current status rests on (else the declared "
        "adoption or effective date), if known.")
    status_source: str | None = Field(None, description="The source URL of that history entry, if any.")
    next: ApiNext | None = Field(None, description="The next scheduled date: a status change or an upcoming event.")
    latest_development: dt.date = Field(
        description="The latest past event or status change the brief covers, else its instrument's adoption, "
        "else its publication.")
    current_as_of: dt.date = Field(description="Last reviewed, else last changed.")
    watch: list[ApiWatch] = Field(description="What the brief says to watch for, with each item's state.")
    events: list[Event]
    sources: list[Source]
    related: list[str] = Field(description="Slugs of related briefs (declared, then computed).")
    related_declared: list[str] = Field(description="Slugs of briefs related by a declaration on either side.")
    links_to: list[str] = Field(description="Slugs of the briefs this brief's text links to.")
    links_here: list[str] = Field(description="Slugs of the briefs whose text links to this brief.")
    responds_to: list[str] = Field(
        default_factory=list, description="Slugs of the briefs whose measure this brief's measure answers.")
    answered_by: list[str] = Field(
        default_factory=list, description="Slugs of the briefs whose measure answers this brief's measure.")
    supersedes: str | None = None
    superseded_by: str | None = None
    changelog: list[ChangelogEntry]


class ApiCatalog(BaseModel):
    """`/api/briefs.json`: every published brief, newest first."""

    model_config = ConfigDict(extra="forbid")
    version: Literal[1] = Field(description="Incremented on any breaking change.")
    generated: dt.date = Field(description="Build date.")
    count: int
    briefs: list[ApiBrief]


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A document model's JSON Schema (draft 2020-12), as the site publishes it."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def api_schema() -> dict[str, Any]:
    return json_schema(ApiCatalog)


def _refs(ids: list[str], vocab: dict[str, Any], attr: str) -> list[Ref]:
    return [Ref(id=i, label=getattr(vocab[i], attr)) for i in ids if i in vocab]


def api_brief(cat: Catalog, entry: Entry, site_url: str) -> ApiBrief:
    b = entry.brief
    successor = cat.superseded_by.get(entry.slug)
    state = cat.state[entry.slug]
    status = state.status
    following = state.next
    return ApiBrief(
        slug=entry.slug,
        url=site_url + entry.url,
        title=b.title,
        summary=b.summary,
        published=b.published,
        updated=b.updated,
        last_changed=entry.last_changed,
        authors=_refs(b.authors, cat.authors, "name"),
        topics=_refs(b.topics, cat.topics, "label"),
        jurisdictions=_refs(b.jurisdictions, cat.jurisdictions, "label"),
        key_points=list(b.key_points),
        reviewed=b.reviewed,
        instrument=b.instrument,
        current_status=cat.current_status(entry),
        status_since=status.since if status else None,
        status_source=status.source if status else None,
        next=ApiNext(date=following.date, what=following.what, kind=following.kind, status=following.status)
        if following else None,
        latest_development=state.latest_development,
        current_as_of=state.current_as_of,
        watch=[ApiWatch(date=w.date, item=w.item, state=w.state, resolved=w.resolved, note=w.note)
               for w in state.watch],
        events=list(b.events),
        sources=list(b.sources),
        related=[e.slug for e in cat.related.get(entry.slug, [])],
        related_declared=[e.slug for e in cat.related_declared.get(entry.slug, [])],
        links_to=[e.slug for e in cat.links_to.get(entry.slug, [])],
        links_here=[e.slug for e in cat.links_here.get(entry.slug, [])],
        responds_to=[e.slug for e in cat.responds_to.get(entry.slug, [])],
        answered_by=[e.slug for e in cat.answered_by.get(entry.slug, [])],
        supersedes=b.supersedes if b.supersedes in cat.entries else None,
        superseded_by=successor.slug if successor else None,
        changelog=list(b.changelog),
    )


def api_item(cat: Catalog, entry: Entry, site_url: str) -> dict[str, Any]:
    """One brief of the API, as JSON data (validated by its model on the way)."""
    return api_brief(cat, entry, site_url).model_dump(mode="json")


def api_document(cat: Catalog, site_url: str, items: list[dict[str, Any]] | None = None) -> str:
    """`/api/briefs.json`, from each live brief's ``api_item`` (given, when a caller kept them from
    an earlier build). Compact JSON, one brief per line: 14.4 MB instead of 17.2 MB with
    indentation at 5,000 synthetic briefs, 1.9 MB gzipped (docs/api/index.md), and the C encoder
    writes it in a fraction of the time."""
    briefs = items if items is not None else [api_item(cat, e, site_url) for e in cat.live]
    head = {"version": API_VERSION, "generated": cat.today.isoformat(), "count": len(briefs)}
    assert [*head, "briefs"] == list(ApiCatalog.model_fields)  # the same document as the model's
    lines = [json.dumps(brief, ensure_ascii=False, separators=(",", ":")) for brief in briefs]
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "briefs": [\n' + ",\n".join(lines) + "\n]}\n"
