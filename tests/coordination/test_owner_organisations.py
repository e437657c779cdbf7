"""The owner names of the plant data → the organisations of the actor directory (directory/data/owner_organisations.csv)."""

from __future__ import annotations

import pytest

from directory.actors import ActorDataError, organisation_names, read_owner_organisations
from geodata.layers import parse_owners, read_dams
from owner_reports.ownership import reporting_organisations
from owner_reports.plants import read_plants


def test_every_owner_in_the_plant_data_maps_to_exactly_one_organisation_or_says_why_not():
    mapping = read_owner_organisations()
    dams = read_dams()
    owners = {name for column in ("owners", "owner_alt") for text in dams[column] if text
              for name, _share in parse_owners(text)}
    owners |= {p.owner_main for p in read_plants()}  # "Ägare ej känd" where no source names the owner
    assert sorted(owners - set(mapping)) == []
    organisations = set(organisation_names())
    for owner in owners:
        row = mapping[owner]
        if row.organisation:
            assert row.organisation in organisations, owner
            assert row.source, owner
        else:
            assert row.reason_sv, owner
    # The unmapped owner is the unknown one, and its plants are reported by an administrator only.
    assert [o for o in owners if not mapping[o].organisation] == ["Ägare ej känd"]
    for plant in read_plants():
        expected = () if plant.owner_main == "Ägare ej känd" else (mapping[plant.owner_main].organisation,)
        assert reporting_organisations(plant.name)[:1] == expected, plant.name


def test_part_owners_and_disputed_owners_may_each_report():
    assert reporting_organisations("Stornorrfors") == ("Vattenfall AB", "Umeå kommun")
    assert reporting_organisations("Lövön") == ("Uniper", "Statkraft Sverige AB")
    assert reporting_organisations("Sollefteåforsen") == ("Sollefteåforsens AB",)
    assert reporting_organisations("Ormsjön") == ()


def test_an_owner_listed_twice_or_without_organisation_and_reason_is_refused(tmp_path):
    header = "# comment\nowner,organisation,reason_sv,source\n"
    twice = tmp_path / "twice.csv"
    twice.write_text(header + "Vattenfall,Vattenfall AB,,x\nVattenfall,Statkraft Sverige AB,,y\n", encoding="utf-8")
    with pytest.raises(ActorDataError, match="Ägaren 'Vattenfall' står två gånger"):
        read_owner_organisations.__wrapped__(twice)
    bare = tmp_path / "bare.csv"
    bare.write_text(header + "Okänd AB,,,\n", encoding="utf-8")
    with pytest.raises(ActorDataError, match="saknar både organisation och skäl"):
        read_owner_organisations.__wrapped__(bare)
