"""The plants owner reports may concern: the power stations/dams of ``geodata/curated/dams.csv``.

Each plant carries its river system, watercourse, order from source to sea, owners and position from
that table, and its regulation limits (dämningsgräns, sänkningsgräns [m ö.h.]) from
``geodata/curated/regulation_limits.csv`` — None where the project has no sourced value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from geodata import RIVER_SYSTEMS
from geodata.layers import DATA_DIR, DRAW_CRS, read_curated_csv, read_dams

REGULATION_LIMITS_CSV = DATA_DIR / "regulation_limits.csv"


@dataclass(frozen=True)
class Plant:
    """One power station/dam.

    ``river`` is the river system ("Umeälven"), ``watercourse`` where on it the plant stands,
    ``stem`` the drawn river it stands on (the system's main stem or a large tributary such as Faxälven),
    ``order`` its place from source to sea on ``stem``, ``owners_sv`` the owners for the
    screen ("Vattenfall 75 % / Umeå kommun 25 %", or "Ägare ej känd"), ``lat``/``lon`` WGS84 degrees of the station.
    """

    name: str
    river: str
    stem: str
    watercourse: str
    order: int
    owners_sv: str
    owner_main: str
    lat: float
    lon: float
    damningsgrans_m: float | None = None
    sankningsgrans_m: float | None = None
    limits_source: str = ""


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@lru_cache(maxsize=1)
def read_plants() -> tuple[Plant, ...]:
    """Every plant, river by river in app order, then source to sea."""
    dams = read_dams(DRAW_CRS)
    limits = read_curated_csv(REGULATION_LIMITS_CSV, dtype=str, keep_default_na=False).set_index("plant")
    plants = []
    for row in dams.itertuples(index=False):
        limit = limits.loc[row.name] if row.name in limits.index else None
        plants.append(
            Plant(
                name=str(row.name),
                river=str(row.system),
                stem=str(row.river),
                watercourse=str(row.watercourse),
                order=int(row.order_from_source),
                owners_sv=str(row.owners_sv),
                owner_main=str(row.owner_main),
                lat=float(row.lat),
                lon=float(row.lon),
                damningsgrans_m=None if limit is None else _number(limit["damningsgrans_m"]),
                sankningsgrans_m=None if limit is None else _number(limit["sankningsgrans_m"]),
                limits_source="" if limit is None else str(limit["source"]),
            )
        )
    rank = {river: index for index, river in enumerate(RIVER_SYSTEMS)}
    return tuple(sorted(plants, key=lambda p: (rank.get(p.river, 99), p.stem != p.river, p.stem, p.order)))


def plant_by_name(name: str) -> Plant | None:
    """The plant called ``name`` (case and spacing ignored), or None."""
    wanted = " ".join(name.split()).casefold()
    for plant in read_plants():
        if plant.name.casefold() == wanted:
            return plant
    return None


def plants_on(river: str) -> tuple[Plant, ...]:
    """The plants of river system ``river``, main stem and tributaries."""
    return tuple(p for p in read_plants() if p.river == river)


def plant_names_on(rivers: Iterable[str]) -> list[str]:
    """The names of the plants of the river systems ``rivers``, in :func:`read_plants`' order (source to sea)."""
    wanted = set(rivers)
    return [p.name for p in read_plants() if p.river in wanted]
