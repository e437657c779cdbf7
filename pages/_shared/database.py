"""The app's database for the pages: one session factory per database URL, its tables created once.

Every page store (drafts, events, members, owner reports, press contacts, exports, sightings) takes
its sessions from :func:`database_sessions`, so a server process opens one engine (one connection
pool) per URL instead of one per store. Cached with ``st.cache_resource``, which the tests clear after
each test; each test's own temporary database URL gets its own engine.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session, sessionmaker

from coordination.db import create_schema, make_engine, make_session_factory


@st.cache_resource(show_spinner=False)
def database_sessions(database_url: str) -> sessionmaker[Session]:
    """The shared session factory for ``database_url``, every registered table created on first use.

    Raises the driver's ``SQLAlchemyError`` when the tables cannot be created (e.g. a read-only
    database missing one); nothing is cached then, so the next call tries again.
    """
    engine = make_engine(database_url)
    create_schema(engine)
    return make_session_factory(engine)
