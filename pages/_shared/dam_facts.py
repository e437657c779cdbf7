"""What is uncertain about a dam's facts, shown where the dam is shown (Karta's dam card and dam-failure view)."""

from __future__ import annotations

from collections.abc import Sequence

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


def cascade_owner_caveats(dams: pd.DataFrame, downstream: Sequence[str]) -> None:
    """Name the dams below a failing dam whose owner is not confirmed (those owners may not be called).

    ``dams`` is :func:`geodata.layers.read_dams`; ``downstream`` the names of the dams the wave reaches.
    """
    rows = dams[dams["name"].isin(list(downstream))]
    lines = []
    for confidence, text in (("unknown", "Ingen källa för ägaren"), ("disputed", "Källorna är oense om ägaren"),
                             ("inferred", "Ägaren är härledd, inte bekräftad")):
        names = [name for name in downstream if name in set(rows.loc[rows["owner_confidence"] == confidence, "name"])]
        if names:
            lines.append(f"{text}: {', '.join(names)}.")
    if lines:
        st.caption("Dammar nedströms med osäker ägare (se Om data): " + " ".join(lines))
