"""The owner report file format (CSV or JSON) and its parser, with line-numbered Swedish errors.

CSV, as Swedish Excel writes it: semicolon-separated (comma and tab also accepted), decimal comma,
any of Excel's usual encodings (:func:`sources.csv_text.decode_csv_bytes`). One row per report, or
several rows per report when it has a planned discharge: repeat ``kraftverk`` and ``rapporttid`` and
give one planned time per row. Columns (header names are case-insensitive; å/ä/ö optional):

================  =========  ==================================================================
column            required   meaning
================  =========  ==================================================================
kraftverk         yes        plant name as in Älvläget's list, e.g. ``Stornorrfors``
rapporttid        yes        when the figures applied: ``2026-05-12 14:00`` (Swedish time) or
                             ISO 8601 with offset, ``2026-05-12T12:00Z``
tappning_m3s      yes        total discharge [m³/s] (on the report's first row)
turbin_m3s        no         of which through the turbines [m³/s]
utskov_m3s        no         of which through spillway gates [m³/s]
vattenyta_m       no         upstream water level [m ö.h.]
damningsgrans_m   no         the plant's dämningsgräns, highest permitted upstream level [m ö.h.]
sankningsgrans_m  no         the plant's sänkningsgräns, lowest permitted upstream level [m ö.h.]
planerad_tid      no         a time of the planned discharge ahead
planerad_m3s      no         the planned discharge from that time [m³/s]
kommentar         no         free text
rapportor         no         the person reporting
organisation      no         the organisation reporting (default: the importer's or the feed's)
================  =========  ==================================================================

JSON: ``{"rapporter": [{"kraftverk": "Stornorrfors", "rapporttid": "2026-05-12T14:00+02:00",
"tappning_m3s": 1450, "turbin_m3s": 850, "utskov_m3s": 600, "vattenyta_m": 74.2,
"damningsgrans_m": 75.0, "sankningsgrans_m": 71.5, "planerad": [{"tid": "2026-05-12T20:00+02:00", "m3s": 1600}], "kommentar": "",
"rapportor": "Anna Berg", "organisation": "Vattenfall AB"}]}`` (a bare list of reports works too).

Everything here is pure: bytes in, :class:`ParsedFile` out, or :class:`OwnerReportError` listing every
problem ("Rad 4: …"). A file with any error yields nothing.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from hydrology.formatting import format_number_sv
from owner_reports.model import OwnerReportError, PlannedDischarge, ReportDraft, Reporter, validate_draft
from owner_reports.plants import plant_by_name
from sources.csv_text import CsvDecodeError, csv_error_sv, decode_csv_bytes, guess_separator

STOCKHOLM = ZoneInfo("Europe/Stockholm")
#: Limits per file: bigger files are refused before they are read.
MAX_FILE_BYTES = 2_000_000
MAX_ROWS = 5_000
#: At most this many problems are listed; the count says how many there were.
MAX_PROBLEMS_LISTED = 30

COLUMNS: tuple[str, ...] = (
    "kraftverk", "rapporttid", "tappning_m3s", "turbin_m3s", "utskov_m3s", "vattenyta_m",
    "damningsgrans_m", "sankningsgrans_m", "planerad_tid", "planerad_m3s", "kommentar", "rapportor", "organisation",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("kraftverk", "rapporttid", "tappning_m3s")
REPORT_FIELDS: tuple[str, ...] = (
    "tappning_m3s", "turbin_m3s", "utskov_m3s", "vattenyta_m", "damningsgrans_m", "sankningsgrans_m", "kommentar",
    "rapportor", "organisation",
)
#: Header spellings accepted besides the canonical ones (after :func:`_header_key`).
_ALIASES = {
    "tappning": "tappning_m3s", "total_m3s": "tappning_m3s", "turbin": "turbin_m3s",
    "turbiner_m3s": "turbin_m3s", "utskov": "utskov_m3s", "vattenyta": "vattenyta_m",
    "planerad": "planerad_m3s", "rapportor": "rapportor", "rapporterad_av": "rapportor",
    "damningsgrans": "damningsgrans_m", "sankningsgrans": "sankningsgrans_m"
}


@dataclass(frozen=True)
class ParsedFile:
    """A file read without errors: its reports, the encoding used and the format (``CSV``/``JSON``)."""

    drafts: tuple[ReportDraft, ...]
    encoding: str
    file_format: str
    rows: int


# --- values -------------------------------------------------------------------------------------


def parse_number_sv(text: object) -> float | None:
    """``"1 450,5"`` → 1450.5; ``""`` → None. Spaces (also no-break) are thousands separators.

    Raises
    ------
    ValueError
        Not a number, not finite (``"nan"``, ``"inf"``, ``1e999``), or both a comma and a point
        (``"1.450,5"`` is ambiguous across locales).
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError("not a number")
    if isinstance(text, int | float):
        number = float(text)
    else:
        cleaned = re.sub(r"[\s\u00a0\u2009\u202f]", "", str(text))
        if not cleaned:
            return None
        if "," in cleaned and "." in cleaned:
            raise ValueError("both comma and point")
        number = float(cleaned.replace(",", "."))
    if not math.isfinite(number):  # float() reads "nan" and "inf"; no level or flow is either
        raise ValueError("not a number")
    return number


_LOCAL_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")


def parse_time_sv(text: object) -> datetime:
    """A report time as UTC: ISO 8601 with an offset, or ``"2026-05-12 14:00"`` in Swedish time.

    ``14.00`` is accepted for ``14:00`` (Swedish writing). A local time that does not exist (the hour
    skipped in March) or occurs twice (the hour repeated in October) is refused: give an offset.

    Raises
    ------
    ValueError
        With a Swedish message.
    """
    value = str(text or "").strip()
    if not value:
        raise ValueError("tid saknas")
    local = _LOCAL_TIME.match(value)
    if local:
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in local.groups())
        try:
            naive = datetime(year, month, day, hour, minute, second)
        except ValueError as exc:
            raise ValueError(f"”{value}” är inget giltigt datum") from exc
        return _local_to_utc(value, naive.replace(tzinfo=STOCKHOLM, fold=0), naive.replace(tzinfo=STOCKHOLM, fold=1))
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"”{value}” är ingen tid i formen 2026-05-12 14:00") from exc
    if moment.tzinfo is None:
        raise ValueError(f"”{value}” är ingen tid i formen 2026-05-12 14:00")
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(f"”{value}” ligger utanför de tider som går att räkna med") from exc


def _local_to_utc(value: str, first: datetime, second_: datetime) -> datetime:
    """(``first``, ``second_``): the local time with fold 0 and 1; the UTC time, or the Swedish reason."""
    try:
        if first.astimezone(UTC).astimezone(STOCKHOLM).replace(tzinfo=None) != first.replace(tzinfo=None):
            raise ValueError(f"”{value}” finns inte i svensk tid (sommartid börjar)")
        if first.utcoffset() != second_.utcoffset():
            raise ValueError(f"”{value}” finns två gånger (vintertid börjar); skriv tiden med +01:00 eller +02:00")
        return first.astimezone(UTC)
    except OverflowError as exc:  # year 1 or 9999 moved across the zone leaves the calendar
        raise ValueError(f"”{value}” ligger utanför de tider som går att räkna med") from exc


def parse_planned_lines(text: str) -> tuple[PlannedDischarge, ...]:
    """The planned discharge typed in the form: one ``tid; m³/s`` per line, e.g. ``2026-05-12 18:00; 1 500``.

    Raises
    ------
    OwnerReportError
        Listing every bad line ("Planerad tappning, rad 2: …").
    """
    points: list[PlannedDischarge] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in re.split(r"[;\t]", line) if p.strip()]
        if len(parts) != 2:
            problems.append(f"Planerad tappning, rad {number}: skriv tid och flöde åtskilda av semikolon, "
                            "t.ex. 2026-05-12 18:00; 1 500.")
            continue
        try:
            when = parse_time_sv(parts[0])
            flow = parse_number_sv(parts[1])
        except ValueError as exc:
            problems.append(f"Planerad tappning, rad {number}: {_reason(exc)}.")
            continue
        if flow is None:
            problems.append(f"Planerad tappning, rad {number}: flöde saknas.")
            continue
        points.append(PlannedDischarge(when, flow))
    if problems:
        raise OwnerReportError(problems[0] if len(problems) == 1 else "Planerad tappning har fel.", tuple(problems))
    return tuple(points)


def parse_report_form(
    plant: str, day: date, clock: time, total_m3s: float | None, *, turbine_m3s: float | None = None,
    spillway_m3s: float | None = None, upstream_level_m: float | None = None, planned_text: str = "",
    comment: str = "", damningsgrans_m: float | None = None, sankningsgrans_m: float | None = None,
) -> ReportDraft:
    """The report typed in the Ägarrapporter form, not yet validated or stored.

    ``day`` and ``clock`` are the report time in Swedish time (Europe/Stockholm); discharges [m³/s],
    levels [m ö.h.]; ``planned_text`` one ``tid; m³/s`` per line (:func:`parse_planned_lines`).

    Raises
    ------
    OwnerReportError
        Without a total discharge, or with bad planned lines.
    ValueError
        A report time that does not exist or occurs twice in Swedish time (:func:`parse_time_sv`).
    """
    if total_m3s is None:
        raise OwnerReportError("Ange total tappning i m³/s.")
    return ReportDraft(
        plant=plant,
        reported_at=parse_time_sv(f"{day:%Y-%m-%d} {clock:%H:%M}"),
        total_m3s=total_m3s,
        turbine_m3s=turbine_m3s,
        spillway_m3s=spillway_m3s,
        upstream_level_m=upstream_level_m,
        planned=parse_planned_lines(planned_text),
        comment=comment,
        damningsgrans_m=damningsgrans_m,
        sankningsgrans_m=sankningsgrans_m,
    )


def _reason(exc: ValueError) -> str:
    text = str(exc)
    if text in ("both comma and point",):
        return "har både punkt och komma; skriv tal med decimalkomma, t.ex. 1 450,5"
    if text.startswith("could not convert") or text == "not a number":
        return "är inget tal"
    return text


# --- files --------------------------------------------------------------------------------------


def _header_key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.strip().lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = re.sub(r"\[.*?\]|\(.*?\)", "", plain).replace("m³/s", "m3s").replace("³", "3")
    plain = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")
    return _ALIASES.get(plain, plain)


@dataclass
class _Row:
    line: int
    values: dict[str, str]


def _records(reader: "csv._reader", problems: list[str]) -> Iterator[tuple[int, list[str]]]:
    """``(line, record)`` of each CSV record; a record the csv module refuses (a field over its
    limit, a stray quotation mark) ends the file with its problem noted."""
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(csv_error_sv(exc, reader.line_num))
            return
        yield reader.line_num, record


def _rows_from_csv(text: str, problems: list[str]) -> list[_Row]:
    lines = text.split("\n")
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        problems.append("Filen är tom.")
        return []
    separator = guess_separator(lines[header_index])
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    header: list[str] | None = None
    rows: list[_Row] = []
    for line, record in _records(reader, problems):
        if header is None:
            if not any(cell.strip() for cell in record):
                continue
            header = [_header_key(cell) for cell in record]
            unknown = [cell for cell, key in zip(record, header, strict=True) if key not in COLUMNS and key]
            if unknown:
                problems.append(
                    f"Rad {line}: okänd kolumn {', '.join(f'”{u.strip()}”' for u in unknown)}. "
                    f"Tillåtna kolumner: {', '.join(COLUMNS)}."
                )
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                problems.append(f"Rad {line}: kolumn saknas: {', '.join(missing)}.")
            duplicated = sorted({k for k in header if k and header.count(k) > 1})
            if duplicated:
                problems.append(f"Rad {line}: kolumnen {', '.join(duplicated)} finns två gånger.")
            continue
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            problems.append(f"Rad {line}: {len(record)} fält men rubrikraden har {len(header)}.")
            continue
        rows.append(_Row(line, {k: v.strip() for k, v in zip(header, record, strict=False) if k}))
        if len(rows) > MAX_ROWS:
            break
    return rows


def _json_item_lines(text: str, data: object) -> list[int]:
    """The line each report object starts on (json gives positions only for syntax errors)."""
    match = re.search(r'"rapporter"\s*:\s*\[', text) if isinstance(data, dict) else re.match(r"\s*\[", text)
    if not match:
        return []
    decoder = json.JSONDecoder()
    position, lines = match.end(), []
    while True:
        while position < len(text) and text[position] in " \t\n\r,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return lines
        lines.append(text.count("\n", 0, position) + 1)
        _item, position = decoder.raw_decode(text, position)


def _rows_from_json(text: str, problems: list[str]) -> list[_Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(f"Rad {exc.lineno}: filen är inte giltig JSON (fel vid tecken {exc.colno}).")
        return []
    except RecursionError:  # thousands of nested brackets: no report file looks like that
        problems.append("Rad 1: filen är inte giltig JSON (för många nivåer inuti varandra).")
        return []
    items = data.get("rapporter") if isinstance(data, dict) else data
    if not isinstance(items, list):
        problems.append('Rad 1: JSON-filen ska vara {"rapporter": [ … ]} eller en lista av rapporter.')
        return []
    lines = _json_item_lines(text, data)
    rows: list[_Row] = []
    for index, item in enumerate(items[: MAX_ROWS + 1]):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(item, dict):
            problems.append(f"Rad {line}: rapport nr {index + 1} är inget objekt.")
            continue
        unknown = [k for k in item if k != "planerad" and _header_key(k) not in COLUMNS]
        if unknown:
            problems.append(f"Rad {line}: okänt fält {', '.join(f'”{u}”' for u in unknown)} i rapport nr {index + 1}.")
        values = {
            _header_key(k): "" if v is None else (v if isinstance(v, str) else json.dumps(v))
            for k, v in item.items() if k != "planerad" and _header_key(k) in COLUMNS
        }
        planned = item.get("planerad") or []
        if not isinstance(planned, list):
            problems.append(f"Rad {line}: ”planerad” ska vara en lista av {{\"tid\": …, \"m3s\": …}}.")
            planned = []
        rows.append(_Row(line, values))
        for point in planned:
            if not isinstance(point, dict) or "tid" not in point or "m3s" not in point:
                problems.append(f"Rad {line}: varje planerad punkt behöver ”tid” och ”m3s”.")
                continue
            flow = point["m3s"]
            rows.append(_Row(line, {
                "kraftverk": values.get("kraftverk", ""), "rapporttid": values.get("rapporttid", ""),
                "planerad_tid": str(point["tid"] or ""),
                "planerad_m3s": "" if flow is None else (flow if isinstance(flow, str) else json.dumps(flow)),
            }))
    return rows


def _field_number(row: _Row, column: str, label: str, problems: list[str]) -> float | None:
    try:
        return parse_number_sv(row.values.get(column, ""))
    except ValueError as exc:
        problems.append(f"Rad {row.line}: {label} ”{row.values.get(column)}” {_reason(exc)}.")
        return None


def _drafts_from_rows(
    rows: list[_Row], now: datetime, expected_organisation: str | None, problems: list[str]
) -> list[ReportDraft]:
    groups: dict[tuple[str, datetime], list[_Row]] = {}
    for row in rows:
        plant_text = row.values.get("kraftverk", "")
        plant = plant_by_name(plant_text) if plant_text else None
        if not plant_text:
            problems.append(f"Rad {row.line}: kraftverk saknas.")
            continue
        if plant is None:
            problems.append(f"Rad {row.line}: kraftverket ”{plant_text}” finns inte i Älvlägets lista över kraftverk.")
            continue
        try:
            reported_at = parse_time_sv(row.values.get("rapporttid", ""))
        except ValueError as exc:
            problems.append(f"Rad {row.line}: rapporttid {_reason(exc)}.")
            continue
        groups.setdefault((plant.name, reported_at), []).append(row)
    drafts: list[ReportDraft] = []
    for (plant_name, reported_at), group in groups.items():
        first = group[0]
        for later in group[1:]:
            for column in REPORT_FIELDS:
                value = later.values.get(column, "")
                if value and value != first.values.get(column, ""):
                    problems.append(
                        f"Rad {later.line}: {column} skiljer sig från rad {first.line} "
                        "(samma kraftverk och rapporttid är samma rapport)."
                    )
        planned: list[PlannedDischarge] = []
        for row in group:
            when_text, flow_text = row.values.get("planerad_tid", ""), row.values.get("planerad_m3s", "")
            if not when_text and not flow_text:
                continue
            if not when_text or not flow_text:
                problems.append(f"Rad {row.line}: planerad_tid och planerad_m3s ska anges tillsammans.")
                continue
            try:
                when = parse_time_sv(when_text)
            except ValueError as exc:
                problems.append(f"Rad {row.line}: planerad_tid {_reason(exc)}.")
                continue
            flow = _field_number(row, "planerad_m3s", "planerad_m3s", problems)
            if flow is not None:
                planned.append(PlannedDischarge(when, flow))
        total = _field_number(first, "tappning_m3s", "tappning_m3s", problems)
        if total is None and not first.values.get("tappning_m3s"):
            problems.append(f"Rad {first.line}: tappning_m3s saknas för {plant_name}.")
            continue
        turbine = _field_number(first, "turbin_m3s", "turbin_m3s", problems)
        spillway = _field_number(first, "utskov_m3s", "utskov_m3s", problems)
        level = _field_number(first, "vattenyta_m", "vattenyta_m", problems)
        upper = _field_number(first, "damningsgrans_m", "damningsgrans_m", problems)
        lower = _field_number(first, "sankningsgrans_m", "sankningsgrans_m", problems)
        if total is None:
            continue
        organisation = first.values.get("organisation", "")
        if expected_organisation and organisation and organisation.casefold() != expected_organisation.casefold():
            problems.append(
                f"Rad {first.line}: organisationen ”{organisation}” är inte flödets ägare ”{expected_organisation}”."
            )
            continue
        name = first.values.get("rapportor", "")
        stated = Reporter(name, organisation) if name or organisation else None
        draft = ReportDraft(
            plant=plant_name, reported_at=reported_at, total_m3s=total, turbine_m3s=turbine,
            spillway_m3s=spillway, upstream_level_m=level, planned=tuple(planned),
            comment=first.values.get("kommentar", ""), stated_reporter=stated,
            damningsgrans_m=upper, sankningsgrans_m=lower,
        )
        try:
            drafts.append(validate_draft(draft, now))
        except OwnerReportError as exc:
            problems.append(f"Rad {first.line}: {exc.message_sv}")
    return drafts


def _line_of(problem: str) -> int:
    match = re.match(r"Rad (\d+):", problem)
    return int(match.group(1)) if match else 0


def parse_report_file(
    data: bytes, filename: str, *, now: datetime, expected_organisation: str | None = None
) -> ParsedFile:
    """Read an owner report file (CSV or JSON, by extension or content).

    Parameters
    ----------
    data : the file's bytes.
    filename : its name, for messages and the format (``.json`` → JSON, else CSV unless it starts
        with ``{`` or ``[``).
    now : the clock report times are checked against [UTC] (scenario time in an exercise).
    expected_organisation : for a feed: rows naming another organisation are errors.

    Raises
    ------
    OwnerReportError
        Too big, unreadable, or any row with a problem — ``problems`` lists them with line numbers;
        nothing from the file may be stored.
    """
    if len(data) > MAX_FILE_BYTES:
        raise OwnerReportError(
            f"Filen ”{filename}” är för stor ({format_number_sv(len(data) / 1e6, 1)} MB). "
            f"Högst {format_number_sv(MAX_FILE_BYTES / 1e6, 0)} MB per fil. Inget har sparats."
        )
    try:
        text, encoding = decode_csv_bytes(data)
    except CsvDecodeError as exc:
        raise OwnerReportError(f"Filen ”{filename}” kunde inte läsas: {exc.message_sv} Inget har sparats.") from exc
    is_json = filename.lower().endswith(".json") or text.lstrip().startswith(("{", "["))
    problems: list[str] = []
    rows = _rows_from_json(text, problems) if is_json else _rows_from_csv(text, problems)
    if len(rows) > MAX_ROWS:
        raise OwnerReportError(
            f"Filen ”{filename}” har fler än {format_number_sv(MAX_ROWS)} rader. "
            f"Dela upp den i filer om högst {format_number_sv(MAX_ROWS)} rader. Inget har sparats."
        )
    drafts = _drafts_from_rows(rows, now, expected_organisation, problems) if not problems or rows else []
    if not problems and not drafts:
        problems.append("Filen innehåller inga rapporter.")
    if problems:
        count = len(problems)
        problems.sort(key=_line_of)
        listed = tuple(problems[:MAX_PROBLEMS_LISTED])
        if count > MAX_PROBLEMS_LISTED:
            listed += (f"… och {count - MAX_PROBLEMS_LISTED} fel till.",)
        raise OwnerReportError(
            f"Filen ”{filename}” har {'ett fel' if count == 1 else f'{count} fel'} och har inte lästs in. "
            "Inget har sparats.",
            listed,
        )
    return ParsedFile(tuple(drafts), encoding, "JSON" if is_json else "CSV", len(rows))


def with_reporter_default(draft: ReportDraft, organisation: str) -> ReportDraft:
    """The draft with ``organisation`` filled in where the file named none."""
    stated = draft.stated_reporter
    if stated is None:
        return replace(draft, stated_reporter=Reporter("", organisation))
    if not stated.organisation:
        return replace(draft, stated_reporter=Reporter(stated.name, organisation))
    return draft
