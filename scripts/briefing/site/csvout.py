"""CSV downloads (UTF-8, a header row, RFC 4180 quoting), safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by a
spreadsheet as a formula (CSV injection): such a cell gets a leading single quote, as OWASP
advises, so that a contributor's title is always shown as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")
