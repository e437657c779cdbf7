"""Läget: one card per river — worst status, stations over thresholds, trend, warnings, kommuner, data age.

Made to be read at a glance on a shared screen: every status is word + symbol + colour, every
figure says how old it is (Europe/Stockholm on screen), ÖVNING data is marked on every card.
Data: :func:`hydrology.fetch_situation.get_river_situations`, cached two minutes per river choice
and data mode.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from pages._shared.frame import ALL_RIVERS, ensure_frame, selected_river

ensure_frame()

from hydrology.fetch_situation import SituationBundle, get_river_situations, get_station_statistics  # noqa: E402
from hydrology.formatting import format_flow_m3s, format_number_sv  # noqa: E402
from hydrology.situation import EXERCISE_MARK, RiverSituation  # noqa: E402
from hydrology.status import FlowStatus  # noqa: E402
from pages._shared.status_badge import DataStatus, remember_data_status  # noqa: E402
from pages._shared.timefmt import format_age_sv, format_local_time  # noqa: E402
from settings import Settings, load_settings  # noqa: E402
from sources.models import DataOrigin  # noqa: E402

#: Text colour on each status colour, chosen for contrast (dark on light fills, white on dark).
_TEXT_ON = {"#F2C200": "#0D1B2A", "#F07D00": "#0D1B2A", "#9AA5B1": "#0D1B2A"}
_LEVEL_ICONS = {"meddelande": "ℹ️", "gul": "🟡", "orange": "🟠", "röd": "🔴"}


@st.cache_data(ttl=6 * 3600, show_spinner="Beräknar statistik ur SMHI:s dygnsarkiv …")
def _statistics(station_ids: tuple[str, ...], origin: str, mode: str, scenario: str, _settings: Settings):
    """Station statistics (cached 6 hours: archives change at most daily; also cached on disk)."""
    return get_station_statistics(station_ids, _settings, DataOrigin(origin))


@st.cache_data(ttl=120, show_spinner="Hämtar flöden och varningar …")
def _load(river: str | None, mode: str, scenario: str, _settings: Settings) -> SituationBundle:
    """All situations for the river choice (cached 2 minutes per river choice and data mode)."""
    return get_river_situations(
        _settings,
        river,
        statistics_loader=lambda ids, origin: _statistics(ids, origin.value, mode, scenario, _settings),
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
    return f"kl. {format_local_time(moment, now)} ({format_age_sv(now - moment)} gammal)"


def _station_table(situation: RiverSituation) -> pd.DataFrame:
    frame = situation.stations
    return pd.DataFrame(
        {
            "Station": frame["name"],
            "Vattenföring (m³/s)": [
                "–" if pd.isna(v) else format_flow_m3s(float(v), unit=False) for v in frame["discharge_m3s"]
            ],
            "Status": [f"{s} {w}" for s, w in zip(frame["status_symbol"], frame["status_sv"], strict=True)],
            "Trend": frame["trend"],
            "Ändring per dygn": [
                "–" if pd.isna(p) else f"{format_number_sv(float(p))} %" for p in frame["percent_per_day"]
            ],
            "Mättid": [
                "–" if pd.isna(t) else format_local_time(t.to_pydatetime()) for t in frame["time_utc"]
            ],
        }
    )


def render_card(situation: RiverSituation, bundle: SituationBundle) -> None:
    """One river's card."""
    now = bundle.now
    exercise = situation.is_exercise
    with st.container(border=True):
        st.subheader(f"{situation.river} · {EXERCISE_MARK}" if exercise else situation.river)
        st.markdown(status_block_html(situation.worst_status), unsafe_allow_html=True)
        sentence = f"{EXERCISE_MARK}: {situation.sentence_sv}" if exercise else situation.sentence_sv
        st.markdown(f"**{sentence}**")

        above = situation.above_thresholds
        st.markdown(
            f"**Över MHQ eller högre:** {_names_with_status(situation, above)}"
            if above
            else "**Över MHQ eller högre:** inga stationer"
        )
        trend_parts = []
        if situation.rising:
            trend_parts.append("↗ stigande: " + ", ".join(situation.rising))
        if situation.falling:
            trend_parts.append("↘ sjunkande: " + ", ".join(situation.falling))
        st.markdown("**Trend:** " + (" · ".join(trend_parts) if trend_parts else "inga tydliga förändringar"))
        if situation.travel_sv:
            st.caption(" ".join(situation.travel_sv))

        if bundle.warnings_error_sv and not exercise:
            st.warning(bundle.warnings_error_sv, icon="⚠️")
        elif situation.warnings.empty:
            st.markdown(
                "**Varningar:** inga ÖVNING-varningar" if exercise else "**Varningar:** inga varningar för höga flöden från SMHI"
            )
        else:
            lines = []
            for row in situation.warnings.itertuples(index=False):
                since = "" if pd.isna(row.valid_from_utc) else f", från {format_local_time(row.valid_from_utc.to_pydatetime(), now)}"  # noqa: E501
                lines.append(f"- {_LEVEL_ICONS.get(row.level, '')} **{row.level_sv}** – {row.area_name_sv}{since}")
            st.markdown("**Varningar:**\n" + "\n".join(lines))
        st.markdown(
            "**Berörda kommuner:** " + (", ".join(situation.kommuner) if situation.kommuner else "inga enligt varningarna")
        )

        if situation.freshest_utc is not None:
            fresh = _time_with_age(situation.freshest_utc, now)
            stale = _time_with_age(situation.stalest_utc, now)
            st.caption(f"Senaste mätvärde {fresh} · äldsta {stale}")
        else:
            st.caption("Inga mätvärden att visa.")
        if situation.errors_sv:
            st.caption("Kunde inte läsas: " + "; ".join(f"{k}: {v}" for k, v in situation.errors_sv.items()))
        with st.expander("Stationer från källa till hav"):
            st.dataframe(_station_table(situation), hide_index=True, width="stretch")


def _source_caption(bundle: SituationBundle) -> str:
    if bundle.origin is DataOrigin.EXERCISE:
        return f"Källa: {EXERCISE_MARK}-scenario (inte verkliga flöden). Scenariotid {format_local_time(bundle.now)}."
    fetched = bundle.oldest_fetched_at
    when = f", hämtat {_time_with_age(fetched, bundle.now)}" if fetched else ""
    return (
        f"Källa: SMHI öppna data (CC BY 4.0){when}. Status jämförs med stationens statistik ur SMHI:s "
        "korrigerade dygnsarkiv (MQ, MHQ, återkomsttider)."
    )


settings = load_settings()
river_choice = selected_river()
river = None if river_choice == ALL_RIVERS else river_choice

st.title("Läget")
st.caption("Översikt per älv: status, varningar och berörda kommuner.")

bundle = _load(river, settings.mode, settings.scenario, settings)
remember_data_status(
    DataStatus(
        origin=bundle.origin,
        fetched_at=bundle.oldest_fetched_at if bundle.origin is DataOrigin.CACHE else None,
        reason=bundle.banner if bundle.origin is not DataOrigin.LIVE else "",
    )
)
if bundle.origin is DataOrigin.CACHE and bundle.banner:
    st.warning(bundle.banner, icon="🕘")
elif bundle.origin is DataOrigin.EXERCISE and bundle.banner and not settings.is_exercise:
    st.error(bundle.banner, icon="⚠️")

columns = st.columns(len(bundle.situations)) if len(bundle.situations) > 1 else [st.container()]
for column, situation in zip(columns, bundle.situations, strict=True):
    with column:
        render_card(situation, bundle)

st.caption(_source_caption(bundle))
if bundle.statistics_missing:
    st.caption(
        "Statistik saknas (arkivet kunde inte hämtas) för station "
        + ", ".join(bundle.statistics_missing)
        + "; deras status visas som Okänd."
    )
