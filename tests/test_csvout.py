"""site/csvout.py: RFC 4180 CSV in UTF-8 with a header row, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io

import pytest

from briefing.site.csvout import csv_bytes, neutralise


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", "=HYPERLINK(\"https://x\")"])
def test_formula_starts_are_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["plain", "2025-03-01", "a=b", "", "'quoted", "中文"])
def test_other_cells_are_left_alone(value: str) -> None:
    assert neutralise(value) == value


def test_quoting_line_ends_and_round_trip() -> None:
    rows = [["a, with comma", 'say "hi"', "two\nlines", None], ["=bad", "中文", "", 3]]
    data = csv_bytes(["h1", "h2", "h3", "h4"], rows)
    assert data.startswith(b"h1,h2,h3,h4\r\n") and data.endswith(b"\r\n")
    assert b'"a, with comma","say ""hi""","two\nlines",\r\n' in data
    back = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert back == [["h1", "h2", "h3", "h4"], ["a, with comma", 'say "hi"', "two\nlines", ""],
                    ["'=bad", "中文", "", "3"]]
