"""Issue 16: what could not be verified says so in the app where it is used, not only in the file.

Every dam, plant and räddningstjänst row that no source confirms (an inferred, disputed or unknown owner, an
estimated or stand-in position, a kommun to verify, an unconfirmed organisation name) is looked for in each view
that shows it: the Karta hover and the Älvprofil hover, the älvschema's dam hover, the dam-failure checklist
(who to coordinate) and the approvals' note. A new unverified row, or a view that drops the mark, fails here.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from directory.actors import (
    actors_for_dam_failure,
    dam_failure_event,
    owner_questions_sv,
    read_actor_directory,
    read_dam_owners,
    unverified_notes_sv,
)
from directory.provenance import parse_unverified_facts_sv
from geodata import RIVER_SYSTEMS
from geodata.downstream import downstream_of
from geodata.layers import UNKNOWN_OWNER_SV, read_dams
from geodata.map_figure import build_map_figure, build_profile_figure, read_map_layers
from hydrology.schematic import build_schematic_figure

#: The words each unverified fact (as Om data's "Ej verifierat" names it) puts in a dam's ``caveats_sv``.
FACT_WORDS = {"ägare": "ägaren", "läge": "läge", "kommun": "kommunen är inte kontrollerad"}


def _unverified_facts(dam: pd.Series) -> set[str]:
    return set(parse_unverified_facts_sv(dam).split(", ")) - {""}


def _unverified_dams() -> pd.DataFrame:
    dams = read_dams()
    return dams[[bool(_unverified_facts(row)) for _, row in dams.iterrows()]]


def _hovers(figure) -> list[str]:
    return [text for trace in json.loads(figure.to_json())["data"] for text in (trace.get("hovertext") or [])
            if isinstance(text, str)]


def test_every_unverified_dam_fact_is_named_in_the_dams_caveats_and_only_those():
    dams = read_dams()
    assert len(_unverified_dams()) >= 20  # the check looks at real rows
    for _, dam in dams.iterrows():
        caveats = dam["caveats_sv"].lower()
        for fact in FACT_WORDS:
            assert (FACT_WORDS[fact] in caveats) == (fact in _unverified_facts(dam)), (dam["name"], fact, caveats)


def test_an_owner_no_source_confirms_is_never_shown_bare_in_a_table():
    for _, dam in read_dams().iterrows():
        marked = dam["owners_marked_sv"]
        if dam["owner_confidence"] == "source":
            assert marked == dam["owners_sv"]
        elif dam["owner_confidence"] == "unknown":
            assert marked == UNKNOWN_OWNER_SV
        else:
            assert marked != dam["owners_sv"] and marked.startswith(dam["owners_sv"] + " ("), marked


def test_the_karta_hover_and_the_alvprofil_hover_carry_each_unverified_dams_caveats():
    layers = read_map_layers()
    views = {"Karta": _hovers(build_map_figure(layers, RIVER_SYSTEMS)),
             "Älvprofil": _hovers(build_profile_figure(layers, RIVER_SYSTEMS))}
    profiled = set(read_dams()["river"]) & set(layers.rivers["river"])
    for _, dam in _unverified_dams().iterrows():
        for view, hovers in views.items():
            if view == "Älvprofil" and dam["river"] not in profiled:
                continue
            own = [h for h in hovers if h.startswith(f"<b>{dam['name']}</b><br>Ägare:")]
            assert own, (view, dam["name"])
            assert all(dam["caveats_sv"] in h for h in own), (view, dam["name"], own)


@pytest.mark.parametrize("system", RIVER_SYSTEMS)
def test_the_alvschemas_dam_hover_marks_an_owner_no_source_confirms(system):
    stations = pd.DataFrame({"station_id": pd.Series(dtype=str), "name": pd.Series(dtype=str),
                             "discharge_m3s": pd.Series(dtype=float), "status_key": pd.Series(dtype=str)})
    hovers = {h.split(" (")[0].removeprefix("Damm: "): h
              for h in _hovers(build_schematic_figure(system, stations)) if h.startswith("Damm: ")}
    dams = read_dams().set_index("name")
    for name, hover in hovers.items():
        assert hover == f"Damm: {name} ({dams.loc[name, 'owners_marked_sv']})"
    drawn = dams.loc[list(hovers)]
    if system == "Ångermanälven":  # the system with every kind of doubt
        assert {"inferred", "disputed", "unknown"} <= set(drawn["owner_confidence"])


def test_who_to_coordinate_says_when_the_failing_dams_owner_is_not_confirmed():
    owners = {o.dam: o for o in read_dam_owners()}
    for _, dam in _unverified_dams().iterrows():
        if "ägare" not in _unverified_facts(dam):
            continue
        reach = downstream_of(dam["name"])
        if dam["owner_confidence"] == "unknown":
            questions = owner_questions_sv(dam_failure_event(reach))
            assert any(q.startswith("Ingen källa för ägaren av ") and dam["name"] in q for q in questions), questions
            continue
        reasons = {s.name: s.reason_sv for s in actors_for_dam_failure(reach)}
        for owner in owners[dam["name"]].owners:
            assert owners[dam["name"]].caveat_sv in reasons[owner], (dam["name"], owner, reasons.get(owner))


def test_an_unverified_raddningstjanst_says_so_where_it_is_suggested_and_asked_to_approve():
    directory = read_actor_directory()
    dams = read_dams()
    unverified = [r for r in directory.raddningstjanster if r.verification != "source"]
    assert unverified  # Malå and Norsjö, at the time of writing
    for row in unverified:
        assert unverified_notes_sv([row.organisation]) == [f"{row.organisation}: {row.caveat_sv}"]
        in_kommun = dams[dams["kommun_kod"] == row.kommun_kod]
        assert not in_kommun.empty, row.kommun
        reasons = {s.name: s.reason_sv for s in actors_for_dam_failure(downstream_of(in_kommun.iloc[0]["name"]))}
        assert row.caveat_sv in reasons[row.organisation], (row.organisation, reasons.get(row.organisation))
