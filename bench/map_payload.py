"""Size of the full Karta map figure (all layers, all three systems) and the time to build it.

Run: ``.venv/bin/python bench/map_payload.py``. The last line is one JSON object:
``{"figure_bytes": …, "build_s": …, "cold_build_s": …, "budget_bytes": 1000000, "within_budget": …,
"unsimplified_ratio": …}``. ``cold_build_s`` includes reading and simplifying the boundaries once;
``build_s`` is the median of rebuilding the figure from the cached layers (what a page rerun costs).
``unsimplified_ratio`` compares the payload with the boundaries drawn unsimplified (why we simplify).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Replace (not prepend to) the script's folder on sys.path: bench/statistics.py would otherwise
# shadow the standard library's statistics module, which geopandas imports.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from geodata import RIVER_SYSTEMS  # noqa: E402
from geodata.layers import DRAW_CRS, read_kommuner, read_lan  # noqa: E402
from geodata.map_figure import NORTHERN_LAN, MapLayers, build_map_figure, read_map_layers  # noqa: E402
from geodata.stations import read_station_table  # noqa: E402

BUDGET_BYTES = 1_000_000


def _stations():
    import pandas as pd

    table = read_station_table()
    return pd.DataFrame({
        "station_id": table["station_id"], "name": table["name"], "lat": table["latitude"],
        "lon": table["longitude"], "discharge_m3s": 500.0, "status_sv": "Normalt", "status_colour": "#2E8B57",
        "status_symbol": "●", "status_rank": 1,
    })


def main() -> None:
    stations = _stations()
    start = time.perf_counter()
    layers = read_map_layers()
    figure = build_map_figure(layers, RIVER_SYSTEMS, stations=stations)
    payload = figure.to_json()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        build_map_figure(layers, RIVER_SYSTEMS, stations=stations).to_json()
        warm.append(time.perf_counter() - start)
    kommuner = read_kommuner()
    raw_layers = MapLayers(
        dams=layers.dams, rivers=layers.rivers,
        kommuner=kommuner[kommuner["lan_kod"].isin(NORTHERN_LAN)].to_crs(DRAW_CRS), lan=read_lan(DRAW_CRS),
    )
    raw_bytes = len(build_map_figure(raw_layers, RIVER_SYSTEMS, stations=stations).to_json().encode())
    size = len(payload.encode())
    print(json.dumps({
        "figure_bytes": size, "build_s": round(statistics.median(warm), 4), "cold_build_s": round(cold, 4),
        "budget_bytes": BUDGET_BYTES, "within_budget": size <= BUDGET_BYTES,
        "unsimplified_ratio": round(raw_bytes / size, 2),
    }))


if __name__ == "__main__":
    main()
