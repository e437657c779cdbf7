"""Karta page."""

import streamlit as st

from pages._shared.frame import ensure_frame, selected_rivers

ensure_frame()

st.title("Karta")
st.caption("Älvar, mätstationer, dammar och kraftverk med ägare, kommuner och län.")
st.write("Valda älvar: " + ", ".join(selected_rivers()))
