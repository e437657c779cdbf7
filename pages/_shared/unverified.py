"""Says, where organisation names are chosen or listed, which of them are not verified (as Om data does)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from directory.actors import unverified_notes_sv


def render_unverified_note(names: Iterable[str] | None = None) -> None:
    """A caption naming the unverified organisations among ``names`` (all when None) and what is unsure.

    The names and notes come from the directory's own files, not from users.
    """
    notes = unverified_notes_sv(names)
    if notes:
        st.caption("Ej verifierat (se Om data): " + " ".join(notes), help="Uppgifterna saknar källa; kontrollera "
                   "dem innan ni litar på dem.")
