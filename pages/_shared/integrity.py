"""The red warning shown when a message differs from what was saved and approved."""

from __future__ import annotations

import streamlit as st

from messages.repository import DraftView


def show_integrity_problems(draft: DraftView) -> None:
    """A red Swedish warning naming what differs (nothing when the draft is intact)."""
    if not draft.integrity_problems:
        return
    st.error(
        "Varning: meddelandet har ändrats utanför appen och stämmer inte med det som sparades och "
        "godkändes. Det får inte exporteras eller spridas. Det här skiljer sig:",
        icon=":material/gpp_bad:",
    )
    st.text("\n".join(draft.integrity_problems))
