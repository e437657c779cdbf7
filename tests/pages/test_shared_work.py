"""Compute once, share with all (issue 14): what one page run or one session built is not built again by
the next session while the data are the same, and one page run reads the events and the owners' reports
once, not once per part of the page. Real builds and real queries are counted by wrapping (not
replacing) the functions that do them; a change of the data (a declared event, an owner report) is seen
by the next run."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from settings import load_settings
from tests.app_testing import count_calls, run_page
from tests.data_folders import seed_statistics_database


@pytest.fixture
def still_data(monkeypatch, tmp_path_factory, tmp_path, statistics_template):
    """Exercise data that stay the same between runs: pages wait for the statistics (kept ones, as the
    data folder's database holds), the scenario clock is paused; one database shared by the sessions (as
    on one server)."""
    from sources.exercise.clock import pause_clock
    from sources.exercise.scenarios import get_scenario_spec

    seed_statistics_database(statistics_template, tmp_path / "db.sqlite")
    monkeypatch.setenv("ALVLAGET_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    monkeypatch.setenv("ALVLAGET_PAGE_WAIT_S", "600")
    pause_clock(load_settings(), datetime.now(UTC), default_start=get_scenario_spec("varflod").start_utc)


def test_a_second_laget_session_builds_no_week_hydrograph(monkeypatch, still_data):
    import pages._shared.river_glance as glance

    built = count_calls(monkeypatch, glance, "build_week_hydrograph")
    first = run_page("pages/lage.py")
    assert not first.exception, [e.message for e in first.exception]
    assert len(built) == 3  # one key figure per river
    second = run_page("pages/lage.py")  # another viewer on the same server
    assert not second.exception, [e.message for e in second.exception]
    assert len(built) == 3
    assert [c.proto.spec for c in second.get("plotly_chart")] == [c.proto.spec for c in first.get("plotly_chart")]


def test_one_laget_run_reads_events_and_owner_reports_once(monkeypatch, still_data):
    from events.repository import EventStore
    from owner_reports.store import OwnerReportStore

    at = run_page("pages/lage.py")
    assert not at.exception, [e.message for e in at.exception]
    listed = count_calls(monkeypatch, EventStore, "list_events")
    latest = count_calls(monkeypatch, OwnerReportStore, "read_latest")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(listed) == 1  # banner, headline and cards asked; one query
    # The reports are kept per server until the owners' change counter moves: nothing stored, nothing read.
    assert len(latest) == 0
    run_page("pages/lage.py")  # another viewer on the same server: the same
    assert len(latest) == 0


def test_a_second_laget_session_places_no_stations_for_the_line_under_the_schema(monkeypatch, still_data):
    import pages._shared.river_glance as glance

    built = count_calls(monkeypatch, glance, "mouth_places_line")
    first = run_page("pages/lage.py")
    assert not first.exception, [e.message for e in first.exception]
    assert len(built) == 3  # one line per river
    second = run_page("pages/lage.py")  # another viewer on the same server
    assert not second.exception, [e.message for e in second.exception]
    assert len(built) == 3
    lines = [c.value for c in second.caption if "Närmast havet" in c.value]
    assert len(lines) == 3 and lines == [c.value for c in first.caption if "Närmast havet" in c.value]


def test_a_report_stored_between_runs_is_shown_by_the_next_run(monkeypatch, still_data):
    from access.person import local_person
    from owner_reports.model import ReportDraft
    from owner_reports.store import OwnerReportStore
    from pages._shared.owner_panel import owner_store
    from sources.exercise.adapter import scenario_now

    at = run_page("pages/lage.py")
    assert not at.exception, [e.message for e in at.exception]
    assert not any("Stornorrfors" in t.value for t in at.text)
    latest = count_calls(monkeypatch, OwnerReportStore, "read_latest")
    settings = load_settings()
    now = scenario_now(settings)
    owner_store(settings).write_report(ReportDraft("Stornorrfors", now, 1450), reporter=local_person("Anna Berg", "Vattenfall AB"),
                                       is_exercise=True, clock=now)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(t.value.startswith("Stornorrfors: ÖVNING: Enligt Vattenfall AB") and "1\u00a0450 m³/s" in t.value
               for t in at.text)
    # The stored report moved the owners' counter: read again, once per set of rivers asked (all three for
    # the headline, then one per card), and not again by another viewer while nothing more is stored.
    assert len(latest) == 4
    run_page("pages/lage.py")
    assert len(latest) == 4


@pytest.mark.parametrize(("page", "module", "builder"), [
    ("pages/karta.py", "pages._shared.map_view", "build_map_figure"),
    ("pages/floden.py", "pages._shared.hydrograph_view", "build_hydrograph"),
])
def test_a_second_session_builds_no_map_or_hydrograph(monkeypatch, still_data, page, module, builder):
    import importlib

    built = count_calls(monkeypatch, importlib.import_module(module), builder)
    first = run_page(page)
    assert not first.exception, [e.message for e in first.exception]
    assert len(built) == 1
    second = run_page(page)  # another viewer on the same server, the same choices
    assert not second.exception, [e.message for e in second.exception]
    assert len(built) == 1
    assert [c.proto.spec for c in second.get("plotly_chart")] == [c.proto.spec for c in first.get("plotly_chart")]
