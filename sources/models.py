"""Shared value types for everything that comes out of ``sources/``.

Time convention: every timestamp is a tz-aware ``datetime`` in UTC; pages convert to
Europe/Stockholm only for display. Series frames carry units in their column names:
``time_utc`` (tz-aware UTC), ``discharge_m3s`` [m³/s], ``level_cm`` [cm], ``quality`` (SMHI code).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

SMHI_SOURCE_NAME = "SMHI"
SMHI_LICENCE = "CC BY 4.0"


class DataOrigin(str, Enum):
    """Where a piece of data came from, as the user must be told."""

    LIVE = "live"  # fetched from SMHI just now
    CACHE = "cache"  # SMHI unreachable: the last real data kept on disk
    EXERCISE = "exercise"  # ÖVNING scenario, never real


@dataclass(frozen=True)
class SourceMeta:
    """Provenance of one response: which URL, when fetched, live/cache/exercise.

    Attributes
    ----------
    url : the exact URL requested (SMHI's path, whatever the base).
    fetched_at : when the response was originally fetched from the server [UTC]. For cached
        data this is the time of the original fetch, so ``age`` is the data's real age.
    origin : live, cache or exercise.
    source : who published the data, e.g. ``"SMHI"``; ``"ÖVNING"`` scenario data says so here too.
    note : free text for the user, e.g. why we fell back to the cache or the scenario.
    units : column name → unit, e.g. ``{"discharge_m3s": "m³/s"}``.
    """

    url: str
    fetched_at: datetime
    origin: DataOrigin
    source: str = SMHI_SOURCE_NAME
    licence: str = SMHI_LICENCE
    note: str = ""
    units: dict[str, str] = field(default_factory=dict)
    station_id: str | None = None
    station_name: str | None = None

    def age(self, now: datetime) -> timedelta:
        """How old the response is at ``now`` (tz-aware UTC)."""
        return now - self.fetched_at

    @property
    def is_exercise(self) -> bool:
        return self.origin is DataOrigin.EXERCISE
