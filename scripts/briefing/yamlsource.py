"""Safe YAML parsing that remembers where every key and value came from.

PyYAML's C parser (libyaml) composes a node tree; we construct plain Python values from it
ourselves, so that we can (1) record the line and column of every key and value, (2) report
duplicate keys instead of silently keeping the last one, (3) refuse explicit tags such as
``!!python/object`` without ever constructing them, and (4) bound alias expansion, so an
"alias bomb" cannot exhaust memory.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is present in PyYAML's wheels; fall back to the pure-Python loader if not.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]
MAX_VALUES = 10_000
_TAG = "tag:yaml.org,2002:"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLAIN_SCALARS = {_TAG + kind for kind in ("str", "null", "bool", "int", "float", "timestamp")}


@dataclass(frozen=True)
class Pos:
    line: int  # 1-based, in the file
    column: int  # 1-based


@dataclass
class Issue:
    rule: str
    message: str
    pos: Pos


@dataclass
class Parsed:
    value: Any = None
    # path -> position of the value; path + ("<key>",) -> position of the mapping key
    positions: dict[Path, Pos] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def pos(self, path: Path, *, key: bool = False) -> Pos:
        """The best position for a path: the key's own line, else the nearest known ancestor."""
        if key and path + ("<key>",) in self.positions:
            return self.positions[path + ("<key>",)]
        probe = path
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            if probe + ("<key>",) in self.positions:
                return self.positions[probe + ("<key>",)]
            probe = probe[:-1]
        return self.positions.get((), Pos(1, 1))


class _AliasBomb(Exception):
    pass


def parse(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document. ``line_offset`` shifts reported lines (front matter starts at 2)."""
    out = Parsed()
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(mark.line + 1 + line_offset, mark.column + 1) if mark else Pos(1 + line_offset, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        out.issues.append(Issue("YAML-SYNTAX", f"invalid YAML: {problem}", pos))
        return out
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        out.issues.append(Issue("YAML-SYNTAX", f"invalid YAML: {exc}", Pos(1 + line_offset, 1)))
        return out
    if node is None:
        return out
    builder = _Builder(out, line_offset)
    try:
        out.value = builder.build(node, ())
    except _AliasBomb:
        out.value = None
        out.issues.append(
            Issue(
                "YAML-ALIAS",
                f"anchors and aliases expand into more than {MAX_VALUES:,} values",
                Pos(node.start_mark.line + 1 + line_offset, 1),
            )
        )
    except RecursionError:
        out.value = None
        out.issues.append(Issue("YAML-SYNTAX", "invalid YAML: nested too deeply", builder.last))
    return out


class _Builder:
    def __init__(self, out: Parsed, line_offset: int) -> None:
        self.out = out
        self.offset = line_offset
        self.count = 0
        self.last = Pos(1 + line_offset, 1)  # the node being built, for "nested too deeply"

    def _pos(self, node: yaml.Node) -> Pos:
        return Pos(node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _AliasBomb
        self.last = self._pos(node)
        self.out.positions.setdefault(path, self.last)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "seq")
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _check_tag(self, node: yaml.Node, expected: str) -> bool:
        if node.tag == _TAG + expected:
            return True
        shown = "!!" + node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag  # as written
        self.out.issues.append(
            Issue("YAML-TAG", f"YAML tag '{shown}' is not allowed; write a plain value", self._pos(node))
        )
        return False

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        self._check_tag(node, "map")
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.out.issues.append(
                    Issue("SCHEMA-TYPE", "a key must be plain text, not a list or mapping", self._pos(key_node))
                )
                continue
            if key_node.tag == _TAG + "merge":  # `<<: *anchor`: keep it simple and explicit
                self.out.issues.append(
                    Issue("YAML-TAG", "merge keys (`<<`) are not allowed; write the keys out", self._pos(key_node))
                )
                continue
            if key_node.tag not in _PLAIN_SCALARS:  # e.g. `!!python/name:os.system : x`
                self._check_tag(key_node, "str")
            key = key_node.value
            if key in result:
                first = self.out.positions[path + (key, "<key>")]
                self.out.issues.append(
                    Issue(
                        "YAML-DUPLICATE-KEY",
                        f"key '{key}' appears twice in the same mapping (first on line {first.line})",
                        self._pos(key_node),
                    )
                )
                continue
            self.out.positions[path + (key, "<key>")] = self._pos(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if not tag.startswith(_TAG):
            self._check_tag(node, "str")
            return value
        kind = tag[len(_TAG):]
        if kind == "str":
            return value
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() in {"true", "yes", "on", "y"}
        if kind == "int":
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if kind == "float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if kind == "timestamp":
            if _DATE.match(value):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    return value  # e.g. 2024-02-30: the model reports it as a bad date
            return value  # a time of day is not allowed: keep the text, the model rejects it
        self._check_tag(node, "str")
        return value
