"""Flow statistics, status, trend and the river situation: pure functions, no Streamlit, no network.

Data flows ``sources`` → ``hydrology`` → ``pages``. Flows are in m³/s, times tz-aware UTC; only the
sentence builders in :mod:`hydrology.situation` speak Swedish for the screen.
"""
