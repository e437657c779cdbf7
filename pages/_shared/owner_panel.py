"""The dam owners' reports on any page: the store, feed polling, and how a report is shown.

Used by Ägarrapporter, Flöden, Karta, Läget, Möte's presentation view and Meddelanden. Reports are
read from the database on every run (a cheap query), so a report stored by any app server shows at
the next refresh; the owners' feeds are polled once every :data:`FEED_POLL_TTL_S` seconds by one of the app
servers on the database (each server asks whether a poll is due at most every :data:`FEED_CHECK_TTL_S` s).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from hydrology.situation import HeadlineCandidate
from hydrology.status import UNKNOWN
from owner_reports.display import (
    EXERCISE_MARK,
    STALE_WORD,
    latest_frame,
    level_phrase_sv,
    owner_sentence_sv,
    report_line_sv,
)
from owner_reports.facts import dam_facts_from_reports
from owner_reports.feeds import FEED_POLL_INTERVAL_S, poll_owner_feeds, poll_owner_feeds_when_due
from owner_reports.figures import add_owner_traces
from owner_reports.headline import owner_deciders
from owner_reports.map_status import classify_owner_reports
from owner_reports.model import OwnerReport, StaleLimits, is_stale
from owner_reports.plants import plant_names_on
from owner_reports.store import LIVE_TOPIC as OWNERS_TOPIC
from owner_reports.store import FeedStatus, OwnerReportStore
from pages._shared.database import database_sessions
from pages._shared.loaders import (
    data_clock,
    load_observations,
    load_statistics,
    load_warnings,
    shared_situations,
)
from pages._shared.run_memo import once_per_run
from pages._shared.timefmt import format_age_sv, format_local_time
from settings import Settings, load_settings
from sharing.live_updates import versions
from sharing.store import SharedStateError, shared_engine
from sources.owner_feed import build_feed_session
from sources.warning_table import warnings_in_force

#: How often the owners' feeds are polled, by one of the app servers on the database [s].
FEED_POLL_TTL_S = FEED_POLL_INTERVAL_S
#: How often one app server asks the database whether a poll is due [s] (one small write).
FEED_CHECK_TTL_S = 30
#: How long one server keeps the newest reports it read while the owners' counter stands still [s]
#: (a bound only in case the database is replaced under the same address).
OWNERS_SHARED_TTL_S = 300


@st.cache_resource(show_spinner=False)
def _store(database_url: str) -> OwnerReportStore:
    return OwnerReportStore(database_sessions(database_url))


def owner_store(settings: Settings | None = None) -> OwnerReportStore:
    """The owner report store of the configured database (one per server)."""
    return _store((settings or load_settings()).database_url)


def owner_clock(settings: Settings | None = None) -> datetime:
    """"Now" for owner reports [UTC]: the scenario clock in an exercise, the wall clock otherwise."""
    return data_clock(settings or load_settings())


def stale_limits(settings: Settings) -> StaleLimits:
    """The configured stale limits (ALVLAGET_OWNER_STALE_HOURS / _WARNING_HOURS)."""
    return StaleLimits(
        during_warning=timedelta(hours=settings.owner_stale_warning_hours),
        otherwise=timedelta(hours=settings.owner_stale_hours),
    )


@st.cache_resource(ttl=FEED_CHECK_TTL_S, max_entries=4, show_spinner="Hämtar ägarnas rapportfiler …")
def _poll_when_due(settings: Settings) -> list[FeedStatus]:
    polled = poll_owner_feeds_when_due(
        settings, owner_store(settings), build_feed_session(settings), shared_engine(settings.database_url),
        clock=owner_clock(settings), interval_s=FEED_POLL_TTL_S,
    )
    return polled or []


def refresh_owner_feeds(settings: Settings | None = None) -> list[FeedStatus]:
    """Poll the configured feeds unless a server on the database did so in the last :data:`FEED_POLL_TTL_S`
    s (asked at most every :data:`FEED_CHECK_TTL_S` s per server); the statuses when this call polled."""
    settings = settings or load_settings()
    return _poll_when_due(settings) if settings.owner_feeds else []


def poll_owner_feeds_now(settings: Settings) -> list[FeedStatus]:
    """Poll the feeds at once, due or not (the page's "Hämta nu" button)."""
    return poll_owner_feeds(settings, owner_store(settings), build_feed_session(settings), clock=owner_clock(settings))


@st.cache_resource(show_spinner=False, max_entries=32, ttl=OWNERS_SHARED_TTL_S)
def _shared_latest(database_url: str, is_exercise: bool, rivers: tuple[str, ...] | None,
                   owners_version: int, _settings: Settings) -> dict[str, OwnerReport]:
    return owner_store(_settings).read_latest(is_exercise=is_exercise, rivers=rivers)


def _owners_version(settings: Settings) -> int | None:
    """The owners' change counter (bumped with every stored report), once per script run; None when unread."""
    def read() -> int | None:
        try:
            return versions((OWNERS_TOPIC,), settings.database_url)[OWNERS_TOPIC]
        except SharedStateError:
            return None
    return once_per_run(("owners_version", settings.database_url), read)


def load_latest_reports(rivers: Iterable[str] | None = None) -> dict[str, OwnerReport]:
    """Plant → newest report of the app's mode (ÖVNING reports only in an exercise), feeds refreshed.

    Read once per script run and rivers (a Läget run asked seven times), and shared by every session of
    this server until the owners' change counter moves (every stored report moves it, in the same
    transaction); callers get their own dict.
    """
    settings = load_settings()
    wanted = None if rivers is None else tuple(rivers)

    def read() -> dict[str, OwnerReport]:
        refresh_owner_feeds(settings)
        counter = _owners_version(settings)
        if counter is None:  # the counter cannot be read: read the reports themselves
            return owner_store(settings).read_latest(is_exercise=settings.is_exercise, rivers=wanted)
        return _shared_latest(settings.database_url, settings.is_exercise, wanted, counter, settings)

    return dict(once_per_run(("latest_reports", settings, wanted), read))


def warning_rivers(situations: Sequence) -> tuple[str, ...]:
    """The rivers with an SMHI warning (or ÖVNING warning) in force, from their situations."""
    return tuple(s.river for s in situations if not s.warnings.empty)


def rivers_with_warnings(observations, statistics, now: datetime, rivers: Sequence[str]) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """The same from data a page already loaded (no second fetch): warnings from the shared loader."""
    warnings, _reason = load_warnings()
    return warning_rivers(shared_situations(observations, statistics, warnings, now, tuple(rivers)))


def owner_headline_candidates(
    observations, statistics, warnings: pd.DataFrame | None, now: datetime, rivers: Sequence[str]  # type: ignore[no-untyped-def]
) -> dict[str, tuple[HeadlineCandidate, ...]]:
    """River → the owners' candidates for its headline: current reports with spill, each with the status
    of its discharge against the nearest main-stem station (:func:`owner_reports.headline.owner_deciders`).

    ``warnings`` is SMHI's warnings frame (None in exercises): a river with one in force uses the shorter
    stale limit. ``now`` [UTC].
    """
    reports = load_latest_reports(rivers)
    if not reports:
        return {}
    in_force = warnings_in_force(warnings, now) if warnings is not None else None
    warned = {r for r in rivers if in_force is not None and any(r in systems for systems in in_force["systems"])}
    points = classify_owner_reports(reports, observations.stations, statistics)
    by_river: dict[str, list[HeadlineCandidate]] = {}
    for decider in owner_deciders(points, now, stale_limits(load_settings()), warned):
        by_river.setdefault(decider.river, []).append(
            HeadlineCandidate(decider.status, decider.text_sv, "owner", decider.plant))
    return {river: tuple(candidates) for river, candidates in by_river.items()}


def render_owner_lines(
    reports: dict[str, OwnerReport], river: str, now: datetime, *, warning_in_force: bool
) -> None:
    """Läget/presentation: each plant's newest report on ``river`` as a plain-text line (user text safe)."""
    settings = load_settings()
    limits = stale_limits(settings)
    on_river = [r for r in reports.values() if r.river == river]
    if not on_river:
        st.caption("Ägarrapporter: inga rapporter för den här älven.")
        return
    lines = [
        report_line_sv(r, now, stale=is_stale(r, now, limits, warning_in_force=warning_in_force))
        for r in sorted(on_river, key=lambda r: r.reported_at, reverse=True)
    ]
    st.markdown("**Ägarrapporter:**")
    st.text("\n".join(lines))


def render_report_history(store: OwnerReportStore, settings: Settings, rivers: Sequence[str], now: datetime,
                          warned: Iterable[str]) -> None:
    """Every report of one plant on ``rivers`` (chosen here), newest first, as :func:`latest_table` shows them."""
    plant = st.selectbox("Kraftverk", plant_names_on(rivers), key="owner_history_plant")
    history = store.read_history(is_exercise=settings.is_exercise, plant=plant)
    if not history:
        st.caption("Inga rapporter för det här kraftverket.")
        return
    st.dataframe(latest_table({str(r.id): r for r in history}, now, warned), hide_index=True, width="stretch",
                 key="owner_history")


def latest_table(reports: dict[str, OwnerReport], now: datetime, warned: Iterable[str]) -> pd.DataFrame:
    """The newest report per plant as a Swedish table with time, age and Aktuell/INAKTUELL."""
    frame = latest_frame(reports, now, stale_limits(load_settings()), warned)
    if frame.empty:
        return frame
    reports_by_plant = {r.plant: r for r in reports.values()}
    return pd.DataFrame(
        {
            "Kraftverk": frame["plant"],
            "Källa": [
                f"{EXERCISE_MARK}: {o}" if x else o
                for o, x in zip(frame["organisation"], frame["is_exercise"], strict=True)
            ],
            "Rapporttid": [format_local_time(t, now) for t in frame["reported_at"]],
            "Ålder": [f"{format_age_sv(reports_by_plant[p].age(now))} gammal" for p in frame["plant"]],
            "Aktuell": [STALE_WORD.upper() if s else "aktuell" for s in frame["stale"]],
            "Tappning [m³/s]": frame["total_m3s"],
            "Turbiner [m³/s]": frame["turbine_m3s"],
            "Utskov [m³/s]": frame["spillway_m3s"],
            "Nästa planerade [m³/s]": frame["planned_next_m3s"],
            "Vattenyta [m ö.h.]": frame["level_m"],
            "Dämningsgräns [m ö.h.]": frame["damningsgrans_m"],
            "Sänkningsgräns [m ö.h.]": frame["sankningsgrans_m"],
            "Vattenyta mot gränserna": frame["limits_sv"],
            "Älv": frame["river"],
            "Rapportör": frame["reporter"],
            "Kanal": frame["channel"],
            "Kommentar": frame["comment"],
        }
    )


NUMBER_COLUMNS = {
    name: st.column_config.NumberColumn(format="%.0f")
    for name in ("Tappning [m³/s]", "Turbiner [m³/s]", "Utskov [m³/s]", "Nästa planerade [m³/s]")
} | {
    name: st.column_config.NumberColumn(format="%.2f")
    for name in ("Vattenyta [m ö.h.]", "Dämningsgräns [m ö.h.]", "Sänkningsgräns [m ö.h.]")
}


def render_latest_table(reports: dict[str, OwnerReport], now: datetime, warned: Iterable[str], *, key: str) -> None:
    """The table of :func:`latest_table`, or a sentence when there are no reports."""
    table = latest_table(reports, now, warned)
    if table.empty:
        st.info("Inga ägarrapporter ännu." if not load_settings().is_exercise else "Inga ägarrapporter i övningen ännu.")
        return
    st.dataframe(table, hide_index=True, width="stretch", column_config=NUMBER_COLUMNS, key=key)


def owner_dam_facts(situation, now: datetime) -> tuple:
    """Draft facts from the newest current owner report of each plant on ``situation.river``."""
    settings = load_settings()
    facts, _left_out = dam_facts_from_reports(
        load_latest_reports((situation.river,)), situation.river, now, stale_limits(settings),
        warning_in_force=not situation.warnings.empty,
    )
    return facts


def render_owner_summary(rivers: Sequence[str], now: datetime, warned: Iterable[str]) -> None:
    """The presentation view's block: every river's newest owner reports as plain-text lines."""
    reports = load_latest_reports(rivers)
    limits = stale_limits(load_settings())
    warned = set(warned)
    lines = [
        report_line_sv(r, now, stale=is_stale(r, now, limits, warning_in_force=r.river in warned))
        for river in rivers
        for r in sorted((r for r in reports.values() if r.river == river), key=lambda r: r.reported_at, reverse=True)
    ]
    st.markdown("### Ägarrapporter")
    st.text("\n".join(lines) if lines else "Inga ägarrapporter.")


def render_owner_river_table(river: str, now: datetime, warned: Iterable[str]) -> None:
    """Flöden: the river's newest owner reports beside SMHI's stations (source and age in each row)."""
    reports = load_latest_reports((river,))
    if not reports:
        st.caption(f"Ägarrapporter: inga för {river}. Dammägarna rapporterar på sidan Ägarrapporter.")
        return
    st.markdown("**Dammägarnas rapporter** (ägarrapporter; senaste per kraftverk)")
    st.dataframe(latest_table(reports, now, warned), hide_index=True, width="stretch",
                 column_config=NUMBER_COLUMNS, key=f"owner-table-{river}")


def select_owner_plants(rivers: Sequence[str]) -> list[str]:
    """Flöden: which plants' owner series to draw (default: those with a report, at most four)."""
    reported = list(load_latest_reports(rivers))
    if not reported:
        return []
    return st.multiselect("Kraftverk (ägarrapporter)", reported, default=reported[:4], key="hydro-plants")


def add_owner_series(figure, plants: Sequence[str], now: datetime, days: int):  # type: ignore[no-untyped-def]
    """Draw the chosen plants' reported and planned discharge of the last ``days`` days on ``figure``."""
    settings = load_settings()
    store = owner_store(settings)
    for index, plant in enumerate(plants):
        history = store.read_history(is_exercise=settings.is_exercise, plant=plant, since=now - timedelta(days=days))
        add_owner_traces(figure, history, now, index)
    return figure


def owner_map_traces(systems: Sequence[str], now: datetime) -> list[go.Scattermap]:
    """Karta: each reported plant as a ringed marker in the status colour of its reported discharge (the
    traces to add to the map, in drawing order; none without reports).

    A stale report (older than the limit for its river: the shorter one while an SMHI warning is in force,
    :func:`owner_reports.model.is_stale`) is drawn grey as "INAKTUELL": its old figure gives no colour.
    """
    traces: list[go.Scattermap] = []
    reports = load_latest_reports(systems)
    if not reports:
        return traces
    observations = load_observations(systems[0] if len(systems) == 1 else None)
    statistics, _missing = load_statistics(observations)
    points = classify_owner_reports(reports, observations.stations, statistics)
    limits = stale_limits(load_settings())
    warned = set(rivers_with_warnings(observations, statistics, now, systems))
    stale = {p.plant.name: is_stale(p.report, now, limits, warning_in_force=p.report.river in warned) for p in points}
    groups: dict[str, list] = {}
    for p in sorted(points, key=lambda p: (stale[p.plant.name], -p.status.rank)):
        groups.setdefault(STALE_WORD if stale[p.plant.name] else p.status.key, []).append(p)
    for status_key, group in groups.items():
        status = group[0].status
        hover = []
        for p in group:
            compared = (
                f"jämfört med {p.station_name} ({p.distance_km:.0f} km"
                + (", huvudfåran)" if p.main_stem else ", ingen station i huvudfåran har statistik)")
                if p.station_name else "ingen station med statistik att jämföra med"
            )
            hover.append(
                f"<b>{p.plant.name}</b> – ägarrapport<br>{html.escape(owner_sentence_sv(p.report, now))}"
                f"<br>{format_age_sv(p.report.age(now))} gammal{' – INAKTUELL' if stale[p.plant.name] else ''}"
                f"<br>{p.status.symbol} {p.status.label_sv} {compared}"
                + (f"<br>Vattenyta {html.escape(level_phrase_sv(p.report))}" if p.report.upstream_level_m is not None
                   else "")
            )
        name, colour = (f"Ägarrapport: {STALE_WORD.upper()}", UNKNOWN.colour) if status_key == STALE_WORD else (
            f"Ägarrapport: {status.symbol} {status.label_sv}", status.colour)
        lons = [p.plant.lon for p in group]
        lats = [p.plant.lat for p in group]
        traces.append(go.Scattermap(
            lon=lons, lat=lats, mode="markers", marker={"size": 22, "color": "#1A1A1A"},
            hoverinfo="skip", showlegend=False, legendgroup=f"agare-{status_key}",
        ))
        traces.append(go.Scattermap(
            lon=lons, lat=lats, mode="markers", name=name,
            legendgroup=f"agare-{status_key}", marker={"size": 17, "color": colour},
            customdata=[p.plant.name for p in group], hovertext=hover, hoverinfo="text",
        ))
    return traces
