"""Who to coordinate with: the data files are consistent and the rules pick the right actors."""

from __future__ import annotations

import pytest

from directory.actors import (
    ActorDataError,
    ActorDirectory,
    CoordinationEvent,
    UnknownDamError,
    derive_actors,
    kommun_actor_name,
    parse_actor_rows,
    raddningstjanst_actor_name,
    read_actor_directory,
    read_actor_records,
    read_dam_owners,
    read_kommuner_along_rivers,
)
from geodata import RIVER_SYSTEMS


def names(event: CoordinationEvent) -> list[str]:
    return [s.name for s in derive_actors(event)]


def reasons(event: CoordinationEvent) -> dict[str, str]:
    return {s.name: s.reason_sv for s in derive_actors(event)}


@pytest.mark.parametrize(
    ("kommun", "official"),
    [("Umeå", "Umeå kommun"), ("Storuman", "Storumans kommun"), ("Vännäs", "Vännäs kommun"),
     ("Kramfors", "Kramfors kommun"), ("Härnösand", "Härnösands kommun"), ("Sorsele", "Sorsele kommun"),
     ("Vindeln", "Vindelns kommun"), ("Åsele", "Åsele kommun"), ("Strömsund", "Strömsunds kommun")],
)
def test_kommun_names_follow_swedish_genitive(kommun, official):
    assert kommun_actor_name(kommun) == official


def test_data_files_are_consistent():
    directory = read_actor_directory()
    assert len(directory.actors) == len({a.actor_id for a in directory.actors})
    assert {k.system for k in directory.kommuner} == set(RIVER_SYSTEMS)
    # Vindelälven is unregulated: no dam may sit on it.
    assert not [d for d in read_dam_owners() if d.watercourse.startswith("Vindelälven")]
    assert {d.system for d in read_dam_owners()} == set(RIVER_SYSTEMS)
    for actor in read_actor_records():
        assert set(actor.rivers) <= set(RIVER_SYSTEMS), actor.name
    kinds = {a.kind for a in directory.actors}
    assert {"lansstyrelse", "krisrad", "natverk", "msb", "smhi", "region", "polis", "trafikverket", "sos_alarm",
            "dam_owner", "vattenreglering"} <= kinds


def test_an_unknown_rule_in_the_data_is_refused():
    row = dict(actor_id="x", name="X", kind="msb", lan_kod="", rivers="", networks="", involve_when="ibland",
               role_sv="", aliases="", source="")
    with pytest.raises(ActorDataError) as err:
        parse_actor_rows([row])
    assert err.value.message_sv == "Okänd regel 'ibland' för 'X' i actors.csv."


def test_an_owner_missing_from_the_actor_list_is_refused():
    directory = read_actor_directory()
    bad_dam = directory.dams[0].__class__("Ny", "Umeälven", "Umeälven", "2480", ("Okänd AB",), "Okänd AB")
    with pytest.raises(ActorDataError):
        ActorDirectory(directory.actors, directory.kommuner, (*directory.dams, bad_dam))


def test_normal_flow_on_umealven_involves_kommuner_lan_council_msb_and_dam_owners_only():
    event = CoordinationEvent(rivers=("Umeälven",))
    assert names(event) == [
        "Storumans kommun", "Lycksele kommun", "Vindelns kommun", "Vännäs kommun", "Umeå kommun",
        "Sorsele kommun",
        "Länsstyrelsen Västerbotten", "Regionala rådet för krisberedskap och skydd mot olyckor (Västerbottens län)",
        "Älvsamordningsgruppen Umeälven",
        "Myndigheten för civilt försvar",
        "Vattenfall AB", "Statkraft Sverige AB", "Uniper", "Skellefteå Kraft AB", "Holmen Energi AB",
    ]
    # Arjeplog touches Vindelälven only in generalised geometry (low confidence): not by default.
    arjeplog = [k for k in read_kommuner_along_rivers() if k.kommun == "Arjeplog" and k.system == "Umeälven"]
    assert [k.confidence for k in arjeplog] == ["low"]


def test_yellow_level_at_vannas_and_umea():
    event = CoordinationEvent(rivers=("Umeälven",), kommun_kods=("2460", "2480"), above_mhq=True,
                              warning_level="gul")
    got = reasons(event)
    assert list(got) == [
        "Vännäs kommun", "Umeå kommun",
        "Vännäs kommuns räddningstjänst", "Umeåregionens brandförsvar",
        "Länsstyrelsen Västerbotten", "Regionala rådet för krisberedskap och skydd mot olyckor (Västerbottens län)",
        "Västerbottens regionala nätverk för kriskommunikation", "Samordningsgruppen för information vid höga flöden",
        "Älvsamordningsgruppen Umeälven",
        "Myndigheten för civilt försvar",
        "Vattenfall AB", "Statkraft Sverige AB", "Uniper", "Skellefteå Kraft AB", "Holmen Energi AB",
        "Umeälvens vattenregleringsföretag",
        "SMHI",
    ]
    assert got["Umeå kommun"] == "Berörd kommun; dammägare (Stornorrfors)"
    assert got["Vännäs kommuns räddningstjänst"] == "Gul nivå eller högre i Vännäs kommun"
    assert got["Umeåregionens brandförsvar"] == "Gul nivå eller högre i Umeå kommun"
    assert got["Samordningsgruppen för information vid höga flöden"] == "Varning eller flöde på varningsnivå"
    assert got["Länsstyrelsen Västerbotten"] == "Berört län: Västerbottens län"
    assert got["SMHI"] == "Varning eller flöde på varningsnivå"
    assert got["Holmen Energi AB"] == "Dammägare på eller ovanför sträckan: Harrsele"


def test_orange_adds_trafikverket_and_red_adds_region_police_and_sos():
    orange = names(CoordinationEvent(rivers=("Skellefteälven",), warning_level="orange"))
    assert "Trafikverket" in orange
    assert not {"Polisregion Nord", "SOS Alarm", "Region Västerbotten"} & set(orange)
    assert {"Beredskapssamordnarnätverket (Västerbottens län)", "Räddningssamverkan Nord", "NordSam"} <= set(orange)
    assert "Umeälvens vattenregleringsföretag" not in orange  # another river's company
    red = reasons(CoordinationEvent(rivers=("Skellefteälven",), warning_level="röd"))
    assert red["Polisregion Nord"] == "Röd nivå"
    assert red["Räddningschefsnätverket (Västerbottens län)"] == "Röd nivå"
    assert red["NordSam"] == "Händelsen berör flera län: Västerbottens län och Norrbottens län"
    assert red["Malå kommuns räddningstjänst"] == (
        "Gul nivå eller högre i Malå kommun. Räddningstjänstens organisationsnamn är inte bekräftat."
    )
    assert red["SOS Alarm"] == "Röd nivå"
    assert red["Region Västerbotten"] == "Röd nivå"
    assert red["Region Norrbotten"] == "Röd nivå"  # Arjeplog and Arvidsjaur are in Norrbotten
    assert "Region Västernorrland" not in red
    assert "Länsstyrelsen Norrbotten" in red


def test_dam_failure_on_angermanalven_calls_everyone_in_the_lan_below_the_dam():
    event = CoordinationEvent(rivers=("Ångermanälven",), kind="dammbrott", dam="Hällby",
                              kommun_kods=("2283", "2282", "2280"))
    got = reasons(event)
    # Hällby's owner is inferred, not confirmed: said where Uniper is suggested.
    assert got["Uniper"] == (
        "Äger dammen som brustit (Hällby). Osäker ägaruppgift: Hällby – ägaren är härledd, inte bekräftad"
    )
    assert got["Vattenfall AB"].startswith("Dammägare på eller ovanför sträckan: ")
    assert got["SMHI"] == "Dammbrott: flödesprognos för vågen nedströms"
    assert got["SOS Alarm"] == (
        "Dammbrott: sänder VMA (viktigt meddelande till allmänheten) på begäran av räddningsledaren"
    )
    for actor in ("Trafikverket", "Region Västernorrland"):
        assert got[actor].startswith("Dammbrott: "), actor
    assert got["Samordningsgruppen för information vid höga flöden"] == "Dammbrott"
    # Västernorrland is in polisregion Nord (bra.se 2015: Jämtland, Norrbotten, Västerbotten, Västernorrland);
    # there is no other police region on the three rivers.
    assert got["Polisregion Nord"] == "Dammbrott: avspärrning, utrymning och trafik i området nedströms"
    assert "Polisregion Mitt" not in got
    # One räddningstjänstförbund serves all three kommuner: one row, naming them.
    assert got["Räddningstjänsten Höga Kusten-Ådalen"] == (
        "Dammbrott i Sollefteå kommun, Kramfors kommun och Härnösands kommun"
    )
    assert got["Älvsamordningsgruppen Ångermanälven"] == "Samverkansgruppen för Ångermanälven"
    assert "NordSam" not in got  # one län only
    assert got["Länsstyrelsen Västernorrland"] == "Berört län: Västernorrlands län"
    assert "Länsstyrelsen Västerbotten" not in got
    assert "Region Västerbotten" not in got


def test_known_upstream_dams_narrow_the_owners():
    event = CoordinationEvent(rivers=("Umeälven",), kommun_kods=("2421",), upstream_dams=("Ajaure", "Klippen"))
    got = names(event)
    assert "Vattenfall AB" in got and "Skellefteå Kraft AB" in got
    assert "Holmen Energi AB" not in got and "Statkraft Sverige AB" not in got


def test_unknown_dam_is_a_typed_error():
    with pytest.raises(UnknownDamError) as err:
        derive_actors(CoordinationEvent(rivers=("Umeälven",), kind="dammbrott", dam="Vindelälvsdammen"))
    assert err.value.message_sv == "Dammen 'Vindelälvsdammen' finns inte i förteckningen över dammar."


def test_event_refuses_unknown_kind_and_level():
    with pytest.raises(ValueError):
        CoordinationEvent(rivers=("Umeälven",), kind="storm")
    with pytest.raises(ValueError):
        CoordinationEvent(rivers=("Umeälven",), warning_level="lila")


def test_raddningstjanst_name_is_the_organisation_serving_the_kommun():
    assert raddningstjanst_actor_name("Umeå") == "Umeåregionens brandförsvar"
    assert raddningstjanst_actor_name("Kramfors") == "Räddningstjänsten Höga Kusten-Ådalen"
    assert raddningstjanst_actor_name("Strömsund") == "Jämtlands Räddningstjänstförbund"
    assert raddningstjanst_actor_name("Bjurholm") == "Räddningstjänsten (Bjurholms kommun)"  # not on the rivers


def test_every_kommun_along_the_rivers_has_its_raddningstjanst_and_every_row_a_source():
    directory = read_actor_directory()
    codes = {r.kommun_kod for r in directory.raddningstjanster}
    assert {k.kommun_kod for k in directory.kommuner} <= codes
    for row in directory.raddningstjanster:
        assert row.source, row.kommun
        assert (row.verification == "unverified") == row.source.startswith("none found") == bool(row.caveat_sv), \
            row.kommun
    for actor in directory.actors:
        assert actor.source, actor.name
        assert actor.verification == "source" or actor.note_sv, actor.name


def test_the_networks_of_the_source_text_are_in_the_directory_by_name_with_members():
    networks = {a.name: a for a in read_actor_directory().networks()}
    for name in (
        "Regionala rådet för krisberedskap och skydd mot olyckor (Västerbottens län)", "NordSam",
        "Västerbottens regionala nätverk för kriskommunikation", "Beredskapssamordnarnätverket (Västerbottens län)",
        "Samordningsgruppen för information vid höga flöden", "Älvsamordningsgruppen Ångermanälven",
        "Älvsamordningsgruppen Umeälven", "Älvsamordningsgruppen Skellefteälven",
        "Regional samordningsfunktion för farliga ämnen (CBRN) i Västerbottens län",
        "Räddningschefsnätverket (Västerbottens län)",
    ):
        assert networks[name].members, name
    assert networks["NordSam"].members == (
        "Länsstyrelserna i Norrbottens, Västerbottens, Västernorrlands, Jämtlands, Gävleborgs och Dalarnas län"
    )
    # The CBRN function is chosen by hand, never suggested by itself.
    assert networks["Regional samordningsfunktion för farliga ämnen (CBRN) i Västerbottens län"].involve_when == "on_request"


def test_a_failure_of_lovon_reaches_two_lan_and_calls_nordsam_and_both_raddningstjanster():
    event = CoordinationEvent(rivers=("Ångermanälven",), kind="dammbrott", dam="Lövön",
                              kommun_kods=("2313", "2283", "2282", "2280"))
    got = reasons(event)
    assert got["NordSam"] == "Händelsen berör flera län: Västernorrlands län och Jämtlands län"
    assert got["Jämtlands Räddningstjänstförbund"] == "Dammbrott i Strömsunds kommun"
    assert got["Uniper"] == (
        "Äger dammen som brustit (Lövön). Osäker ägaruppgift: Lövön – källorna är oense om ägaren "
        "(Uniper eller Statkraft)"
    )
    assert got["Regionala rådet för samhällsberedskap (Jämtlands län)"] == "Berört län: Jämtlands län"


def test_both_owners_are_called_where_sources_disagree_and_unknown_owners_are_asked_for():
    from directory.actors import actors_for_dam_failure, dam_failure_event, owner_questions_sv
    from geodata.downstream import downstream_of

    lovon = {s.name: s.reason_sv for s in actors_for_dam_failure(downstream_of("Lövön"))}
    # Sveriges Radio (2005) names Statkraft, the 2015 dam-safety order Uniper: both are called.
    assert lovon["Statkraft Sverige AB"] == (
        "Kan äga dammen som brustit (Lövön): källorna är oense om ägaren (Uniper eller Statkraft)"
    )
    assert lovon["Uniper"].startswith("Äger dammen som brustit (Lövön); äger dammar nedströms")
    assert "Edsele och Forsse – ägaren är härledd, inte bekräftad" in lovon["Uniper"]
    assert "Ramsele" not in lovon["Uniper"].split("Osäker ägaruppgift")[1]
    assert owner_questions_sv(dam_failure_event(downstream_of("Lövön"))) == []
    # No source names Vojmsjön's owner: the checklist says what to find out instead of naming nobody.
    assert owner_questions_sv(dam_failure_event(downstream_of("Vojmsjön"))) == [
        "Ingen källa för ägaren av Vojmsjön: ta reda på vem som äger dammen (se Om data)."
    ]
    assert owner_questions_sv(CoordinationEvent(rivers=("Umeälven",))) == []


def test_msb_is_named_myndigheten_for_civilt_forsvar_with_its_old_name_as_alias():
    mcf = next(a for a in read_actor_records() if a.kind == "msb")
    assert mcf.name == "Myndigheten för civilt försvar"
    assert "MSB" in mcf.aliases and "Myndigheten för samhällsskydd och beredskap" in mcf.aliases


def test_warning_level_is_the_highest_of_warnings_and_flow_bands():
    from directory.actors import warning_level_of

    rivers = [
        {"river": "Umeälven", "worst_status": {"key": "hq10", "rank": 4}, "warnings": [{"level": "orange"}]},
        {"river": "Skellefteälven", "worst_status": {"key": "normal", "rank": 1}, "warnings": []},
    ]
    assert warning_level_of(rivers) == ("orange", True)
    assert warning_level_of([{"worst_status": {"key": "over_mhq", "rank": 2}, "warnings": []}]) == (None, True)
    assert warning_level_of([{"worst_status": {"key": "hq50", "rank": 6},
                              "warnings": [{"level": "meddelande"}]}]) == ("röd", True)
    assert warning_level_of([]) == (None, False)


def test_dam_owners_come_from_the_curated_dam_table_under_their_actor_names():
    dams = {d.dam: d for d in read_dam_owners()}
    assert dams["Stornorrfors"].owners == ("Vattenfall AB", "Umeå kommun")
    assert dams["Stornorrfors"].owner_as_published == "Vattenfall 75; Umeå kommun 25"
    assert dams["Harrsele"].owners == ("Statkraft Sverige AB", "Holmen Energi AB")
    assert dams["Sollefteåforsen"].owners == ("Sollefteåforsens AB",)
    assert dams["Hällby"].owners == ("Uniper",)
    assert dams["Kvistforsen"].owners == ("Statkraft Sverige AB",)
    assert dams["Klippen"].owners == ("Skellefteå Kraft AB",)
    # Main stem source to sea, then the tributaries (Faxälven, Fjällsjöälven, Flåsjöån, Vojmån).
    angerman = [d.dam for d in read_dam_owners() if d.system == "Ångermanälven"]
    assert angerman[:4] == ["Ransaren", "Stalon", "Malgomaj", "Volgsjöfors"]
    assert dams["Lövön"].alt_owners == ("Statkraft Sverige AB",)
    assert angerman[-4:] == ["Sil", "Kilforsen", "Klingerforsen", "Vojmsjön"]


def test_a_failure_of_sadvajaure_or_rebnisjaure_names_the_vattenregleringsforetag_as_the_dams_owner():
    from directory.actors import actors_for_dam_failure
    from geodata.downstream import downstream_of

    dams = {d.dam: d for d in read_dam_owners()}
    for dam, station in (("Sädvajaure", "Sädva"), ("Rebnisjaure", "Rebnis")):
        assert dams[dam].owners == ("Skellefteälvens Vattenregleringsföretag",)
        assert dams[station].owners == ("Skellefteå Kraft AB",)
        suggestions = {s.name: s.reason_sv for s in actors_for_dam_failure(downstream_of(dam))}
        assert suggestions["Skellefteälvens Vattenregleringsföretag"].startswith(
            f"Äger dammen som brustit ({dam}); äger dammar nedströms"), dam
        # Skellefteå Kraft is called for its stations below, not as the failed dam's owner.
        assert suggestions["Skellefteå Kraft AB"].startswith("Äger dammar nedströms som flodvågen når"), dam
        assert suggestions["Länsstyrelsen Norrbotten"]


def test_hallby_failure_names_only_actors_of_angermanalven_downstream_each_with_a_reason():
    from directory.actors import actors_for_dam_failure
    from geodata.downstream import downstream_of

    suggestions = {s.name: s for s in actors_for_dam_failure(downstream_of("Hällby"))}
    for name in ("Uniper", "Vattenfall AB", "Sollefteåforsens AB", "Sollefteå kommun", "Kramfors kommun",
                 "Härnösands kommun", "Länsstyrelsen Västernorrland", "SMHI", "Myndigheten för civilt försvar",
                 "SOS Alarm", "Polisregion Nord"):
        assert name in suggestions, name
        assert suggestions[name].reason_sv
    assert suggestions["Uniper"].reason_sv.startswith("Äger dammen som brustit (Hällby); äger dammar nedströms")
    assert suggestions["Vattenfall AB"].reason_sv.startswith("Äger dammar nedströms som flodvågen når (kaskadrisk)")
    assert "VMA" in suggestions["SOS Alarm"].reason_sv
    # Nothing of Umeälven or Skellefteälven, nor upstream of the dam.
    for name in ("Skellefteå Kraft AB", "Holmen Energi AB", "Umeå kommun", "Skellefteå kommun", "Vännäs kommun",
                 "Länsstyrelsen Västerbotten", "Länsstyrelsen Norrbotten", "Statkraft Sverige AB", "Åsele kommun",
                 "Vilhelmina kommun"):
        assert name not in suggestions, name


def test_every_dam_owner_is_an_actor_of_the_directory():
    from directory.actors import organisation_names

    names = set(organisation_names())
    owners = {owner for dam in read_dam_owners() for owner in dam.owners + dam.alt_owners}
    assert owners and owners <= names


def test_every_kommun_and_lan_code_of_the_actor_files_is_a_real_scb_code():
    from geodata.layers import read_kommuner, read_lan

    kommuner = read_kommuner().set_index("kommun_kod")["kommun"]
    lan = set(read_lan()["lan_kod"])
    directory = read_actor_directory()
    for row in directory.raddningstjanster:
        assert kommuner.get(row.kommun_kod) == row.kommun, row.kommun_kod
    for actor in directory.actors:
        assert set(actor.lan_kods) <= lan, actor.name


def test_the_unverified_raddningstjanster_were_checked_against_the_reference_and_say_so():
    # ../shared/reference (kommuner_along_rivers.csv, the samverkan text) names no räddningstjänst. The kommuner's
    # own pages confirm four kommunal räddningstjänster (Storuman, Arjeplog, Sorsele, Arvidsjaur); Malå's and
    # Norsjö's organisation names stay unverified, with their kommun codes confirmed.
    from geodata.layers import read_kommuner_along_rivers

    rows = {r.kommun: r for r in read_actor_directory().raddningstjanster}
    unverified = [r for r in rows.values() if r.verification == "unverified"]
    assert sorted(r.kommun for r in unverified) == ["Malå", "Norsjö"]
    codes = dict(zip(read_kommuner_along_rivers()["kommun"], read_kommuner_along_rivers()["kommun_kod"], strict=True))
    for row in unverified:
        assert codes[row.kommun] == row.kommun_kod
        assert row.caveat_sv == "Räddningstjänstens organisationsnamn är inte bekräftat."
        assert "checked 2026-11-30 against ../shared/reference" in row.source
    for kommun, page in (("Storuman", "storuman.se"), ("Arjeplog", "arjeplog.se"), ("Sorsele", "Sorsele kommun"),
                         ("Arvidsjaur", "arvidsjaur.se")):
        assert (rows[kommun].verification, rows[kommun].caveat_sv, rows[kommun].form) == ("source", "", "kommunal")
        assert page in rows[kommun].source


def test_unverified_notes_name_the_unverified_organisations_among_those_asked_about():
    from directory.actors import unverified_notes_sv

    note = "Räddningstjänstens organisationsnamn är inte bekräftat."
    assert unverified_notes_sv(["Umeå kommun", "Norsjö kommuns räddningstjänst", "Malå kommuns räddningstjänst",
                                "Storumans kommuns räddningstjänst", "Räddningstjänsten Höga Kusten-Ådalen"]) == [
        f"Malå kommuns räddningstjänst och Norsjö kommuns räddningstjänst: {note}"]
    assert unverified_notes_sv(["Umeå kommun", "Vattenfall AB"]) == []
    every = unverified_notes_sv()
    assert every[0] == (
        f"Malå kommuns räddningstjänst och Norsjö kommuns räddningstjänst: {note}")
    unverified = {a.name for a in read_actor_directory().actors if a.verification == "unverified"}
    assert all(any(name in line for line in every) for name in unverified)
