"""Safe YAML parsing that remembers where every key and value came from.

PyYAML's C parser (libyaml) composes a node tree; we construct plain Python values from it
ourselves, so that we can (1) record the line and column of every key and value, (2) report
duplicate keys instead of silently keeping the last one, (3) refuse explicit tags such as
``!!python/object`` without ever constructing them, (4) bound what aliases expand into, so an
"alias bomb" cannot exhaust memory (a large document without aliases is bounded by the file-size
limit, and is fine), and (5) refuse numbers too long to read (Python reads a long
decimal in quadratic time, and refuses to read or print one of more than 4,300 digits).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..problems import clip

try:  # libyaml is present in PyYAML's wheels; fall back to the pure-Python loader if not.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]
MAX_ALIAS_VALUES = 10_000  # values that aliases expand into, in one document (the values written out don't count)
MAX_DIGITS = 100  # no field of a brief is a number: a longer one is a mistake, and kept as its text
_TAG = "tag:yaml.org,2002:"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAP, _SEQ, _STR = _TAG + "map", _TAG + "seq", _TAG + "str"
_PLAIN_SCALARS = {_TAG + kind for kind in ("str", "null", "bool", "int", "float", "timestamp")}


@dataclass(frozen=True)
class Pos:
    line: int  # 1-based, in the file
    column: int  # 1-based


@dataclass(frozen=True)
class LongNumber:
    """A YAML integer with more than MAX_DIGITS digits: reported (YAML-NUMBER), never converted.
    Printing it shows its start and its length only."""

    text: str  # as written

    @property
    def digits(self) -> int:
        body = self.text.replace("_", "").lstrip("+-")
        return len(body[2:] if body[:2].lower() in {"0x", "0o", "0b"} else body)

    def __str__(self) -> str:
        return f"{self.text[:20]}... ({self.digits:,} digits)"


@dataclass
class Issue:
    rule: str
    message: str
    pos: Pos


@dataclass
class Parsed:
    value: Any = None
    text: str = ""  # the YAML source: positions are looked up lazily, by composing it again
    line_offset: int = 0
    issues: list[Issue] = field(default_factory=list)
    _root: yaml.Node | None = field(default=None, repr=False)
    _mappings: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict, repr=False)
    # Positions found so far, a pure function of the text: kept when the tree is forgotten, and shared
    # with the file cache's copy, so that under `mkdocs serve` a warning placed once (an overdue watch
    # item) does not compose the file again at every rebuild
    _places: dict[tuple[tuple[str | int, ...], bool], Pos] = field(default_factory=dict, repr=False)

    @property
    def root(self) -> yaml.Node | None:
        # Node trees are large; keeping thousands alive slows every garbage collection, so a
        # tree is rebuilt only when a problem needs a position (rare, and only in that file).
        if self._root is None and self.text and self.value is not None:
            try:
                self._root = yaml.compose(self.text, Loader=_Loader)
            except (yaml.YAMLError, RecursionError, ValueError):
                return None
        return self._root

    def forget_positions(self) -> None:
        """Drop the node tree (``root`` composes it again when a position is needed): it is large,
        and one nested deeply enough does not pickle (the file cache and the check workers pickle)."""
        self._root = None
        self._mappings = {}  # (a new dict: a copy of this object may share the old one)

    def _keys(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """A mapping's keys -> (key node, value node), the first of duplicates (they are reported),
        indexed once per mapping: reporting every key of a large mapping is not quadratic."""
        index = self._mappings.get(id(node))  # the tree in _root keeps its nodes, and their ids, alive
        if index is None:
            index = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    index.setdefault(key_node.value, (key_node, value_node))
            self._mappings[id(node)] = index
        return index

    def pos(self, path: Path, *, key: bool = False) -> Pos:
        """The position of the value at ``path`` (or of its key, with ``key=True``); for a path
        that does not exist (a missing key), the nearest existing ancestor."""
        memo_key = (tuple(path), key)
        known = self._places.get(memo_key)
        if known is not None:
            return known
        found_pos = self._find(path, key)
        if len(self._places) < 10_000:  # bounded: a hostile brief with countless problems composes instead
            self._places[memo_key] = found_pos
        return found_pos

    def _find(self, path: Path, key: bool) -> Pos:
        node = self.root
        if node is None:
            return Pos(1 + self.line_offset, 1)
        found: yaml.Node = node
        key_node: yaml.Node | None = None
        for part in path:
            child, child_key = self._child(found, part)
            if child is None:
                key_node = None
                break
            found, key_node = child, child_key
        target = key_node if key and key_node is not None else found
        return Pos(target.start_mark.line + 1 + self.line_offset, target.start_mark.column + 1)


    def _child(self, node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node | None]:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            key_node, value_node = self._keys(node).get(part, (None, None))
            return value_node, key_node
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return node.value[part], None
        return None, None


class _AliasBomb(Exception):
    pass


def parse(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document. ``line_offset`` shifts reported lines (front matter starts at 2)."""
    out = Parsed(line_offset=line_offset)  # positions of an empty document too
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(mark.line + 1 + line_offset, mark.column + 1) if mark else Pos(1 + line_offset, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        context = exc.context_mark
        if exc.problem and exc.context and context and mark and context.line != mark.line:
            # e.g. an unclosed `[` or quote: say where the construct began, not only where it broke
            problem += f" ({exc.context} on line {context.line + 1 + line_offset})"
        out.issues.append(Issue("YAML-SYNTAX", f"invalid YAML: {problem}", pos))
        return out
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, e.g. a control character
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        if _Loader is yaml.SafeLoader:  # pragma: no cover - the pure-Python reader counts characters
            before = text[: exc.position]
        else:  # libyaml counts UTF-8 bytes
            before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
        line, column = before.count("\n") + 1 + line_offset, len(before) - (before.rfind("\n") + 1) + 1
        out.issues.append(Issue("YAML-SYNTAX", f"invalid YAML: {exc.reason} (found U+{code:04X})", Pos(line, column)))
        return out
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        message = " ".join(str(exc).split())  # one line: the output is one problem per line
        out.issues.append(Issue("YAML-SYNTAX", f"invalid YAML: {message}", Pos(1 + line_offset, 1)))
        return out
    if node is None:
        return out
    out.text, out.line_offset = text, line_offset
    builder = _Builder(out, line_offset)
    try:
        out.value = builder.build(node)
    except _AliasBomb:
        out.value = None
        out.issues.append(
            Issue(
                "YAML-ALIAS",
                f"anchors and aliases expand into more than {MAX_ALIAS_VALUES:,} values",
                Pos(node.start_mark.line + 1 + line_offset, 1),
            )
        )
    except RecursionError:
        out.value = None
        deepest = builder._pos(builder.last) if builder.last is not None else Pos(1 + line_offset, 1)
        out.issues.append(Issue("YAML-SYNTAX", "invalid YAML: nested too deeply", deepest))
    return out


class _Builder:
    """Plain values from a node tree. The composer gives an alias the very node of its anchor, so a
    node met a second time is an alias being expanded: what it expands into is counted (the
    alias-bomb limit), and its problems, reported the first time, are not reported again."""

    def __init__(self, out: Parsed, line_offset: int) -> None:
        self.out = out
        self.offset = line_offset
        self.built: set[int] = set()  # ids of the nodes built once (the tree keeps them alive)
        self.expanding = False  # inside an alias
        self.expanded = 0  # values built inside aliases
        self.last: yaml.Node | None = None  # the node being built, for "nested too deeply"

    def _pos(self, node: yaml.Node) -> Pos:
        return Pos(node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def _issue(self, rule: str, message: str, node: yaml.Node) -> None:
        if not self.expanding:
            self.out.issues.append(Issue(rule, message, self._pos(node)))

    def build(self, node: yaml.Node) -> Any:
        self.last = node
        alias = False
        if self.expanding:
            self._count()
        elif id(node) in self.built:  # an alias: count what it expands into
            alias = self.expanding = True
            self._count()
        else:
            self.built.add(id(node))
        try:  # (no helper function here: each level of nesting costs as few frames as it can)
            if isinstance(node, yaml.ScalarNode):
                return self._scalar(node)
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node)
            if node.tag != _SEQ:
                self._bad_tag(node)
            return [self.build(item) for item in node.value]
        finally:
            if alias:
                self.expanding = False

    def _count(self) -> None:
        self.expanded += 1
        if self.expanded > MAX_ALIAS_VALUES:
            raise _AliasBomb

    def _bad_tag(self, node: yaml.Node) -> None:
        shown = "!!" + node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag  # as written
        self._issue("YAML-TAG", f"YAML tag '{clip(shown)}' is not allowed; write a plain value", node)

    def _mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        if node.tag != _MAP:
            self._bad_tag(node)
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._issue("SCHEMA-TYPE", "a key must be plain text, not a list or mapping", key_node)
                continue
            if key_node.tag == _TAG + "merge":  # `<<: *anchor`: keep it simple and explicit
                self._issue("YAML-TAG", "merge keys (`<<`) are not allowed; write the keys out", key_node)
                continue
            if key_node.tag not in _PLAIN_SCALARS:  # e.g. `!!python/name:os.system : x`
                self._bad_tag(key_node)
            key = key_node.value
            if key in first_line:
                self._issue("YAML-DUPLICATE-KEY",
                            f"key '{clip(key)}' appears twice in the same mapping (first on line {first_line[key]})",
                            key_node)
                continue
            first_line[key] = key_node.start_mark.line + 1 + self.offset
            result[key] = self.build(value_node)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            return value
        if not tag.startswith(_TAG):
            self._bad_tag(node)
            return value
        kind = tag[len(_TAG):]
        if kind == "str":
            return value
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() in {"true", "yes", "on", "y"}
        if kind == "int":
            return self._int(node)
        if kind == "float":
            return _float(value)
        if kind == "timestamp":
            if _DATE.match(value):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    return value  # e.g. 2024-02-30: the model reports it as a bad date
            return value  # a time of day is not allowed: keep the text, the model rejects it
        self._bad_tag(node)
        return value

    def _int(self, node: yaml.ScalarNode) -> int | str | LongNumber:
        number = LongNumber(node.value)
        if number.digits > MAX_DIGITS:
            self._issue("YAML-NUMBER", f"this number has {number.digits:,} digits; the limit is {MAX_DIGITS} "
                        "(put text in quotes; no field of a brief is a number)", node)
            return number
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:  # e.g. the YAML 1.1 forms 017 (octal) and 1:30 (base 60): kept as written
            return node.value


_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


def _float(value: str) -> float | str:
    special = _SPECIAL_FLOATS.get(value.lower())
    if special is not None:
        return special
    try:
        return float(value.replace("_", ""))  # however long, a float reads in linear time
    except ValueError:  # e.g. the base-60 form 1:30.5: kept as written
        return value
