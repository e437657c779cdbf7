"""Who leads the rescue effort (räddningsledning) at an event, and who may take it over.

Under lag (2003:778) om skydd mot olyckor (LSO) the kommun is responsible for the rescue service: at a
dam failure the räddningsledare of the kommun's räddningstjänst leads the effort and asks SOS Alarm for
a VMA. When a very extensive rescue effort is needed, a länsstyrelse may take over the responsibility
for the rescue service in the kommuner concerned (LSO 4 kap. 10 §) and appoints the räddningsledare;
since 1 October 2022 that is the *civilområdesansvariga* länsstyrelse of the civilområde (förordningen
(2003:789) om skydd mot olyckor 4 kap. 33 §, SFS 2022:530). All four län of our rivers lie in Norra
civilområdet, whose länsstyrelse is Länsstyrelsen Norrbotten — so a failure of Hällbydammen in
Västernorrland is taken over, if at all, by Länsstyrelsen Norrbotten, not Västernorrland.

The civilområden are data (``directory/data/civilomraden.csv``, with sources).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from directory.actors import (
    ActorDataError,
    UnknownDamError,
    read_actor_directory,
    read_kommun_kods_reached,
)
from geodata import RIVER_SYSTEMS

CIVILOMRADEN_CSV = Path(__file__).resolve().parent / "data" / "civilomraden.csv"

#: The law's words for the two states, shown on Händelser and in the event banner.
RESCUE_LEAD_LABEL_SV = "Räddningsledning"
KOMMUNAL_SV = "kommunal"
TAKEN_OVER_SV = "länsstyrelsen har tagit över"


@dataclass(frozen=True)
class CivilArea:
    """One län's civilområde and the länsstyrelse responsible for it (the one that may take over)."""

    lan_kod: str
    lan: str
    civilomrade: str
    ansvarig_lansstyrelse: str
    source: str


@lru_cache(maxsize=1)
def read_civil_areas(path: Path = CIVILOMRADEN_CSV) -> tuple[CivilArea, ...]:
    """The civilområde of each län of our rivers; :class:`ActorDataError` when a named länsstyrelse is not
    a länsstyrelse of ``actors.csv``."""
    with path.open(encoding="utf-8", newline="") as handle:
        areas = tuple(CivilArea(**{key: value.strip() for key, value in row.items()}) for row in csv.DictReader(handle))
    known = {a.name for a in read_actor_directory().actors if a.kind == "lansstyrelse"}
    for area in areas:
        if area.ansvarig_lansstyrelse not in known:
            raise ActorDataError(f"{area.ansvarig_lansstyrelse!r} i civilomraden.csv är ingen länsstyrelse i actors.csv.")
    return areas


def _lan_of(river: str, dam: str | None) -> list[str]:
    """The län an event's rescue effort lies in: those a failure of ``dam`` reaches, else the river's."""
    directory = read_actor_directory()
    codes = read_kommun_kods_reached(dam) if dam else []
    if codes:
        return list(dict.fromkeys(directory.kommun(code).lan_kod for code in codes))
    return list(dict.fromkeys(k.lan_kod for k in directory.kommuner_on([river])))


def takeover_lansstyrelser(river: str, dam: str | None = None) -> list[str]:
    """The länsstyrelser that may take over the rescue service at an event on ``river`` (below ``dam``):
    the civilområdesansvariga länsstyrelser of the län concerned, e.g. ``["Länsstyrelsen Norrbotten"]``.

    Raises
    ------
    ValueError
        For a river that is not one of :data:`geodata.RIVER_SYSTEMS`.
    """
    if river not in RIVER_SYSTEMS:
        raise ValueError(f"unknown river {river!r}")
    by_lan = {area.lan_kod: area.ansvarig_lansstyrelse for area in read_civil_areas()}
    return list(dict.fromkeys(by_lan[code] for code in _lan_of(river, dam) if code in by_lan))


def kommunal_rescue_service(dam: str | None) -> str | None:
    """The räddningstjänst of the kommun ``dam`` lies in (its räddningsledare leads a failure of it), e.g.
    ``"Räddningstjänsten Höga Kusten-Ådalen"`` for Hällby in Sollefteå; None without a dam or a known one."""
    if not dam:
        return None
    directory = read_actor_directory()
    try:
        code = directory.dam(dam).kommun_kod
    except UnknownDamError:
        return None
    row = directory.raddningstjanst(code)
    return row.organisation if row else None


def rescue_lead_sv(dam: str | None, taken_over_by: str | None) -> str:
    """One line: ``"Räddningsledning: kommunal (Räddningstjänsten Höga Kusten-Ådalen)"`` or
    ``"Räddningsledning: länsstyrelsen har tagit över (Länsstyrelsen Norrbotten)"``."""
    if taken_over_by:
        return f"{RESCUE_LEAD_LABEL_SV}: {TAKEN_OVER_SV} ({taken_over_by})"
    home = kommunal_rescue_service(dam)
    return f"{RESCUE_LEAD_LABEL_SV}: {KOMMUNAL_SV}" + (f" ({home})" if home else "")


def rescue_takeover_short_sv(taken_over_by: str | None) -> str:
    """The take-over in one short line for the 1280×720 meeting screen's event strip, "" while the kommun leads:
    ``"Räddningsledning: Länsstyrelsen Norrbotten har tagit över räddningstjänsten"``."""
    return f"{RESCUE_LEAD_LABEL_SV}: {taken_over_by} har tagit över räddningstjänsten" if taken_over_by else ""
