"""A frozen river situation in words, and what changed since the previous meeting.

Pure functions over the JSON of :func:`hydrology.situation.situation_to_dict` as stored in a
:class:`meetings.meetings.SituationSnapshot`. The presentation view, the Möte page and the
minutes all read a snapshot through :func:`summarise_river`, so they say the same thing.

"Sedan förra mötet" (:func:`compare_snapshots`): per river, a status that changed, flows at
stations that moved by at least :data:`FLOW_CHANGE_MIN_PERCENT`, warnings that came or went, and
texts released since the previous meeting started. Times are UTC inside.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hydrology.formatting import format_flow_m3s, format_number_sv
from hydrology.situation import trend_phrase
from hydrology.trend import FALLING, RISING, STEADY, UNKNOWN_TREND
from meetings.meetings import MeetingView, SituationSnapshot
from messages.repository import MESSAGE_KINDS, DraftView

#: A station's flow counts as changed from this relative change on [%]; smaller moves are noise
#: for a meeting (SMHI's gauges are good to a few per cent at high flows).
FLOW_CHANGE_MIN_PERCENT = 5.0

#: Trend word (``hydrology.trend``) → arrow for the shared screen.
TREND_SYMBOLS: dict[str, str] = {RISING: "↗", FALLING: "↘", STEADY: "→", UNKNOWN_TREND: "?"}


@dataclass(frozen=True)
class StationLine:
    """One station as a meeting reads it. ``discharge_m3s`` [m³/s]; ``time_utc`` of that value."""

    station_id: str
    name: str
    discharge_m3s: float | None
    time_utc: datetime | None
    status_label: str
    status_symbol: str
    status_colour: str
    status_rank: int
    trend_label: str
    trend_symbol: str
    decides: bool = False


@dataclass(frozen=True)
class RiverLine:
    """One river as a meeting reads it: worst status, sentence, stations, warnings."""

    river: str
    status_label: str
    status_symbol: str
    status_colour: str
    status_rank: int
    sentence: str
    stations: tuple[StationLine, ...]
    warnings: tuple[str, ...]
    kommuner: tuple[str, ...]
    decided_by: str = ""

    @property
    def key_stations(self) -> tuple[StationLine, ...]:
        """The main-stem stations first (they decide the headline), then the others, each source to sea."""
        return tuple(s for s in self.stations if s.decides) + tuple(s for s in self.stations if not s.decides)


def _parse_time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError(f"naive time {value!r} in a snapshot")
    return moment


def _float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _status(data: Mapping[str, Any] | None) -> tuple[str, str, str, int]:
    data = data or {}
    return (
        str(data.get("label_sv", "Okänd")),
        str(data.get("symbol", "?")),
        str(data.get("colour", "#9AA5B1")),
        int(data.get("rank", -1)),
    )


def _warning_text(warning: Mapping[str, Any] | str) -> str:
    if isinstance(warning, str):
        return warning
    parts = [str(warning.get(k) or "").strip() for k in ("level_sv", "event_sv", "area_name_sv")]
    return " – ".join(p for p in parts if p)


def summarise_river(data: Mapping[str, Any]) -> RiverLine:
    """A river's frozen situation in words.

    Parameters
    ----------
    data : one river of a snapshot: ``situation_to_dict`` output with ``river``, ``sentence_sv``,
        ``worst_status`` (``label_sv``, ``symbol``, ``colour``, ``rank``), ``stations`` (each with
        ``station_id``, ``name``, ``discharge_m3s``, ``time_utc`` ISO UTC, ``status``, ``trend``
        word and ``percent_per_day``), ``warnings`` (``level_sv``, ``event_sv``, ``area_name_sv``)
        and ``kommuner``.
    """
    label, symbol, colour, rank = _status(data.get("worst_status"))
    stations = []
    for station in data.get("stations", []):
        s_label, s_symbol, s_colour, s_rank = _status(station.get("status"))
        direction = str(station.get("trend") or UNKNOWN_TREND)
        percent = _float(station.get("percent_per_day"))
        rate = _float(station.get("rate_m3s_per_hour"))
        stations.append(
            StationLine(
                station_id=str(station.get("station_id", "")),
                name=str(station.get("name", "")),
                discharge_m3s=_float(station.get("discharge_m3s")),
                time_utc=_parse_time(station.get("time_utc")),
                status_label=s_label,
                status_symbol=s_symbol,
                status_colour=s_colour,
                status_rank=s_rank,
                trend_label=trend_phrase(direction, percent, rate, per_hour=bool(data.get("dam_failure"))),
                trend_symbol=TREND_SYMBOLS.get(direction, "?"),
                decides=bool(station.get("decides", False)),
            )
        )
    return RiverLine(
        river=str(data["river"]),
        status_label=label,
        status_symbol=symbol,
        status_colour=colour,
        status_rank=rank,
        sentence=str(data.get("sentence_sv", "")),
        stations=tuple(stations),
        warnings=tuple(_warning_text(w) for w in data.get("warnings", [])),
        kommuner=tuple(str(k) for k in data.get("kommuner", [])),
        decided_by=str(data.get("decided_by_sv", "")),
    )


# --- changes since the previous meeting ---------------------------------------------------------


@dataclass(frozen=True)
class ReleasedText:
    """A coordinated message released (see :mod:`messages.repository`), for timelines."""

    released_at: datetime  # UTC
    river: str
    title: str  # e.g. "Gemensamt pressmeddelande"
    headline: str
    is_exercise: bool


@dataclass(frozen=True)
class Change:
    """One change worth saying at a meeting. ``kind``: status, flow, warning_new, warning_gone, text."""

    river: str
    kind: str
    text_sv: str


def _flow_change_text(name: str, before: float, after: float) -> str:
    percent = (after - before) / before * 100 if before else math.inf
    arrow = "↑" if after > before else "↓"
    sign = "+" if after > before else "−"
    share = f" ({sign}{format_number_sv(abs(percent), 0)} %)" if math.isfinite(percent) else ""
    return f"{arrow} {name}: {format_flow_m3s(before)} → {format_flow_m3s(after)}{share}"


def compare_rivers(previous: RiverLine, current: RiverLine) -> list[Change]:
    """Changes in one river between two snapshots: status, flows, warnings."""
    river = current.river
    changes: list[Change] = []
    if previous.status_rank != current.status_rank:
        worse = current.status_rank > previous.status_rank
        changes.append(
            Change(
                river, "status",
                f"{'Försämrat' if worse else 'Förbättrat'}: {previous.status_symbol} {previous.status_label} → "
                f"{current.status_symbol} {current.status_label}",
            )
        )
    before = {s.station_id: s for s in previous.stations}
    for station in current.stations:
        old = before.get(station.station_id)
        if old is None or old.discharge_m3s is None or station.discharge_m3s is None:
            continue
        moved = abs(station.discharge_m3s - old.discharge_m3s)
        if old.discharge_m3s == 0 or moved / old.discharge_m3s * 100 >= FLOW_CHANGE_MIN_PERCENT:
            changes.append(Change(river, "flow", _flow_change_text(station.name, old.discharge_m3s,
                                                                   station.discharge_m3s)))
    for warning in current.warnings:
        if warning not in previous.warnings:
            changes.append(Change(river, "warning_new", f"Ny varning: {warning}"))
    for warning in previous.warnings:
        if warning not in current.warnings:
            changes.append(Change(river, "warning_gone", f"Varning upphört: {warning}"))
    return changes


def compare_snapshots(
    previous: SituationSnapshot,
    current: SituationSnapshot,
    *,
    rivers: Sequence[str],
    released_since: Sequence[ReleasedText] = (),
) -> dict[str, list[Change]]:
    """What changed per river between the previous meeting's snapshot and now.

    Returns river → changes (an empty list means "inga förändringar"). A river missing from the
    previous snapshot gets one change saying so rather than a silent empty list.
    """
    result: dict[str, list[Change]] = {}
    for river in rivers:
        now_data = current.river(river)
        before_data = previous.river(river)
        if now_data is None:
            continue
        if before_data is None:
            result[river] = [Change(river, "status", "Älven ingick inte i förra mötets lägesbild.")]
            continue
        changes = compare_rivers(summarise_river(before_data), summarise_river(now_data))
        for text in released_since:
            if text.river == river and text.is_exercise == (current.origin.value == "exercise"):
                changes.append(Change(river, "text", f"Utgivet: {text.title} – {text.headline}"))
        result[river] = changes
    return result


def released_texts_from_drafts(drafts: Sequence[DraftView], *, since: datetime | None = None) -> list[ReleasedText]:
    """Released messages from :meth:`messages.repository.DraftRepository.list_drafts` views.

    Only drafts with status ``released``, released at or after ``since`` [UTC], oldest first.
    """
    texts = [
        ReleasedText(
            released_at=d.released_at,
            river=d.river,
            title=MESSAGE_KINDS.get(d.kind, d.kind),
            headline=d.current.text.headline_sv,
            is_exercise=d.is_exercise,
        )
        for d in drafts
        if d.status == "released" and d.released_at is not None and (since is None or d.released_at >= since)
    ]
    return sorted(texts, key=lambda t: t.released_at)


def previous_meeting_of(meetings: Sequence[MeetingView], rivers: Sequence[str]) -> MeetingView | None:
    """The meeting "Sedan förra mötet" compares with: the newest *ended* meeting touching ``rivers``
    that froze a situation (``meetings`` newest first, as :meth:`MeetingLog.list_meetings` gives them).

    An open meeting is the current one, never its own comparison; its previous meeting is the last
    one that ended. Compare with that meeting's latest snapshot: the situation as the group left it.
    """
    wanted = set(rivers)
    for meeting in meetings:
        if not meeting.is_open and wanted & set(meeting.rivers) and meeting.latest_snapshot is not None:
            return meeting
    return None
