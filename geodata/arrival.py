"""Arrival times of a dam-break flood wave: a rough estimate from distance, replaced by owner data.

Pure domain code. The estimate divides the river distance [km] by a celerity range [m/s] and is
always labelled "grov uppskattning". Owners' dam-break studies (CSV: ``dam, place, arrival_h,
peak_m3s, source``) replace the estimate wherever they give a value, and the table says which values
are estimates.

Why 1–5 m/s: published arrival times from Swedish dam-break preparedness work span about that range
of mean front speeds along regulated rivers. Kramfors kommun: water reaches Nyland 10–12 h after a
failure of Hällbydammen (about 160 km along the river here: ≈ 4 m/s, the wave running through full
reservoirs). Dalälven (Länsstyrelsen Dalarna, Sandvikens kommun): Trängslet to Älvdalens kyrkby about
3 h, to Gysinge about 45 h (≈ 2–3 m/s). Ljungan (Bergs kommun): Flåsjödammen to Handsjöbyn about
12 h (slower, ≈ 1–1.5 m/s). A single celerity would pretend to a precision nobody has.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable

import pandas as pd

from geodata.downstream import DownstreamReach

#: Mean front celerity range of a dam-break wave along the river [m/s] (see the module docstring).
CELERITY_RANGE_MS: tuple[float, float] = (1.0, 5.0)
CELERITY_SOURCE = (
    "Spann 1–5 m/s ur publicerade ankomsttider: Kramfors kommun (Hällbydammen–Nyland 10–12 h), "
    "Länsstyrelsen Dalarna/Sandvikens kommun (Trängslet–Gysinge cirka 45 h), Bergs kommun "
    "(Flåsjödammen–Handsjöbyn cirka 12 h)."
)
ESTIMATE_LABEL = "grov uppskattning"
OWNER_LABEL = "dammägarens uppgift"

#: The columns of an owner CSV; "kommun" is accepted in place of "place".
IMPORT_COLUMNS = ("dam", "place", "arrival_h", "peak_m3s", "source")

ARRIVAL_COLUMNS = [
    "dam", "place", "place_type", "kommun", "distance_km", "arrival_from_h", "arrival_to_h",
    "peak_m3s", "source", "is_estimate", "label",
]

PLACE_TYPE_SV = {"kommun": "kommungräns", "ort": "ort", "damm": "damm", "uppgift": "plats"}


class ArrivalImportError(ValueError):
    """An owner arrival-time CSV that cannot be used; the message is Swedish and names the line.

    Attributes
    ----------
    line : the 1-based line number in the file (1 = header), or None for a whole-file problem.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def estimate_arrivals(
    reach: DownstreamReach, celerity_ms: tuple[float, float] = CELERITY_RANGE_MS
) -> pd.DataFrame:
    """The rough arrival-time table for one failing dam.

    One row where the river enters each kommun reached, one per town and one per downstream dam,
    ordered by distance. ``arrival_from_h`` = distance / fastest celerity, ``arrival_to_h`` =
    distance / slowest celerity [h after the failure]. ``peak_m3s`` is unknown (NaN) in an estimate.

    Raises
    ------
    ValueError
        When the celerity range is not two positive numbers, slowest first.
    """
    slow, fast = celerity_ms
    if not (0 < slow <= fast):
        raise ValueError(f"celerity range must be positive and ordered, got {celerity_ms!r}")
    rows = []
    for _, row in reach.kommuner.iterrows():
        rows.append(("kommun", row["kommun"], row["kommun"], row["distance_km"]))
    for _, row in reach.places.iterrows():
        rows.append(("ort", row["place"], row["kommun"], row["distance_km"]))
    for _, row in reach.dams.iterrows():
        rows.append(("damm", row["name"], row["kommun"], row["distance_km"]))
    table = pd.DataFrame(rows, columns=["place_type", "place", "kommun", "distance_km"])
    table.insert(0, "dam", reach.dam)
    table["arrival_from_h"] = table["distance_km"] * 1000.0 / fast / 3600.0
    table["arrival_to_h"] = table["distance_km"] * 1000.0 / slow / 3600.0
    table["peak_m3s"] = float("nan")
    table["source"] = f"Avstånd längs älven / {slow:g}–{fast:g} m/s"
    table["is_estimate"] = True
    table["label"] = ESTIMATE_LABEL
    table = table.sort_values("distance_km", kind="stable").reset_index(drop=True)
    return table[ARRIVAL_COLUMNS]


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
    low, high = values[0], values[-1]
    if high < low:
        raise ArrivalImportError(f"Rad {line}: {column} ”{text.strip()}”: första värdet är större än andra.", line)
    return low, high


def parse_arrival_csv(data: bytes | str, known_dams: Iterable[str]) -> pd.DataFrame:
    """Parse and validate an owner's arrival-time CSV (all or nothing).

    Expected header: ``dam,place,arrival_h,peak_m3s,source`` (``kommun`` may stand for ``place``;
    ``;`` works as separator too). ``arrival_h`` is hours after the failure, one number or a range
    ``10–12``; ``peak_m3s`` [m³/s] may be empty. UTF-8 (with or without byte-order mark).

    Returns
    -------
    DataFrame with ``dam`` (as spelled in the dam table), ``place``, ``arrival_from_h``,
    ``arrival_to_h`` [h], ``peak_m3s`` [m³/s, NaN if not given], ``source``, ``line``.

    Raises
    ------
    ArrivalImportError
        Wrong columns, unknown dam, empty place or source, non-numeric or negative values, no rows.
        The message is Swedish and names the line.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ArrivalImportError("Filen är inte UTF-8-kodad text. Spara den som CSV (UTF-8).") from None
    else:
        text = data.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ArrivalImportError("Filen är tom. Första raden ska vara: " + ",".join(IMPORT_COLUMNS) + ".", 1)
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    header = ["place" if cell == "kommun" else cell for cell in header]
    if header != list(IMPORT_COLUMNS):
        raise ArrivalImportError(
            "Rad 1: fel kolumner ”" + ",".join(header) + "”. Förväntade: " + ",".join(IMPORT_COLUMNS) + ".", 1
        )
    by_key = {name.casefold(): name for name in known_dams}
    rows = []
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(IMPORT_COLUMNS):
            raise ArrivalImportError(
                f"Rad {line_number}: {len(cells)} fält, förväntade {len(IMPORT_COLUMNS)}.", line_number
            )
        dam, place, arrival, peak, source = (cell.strip() for cell in cells)
        if dam.casefold() not in by_key:
            raise ArrivalImportError(f"Rad {line_number}: okänd damm ”{dam}”.", line_number)
        if not place:
            raise ArrivalImportError(f"Rad {line_number}: plats/kommun saknas.", line_number)
        if not source:
            raise ArrivalImportError(f"Rad {line_number}: källa saknas.", line_number)
        if not arrival:
            raise ArrivalImportError(f"Rad {line_number}: arrival_h saknas.", line_number)
        arrival_from, arrival_to = _parse_hours(arrival, line_number, "arrival_h")
        peak_value = float("nan")
        if peak:
            try:
                peak_value = float(peak.replace(",", ".").replace(" ", ""))
            except ValueError:
                raise ArrivalImportError(
                    f"Rad {line_number}: peak_m3s ”{peak}” är inte ett tal (m³/s).", line_number
                ) from None
            if math.isnan(peak_value) or math.isinf(peak_value) or peak_value < 0:
                raise ArrivalImportError(
                    f"Rad {line_number}: peak_m3s får inte vara negativ eller ogiltig (”{peak}”).", line_number
                )
        rows.append((by_key[dam.casefold()], place, arrival_from, arrival_to, peak_value, source, line_number))
    if not rows:
        raise ArrivalImportError("Filen har inga datarader under rubrikraden.", None)
    return pd.DataFrame(
        rows, columns=["dam", "place", "arrival_from_h", "arrival_to_h", "peak_m3s", "source", "line"]
    )


def apply_owner_arrivals(estimates: pd.DataFrame, owner: pd.DataFrame | None) -> pd.DataFrame:
    """Replace estimates by owner values where the owner gives them; add owner-only places.

    A row matches when the dam is the same and the owner's ``place`` names the row's place (town,
    dam or kommun; case-insensitive). Matched rows get the owner's times, peak flow and source,
    ``is_estimate=False`` and the label "dammägarens uppgift"; an owner place the estimate does not
    know is added (distance unknown) so nothing the owner said is dropped.
    """
    table = estimates.copy()
    if owner is None or owner.empty or table.empty:
        return table
    dam = table["dam"].iloc[0]
    extra = []
    for _, given in owner[owner["dam"] == dam].iterrows():
        wanted = given["place"].casefold()
        match = table["place"].str.casefold() == wanted
        if not match.any():
            kommun = given["place"] if (table["kommun"].str.casefold() == wanted).any() else ""
            extra.append({
                "dam": dam, "place": given["place"], "place_type": "uppgift", "kommun": kommun,
                "distance_km": float("nan"), "arrival_from_h": given["arrival_from_h"],
                "arrival_to_h": given["arrival_to_h"], "peak_m3s": given["peak_m3s"],
                "source": given["source"], "is_estimate": False, "label": OWNER_LABEL,
            })
            continue
        for column in ("arrival_from_h", "arrival_to_h", "peak_m3s", "source"):
            table.loc[match, column] = given[column]
        table.loc[match, "is_estimate"] = False
        table.loc[match, "label"] = OWNER_LABEL
    if extra:
        table = pd.concat([table, pd.DataFrame(extra, columns=ARRIVAL_COLUMNS)], ignore_index=True)
    return table[ARRIVAL_COLUMNS]


def format_hours_sv(from_h: float, to_h: float) -> str:
    """``"10–12 h"``, ``"11 h"``, ``"under 1 h"``; hours rounded to whole hours (a rough estimate)."""
    if to_h < 1:
        return "under 1 h"
    low, high = round(from_h), round(to_h)
    return f"{low} h" if low == high else f"{low}–{high} h"


def arrival_table_sv(table: pd.DataFrame) -> pd.DataFrame:
    """The arrival table as the page shows it, with Swedish headings and units."""
    return pd.DataFrame({
        "Plats": table["place"],
        "Typ": table["place_type"].map(PLACE_TYPE_SV),
        "Kommun": table["kommun"],
        "Avstånd längs älven (km)": table["distance_km"].round(0),
        "Ankomst efter brott": [format_hours_sv(a, b) for a, b in zip(table["arrival_from_h"], table["arrival_to_h"], strict=True)],
        "Toppflöde (m³/s)": ["–" if pd.isna(v) else f"{v:,.0f}".replace(",", "\u202f") for v in table["peak_m3s"]],
        "Uppgiftens art": table["label"],
        "Källa": table["source"],
    })
