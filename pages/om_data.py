"""Om data: the sources behind every fact, their licences and what is still unconfirmed."""

import streamlit as st

from directory.provenance import (
    read_actor_provenance,
    read_dam_provenance,
    read_open_questions,
    read_source_table,
)
from pages._shared.frame import ensure_frame

ensure_frame()

st.title("Om data")
st.caption(
    "Vad varje uppgift i Älvläget bygger på: källorna och deras licenser, och vad som ännu inte är bekräftat. "
    "Uppgifter som inte är bekräftade sägs också där de används (kartan, vem ska vi samordna med)."
)

st.subheader("Källor och licenser")
st.dataframe(read_source_table(), hide_index=True, width="stretch", key="om_data_sources")

st.subheader("Öppna frågor")
for question in read_open_questions():
    st.text(f"• {question}")

st.subheader("Dammar och kraftverk")
st.dataframe(read_dam_provenance(), hide_index=True, width="stretch", key="om_data_dams")

st.subheader("Aktörer, nätverk och räddningstjänster")
st.dataframe(read_actor_provenance(), hide_index=True, width="stretch", key="om_data_actors")
