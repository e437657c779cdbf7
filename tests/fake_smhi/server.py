"""The fake SMHI server: stdlib ``ThreadingHTTPServer`` in a thread, controllable from Python or HTTP.

Control over HTTP (for a browser test against a separately started Streamlit)::

    POST /_control  {"action": "set_fault", "station": "2238" | null, "fault": {"status": 503}}
                    {"action": "clear_faults"}
                    {"action": "set_latest_discharge", "station": "2238", "m3s": 850.0}
                    {"action": "set_now", "now": "2026-05-19T04:00:00+00:00"} | {"action": "reset"}
                    {"action": "set_warnings_variant", "variant": "empty" | null}
    GET  /_control  → {"requests": <count>, "faults": {...}}
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from geodata.stations import read_station_table
from sources.exercise.render import HydroobsResponder, Rendered
from sources.exercise.scenarios import get_scenario_spec

HYDROOBS_PREFIX = "/hydroobs/api/version/1.0"
WARNINGS_PREFIX = "/warnings"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "smhi"
GLOBAL = "*"
#: Daily-discharge listing entries of other rivers' stations (SMHI's format), e.g. KÅTASELET on Byskeälven.
OTHER_RIVERS_LISTING = FIXTURES / "hydroobs" / "other_rivers_listing.json"

#: Corrected-archive CSVs already made, by everything that decides their bytes (shared by every fake
#: server of this process). Making a century of daily values took most of a page test's time.
_ARCHIVES: dict[tuple, bytes] = {}
_ARCHIVES_LOCK = threading.Lock()


class _ArchiveKeepingResponder(HydroobsResponder):
    """The exercise's answers, each station's corrected archive made once per process.

    The generator is deterministic in the arguments :meth:`HydroobsResponder.archive_version` names;
    the header adds the station's name and position. Equal key, equal bytes: the answers are unchanged.
    """

    def archive_csv(self, station_id: str, now: datetime) -> bytes:
        row = self.by_id[station_id]
        key = (self.archive_version(station_id), str(row["name"]), float(row["latitude"]), float(row["longitude"]))
        with _ARCHIVES_LOCK:
            kept = _ARCHIVES.get(key)
        if kept is None:
            kept = super().archive_csv(station_id, now)
            with _ARCHIVES_LOCK:
                _ARCHIVES[key] = kept
        return kept


def archive_only_stations(table) -> set[str]:
    """The real stations SMHI lists without a data period (the "… KRV" gauges, geodata/stations.csv
    ``smhi_to`` empty) or whose values ended years ago: the fake serves their archive, nothing recent."""
    real = table[~table["exercise_only"]]
    ended = real["smhi_to"].isna() | (real["smhi_to"].astype(str) < "2023-01-01")
    return set(real.loc[ended, "station_id"])


@dataclass(frozen=True)
class Fault:
    """What to do wrong. ``times`` > 0 limits the fault to that many requests, then it clears.

    delay_ms : added before answering. status : answer this HTTP status (e.g. 503).
    retry_after : with status 429, the ``Retry-After`` header [s]. malformed : broken JSON.
    empty : empty ``value`` series. removed : station missing from listings, 404 for its data.
    """

    delay_ms: int = 0
    status: int | None = None
    retry_after: int | None = None
    malformed: bool = False
    empty: bool = False
    removed: bool = False
    times: int = 0


def _station_in_path(path: str) -> str | None:
    parts = path.split("/")
    if "station" in parts:
        index = parts.index("station")
        if index + 1 < len(parts):
            return parts[index + 1].removesuffix(".json")
    return None


class FakeSmhiServer:
    """Start with :meth:`start` (or as a context manager); URLs in ``hydroobs_url``/``warnings_url``.

    Parameters
    ----------
    scenario : exercise scenario whose flows the fake serves (posing as live SMHI data).
    now : fixed "now" [UTC]; default: real time, with the scenario's flood started
        ``flood_elapsed`` ago so data look fresh.
    fixtures_root : file tree served under ``/warnings`` (mirrors the URL path).
    """

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, scenario: str = "varflod",
                 now: datetime | None = None, flood_elapsed: timedelta = timedelta(days=11),
                 fixtures_root: Path = FIXTURES / "warnings") -> None:
        self.host, self._port = host, port
        self.fixtures_root = self._default_fixtures_root = fixtures_root
        self._lock = threading.Lock()
        self._fixed_now = now
        self._scenario_id = scenario
        self._flood_elapsed = flood_elapsed
        self._faults: dict[str, Fault] = {}
        #: Set when faults are cleared: answers still held back by a delay go out at once (SMHI recovered).
        self._recovered = threading.Event()
        self._fault_uses: dict[str, int] = {}
        self._overrides: dict[str, tuple[int, str, bytes]] = {}
        self.requests: list[str] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._build_responder()

    def _build_responder(self) -> None:
        spec = get_scenario_spec(self._scenario_id)
        anchor = self._fixed_now or datetime.now(timezone.utc)
        # Re-time the scenario so "now" is ``flood_elapsed`` into the flood.
        spec = replace(spec, start_utc=anchor - self._flood_elapsed)
        table = read_station_table()
        self.responder = _ArchiveKeepingResponder(spec=spec, stations=table, archive_only=archive_only_stations(table),
                                           extra_listing=json.loads(OTHER_RIVERS_LISTING.read_text(encoding="utf-8")),
                                           link_base="https://opendata-download-hydroobs.smhi.se/api/version/1.0")

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> FakeSmhiServer:
        self._httpd = ThreadingHTTPServer((self.host, self._port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-smhi", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeSmhiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def hydroobs_url(self) -> str:
        return self.base_url + HYDROOBS_PREFIX

    @property
    def warnings_url(self) -> str:
        """Base of the SMHI warnings API as settings expect it (``.../ibww/api/version/1``)."""
        return self.base_url + WARNINGS_PREFIX + "/ibww/api/version/1"

    # ------------------------------------------------------------------ control
    def now(self) -> datetime:
        return self._fixed_now or datetime.now(timezone.utc)

    def set_now(self, now: datetime | None) -> None:
        with self._lock:
            self._fixed_now = now
            self._build_responder()

    def set_fault(self, fault: Fault, station: str | None = None) -> None:
        key = station or GLOBAL
        with self._lock:
            self._faults[key] = fault
            self._fault_uses[key] = 0
            self._sync_station_sets()
            self._recovered = threading.Event()

    def clear_faults(self) -> None:
        """No more faults; answers still held back by a delay are sent now."""
        with self._lock:
            self._faults.clear()
            self._fault_uses.clear()
            self._sync_station_sets()
            self._recovered.set()

    def set_latest_discharge(self, station: str, m3s: float) -> None:
        """Scale the station's recent series so its latest value is ``m3s`` [m³/s]."""
        with self._lock:
            self.responder.latest_override[str(station)] = float(m3s)

    def latest_discharge(self, station: str) -> float | None:
        """The latest discharge set for ``station`` with :meth:`set_latest_discharge` [m³/s], or None."""
        with self._lock:
            return self.responder.latest_override.get(str(station))

    def set_response(self, path: str, body: bytes | str, status: int = 200,
                     content_type: str = "application/json;charset=UTF-8") -> None:
        """Answer ``path`` (full path, e.g. ``/warnings/ibww/api/version/1/warning.json``) with ``body``."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self._overrides[path] = (status, content_type, data)

    def set_warnings_root(self, root: Path | None = None) -> None:
        """Serve another fixture tree under ``/warnings`` (``None``: the default tree)."""
        with self._lock:
            self.fixtures_root = root or self._default_fixtures_root

    def reset(self) -> None:
        with self._lock:
            self.fixtures_root = self._default_fixtures_root
            self._faults.clear()
            self._fault_uses.clear()
            self._overrides.clear()
            self.responder.latest_override.clear()
            self.requests.clear()
            self._sync_station_sets()
            self._recovered.set()

    def request_count(self, contains: str = "") -> int:
        with self._lock:
            return sum(1 for path in self.requests if contains in path)

    def _sync_station_sets(self) -> None:
        self.responder.removed = {s for s, f in self._faults.items() if s != GLOBAL and f.removed}
        self.responder.empty = {s for s, f in self._faults.items() if s != GLOBAL and f.empty}
        glob = self._faults.get(GLOBAL)
        if glob and glob.empty:
            self.responder.empty = set(self.responder.by_id)

    def _fault_for(self, path: str) -> Fault | None:
        station = _station_in_path(path)
        with self._lock:
            for key in ([station] if station else []) + [GLOBAL]:
                fault = self._faults.get(key)
                if fault is None:
                    continue
                if fault.times:
                    self._fault_uses[key] = self._fault_uses.get(key, 0) + 1
                    if self._fault_uses[key] > fault.times:
                        continue
                return fault
        return None

    def control(self, command: dict) -> dict:
        action = command.get("action")
        if action == "set_fault":
            self.set_fault(Fault(**command.get("fault", {})), command.get("station"))
        elif action == "clear_faults":
            self.clear_faults()
        elif action == "set_latest_discharge":
            self.set_latest_discharge(str(command["station"]), float(command["m3s"]))
        elif action == "set_now":
            self.set_now(datetime.fromisoformat(command["now"]) if command.get("now") else None)
        elif action == "set_warnings_variant":
            # a sub-tree of tests/fixtures/smhi/warnings/variants/<name>/, or null for the default tree
            name = command.get("variant")
            self.set_warnings_root(FIXTURES / "warnings" / "variants" / name if name else None)
        elif action == "reset":
            self.reset()
        elif action != "status":
            raise ValueError(f"unknown control action {action!r}")
        with self._lock:
            return {"requests": len(self.requests), "faults": {k: asdict(v) for k, v in self._faults.items()}}

    # ------------------------------------------------------------------ answering
    def answer(self, path: str) -> tuple[Rendered, dict[str, str], float, threading.Event]:
        """(response, extra headers, delay [s], the event that ends the delay early) for one GET of ``path``."""
        with self._lock:
            self.requests.append(path)
            override = self._overrides.get(path)
            recovered = self._recovered
        rendered, headers, delay = self._answer(path, override)
        return rendered, headers, delay, recovered

    def _answer(self, path: str, override: tuple[int, str, bytes] | None) -> tuple[Rendered, dict[str, str], float]:
        if override is not None:
            status, content_type, body = override
            return Rendered(status, content_type, body), {}, 0.0
        fault = self._fault_for(path) if path.startswith(HYDROOBS_PREFIX) else None
        delay = (fault.delay_ms / 1000.0) if fault else 0.0
        if fault and fault.status:
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            return Rendered(fault.status, "text/plain", b"Service Unavailable"), headers, delay
        if fault and fault.malformed:
            return Rendered(200, "application/json;charset=UTF-8", b'{"value": [ {"date": 1,'), {}, delay
        if path.startswith(HYDROOBS_PREFIX):
            with self._lock:
                return self.responder.respond(path[len(HYDROOBS_PREFIX):], self.now()), {}, delay
        if path.startswith(WARNINGS_PREFIX + "/"):
            relative = path[len(WARNINGS_PREFIX) + 1:]
            target = (self.fixtures_root / relative).resolve()
            if self.fixtures_root.resolve() in target.parents and target.is_file():
                kind = "application/json;charset=UTF-8" if target.suffix == ".json" else "text/plain"
                return Rendered(200, kind, target.read_bytes()), {}, 0.0
        return Rendered(404, "text/plain", b"Not Found"), {}, delay


def _handler_for(server: FakeSmhiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; without this, Nagle + delayed ACK add ~40 ms to each
        # keep-alive response, which would drown the latencies the benchmark measures.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            return None

        def _send(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            path = urlsplit(self.path).path
            if path == "/_control":
                body = json.dumps(server.control({"action": "status"})).encode()
                self._send(200, "application/json", body)
                return
            rendered, headers, delay, recovered = server.answer(path)
            if delay:
                recovered.wait(delay)  # held back, unless SMHI recovers meanwhile (faults cleared)
            self._send(rendered.status, rendered.content_type, rendered.body, headers)

        def do_POST(self) -> None:  # noqa: N802 - stdlib name
            if urlsplit(self.path).path != "/_control":
                self._send(404, "text/plain", b"Not Found")
                return
            length = int(self.headers.get("Content-Length") or 0)
            try:
                result = server.control(json.loads(self.rfile.read(length) or b"{}"))
            except (ValueError, KeyError, TypeError) as exc:
                self._send(400, "application/json", json.dumps({"error": str(exc)}).encode())
                return
            self._send(200, "application/json", json.dumps(result).encode())

    return Handler
