"""Cross-file rules: references between briefs and to the vocabularies, slug uniqueness,
drafts, `updated`/changelog consistency, and `supersedes` cycles.

These rules read the raw parsed values (not only valid models), so a brief with an unrelated
schema error still gets its references checked in the same run. Every unknown reference is
reported; did-you-mean hints look in candidates indexed once per run, for the first few unknown
values of each field of a file only (``hints``), so that no file makes the run quadratic.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from ..load.corpus import BriefFile, Corpus
from ..load.sourcefile import RESERVED_SLUGS
from ..load.yamlsource import Pos
from ..model import DATA_FILES, as_date
from ..problems import Problem, clip
from .hints import Candidates, HintBudget, did_you_mean

_ID_LISTS = ("authors", "topics", "jurisdictions", "related", "aliases")


def check(corpus: Corpus, today: dt.date) -> None:
    """Append cross-file problems to the briefs and data files they concern."""
    hints = HintBudget()
    vocab = {name: _vocab(corpus, name) for name in DATA_FILES}
    _check_data_files(corpus, vocab["topics.yml"], hints)
    by_slug = {b.slug: b for b in corpus.briefs}
    slugs = Candidates(by_slug)  # the did-you-mean candidates, indexed once
    _check_slugs(corpus, by_slug)
    for brief in corpus.briefs:
        _check_duplicates(brief)
        _check_vocabulary(corpus, brief, vocab, hints)
        _check_dates(brief, today)
        _check_events(brief)
        _check_history(brief, today)
        _check_brief_refs(brief, by_slug, slugs, today, hints)
        _check_watch(brief, today)
        # The tree composed to place this brief's problems (rules.hints: warnings are common) is
        # large and composed again on demand: kept for every brief, it was a fifth of the memory.
        brief.parsed.forget_positions()
    _check_overviews(corpus, by_slug, slugs, today, hints)
    _check_cycles(corpus, by_slug)


class Vocabulary(NamedTuple):
    ids: set[str]
    words: Candidates  # the ids, for did-you-mean
    aliases: dict[str, str]  # (topics only) label or alias, in lower case -> id
    alias_words: Candidates


def _vocab(corpus: Corpus, name: str) -> Vocabulary:
    """The ids of a data file, and (topics only) alias -> id for did-you-mean hints."""
    data = corpus.data[name]
    aliases: dict[str, str] = {}
    if name == "topics.yml":
        for topic_id, topic in data.entries.items():
            aliases[topic.label.lower()] = topic_id
            for alias in topic.aliases:
                aliases[alias.lower()] = topic_id
    return Vocabulary(data.ids, Candidates(data.ids), aliases, Candidates(aliases))


def _hint(value: str, vocab: Vocabulary) -> str:
    if value.lower() in vocab.aliases:
        return did_you_mean(vocab.aliases[value.lower()])
    by_text = vocab.words.closest(value)
    if by_text:
        return did_you_mean(by_text)
    close = vocab.alias_words.closest(value.lower())
    return did_you_mean(vocab.aliases[close]) if close else ""


def _strings(raw: dict[str, Any], key: str) -> list[tuple[int, str]]:
    value = raw.get(key)
    if isinstance(value, str):
        return [(-1, value)]
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]


def _pos(brief: BriefFile, key: str, index: int) -> Pos:
    return brief.parsed.pos((key,) if index < 0 else (key, index))


def _check_data_files(corpus: Corpus, topic_vocab: Vocabulary, hints: HintBudget) -> None:
    for name, (_model, _pattern, required) in DATA_FILES.items():
        data = corpus.data[name]
        if not isinstance(data.parsed.value, dict) and data.problems:
            continue  # missing, unreadable or not a mapping: already reported
        for needed in required:
            if needed not in data.ids:
                data.problems.append(
                    Problem(
                        data.rel, 1, 1, "DATA-REQUIRED-ID", f"{name} must define '{needed}' (the contract requires it)"
                    )
                )
    topics = corpus.data["topics.yml"]
    for topic_id, topic in topics.entries.items():
        for index, other in enumerate(topic.related):
            pos = topics.parsed.pos((topic_id, "related", index))
            if other not in topics.ids:
                topics.problems.append(
                    Problem(
                        topics.rel,
                        pos.line,
                        pos.column,
                        "REF-TOPIC",
                        f"topic '{clip(topic_id)}' relates to unknown topic '{clip(other)}'"
                        + (did_you_mean(topic_vocab.words.closest(other)) if hints.allows(topics.rel) else ""),
                    )
                )
            elif other == topic_id:
                topics.problems.append(
                    Problem(topics.rel, pos.line, pos.column, "REF-TOPIC",
                            f"topic '{clip(topic_id)}' relates to itself")
                )


def _check_slugs(corpus: Corpus, by_slug: dict[str, BriefFile]) -> None:
    first: dict[str, BriefFile] = {}
    for brief in corpus.briefs:  # e.g. `briefing validate elsewhere/<slug>.md` for a slug in briefs/
        if brief.slug in first:
            brief.add(
                "SLUG-DUPLICATE", f"slug '{brief.slug}' is already the slug of {first[brief.slug].rel}", Pos(1, 1)
            )
        first.setdefault(brief.slug, brief)
    claimed: dict[str, BriefFile] = {}
    for brief in corpus.briefs:
        for index, alias in _strings(brief.raw, "aliases"):
            if alias == brief.slug:
                brief.add("SLUG-DUPLICATE", f"alias '{clip(alias)}' is this brief's own slug",
                          _pos(brief, "aliases", index))
            elif alias in by_slug:
                brief.add(
                    "SLUG-DUPLICATE",
                    f"alias '{clip(alias)}' is already the slug of {by_slug[alias].rel}",
                    _pos(brief, "aliases", index),
                )
            elif alias in claimed and claimed[alias] is not brief:
                brief.add(
                    "SLUG-DUPLICATE",
                    f"alias '{clip(alias)}' is also an alias of {claimed[alias].rel}",
                    _pos(brief, "aliases", index),
                )
            elif alias in RESERVED_SLUGS:
                brief.add("SCHEMA-FORMAT", f"alias '{clip(alias)}' is reserved for the site's own pages",
                          _pos(brief, "aliases", index))
            else:
                claimed[alias] = brief


def _check_duplicates(brief: BriefFile) -> None:
    for key in _ID_LISTS:
        seen: set[str] = set()
        for index, value in _strings(brief.raw, key):
            if value in seen:
                brief.add("SCHEMA-DUPLICATE", f"{key} lists '{clip(value)}' twice", _pos(brief, key, index))
            seen.add(value)


def _check_vocabulary(corpus: Corpus, brief: BriefFile, vocab: dict[str, Vocabulary], hints: HintBudget) -> None:
    checks = (
        ("topics", "topics.yml", "REF-TOPIC", "topic"),
        ("authors", "authors.yml", "REF-AUTHOR", "author"),
        ("jurisdictions", "jurisdictions.yml", "REF-JURISDICTION", "jurisdiction"),
    )
    for key, data_name, rule, noun in checks:
        words = vocab[data_name]
        if not isinstance(corpus.data[data_name].parsed.value, dict):
            continue  # the data file itself is broken: reported there
        for index, value in _strings(brief.raw, key):
            if value not in words.ids:
                brief.add(
                    rule,
                    f"unknown {noun} '{clip(value)}'; add it to briefs/{data_name} or pick an existing one"
                    + (_hint(value, words) if hints.allows((brief.rel, key)) else ""),
                    _pos(brief, key, index),
                )
    topics = vocab["topics.yml"]
    events = brief.raw.get("events")
    if isinstance(events, list) and isinstance(corpus.data["topics.yml"].parsed.value, dict):
        for e_index, event in enumerate(events):
            if not isinstance(event, dict) or not isinstance(event.get("topics"), list):
                continue
            for t_index, value in enumerate(event["topics"]):
                if isinstance(value, str) and value not in topics.ids:
                    brief.add(
                        "REF-TOPIC",
                        f"unknown topic '{clip(value)}' in events[{e_index + 1}]"
                        + (_hint(value, topics) if hints.allows((brief.rel, "events.topics")) else ""),
                        brief.parsed.pos(("events", e_index, "topics", t_index)),
                    )


def _check_dates(brief: BriefFile, today: dt.date) -> None:
    # Dates may be written bare or quoted; both are valid, so compare them as dates.
    published, updated = as_date(brief.raw.get("published")), as_date(brief.raw.get("updated"))
    reviewed = as_date(brief.raw.get("reviewed"))
    # A change or a review cannot have happened after the build date: a date in the future would
    # pin the brief to the top of every feed. (This can only stop failing as time passes, never start.)
    if updated is not None and updated > today:
        brief.add("DATE-FUTURE", f"updated ({updated}) is after today ({today}); a change is dated the day it "
                  "is made", _pos(brief, "updated", -1))
    log = brief.raw.get("changelog")
    for index, entry in enumerate(log if isinstance(log, list) else []):
        day = as_date(entry.get("date")) if isinstance(entry, dict) else None
        if day is not None and day > today:
            brief.add("DATE-FUTURE", f"changelog[{index + 1}].date ({day}) is after today ({today}); a change is "
                      "dated the day it is made", brief.parsed.pos(("changelog", index, "date")))
    if reviewed is not None:
        if reviewed > today:
            brief.add("DATE-REVIEWED", f"reviewed ({reviewed}) is after today ({today})", _pos(brief, "reviewed", -1))
        elif published is not None and reviewed < published:
            brief.add("DATE-REVIEWED", f"reviewed ({reviewed}) is before published ({published})",
                      _pos(brief, "reviewed", -1))
    if updated is None:
        return
    if published is not None and updated < published:
        brief.add("DATE-UPDATED", f"updated ({updated}) is before published ({published})", _pos(brief, "updated", -1))
    log = brief.raw.get("changelog")
    dates = {as_date(e.get("date")) for e in log if isinstance(e, dict)} if isinstance(log, list) else set()
    if updated not in dates:
        brief.add(
            "DATE-UPDATED",
            f"updated is {updated} but the changelog has no entry dated {updated}; add one saying what changed",
            _pos(brief, "updated", -1),
        )


def _check_events(brief: BriefFile) -> None:
    events = brief.raw.get("events")
    for index, event in enumerate(events if isinstance(events, list) else []):
        if not isinstance(event, dict):
            continue
        start, end = as_date(event.get("date")), as_date(event.get("end"))
        if start is not None and end is not None and end < start:
            brief.add("EVENT-END", f"events[{index + 1}].end ({end}) is before its date ({start})",
                      brief.parsed.pos(("events", index, "end")))


def _check_history(brief: BriefFile, today: dt.date) -> None:
    """The instrument's status history: dated steps in order, evidenced by the brief's own
    sources, agreeing with `adopted` and `effective`; `status` should be the current step."""
    instrument = brief.raw.get("instrument")
    if not isinstance(instrument, dict) or not isinstance(instrument.get("history"), list):
        return
    history = instrument["history"]
    sources = brief.raw.get("sources")
    listed = sources if isinstance(sources, list) else []
    urls = {str(s.get("url", "")).strip() for s in listed if isinstance(s, dict)}
    steps: list[tuple[int, dt.date, str]] = []
    previous: dt.date | None = None
    for index, step in enumerate(history):
        if not isinstance(step, dict):
            continue
        day, status = as_date(step.get("date")), step.get("status")
        where = ("instrument", "history", index)
        if day is not None:
            if previous is not None and day < previous:
                brief.add("HISTORY-ORDER", f"instrument.history[{index + 1}] is dated {day}, before the entry above it "
                          f"({previous}); list the steps oldest first", brief.parsed.pos((*where, "date")))
            previous = day if previous is None else max(previous, day)
            if isinstance(status, str):
                steps.append((index, day, status))
        source = step.get("source")
        if isinstance(source, str) and source.strip() not in urls:
            brief.add("HISTORY-SOURCE", f"instrument.history[{index + 1}].source is not the url of one of this "
                      "brief's sources; add the source to `sources`, or use its exact url",
                      brief.parsed.pos((*where, "source")))
    checks = (("adopted", "adopted", "HISTORY-ADOPTED"), ("effective", "in-force", "HISTORY-EFFECTIVE"))
    for key, wanted, rule in checks:
        declared = as_date(instrument.get(key))
        first = next(((i, d) for i, d, st in steps if st == wanted), None)
        if declared is not None and first is not None and first[1] != declared:
            brief.add(rule, f"instrument.{key} is {declared} but the first '{wanted}' entry of the history is dated "
                      f"{first[1]}; make them agree", brief.parsed.pos(("instrument", key)))
    status = instrument.get("status")
    reached = [st for _i, d, st in steps if d <= today]
    if isinstance(status, str) and reached and status != reached[-1]:
        brief.add("STATUS-HISTORY", f"instrument.status is '{clip(status)}' but its history says "
                  f"'{clip(reached[-1])}' as of {today}; update the status (the site shows the history's)",
                  brief.parsed.pos(("instrument", "status")), severity="warning")


def _visibility(brief: BriefFile, today: dt.date) -> str:
    status = brief.status()
    published = brief.published()
    if status == "published" and published is not None and published > today:
        return f"scheduled for {published}"
    return status


def _check_brief_refs(brief: BriefFile, by_slug: dict[str, BriefFile], slugs: Candidates, today: dt.date,
                      hints: HintBudget) -> None:
    public = _visibility(brief, today) in {"published", "withdrawn"}
    # (kind, slug, where): `where` is a key and index, or a body position; a front-matter
    # position is looked up only when there is a problem to report (lookups re-read the YAML).
    refs: list[tuple[str, str, tuple[str, int] | Pos]] = []
    for index, value in _strings(brief.raw, "related"):
        refs.append(("related", value, ("related", index)))
    for index, value in _strings(brief.raw, "supersedes"):
        refs.append(("supersedes", value, ("supersedes", index)))
    for index, value in _strings(brief.raw, "responds_to"):
        refs.append(("responds_to", value, ("responds_to", index)))
    for link in brief.links:
        refs.append(("link", link.target, Pos(link.line + brief.body_line - 1, link.column)))

    def report(rule: str, message: str, where: tuple[str, int] | Pos) -> None:
        brief.add(rule, message, where if isinstance(where, Pos) else _pos(brief, *where))

    for kind, slug, where in refs:
        what = {"related": "related brief", "supersedes": "superseded brief", "link": "linked brief",
                "responds_to": "answered brief (responds_to)"}[kind]
        if slug == brief.slug:
            if kind != "link":
                report("REF-BRIEF", f"{what} '{clip(slug)}' is this brief itself", where)
            continue
        target = by_slug.get(slug)
        if target is None:
            rule = "BODY-LINK" if kind == "link" else "REF-BRIEF"
            # never suggest the brief itself
            hint = did_you_mean(slugs.closest(slug, exclude=brief.slug)) if hints.allows((brief.rel, kind)) else ""
            report(rule, f"{what} '{clip(slug)}' does not exist{hint}", where)
            continue
        state = _visibility(target, today)
        if public and kind != "supersedes" and state not in {"published", "withdrawn"}:
            report("REF-DRAFT", f"this published brief points to '{clip(slug)}', which is {state} and not on the site",
                   where)


def _check_watch(brief: BriefFile, today: dt.date) -> None:
    """A watch item is resolved on or before the build date, with its answer; one whose date has
    passed without `resolved` is overdue: a warning (it lists the brief in `briefing stale`), never
    an error, so that no build fails only because a date has passed."""
    items = brief.raw.get("watch")
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        due, resolved = as_date(item.get("date")), as_date(item.get("resolved"))
        where = f"watch[{index + 1}]"
        if resolved is not None and resolved > today:
            brief.add("WATCH-RESOLVED", f"{where}.resolved ({resolved}) is after today ({today}); an item is resolved "
                      "the day the brief gives the answer", brief.parsed.pos(("watch", index, "resolved")))
        elif resolved is not None and not item.get("note"):
            brief.add("WATCH-RESOLVED", f"{where} is resolved without a note: say what happened (or 'no public "
                      "record found as of <date>')", brief.parsed.pos(("watch", index, "resolved")))
        elif resolved is None and due is not None and due < today and _visibility(brief, today) == "published":
            brief.add("WATCH-OVERDUE", f"{where} fell due on {due} and is not resolved: add what happened as "
                      "`resolved` and `note`, or move the date if the answer is not yet known",
                      brief.parsed.pos(("watch", index)), severity="warning")


def _check_overviews(corpus: Corpus, by_slug: dict[str, BriefFile], slugs: Candidates, today: dt.date,
                     hints: HintBudget) -> None:
    """A topic's `overview` is a live brief that lists the topic."""
    topics = corpus.data["topics.yml"]
    for topic_id, topic in topics.entries.items():
        slug = getattr(topic, "overview", None)
        if slug is None:
            continue
        pos = topics.parsed.pos((topic_id, "overview"))
        target = by_slug.get(slug)
        if target is None:
            hint = did_you_mean(slugs.closest(slug)) if hints.allows((topics.rel, "overview")) else ""
            message = f"topic '{clip(topic_id)}' names overview '{clip(slug)}', which does not exist{hint}"
        elif _visibility(target, today) != "published":
            message = (f"topic '{clip(topic_id)}' names overview '{clip(slug)}', which is {_visibility(target, today)} "
                       "and not a live brief")
        elif target.model is not None and topic_id not in target.model.topics:
            message = f"topic '{clip(topic_id)}' names overview '{clip(slug)}', which does not list the topic"
        else:
            continue
        topics.problems.append(Problem(topics.rel, pos.line, pos.column, "REF-OVERVIEW", message))


def _check_cycles(corpus: Corpus, by_slug: dict[str, BriefFile]) -> None:
    successor = {}
    for brief in corpus.briefs:
        value = brief.raw.get("supersedes")
        if isinstance(value, str) and value in by_slug and value != brief.slug:  # self: REF-BRIEF
            successor[brief.slug] = value
    reported: set[str] = set()
    for start in successor:
        chain, node = [start], successor[start]
        while node in successor and node not in chain:
            chain.append(node)
            node = successor[node]
        if node in chain and node not in reported:
            cycle = chain[chain.index(node) :]
            reported.update(cycle)
            for slug in cycle:
                brief = by_slug[slug]
                brief.add(
                    "SUPERSEDES-CYCLE",
                    "supersedes cycle: " + " -> ".join([*cycle, cycle[0]]),
                    brief.parsed.pos(("supersedes",)),
                )
