"""A brief page's one list of other briefs (contract v3): each other brief once, grouped by how
it relates, titles only; beyond the first few, the rest behind "Show all".

The groups, in order: supersedes, superseded by, responds to, answered by, related (declared on
either side first, then computed from shared topics), links here. A brief that fits several
groups is listed in the first. The briefs this one links to in its text are not repeated: the
reader has the links where they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog, Entry

SHOWN = 6  # how many briefs the list shows before "Show all"


@dataclass(frozen=True)
class Group:
    label: str
    entries: list[Entry]


@dataclass(frozen=True)
class Relations:
    shown: list[Group]  # the first SHOWN briefs, by group
    more: list[Group]  # the rest, behind "Show all"
    total: int

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def hidden(self) -> int:
        return sum(len(group.entries) for group in self.more)


def groups(cat: Catalog, entry: Entry) -> list[Group]:
    """Every other live brief related to ``entry``, once, in the first group it belongs to."""
    slug = entry.slug
    predecessor = cat.entries.get(entry.brief.supersedes) if entry.brief.supersedes else None
    successor = cat.superseded_by.get(slug)
    candidates = [
        ("Supersedes", [predecessor] if predecessor else []),
        ("Superseded by", [successor] if successor else []),
        ("Responds to", cat.responds_to.get(slug, [])),
        ("Answered by", cat.answered_by.get(slug, [])),
        ("Related", [*cat.related_declared.get(slug, []), *cat.related.get(slug, [])]),
        ("Links here", cat.links_here.get(slug, [])),
    ]
    seen = {slug}
    found: list[Group] = []
    for label, members in candidates:
        kept = []
        for other in members:
            if other.slug not in seen:
                seen.add(other.slug)
                kept.append(other)
        if kept:
            found.append(Group(label, kept))
    return found


def relations(cat: Catalog, entry: Entry, shown: int = SHOWN) -> Relations:
    """The groups split after ``shown`` briefs into what the page shows and what "Show all" opens."""
    first: list[Group] = []
    rest: list[Group] = []
    count = 0
    for group in groups(cat, entry):
        room = max(0, shown - count)
        if group.entries[:room]:
            first.append(Group(group.label, group.entries[:room]))
        if group.entries[room:]:
            rest.append(Group(group.label, group.entries[room:]))
        count += len(group.entries)
    return Relations(first, rest, count)
