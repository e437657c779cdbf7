"""Last-seen times of SMHI stations in the database, on SQLite and PostgreSQL, and the note they give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from coordination.db import NaiveDatetimeError, make_session_factory
from coordination.station_sightings import read_last_seen, write_station_sightings
from geodata.stations import read_station_table
from sources.stations import parse_river_stations, with_last_seen

SEEN = datetime(2026, 5, 12, 12, 5, tzinfo=UTC)


def test_sightings_keep_the_newest_time_per_station(engine):
    factory = make_session_factory(engine)
    write_station_sightings(factory, ["2133", "2238"], SEEN)
    write_station_sightings(factory, ["2238"], SEEN + timedelta(hours=1))
    write_station_sightings(factory, ["2238"], SEEN - timedelta(days=3))  # a late, older listing
    assert read_last_seen(factory) == {"2133": SEEN, "2238": SEEN + timedelta(hours=1)}
    assert read_last_seen(factory, ["2133", "9999"]) == {"2133": SEEN}
    with pytest.raises(NaiveDatetimeError):
        write_station_sightings(factory, ["2133"], datetime(2026, 5, 12, 12, 5))


def test_a_station_that_left_the_listing_stays_in_place_with_when_it_was_last_seen(engine):
    factory = make_session_factory(engine)
    table = read_station_table()
    ume = table[(table["river"] == "Umeälven") & ~table["exercise_only"]]
    listing = pd.DataFrame({
        "station_id": ume["station_id"], "name": ume["smhi_name"], "owner": "SMHI", "measuring_stations": "CORE",
        "active": True, "from_utc": pd.NaT, "to_utc": pd.NaT, "latitude": ume["latitude"],
        "longitude": ume["longitude"], "region": pd.NA, "catchment_name": "UMEÄLVEN", "catchment_number": pd.NA,
        "catchment_size_km2": float("nan"),
    })  # fmt: skip
    write_station_sightings(factory, listing["station_id"], SEEN)
    without_harrsele = listing[listing["station_id"] != "1733"]
    stations = parse_river_stations({1: without_harrsele}, table, exercise=False, river="Umeälven")
    assert list(stations["station_id"]) == list(ume["station_id"])  # same places, source to sea
    stations = with_last_seen(stations, read_last_seen(factory), now=SEEN + timedelta(days=2))
    harrsele = stations.set_index("station_id").loc["1733"]
    assert not harrsele["in_listing"] and not harrsele["has_daily"]
    assert harrsele["listing_note_sv"] == "finns inte längre i SMHI:s stationslista (senast sedd den 12 maj kl. 14.05)"
    assert harrsele["last_seen_utc"] == pd.Timestamp(SEEN)
    assert stations.set_index("station_id").loc["1734", "listing_note_sv"] == ""
