"""The figures a message is drafted from, as a small value type of its own.

:class:`DraftFacts` is everything a drafted text may cite: flows at stations with their time
and source, status and trend in words, SMHI warnings in force, dams with increased discharge,
the kommuner concerned and the actors behind the text. Templates may only print what is here,
so no figure in a draft is invented; each carries its own time [UTC] and source.

Facts are stored with every version as JSON (:func:`facts_to_dict` / :func:`facts_from_dict`)
and compared with the current figures by :func:`messages.drafting.check_figures_current`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


class FactsError(ValueError):
    """Facts that cannot be used for a draft (naive time, unknown warning level…)."""


def _require_utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise FactsError(f"{what}: naive datetime {moment!r}, give tz-aware UTC")
    return moment.astimezone(UTC)


#: Warning levels as SMHI names them, with the Swedish/English words used in texts.
WARNING_LEVELS: dict[str, tuple[str, str]] = {
    "yellow": ("Gul varning", "Yellow warning"),
    "orange": ("Orange varning", "Orange warning"),
    "red": ("Röd varning", "Red warning"),
}


@dataclass(frozen=True)
class StationFact:
    """The latest flow at one station.

    Attributes
    ----------
    name : station name as SMHI gives it, e.g. ``"Sorsele"``.
    discharge_m3s : latest discharge [m³/s].
    time_utc : time of that value [UTC, tz-aware].
    source : publisher, e.g. ``"SMHI"``; ``"ÖVNING"`` for exercise data.
    status_sv / status_en : status in plain words, e.g. ``"i nivå med ett 10-årsflöde"`` /
        ``"at the level of a 10-year flow"``; empty when statistics are missing.
    trend_sv / trend_en : ``"stigande"`` / ``"rising"`` etc.; empty when unknown.
    station_id : SMHI station id, e.g. ``"2236"``.
    mq_m3s / mhq_m3s : the station's mean flow and mean annual high flow [m³/s] (its "vanligt
        vårflöde"), for plain comparisons in texts for the public; None when not known.
    """

    name: str
    discharge_m3s: float
    time_utc: datetime
    source: str
    status_sv: str = ""
    status_en: str = ""
    trend_sv: str = ""
    trend_en: str = ""
    station_id: str | None = None
    mq_m3s: float | None = None
    mhq_m3s: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "time_utc", _require_utc(self.time_utc, f"station {self.name}"))


@dataclass(frozen=True)
class WarningFact:
    """An SMHI warning in force.

    Attributes
    ----------
    level : ``"yellow"``, ``"orange"`` or ``"red"``.
    event_sv / event_en : e.g. ``"Höga flöden"`` / ``"High flows"``.
    area : where it applies, as SMHI names it, e.g. ``"Vindeln, Vännäs och Umeå kommuner"``.
    valid_from_utc / valid_to_utc : validity [UTC]; ``valid_to_utc`` None when open-ended.
    source : ``"SMHI"`` (or ``"ÖVNING"``).
    warning_id : SMHI's id, used to tell warnings apart when comparing facts.
    """

    level: str
    event_sv: str
    area: str
    valid_from_utc: datetime
    source: str
    event_en: str = ""
    valid_to_utc: datetime | None = None
    warning_id: str = ""

    def __post_init__(self) -> None:
        if self.level not in WARNING_LEVELS:
            raise FactsError(f"unknown warning level {self.level!r}")
        object.__setattr__(
            self, "valid_from_utc", _require_utc(self.valid_from_utc, "warning valid_from_utc")
        )
        if self.valid_to_utc is not None:
            object.__setattr__(
                self, "valid_to_utc", _require_utc(self.valid_to_utc, "warning valid_to_utc")
            )

    @property
    def key(self) -> str:
        """Identity for comparisons: SMHI's id, else level + event + area."""
        return self.warning_id or f"{self.level}|{self.event_sv}|{self.area}"

    @property
    def level_sv(self) -> str:
        return WARNING_LEVELS[self.level][0]

    @property
    def level_en(self) -> str:
        return WARNING_LEVELS[self.level][1]


@dataclass(frozen=True)
class DamFact:
    """A dam or power station whose owner reports increased discharge (tappning).

    ``note_sv`` / ``note_en`` are the owner's words, e.g. ``"ökad tappning till 900 m³/s"``;
    ``time_utc`` and ``source`` say when and from whom.
    """

    name: str
    owner: str
    note_sv: str
    time_utc: datetime
    source: str
    note_en: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "time_utc", _require_utc(self.time_utc, f"dam {self.name}"))


@dataclass(frozen=True)
class KommunFact:
    """A kommun concerned, with SCB's 4-digit kommunkod (e.g. ``"2480"`` Umeå)."""

    name: str
    code: str


@dataclass(frozen=True)
class ArrivalFact:
    """When a dam-failure wave is expected at one place (from :func:`events.arrivals.read_arrival_table`).

    Times [UTC]; ``label`` says whether it is the owner's figure or a rough estimate, ``source`` what
    it rests on; ``peak_m3s`` [m³/s] None when unknown; ``peak_assumed`` when the peak time is the
    assumed lag after the front (:data:`geodata.arrival.PEAK_LAG_H`), not a figure of the owner's.
    """

    place: str
    place_type_sv: str
    kommun: str
    front_from_utc: datetime
    front_to_utc: datetime
    peak_from_utc: datetime
    peak_to_utc: datetime
    label: str
    peak_m3s: float | None = None
    source: str = ""
    peak_assumed: bool = False


@dataclass(frozen=True)
class EventFact:
    """The declared event a text is about (a dam failure): what, where, since when [UTC], arrivals below,
    and the kommuner the wave reaches from the dam to the sea (with SCB codes, for the CAP area)."""

    kind_sv: str
    place_sv: str
    river: str
    started_at_utc: datetime
    dam: str | None = None
    arrivals: tuple[ArrivalFact, ...] = ()
    kommuner: tuple[KommunFact, ...] = ()
    #: The länsstyrelse that has taken over the rescue service (LSO 4 kap. 10 §); None: the kommun leads.
    rescue_taken_over_by: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "started_at_utc", _require_utc(self.started_at_utc, "event start"))
        object.__setattr__(self, "arrivals", tuple(self.arrivals))
        object.__setattr__(self, "kommuner", tuple(self.kommuner))

    @property
    def towns(self) -> tuple[ArrivalFact, ...]:
        return tuple(a for a in self.arrivals if a.place_type_sv == "ort")


@dataclass(frozen=True)
class PressContactFact:
    """Who journalists should contact at one organisation behind the text (kept by an administrator,
    :mod:`messages.press_contacts`); ``phone`` or ``email`` may be empty, not both."""

    organisation: str
    name: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DraftFacts:
    """Everything a drafted text may cite for one river.

    Attributes
    ----------
    river : "Ångermanälven", "Umeälven" or "Skellefteälven".
    compiled_at_utc : when these facts were put together [UTC].
    stations : latest flows, ordered from source to sea.
    warnings : SMHI warnings in force.
    warnings_checked_at_utc : when the warnings were read [UTC]; None when they could not be
        read (texts then say so instead of claiming there are none).
    warnings_source : who published the warnings checked (``"SMHI"``, or ``"ÖVNING"``).
    dams : dams with increased discharge, if known.
    kommuner : kommuner concerned.
    actors : organisations behind the text, e.g. ``["Vattenfall AB", "Umeå kommun"]``.
    is_exercise : exercise data (ÖVNING) — never to be mistaken for real.
    origin : ``"live"``, ``"cache"`` or ``"exercise"`` (see :class:`sources.models.DataOrigin`).
    event : the declared dam failure the text is about, with arrival times; None otherwise.
    press_contacts : press contacts of the organisations behind the text, in their order.
    scenario : for exercise figures, the id of the exercise scenario they come from (``"varflod"``),
        which every export names as their source; None for real figures (and older drafts).
    """

    river: str
    compiled_at_utc: datetime
    stations: tuple[StationFact, ...] = ()
    warnings: tuple[WarningFact, ...] = ()
    warnings_checked_at_utc: datetime | None = None
    warnings_source: str = "SMHI"
    dams: tuple[DamFact, ...] = ()
    kommuner: tuple[KommunFact, ...] = ()
    actors: tuple[str, ...] = ()
    is_exercise: bool = False
    origin: str = "live"
    event: EventFact | None = None
    press_contacts: tuple[PressContactFact, ...] = ()
    scenario: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled_at_utc", _require_utc(self.compiled_at_utc, "compiled_at_utc"))
        if self.warnings_checked_at_utc is not None:
            object.__setattr__(
                self,
                "warnings_checked_at_utc",
                _require_utc(self.warnings_checked_at_utc, "warnings_checked_at_utc"),
            )
        for name in ("stations", "warnings", "dams", "kommuner", "actors", "press_contacts"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def facts_to_dict(facts: DraftFacts) -> dict[str, Any]:
    """JSON-ready dict (times as ISO 8601 with ``+00:00``)."""
    return {
        "river": facts.river,
        "compiled_at_utc": _iso(facts.compiled_at_utc),
        "stations": [
            {
                "name": s.name,
                "station_id": s.station_id,
                "discharge_m3s": s.discharge_m3s,
                "time_utc": _iso(s.time_utc),
                "source": s.source,
                "status_sv": s.status_sv,
                "status_en": s.status_en,
                "trend_sv": s.trend_sv,
                "trend_en": s.trend_en,
                "mq_m3s": s.mq_m3s,
                "mhq_m3s": s.mhq_m3s,
            }
            for s in facts.stations
        ],
        "warnings": [
            {
                "level": w.level,
                "event_sv": w.event_sv,
                "event_en": w.event_en,
                "area": w.area,
                "valid_from_utc": _iso(w.valid_from_utc),
                "valid_to_utc": _iso(w.valid_to_utc),
                "source": w.source,
                "warning_id": w.warning_id,
            }
            for w in facts.warnings
        ],
        "warnings_checked_at_utc": _iso(facts.warnings_checked_at_utc),
        "warnings_source": facts.warnings_source,
        "dams": [
            {
                "name": d.name,
                "owner": d.owner,
                "note_sv": d.note_sv,
                "note_en": d.note_en,
                "time_utc": _iso(d.time_utc),
                "source": d.source,
            }
            for d in facts.dams
        ],
        "kommuner": [{"name": k.name, "code": k.code} for k in facts.kommuner],
        "actors": list(facts.actors),
        "is_exercise": facts.is_exercise,
        "origin": facts.origin,
        "event": None if facts.event is None else {
            "kind_sv": facts.event.kind_sv, "place_sv": facts.event.place_sv, "river": facts.event.river,
            "started_at_utc": _iso(facts.event.started_at_utc), "dam": facts.event.dam,
            "arrivals": [
                {**{k: getattr(a, k) for k in ("place", "place_type_sv", "kommun", "label", "peak_m3s", "source",
                                               "peak_assumed")},
                 **{k: _iso(getattr(a, k)) for k in _ARRIVAL_TIMES}}
                for a in facts.event.arrivals
            ],
            "kommuner": [{"name": k.name, "code": k.code} for k in facts.event.kommuner],
            "rescue_taken_over_by": facts.event.rescue_taken_over_by,
        },
        "press_contacts": [
            {"organisation": c.organisation, "name": c.name, "phone": c.phone, "email": c.email}
            for c in facts.press_contacts
        ],
        "scenario": facts.scenario,
    }


_ARRIVAL_TIMES = ("front_from_utc", "front_to_utc", "peak_from_utc", "peak_to_utc")


def _event_from_dict(data: dict[str, Any] | None) -> EventFact | None:
    if data is None:
        return None
    return EventFact(
        kind_sv=data["kind_sv"], place_sv=data["place_sv"], river=data["river"],
        started_at_utc=_time(data["started_at_utc"]), dam=data.get("dam"),  # type: ignore[arg-type]
        arrivals=tuple(ArrivalFact(**{**a, **{k: _time(a[k]) for k in _ARRIVAL_TIMES}}) for a in data["arrivals"]),
        kommuner=tuple(KommunFact(**k) for k in data.get("kommuner", [])),
        rescue_taken_over_by=data.get("rescue_taken_over_by"),
    )


def facts_from_dict(data: dict[str, Any]) -> DraftFacts:
    """Inverse of :func:`facts_to_dict`. Raises :class:`FactsError` on a malformed dict."""
    try:
        return DraftFacts(
            river=data["river"],
            compiled_at_utc=_time(data["compiled_at_utc"]),  # type: ignore[arg-type]
            stations=tuple(
                StationFact(**{**s, "time_utc": _time(s["time_utc"])}) for s in data.get("stations", [])
            ),
            warnings=tuple(
                WarningFact(
                    **{
                        **w,
                        "valid_from_utc": _time(w["valid_from_utc"]),
                        "valid_to_utc": _time(w.get("valid_to_utc")),
                    }
                )
                for w in data.get("warnings", [])
            ),
            warnings_checked_at_utc=_time(data.get("warnings_checked_at_utc")),
            warnings_source=data.get("warnings_source", "SMHI"),
            dams=tuple(DamFact(**{**d, "time_utc": _time(d["time_utc"])}) for d in data.get("dams", [])),
            kommuner=tuple(KommunFact(**k) for k in data.get("kommuner", [])),
            actors=tuple(data.get("actors", [])),
            is_exercise=bool(data.get("is_exercise", False)),
            origin=data.get("origin", "live"),
            event=_event_from_dict(data.get("event")),
            press_contacts=tuple(PressContactFact(**c) for c in data.get("press_contacts", [])),
            scenario=data.get("scenario"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise FactsError(f"malformed draft facts: {exc}") from exc
