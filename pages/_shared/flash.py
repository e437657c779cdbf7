"""A one-line result of the last action, kept across the rerun that follows it (success or error)."""

from __future__ import annotations

import streamlit as st


def flash(key: str, kind: str, text: str) -> None:
    """Keep ``text`` under ``key`` to show after the rerun; ``kind`` is ``"success"`` or ``"error"``.

    ``text`` is shown as Markdown: escape what a user typed where it is composed (pages._shared.plain).
    """
    st.session_state[key] = (kind, text)


def show_flash(key: str, icons: bool = True) -> None:
    """Show (once) the result kept under ``key``, if any (green for success, red for an error)."""
    kind, text = st.session_state.pop(key, (None, None))
    if kind == "success":
        st.success(text, icon=":material/check_circle:" if icons else None)
    elif kind == "error":
        st.error(text, icon=":material/warning:" if icons else None)
