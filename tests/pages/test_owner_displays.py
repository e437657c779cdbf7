"""Owner reports wherever a river is shown: Läget's card, the presentation view, a new draft (AppTest).

The test environment runs the exercise, so a report made now is ÖVNING and a real one stays hidden.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from streamlit.testing.v1 import AppTest

from access.person import local_person
from coordination.db import create_schema, make_engine, make_session_factory
from owner_reports.model import PlannedDischarge, ReportDraft
from owner_reports.store import OwnerReportStore
from settings import load_settings
from sources.exercise.adapter import scenario_now
from tests.app_testing import ENTRY_FILE, run_page

NB = "\u00a0"


def _store_reports() -> None:
    settings = load_settings()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    store = OwnerReportStore(make_session_factory(engine))
    now = scenario_now(settings)
    anna = local_person("Anna Berg", "Vattenfall AB")
    store.write_report(
        ReportDraft("Stornorrfors", now - timedelta(hours=2), 1450, 850, 600,
                    planned=(PlannedDischarge(now + timedelta(hours=10), 1700),)),
        reporter=anna, is_exercise=True, clock=now,
    )
    # A real report must never appear in an exercise.
    store.write_report(ReportDraft("Pengfors", now - timedelta(hours=1), 999), reporter=anna, is_exercise=False, clock=now)


def _write_exercise_report(draft: Callable[[datetime], ReportDraft]) -> None:
    """Store ``draft(scenario now)`` as Anna Berg of Vattenfall AB, in the exercise."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    now = scenario_now(settings)
    OwnerReportStore(make_session_factory(engine)).write_report(
        draft(now), reporter=local_person("Anna Berg", "Vattenfall AB"), is_exercise=True, clock=now)
    engine.dispose()


def _texts(at) -> str:
    return "\n".join([t.value for t in at.text] + [m.value for m in at.markdown] + [c.value for c in at.caption])


def test_lage_card_shows_the_owner_report_with_time_age_and_marking():
    _store_reports()
    at = run_page("pages/lage.py")
    at.sidebar.selectbox(key="river").set_value("Umeälven").run()
    assert not at.exception, [e.message for e in at.exception]
    lines = [t.value for t in at.text if "Stornorrfors" in t.value]
    assert len(lines) == 1
    assert lines[0].startswith("Stornorrfors: ÖVNING: Enligt Vattenfall AB kl. ")
    assert lines[0].endswith(f": 1{NB}450 m³/s, varav 600 m³/s genom utskov (2 timmar gammal)")
    assert "Pengfors" not in _texts(at)


def test_presentation_view_lists_owner_reports(monkeypatch, tmp_path):
    _store_reports()
    at = AppTest.from_file(ENTRY_FILE, default_timeout=300)
    at.run()
    at.switch_page("pages/mote.py")
    at.query_params["vy"] = "presentation"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "### Ägarrapporter" in [m.value for m in at.markdown]
    block = next(t.value for t in at.text if "Stornorrfors" in t.value)
    assert "Enligt Vattenfall AB kl. " in block and "(2 timmar gammal)" in block
    assert "Pengfors" not in block


def test_a_new_draft_quotes_the_owner_report():
    _store_reports()
    at = run_page("pages/meddelanden.py")
    at.sidebar.selectbox(key="river").set_value("Umeälven").run()
    at.text_input(key="msg_user").input("Anna Berg").run()
    at.selectbox(key="msg_kind").set_value("lagesbild").run()
    at.button(key="msg_new").click().run()
    assert not at.exception, [e.message for e in at.exception]
    body = at.text_area(key="msg_body_sv_1").value
    assert "3. Dammar och tappning\n- Stornorrfors: Enligt Vattenfall AB " in body
    assert f": 1{NB}450 m³/s, varav 600 m³/s genom utskov (källa: ÖVNING).\n" in body
    assert "Pengfors" not in body


def test_floden_shows_the_owner_table_and_series_with_a_dashed_plan():
    _store_reports()
    at = AppTest.from_file(ENTRY_FILE, default_timeout=300)
    at.query_params["alv"] = "Umeälven"  # from the start, so the hydrograph's default station is Umeälven's
    at.run()
    at.switch_page("pages/floden.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    table = next(d.value for d in at.dataframe if "Kraftverk" in d.value.columns)
    row = table.iloc[0]
    assert (row["Kraftverk"], row["Tappning [m³/s]"], row["Källa"], row["Ålder"], row["Aktuell"]) == (
        "Stornorrfors", 1450, "ÖVNING: Vattenfall AB", "2 timmar gammal", "aktuell",
    )
    assert "Pengfors" not in set(table["Kraftverk"])
    assert at.multiselect(key="hydro-plants").value == ["Stornorrfors"]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    owner = [t for t in spec["data"] if "Stornorrfors" in t["name"]]
    assert [t["name"].split(" (")[0] for t in owner] == [
        "ÖVNING: Stornorrfors – Vattenfall AB", "ÖVNING: Stornorrfors – planerad tappning enligt Vattenfall AB",
    ]
    assert owner[0]["name"].endswith(", 2 timmar gammal)")
    assert owner[1]["line"]["dash"] == "dash"
    assert owner[1]["y"] == [1450, 1700]


def test_karta_colours_the_plant_by_its_reported_discharge():
    _store_reports()
    at = AppTest.from_file(ENTRY_FILE, default_timeout=300)
    at.query_params["alv"] = "Umeälven"
    at.run()
    at.switch_page("pages/karta.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    owner = [t for t in spec["data"] if t.get("name", "").startswith("Ägarrapport: ")]
    assert len(owner) == 1
    assert owner[0]["customdata"] == ["Stornorrfors"]
    hover = owner[0]["hovertext"][0]
    assert hover.startswith("<b>Stornorrfors</b> – ägarrapport<br>ÖVNING: Enligt Vattenfall AB kl. ")
    assert "<br>2 timmar gammal<br>" in hover
    assert "jämfört med " in hover and ", huvudfåran)" in hover


def test_karta_uses_the_short_stale_limit_on_a_river_with_a_warning_in_force(monkeypatch, fake_smhi):
    """8 hours old: stale on Ångermanälven (orange SMHI warning: 6 h), current on Skellefteälven (none: 24 h)."""
    monkeypatch.setenv("ALVLAGET_MODE", "live")
    monkeypatch.setenv("ALVLAGET_SMHI_HYDROOBS_URL", fake_smhi.hydroobs_url)
    monkeypatch.setenv("ALVLAGET_SMHI_WARNINGS_URL", fake_smhi.warnings_url)
    settings = load_settings()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    store = OwnerReportStore(make_session_factory(engine))
    now = datetime.now(UTC)
    for plant, owner in (("Sollefteåforsen", "Sollefteåforsens AB"), ("Kvistforsen", "Statkraft")):
        store.write_report(ReportDraft(plant, now - timedelta(hours=8), 300),
                           reporter=local_person("Anna Berg", owner), is_exercise=False, clock=now)
    at = run_page("pages/karta.py")
    assert not at.exception, [e.message for e in at.exception]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    owner = {t["customdata"][0]: t for t in spec["data"] if t.get("name", "").startswith("Ägarrapport: ")}
    assert set(owner) == {"Sollefteåforsen", "Kvistforsen"}
    stale, current = owner["Sollefteåforsen"], owner["Kvistforsen"]
    assert stale["name"] == "Ägarrapport: INAKTUELL" and stale["marker"]["color"] == "#9AA5B1"
    assert "<br>8 timmar gammal – INAKTUELL<br>" in stale["hovertext"][0]
    assert current["name"] != "Ägarrapport: INAKTUELL" and current["marker"]["color"] != "#9AA5B1"
    assert "<br>8 timmar gammal<br>" in current["hovertext"][0]


def test_an_owners_large_spill_decides_the_rivers_headline():
    """Issue 10 §3: reported spill above the threshold is one of the inputs of a river's headline."""
    _write_exercise_report(lambda now: ReportDraft("Stornorrfors", now - timedelta(minutes=30), 6000, 1000, 5000))
    at = run_page("pages/lage.py")
    at.sidebar.selectbox(key="river").set_value("Umeälven").run()
    assert not at.exception, [e.message for e in at.exception]
    deciding = [m.value for m in at.markdown if "Avgör" in m.value]
    assert len(deciding) == 1 and "Stornorrfors enligt Vattenfall AB" in deciding[0], deciding
    assert "genom utskov" in deciding[0], deciding


def test_the_level_against_the_owners_limits_is_shown_on_karta_and_lage():
    _write_exercise_report(lambda now: ReportDraft("Stornorrfors", now - timedelta(hours=1), 1450, upstream_level_m=74.2,
                                                   damningsgrans_m=75.0, sankningsgrans_m=71.5))
    level = "74,20 m ö.h., 0,80 m under dämningsgräns (75,00), 2,70 m över sänkningsgräns (71,50)"
    at = AppTest.from_file(ENTRY_FILE, default_timeout=300)
    at.query_params["alv"] = "Umeälven"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    line = next(t.value for t in at.text if t.value.startswith("Stornorrfors: ÖVNING: Enligt Vattenfall AB"))
    assert line.endswith(f"· vattenyta {level}")
    at.switch_page("pages/karta.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    owner = [t for t in spec["data"] if t.get("name", "").startswith("Ägarrapport: ")]
    assert owner[0]["hovertext"][0].endswith(f"<br>Vattenyta {level}")
