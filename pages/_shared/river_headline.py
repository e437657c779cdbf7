"""What decided a river's headline, the early signs upstream, and the card's station table.

Used by Läget's cards. Texts that come from SMHI (station and area names) are escaped before any
Markdown call.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from hydrology.formatting import format_flow_m3s, format_number_sv
from hydrology.situation import RiverSituation
from owner_reports.coverage import GAP_TITLE_SV, find_main_stem_gap
from pages._shared.owner_panel import load_latest_reports, stale_limits
from pages._shared.plain import plain_md
from pages._shared.timefmt import format_local_time
from settings import load_settings


def render_headline_reason(situation: RiverSituation) -> None:
    """The line under the headline: "Avgör: Orange varning från SMHI: Ångermanälven nedströms Sollefteå".

    (The early signs upstream are one line of their own on the card, :mod:`pages._shared.river_glance`.)
    """
    if situation.decided_by_sv:
        st.markdown(f"**Avgör:** {plain_md(situation.decided_by_sv)}")


def render_main_stem_gap(situation: RiverSituation, now: datetime) -> None:
    """When no main-stem gauge has a current value: say that SMHI publishes none there, which owners'
    reports are missing (whom to ask) and what the gauges upstream show (:mod:`owner_reports.coverage`).
    Nothing when the main stem has a value. ``now`` [UTC]."""
    gap = find_main_stem_gap(
        situation.river, situation.stations, situation.early_signs_sv, load_latest_reports((situation.river,)),
        now, stale_limits(load_settings()), warning_in_force=not situation.warnings.empty,
    )
    if gap is not None:
        st.info(f"**{GAP_TITLE_SV}.** " + "\n\n".join(plain_md(line) for line in gap.lines_sv()),
                icon=":material/info:")


def _remark(row) -> str:
    parts = [row.listing_note_sv] if isinstance(row.listing_note_sv, str) and row.listing_note_sv else []
    if isinstance(row.error_sv, str) and row.error_sv and not row.no_recent_values:
        parts.append(row.error_sv)
    return "; ".join(parts)


def station_table(situation: RiverSituation) -> pd.DataFrame:
    """The card's stations from source to sea: value or SMHI's reason for none, status (with a short
    archive's caveat), trend as m³/s per hour, measuring time and remarks."""
    frame = situation.stations
    return pd.DataFrame(
        {
            "Station": frame["name"],
            "Huvudfåra": ["ja" if d else "" for d in frame["decides"]],
            "Vattenföring (m³/s)": [
                "–" if pd.isna(v) else format_flow_m3s(float(v), unit=False) for v in frame["discharge_m3s"]
            ],
            "Status": [f"{s} {w}" for s, w in zip(frame["status_symbol"], frame["status_sv"], strict=True)],
            "Trend": frame["trend"],
            "Ändring (m³/s per timme)": [
                "–" if pd.isna(r) else format_number_sv(float(r), 1) for r in frame["rate_m3s_per_hour"]
            ],
            "Mättid": ["–" if pd.isna(t) else format_local_time(t.to_pydatetime()) for t in frame["time_utc"]],
            "Anmärkning": [_remark(row) for row in frame.itertuples(index=False)],
        }
    )
