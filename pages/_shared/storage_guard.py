"""Read-only mode on screen: the banner when the data folder cannot be written, and a guard that
turns a refused write into its Swedish reason instead of a traceback.

The probe (:func:`storage.check_data_folder`) is cheap but not free, so its answer is kept for
:data:`PROBE_TTL_S` seconds per data folder and database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from coordination.errors import StorageUnavailableError
from settings import Settings
from storage import MESSAGES_SV, StorageError, StorageStatus, check_data_folder, classify_storage_error

PROBE_TTL_S = 15


@st.cache_resource(ttl=PROBE_TTL_S, show_spinner=False)
def read_storage_status(data_dir: Path, database_url: str) -> StorageStatus:
    """Whether the app can write its data folder and database now (probed at most every 15 s)."""
    return check_data_folder(data_dir, database_url)


def render_storage_banner(settings: Settings) -> None:
    """The read-only mode banner, on every page while the data folder cannot be written."""
    status = read_storage_status(settings.data_dir, settings.database_url)
    if not status.writable:
        st.warning(status.reason_sv, icon=":material/lock:")


@contextmanager
def storage_guard() -> Iterator[None]:
    """Show a refused write or an unopenable database (read-only or full data folder) as its Swedish
    reason instead of a traceback; any other error is raised on."""
    try:
        yield
    except (StorageUnavailableError, StorageError) as exc:
        st.error(exc.message_sv, icon=":material/lock:")
    except Exception as exc:
        storage = classify_storage_error(exc)
        if storage is None:
            raise
        if storage.is_busy:  # another writer held the lock: try again, no read-only mode
            st.error(storage.message_sv, icon=":material/hourglass_top:")
            return
        st.error(f"Sparade utkast, möten och loggar kan inte läsas eller sparas just nu: "
                 f"{MESSAGES_SV[storage.problem].lower()}.", icon=":material/lock:")
