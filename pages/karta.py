"""Karta: rivers, gauging stations, dams with owners, kommuner and län; dam-failure view; river profile."""

import pandas as pd
import streamlit as st

from geodata.downstream import DownstreamError
from geodata.map_figure import (
    LAYER_LABELS_SV,
    build_profile_figure,
    format_flow_sv,
    read_map_layers,
)
from language.sv import format_when
from pages._shared.arrival_view import render_arrival_table, render_dam_failure_map
from pages._shared.dam_facts import cascade_owner_caveats, dam_caveats
from pages._shared.event_banner import render_event_banner
from pages._shared.event_data import active_dam_failures, events_now, load_arrival_table
from pages._shared.frame import ensure_frame, selected_rivers
from pages._shared.live import RIVER_TOPICS, watch_changes
from pages._shared.loaders import data_clock, load_observations, load_statistics, shared_station_rows
from pages._shared.map_view import shared_map_figure, shared_stations_around_dams
from pages._shared.owner_panel import owner_map_traces
from pages._shared.timefmt import format_age_sv
from settings import load_settings
from sources.models import DataOrigin

ensure_frame()

render_event_banner(key="karta_events")
st.title("Karta")
st.caption(
    "Älvar, mätstationer, dammar och kraftverk med ägare, kommuner och län. Kartan fungerar utan internet; "
    "älvlinjerna är förenklade (avstånd längs älven är uppskattningar)."
)


@st.cache_resource
def _layers():
    return read_map_layers()


@st.cache_data
def _measured_sv(time_utc, now, source: str) -> str:
    if pd.isna(time_utc):
        return f"Ingen mättid, källa {source}"
    moment = time_utc.to_pydatetime()
    return f"Mätt {format_when(moment, now)} ({format_age_sv(now - moment)} sedan), källa {source}"


def _stations(systems: tuple[str, ...]) -> pd.DataFrame:
    """Gauging stations with their current flow and status (from the shared loaders), for the map."""
    observations = load_observations(systems[0] if len(systems) == 1 else None)
    statistics, _missing = load_statistics(observations)
    now = data_clock(load_settings(), observations.origin)
    source = "ÖVNING" if observations.origin is DataOrigin.EXERCISE else "SMHI"
    positions = observations.stations.assign(station_id=observations.stations["station_id"].astype(str))
    positions = positions.set_index("station_id")[["latitude", "longitude"]]
    frames = []
    for system in systems:
        rows = shared_station_rows(observations, statistics, system, now).join(positions, on="station_id")
        frames.append(pd.DataFrame({
            "station_id": rows["station_id"], "name": rows["name"], "system": system,
            "lat": rows["latitude"], "lon": rows["longitude"], "discharge_m3s": rows["discharge_m3s"],
            "status_sv": rows["status_sv"], "status_colour": rows["status_colour"],
            "status_symbol": rows["status_symbol"], "status_rank": rows["status_rank"],
            "measured_sv": [_measured_sv(t, now, source) for t in rows["time_utc"]],
        }))
    return pd.concat(frames, ignore_index=True)


def _neighbour_text(dam: str, around: dict) -> str:
    upstream, downstream = around[dam]
    parts = []
    if upstream is not None:
        parts.append(f"Uppströms: {upstream['name']} ({-upstream['distance_km']:.0f} km), {format_flow_sv(upstream['discharge_m3s'])}")
    if downstream is not None:
        parts.append(f"Nedströms: {downstream['name']} ({downstream['distance_km']:.0f} km), {format_flow_sv(downstream['discharge_m3s'])}")
    return "<br>".join(parts) if parts else "Ingen mätstation på samma älv i närheten"


settings = load_settings()
systems = selected_rivers()
layers = _layers()
stations = _stations(systems)
dams = layers.dams[layers.dams["system"].isin(systems)]
dam_names = dams.sort_values(["system", "river", "order_from_source"])["name"].tolist()
# A declared dam failure opens the map on its dam.
failures = [event for event in active_dam_failures() if event.dam in dam_names]
if failures and "dammbrott_dam" not in st.session_state:
    st.session_state["dammbrott_dam"] = failures[0].dam

# The active tab lives in the URL (?flik=Dammbrott): it survives reruns and can be shared as a link.
tab_map, tab_failure, tab_profile = st.tabs(
    ["Karta", "Dammbrott", "Älvprofil"], key="flik", on_change="rerun", bind="query-params",
    default="Dammbrott" if failures else None,
)

with tab_map:
    left, middle = st.columns(2)
    owners_all = sorted(dams["owner_main"].unique())
    owners = left.multiselect("Ägare", owners_all, default=owners_all, key="karta_owners")
    shown = middle.multiselect(
        "Lager", list(LAYER_LABELS_SV), default=list(LAYER_LABELS_SV), format_func=LAYER_LABELS_SV.get,
        key="karta_layers",
    )
    # Below, not in a third column: at 1280 px a narrow column cut its label to "Bakgrundskarta (kr…".
    background = st.checkbox("Bakgrundskarta (kräver internet)", value=False, key="karta_background")
    around = shared_stations_around_dams(dam_names, stations)  # once per stations' content, for every session
    event = None
    if tab_map.open is not False:  # the map is built only while its tab is open, once per content
        neighbours = {name: _neighbour_text(name, around) for name in dam_names}
        figure = shared_map_figure(
            layers, systems, show=shown, owners=owners, stations=stations, dam_neighbours=neighbours,
            background=background, owner_traces=owner_map_traces(systems, data_clock(settings)),
        )
        event = st.plotly_chart(figure, width="stretch", key="karta_map", on_select="rerun", selection_mode="points")
    picked = [p.get("customdata") for p in (event.selection.points if event else []) if p.get("customdata")]
    if picked and picked[0] in dam_names:
        st.session_state["karta_dam"] = picked[0]
    chosen = st.selectbox("Välj damm", dam_names, index=None, placeholder="Klicka på en damm eller välj här",
                          key="karta_dam")
    if chosen:
        dam = dams.set_index("name").loc[chosen]
        st.subheader(chosen)
        st.markdown(
            f"**Ägare:** {dam['owners_marked_sv']}  \n**Effekt:** {dam['capacity_sv']}  \n"
            f"**Kommun:** {dam['kommun']} ({dam['lan']})  \n**Vattendrag:** {dam['watercourse']}  \n"
            f"**Mätstationer:** {_neighbour_text(chosen, around).replace('<br>', '; ')}"
        )
        st.caption(
            f"Källor – ägare: {dam['owner_source']}; effekt: {dam['capacity_source']}; läge: {dam['coord_source']}"
            + (" (uppskattat läge)" if dam["coord_quality"] == "estimate" else "")
        )
        dam_caveats(dam)

with tab_failure:
    st.subheader("Dammbrott")
    if "Umeälven" in systems:
        st.caption("Vindelälven är oreglerad (skyddad nationalälv) och har inga dammar.")
    failing = st.selectbox("Damm som brister", dam_names, index=None, placeholder="Välj damm", key="dammbrott_dam")
    if failing:
        try:
            arrivals = load_arrival_table(failing)
        except DownstreamError as error:
            st.error(str(error))
            arrivals = None
        if arrivals is not None:
            reach = arrivals.reach
            dam_caveats(dams.set_index("name").loc[failing])
            event = next((e for e in failures if e.dam == failing), None)
            now, _exercise = events_now()
            render_dam_failure_map(layers, arrivals, failed_at=event.started_at if event else None, now=now,
                                   key="dammbrott_map")
            first, second = st.columns(2)
            with first:
                st.markdown("**Dammar nedströms (kaskadrisk)**")
                if reach.dams.empty:
                    st.write("Inga dammar nedströms.")
                else:
                    st.caption("I ordning nedströms: " + ", ".join(reach.dams["name"]))
                    cascade_owner_caveats(dams, list(reach.dams["name"]))
                    st.dataframe(pd.DataFrame({
                        "Damm": reach.dams["name"],
                        "Ägare": reach.dams["name"].map(dams.set_index("name")["owners_marked_sv"]),
                        "Effekt (MW)": reach.dams["capacity_mw"], "Kommun": reach.dams["kommun"],
                        "Avstånd (km)": reach.dams["distance_km"].round(0),
                    }), width="stretch", hide_index=True)
            with second:
                st.markdown("**Kommuner och län som nås**")
                st.dataframe(pd.DataFrame({
                    "Kommun": reach.kommuner["kommun"], "Län": reach.kommuner["lan"],
                    "Avstånd längs älven till kommungränsen (km)": reach.kommuner["distance_km"].round(0),
                }), width="stretch", hide_index=True)
            st.markdown("**Ankomsttider för flodvågen**")
            render_arrival_table(arrivals, failed_at=event.started_at if event else None, now=now,
                                 key="dammbrott_table")

with tab_profile:
    st.subheader("Älvprofil")
    st.caption("Kraftverken i ordning från källan till havet (eller till sammanflödet), storlek efter effekt.")
    if tab_profile.open is not False:  # built only while someone looks at it
        st.plotly_chart(build_profile_figure(layers, systems, stations=stations), width="stretch", key="karta_profile")
watch_changes(RIVER_TOPICS)  # owner reports, events, arrival times and the exercise from other sessions
