"""Flöden: every station of the chosen river, source to sea, and hydrographs."""

from __future__ import annotations

import streamlit as st

from pages._shared.frame import ensure_frame, selected_river, selected_rivers

ensure_frame()

from hydrology.flow_table import NEW_STATION_NOTE, build_flow_table, flow_table_csv  # noqa: E402
from hydrology.hydrograph import HYDROGRAPH_RANGES  # noqa: E402
from language.sv import format_when  # noqa: E402
from pages._shared.frame import ALL_RIVERS  # noqa: E402
from pages._shared.hydrograph_view import shared_hydrograph  # noqa: E402
from pages._shared.live import RIVER_TOPICS, watch_changes  # noqa: E402
from pages._shared.loaders import (  # noqa: E402
    data_clock,
    load_observations,
    load_statistics,
    shared_station_rows,
)
from pages._shared.owner_panel import (  # noqa: E402
    render_owner_river_table,
    rivers_with_warnings,
    select_owner_plants,
)
from pages._shared.status_badge import archive_source_sv, observations_source_sv, scenario_title_sv  # noqa: E402
from pages._shared.swedish_table import swedish_display  # noqa: E402
from pages._shared.timefmt import format_age_sv  # noqa: E402
from settings import load_settings  # noqa: E402
from sources.errors import NO_RECENT_VALUES_SV  # noqa: E402
from sources.models import DataOrigin  # noqa: E402
from sources.stations import POSITION_ONLY_SV  # noqa: E402

st.title("Flöden")
river = selected_river()
observations = load_observations(None if river == ALL_RIVERS else river)
st.caption(
    "Vattenföring [m³/s] och vattenstånd [cm] vid mätstationerna, från källa till hav. "
    f"Källa: {observations_source_sv(observations.origin, load_settings())}. Tider i svensk tid."
)
statistics, _missing_statistics = load_statistics(observations)
now = data_clock(load_settings(), observations.origin)
if observations.oldest_fetched_at is not None and not observations.is_exercise:  # fetched on the real clock
    st.caption(
        f"Äldsta data på sidan hämtades {format_when(observations.oldest_fetched_at, now)} "
        f"({format_age_sv(now - observations.oldest_fetched_at)} sedan)."
    )

# Numbers and times in Swedish from the server (the browser's formats would say "1428", "19 May 06:00").
SWEDISH_DECIMALS = {"Flöde [m³/s]": 0, "Vattenstånd [cm]": 0, "Ålder [min]": 0, "Ändring 24 h [m³/s]": 0,
                    "Stigning [m³/s per timme]": 1}
column_config = {"Trend 30 dygn": st.column_config.LineChartColumn(width="small"),
                 **{name: st.column_config.TextColumn(alignment="right") for name in (*SWEDISH_DECIMALS, "Tid")}}
all_rows = []
warned = rivers_with_warnings(observations, statistics, now, selected_rivers())
for river_name in selected_rivers():
    rows = shared_station_rows(observations, statistics, river_name, now)
    all_rows.append(rows)
    st.subheader(river_name)
    render_owner_river_table(river_name, now, warned)
    if rows.empty:
        st.info(f"Inga mätstationer för {river_name} i SMHI:s stationslista just nu.")
        continue
    river_stations = observations.stations[observations.stations["river"] == river_name]
    on_main_stem = (river_stations["role"] == "main_stem") & (river_stations["watercourse"] == river_name)
    if not on_main_stem.any():
        # Said plainly, so nobody reads a headwater or tributary flow as the flow through the towns.
        st.info(
            f"Ingen mätstation på {river_name}s huvudfåra finns ännu i Älvlägets stationstabell med bekräftat "
            "SMHI-id. Tabellen visar biflöden och källområden.",
            icon=":material/info:",
        )
    new_ids = frozenset(river_stations.loc[river_stations["new"].astype(bool), "station_id"].astype(str))
    table = build_flow_table(rows, observations.level, observations.daily, new_ids)
    failed = int((~table["Anmärkning"].isin(["", NEW_STATION_NOTE, NO_RECENT_VALUES_SV, POSITION_ONLY_SV])).sum())
    if failed:
        st.warning(f"{failed} av {len(table)} stationer saknar aktuella data — se kolumnen Anmärkning.")
    if table["Vattenstånd [cm]"].isna().all():  # SMHI measures level at few of these stations
        table = table.drop(columns=["Vattenstånd [cm]"])
    shown = swedish_display(table, SWEDISH_DECIMALS, signed=("Ändring 24 h [m³/s]", "Stigning [m³/s per timme]"),
                           local_times=("Tid",), now=now)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config, key=f"table-{river_name}")
    st.download_button(
        "Ladda ner tabellen (CSV)",
        data=flow_table_csv(table, river_name, observations.oldest_fetched_at if not observations.is_exercise else now,
                            exercise_scenario=scenario_title_sv(load_settings()) if observations.is_exercise else None,
                            cached=observations.origin is DataOrigin.CACHE),
        file_name=f"floden-{river_name.lower()}{'-OVNING' if observations.is_exercise else ''}.csv",
        mime="text/csv",
        key=f"csv-{river_name}",
    )

watch_changes(RIVER_TOPICS)  # owner reports, events and the exercise from other sessions

# --- Hydrograph: the chosen stations and range live in the URL, so a link shows the same chart.
st.subheader("Hydrograf")
station_names = {
    str(r.station_id): f"{r.name} ({r.river})" for r in observations.stations.itertuples(index=False)
    if r.river in selected_rivers()
}
if not station_names:
    st.info("Välj en älv med mätstationer i sidopanelen.")
    st.stop()
wanted = [s for s in st.query_params.get_all("station") if s in station_names]
# Opened on the first station with a current value: one without drew an empty chart with no word of why.
measured = {str(sid) for rows in all_rows for sid in rows.loc[rows["discharge_m3s"].notna(), "station_id"]}
default = wanted or [next((sid for sid in station_names if sid in measured), next(iter(station_names)))]
if st.session_state.get("hydro-stations") and not set(st.session_state["hydro-stations"]) & set(station_names):
    del st.session_state["hydro-stations"]  # chosen on another river: start again from the default, not empty
chosen = st.multiselect(
    "Stationer", options=list(station_names), default=default, format_func=station_names.get, key="hydro-stations"
)
range_from_url = st.query_params.get("period", "30d")
range_key = st.segmented_control(
    "Period", options=list(HYDROGRAPH_RANGES), format_func=lambda k: HYDROGRAPH_RANGES[k][0],
    default=range_from_url if range_from_url in HYDROGRAPH_RANGES else "30d", key="hydro-range",
) or "30d"
st.query_params["station"] = chosen
st.query_params["period"] = range_key
plants = select_owner_plants(selected_rivers())
if chosen:
    figure = shared_hydrograph(observations, statistics, chosen, range_key, now, plants)
    st.plotly_chart(figure, width="stretch", key="hydrograph")
    if len(chosen) == 1 and chosen[0] in statistics:
        stats = statistics[chosen[0]]
        st.caption(
            f"Tröskellinjer ur {archive_source_sv(observations.origin)}: {stats.n_years} hela år "
            f"({stats.first_year}–{stats.last_year}), metod {stats.method}"
            + (f" – {stats.caveat_sv}" if stats.caveat_sv else "") + ". "
            "Kryss markerar värden som ännu inte är slutgranskade (kvalitet Y eller O)."
        )
    elif len(chosen) > 1:
        st.caption("Tröskellinjer visas när en enda station är vald.")
