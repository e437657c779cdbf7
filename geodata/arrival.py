"""Arrival times of a dam-failure wave: owners' data where it exists, else a calibrated rough estimate.

Pure domain code (no database, no Streamlit). The arrival table has one row per place downstream of
the failing dam: where the river enters each kommun (``place_type`` ``"kommun"``, the kommun border),
each town (``"ort"``) and each dam below (``"damm"``, the cascade), ordered by river distance.

Owner data
    Dam owners' dam-failure consequence data (dammbrottsutredning / flodvågsberäkning): per dam and
    place, the front's arrival, the time of the peak, the peak flow and the highest water level.
    :func:`parse_arrival_csv` reads such a file all-or-nothing and matches every row to a place by
    name **and** kind, so a town's value never lands on the kommun border of the same name
    (Sollefteå the town lies 121 km below Hällby; Sollefteå kommun begins at the dam).
    :func:`apply_owner_arrivals` puts the owner's values in place of the estimate, labelled
    "dammägarens uppgift".

Estimate
    Where the owner gives nothing, distance along the river [km] divided by a front-speed range
    [m/s], labelled "grov uppskattning" with its basis. The range is calibrated on published arrival
    times on our rivers (``geodata/curated/arrival_calibration.csv``): Kramfors kommun tells residents
    that water reaches Nyland 10–12 h after a failure of Hällbydammen, 162 km along the river here,
    i.e. 3.8–4.5 m/s. :data:`CALIBRATION_MARGIN` (30 % each way) widens that for other dams and stretches
    (other reservoirs, other flows), which gives 2.9–5.9 m/s: Nyland 7.7–15.6 h. The earlier
    1–5 m/s span of all published Swedish cases (Dalälven, Ljungan) gave Nyland 9–45 h, too wide to
    plan by.

Peak
    The owner's time to peak is used wherever the owner gives one (``topp_h``). Elsewhere — every
    estimated place, and owner rows without ``topp_h`` — the peak is assumed to follow the front by
    :data:`PEAK_LAG_H` (1–3 h), and the row says so (``peak_assumed``): on screen and in the drafts
    the time is marked "antagande" and :func:`peak_assumption_sv` says in plain words what the
    assumption rests on.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from shapely.geometry import LineString

from geodata.downstream import DownstreamReach, downstream_of
from geodata.layers import read_curated_csv, read_rivers

CALIBRATION_CSV = Path(__file__).resolve().parent / "curated" / "arrival_calibration.csv"
#: How much the calibrated speed range is widened each way for places and dams it was not measured on.
CALIBRATION_MARGIN = 0.30
#: The peak is assumed to reach a place this many hours after the front [h] where no owner gives a
#: time to peak. Not a calculation: no time to peak is published for our rivers (the owners' flood-wave
#: calculations have it), so the range is an assumption and is said to be one wherever it is used.
PEAK_LAG_H: tuple[float, float] = (1.0, 3.0)
#: The marker after an assumed peak time, on screen and in the Swedish drafts.
PEAK_ASSUMED_SV = "antagande"

ESTIMATE_LABEL = "grov uppskattning"
OWNER_LABEL = "dammägarens uppgift"

ARRIVAL_COLUMNS = [
    "dam", "place", "place_type", "kommun", "distance_km", "front_from_h", "front_to_h", "peak_from_h",
    "peak_to_h", "peak_m3s", "max_level_m", "source", "is_estimate", "label", "peak_assumed",
]
#: Place kinds → Swedish (the kommun row is where the river enters the kommun).
PLACE_TYPE_SV = {"kommun": "kommungräns", "ort": "ort", "damm": "damm"}

#: Column names an owner file may use (Swedish or English) → the field. Required: see IMPORT_REQUIRED.
IMPORT_HEADERS: dict[str, str] = {
    "dam": "dam", "damm": "dam",
    "place": "place", "plats": "place",
    "kind": "kind", "typ": "kind", "place_type": "kind",
    "front_h": "front", "arrival_h": "front", "ankomst_h": "front",
    "peak_h": "peak", "topp_h": "peak", "tid_till_topp_h": "peak",
    "peak_m3s": "peak_m3s", "toppflode_m3s": "peak_m3s", "toppflöde_m3s": "peak_m3s",
    "max_level_m": "max_level_m", "hogsta_niva_m": "max_level_m", "högsta_nivå_m": "max_level_m",
    "source": "source", "kalla": "source", "källa": "source",
}
IMPORT_REQUIRED = ("dam", "place", "kind", "front", "source")
IMPORT_EXAMPLE_HEADER = "damm,plats,typ,ankomst_h,topp_h,toppflode_m3s,hogsta_niva_m,kalla"
#: The kind column's words → place_type.
KIND_WORDS: dict[str, str] = {
    "ort": "ort", "tätort": "ort", "town": "ort",
    "damm": "damm", "dam": "damm", "kraftverk": "damm",
    "kommungräns": "kommun", "kommun": "kommun", "kommungrans": "kommun", "kommun_border": "kommun",
}


#: Most data rows an arrival file may have, and the longest line [characters] (limits checked before
#: parsing, so a pasted log or a huge export is refused at once with the reason).
MAX_IMPORT_LINES = 2_000
#: Plausibility limits of an owner's arrival file: a wave arrives within 30 days [h]; a dam-failure
#: peak below 1 000 000 m³/s; a highest level between -50 and 2 000 m above sea level. A value beyond
#: them is a typing error (and 1e308 hours cannot even be turned into a clock time).
MAX_ARRIVAL_HOURS = 720.0
MAX_PEAK_M3S = 1_000_000.0
LEVEL_RANGE_M = (-50.0, 2_000.0)
MAX_IMPORT_LINE_CHARS = 2_000


class ArrivalImportError(ValueError):
    """An owner arrival file that cannot be used; nothing from it is stored.

    ``str(error)`` is the Swedish summary; ``problems`` lists every problem found, each a Swedish
    sentence naming the line; ``line`` is the first problem's line (1 = header) or None.
    """

    def __init__(self, message: str, line: int | None = None, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.line = line
        self.problems = problems or (message,)


@dataclass(frozen=True)
class CelerityRange:
    """The front-speed range the estimate uses [m/s], with the Swedish sentence saying what it rests on."""

    slow_ms: float
    fast_ms: float
    basis_sv: str


def celerity_from_cases(cases: pd.DataFrame, margin: float = CALIBRATION_MARGIN) -> CelerityRange:
    """Calibrate the speed range on published cases (``distance_km``, ``hours_from``, ``hours_to``, ``source``,
    ``dam``, ``place``): the slowest case speed divided by ``1 + margin``, the fastest times ``1 + margin``.

    Raises
    ------
    ValueError
        With no usable case (no rows, or a non-positive distance or time).
    """
    usable = cases[(cases["distance_km"] > 0) & (cases["hours_from"] > 0) & (cases["hours_to"] >= cases["hours_from"])]
    if usable.empty:
        raise ValueError("no usable calibration case")
    fastest = float((usable["distance_km"] * 1000.0 / (usable["hours_from"] * 3600.0)).max())
    slowest = float((usable["distance_km"] * 1000.0 / (usable["hours_to"] * 3600.0)).min())
    slow, fast = slowest / (1.0 + margin), fastest * (1.0 + margin)
    cases_sv = "; ".join(
        f"{row.source.split(',')[0]}: {row.dam}–{row.place} {row.hours_from:g}–{row.hours_to:g} h över "
        f"{row.distance_km:.0f} km"
        for row in usable.itertuples(index=False)
    )
    basis = (
        f"Avstånd längs älven delat med {_ms(slow)}–{_ms(fast)} m/s: publicerade ankomsttider ({cases_sv}) "
        f"ger {_ms(slowest)}–{_ms(fastest)} m/s, vidgat {margin * 100:.0f} % åt båda håll för andra sträckor och flöden."
    )
    return CelerityRange(slow, fast, basis)


def _ms(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _hours_sv(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def peak_assumption_sv(assumed: int, total: int) -> str:
    """What an assumed peak time rests on, in plain Swedish, for ``assumed`` of ``total`` places; "" for none.

    ``"Högsta flöde (toppen): för 15 av 16 platser har dammägaren inte lämnat någon tid. Där räknar vi med
    att toppen kommer 1–3 timmar efter fronten. …"``
    """
    if assumed <= 0:
        return ""
    which = _which_places_sv(assumed, total)
    low, high = PEAK_LAG_H
    return (
        f"Högsta flöde (toppen): för {which} har dammägaren inte lämnat någon tid. Där räknar vi med att toppen "
        f"kommer {_hours_sv(low)}–{_hours_sv(high)} timmar efter fronten. Det är ett antagande, ingen beräkning: "
        "nära dammen kommer toppen strax efter fronten, längre ned sprids vågen ut och toppen kan komma senare. "
        "Dammägarens flodvågsberäkning (dammbrottsutredning) ger den verkliga tiden."
    )


def _which_places_sv(assumed: int, total: int) -> str:
    return "alla platser" if assumed == total else f"{assumed} av {total} platser"


def peak_assumption_short_sv(assumed: int, total: int) -> str:
    """:func:`peak_assumption_sv` in one screen line (the 1280×720 meeting screen); "" for none.

    ``"Toppen (högsta flöde) antas komma 1–3 timmar efter fronten för 15 av 16 platser: ett antagande, ingen
    beräkning."``
    """
    if assumed <= 0:
        return ""
    low, high = PEAK_LAG_H
    return (f"Toppen (högsta flöde) antas komma {_hours_sv(low)}–{_hours_sv(high)} timmar efter fronten för "
            f"{_which_places_sv(assumed, total)}: ett antagande, ingen beräkning.")


def peak_assumption_of(table: pd.DataFrame, *, short: bool = False) -> str:
    """:func:`peak_assumption_sv` (``short``: :func:`peak_assumption_short_sv`) for an arrival table
    (:data:`ARRIVAL_COLUMNS`)."""
    sentence = peak_assumption_short_sv if short else peak_assumption_sv
    return sentence(int(table["peak_assumed"].sum()), len(table))


@lru_cache(maxsize=1)
def read_calibrated_celerity() -> CelerityRange:
    """The speed range calibrated on ``geodata/curated/arrival_calibration.csv`` (distances measured here)."""
    cases = read_curated_csv(CALIBRATION_CSV)
    distances = []
    for row in cases.itertuples(index=False):
        table = _places(downstream_of(row.dam))
        hit = table[(table["place"] == row.place) & (table["place_type"] == row.place_type)]
        distances.append(float(hit["distance_km"].iloc[0]) if len(hit) else math.nan)
    return celerity_from_cases(cases.assign(distance_km=distances))


def _places(reach: DownstreamReach) -> pd.DataFrame:
    """Every place below the dam: ``dam``, ``place``, ``place_type``, ``kommun``, ``distance_km``, in order."""
    rows = [("kommun", r["kommun"], r["kommun"], r["distance_km"]) for _, r in reach.kommuner.iterrows()]
    rows += [("ort", r["place"], r["kommun"], r["distance_km"]) for _, r in reach.places.iterrows()]
    rows += [("damm", r["name"], r["kommun"], r["distance_km"]) for _, r in reach.dams.iterrows()]
    table = pd.DataFrame(rows, columns=["place_type", "place", "kommun", "distance_km"])
    table.insert(0, "dam", reach.dam)
    return table.sort_values("distance_km", kind="stable").reset_index(drop=True)


def estimate_arrivals(reach: DownstreamReach, celerity: CelerityRange | None = None) -> pd.DataFrame:
    """The estimated arrival table for one failing dam (:data:`ARRIVAL_COLUMNS`).

    ``front_from_h`` = distance / fastest speed, ``front_to_h`` = distance / slowest speed [h after
    the failure]; the peak follows by :data:`PEAK_LAG_H` (``peak_assumed``). Peak flow and level are
    unknown (NaN).
    """
    celerity = celerity or read_calibrated_celerity()
    if not (0 < celerity.slow_ms <= celerity.fast_ms):
        raise ValueError(f"speed range must be positive and ordered, got {celerity!r}")
    table = _places(reach)
    table["front_from_h"] = table["distance_km"] * 1000.0 / celerity.fast_ms / 3600.0
    table["front_to_h"] = table["distance_km"] * 1000.0 / celerity.slow_ms / 3600.0
    table["peak_from_h"] = table["front_from_h"] + PEAK_LAG_H[0]
    table["peak_to_h"] = table["front_to_h"] + PEAK_LAG_H[1]
    table["peak_m3s"] = math.nan
    table["max_level_m"] = math.nan
    table["source"] = celerity.basis_sv
    table["is_estimate"] = True
    table["label"] = ESTIMATE_LABEL
    table["peak_assumed"] = True
    return table[ARRIVAL_COLUMNS]


# --- owner files -----------------------------------------------------------------------------------


def _parse_hours(text: str, line: int, column: str) -> tuple[float, float]:
    """``"10"`` → (10, 10); ``"10-12"`` or ``"10–12"`` → (10, 12); decimal comma allowed."""
    cleaned = text.strip().replace(",", ".").replace("–", "-")
    parts = [part.strip() for part in cleaned.split("-")] if "-" in cleaned[1:] else [cleaned]
    try:
        values = [float(part) for part in parts]
    except ValueError:
        raise ArrivalImportError(
            f"Rad {line}: {column} ”{text.strip()}” är inte ett antal timmar (t.ex. 11 eller 10–12).", line
        ) from None
    if any(math.isnan(v) or math.isinf(v) for v in values) or len(values) > 2:
        raise ArrivalImportError(f"Rad {line}: {column} ”{text.strip()}” är inte ett antal timmar.", line)
    if any(v < 0 for v in values):
        raise ArrivalImportError(f"Rad {line}: {column} får inte vara negativ (”{text.strip()}”).", line)
    if any(v > MAX_ARRIVAL_HOURS for v in values):
        raise ArrivalImportError(f"Rad {line}: {column} ”{text.strip()}” är mer än {MAX_ARRIVAL_HOURS:.0f} timmar "
                                 f"({MAX_ARRIVAL_HOURS / 24:.0f} dygn) efter brottet; kontrollera värdet.", line)
    low, high = values[0], values[-1]
    if high < low:
        raise ArrivalImportError(f"Rad {line}: {column} ”{text.strip()}”: första värdet är större än andra.", line)
    return low, high


def _parse_number(text: str, line: int, column: str, unit: str, *, signed: bool = False,
                  limits: tuple[float, float] = (0.0, MAX_PEAK_M3S)) -> float:
    """A number of the file in ``unit``; empty → NaN; refused outside ``limits`` (inclusive)."""
    if not text.strip():
        return math.nan
    try:
        value = float(text.strip().replace(",", ".").replace(" ", "").replace("\u202f", ""))
    except ValueError:
        raise ArrivalImportError(f"Rad {line}: {column} ”{text.strip()}” är inte ett tal ({unit}).", line) from None
    if math.isnan(value) or math.isinf(value) or (value < 0 and not signed):
        raise ArrivalImportError(f"Rad {line}: {column} får inte vara negativ eller ogiltig (”{text.strip()}”).", line)
    low, high = limits
    if not low <= value <= high:
        raise ArrivalImportError(f"Rad {line}: {column} ”{text.strip()}” ligger utanför {_number_sv(low)} till "
                                 f"{_number_sv(high)} {unit}; kontrollera värdet.", line)
    return value


def _dam_key(name: str, known: Mapping[str, str]) -> str | None:
    """The dam table's name for ``name``: case-insensitive, "Hällbydammen" = "Hällby"."""
    wanted = name.strip().casefold()
    if wanted in known:
        return known[wanted]
    for suffix in ("dammen", " damm"):
        if wanted.endswith(suffix) and wanted[: -len(suffix)].strip() in known:
            return known[wanted[: -len(suffix)].strip()]
    return None


def parse_arrival_csv(text: str, reaches: Mapping[str, pd.DataFrame] | None = None,
                      known_dams: Iterable[str] = ()) -> pd.DataFrame:
    """Parse, validate and match an owner's arrival file (all or nothing).

    Header (Swedish or English names, any order, ``,`` or ``;``): ``damm,plats,typ,ankomst_h`` and
    ``kalla`` are required, ``topp_h``, ``toppflode_m3s``, ``hogsta_niva_m`` optional. ``typ`` is
    ``ort``, ``damm`` or ``kommungräns``. Hours are after the failure, one number or a range
    ``10–12``, decimal comma allowed; peak flow [m³/s]; highest water level [m, as the owner gives it].

    ``reaches`` maps each dam (as in the dam table) to its places (:func:`places_below`); a row is
    kept only when its place **and** kind match one of the dam's places. ``known_dams`` names every
    dam of the table (to tell an unknown dam from a known one).

    Returns
    -------
    DataFrame: ``dam``, ``place`` (as the table spells it), ``place_type``, ``front_from_h``,
    ``front_to_h``, ``peak_from_h``, ``peak_to_h``, ``peak_m3s``, ``max_level_m`` (NaN if not given),
    ``source``, ``line``.

    Raises
    ------
    ArrivalImportError
        Listing every problem in Swedish: wrong columns, unknown dam, a place that does not match
        (name and kind) a place below the dam, bad numbers, no rows.
    """
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ArrivalImportError(f"Filen är tom. Första raden ska vara: {IMPORT_EXAMPLE_HEADER}.", 1)
    # Limits before any work: one dam's cascade is tens of places, not thousands.
    if len(lines) > MAX_IMPORT_LINES + 1:
        raise ArrivalImportError(
            f"Filen har {len(lines) - 1} rader; högst {MAX_IMPORT_LINES} datarader går att importera. "
            "Dela upp den per damm. Inget har sparats.", None)
    long_line = next((i for i, line in enumerate(lines, start=1) if len(line) > MAX_IMPORT_LINE_CHARS), None)
    if long_line is not None:
        raise ArrivalImportError(
            f"Rad {long_line}: raden är {len(lines[long_line - 1])} tecken lång; högst {MAX_IMPORT_LINE_CHARS} "
            "tecken per rad. Inget har sparats.", long_line)
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    fields = [IMPORT_HEADERS.get(cell) for cell in header]
    missing = [name for name in IMPORT_REQUIRED if name not in fields]
    unknown = [cell for cell, field in zip(header, fields, strict=True) if field is None]
    if missing or unknown or len(set(fields)) != len(fields):
        raise ArrivalImportError(
            f"Rad 1: fel kolumner ”{','.join(header)}”. Förväntade: {IMPORT_EXAMPLE_HEADER} "
            "(topp_h, toppflode_m3s och hogsta_niva_m får utelämnas).", 1
        )
    reaches = {} if reaches is None else reaches
    known = {name.casefold(): name for name in [*known_dams, *reaches]}
    rows, problems = [], []
    try:
        for line_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            try:
                rows.append(_parse_row(cells, fields, line_number, known, reaches))
            except ArrivalImportError as error:
                problems.append(str(error))
    except csv.Error:  # a quoted field running past the csv module's limit, usually an unclosed quote
        problems.append(f"Rad {reader.line_num}: ett fält är för långt eller har ett citattecken (\") som aldrig "
                        "avslutas.")
    if problems:
        count = f"{len(problems)} rad" if len(problems) == 1 else f"{len(problems)} rader"
        first_line = int(problems[0].split(":")[0].removeprefix("Rad ")) if problems[0].startswith("Rad ") else None
        raise ArrivalImportError(
            f"Filen importerades inte ({count} med fel): " + " ".join(problems), first_line, tuple(problems)
        )
    if not rows:
        raise ArrivalImportError("Filen har inga datarader under rubrikraden.", None)
    return pd.DataFrame(rows, columns=[
        "dam", "place", "place_type", "front_from_h", "front_to_h", "peak_from_h", "peak_to_h", "peak_m3s",
        "max_level_m", "source", "line",
    ])


def _parse_row(cells: list[str], fields: list[str | None], line: int, known: Mapping[str, str],
               reaches: Mapping[str, pd.DataFrame]) -> tuple:
    if len(cells) != len(fields):
        raise ArrivalImportError(f"Rad {line}: {len(cells)} fält, förväntade {len(fields)}.", line)
    value = {field: cell.strip() for field, cell in zip(fields, cells, strict=True)}
    dam = _dam_key(value["dam"], known)
    if dam is None:
        raise ArrivalImportError(f"Rad {line}: okänd damm ”{value['dam']}”.", line)
    for field, name in (("place", "plats"), ("kind", "typ"), ("front", "ankomst_h"), ("source", "källa")):
        if not value[field]:
            raise ArrivalImportError(f"Rad {line}: {name} saknas.", line)
    kind = KIND_WORDS.get(value["kind"].casefold())
    if kind is None:
        raise ArrivalImportError(
            f"Rad {line}: typ ”{value['kind']}” är okänd; skriv ort, damm eller kommungräns.", line
        )
    front_from, front_to = _parse_hours(value["front"], line, "ankomst_h")
    peak_from = peak_to = math.nan
    if value.get("peak"):
        peak_from, peak_to = _parse_hours(value["peak"], line, "topp_h")
        if peak_to < front_from:
            raise ArrivalImportError(f"Rad {line}: toppen (topp_h) kan inte komma före fronten (ankomst_h).", line)
    peak_m3s = _parse_number(value.get("peak_m3s", ""), line, "toppflode_m3s", "m³/s")
    level = _parse_number(value.get("max_level_m", ""), line, "hogsta_niva_m", "meter", signed=True,
                          limits=LEVEL_RANGE_M)
    place = value["place"]
    places = reaches.get(dam)
    if places is None:
        raise ArrivalImportError(f"Rad {line}: platserna nedströms {dam} är okända.", line)
    hit = places[(places["place"].str.casefold() == place.casefold()) & (places["place_type"] == kind)]
    if hit.empty:
        same_name = places[places["place"].str.casefold() == place.casefold()]["place_type"].map(PLACE_TYPE_SV)
        hint = f" (finns som {', '.join(sorted(set(same_name)))})" if len(same_name) else ""
        raise ArrivalImportError(
            f"Rad {line}: ingen {PLACE_TYPE_SV[kind]} ”{place}” nedströms {dam}{hint}; raden kan inte kopplas "
            "till någon plats.", line,
        )
    return (dam, str(hit["place"].iloc[0]), kind, front_from, front_to, peak_from, peak_to, peak_m3s, level,
            value["source"], line)


def places_below(reach: DownstreamReach) -> pd.DataFrame:
    """The places an owner row may name for this dam: ``place``, ``place_type``, ``kommun``, ``distance_km``."""
    return _places(reach)[["place", "place_type", "kommun", "distance_km"]]


def apply_owner_arrivals(estimates: pd.DataFrame, owner: pd.DataFrame | None) -> pd.DataFrame:
    """The arrival table with the owner's values in place of the estimate where the owner gives them.

    A row matches when dam, place (case-insensitive) **and** ``place_type`` are the same. Matched
    rows take the owner's times, peak flow, level and source, ``is_estimate=False`` and the label
    "dammägarens uppgift". Where the owner gives no peak time the assumed lag after the owner's
    front is kept and the row stays ``peak_assumed``. Owner rows that match nothing are left out (an
    import refuses them).
    """
    table = estimates.copy()
    if owner is None or owner.empty or table.empty:
        return table
    dam = table["dam"].iloc[0]
    for _, given in owner[owner["dam"] == dam].iterrows():
        match = (table["place"].str.casefold() == str(given["place"]).casefold()) & (
            table["place_type"] == given["place_type"]
        )
        if not match.any():
            continue
        for column in ("front_from_h", "front_to_h", "peak_m3s", "max_level_m", "source"):
            table.loc[match, column] = given[column]
        if pd.notna(given["peak_from_h"]):
            table.loc[match, "peak_from_h"] = given["peak_from_h"]
            table.loc[match, "peak_to_h"] = given["peak_to_h"]
            table.loc[match, "peak_assumed"] = False
        else:
            table.loc[match, "peak_from_h"] = given["front_from_h"] + PEAK_LAG_H[0]
            table.loc[match, "peak_to_h"] = given["front_to_h"] + PEAK_LAG_H[1]
        table.loc[match, "is_estimate"] = False
        table.loc[match, "label"] = OWNER_LABEL
    return bound_estimates_by_owner(table, _hours_per_km_at_fastest(estimates))[ARRIVAL_COLUMNS]


def _hours_per_km_at_fastest(estimates: pd.DataFrame) -> float:
    """The estimate's own fastest front speed as hours per km (its ``front_from_h`` per ``distance_km``); 0 if none."""
    moving = estimates[estimates["is_estimate"].astype(bool) & (estimates["distance_km"] > 0)]
    if moving.empty:
        return 0.0
    return float((moving["front_from_h"] / moving["distance_km"]).min())


def bound_estimates_by_owner(table: pd.DataFrame, hours_per_km: float = 0.0) -> pd.DataFrame:
    """Estimated rows made consistent with the owner's figures around them (owner rows untouched).

    The front cannot reach a place before it has passed every place above it, so an estimate below
    a place with an owner's figure is never earlier than that figure plus the way between them at
    the estimate's fastest speed (``hours_per_km`` [h/km], 0 = no way added); and an estimate above
    an owner's place is never later than the owner's figure there. The same holds for the peak.
    Where an owner's figure moved an estimate, the row's ``source`` says so; it stays labelled
    "grov uppskattning" (``is_estimate`` True). With owner figures that contradict each other, the
    bound from upstream wins: the brief rule is "never earlier than the owner above".

    Example: owner Nyland (162 km below Hällby) 10–12 h, estimate Kramfors town (171 km) 8–16 h
    → 10–16 h, never before the owner's Nyland time.
    """
    out = table.copy()
    owner = out[~out["is_estimate"].astype(bool) & out["distance_km"].notna()]
    if owner.empty:
        return out
    distance = owner["distance_km"].to_numpy(float)
    for index in out.index[out["is_estimate"].astype(bool) & out["distance_km"].notna()]:
        here = float(out.at[index, "distance_km"])
        above, below = distance <= here, distance >= here
        way_h = (here - distance[above]) * hours_per_km
        moved = []
        for start, end in (("front_from_h", "front_to_h"), ("peak_from_h", "peak_to_h")):
            for column in (start, end):
                value = float(out.at[index, column])
                bounded = value
                if below.any():
                    bounded = min(bounded, float(owner[column].to_numpy(float)[below].min()))
                if above.any():
                    bounded = max(bounded, float((owner[column].to_numpy(float)[above] + way_h).max()))
                if not math.isclose(bounded, value):
                    out.at[index, column] = bounded
                    moved.append(column)
        out.at[index, "peak_from_h"] = max(float(out.at[index, "peak_from_h"]), float(out.at[index, "front_from_h"]))
        out.at[index, "peak_to_h"] = max(float(out.at[index, "peak_to_h"]), float(out.at[index, "front_to_h"]))
        if moved:
            out.at[index, "source"] = f"{out.at[index, 'source']} {_bound_note_sv(owner, here)}"
    return out


#: The words an estimate moved by an owner's figure adds to its source (the Källa column), and the reason;
#: :func:`estimate_basis_sv` says the same in the table's warning.
ADJUSTED_SV = "Justerad efter dammägarens uppgifter"
BOUND_REASON_SV = "vågen når inte en plats förrän den har passerat platserna ovanför."


def _owner_places_sv(owner: pd.DataFrame) -> str:
    """``"Nyland 10–12 h, Kramfors 11–13 h"``: owner places with their front times."""
    return ", ".join(f"{row.place} {format_hours_sv(row.front_from_h, row.front_to_h)}" for row in owner.itertuples())


def _bound_note_sv(owner: pd.DataFrame, here: float) -> str:
    """The sentence on a bounded estimate naming the owner places that bound it."""
    near = owner.assign(gap=(owner["distance_km"] - here).abs()).sort_values(["gap", "distance_km"])
    return f"{ADJUSTED_SV} ({_owner_places_sv(near.head(2))}): {BOUND_REASON_SV}"


def _basis_of(source: str) -> str:
    """An estimated row's source without the note :func:`bound_estimates_by_owner` added to it."""
    return source.split(f" {ADJUSTED_SV} (", 1)[0]


def estimate_basis_sv(table: pd.DataFrame) -> str:
    """What the estimated rows of an arrival table rest on, in the words of their Källa column ("" when none).

    The warning above the table and the Källa column must agree: this reads the rows' own ``source`` —
    their bases, once each — and, where owner figures moved estimates, says so with the note's own words
    (:data:`ADJUSTED_SV`, :data:`BOUND_REASON_SV`) naming the owner places. E.g. ``"Grov uppskattning för
    15 av 16 platser: Avstånd längs älven delat med … Justerad efter dammägarens uppgifter (Nyland 10–12 h)
    för 9 av dem: vågen når inte en plats förrän den har passerat platserna ovanför."``
    """
    estimated = table[table["is_estimate"].astype(bool)]
    if estimated.empty:
        return ""
    bases = " ".join(dict.fromkeys(_basis_of(str(source)) for source in estimated["source"]))
    text = f"{ESTIMATE_LABEL.capitalize()} för {_which_places_sv(len(estimated), len(table))}: {bases}"
    adjusted = int(estimated["source"].astype(str).str.contains(f" {ADJUSTED_SV} (", regex=False).sum())
    if adjusted:
        owner = table[~table["is_estimate"].astype(bool)].sort_values("distance_km", kind="stable")
        which = "alla" if adjusted == len(estimated) else f"{adjusted} av dem"
        text += f" {ADJUSTED_SV} ({_owner_places_sv(owner)}) för {which}: {BOUND_REASON_SV}"
    return text


# --- clock times -----------------------------------------------------------------------------------


def arrival_clock_times(table: pd.DataFrame, failed_at: datetime, now: datetime) -> pd.DataFrame:
    """The table with clock times [UTC] and what has been reached at ``now`` [UTC].

    Adds ``front_from_utc``, ``front_to_utc``, ``peak_from_utc``, ``peak_to_utc`` and ``state``:
    ``"nådd"`` (the front has arrived even at the slowest estimate), ``"kan vara nådd"`` (inside the
    range) or ``"väntas"``.
    """
    out = table.copy()
    for column in ("front_from", "front_to", "peak_from", "peak_to"):
        out[f"{column}_utc"] = [failed_at + timedelta(hours=float(h)) for h in out[f"{column}_h"]]
    out["state"] = [
        "nådd" if now >= late else "kan vara nådd" if now >= early else "väntas"
        for early, late in zip(out["front_from_utc"], out["front_to_utc"], strict=True)
    ]
    return out


def front_reach_km(table: pd.DataFrame, hours_since_failure: float) -> tuple[float, float]:
    """Where the front is now by the arrival table [km below the dam]: (nearest, furthest).

    The furthest is where the earliest arrivals (``front_from_h``) have come to, the nearest where
    the latest (``front_to_h``) have: linear between the table's places, never beyond the last one.
    Reads the same table every page shows, so the map agrees with the times.
    """
    known = table[table["distance_km"].notna()].sort_values("distance_km")
    if known.empty or hours_since_failure <= 0:
        return 0.0, 0.0
    distance = np.concatenate([[0.0], known["distance_km"].to_numpy(float)])
    early = np.maximum.accumulate(np.concatenate([[0.0], known["front_from_h"].to_numpy(float)]))
    late = np.maximum.accumulate(np.concatenate([[0.0], known["front_to_h"].to_numpy(float)]))
    return (float(np.interp(hours_since_failure, late, distance)),
            float(np.interp(hours_since_failure, early, distance)))


def stretch_between(reach: DownstreamReach, from_km: float, to_km: float, step_km: float = 2.0) -> LineString | None:
    """The drawn river (EPSG:3006) between two river distances below the dam [km]; None when empty."""
    if to_km - from_km < 0.1:
        return None
    lines = read_rivers().set_index("river").geometry
    steps = max(int((to_km - from_km) / step_km), 1)
    points = []
    for i in range(steps + 1):
        distance = from_km + (to_km - from_km) * i / steps
        for segment in reach.segments:
            length_km = (segment.end_m - segment.start_m) * segment.factor / 1000.0
            if distance <= segment.offset_km + length_km or segment is reach.segments[-1]:
                along = segment.start_m + min(max(distance - segment.offset_km, 0.0), length_km) * 1000.0 / segment.factor
                points.append(lines[segment.river].interpolate(along))
                break
    return LineString(points) if len(points) >= 2 else None


def format_hours_sv(from_h: float, to_h: float) -> str:
    """``"10–12 h"``, ``"11 h"``, ``"under 1 h"``; whole hours."""
    if to_h < 1:
        return "under 1 h"
    low, high = round(from_h), round(to_h)
    return f"{low} h" if low == high else f"{low}–{high} h"


def _number_sv(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def arrival_table_sv(table: pd.DataFrame) -> pd.DataFrame:
    """The arrival table as the page shows it, with Swedish headings and units."""
    return pd.DataFrame({
        "Plats": table["place"],
        "Typ": table["place_type"].map(PLACE_TYPE_SV),
        "Kommun": table["kommun"],
        "Avstånd längs älven (km)": table["distance_km"].round(0),
        "Fronten efter brott": [format_hours_sv(a, b) for a, b in zip(table["front_from_h"], table["front_to_h"], strict=True)],
        "Toppen efter brott": [format_hours_sv(a, b) + (f" ({PEAK_ASSUMED_SV})" if assumed else "")
                               for a, b, assumed in zip(table["peak_from_h"], table["peak_to_h"], table["peak_assumed"],
                                                        strict=True)],
        "Toppflöde (m³/s)": ["–" if pd.isna(v) else _number_sv(v) for v in table["peak_m3s"]],
        "Högsta nivå (m)": ["–" if pd.isna(v) else _number_sv(v, 1) for v in table["max_level_m"]],
        "Uppgiftens art": table["label"],
        "Källa": table["source"],
    })
