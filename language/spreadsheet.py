"""CSV files for people's spreadsheets: Swedish Excel's format, and no typed text ever runs as a formula.

Every CSV the app offers is written by :func:`spreadsheet_csv`: UTF-8 with a byte-order mark (so
Excel reads å, ä, ö), semicolons and decimal commas, and every text cell that a spreadsheet would
take for a formula (CSV injection: a log entry ``=HYPERLINK("http://…")``) prefixed with ``'`` as
OWASP recommends, so Excel and LibreOffice show it as the text it is. Numbers stay numbers: a
negative flow is ``-1,5``, not a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import pandas as pd

#: A text cell starting with one of these is a formula (or becomes one) in Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'`` so it stays text.

    Anything that is not a string (a number, a missing value) is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`neutralise_cell` applied to every non-numeric column."""
    return frame.apply(
        lambda column: column if pd.api.types.is_numeric_dtype(column) else column.map(neutralise_cell)
    )


def spreadsheet_csv(frame: pd.DataFrame, header_lines: Iterable[str] = ()) -> bytes:
    """``frame`` as a CSV file for Swedish Excel, cells neutralised (:func:`neutralise_frame`).

    ``header_lines`` (source, time, the ÖVNING marking) come first, each as one ``# …`` cell.
    """
    header = io.StringIO()
    # One cell per line, quoted if it holds a semicolon: a spreadsheet never splits it into a cell of its own.
    csv.writer(header, delimiter=";", lineterminator="\n").writerows([f"# {line}"] for line in header_lines)
    body = neutralise_frame(frame).to_csv(index=False, sep=";", decimal=",")
    return ("\ufeff" + header.getvalue() + body).encode("utf-8")
