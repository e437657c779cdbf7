"""Plain words for texts to the public (press releases, information to the public), Swedish and English.

The group's own situation reports may use the hydrologists' terms (MQ, MHQ, HQ10); a press release
may not: a reader should understand every sentence without knowing them. The rules here:

- figures only from the main-stem places people know (the gauges on the main river, nearest the
  sea first), never from headwater gauges: :func:`public_stations`;
- the flow against the station's own statistics as a comparison anyone can picture: "ungefär dubbelt
  så mycket vatten som ett vanligt vårflöde" (:func:`plain_comparison`, from MQ and MHQ, the mean
  of the yearly highest flows — in these rivers the spring flood); a return period is named ("ett
  10-årsflöde") and explained once, after the list (:func:`return_period_note`): :func:`public_phrase`;
  without statistics the status in words: :func:`plain_status_sv`, :func:`plain_status_en`;
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


#: Multiples a reader can picture, by the ratio they cover: (below this ratio, Swedish, English).
_MULTIPLES: tuple[tuple[float, str, str], ...] = (
    (1.75, "ungefär en och en halv gång så mycket vatten som", "about one and a half times as much water as"),
    (2.5, "ungefär dubbelt så mycket vatten som", "about twice as much water as"),
)
_NUMBER_WORDS = {3: ("tre", "three"), 4: ("fyra", "four"), 5: ("fem", "five"), 6: ("sex", "six"),
                 7: ("sju", "seven"), 8: ("åtta", "eight"), 9: ("nio", "nine"), 10: ("tio", "ten")}
_SPRING_FLOOD = ("ett vanligt vårflöde", "in an ordinary spring flood")
_USUAL = ("vanligt", "usual")


def _times(ratio: float, english: bool) -> str:
    """``2.1`` → ``"ungefär dubbelt så mycket vatten som"`` (the comparison's first half)."""
    for below, sv, en in _MULTIPLES:
        if ratio < below:
            return en if english else sv
    n = max(3, int(ratio + 0.5))  # from 2.5 on: "tre gånger"
    word = _NUMBER_WORDS.get(n, (str(n), str(n)))[1 if english else 0]
    return f"about {word} times as much water as" if english else f"ungefär {word} gånger så mycket vatten som"


def plain_comparison(discharge_m3s: float, mq_m3s: float | None, mhq_m3s: float | None, *,
                     english: bool = False) -> str:  # fmt: skip
    """A flow against the station's own statistics, in words a reader can picture; "" without statistics.

    ``discharge_m3s`` the flow now, ``mq_m3s`` the mean flow, ``mhq_m3s`` the mean of the yearly highest
    flows (in these rivers: an ordinary spring flood), all [m³/s]::

        plain_comparison(1450, 210, 700)   → "ungefär dubbelt så mycket vatten som ett vanligt vårflöde"
        plain_comparison(650, 210, 700)    → "ungefär lika mycket vatten som ett vanligt vårflöde"
        plain_comparison(420, 210, 700)    → "mer vatten än vanligt, men mindre än ett vanligt vårflöde"
        plain_comparison(200, 210, 700, english=True) → "about as much water as usual"
    """
    lang = 1 if english else 0
    if mhq_m3s:
        ratio = discharge_m3s / mhq_m3s
        if ratio >= 1.35:
            return f"{_times(ratio, english)} {_SPRING_FLOOD[lang]}"
        if ratio >= 1.15:
            return ("a little more water than " if english else "lite mer vatten än ") + _SPRING_FLOOD[lang]
        if ratio >= 0.85:
            return ("about as much water as " if english else "ungefär lika mycket vatten som ") + _SPRING_FLOOD[lang]
    if not mq_m3s:
        return "" if not mhq_m3s else (
            "less water than in an ordinary spring flood" if english else "mindre vatten än ett vanligt vårflöde")
    ratio = discharge_m3s / mq_m3s
    if mhq_m3s and ratio >= 1.25:
        return ("more water than usual, but less than in an ordinary spring flood" if english
                else "mer vatten än vanligt, men mindre än ett vanligt vårflöde")
    if ratio >= 1.75:
        return f"{_times(ratio, english)} {_USUAL[lang]}"
    if ratio >= 1.25:
        return "more water than usual" if english else "mer vatten än vanligt"
    if ratio >= 0.8:
        return "about as much water as usual" if english else "ungefär lika mycket vatten som vanligt"
    return "less water than usual" if english else "mindre vatten än vanligt"


_RETURN_PERIOD = re.compile(r"(\d+)-(?:årsflöde|year flow)")


def _return_period(station: StationFact) -> int | None:
    match = _RETURN_PERIOD.search(station.status_sv) or _RETURN_PERIOD.search(station.status_en)
    return int(match[1]) if match else None


def public_phrase(station: StationFact, language: str = "sv") -> str:
    """How a station's flow reads in a text for the public: the return period named (explained once by
    :func:`return_period_note`) and the plain comparison, e.g. ``"ett 10-årsflöde, ungefär tre gånger så
    mycket vatten som ett vanligt vårflöde"``; without statistics the status in plain words; "" when
    nothing is known. ``language``: ``"sv"`` or ``"en"``."""
    english = language == "en"
    comparison = ""
    if station.mq_m3s or station.mhq_m3s:
        comparison = plain_comparison(station.discharge_m3s, station.mq_m3s, station.mhq_m3s, english=english)
    years = _return_period(station)
    if years is not None:
        named = f"a {years}-year flow" if english else f"ett {years}-årsflöde"
        return f"{named}, {comparison}" if comparison else named
    if comparison:
        return comparison
    return plain_status_en(station.status_en) if english else plain_status_sv(station.status_sv)


def return_period_note(stations: Sequence[StationFact], language: str = "sv") -> str:
    """One sentence explaining the return periods the text names (its public stations), "" when none:
    ``"Ett 10-årsflöde är så mycket vatten som det i genomsnitt blir en gång på 10 år – det kan ändå
    komma flera år i rad."``"""
    years = sorted({y for s in public_stations(stations) if (y := _return_period(s)) is not None})
    if not years:
        return ""
    if language == "en":
        named = " and ".join(f"a {y}-year flow" for y in years)
        verb = "is" if len(years) == 1 else "are"
        periods = " and ".join(str(y) for y in years) + (" years" if len(years) == 1 else " years respectively")
        return (f"{named[0].upper()}{named[1:]} {verb} as much water as occurs on average once in {periods} – "
                "it can still come several years in a row.")
    named = " och ".join(f"ett {y}-årsflöde" for y in years)
    periods = " respektive ".join(str(y) for y in years)
    return (f"{named[0].upper()}{named[1:]} är så mycket vatten som det i genomsnitt blir en gång på {periods} år "
            "– det kan ändå komma flera år i rad.")


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
