"""AppTest of the Karta page through dashboard.py: map JSON, dam details, dam-failure table, import."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from events.timetext import clock_range_sv
from tests.app_testing import run_page, start_dam_failure_exercise


def _spec(at, index: int) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def test_karta_renders_offline_with_layers_and_legend():
    at = run_page("pages/karta.py")
    assert not at.exception
    assert at.title[0].value == "Karta"
    spec = _spec(at, 0)
    names = [trace.get("name") for trace in spec["data"]]
    assert {"Länsgräns", "Kommungräns", "Umeälven", "Vindelälven", "Vattenfall", "Statkraft"} <= set(names)
    # Stations carry their current status from the shared loaders: symbol and word in the legend.
    status_names = {n for n in names if n and n[:2] in {"▽ ", "● ", "▲ ", "⚠ ", "? "}}
    assert status_names, names
    assert "? status saknas" not in names
    # Every station's hover says when the value was measured and by whom (here: the exercise scenario).
    station_hovers = [h for t in spec["data"] if t.get("name") in status_names for h in t["hovertext"]]
    assert station_hovers and all("<br>Mätt kl. " in h and h.endswith("sedan), källa ÖVNING") for h in station_hovers)
    assert spec["layout"]["map"]["style"] == "white-bg"
    stornorrfors = next(t for t in spec["data"] if t.get("name") == "Vattenfall")
    hover = stornorrfors["hovertext"][stornorrfors["customdata"].index("Stornorrfors")]
    assert "Ägare: Vattenfall 75 % / Umeå kommun 25 %" in hover and "Effekt: 599 MW" in hover


def test_choosing_a_dam_shows_its_details():
    at = run_page("pages/karta.py")
    at.selectbox(key="karta_dam").select("Harrsele").run()
    assert not at.exception
    assert any(sub.value == "Harrsele" for sub in at.subheader)
    assert any("Statkraft 50,57 % / Holmen 49,43 %" in md.value for md in at.markdown)


def test_background_checkbox_switches_to_tiles():
    at = run_page("pages/karta.py")
    at.checkbox(key="karta_background").check().run()
    assert _spec(at, 0)["layout"]["map"]["style"] == "open-street-map"


def test_dam_failure_shows_cascade_kommuner_and_arrival_table():
    at = run_page("pages/karta.py")
    at.selectbox(key="dammbrott_dam").select("Harrsele").run()
    assert not at.exception
    frames = [df.value for df in at.dataframe]
    cascade = next(f for f in frames if "Damm" in f.columns)
    assert list(cascade["Damm"]) == ["Pengfors", "Stornorrfors"]
    kommuner = next(f for f in frames if "Kommun" in f.columns and "Län" in f.columns)
    assert list(kommuner["Kommun"]) == ["Vännäs", "Umeå"]
    arrival = next(f for f in frames if "Fronten efter brott" in f.columns)
    assert set(arrival["Uppgiftens art"]) == {"grov uppskattning"}
    assert "Umeå" in set(arrival["Plats"])
    assert any("Grov uppskattning" in w.value for w in at.warning)
    highlight = [t for t in _spec(at, 1)["data"] if t.get("name") == "Nedströms Harrsele"]
    assert len(highlight) == 1


def test_dam_failure_says_what_is_unsure_about_the_failing_dam_and_the_owners_below():
    at = run_page("pages/karta.py")
    at.selectbox(key="dammbrott_dam").select("Lövön").run()
    assert not at.exception
    assert "Osäkra uppgifter: Källorna är oense om ägaren: Uniper (visas, senast belagd) eller Statkraft. " \
        "Annan källa anger 36 MW. Annan uppgift om effekt: anzelius/CapacityExpansionHeuristics " \
        "Ångermanälven/plantinfo.jl and network.jl (reported capacity; cascade)." in [w.value for w in at.warning]
    assert "Dammar nedströms med osäker ägare (se Om data): Ägaren är härledd, inte bekräftad: Edsele, " \
        "Forsse." in [c.value for c in at.caption]
    # In the cascade table itself an owner no source confirms is marked in its cell, never shown bare.
    cascade = next(df.value for df in at.dataframe if "Damm" in df.value.columns).set_index("Damm")
    assert cascade.loc[["Ramsele", "Edsele", "Forsse"], "Ägare"].tolist() == [
        "Uniper", "Uniper (härledd)", "Uniper (härledd)"]


def test_a_regulation_dam_without_a_known_position_fails_down_its_cascade():
    at = run_page("pages/karta.py")
    at.selectbox(key="dammbrott_dam").select("Vojmsjön").run()
    assert not at.exception
    cascade = next(df.value for df in at.dataframe if "Damm" in df.value.columns)
    assert list(cascade["Damm"])[:2] == ["Volgsjöfors", "Stenkullafors"]
    assert "Osäkra uppgifter: Ingen källa för ägaren har hittats. Läget är uppskattat." in [w.value for w in at.warning]
    # Vojmån, which the wave runs down first, is drawn on the map.
    assert "Vojmån" in {t.get("name") for t in _spec(at, 0)["data"]}


def test_only_the_chosen_river_is_shown(monkeypatch):
    at = run_page("pages/karta.py")
    at.selectbox(key="river").select("Skellefteälven").run()
    names = {t.get("name") for t in _spec(at, 0)["data"]}
    assert "Skellefteälven" in names and "Umeälven" not in names
    assert "Kvistforsen" in at.selectbox(key="dammbrott_dam").options


def test_a_declared_dam_failure_opens_the_map_on_the_dam_with_the_wave_front(monkeypatch):
    failed_at = start_dam_failure_exercise(monkeypatch, hours_after_failure=6)
    at = run_page("pages/karta.py")
    assert not at.exception
    assert at.selectbox(key="dammbrott_dam").value == "Hällby"
    specs = [_spec(at, i) for i in range(len(at.get("plotly_chart")))]
    spec = next(s for s in specs if any(t.get("name") == "Nedströms Hällby" for t in s["data"]))
    names = [t.get("name") for t in spec["data"]]
    front = next(n for n in names if n and n.startswith("Flodvågens front nu"))
    assert front == "Flodvågens front nu (62–127 km)"  # 6 h at the table's slowest and fastest speed
    assert spec["layout"]["map"]["center"] == {"lat": 63.8792, "lon": 17.2199}
    clock = next(df.value for df in at.dataframe if "Fronten väntas" in df.value.columns).set_index("Plats")
    assert clock.loc["Nyland", "Fronten väntas"] == clock_range_sv(failed_at + timedelta(hours=7.692308),
                                                                   failed_at + timedelta(hours=15.6),
                                                                   failed_at + timedelta(hours=6))
    assert "DAMMBROTT – Hällbydammen" in " ".join(md.value for md in at.markdown)


def test_only_the_open_tab_is_built():
    at = run_page("pages/karta.py")
    assert len(at.get("plotly_chart")) == 1  # the map alone: the profile tab is not open
    assert _spec(at, 0)["layout"]["map"]["style"] == "white-bg"
    at.query_params["flik"] = "Älvprofil"
    at.run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 1 and "map" not in json.loads(charts[0].proto.spec)["layout"]  # the profile alone


def _hours(text: str) -> tuple[int, int]:
    """``"10–16 h"`` → (10, 16), ``"11 h"`` → (11, 11), ``"under 1 h"`` → (0, 0)."""
    if text == "under 1 h":
        return 0, 0
    low, _, high = text.removesuffix(" h").partition("–")
    return int(low), int(high or low)


def test_the_arrival_table_is_monotone_downstream_with_an_owners_figure_in_it():
    """Owner data for Nyland only (10–12 h): the estimated town of Kramfors below it is no longer earlier."""
    from datetime import UTC, datetime

    from access.person import local_person
    from coordination.db import create_schema, make_engine, make_session_factory
    from events.arrivals import ArrivalStore
    from settings import load_settings

    engine = make_engine(load_settings().database_url)
    create_schema(engine)
    ArrivalStore(make_session_factory(engine)).import_owner_file(
        "damm;plats;typ;ankomst_h;topp_h;kalla\nHällbydammen;Nyland;ort;10–12;13–15;Uniper dammbrottsutredning\n"
        .encode(), filename="hallby.csv", author=local_person("Karin Ek", "Uniper"), now=datetime.now(UTC))
    at = run_page("pages/karta.py")
    at.selectbox(key="dammbrott_dam").select("Hällby").run()
    assert not at.exception, [e.message for e in at.exception]
    arrival = next(df.value for df in at.dataframe if "Fronten efter brott" in df.value.columns)
    assert list(arrival["Avstånd längs älven (km)"]) == sorted(arrival["Avstånd längs älven (km)"])
    for column in ("Fronten efter brott", "Toppen efter brott"):
        spans = [_hours(text.removesuffix(" (antagande)")) for text in arrival[column]]
        assert [low for low, _ in spans] == sorted(low for low, _ in spans), column
        assert [high for _, high in spans] == sorted(high for _, high in spans), column
    kramfors = arrival[(arrival["Plats"] == "Kramfors") & (arrival["Typ"] == "ort")].iloc[0]
    assert _hours(kramfors["Fronten efter brott"])[0] >= 10
    assert kramfors["Uppgiftens art"] == "grov uppskattning"
    assert "Justerad efter dammägarens uppgifter (Nyland 10–12 h)" in kramfors["Källa"]
    # The warning above the table says what the Källa column says: the basis and the adjustment.
    warning = re.sub(r"\\(.)", r"\1", next(w.value for w in at.warning if w.value.startswith("Grov uppskattning")))
    basis, _, note = kramfors["Källa"].partition(" Justerad efter")
    assert basis in warning and "Justerad efter dammägarens uppgifter (Nyland 10–12 h) för " in warning
    assert warning.endswith(note.split("): ", 1)[1] + " Dammägarens dammbrottsutredning gäller före uppskattningen.")


def test_a_rerun_does_not_compute_the_boundary_outlines_again(monkeypatch):
    from geodata import map_figure

    calls = []
    real = map_figure._boundary_outlines

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(map_figure, "_boundary_outlines", counting)
    at = run_page("pages/karta.py")
    before = len(calls)  # 1, or 0 when an earlier test in this process already drew the map
    at.checkbox(key="karta_background").check().run()
    assert not at.exception
    assert len(calls) == before <= 1  # the rerun reused them
    names = [trace.get("name") for trace in _spec(at, 0)["data"]]
    assert {"Länsgräns", "Kommungräns", "Kommun (namn)"} <= set(names)


def test_structures_drawn_at_a_plants_point_are_moved_apart_and_say_so():
    at = run_page("pages/karta.py")
    assert not at.exception
    spec = _spec(at, 0)
    hovers = {name: hover for trace in spec["data"] if trace.get("customdata") and trace.get("hovertext")
              for name, hover in zip(trace["customdata"], trace["hovertext"], strict=True)}
    assert "Markören är flyttad 4 km norrut för att inte täcka Gäddede" in hovers["Linnvasselv"]
    assert "Markören är flyttad 4 km norrut för att inte täcka Bergnäs" in hovers["Storavan-Uddjaur"]
    assert "Markören är flyttad" not in hovers["Gäddede"] and "Markören är flyttad" not in hovers["Bergnäs"]
    assert "Flyttad markör" in {t.get("name") for t in spec["data"]}
