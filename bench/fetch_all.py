"""Benchmark: a full Flöden refresh the app's way (concurrent) vs one request at a time, and the app's
"latest value of every station" vs one raw request to SMHI's station-set endpoint.

Runs against the fake SMHI server with 100 ms added to every request (SMHI's real latency order), the
HTTP cache disabled. Best of two runs each. Last line: one JSON object.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

# Run as ``python bench/fetch_all.py``: Python puts bench/ first on the path, where bench/statistics.py
# would shadow the standard library's ``statistics``; the project root goes there instead.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(BENCH_DIR.parent))

import requests  # noqa: E402

from settings import load_settings  # noqa: E402
from sources.http import build_session  # noqa: E402
from sources.river_data import get_river_observations  # noqa: E402
from sources.smhi_hydroobs import get_latest_all, get_observations, get_station_listing  # noqa: E402
from tests.fake_smhi import FakeSmhiServer, Fault  # noqa: E402

DELAY_MS = 100


def best_of(runs: int, action) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    with FakeSmhiServer() as fake, tempfile.TemporaryDirectory() as data_dir:
        fake.set_fault(Fault(delay_ms=DELAY_MS))
        settings = load_settings({"ALVLAGET_MODE": "live", "ALVLAGET_DATA_DIR": data_dir,
                                  "ALVLAGET_SMHI_HYDROOBS_URL": fake.hydroobs_url})
        base = settings.smhi_hydroobs_url
        session = build_session(settings, retries=0, cache=False)
        observations = get_river_observations(None, settings, session=session)
        stations = observations.stations

        def app_refresh() -> None:
            get_river_observations(None, settings, session=session)

        def one_at_a_time() -> None:
            # the same requests and parsing, in a plain loop
            for parameter in (1, 2, 3):
                get_station_listing(session, base, parameter)
            get_latest_all(session, base, 2)
            for _, row in stations.iterrows():
                get_observations(session, base, row["station_id"], 1, "latest-months")
                if row["has_15min"]:
                    get_observations(session, base, row["station_id"], 2, "latest-day")
                if row["has_level"]:
                    get_observations(session, base, row["station_id"], 3, "latest-months")

        concurrent_s = best_of(2, app_refresh)
        sequential_s = best_of(2, one_at_a_time)
        latest_all_s = best_of(2, lambda: get_latest_all(session, base, 2))
        station_set = f"{base}/parameter/2/station-set/all/period/latest-hour/data.json"
        single_request_s = best_of(2, lambda: requests.get(station_set, timeout=30).content)

    result = {
        "stations": int(len(stations)),
        "concurrent_s": round(concurrent_s, 4),
        "sequential_s": round(sequential_s, 4),
        "latest_all_s": round(latest_all_s, 4),
        "single_request_s": round(single_request_s, 4),
        "ratio": round(sequential_s / concurrent_s, 2),
        "floor_ratio": round(latest_all_s / single_request_s, 3),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
