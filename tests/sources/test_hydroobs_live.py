"""Against SMHI's real API (network). Deselected by default; run with ``-m live``."""

from __future__ import annotations

import pytest

from settings import load_settings
from sources.http import build_session
from sources.smhi_hydroobs import get_latest_all, get_station_listing

pytestmark = pytest.mark.live


def test_real_smhi_lists_sorsele_and_serves_the_station_set(tmp_path):
    settings = load_settings({"ALVLAGET_DATA_DIR": str(tmp_path)})
    session = build_session(settings, retries=1, cache=False)
    base = "https://opendata-download-hydroobs.smhi.se/api/version/1.0"
    listing, meta = get_station_listing(session, base, 1)
    assert "2238" in set(listing["station_id"])
    latest, _ = get_latest_all(session, base, 2)
    assert not latest.empty and meta.source == "SMHI"
