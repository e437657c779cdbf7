"""The app's database for the pages: :func:`coordination.db.database_sessions` under the name the pages use.

Every page store (drafts, meetings, events, members, owner reports, press contacts, exports, sightings)
takes its sessions from it, so a server process has one engine (one connection pool) per database URL,
shared with the shared state and the HTTP cache (:func:`coordination.db.database_engine`); the tables are
created once, on first use.
"""

from __future__ import annotations

from coordination.db import database_sessions

__all__ = ["database_sessions"]
