"""A one-line result of the last action, kept across the rerun that follows it (success or error)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def flash(key: str, kind: str, text: str, details: Sequence[str] = ()) -> None:
    """Keep ``text`` under ``key`` to show after the rerun; ``kind`` is ``"success"`` or ``"error"``.

    ``text`` is shown as Markdown: escape what a user typed where it is composed (pages._shared.plain).
    ``details`` (e.g. every problem of a refused file) are shown below it as plain text.
    """
    st.session_state[key] = (kind, text, tuple(details))


def show_flash(key: str, icons: bool = True) -> None:
    """Show (once) the result kept under ``key``, if any (green for success, red for an error)."""
    kept = st.session_state.pop(key, None)
    if not kept:
        return
    kind, text, details = (*kept, ())[:3]
    if kind == "success":
        st.success(text, icon=":material/check_circle:" if icons else None)
    elif kind == "error":
        st.error(text, icon=":material/error:" if icons else None)
    if details:
        st.text("\n".join(details))
