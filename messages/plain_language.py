"""Plain words for texts to the public (press releases, information to the public), Swedish and English.

The group's own situation reports may use the hydrologists' terms (MQ, MHQ, HQ10); a press release
may not: a reader should understand every sentence without knowing them. The rules here:

- figures only from the main-stem places people know (the gauges on the main river, nearest the
  sea first), never from headwater gauges: :func:`public_stations`;
- the status against statistics in words: "mer vatten än ett vanligt vårflöde", "så mycket vatten
  som det i genomsnitt blir en gång på 10 år" (the return period explained in the phrase itself):
  :func:`plain_status_sv`, :func:`plain_status_en`;
- the trend as a word, never a percentage ("stigande 5 952 % per dygn" means nothing to a reader);
- English texts wholly English: ÖVNING → EXERCISE, "Ångermanälven vid Nyland" → "the Ångermanälven
  at Nyland", Swedish event names translated: :func:`source_en`, :func:`area_en`, :func:`event_en`.

Pure functions; the Jinja filters of :mod:`messages.drafting` are these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache

from geodata.stations import read_station_table
from hydrology.situation import status_phrase, status_phrase_en
from hydrology.status import ALL_STATUSES, FlowStatus
from hydrology.trend import FALLING, RISING, STEADY
from messages.facts import StationFact

#: How many main-stem places a public text names (nearest the sea first).
PUBLIC_PLACES = 3
#: Station roles (geodata/stations.csv) whose places a public text may name: the main river, not its
#: headwaters or tributaries.
PUBLIC_ROLES = ("main_stem", "reservoir_inflow")
#: When a public text promises its next update, counted from when its figures were compiled.
NEXT_UPDATE_AFTER = timedelta(hours=4)

_EXERCISE_SV = "ÖVNING"
_EXERCISE_EN = "EXERCISE"


#: Status key → the plain words (Swedish, English); return periods are said in :func:`_plain`.
_PLAIN = {
    "under_mq": ("mindre vatten än vanligt", "less water than usual"),
    "normal": ("normalt för årstiden", "normal for the time of year"),
    "over_mhq": ("mer vatten än ett vanligt vårflöde", "more water than in an ordinary spring flood"),
}


def _plain(status: FlowStatus, english: bool) -> str:
    years = status.return_period_years
    if years is not None:
        return (f"as much water as occurs on average once in {years} years" if english
                else f"så mycket vatten som det i genomsnitt blir en gång på {years} år")
    return _PLAIN.get(status.key, ("", ""))[1 if english else 0]


@lru_cache(maxsize=1)
def _phrases() -> tuple[dict[str, str], dict[str, str]]:
    statuses = [s for s in ALL_STATUSES if s.key != "unknown"]
    return ({status_phrase(s): _plain(s, False) for s in statuses}, {status_phrase_en(s): _plain(s, True) for s in statuses})


def plain_status_sv(status_sv: str) -> str:
    """A station's status phrase (``"i nivå med ett 10-årsflöde"``) in plain Swedish; "" when unknown."""
    return _phrases()[0].get(status_sv, "")


def plain_status_en(status_en: str) -> str:
    """The English status phrase (``"at the level of a 10-year flow"``) in plain English; "" when unknown."""
    return _phrases()[1].get(status_en, "")


def trend_word_sv(trend_sv: str) -> str:
    """``"stigande 4 % per dygn"`` → ``"stiger"``; ``"sjunkande"`` → ``"sjunker"``; otherwise ``""``."""
    word = trend_sv.split(" ")[0] if trend_sv else ""
    return {RISING: "stiger", FALLING: "sjunker", STEADY: "är oförändrat", "oförändrat": "är oförändrat"}.get(word, "")


def trend_word_en(trend_en: str) -> str:
    """``"rising"`` → ``"is rising"``; ``"falling"`` → ``"is falling"``; ``"steady"`` → ``"is steady"``."""
    word = trend_en.split(" ")[0] if trend_en else ""
    return {"rising": "is rising", "falling": "is falling", "steady": "is steady"}.get(word, "")


@lru_cache(maxsize=1)
def _main_stem_ids() -> frozenset[str]:
    table = read_station_table()
    return frozenset(str(s) for s in table.loc[table["role"].isin(PUBLIC_ROLES), "station_id"])


def public_stations(stations: Sequence[StationFact], limit: int = PUBLIC_PLACES) -> list[StationFact]:
    """The main-stem places a public text names: at most ``limit``, nearest the sea first.

    ``stations`` come source to sea (as the facts hold them); headwater and tributary gauges are left
    out. Facts without station ids (older drafts) keep their last ``limit`` stations.
    """
    known = _main_stem_ids()
    main = [s for s in stations if s.station_id is None or str(s.station_id) in known]
    return list(reversed(main[-limit:]))


def next_update(compiled_at_utc: datetime) -> datetime:
    """When the next public update is promised at the latest [UTC]: :data:`NEXT_UPDATE_AFTER` after compiling."""
    return compiled_at_utc + NEXT_UPDATE_AFTER


def source_en(source: str) -> str:
    """A figure's publisher in English: ``"ÖVNING"`` → ``"EXERCISE"``; ``"SMHI"`` stays."""
    return source.replace(_EXERCISE_SV, _EXERCISE_EN)


_VID = re.compile(r"^(?P<river>\S+älven) vid (?P<place>.+)$")
_PARENS = re.compile(r"^(?P<river>\S+älven) \((?P<place>[^)]+)\)$")


def area_en(area: str) -> str:
    """A Swedish area or place name in an English sentence.

    ``"Ångermanälven vid Nyland"`` → ``"the Ångermanälven at Nyland"``; ``"ÖVNING: Umeälven (Skirknäs)"``
    → ``"EXERCISE: the Umeälven near Skirknäs"``; ``"Ångermanälven nedströms Sollefteå"`` →
    ``"the Ångermanälven downstream of Sollefteå"``.
    """
    prefix = ""
    if area.startswith(f"{_EXERCISE_SV}: "):
        prefix, area = f"{_EXERCISE_EN}: ", area.removeprefix(f"{_EXERCISE_SV}: ")
    if match := _VID.match(area):
        return f"{prefix}the {match['river']} at {match['place']}"
    if match := _PARENS.match(area):
        return f"{prefix}the {match['river']} near {match['place']}"
    text = area.replace(" nedströms ", " downstream of ").replace(" uppströms ", " upstream of ")
    if text.endswith("älven") or " downstream of " in text or " upstream of " in text:
        text = f"the {text}"
    return prefix + text.replace(" och ", " and ")


#: SMHI's Swedish event names → English (used when a warning carries no English name).
EVENTS_EN = {"Höga flöden": "High flows", "Höga vattenflöden": "High flows", "Dammbrott": "Dam failure"}


def event_en(event_sv: str) -> str:
    """``"Höga flöden"`` → ``"High flows"``; an unknown event name is kept (it is a proper name)."""
    return EVENTS_EN.get(event_sv, event_sv)
