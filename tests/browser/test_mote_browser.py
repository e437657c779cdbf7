"""The dam-failure exercise end to end in Debian Chromium: scenario, clock, meeting, log, ticks, view, minutes.

One fresh `streamlit run dashboard.py` in exercise mode; every step is what an exercise leader does.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_exception_box, save_screenshot, settle, wait_for_app

pytestmark = pytest.mark.timeout(600)

OVNING = "ÖVNING – ÖVNING – ÖVNING"
#: "kl. 21.40–22.30" (or with a date where the day changes)
CLOCK_RANGE = re.compile(r"kl\. \d\d\.\d\d–(\d+ \w+ kl\. )?\d\d\.\d\d")


def click_button(page, label: str, nth: int = 0) -> None:
    page.get_by_role("button", name=label, exact=True).nth(nth).click()
    settle(page)


def _banner(page) -> str:
    """The text of the declared dam failure's red block at the top of the page."""
    return page.locator("[role='alert']").filter(has_text="DAMMBROTT – Hällbydammen").first.inner_text()


def test_dam_failure_exercise_end_to_end(start_app, page, tmp_path):
    server = start_app(ALVLAGET_MODE="exercise", ALVLAGET_SCENARIO="varflod")
    # ?alv= chooses the river in the shared sidebar, so the meeting defaults to Ångermanälven.
    page.goto(f"{server.url}/mote?alv=%C3%85ngerman%C3%A4lven")
    wait_for_app(page, "Möte")
    settle(page, 180_000)
    assert page.get_by_text("Övningsledning — ÖVNING").count() == 1
    assert page.get_by_text(re.compile("DAMMBROTT")).count() == 0  # the spring flood declares nothing

    # Choose and start the dam-failure exercise: the scenario declares its own event, marked ÖVNING.
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Övningsscenario").click()
    page.get_by_role("option", name="Dammbrott vid Hällbydammen i Ångermanälven (dammbrott-angermanalven)").click()
    settle(page)
    click_button(page, "Starta övningen")
    page.get_by_text("ÖVNING · DAMMBROTT – Hällbydammen, kl.", exact=False).first.wait_for(timeout=180_000)
    settle(page, 180_000)
    page.get_by_text("Scenario: Dammbrott vid Hällbydammen i Ångermanälven", exact=False).first.wait_for()
    # What has been reached and the next place with its arrival as a clock range; the full per-place table below.
    banner = _banner(page)
    assert "Nått: Sollefteå (kommungräns)." in banner, banner
    assert re.search(r"Nästa: Gulsele \(damm\) " + CLOCK_RANGE.pattern, banner), banner
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1

    # Advance the scenario clock by one hour: the front has passed Gulsele (at most 0.9 h below the dam).
    scenario_line = page.get_by_text("Scenariotid:", exact=False).first
    before = scenario_line.inner_text()
    click_button(page, "Framåt 1 timme")
    page.wait_for_function(
        "(before) => ![...document.querySelectorAll('p')].some(p => p.innerText === before)", arg=before,
        timeout=60_000,
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"[role='alert']\")].some(a => a.innerText.includes('Nått: Sollefteå (kommungräns), Gulsele (damm)'))",
        timeout=120_000,
    )

    # Start a meeting on Ångermanälven.
    start_form = page.locator('[data-testid="stForm"]').filter(has_text="Starta mötet")
    start_form.get_by_label("Ditt namn").fill("Anna Berg")
    click_button(page, "Starta mötet")
    page.get_by_text("Möte nr 1 startat och lägesbilden frusen.").wait_for(timeout=180_000)
    settle(page, 180_000)

    # Who to coordinate with follows the declared event: its river below the dam, no picker to set.
    page.get_by_text("Utifrån händelsen Dammbrott – Hällbydammen: Ångermanälven nedströms dammen.").wait_for()
    desk = page.locator('[data-testid="stMain"]').inner_text()
    for name in ("Uniper", "Sollefteå kommun", "Kramfors kommun", "Härnösands kommun", "SOS Alarm",
                 "Länsstyrelsen Västernorrland", "Myndigheten för civilt försvar"):
        assert name in desk, name
    for other_river in ("Umeå kommun", "Skellefteå kommun", "Skellefteå Kraft", "Länsstyrelsen Västerbotten"):
        assert other_river not in desk, other_river
    assert page.get_by_role("radiogroup", name="Händelse").count() == 0
    assert page.locator('[data-testid="stSelectbox"]').filter(has_text="Damm").count() == 0

    # Who writes in the log.
    name_box = page.get_by_label("Ditt namn (skrivs i loggen)")
    name_box.fill("Anna Berg")
    name_box.press("Enter")
    settle(page)

    # Two log entries.
    log_form = page.locator('[data-testid="stForm"]').filter(has_text="Spara i loggen")
    log_form.get_by_label("Text").fill("Beslut: utrym Nyland och Kramfors centrum före kl. 18.")
    log_form.get_by_role("button", name="Spara i loggen").click()
    page.get_by_text("Beslut sparad i loggen.").wait_for()
    settle(page)
    log_form = page.locator('[data-testid="stForm"]').filter(has_text="Spara i loggen")
    log_form.locator('[data-testid="stRadio"] label').filter(has_text="Information").first.click()
    log_form.get_by_label("Text").fill("Uniper bekräftar brott i Hällbydammen kl. 16.10.")
    log_form.get_by_role("button", name="Spara i loggen").click()
    page.get_by_text("Information sparad i loggen.").wait_for()
    settle(page)

    # Tick two actors informed.
    for expected in (1, 2):
        click_button(page, "Markera informerad")
        page.get_by_text("Informerad kl.", exact=False).nth(expected - 1).wait_for()
    settle(page)
    assert_no_exception_box(page)
    save_screenshot(page, "mote-exercise-desk")

    # Export the minutes (Word and PDF), both marked ÖVNING.
    word_button = page.get_by_role("button", name="Minnesanteckningar (Word)")
    # While a rerun finishes, Streamlit can briefly show the old button beside the new one.
    expect(word_button).to_have_count(1, timeout=180_000)
    with page.expect_download() as download_info:
        word_button.click()
    download = download_info.value
    assert download.suggested_filename == "minnesanteckningar-mote-1-OVNING.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    word = docx.Document(io.BytesIO(path.read_bytes()))
    texts = [p.text for p in word.paragraphs if p.text]
    assert texts[0] == texts[-1] == OVNING
    log_rows = [[c.text for c in row.cells] for row in word.tables[-1].rows]
    kind = log_rows[0].index("Typ")  # an exercise's table has both clocks before it
    assert [r[kind] for r in log_rows[1:]] == ["Beslut", "Information", "Informerad", "Informerad"]
    settle(page)
    with page.expect_download() as pdf_info:
        page.get_by_role("button", name="Minnesanteckningar (PDF)").click()
    assert pdf_info.value.suggested_filename == "minnesanteckningar-mote-1-OVNING.pdf"
    pdf_path = tmp_path / "minutes.pdf"
    pdf_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")

    # The presentation view by URL, in a shared 1280×720 window.
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server.url}/mote?vy=presentation&alv=%C3%85ngerman%C3%A4lven")
    wait_for_app(page, "Möte")
    settle(page, 120_000)
    page.get_by_text("Allt på sidan är övningsdata, inte verkliga flöden.", exact=False).wait_for()
    page.get_by_text("Beslut: utrym Nyland och Kramfors centrum före kl. 18.", exact=False).wait_for()
    assert page.locator("h2", has_text="Ångermanälven").count() >= 1
    banner = _banner(page)
    # The meeting screen's event strip: no ÖVNING of its own (the screen's one ÖVNING line is above),
    # the furthest place reached, and the places ahead with clock ranges.
    assert banner.startswith("DAMMBROTT – Hällbydammen, kl.") and "Nått: Gulsele (damm)" in banner, banner
    assert CLOCK_RANGE.search(banner), banner
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert_no_exception_box(page)
    save_screenshot(page, "mote-presentation")
