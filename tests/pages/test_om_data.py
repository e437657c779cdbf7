"""Om data: the sources with their licences, the open questions and what each dam and actor rests on."""

from __future__ import annotations

from tests.app_testing import run_page


def test_om_data_lists_sources_licences_open_questions_and_the_facts_behind_dams_and_actors():
    at = run_page("pages/om_data.py")
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Om data"
    assert [h.value for h in at.subheader] == [
        "Källor och licenser", "Öppna frågor", "Dammar och kraftverk", "Aktörer, nätverk och räddningstjänster",
    ]
    sources = at.dataframe[0].value
    smhi = sources[sources["Källa"].str.startswith("SMHI öppna data")].iloc[0]
    assert smhi["Licens"] == "CC BY 4.0, ange källan SMHI"
    assert "CC BY-SA 4.0" in set(sources["Licens"])

    questions = [t.value for t in at.text]
    assert "• Källorna är oense om ägaren av Lövön: Uniper (visas, senast belagd) eller Statkraft." in questions
    assert "• Ingen källa för ägaren (och ingen rad i referenstabellen över dammar): Blåsjön, " \
        "Borgforsen, Bågede, Fjällsjö, Junsterforsen, Ormsjön, Sil, Storsjouten, Vojmsjön." in questions
    inferred = next(q for q in questions if q.startswith("• Ägaren är härledd, inte bekräftad: "))
    assert "Linnvasselv" in inferred and "Bodum" in inferred  # CARMA 2009: E.ON AG, whose hydropower is Uniper's
    assert "Ransaren" in inferred  # ÅVF commissions the dam's safety upgrade (ncc.se); no source says it owns it
    assert "Ramsele" not in inferred and "Edensforsen" not in inferred  # E.ON's own work there is the source
    assert "• Eget läge saknas i källorna för Linnvasselv, Ormsjön, Rebnisjaure, Storavan-Uddjaur, Storsjouten, " \
        "Sädvajaure: " \
        "kartan visar var vattnet " \
        "når den ritade älven." in questions
    assert any(q.startswith("• Inte verifierat: Malå kommuns räddningstjänst, Norsjö kommuns räddningstjänst")
               for q in questions)
    assert any(q.startswith("• Linnvasselv: kraftverkets läge") for q in questions)
    # No public source gives the regulation limits: said, with where the owners give them.
    assert any(q.startswith("• Dämnings- och sänkningsgräns (vattendom) saknas för ") and
               q.endswith("Dammägarna anger dem med sin rapport (sidan Ägarrapporter); utan dem visas vattenytan utan "
                          "gränser.") for q in questions)
    assert "Dammägarnas rapporter (ägarrapporter i Älvläget)" in set(sources["Källa"])
    assert any(q.startswith("• Borgasjön, Storsjouten och Ormsjön är regleringsmagasin i kaskadmodellen") for q in questions)

    dams = at.dataframe[1].value.set_index("Anläggning")
    assert dams.loc["Tuggen", "Effekt"] == "98 MW"
    assert dams.loc["Tuggen", "Osäkert"] == "Annan källa anger 118 MW."
    assert dams.loc["Hornavan", "Effekt"] == "regleringsdamm (ingen kraftstation)"
    assert dams.loc["Lövön", "Ägaruppgift"] == "källorna oense"
    assert dams.loc["Lövön", "Annan uppgift om ägare"] == (
        "Statkraft (sverigesradio.se 2005 (artikel 650445: Lövön sold by Sydkraft to Statkraft))"
    )
    assert dams.loc["Linnvasselv", "Läge"] == "okänt (punkten är där vattnet når älven)"
    assert dams.loc["Vojmsjön", "Läge"] == "uppskattat"
    assert dams.loc["Vojmsjön", "Älv"] == "Vojmån"
    # What no source confirms is said per row: Linnvasselv's and Vojmsjön's owners, Linnvasselv's and
    # Storavan-Uddjaur's positions (../shared/reference has no row for them).
    assert dams.loc["Linnvasselv", "Ej verifierat"] == "ägare, läge"
    assert dams.loc["Vojmsjön", "Ej verifierat"] == "ägare, läge"
    assert dams.loc["Storavan-Uddjaur", "Ej verifierat"] == "läge"
    for regulation_dam in ("Sädvajaure", "Rebnisjaure"):  # owner sourced (skelleftealven.se, Aftonbladet), point not
        assert dams.loc[regulation_dam, "Ägare"] == "Skellefteälvens Vattenregleringsföretag"
        assert dams.loc[regulation_dam, "Ej verifierat"] == "läge"
    assert dams.loc["Borgasjön", "Ej verifierat"] == "läge"  # owner (Aftonbladet) and kommun (Borgafjäll) sourced
    assert dams.loc["Borgasjön", "Ägare"] == "Statkraft"
    assert (dams.loc["Ransaren", "Ägare"], dams.loc["Ransaren", "Ej verifierat"]) == (
        "Ångermanälvens vattenregleringsföretag", "ägare, läge")
    assert dams.loc["Stornorrfors", "Ej verifierat"] == ""
    assert "no row in dams_three_rivers.csv" in dams.loc["Storavan-Uddjaur", "Källa läge"]
    assert any(q.startswith("• Storavan-Uddjaur: regleringsdammens eget läge finns inte i källorna") for q in questions)

    actors = at.dataframe[2].value.set_index("Aktör")
    assert actors.loc["NordSam", "Medlemmar"] == (
        "Länsstyrelserna i Norrbottens, Västerbottens, Västernorrlands, Jämtlands, Gävleborgs och Dalarnas län"
    )
    assert actors.loc["Räddningstjänsten Höga Kusten-Ådalen", "Medlemmar"].startswith("Sollefteå, Kramfors, Härnösand")
    # The räddningstjänster that no source names (../shared/reference names none) say so on screen; the four
    # the kommuner's own pages confirm are verified.
    for kommun in ("Malå", "Norsjö"):
        row = actors.loc[f"{kommun} kommuns räddningstjänst"]
        assert (row["Verifierat"], row["Anmärkning"]) == ("nej", "Räddningstjänstens organisationsnamn är inte bekräftat.")
    for kommun in ("Storumans", "Arjeplogs", "Sorsele", "Arvidsjaurs"):
        assert (actors.loc[f"{kommun} kommuns räddningstjänst", "Verifierat"]) == "ja"
    assert not any(q.startswith("• Inte verifierat: ") and "Sorsele kommuns räddningstjänst" in q for q in questions)
    assert actors.loc["Myndigheten för civilt försvar", "Verifierat"] == "ja"
