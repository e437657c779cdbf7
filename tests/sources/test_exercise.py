"""Exercise scenarios: the clock's arithmetic, SMHI-format payloads read by the same parsers,
and the scenarios' promised shapes (bands reached, wave timing, archive statistics)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from coordination.db import make_engine
from geodata.stations import read_station_table
from settings import load_settings
from sources.exercise.clock import (
    ClockError,
    ScenarioClock,
    pause_clock,
    read_clock,
    resume_clock,
    set_clock_speed,
    start_clock,
)
from sources.exercise.render import HydroobsResponder
from sources.exercise.scenarios import (
    SCENARIOS,
    build_station_models,
    dam_failure_arrivals,
    gumbel_quantile,
    scenario_discharge,
    synthetic_archive,
)
from sources.smhi_hydroobs import (
    parse_archive_csv,
    parse_observations,
    parse_station_listing,
    parse_station_set_latest,
)

T0 = datetime(2026, 5, 19, 10, 0, tzinfo=timezone.utc)


def test_clock_runs_at_speed_pauses_and_resumes():
    clock = ScenarioClock(scenario_anchor=datetime(2026, 5, 8, 4, tzinfo=timezone.utc), real_anchor=T0, speed=60)
    assert clock.scenario_now(T0 + timedelta(minutes=2)) == datetime(2026, 5, 8, 6, tzinfo=timezone.utc)
    paused = clock.paused_at(T0 + timedelta(minutes=1))
    assert paused.scenario_now(T0 + timedelta(hours=5)) == datetime(2026, 5, 8, 5, tzinfo=timezone.utc)
    resumed = paused.resumed_at(T0 + timedelta(hours=5))
    assert resumed.scenario_now(T0 + timedelta(hours=5, minutes=1)) == datetime(2026, 5, 8, 6, tzinfo=timezone.utc)
    slower = resumed.with_speed(1, T0 + timedelta(hours=5, minutes=1))
    assert slower.scenario_now(T0 + timedelta(hours=6, minutes=1)) == datetime(2026, 5, 8, 7, tzinfo=timezone.utc)


def test_clock_rejects_naive_times_and_non_positive_speed():
    with pytest.raises(ClockError, match="timezone-aware"):
        ScenarioClock(scenario_anchor=datetime(2026, 5, 8), real_anchor=T0)
    with pytest.raises(ClockError, match="speed"):
        ScenarioClock(scenario_anchor=T0, real_anchor=T0, speed=0)


def test_clock_is_shared_between_readers(tmp_path):
    settings = load_settings({"ALVLAGET_DATA_DIR": str(tmp_path / "data")})
    start = datetime(2026, 5, 8, 4, tzinfo=timezone.utc)
    start_clock(settings, start, T0, speed=10)
    set_clock_speed(settings, 20, T0 + timedelta(minutes=6), default_start=start)  # scenario +1 h
    pause_clock(settings, T0 + timedelta(minutes=9), default_start=start)  # scenario +1 h +1 h
    clock = read_clock(settings, default_start=start, real_now=T0 + timedelta(hours=3))
    assert clock.paused and clock.speed == 20
    assert clock.scenario_now(T0 + timedelta(hours=3)) == datetime(2026, 5, 8, 6, tzinfo=timezone.utc)
    resumed = resume_clock(settings, T0 + timedelta(hours=3), default_start=start)
    assert resumed.scenario_now(T0 + timedelta(hours=3, minutes=3)) == datetime(2026, 5, 8, 7, tzinfo=timezone.utc)
    # Another server reads the database with an engine of its own; nothing lives in the data folder but it.
    other_server = make_engine(settings.database_url)
    with other_server.connect() as connection:
        saved = connection.execute(text("SELECT value FROM shared_values WHERE key = 'scenario_clock'")).scalar()
    other_server.dispose()
    assert json.loads(saved)["speed"] == 20
    assert [p.name for p in (tmp_path / "data").iterdir() if not p.name.startswith("alvlaget.sqlite")] == []


@pytest.fixture(scope="module")
def responder():
    return HydroobsResponder(spec=SCENARIOS["varflod"], stations=read_station_table())


def _body(rendered):
    assert rendered.status == 200
    return rendered.body


def test_scenario_payloads_parse_with_the_same_parsers(responder):
    now = SCENARIOS["varflod"].start_utc + timedelta(days=11, minutes=7)
    listing = parse_station_listing(json.loads(_body(responder.respond("/parameter/1.json", now))))
    assert len(listing) == len(responder.stations) and set(listing["catchment_name"]) == {"ÅNGERMANÄLVEN", "UMEÄLVEN", "SKELLEFTEÄLVEN"}
    quarter = parse_observations(json.loads(_body(
        responder.respond("/parameter/2/station/2238/period/latest-day/data.json", now))))
    assert len(quarter) == 96
    assert quarter["time_utc"].iloc[-1] == pd.Timestamp(now).floor("15min")  # nothing after scenario now
    daily = parse_observations(json.loads(_body(
        responder.respond("/parameter/1/station/2238/period/latest-months/data.json", now))))
    assert daily["time_utc"].iloc[-1] + pd.Timedelta(days=1) <= pd.Timestamp(now)
    assert (daily["time_utc"].dt.hour == 22).all()
    latest = parse_station_set_latest(json.loads(_body(
        responder.respond("/parameter/2/station-set/all/period/latest-hour/data.json", now))))
    assert len(latest) == len(responder.stations)
    archive = parse_archive_csv(_body(
        responder.respond("/parameter/1/station/2238/period/corrected-archive/data.csv", now)).decode("utf-8"))
    assert archive["date"].iloc[-1] == date(2026, 5, 7) and archive["date"].iloc[0] == date(1927, 1, 1)
    assert responder.respond("/parameter/1/station/12345/period/latest-day/data.json", now).status == 404


def test_gumbel_quantile_matches_the_formula():
    beta = np.sqrt(6) * 300 / np.pi
    expected = 1000 - 0.5772156649 * beta - beta * np.log(-np.log(0.9))
    assert gumbel_quantile(1000, 0.3, 10) == pytest.approx(expected)
    assert gumbel_quantile(1000, 0.3, 10) == pytest.approx(1391.4, abs=0.1)


def _peaks(spec_id: str) -> pd.DataFrame:
    spec = SCENARIOS[spec_id]
    table = read_station_table()
    models = build_station_models(spec, table)
    times = pd.date_range(spec.start_utc, spec.start_utc + pd.Timedelta(days=25), freq="1h")
    rows = []
    for sid, model in models.items():
        flow = scenario_discharge(spec, model, times)
        rows.append({"station_id": sid, "river": model.river, "peak": flow.max(),
                     "hq10": gumbel_quantile(model.mhq, model.cv, 10), "hq25": gumbel_quantile(model.mhq, model.cv, 25),
                     "hq45": gumbel_quantile(model.mhq, model.cv, 45), "hq2": gumbel_quantile(model.mhq, model.cv, 2),
                     "start": flow[0], "peak_day": np.argmax(flow) / 24})
    return pd.DataFrame(rows)


def test_varflod_reaches_10_to_25_year_flows_on_every_river_after_about_two_weeks():
    peaks = _peaks("varflod")
    in_band = peaks[(peaks["peak"] >= peaks["hq10"]) & (peaks["peak"] <= peaks["hq25"] * 1.03)]
    assert set(in_band["river"]) == {"Ångermanälven", "Umeälven", "Skellefteälven"}
    assert peaks["peak_day"].between(12, 16).all()
    assert (peaks["start"] < peaks["hq2"] / 2).all()


def test_umealven_50_reaches_about_a_50_year_flow_on_umealven_only():
    peaks = _peaks("umealven-50")
    ume = peaks[peaks["river"] == "Umeälven"]
    assert (ume["peak"] >= ume["hq45"]).all()
    assert (peaks[peaks["river"] != "Umeälven"]["peak"] < peaks[peaks["river"] != "Umeälven"]["hq10"]).all()


def test_dam_failure_wave_reaches_nyland_10_to_12_hours_later_and_spares_upstream():
    spec = SCENARIOS["dammbrott-angermanalven"]
    models = build_station_models(spec, read_station_table())
    arrivals = dam_failure_arrivals(spec, models).set_index("station_id")
    failure_at = spec.start_utc + spec.dam_failures[0].after_start
    hours = (arrivals["arrival_utc"] - failure_at).dt.total_seconds() / 3600
    assert list(arrivals.index) == ["1736", "2133", "OVN04"]
    assert 10 <= hours["OVN04"] <= 12
    assert arrivals["added_peak_m3s"].is_monotonic_decreasing  # attenuation downstream
    times = pd.date_range(failure_at - pd.Timedelta(hours=3), failure_at + pd.Timedelta(hours=30), freq="15min")
    nyland = scenario_discharge(spec, models["OVN04"], times)
    assert times[int(np.argmax(nyland))] - failure_at >= pd.Timedelta(hours=10)
    without = replace(spec, dam_failures=())
    np.testing.assert_array_equal(  # above the dam: no wave
        scenario_discharge(spec, models["OVN01"], times), scenario_discharge(without, models["OVN01"], times))
    assert nyland.max() > scenario_discharge(without, models["OVN04"], times).max() + 2000


def test_synthetic_archive_is_a_century_consistent_with_mq_and_mhq():
    archive = synthetic_archive("2238", 100.0, 850.0, 0.28, date(2026, 5, 7))
    years = pd.Series([d.year for d in archive["date"]])
    assert years.nunique() == 100
    assert archive["discharge_m3s"].mean() == pytest.approx(100.0, rel=0.05)
    annual_max = archive.groupby(years)["discharge_m3s"].max()
    assert annual_max.mean() == pytest.approx(850.0, rel=0.08)
    assert synthetic_archive("2238", 100.0, 850.0, 0.28, date(2026, 5, 7)) is archive  # cached, deterministic
