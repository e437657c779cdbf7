"""Every page runs through the entry file without an exception and shows its Swedish heading."""

from __future__ import annotations

import pytest

from tests.app_testing import run_page

PAGES = [
    ("pages/lage.py", "Läget"),
    ("pages/floden.py", "Flöden"),
    ("pages/karta.py", "Karta"),
    ("pages/agarrapporter.py", "Ägarrapporter"),
    ("pages/meddelanden.py", "Meddelanden"),
    ("pages/mote.py", "Möte"),
    ("pages/handelser.py", "Händelser"),
    ("pages/om_data.py", "Om data"),
]


@pytest.mark.parametrize(("page", "heading"), PAGES)
def test_page_renders_with_heading_and_shared_sidebar(page, heading):
    at = run_page(page)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == heading
    assert at.sidebar.selectbox(key="river").options == ["Alla", "Ångermanälven", "Umeälven", "Skellefteälven"]


def test_exercise_mode_is_marked_on_every_page():
    for page, _heading in PAGES:
        at = run_page(page)
        assert any("ÖVNING" in e.value for e in at.error), page
        assert any("Övningsdata" in e.value for e in at.sidebar.error), page


def test_live_mode_badge_says_live(monkeypatch, fake_smhi):
    monkeypatch.setenv("ALVLAGET_MODE", "live")
    monkeypatch.setenv("ALVLAGET_SMHI_HYDROOBS_URL", fake_smhi.hydroobs_url)
    monkeypatch.setenv("ALVLAGET_SMHI_WARNINGS_URL", fake_smhi.warnings_url)
    at = run_page("pages/floden.py")
    assert not at.exception, [e.message for e in at.exception]
    assert "Aktuella data från SMHI" in at.sidebar.success[0].value
    assert not any("ÖVNING" in e.value for e in at.error)


def test_live_mode_with_smhi_unreachable_and_no_cache_falls_back_to_marked_exercise(monkeypatch):
    monkeypatch.setenv("ALVLAGET_MODE", "live")  # SMHI URLs point at a closed loopback port
    at = run_page("pages/floden.py")
    assert not at.exception, [e.message for e in at.exception]
    assert "Övningsdata – inte verkliga flöden" in at.sidebar.error[0].value
    banner = at.error[0].value
    assert banner.startswith("**ÖVNING** · Allt på sidan är övningsdata")
    assert "SMHI svarar inte och det finns inga sparade data – visar ÖVNINGSDATA" in banner


def test_river_choice_filters_the_page():
    at = run_page("pages/floden.py")
    at.sidebar.selectbox(key="river").set_value("Umeälven").run()
    assert at.query_params["alv"] == "Umeälven"
    assert [h.value for h in at.subheader][0] == "Umeälven"


def test_bad_configuration_is_explained_in_swedish_instead_of_a_crash(monkeypatch, caplog):
    monkeypatch.setenv("ALVLAGET_SCENARIO", "nonsense")
    at = run_page("pages/lage.py")
    assert not at.exception
    # The variable's name is for whoever configured the server: in its log.
    assert "Refused setting ALVLAGET_SCENARIO" in caplog.text and "'nonsense'" in caplog.text
    # In words for the people at the screen: what is wrong and who can put it right; no variable names.
    assert [e.value for e in at.error] == [
        "Appen kan inte starta: övningen ”nonsense” finns inte. Övningarna som finns: "
        "Vårflod i alla tre älvarna (varflod), 50-årsflöde i Umeälven (umealven-50), "
        "Dammbrott vid Hällbydammen i Ångermanälven (dammbrott-angermanalven). "
        "Den som sköter Älvläget på servern behöver rätta inställningen och starta om appen. "
        "Detaljer finns i serverns logg."
    ]
    monkeypatch.setenv("ALVLAGET_SCENARIO", "varflod")
    monkeypatch.setenv("ALVLAGET_MODE", "demo")
    at = run_page("pages/lage.py")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Appen kan inte starta: inställningen för om appen visar verkliga data eller en övning är fel. "
        "Tillåtna värden: live eller exercise. Den som sköter Älvläget på servern behöver rätta inställningen "
        "och starta om appen. Detaljer finns i serverns logg."
    ]
    assert "Refused setting ALVLAGET_MODE: ALVLAGET_MODE must be 'live' or 'exercise', not 'demo'" in caplog.text
