"""The typed model of a brief and of the data files: the single source of truth.

Validation, the JSON Schema (``briefing schema``), the API schema and the contributor reference
page are all derived from these classes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
JURISDICTION_PATTERN = r"^([A-Z]{2}(-[A-Z0-9]{1,3})?|EU|UN|INT)$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Every date a brief holds lies in these years, so that any date the model accepts is safe to
# compute with (a calendar's day after the last day, a year's pages): years 1900 to 2100.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
DATE_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"  # the same years, for the JSON Schema

Status = Literal["draft", "published", "withdrawn"]
SourceType = Literal["primary", "secondary", "translation"]
ChangeKind = Literal["update", "clarification", "correction"]
InstrumentType = Literal[
    "law",
    "regulation",
    "rule",
    "executive-action",
    "declaration",
    "resolution",
    "statement",
    "standard",
    "framework",
    "initiative",
    "open-letter",
]
InstrumentStatus = Literal["proposed", "adopted", "in-force", "amended", "suspended", "superseded", "repealed"]
EventKind = Literal[
    "meeting",
    "summit",
    "vote",
    "publication",
    "comment-deadline",
    "takes-effect",
    "compliance-deadline",
    "report-due",
    "other",
]

# Characters no plain-text field may hold: C0 controls other than tab and line feed, DEL, C1
# controls, the Unicode non-characters (U+FDD0-U+FDEF and every U+xFFFE/U+xFFFF), and the bidi
# embedding, override and isolate controls (they reorder the text around them on a listing).
_FORBIDDEN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\u202a-\u202e\u2066-\u2069"
    + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 17))
    + "]"
)
# Characters that show nothing by themselves: a text made only of these (and spaces) is empty.
_INVISIBLE = re.compile("[\\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u061c\u115f\u1160\u3164\uffa0]+")


def _calendar_date(value: Any) -> dt.date | None:
    """A real calendar date, bare (`2024-05-01`) or quoted (`"2024-05-01"`), in any year; else None."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def as_date(value: Any) -> dt.date | None:
    """A date as the model accepts it, bare (`2024-05-01`) or quoted (`"2024-05-01"`), from
    `DATE_MIN` to `DATE_MAX`; else None."""
    day = _calendar_date(value)
    return day if day is not None and DATE_MIN <= day <= DATE_MAX else None


def _iso_date(value: Any) -> Any:
    day = _calendar_date(value)
    if day is not None:
        if not DATE_MIN <= day <= DATE_MAX:
            raise PydanticCustomError("date_range", "a date from {low} to {high}",
                                      {"date": day.isoformat(), "low": DATE_MIN.isoformat(),
                                       "high": DATE_MAX.isoformat()})
        return day
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_format", "a date without a time of day")
    if isinstance(value, str) and _DATE_RE.match(value):
        raise PydanticCustomError("date_format", "a real calendar date")
    raise PydanticCustomError("date_format", "a date written YYYY-MM-DD")


def _url(schemes: tuple[str, ...]):
    def check(value: Any) -> Any:
        if not isinstance(value, str):
            return value  # the str type reports it
        parts = urlsplit(value.strip())
        if (parts.scheme.lower() not in schemes or not parts.netloc or any(c.isspace() for c in value.strip())
                or _FORBIDDEN_TEXT.search(value)):
            raise PydanticCustomError(
                "url", "a URL starting with {schemes}", {"schemes": " or ".join(f"{s}://" for s in schemes)}
            )
        return value.strip()

    return check


def _safe_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # the str type reports it
    bad = _FORBIDDEN_TEXT.search(value)
    if bad:
        raise PydanticCustomError(
            "text_char",
            "a character that is not allowed in text ({char}: a control character, a Unicode "
            "non-character or a bidi override) at character {index}",
            {"char": f"U+{ord(bad.group(0)):04X}", "index": bad.start() + 1},
        )
    if value and not _INVISIBLE.sub("", value):
        raise PydanticCustomError("text_invisible", "visible text (it has only spaces or invisible characters)")
    return value


def Text(min_length: int, max_length: int) -> Any:
    """Plain text (no Markdown rendering; escaped wherever shown) with length bounds, free of
    control characters, non-characters and bidi overrides, and not made only of invisible ones."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        BeforeValidator(_safe_text),
    ]


IsoDate = Annotated[
    dt.date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN})
]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=3, max_length=80)]
TopicId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=60)]
AuthorId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=60)]
SourceId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=64)]
JurisdictionCode = Annotated[str, StringConstraints(pattern=JURISDICTION_PATTERN)]
LanguageTag = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
WebUrl = Annotated[
    str,
    BeforeValidator(_url(("http", "https"))),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
HttpsUrl = Annotated[
    str, BeforeValidator(_url(("https",))), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https://"})
]


# Every list has a bound, generous for real briefs (the largest has 34 related briefs and 19
# sources) and small enough that one hostile file cannot make the cross-file rules slow; a longer
# list is reported as SCHEMA-LENGTH at the list.


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """One source a brief relies on."""

    title: Text(1, 300) = Field(description="The source's own title.")
    url: WebUrl = Field(description="Where to read it: `http` or `https` only.")
    publisher: Text(1, 200) = Field(description="Who published it, e.g. `The White House`.")
    published: IsoDate | None = Field(None, description="The source's publication date.")
    type: SourceType = Field(description="`primary` (the official text), `secondary` or `translation`.")
    language: LanguageTag = Field("en", description="BCP 47 language tag such as `en` or `zh`.")
    archived_url: HttpsUrl | None = Field(None, description="An archived copy, `https` only.")
    id: SourceId | None = Field(
        None,
        description="A short name the body cites it by, as `[@id]`: lowercase letters, digits and hyphens, unique "
        "within the brief (e.g. `bis-rule` or `reuters-2026-01-14`).",
    )


class Event(_Strict):
    """A dated event the brief covers; events feed the timeline and the calendar. An event dated
    after the build date is scheduled: it appears under "Upcoming" until its date has passed."""

    date: IsoDate = Field(description="When it happens or happened (the first day).")
    title: Text(3, 200) = Field(description="What happens or happened, in plain text.")
    topics: list[TopicId] = Field(default_factory=list, max_length=20, description="Topic ids for the timeline.")
    kind: EventKind | None = Field(
        None,
        description="What kind of event: `meeting`, `summit`, `vote`, `publication`, `comment-deadline`, "
        "`takes-effect`, `compliance-deadline`, `report-due` or `other`.",
    )
    end: IsoDate | None = Field(None, description="The last day of a multi-day event; not before `date`.")
    url: HttpsUrl | None = Field(None, description="The event's official page, `https` only.")


class HistoryEntry(_Strict):
    """One dated step in an instrument's status history (oldest first)."""

    date: IsoDate = Field(description="When the instrument reached this status (a future date: scheduled).")
    status: InstrumentStatus = Field(description="The status it reached that day.")
    note: Text(3, 300) | None = Field(None, description="What happened, in plain text.")
    source: WebUrl | None = Field(None, description="The `url` of one of the brief's own sources, as evidence.")


class Instrument(_Strict):
    """The policy instrument (law, rule, declaration, ...) a brief is about."""

    name: Text(3, 300) = Field(description="The official English name.")
    name_zh: Text(1, 200) | None = Field(None, description="The official Chinese name, where there is one.")
    type: InstrumentType = Field(description="What kind of instrument it is.")
    issuers: list[Text(1, 200)] = Field(min_length=1, max_length=50, description="The bodies that issued it.")
    adopted: IsoDate | None = Field(None, description="Date adopted or issued.")
    effective: IsoDate | None = Field(None, description="Date it took effect.")
    status: InstrumentStatus | None = Field(
        None, description="Where it stands now; with a `history`, it should match the current status derived from it."
    )
    history: list[HistoryEntry] = Field(
        default_factory=list,
        max_length=200,
        description="The dated status record, oldest first: dates never go backwards; `adopted` is the date of "
        "the first `adopted` entry and `effective` of the first `in-force` entry.",
    )

    def current_status(self, today: dt.date) -> str | None:
        """The status on ``today``: the last history entry dated on or before it, else `status`."""
        reached = [entry.status for entry in self.history if entry.date <= today]
        return reached[-1] if reached else self.status


class WatchItem(_Strict):
    """Something the brief says to watch for, with the date by which it should be known. An item
    whose date has passed without `resolved` is overdue: the page marks it and `briefing stale`
    lists its brief."""

    date: IsoDate = Field(description="The date by which the answer should be known.")
    item: Text(3, 300) = Field(description="What to watch for, in plain text.")
    resolved: IsoDate | None = Field(
        None, description="The date the brief was updated with the answer; not after the build date."
    )
    note: Text(3, 500) | None = Field(None, description="The answer, in plain text (with `resolved`).")


class ChangelogEntry(_Strict):
    """A dated change to a published brief, shown to readers."""

    date: IsoDate = Field(description="When the change was made.")
    kind: ChangeKind = Field(
        description="`update` (new facts), `clarification` (wording) or `correction` (an error fixed)."
    )
    note: Text(3, 500) = Field(description="What changed, in plain text.")


class Brief(_Strict):
    """The front matter of a brief (`briefs/<slug>.md`)."""

    title: Text(10, 140) = Field(description="Plain-text title, 10–140 characters.")
    summary: Text(50, 400) = Field(
        description="Plain-text dek, 50–400 characters: used on listings, feeds, search results "
        "and the page description."
    )
    published: IsoDate = Field(description="Publication date; a future date keeps the brief off the site until then.")
    updated: IsoDate | None = Field(
        None, description="Date of the last material change: not before `published`, with a changelog entry that day."
    )
    status: Status = Field(
        "published",
        description="`draft` (never shown), `published` (the default) or `withdrawn` (page kept, with a notice).",
    )
    authors: list[AuthorId] = Field(min_length=1, max_length=50, description="Author ids from `briefs/authors.yml`.")
    topics: list[TopicId] = Field(
        min_length=1,
        max_length=5,
        description="1–5 topic ids from `briefs/topics.yml`; the first is the primary topic.",
    )
    jurisdictions: list[JurisdictionCode] = Field(
        default_factory=list, max_length=300, description="Codes from `briefs/jurisdictions.yml`."
    )
    key_points: list[Text(1, 300)] = Field(
        min_length=2, max_length=6, description="2–6 plain-text points, each at most 300 characters."
    )
    sources: list[Source] = Field(
        min_length=1, max_length=200, description="At least one source; the primary official source first."
    )
    events: list[Event] = Field(default_factory=list, max_length=300, description="Dated events the brief covers.")
    instrument: Instrument | None = Field(None, description="The policy instrument the brief is about.")
    related: list[Slug] = Field(default_factory=list, max_length=500, description="Slugs of related briefs.")
    supersedes: Slug | None = Field(None, description="Slug of an older brief this one replaces.")
    aliases: list[Slug] = Field(
        default_factory=list, max_length=100, description="Former slugs; their URLs redirect here."
    )
    changelog: list[ChangelogEntry] = Field(
        default_factory=list, max_length=500, description="Dated changes, newest last or first."
    )
    reviewed: IsoDate | None = Field(
        None,
        description="Date of the last full editorial review (every fact re-checked against its sources); not before "
        "`published`, not after the build date.",
    )
    watch: list[WatchItem] = Field(
        default_factory=list, max_length=50,
        description="What to watch for, each with the date by which it should be known.",
    )
    responds_to: list[Slug] = Field(
        default_factory=list, max_length=100,
        description="Slugs of briefs whose measure this brief's measure answers (shown both ways: \"responds to\" and "
        "\"answered by\").",
    )


class Topic(_Strict):
    """One entry of `briefs/topics.yml`, keyed by topic id."""

    label: Text(2, 80) = Field(description="The name readers see.")
    description: Text(10, 400) = Field(description="One or two sentences.")
    aliases: list[Text(1, 80)] = Field(
        default_factory=list, max_length=200, description="English and Chinese search terms."
    )
    related: list[TopicId] = Field(default_factory=list, max_length=200, description="Related topic ids.")
    overview: Slug | None = Field(
        None, description="The slug of the brief that frames the topic, shown first on its page; it lists the topic."
    )


class Author(_Strict):
    """One entry of `briefs/authors.yml`, keyed by author id."""

    name: Text(2, 120) = Field(description="A real person's name, or the editorial team.")
    bio: Text(1, 600) | None = Field(None, description="A short biography.")
    url: WebUrl | None = Field(None, description="A personal or institutional page.")


class Jurisdiction(_Strict):
    """One entry of `briefs/jurisdictions.yml`, keyed by code (ISO 3166-1/-2, `EU`, `UN`, `INT`)."""

    label: Text(2, 80) = Field(description="The name readers see.")


DATA_FILES: dict[str, tuple[type[_Strict], str, tuple[str, ...]]] = {
    # file name -> (entry model, id pattern, ids the contract requires)
    "topics.yml": (
        Topic,
        SLUG_PATTERN,
        (
            "export-controls",
            "safety-summits",
            "us-china-diplomacy",
            "china-ai-regulation",
            "synthetic-media",
            "compute-governance",
            "military-ai",
            "un-multilateral",
            "evaluations-red-teaming",
            "trade-tariffs",
        ),
    ),
    "authors.yml": (Author, SLUG_PATTERN, ("editorial-team",)),
    "jurisdictions.yml": (
        Jurisdiction,
        JURISDICTION_PATTERN,
        ("CN", "CN-BJ", "CN-SH", "CN-GD", "US", "EU", "GB", "KR", "FR", "JP", "UN", "INT"),
    ),
}


def brief_json_schema() -> dict[str, Any]:
    schema = Brief.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
