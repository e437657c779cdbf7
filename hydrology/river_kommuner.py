"""Moved to :mod:`geodata.river_kommuner` (kommun data sits beside the flow, and sources may use it).

Only a re-export, kept while ``coordination/situation_facts.py`` (another helper's file, still being
edited) imports ``kommun_name`` from here; import from :mod:`geodata.river_kommuner` instead.
"""

from geodata.river_kommuner import (
    KommunMatch,
    kommun_name,
    kommuner_in_geometry,
    kommuner_of_system,
    match_warning_area,
    read_river_kommuner,
    systems_of_kommun,
)

__all__ = [
    "KommunMatch",
    "kommun_name",
    "kommuner_in_geometry",
    "kommuner_of_system",
    "match_warning_area",
    "read_river_kommuner",
    "systems_of_kommun",
]
