"""An idle meeting screen (``/mote?vy=presentation``): what its timers redraw, run as the browser's timers
ask for them (:mod:`tests.app_fragments`).

Each minute only the two boxes with clocks and ages are redrawn, and their clocks and ages move on; the
rest of the screen (three älvschemas, the river rows, the log's boxes) is drawn again only when what
it shows has changed. The event banner's tick every 10 s (the page's change check) draws nothing when
nothing happened and reruns the page when something did.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from streamlit.testing.v1 import AppTest

from access.person import local_person
from coordination.db import create_schema, make_engine, make_session_factory
from events.arrivals import ArrivalStore, read_arrival_table
from geodata.arrival import front_reach_km
from language.sv import format_clock
from owner_reports.model import ReportDraft
from owner_reports.store import OwnerReportStore
from settings import load_settings
from sources.exercise.clock import pause_clock, start_clock
from sources.exercise.scenarios import get_scenario_spec
from tests.app_fragments import delta_bytes, fragment_intervals_s, recorded_run
from tests.app_testing import APP_TEST_TIMEOUT_S, ENTRY_FILE, count_calls, start_dam_failure_exercise

#: A scenario moment on a quarter hour's first minute (the exercise's data are read per quarter hour) [UTC].
FIRST = get_scenario_spec("varflod").start_utc.replace(minute=0, second=0, microsecond=0) + timedelta(hours=6, minutes=1)


def _pause_clock_at(moment: datetime) -> None:
    """The shared scenario clock standing at ``moment`` [UTC] (as the exercise controls leave it)."""
    settings, real_now = load_settings(), datetime.now(UTC)
    start_clock(settings, moment, real_now)
    pause_clock(settings, real_now, default_start=moment)


def _open_screen() -> AppTest:
    at = AppTest.from_file(ENTRY_FILE, default_timeout=APP_TEST_TIMEOUT_S)
    at.run()
    at.switch_page("pages/mote.py")
    at.query_params["vy"] = "presentation"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _time_box(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "<h3>Datans tid</h3>" in m.value)


def _store_owner_report(reported_at: datetime) -> None:
    settings = load_settings()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    OwnerReportStore(make_session_factory(engine)).write_report(
        ReportDraft("Stornorrfors", reported_at, 1450, 850, 600), reporter=local_person("Anna Berg", "Vattenfall AB"),
        is_exercise=True, clock=reported_at)
    engine.dispose()


def test_an_idle_minute_redraws_the_clocks_alone_and_changed_data_the_whole_screen(monkeypatch):
    monkeypatch.setenv("ALVLAGET_PAGE_WAIT_S", "600")  # the first run waits for the statistics
    _pause_clock_at(FIRST)
    _store_owner_report(FIRST - timedelta(minutes=20))
    at = _open_screen()
    assert len(at.get("plotly_chart")) == 3
    assert f"Övningstid nu: kl. {format_clock(FIRST)}" in _time_box(at)
    assert "Stornorrfors: " in at.text[-1].value and "(20 minuter gammal)" in at.text[-1].value
    whole = delta_bytes(recorded_run(at))

    _pause_clock_at(FIRST + timedelta(minutes=1))  # a minute on: the same data, older
    sent = recorded_run(at, "_time_minute")
    assert not at.exception, [e.message for e in at.exception]
    assert not at.title and not at.get("plotly_chart")  # the page did not run again
    assert [m.value for m in at.markdown] == [_time_box(at)]
    assert f"Övningstid nu: kl. {format_clock(FIRST + timedelta(minutes=1))}" in _time_box(at)
    assert "Data från " in _time_box(at) and "Källor: övningsscenariot" in _time_box(at)
    assert delta_bytes(sent) < whole / 20
    recorded_run(at, "_owners_minute")
    assert not at.exception, [e.message for e in at.exception]
    assert not at.title and not at.get("plotly_chart")
    assert [t.value for t in at.text] == [at.text[0].value]
    assert "Stornorrfors: " in at.text[0].value and "(21 minuter gammal)" in at.text[0].value

    _pause_clock_at(FIRST + timedelta(hours=3))  # the data have moved on: the whole screen is drawn anew
    recorded_run(at, "_time_minute")
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Möte"
    assert len(at.get("plotly_chart")) == 3
    assert f"Övningstid nu: kl. {format_clock(FIRST + timedelta(hours=3))}" in _time_box(at)


def test_the_banner_tick_draws_nothing_when_nothing_changed_and_reruns_the_page_when_something_did(monkeypatch):
    monkeypatch.setenv("ALVLAGET_PAGE_WAIT_S", "600")
    _pause_clock_at(FIRST)
    at = _open_screen()
    # Every 10 s the banner's change check; every minute the data's time box; the owners' box only once
    # there is a report whose age moves on.
    assert fragment_intervals_s(at) == {"_banner": 10.0, "_time_minute": 60.0}
    recorded_run(at, "_banner")
    assert not at.exception, [e.message for e in at.exception]
    assert not at.title and not at.markdown and not at.get("plotly_chart")  # no event, nothing changed

    _store_owner_report(FIRST - timedelta(minutes=5))  # another session's report: the owners' counter moves
    recorded_run(at, "_banner")
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Möte"
    assert "Stornorrfors: " in at.text[-1].value and "(5 minuter gammal)" in at.text[-1].value
    assert fragment_intervals_s(at) == {"_banner": 10.0, "_owners_minute": 60.0, "_time_minute": 60.0}


def _minute_on_one_kilometre(failed_at: datetime, around_h: float) -> datetime:
    """The first whole second from ``around_h`` hours after the failure when the front (by the same arrival
    table the pages read) moves during the next minute but stays nearest the same kilometre [UTC]."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    dam = get_scenario_spec("dammbrott-angermanalven").dam_failures[0].dam_key
    table = read_arrival_table(ArrivalStore(make_session_factory(engine)), dam).table
    engine.dispose()
    for second in range(3600):
        hours = around_h + second / 3600
        now_km, later_km = (front_reach_km(table, h)[1] for h in (hours, hours + 1 / 60))
        if later_km > now_km and round(later_km) == round(now_km):
            return failed_at + timedelta(hours=hours)
    raise AssertionError("the front does not move within the hour")


def test_in_a_dam_failure_the_screens_share_one_schema_until_the_front_has_moved_a_kilometre(monkeypatch):
    """Laying out the failing river's schema takes about a second: every screen draws the same one while
    the front is nearest the same kilometre, however many screens refresh at different seconds."""
    import pages._shared.alvschema as component

    monkeypatch.setenv("ALVLAGET_PAGE_WAIT_S", "600")
    failed_at = start_dam_failure_exercise(monkeypatch, hours_after_failure=2)
    first_moment = _minute_on_one_kilometre(failed_at, 2)
    _pause_clock_at(first_moment)
    built = count_calls(monkeypatch, component, "build_schematic_figure")  # (river, stations) per build
    at = _open_screen()
    specs = [chart.proto.spec for chart in at.get("plotly_chart")]
    assert any("Flodvågen" in json.dumps(json.loads(spec), ensure_ascii=False) for spec in specs)  # the wave
    builds = len(built)

    _pause_clock_at(first_moment + timedelta(minutes=1))  # the front has moved, less than to the next kilometre
    recorded_run(at, "_time_minute")
    assert not at.exception, [e.message for e in at.exception]
    assert not at.title and not at.get("plotly_chart")  # the screen keeps its schemas
    other = _open_screen()  # another screen, a minute after the first was drawn
    assert len(built) == builds  # the same schemas, not laid out again
    assert [chart.proto.spec for chart in other.get("plotly_chart")] == specs

    _pause_clock_at(first_moment + timedelta(hours=1))  # the front (and the data) have come further: drawn anew
    recorded_run(at, "_time_minute")
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Möte" and len(at.get("plotly_chart")) == 3
    assert "Ångermanälven" in [args[0] for args in built[builds:]]
