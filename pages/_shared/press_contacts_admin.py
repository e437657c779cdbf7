"""The press-contact section: an administrator keeps each organisation's press contact.

The contacts are printed at the end of joint press releases (:mod:`messages.press_contacts`).
This section is meant for the administratör role; access control is added around the call.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from access.person import Person
from coordination.errors import StorageUnavailableError
from directory.actors import organisation_names
from messages.press_contacts import PressContactError, PressContactStore
from pages._shared.database import database_sessions
from pages._shared.plain import plain_message
from pages._shared.timefmt import format_local_time


@st.cache_resource(show_spinner=False)
def press_contact_store(database_url: str) -> PressContactStore:
    """The store on the app's database (schema created once per process)."""
    return PressContactStore(database_sessions(database_url))


def press_contacts_section(database_url: str, user: Person) -> None:
    """List the press contacts and let an administratör set or remove one; ``user``'s name is recorded
    with the change."""
    store = press_contact_store(database_url)
    with st.expander("Presskontakter (administratör)"):
        st.caption("Presskontakten för varje organisation skrivs sist i gemensamma pressmeddelanden.")
        contacts = store.press_contacts()
        if contacts:
            now = pd.Timestamp.now(tz="UTC").to_pydatetime()
            st.dataframe(pd.DataFrame({
                "Organisation": list(contacts),
                "Kontakt": [c.name for c in contacts.values()],
                "Telefon": [c.phone for c in contacts.values()],
                "E-post": [c.email for c in contacts.values()],
                "Ändrad": [f"{format_local_time(c.updated_at, now)} av {c.updated_by}" for c in contacts.values()],
            }), hide_index=True, width="stretch", key="press_table")
        else:
            st.text("Inga presskontakter är inlagda ännu.")
        if not user.has_role("administrator"):
            # Not require_role(): the page already says once how to sign in; here only who may change this.
            st.caption("Bara en administratör kan lägga in eller ändra presskontakter.")
            return
        with st.form("press_form", clear_on_submit=False):
            organisation = st.selectbox("Organisation", organisation_names(), index=None,
                                        placeholder="Välj organisation", key="press_org")
            name = st.text_input("Kontakt (namn eller funktion)", key="press_name")
            phone = st.text_input("Telefon", key="press_phone")
            email = st.text_input("E-post", key="press_email")
            save, remove = st.columns(2)
            saved = save.form_submit_button("Spara presskontakt")
            removed = remove.form_submit_button("Ta bort presskontakt")
        if saved:
            try:
                store.set_press_contact(organisation or "", name=name, phone=phone, email=email, by=user.name)
                st.success(f"Presskontakten för {organisation} är sparad.")
            except PressContactError as exc:
                st.error(plain_message(exc.message_sv))  # may quote the typed phone number or address
            except StorageUnavailableError as exc:  # the database read-only, full or busy
                st.error(exc.message_sv)
        elif removed and organisation:
            try:
                gone = store.remove_press_contact(organisation)
            except StorageUnavailableError as exc:
                st.error(exc.message_sv)
            else:
                if gone:
                    st.success(f"Presskontakten för {organisation} är borttagen.")
                else:
                    st.info(f"{organisation} har ingen presskontakt att ta bort.")
