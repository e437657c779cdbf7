"""Meddelanden page."""

import streamlit as st

from pages._shared.frame import ensure_frame, selected_rivers

ensure_frame()

st.title("Meddelanden")
st.caption("Gemensamma pressmeddelanden, information till allmänheten och lägesbilder.")
st.write("Valda älvar: " + ", ".join(selected_rivers()))
