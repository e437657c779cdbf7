"""Curated geographic layers (rivers, dams, stations, kommuner, län) and their loaders.

Every loader returns a GeoDataFrame with an explicit CRS: EPSG:3006 (SWEREF 99 TM, metres) for
measuring, EPSG:4326 (WGS84) only for drawing.
"""

#: The three river systems the coordination groups cover, in the order the app shows them.
RIVER_SYSTEMS: tuple[str, ...] = ("Ångermanälven", "Umeälven", "Skellefteälven")
