"""Warm a freshly started app server before its first viewer.

Streamlit runs none of the app's code until a browser opens a session, so on a fresh server the first
viewer pays for everything done once per process: importing the app (pandas, plotly, the export
libraries), the station table, the observations of all three rivers (the exercise scenario's or SMHI's),
every station's statistics (read from the database where an earlier start stored them, else computed
and stored), SMHI's warnings, the river situations and the älvschemas. :func:`warm_up` asks the server
to run the app once itself, headless, through Streamlit's script health check
(``/_stcore/script-health-check``, enabled by ``server.scriptHealthCheckEnabled`` in
``.streamlit/config.toml``): the start page's run prepares all of that, in the server's own caches and
database, and the first real viewer then finds it done.

``make run`` calls it beside the starting server; with a process manager, run it after each start::

    python -m serving.warm_up --port 8501

The check is expensive (a whole page run): point a proxy's repeated health checks at ``/_stcore/health``.
"""

from __future__ import annotations

import argparse
import time
import urllib.error
import urllib.request

HEALTH = "/_stcore/health"
SCRIPT_CHECK = "/_stcore/script-health-check"
#: Streamlit gives up a script check after 60 s; a cold server on a busy machine may need a few.
ATTEMPTS = 5


def _get(url: str, timeout_s: float) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310 - our own server
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as error:
        return 0, str(error)


def warm_up(base_url: str, *, start_timeout_s: float = 120.0) -> tuple[bool, float]:
    """Wait until the server at ``base_url`` answers, then run the app once in it; ``(ran without an
    error, seconds it took)``. Network only: nothing is returned but the outcome.

    The script check reports "timeout" after Streamlit's 60 s; what that run finished stays in the
    server's caches, so the check is repeated (at most :data:`ATTEMPTS` times) until a run completes.
    """
    base = base_url.rstrip("/")
    started = time.monotonic()
    while _get(base + HEALTH, 5.0)[0] != 200:
        if time.monotonic() - started > start_timeout_s:
            return False, time.monotonic() - started
        time.sleep(0.5)
    warm_started = time.monotonic()
    for _attempt in range(ATTEMPTS):
        status, body = _get(base + SCRIPT_CHECK, 90.0)
        if status == 200:
            return True, time.monotonic() - warm_started
        if status == 404 or body.strip() == "error":  # check not enabled, or the app raised: no point repeating
            break
    return False, time.monotonic() - warm_started


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the app once in a freshly started server (see the module docstring).")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="127.0.0.1",
                        help="the server's address; 0.0.0.0 (all addresses) is reached at 127.0.0.1")
    args = parser.parse_args()
    host = "127.0.0.1" if args.address in ("", "0.0.0.0", "::") else args.address
    ok, seconds = warm_up(f"http://{host}:{args.port}")
    if ok:
        print(f"Älvläget är förberett för första besökaren (startsidan beräknad på {seconds:.0f} s).", flush=True)
    else:
        print("Älvläget kunde inte förberedas i förväg; första besökaren får vänta på beräkningen.", flush=True)


if __name__ == "__main__":
    main()
