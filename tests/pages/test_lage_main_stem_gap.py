"""Läget in live mode where SMHI publishes nothing current on a main stem (Skellefteälven: every main-stem
gauge is a power station's): the card says so, names the owners to ask, keeps the warnings and the early
signs upstream, and never shows a status it does not have (fake SMHI in SMHI's formats, AppTest)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import streamlit as st

from access.person import local_person
from coordination.db import create_schema, make_engine, make_session_factory
from hydrology.statistics import compute_statistics
from owner_reports.model import ReportDraft
from owner_reports.plants import plants_on
from owner_reports.store import OwnerReportStore
from pages._shared.plain import plain_md
from settings import load_settings
from sources.river_data import get_station_archive
from tests.app_testing import run_page
from tests.fake_smhi.server import FIXTURES
from tests.pages.test_lage import RIVER_STATIONS, _band_flow, _status_lines, live_app  # noqa: F401  (fixture)

#: A warnings tree of this test's own (the default one is cached on disk under its URL by then).
WARNINGS_ROOT = "/warnings/variants/skelleftealven/ibww/api/version/1"


def _gap_box(at) -> str:
    """Skellefteälven's box. Ångermanälven's main-stem gauges are the owners' too (its own box); Umeälven's
    Vindelälven gauges are SMHI's, so it has none."""
    boxes = [i.value.replace("\\", "") for i in at.info if i.value.startswith("**Huvudfåran saknar aktuella värden.**")]
    assert len(boxes) == 2 and "(Malgomaj, Lasele och Sollefteå)" in boxes[0], boxes
    return boxes[1]


def _place_headwater_flows(server) -> None:
    """Strömfors (on Malån, the one Skellefteälven gauge SMHI publishes) over MHQ, Umeälven's gauges normal."""
    settings = load_settings()
    ids = [*RIVER_STATIONS["Skellefteälven"], *RIVER_STATIONS["Umeälven"]]
    statistics = compute_statistics({sid: get_station_archive(sid, settings)[0] for sid in ids})
    assert RIVER_STATIONS["Skellefteälven"] == ("1609",)
    server.set_latest_discharge("1609", _band_flow(statistics["1609"], "Över MHQ"))
    for sid in RIVER_STATIONS["Umeälven"]:
        server.set_latest_discharge(sid, _band_flow(statistics[sid], "Normalt"))


def _skelleftea_warning() -> str:
    """SMHI's warning.json with the yellow Vindelälven area moved to Skellefteälven."""
    events = json.loads((FIXTURES / "warnings" / "ibww" / "api" / "version" / "1" / "warning.json").read_text("utf-8"))
    for event in events:
        for area in event["warningAreas"]:
            if area["areaName"]["sv"] == "Vindelälven":
                area["areaName"] = {"sv": "Skellefteälven", "en": "River Skellefteälven"}
                area["area"] = None
                area["descriptions"] = []
    return json.dumps(events, ensure_ascii=False)


def test_skelleftealven_without_main_stem_values_says_why_whom_to_ask_and_what_upstream_shows(live_app, monkeypatch):  # noqa: F811
    _place_headwater_flows(live_app)
    at = run_page("pages/lage.py")
    assert not at.exception, [e.message for e in at.exception]
    # No fake status: the river with no main-stem figure and no warning stays unknown.
    assert _status_lines(at)[2] == "? Okänd"
    box = _gap_box(at)
    assert ("SMHI publicerar inga aktuella värden för huvudfårans mätstationer (Storavan, Finnfors och Kvistforsen): "
            "där är det dammägarna som vet flödet.") in box
    assert "Aktuella ägarrapporter saknas från huvudfårans kraftverk. Be ägarna rapportera på sidan Ägarrapporter:" in box
    # The owners come from the dam data: every main-stem plant's owner, e.g. Statkraft for Kvistforsen.
    for owner in {p.owner_main for p in plants_on("Skellefteälven") if p.stem == p.river}:
        assert owner in box
    assert "Statkraft (Kvistforsen)" in box and "Skellefteå Kraft (" in box
    # The early signs upstream are still said: Strömfors over MHQ.
    assert "Tidiga tecken uppströms: Strömfors: ▲ Över MHQ" in box
    assert "**Skellefteälven: inga aktuella mätvärden på huvudfåran.**" in [m.value for m in at.markdown]

    # An owner's current report on the main stem: named as there, its owner no longer asked for.
    settings = load_settings()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    now = datetime.now(UTC)
    OwnerReportStore(make_session_factory(engine)).write_report(
        ReportDraft("Kvistforsen", now - timedelta(hours=1), 310), reporter=local_person("Eva Lind", "Statkraft"),
        is_exercise=False, clock=now,
    )
    engine.dispose()
    # A warning on Skellefteälven itself decides the headline; the box still says the main stem is blind.
    live_app.set_response(f"{WARNINGS_ROOT}/warning.json", _skelleftea_warning())
    monkeypatch.setenv("ALVLAGET_SMHI_WARNINGS_URL", live_app.base_url + WARNINGS_ROOT)
    st.cache_data.clear()  # the page caches per river and mode; the URL changed under it
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert _status_lines(at)[2] == "⚠ Gul varning"
    texts = [m.value for m in at.markdown]
    assert "**Avgör:** " + plain_md("Gul varning från SMHI: Skellefteälven") in texts
    assert "**Varningar:**\n- ⚠ **Gul varning** – Skellefteälven, från den 28 maj kl. 08.00" in texts
    box = _gap_box(at)
    assert "Aktuella ägarrapporter finns för Kvistforsen (se Ägarrapporter nedan)." in box
    assert "Statkraft (Kvistforsen)" not in box and "Skellefteå Kraft (" in box
    assert "Tidiga tecken uppströms: Strömfors: ▲ Över MHQ" in box
    assert any(t.value.startswith("Kvistforsen: Enligt Statkraft kl. ") for t in at.text)
