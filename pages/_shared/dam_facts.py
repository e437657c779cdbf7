"""What is uncertain about a dam's facts, shown where the dam is shown (Karta's dam card)."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def dam_caveats(dam: pd.Series) -> None:
    """Warn about an inferred, disputed or unknown owner, an estimated position or disagreeing capacities.

    ``dam`` is a row of :func:`geodata.layers.read_dams` (its ``caveats_sv`` is Swedish, written by the
    loader from the curated table). Nothing is shown when every fact has a source.
    """
    caveats = dam.get("caveats_sv")
    if not isinstance(caveats, str) or not caveats:
        return
    other = dam.get("capacity_alt_source")
    detail = f" Annan uppgift om effekt: {other}." if isinstance(other, str) and other else ""
    st.warning(f"Osäkra uppgifter: {caveats}{detail}", icon=":material/help:")
