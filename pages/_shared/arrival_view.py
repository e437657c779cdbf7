"""The dam-failure map and arrival table, from the one arrival table every page reads.

Used by Karta (and the Händelser page): the stretch below the dam highlighted, the map opened on the
dam, and — for a declared failure — where the wave front should be now (between its earliest and
latest estimate), with the arrival table as clock times; without a declared failure, hours after a
failure.
"""

from __future__ import annotations

from datetime import datetime

import geopandas as gpd
import streamlit as st

from events.arrivals import ArrivalTable
from events.briefing import arrival_lines, clock_table_sv
from events.timetext import clock_sv
from geodata.arrival import (
    arrival_table_sv,
    estimate_basis_sv,
    front_reach_km,
    peak_assumption_of,
    stretch_between,
)
from geodata.map_figure import ALL_LAYERS, MapLayers, add_wave_front, build_map_figure, centre_on
from pages._shared.plain import plain_md


def _to_wgs84(geometry):
    return gpd.GeoSeries([geometry], crs="EPSG:3006").to_crs("EPSG:4326").iloc[0]


def render_dam_failure_map(layers: MapLayers, arrivals: ArrivalTable, *, failed_at: datetime | None,
                           now: datetime, key: str) -> None:
    """The stretch below the dam in red, the map opened on the dam, the wave front now (if failed)."""
    reach = arrivals.reach
    figure = build_map_figure(layers, systems=(reach.system,), show=ALL_LAYERS - {"stations"},
                              highlight=_to_wgs84(reach.line), highlight_label=f"Nedströms {reach.dam}")
    dam = layers.dams.set_index("name").loc[reach.dam]
    centre_on(figure, float(dam["lat"]), float(dam["lon"]), zoom=6.6)
    if failed_at is not None:
        hours = (now - failed_at).total_seconds() / 3600.0
        near_km, far_km = front_reach_km(arrivals.table, hours)
        front = stretch_between(reach, near_km, far_km)
        if front is not None:
            add_wave_front(figure, _to_wgs84(front), f"Flodvågens front nu ({near_km:.0f}–{far_km:.0f} km)")
            st.caption(f"Svart: där flodvågens front bör vara {clock_sv(now, now)}, {near_km:.0f}–{far_km:.0f} km "
                       "nedströms dammen enligt ankomsttiderna nedan.")
    st.plotly_chart(figure, width="stretch", key=key)


def render_arrival_table(arrivals: ArrivalTable, *, failed_at: datetime | None, now: datetime, key: str) -> None:
    """The arrival table: clock times for a declared failure, else hours after a failure; with its basis."""
    table = arrivals.table
    if basis := estimate_basis_sv(table):  # the Källa column's own words
        st.warning(plain_md(basis) + " Dammägarens dammbrottsutredning gäller före uppskattningen.",
                   icon=":material/warning:")
    owner = arrivals.owner_import
    if owner is not None:
        st.caption(
            f"Dammägarens uppgifter: {plain_md(owner.filename)}, importerad {clock_sv(owner.imported_at, now)} av "
            f"{plain_md(owner.imported_by)} ({plain_md(owner.imported_org)})."
        )
    if failed_at is None:
        st.dataframe(arrival_table_sv(table), width="stretch", hide_index=True, key=key)
    else:
        st.dataframe(clock_table_sv(arrival_lines(table, failed_at, now)), width="stretch", hide_index=True, key=key)
    if peak := peak_assumption_of(table):
        st.caption(peak)
    st.caption("Dammägarens ankomsttider importeras på sidan Händelser och gäller då för hela gruppen.")
