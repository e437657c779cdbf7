"""Läget through dashboard.py against the fake SMHI server, flows placed in chosen statistical bands."""

from __future__ import annotations

import re

import pytest
import streamlit as st

from geodata.stations import read_station_table
from hydrology.statistics import compute_statistics
from hydrology.status import classify_flow
from pages._shared.plain import plain_md
from settings import load_settings
from sources.river_data import get_station_archive
from tests.app_testing import run_page, start_dam_failure_exercise
from tests.fake_smhi.server import archive_only_stations

# Real SMHI stations of each river with recent values in the fake server (geodata/stations.csv; the
# power-station gauges serve their archive only, as SMHI does).
_TABLE = read_station_table()
_ARCHIVE_ONLY = archive_only_stations(_TABLE)
RIVER_STATIONS = {
    river: tuple(sid for sid in group.loc[~group["exercise_only"], "station_id"] if sid not in _ARCHIVE_ONLY)
    for river, group in _TABLE.groupby("river")
}
NO_MAIN_STEM = "Ingen station på huvudfåran har aktuella värden från SMHI – se ägarnas rapporter"


def _band_flow(stats, band: str) -> float:
    """A flow inside ``band`` for a station [m³/s]: midway between the band's edges."""
    edges = {
        "Under MQ": (0.5 * stats.mq_m3s, stats.mq_m3s),
        "Normalt": (stats.mq_m3s, stats.mhq_m3s),
        "Över MHQ": (stats.mhq_m3s, stats.hq(5)),
        "≥ 10-årsflöde": (stats.hq(10), stats.hq(25)),
        "≥ 50-årsflöde": (stats.hq(50), stats.hq(100)),
    }[band]
    return (edges[0] + edges[1]) / 2


@pytest.fixture
def live_app(fake_smhi, monkeypatch):
    monkeypatch.setenv("ALVLAGET_MODE", "live")
    monkeypatch.setenv("ALVLAGET_SMHI_HYDROOBS_URL", fake_smhi.hydroobs_url)
    monkeypatch.setenv("ALVLAGET_SMHI_WARNINGS_URL", fake_smhi.warnings_url)
    # The cards are about the loaded data: wait for it rather than show the slow-SMHI fallback.
    monkeypatch.setenv("ALVLAGET_PAGE_WAIT_S", "120")
    return fake_smhi


def _place_flows(server, bands: dict[str, str]) -> None:
    settings = load_settings()
    ids = [sid for river in bands for sid in RIVER_STATIONS[river]]
    statistics = compute_statistics({sid: get_station_archive(sid, settings)[0] for sid in ids})
    for river, band in bands.items():
        for sid in RIVER_STATIONS[river]:
            flow = _band_flow(statistics[sid], band)
            assert classify_flow(flow, statistics[sid]).label_sv == band  # the band edges are what we think
            server.set_latest_discharge(sid, flow)


def _status_lines(at) -> list[str]:
    return [m.value.split(">", 1)[1].removesuffix("</div>") for m in at.markdown if m.value.startswith("<div style=")]


@pytest.fixture
def no_warnings(live_app, monkeypatch):
    monkeypatch.setenv("ALVLAGET_SMHI_WARNINGS_URL", live_app.base_url + "/warnings/variants/empty/ibww/api/version/1")
    return live_app


@pytest.mark.parametrize("band", ["≥ 50-årsflöde", "≥ 10-årsflöde", "Över MHQ", "Normalt", "Under MQ"])
def test_the_main_stem_band_is_the_headline_in_words_and_symbol(no_warnings, band):
    # Umeälven's Vindelälven gauges (Sorsele, Granåker) are SMHI's own; the other main stems are
    # power-station gauges without recent values, so nothing there decides.
    _place_flows(no_warnings, {"Umeälven": band})
    at = run_page("pages/lage.py")
    assert not at.exception, [e.message for e in at.exception]
    assert [s.value for s in at.subheader] == ["Ångermanälven", "Umeälven", "Skellefteälven"]
    symbols = {"≥ 50-årsflöde": "◆", "≥ 10-årsflöde": "⚠", "Under MQ": "▽", "Normalt": "●", "Över MHQ": "▲"}
    assert _status_lines(at) == ["? Okänd", f"{symbols[band]} {band}", "? Okänd"]
    decided = [m.value for m in at.markdown if m.value.startswith("**Avgör:**")]
    assert decided[0] == decided[2] == "**Avgör:** " + plain_md(NO_MAIN_STEM)
    assert decided[1].startswith("**Avgör:** Granåker")
    assert "Aktuella data från SMHI" in at.sidebar.success[0].value


def test_an_orange_warning_on_the_main_stem_makes_the_card_orange_over_normal_headwaters(live_app):
    _place_flows(live_app, {"Ångermanälven": "Normalt", "Umeälven": "Normalt", "Skellefteälven": "Normalt"})
    at = run_page("pages/lage.py")
    assert not at.exception, [e.message for e in at.exception]
    assert _status_lines(at)[0] == "⚠⚠ Orange varning"
    texts = [m.value for m in at.markdown]
    assert "**Avgör:** " + plain_md("Orange varning från SMHI: Ångermanälven nedströms Sollefteå") in texts
    assert not any("Normalt" in line for line in _status_lines(at)[:2])  # a warning is in force on both
    angerman = at.dataframe[0].value.set_index("Station")
    assert angerman.loc["Sollefteå", "Huvudfåra"] == "ja"
    for station in ("Malgomaj", "Lasele", "Sollefteå"):
        assert angerman.loc[station, "Status"] == "– SMHI publicerar inga aktuella värden här – se ägarens rapport"
    skelleftea = at.dataframe[2].value
    assert {"Kvistforsen", "Finnfors", "Storavan"} <= set(skelleftea["Station"])
    assert not {"Kåtaselet", "Byske"} & set(skelleftea["Station"])  # Byskeälven's, not Skellefteälven's


def test_smhi_warnings_and_kommuner_on_the_cards(live_app):
    _place_flows(live_app, {"Ångermanälven": "Normalt", "Umeälven": "Normalt", "Skellefteälven": "Normalt"})
    at = run_page("pages/lage.py")
    texts = [m.value for m in at.markdown]
    assert "**Varningar:**\n- ⚠⚠ **Orange varning** – Ångermanälven nedströms Sollefteå, från den 28 maj kl. 14.00" in texts
    assert "**Varningar:**\n- ⚠ **Gul varning** – Vindelälven, från den 28 maj kl. 08.00" in texts
    assert "**Varningar:** inga varningar för höga flöden från SMHI" in texts
    assert "**Berörda kommuner:** Sollefteå, Kramfors" in texts
    assert "**Berörda kommuner:** Sorsele, Lycksele, Vindeln" in texts
    assert "**Berörda kommuner:** inga enligt varningarna" in texts


def test_no_warnings_and_unreachable_warnings(live_app, monkeypatch):
    monkeypatch.setenv("ALVLAGET_SMHI_WARNINGS_URL", live_app.base_url + "/warnings/variants/empty/ibww/api/version/1")
    at = run_page("pages/lage.py")
    texts = [m.value for m in at.markdown]
    assert texts.count("**Varningar:** inga varningar för höga flöden från SMHI") == 3

    live_app.set_response("/warnings/ibww/api/version/1/warning.json", "busy", status=503)
    monkeypatch.setenv("ALVLAGET_SMHI_WARNINGS_URL", live_app.warnings_url)
    st.cache_data.clear()  # the page caches per river and mode; the URL changed under it
    at.run()
    assert [w.value for w in at.warning] == ["SMHI:s varningar kunde inte hämtas: SMHI svarar inte just nu (HTTP 503)."] * 3


def test_exercise_is_marked_once_and_on_each_figures_source():
    at = run_page("pages/lage.py")
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Ångermanälven", "Umeälven", "Skellefteälven"]
    assert [e.value for e in at.error if "ÖVNING" in e.value] == [
        "**ÖVNING** · Allt på sidan är övningsdata, inte verkliga flöden. Scenario: Vårflod i alla tre älvarna."
    ]
    sources = [c.value for c in at.caption if c.value.startswith("Vattenföring senaste 7 dygnen vid ")]
    assert len(sources) == 3
    assert all(c.endswith("Källa: ÖVNING – övningsscenariot, inte verkliga flöden.") for c in sources)
    # The scenario's time in running Swedish: a date, then "kl." (it once read "Övningstid kl. 19 maj 06.00").
    page_source = [c.value for c in at.caption if c.value.startswith("Källa: ÖVNING-scenario")]
    assert [re.sub(r"\d+ \w+ \d{4} kl\. \d\d\.\d\d", "<tid>", c) for c in page_source] == [
        "Källa: ÖVNING-scenario (inte verkliga flöden). Övningstid <tid>."]
    ages = [c.value for c in at.caption if c.value.startswith("Senaste mätvärde ")]
    assert len(ages) == 3 and all(re.match(r"Senaste mätvärde (kl\.|den \d+ \w+ kl\.) \d\d\.\d\d ", c) for c in ages)
    # A chart per river (the 7-day hydrograph) and its älvschema; no "… kan vänta sig denna ökning" lines.
    assert len(at.get("plotly_chart")) == 6
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("kan vänta sig" in t for t in texts)
    assert sum(t.startswith(("Tidiga tecken uppströms:", "Uppströms: inga")) for t in texts) == 3
    # Under each small schema the key places near the sea, readable without hovering (the card is narrow).
    captions = [c.value.replace("\\", "") for c in at.caption]  # shown as plain text: Markdown escaped
    mouths = [c for c in captions if c.startswith("Närmast havet: ")]
    assert len(mouths) == 3, mouths
    for line, places in zip(mouths, (("Nyland", "Kramfors"), ("Umeå", "Stornorrfors"),
                                     ("Skellefteå", "Kvistforsen")), strict=True):
        assert all(f" {place}" in line for place in places), line


def test_dam_failure_exercise_leads_with_the_event_and_gives_rises_per_hour(monkeypatch):
    start_dam_failure_exercise(monkeypatch, hours_after_failure=3)  # fails 9 May 16.00 UTC = 18.00 in Sweden
    at = run_page("pages/lage.py")
    assert not at.exception
    texts = " ".join(md.value for md in at.markdown)
    assert "ÖVNING · DAMMBROTT – Hällbydammen, kl. 18.00" in texts
    # 3 h after the failure: Gulsele (9 km, 0.4–0.9 h) reached, Edensforsen (35 km, 1.6–3.3 h) perhaps.
    assert "Nått: Sollefteå (kommungräns), Gulsele (damm)" in texts
    assert "Kan vara nått: Edensforsen (damm)" in texts
    # The river's headline is the dam failure, never "Normalt" from flows the wave has not yet reached.
    assert _status_lines(at)[0] == "✖ Dammbrott"
    assert any(md.value.startswith("**Avgör:** Dammbrott vid Hällbydammen") for md in at.markdown)
    clock = next(df.value for df in at.dataframe if "Fronten väntas" in df.value.columns)
    assert list(clock["Plats"])[-1] == "Härnösand"
    # On the failing river the wave's rise is never a percentage of a small base flow, nor "inom ett dygn".
    sentence = next(md.value for md in at.markdown if md.value.startswith("**Ångermanälven"))
    assert "per dygn" not in sentence and " m³/s per timme" in sentence
    card_tables = [df.value for df in at.dataframe if "Ändring (m³/s per timme)" in df.value.columns]
    assert len(card_tables) == 3  # every card gives rises in m³/s per hour, never % of a small base flow
