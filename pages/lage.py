"""Läget: one card per river — worst status, stations over thresholds, trend, warnings, kommuner, data age.

Made to be read at a glance on a shared screen: every status is word + symbol + colour, one sentence
says why, the key main-stem figure comes with its 7-day hydrograph and the river's älvschema; every
figure says how old it is (Europe/Stockholm on screen) and where it comes from; ÖVNING is marked once
per page (the frame's banner) and on each figure's source.
Data: the shared cached loaders in :mod:`pages._shared.loaders` (observations with progress,
statistics, warnings), summarised by :func:`hydrology.situation.build_river_situations` (once per data change, shared).
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from pages._shared.frame import ALL_RIVERS, ensure_frame, selected_river

ensure_frame()

from dataclasses import dataclass, field  # noqa: E402
from datetime import datetime  # noqa: E402

from events.repository import dam_failures_by_river  # noqa: E402
from geodata import RIVER_SYSTEMS  # noqa: E402
from hydrology.situation import EXERCISE_MARK, RiverSituation  # noqa: E402
from hydrology.status import FlowStatus  # noqa: E402
from language.sv import format_date_time, format_when  # noqa: E402
from pages._shared.event_banner import render_event_banner  # noqa: E402
from pages._shared.event_data import active_dam_failures  # noqa: E402
from pages._shared.live import RIVER_TOPICS, watch_changes  # noqa: E402
from pages._shared.loaders import (  # noqa: E402
    data_clock,
    load_observations,
    load_statistics,
    load_warnings,
    shared_situations,
)
from pages._shared.owner_panel import load_latest_reports, render_owner_lines  # noqa: E402
from pages._shared.river_glance import early_signs_line, render_key_figure, render_small_schema  # noqa: E402
from pages._shared.river_headline import render_headline_reason, render_main_stem_gap, station_table  # noqa: E402
from pages._shared.timefmt import format_age_sv  # noqa: E402
from settings import load_settings  # noqa: E402
from sources.models import DataOrigin  # noqa: E402

#: Text colour on each status colour, chosen for contrast (dark on light fills, white on dark).
_TEXT_ON = {"#F2C200": "#0D1B2A", "#F07D00": "#0D1B2A", "#9AA5B1": "#0D1B2A"}
# Text symbols from the fonts every machine has (emoji render as empty boxes without an emoji font).
_LEVEL_ICONS = {"meddelande": "ℹ", "gul": "⚠", "orange": "⚠⚠", "röd": "◆"}


@dataclass(frozen=True)
class SituationBundle:
    """The situations plus what the page must say about the data behind them."""

    situations: tuple[RiverSituation, ...]
    now: datetime  # the moment described [UTC]; scenario time in exercise mode
    origin: DataOrigin
    banner: str
    oldest_fetched_at: datetime | None
    warnings_error_sv: str
    statistics_missing: tuple[str, ...]
    observations: object = None  # the RiverObservations behind the situations (for the hydrographs)
    statistics: dict = field(default_factory=dict)


def load_bundle(river: str | None) -> SituationBundle:
    """Observations, statistics and warnings through the shared loaders, summarised per river."""
    observations = load_observations(river)
    statistics, failures = load_statistics(observations)
    exercise = observations.origin is DataOrigin.EXERCISE
    warnings, reason = (None, "") if exercise else load_warnings()
    now = data_clock(load_settings(), observations.origin)
    rivers = (river,) if river else RIVER_SYSTEMS
    return SituationBundle(
        situations=tuple(shared_situations(observations, statistics, warnings, now, rivers,
                                           dam_failure_rivers=dam_failures_by_river(active_dam_failures()))),
        now=now,
        origin=observations.origin,
        banner=observations.banner,
        oldest_fetched_at=observations.oldest_fetched_at,
        warnings_error_sv=f"SMHI:s varningar kunde inte hämtas: {reason}" if reason else "",
        statistics_missing=tuple(failures),
        observations=observations,
        statistics=statistics,
    )


def status_block_html(status: FlowStatus) -> str:
    """The big status line: symbol and word on the status colour."""
    text_colour = _TEXT_ON.get(status.colour, "#FFFFFF")
    return (
        f'<div style="background:{status.colour};color:{text_colour};padding:0.45rem 0.8rem;'
        f'border-radius:0.4rem;font-size:1.5rem;font-weight:700;">'
        f"{html.escape(status.symbol)} {html.escape(status.label_sv)}</div>"
    )


def _names_with_status(situation: RiverSituation, names: tuple[str, ...]) -> str:
    rows = situation.stations.set_index("name")
    return ", ".join(f"{name} ({rows.loc[name, 'status_symbol']} {rows.loc[name, 'status_sv']})" for name in names)


def _time_with_age(moment, now) -> str:
    return f"{format_when(moment, now)} ({format_age_sv(now - moment)} gammal)"


def render_card(situation: RiverSituation, bundle: SituationBundle) -> None:
    """One river's card."""
    now = bundle.now
    exercise = situation.is_exercise
    with st.container(border=True):
        # ÖVNING is said once per page (the banner) and on each figure's source, not on every line.
        st.subheader(situation.river)
        st.markdown(status_block_html(situation.worst_status), unsafe_allow_html=True)
        render_headline_reason(situation)
        render_main_stem_gap(situation, now)
        st.markdown(f"**{situation.sentence_sv}**")
        render_key_figure(situation, bundle.observations, bundle.statistics, now)
        st.markdown(early_signs_line(situation))
        render_small_schema(situation)

        if bundle.warnings_error_sv and not exercise:
            st.warning(bundle.warnings_error_sv, icon=":material/warning:")
        elif situation.warnings.empty:
            st.markdown(
                "**Varningar:** inga övningsvarningar" if exercise else "**Varningar:** inga varningar för höga flöden från SMHI"
            )
        else:
            lines = []
            for row in situation.warnings.itertuples(index=False):
                since = "" if pd.isna(row.valid_from_utc) else f", från {format_when(row.valid_from_utc.to_pydatetime(), now)}"  # noqa: E501
                lines.append(f"- {_LEVEL_ICONS.get(row.level, '')} **{row.level_sv}** – {row.area_name_sv}{since}")
            st.markdown("**Varningar:**\n" + "\n".join(lines))
        st.markdown(
            "**Berörda kommuner:** " + (", ".join(situation.kommuner) if situation.kommuner else "inga enligt varningarna")
        )
        render_owner_lines(load_latest_reports((situation.river,)), situation.river, now,
                           warning_in_force=not situation.warnings.empty)

        if situation.freshest_utc is not None:
            fresh = _time_with_age(situation.freshest_utc, now)
            stale = _time_with_age(situation.stalest_utc, now)
            st.caption(f"Senaste mätvärde {fresh} · äldsta {stale}")
        else:
            st.caption("Inga mätvärden att visa.")
        if situation.errors_sv:
            st.caption("Kunde inte läsas: " + "; ".join(f"{k}: {v}" for k, v in situation.errors_sv.items()))
        with st.expander("Stationer från källa till hav"):
            above = situation.above_thresholds
            st.markdown("**Över MHQ eller högre:** " + (_names_with_status(situation, above) if above else "inga stationer"))
            st.dataframe(station_table(situation), hide_index=True, width="stretch")


def _source_caption(bundle: SituationBundle) -> str:
    if bundle.origin is DataOrigin.EXERCISE:
        return f"Källa: {EXERCISE_MARK}-scenario (inte verkliga flöden). Övningstid {format_date_time(bundle.now)}."
    fetched = bundle.oldest_fetched_at
    when = f", hämtat {_time_with_age(fetched, bundle.now)}" if fetched else ""
    return (
        f"Källa: SMHI öppna data (CC BY 4.0){when}. Status jämförs med stationens statistik ur SMHI:s "
        "korrigerade dygnsarkiv (MQ, MHQ, återkomsttider)."
    )


river_choice = selected_river()
river = None if river_choice == ALL_RIVERS else river_choice

render_event_banner(key="lage_events")
st.title("Läget")
st.caption("Översikt per älv: status, varningar och berörda kommuner.")

# The frame shows the ÖVNING/CACHE banner and badge from what the loaders recorded.
bundle = load_bundle(river)

columns = st.columns(len(bundle.situations)) if len(bundle.situations) > 1 else [st.container()]
for column, situation in zip(columns, bundle.situations, strict=True):
    with column:
        render_card(situation, bundle)

st.caption(_source_caption(bundle))
watch_changes(RIVER_TOPICS)  # owner reports, events and the exercise from other sessions
if bundle.statistics_missing:
    st.caption(
        "Statistik saknas (arkivet kunde inte hämtas) för station "
        + ", ".join(bundle.statistics_missing)
        + "; deras status visas som Okänd."
    )
