"""Flöden page."""

import streamlit as st

from pages._shared.frame import ensure_frame, selected_rivers

ensure_frame()

st.title("Flöden")
st.caption("Vattenföring och vattenstånd vid SMHI:s mätstationer, från källa till hav.")
st.write("Valda älvar: " + ", ".join(selected_rivers()))
