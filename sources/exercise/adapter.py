"""A ``requests`` transport adapter that answers SMHI's hydroobs URLs from the exercise scenario.

Mounted on the session for the configured hydroobs base URL, it makes the scenario reachable
"through the same client": the getters and parsers in :mod:`sources.smhi_hydroobs` run unchanged. Each
response carries ``X-Alvlaget-Origin: exercise`` so metas say ``origin=EXERCISE``, ``source="ÖVNING"``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from geodata.stations import read_station_table
from settings import Settings
from sources.exercise.clock import read_clock
from sources.exercise.render import HydroobsResponder
from sources.exercise.scenarios import get_scenario_spec
from sources.http import ORIGIN_HEADER, USER_AGENT


class ExerciseAdapter(BaseAdapter):
    """Serves ``base_url``'s paths from a :class:`HydroobsResponder` at ``now_fn()`` (scenario time)."""

    def __init__(self, base_url: str, responder: HydroobsResponder, now_fn: Callable[[], datetime]) -> None:
        super().__init__()
        self.base_path = urlsplit(base_url).path.rstrip("/")
        self.responder = responder
        self.now_fn = now_fn

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # type: ignore[override]
        path = urlsplit(request.url).path
        relative = path[len(self.base_path):] if path.startswith(self.base_path) else path
        rendered = self.responder.respond(relative, self.now_fn())
        response = requests.Response()
        response.status_code = rendered.status
        response._content = rendered.body
        response.headers = CaseInsensitiveDict({"Content-Type": rendered.content_type, ORIGIN_HEADER: "exercise"})
        response.url = request.url
        response.request = request
        response.reason = "OK" if rendered.status == 200 else "Not Found"
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        return None


#: When no clock has been saved yet, open the scenario where something is happening: 11 days into the
#: spring flood (rising, a few days before the peaks); dam-failure scenarios open at the failure.
DEFAULT_ELAPSED = timedelta(days=11)


def default_scenario_start(settings: Settings) -> datetime:
    """The scenario time a fresh clock starts at [UTC]."""
    spec = get_scenario_spec(settings.scenario)
    return spec.start_utc + (spec.dam_failures[0].after_start if spec.dam_failures else DEFAULT_ELAPSED)


def scenario_now(settings: Settings, real_now: datetime | None = None) -> datetime:
    """The shared scenario clock's time for the configured scenario [UTC]."""
    real_now = real_now or datetime.now(timezone.utc)
    clock = read_clock(settings, default_start=default_scenario_start(settings), real_now=real_now)
    return clock.scenario_now(real_now)


def build_exercise_session(settings: Settings, *, now_fn: Callable[[], datetime] | None = None) -> requests.Session:
    """A session whose hydroobs base URL is answered by the configured exercise scenario (no cache)."""
    spec = get_scenario_spec(settings.scenario)
    responder = HydroobsResponder(spec=spec, stations=read_station_table(), link_base=settings.smhi_hydroobs_url)
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.mount(settings.smhi_hydroobs_url + "/", ExerciseAdapter(
        settings.smhi_hydroobs_url, responder, now_fn or (lambda: scenario_now(settings))))
    return session


def exercise_archive_versions(settings: Settings, station_ids: Iterable[str]) -> dict[str, str]:
    """Station id → the name of the corrected archive the exercise gives it (see
    :meth:`HydroobsResponder.archive_version`), without generating it; stations the exercise does not
    know are left out. Statistics stored under these names need no archive at all on a later start."""
    responder = HydroobsResponder(spec=get_scenario_spec(settings.scenario), stations=read_station_table(),
                                  link_base=settings.smhi_hydroobs_url)
    return {sid: responder.archive_version(sid) for sid in station_ids if sid in responder.by_id}
