"""The älvschema's words never overlap: every label box on every river, in the spring-flood and the
dam-failure exercises, at the width the meeting screen and Läget show the schema at."""

from __future__ import annotations

from itertools import combinations

import pandas as pd
import pytest

from geodata.stations import read_station_table
from hydrology.schematic import (
    LAYOUT_WIDTH_COMPACT_PX,
    WaveOverlay,
    build_schematic_figure,
    read_schematic,
    schematic_labels,
)
from hydrology.schematic_labels import (
    Box,
    Canvas,
    LabelRequest,
    Spot,
    drawn_box,
    place_labels,
    place_labels_keeping,
    text_point,
    text_size_px,
)
from tests.fake_smhi.server import archive_only_stations

RIVERS = ("Ångermanälven", "Umeälven", "Skellefteälven")
NEAR_THE_SEA = {"Ångermanälven": "Nyland", "Umeälven": "Stornorrfors", "Skellefteälven": "Kvistforsen"}
#: The dam-failure exercise: Hällbydammen fails; the front just below the dam, half-way, near the sea.
WAVES = {km: WaveOverlay("Hällby", km, "Flodvågen kan nå Nämforsen kl. 21.29 (övningstid)") for km in (0.0, 60.0, 150.0)}
#: (height, width, compact): the meeting screen's schema at 1280×720 (pages/_shared/meeting_screen.py's
#: SCHEMA_HEIGHT_PX) and Läget's small one (laid out for its card at 1280×720, hydrology.schematic's
#: LAYOUT_WIDTH_COMPACT_PX).
MEETING_HEIGHT = 148
SIZES = ((MEETING_HEIGHT, 900, False), (170, LAYOUT_WIDTH_COMPACT_PX, True))


def _every_gauge(river: str, flow_m3s: float = 10_000.0, status: str = "hq100") -> pd.DataFrame:
    """Every gauge the schema can show on ``river`` (both exercises' and the real ones), by default each
    with the widest words a label can have: a five-digit flow and the longest status."""
    table = read_station_table()
    rows = table[(table["river"] == river) & (table["role"] != "tributary")]
    return pd.DataFrame({"station_id": rows["station_id"], "name": rows["name"], "discharge_m3s": flow_m3s,
                         "status_key": status})


def _cases():
    for river in RIVERS:
        for height, width, compact in SIZES:
            yield pytest.param(river, None, height, width, compact, id=f"{river}-varflod-{width}")
            if river == "Ångermanälven":
                for km, wave in WAVES.items():
                    yield pytest.param(river, wave, height, width, compact, id=f"{river}-dammbrott-{km:g}km-{width}")


@pytest.mark.parametrize(("river", "wave", "height", "width", "compact"), list(_cases()))
def test_no_two_labels_overlap(river, wave, height, width, compact):
    stations = _every_gauge(river)
    canvas, placed = schematic_labels(river, stations, wave=wave, height=height, width=width, compact=compact)
    for a, b in combinations(placed, 2):
        assert not a.box.overlaps(b.box), f"{a.request.key} {a.box} overlaps {b.request.key} {b.box}"
    for label in placed:
        assert label.box.inside(canvas.width, canvas.height), f"{label.request.key} leaves the figure: {label.box}"
    keys = {label.request.key for label in placed}
    # The place people know nearest the sea and the dam failure are always named.
    assert f"gauge:{NEAR_THE_SEA[river]}" in keys
    if wave is not None:
        assert {"wave:dam", "wave:front"} <= keys or compact and "wave:dam" in keys
    # The figure draws exactly these labels, at the spots chosen.
    figure = build_schematic_figure(river, stations, wave=wave, height=height, width=width, compact=compact)
    drawn = [(a.name, a.text) for a in figure.layout.annotations]
    assert drawn == [(label.request.key, label.text) for label in placed]


@pytest.mark.parametrize("wave", [None, *WAVES.values()], ids=["varflod", *(f"dammbrott-{km:g}km" for km in WAVES)])
@pytest.mark.parametrize("river", RIVERS)
def test_on_the_meeting_screen_every_main_stem_gauge_is_named(river, wave):
    """With everyday words (three-digit flows, "Över MHQ") every gauge on the main river has its label."""
    if wave is not None and river != "Ångermanälven":
        pytest.skip("the dam failure is on Ångermanälven")
    _canvas, placed = schematic_labels(river, _every_gauge(river, 870.0, "over_mhq"), wave=wave,
                                       height=MEETING_HEIGHT, width=900)
    table = read_station_table()
    main = table[(table["river"] == river) & (table["role"] == "main_stem") & (table["watercourse"] == river)]
    assert {f"gauge:{name}" for name in main["name"]} <= {label.request.key for label in placed}


def _key_places(river: str, wave: WaveOverlay | None) -> set[str]:
    """The labels the meeting screen must draw on ``river``: every main-stem gauge, every town (where a
    gauge's label does not already name it), the rivers' names and, in a dam failure, the failed dam and
    the wave's front. In a dam failure too the tributaries' towns and names (Gäddede, Hoting,
    Fjällsjöälven): the wave's words take the figure's outer rows, the leader labels one line."""
    table = read_station_table()
    gauges = table[(table["river"] == river) & (table["role"] == "main_stem") & (table["watercourse"] == river)]
    schematic = read_schematic(river)
    keys = {f"gauge:{name}" for name in gauges["name"]} | {f"place:{place}" for place in schematic.places["place"]}
    keys |= {f"river:{b.river}" for b in schematic.branches}
    return keys | ({"wave:dam", "wave:front"} if wave is not None else set())


@pytest.mark.parametrize(("flow", "status"), [(870.0, "over_mhq"), (10_000.0, "hq100")], ids=["everyday", "widest"])
@pytest.mark.parametrize("wave", [None, *WAVES.values()], ids=["varflod", *(f"dammbrott-{km:g}km" for km in WAVES)])
@pytest.mark.parametrize("river", RIVERS)
def test_on_the_meeting_screen_the_towns_and_main_stem_places_keep_their_names(river, wave, flow, status):
    """Crowded stretches (Umeå: Harrsele, Vännäsby, Stornorrfors, Vännäs, Umeå, Holmsund within 50 km)
    shorten their neighbours' words or use a leader line; no town or main-stem place loses its name."""
    if wave is not None and river != "Ångermanälven":
        pytest.skip("the dam failure is on Ångermanälven")
    canvas, placed = schematic_labels(river, _every_gauge(river, flow, status), wave=wave, height=MEETING_HEIGHT,
                                      width=900)
    texts = {label.request.key: label.text for label in placed}
    # A town is named by its own label or by the gauge's label at its place ("▲ <b>Nyland</b>",
    # "▲ <b>Vännäsby</b> · Vännäs").
    gauge_lines = [text.split("<br>")[0] for key, text in texts.items() if key.startswith("gauge:")]
    unnamed = {key for key in _key_places(river, wave) - set(texts)
               if not (key.startswith("place:") and any(f"<b>{key[6:]}</b>" in line or f"· {key[6:]}" in line
                                                        for line in gauge_lines))}
    assert unnamed == set()
    for a, b in combinations(placed, 2):
        assert not a.box.overlaps(b.box), f"{a.request.key} {a.box} overlaps {b.request.key} {b.box}"
    assert all(label.box.inside(canvas.width, canvas.height) for label in placed)
    # A town or gauge on a tributary is named on its own side of the main river, never across it.
    _x, main_y = canvas.to_px(0.0, 0.0)
    for label in placed:
        if label.request.key.startswith(("place:", "gauge:")) and label.request.y != 0:
            above = label.request.y > 0
            assert (label.box.y0 > main_y) if above else (label.box.y1 < main_y), (label.request.key, label.box)


def test_a_kept_label_moves_its_neighbour_instead_of_being_left_out():
    canvas = Canvas(200.0, 100.0, (0.0, 10.0), (-1.0, 1.0), margin=0.0)
    above, below = Spot(0, 5, "center", "bottom"), Spot(0, -5, "center", "top")
    first = LabelRequest("Umeå", 5.0, 0.0, ("Umeå",), (above, below), 13)
    only_above = LabelRequest("Stornorrfors", 5.2, 0.0, ("<b>Stornorrfors</b>",), (above,), 13)
    # Placed greedily, the first label takes the only spot the second has.
    assert [p.request.key for p in place_labels(canvas, [first, only_above])] == ["Umeå"]
    placed = place_labels_keeping(canvas, [first, only_above])
    spots = {p.request.key: p.spot for p in placed}
    assert spots == {"Umeå": below, "Stornorrfors": above}
    assert not placed[0].box.overlaps(placed[1].box)
    # A label that is not kept keeps its greedy fate, and the fixed groups' labels are never moved.
    assert [p.request.key for p in place_labels_keeping(canvas, [first, only_above], keep=lambda r: r is first)] == [
        "Umeå"]
    fixed = place_labels_keeping(canvas, [first, only_above], fixed_groups=(0,))
    assert [p.request.key for p in fixed] == ["Umeå"]


def test_a_label_without_a_free_spot_is_left_out_and_a_shorter_text_is_used_first():
    canvas = Canvas(200.0, 100.0, (0.0, 10.0), (-1.0, 1.0), margin=0.0)
    spots = (Spot(0, 5, "center", "bottom"),)
    long_and_short = ("<b>Stornorrfors</b><br>1 450 m³/s<br>Över MHQ", "<b>Stornorrfors</b>")
    wall = Box(0, 75, 200, 100)  # nothing fits higher than 25 px above the anchors' line
    placed = place_labels(canvas, [
        LabelRequest("a", 5.0, 0.0, long_and_short, spots, 13),
        LabelRequest("b", 5.5, 0.0, ("<b>Harrsele</b>",), spots, 13),
    ], obstacles=[wall])
    assert [(p.request.key, p.text) for p in placed] == [("a", "<b>Stornorrfors</b>")]
    width, height = text_size_px("<b>Stornorrfors</b>", 13)
    assert placed[0].box == Box(100 - width / 2, 55, 100 + width / 2, 55 + height)


@pytest.mark.parametrize(("height", "width", "compact"), SIZES, ids=["meeting", "lage"])
@pytest.mark.parametrize("river", RIVERS)
def test_live_gauges_without_recent_values_say_se_agarens_rapport_and_overlap_nothing(river, height, width, compact):
    """Live: SMHI lists the power-station gauges with an archive but no recent values (as the fake SMHI
    does); their labels say where the figures are, still clear of every other word."""
    table = read_station_table()
    real = table[(table["river"] == river) & (table["role"] != "tributary") & ~table["exercise_only"]]
    owner_only = real["station_id"].isin(archive_only_stations(table))
    stations = pd.DataFrame({"station_id": real["station_id"], "name": real["name"],
                             "discharge_m3s": [None if o else 870.0 for o in owner_only],
                             "status_key": ["unknown" if o else "over_mhq" for o in owner_only],
                             "no_recent_values": owner_only})
    canvas, placed = schematic_labels(river, stations, height=height, width=width, compact=compact)
    for a, b in combinations(placed, 2):
        assert not a.box.overlaps(b.box), f"{a.request.key} {a.box} overlaps {b.request.key} {b.box}"
    for label in placed:
        assert label.box.inside(canvas.width, canvas.height), f"{label.request.key} leaves the figure: {label.box}"
    texts = {label.request.key: label.text for label in placed}
    for name, only in zip(real["name"], owner_only, strict=True):
        if f"gauge:{name}" in texts:
            assert texts[f"gauge:{name}"].endswith("se ägarens rapport") == only, texts[f"gauge:{name}"]
    if not compact:  # on the meeting screen every main-stem gauge is named, on a drawn branch too
        main = real[real["role"] == "main_stem"]  # on the main river and on the drawn branches (Granåker)
        assert {f"gauge:{name}" for name in main["name"]} <= set(texts), sorted(texts)
    # On Läget too the place people know nearest the sea keeps its name (without the towns beside it where
    # the card is narrow: "? Stornorrfors" rather than "? Stornorrfors · Vännäsby, Umeå"); Nyland's gauge
    # is the exercise's, live the town is named.
    assert {f"gauge:{NEAR_THE_SEA[river]}", f"place:{NEAR_THE_SEA[river]}"} & set(texts), sorted(texts)


#: Drawn widths [px] of the schema: the meeting screen's column at 1280×720 and at 1920×1080 (a quarter of
#: the row is the river's status block), the whole width of a 1920 px window; Läget's card at both sizes
#: (230.7 px at 1280×720, measured in tests/browser/test_lage_browser.py).
DRAWN_WIDTHS = {False: (940.0, 1430.0, 1880.0), True: (230.7, 380.0, 600.0)}


@pytest.mark.parametrize(("river", "wave", "height", "width", "compact"), list(_cases()))
def test_drawn_wider_no_two_labels_overlap_and_the_key_places_keep_their_names(river, wave, height, width, compact):
    """Laid out for the narrowest width, the schema is drawn wider on a 1280 or 1920 px screen: each text
    stands at its point in data coordinates, so the words spread with the markers and still never overlap
    (a river's name once was shifted by fixed pixels and landed on a town: Umeälven on Tärnaby)."""
    stations = _every_gauge(river, 870.0, "over_mhq")
    canvas, placed = schematic_labels(river, stations, wave=wave, height=height, width=width, compact=compact)
    keys = {label.request.key for label in placed}
    if not compact:
        texts = " ".join(label.text for label in placed)
        assert {k for k in _key_places(river, wave) - keys if not (k.startswith("place:") and k[6:] in texts)} == set()
    assert f"gauge:{NEAR_THE_SEA[river]}" in keys
    figure = build_schematic_figure(river, stations, wave=wave, height=height, width=width, compact=compact)
    for drawn_width in DRAWN_WIDTHS[compact]:
        boxes = {label.request.key: drawn_box(canvas, label, drawn_width) for label in placed}
        for (a, box_a), (b, box_b) in combinations(boxes.items(), 2):
            assert not box_a.overlaps(box_b), f"at {drawn_width:g} px {a} {box_a} overlaps {b} {box_b}"
        assert all(box.inside(drawn_width, canvas.height) for box in boxes.values())
    # The figure anchors its texts at exactly those data points (no pixel shifts that would not stretch).
    for annotation, label in zip(figure.layout.annotations, placed, strict=True):
        point = (annotation.ax, annotation.ay) if label.spot.leader else (annotation.x, annotation.y)
        assert point == pytest.approx(text_point(canvas, label))
        assert not annotation.xshift and not annotation.yshift


def test_a_text_anchored_in_data_coordinates_keeps_its_pixel_size_and_moves_with_the_axis():
    canvas = Canvas(200.0, 100.0, (0.0, 10.0), (-1.0, 1.0), margin=0.0)
    request = LabelRequest("Umeälven", 2.0, 0.0, ("<i>Umeälven</i>",), (Spot(60, 9, "left", "bottom"),), 13)
    [label] = place_labels(canvas, [request])
    assert text_point(canvas, label) == pytest.approx((5.0, 0.18))
    width, height = text_size_px("<i>Umeälven</i>", 13)
    # At twice the width the text starts at x = 5 on the wider axis: 200 px, not 40 + 60 = 100 px.
    assert drawn_box(canvas, label, 400.0) == Box(200.0, 59.0, 200.0 + width, 59.0 + height)
