"""The plants' regulation limits file: a row per plant, and a value only with its source."""

from __future__ import annotations

from geodata.layers import read_curated_csv
from owner_reports.model import MAX_LEVEL_M, MIN_LEVEL_M
from owner_reports.plants import REGULATION_LIMITS_CSV, plant_names_on, plants_on, read_plants


def test_every_plant_has_a_row_and_every_filled_limit_names_its_source():
    table = read_curated_csv(REGULATION_LIMITS_CSV, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["plant", "damningsgrans_m", "sankningsgrans_m", "source"]
    assert table["plant"].is_unique
    assert set(table["plant"]) == {p.name for p in read_plants()}
    for plant in read_plants():
        limits = (plant.damningsgrans_m, plant.sankningsgrans_m)
        if limits == (None, None):
            assert plant.limits_source == "", plant.name  # a source without a value is a mistake too
            continue
        assert plant.limits_source.strip(), f"{plant.name}: a limit without its source"
        for value in limits:
            assert value is None or MIN_LEVEL_M <= value <= MAX_LEVEL_M, plant.name
        if None not in limits:
            assert plant.sankningsgrans_m <= plant.damningsgrans_m, plant.name


def test_the_plants_of_the_rivers_shown_keep_the_order_from_source_to_sea():
    umea, skellefte = [p.name for p in plants_on("Umeälven")], [p.name for p in plants_on("Skellefteälven")]
    assert "Stornorrfors" in umea and "Kvistforsen" in skellefte
    assert plant_names_on(["Umeälven"]) == umea
    assert plant_names_on(["Skellefteälven", "Umeälven"]) == [p.name for p in read_plants()
                                                             if p.river in ("Umeälven", "Skellefteälven")]
    assert plant_names_on([]) == []
