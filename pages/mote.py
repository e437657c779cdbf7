"""Möte page."""

import streamlit as st

from pages._shared.frame import ensure_frame, selected_rivers

ensure_frame()

st.title("Möte")
st.caption("Mötesvy för skärmdelning och mötets logg över beslut och åtgärder.")
st.write("Valda älvar: " + ", ".join(selected_rivers()))
