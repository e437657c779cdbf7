"""Läget page."""

import streamlit as st

from pages._shared.frame import ensure_frame, selected_rivers

ensure_frame()

st.title("Läget")
st.caption("Översikt per älv: status, varningar och berörda kommuner.")
st.write("Valda älvar: " + ", ".join(selected_rivers()))
