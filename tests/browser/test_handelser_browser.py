"""Händelser end to end in Debian Chromium: an event declared in one browser session appears in another
without reload; the dam-failure exercise leads every page; owner arrival data is shared and survives a restart.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.conftest import (
    assert_no_exception_box,
    choose_option,
    new_draft_body,
    settle,
    wait_for_app,
)

pytestmark = pytest.mark.timeout(900)

CLOCK = re.compile(r"kl\. \d\d\.\d\d")
OWNER_FILE = (
    "damm;plats;typ;ankomst_h;topp_h;toppflode_m3s;hogsta_niva_m;kalla\n"
    "Hällbydammen;Nyland;ort;10–12;13;4100;;Uniper dammbrottsutredning\n"
).encode("cp1252")


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.set_default_timeout(180_000)
    return context.new_page()


def _start_after_failure(start_app, data_dir, hours: float):
    """A server in the dam-failure exercise whose shared clock stands ``hours`` after the failure."""
    from settings import load_settings
    from sources.exercise.clock import ScenarioClock, write_clock
    from sources.exercise.scenarios import get_scenario_spec

    spec = get_scenario_spec("dammbrott-angermanalven")
    failed_at = spec.start_utc + spec.dam_failures[0].after_start
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = load_settings({"ALVLAGET_DATA_DIR": str(data_dir)})
    write_clock(settings, ScenarioClock(failed_at + timedelta(hours=hours), datetime.now(UTC), paused=True))
    return start_app(ALVLAGET_MODE="exercise", ALVLAGET_SCENARIO="dammbrott-angermanalven",
                     ALVLAGET_DATA_DIR=str(data_dir))


def _open_handelser_tab(page, url: str, name: str, organisation: str, tab: str) -> None:
    """Open Händelser as ``name`` of ``organisation`` on the tab ``tab``."""
    page.goto(f"{url}/handelser")
    wait_for_app(page, "Händelser")
    page.get_by_label("Ditt namn").fill(name)
    page.get_by_label("Organisation").fill(organisation)
    settle(page)
    page.get_by_role("tab", name=tab).click()
    settle(page)


def test_an_event_declared_in_one_session_appears_in_another_without_reload(start_app, page, browser):
    server = start_app(ALVLAGET_MODE="exercise", ALVLAGET_SCENARIO="varflod")
    watcher = _new_page(browser)
    watcher.goto(f"{server.url}/lage")
    wait_for_app(watcher, "Läget")
    assert watcher.get_by_text("DAMMBROTT", exact=False).count() == 0

    _open_handelser_tab(page, server.url, "Anna Berg", "Länsstyrelsen Västernorrland", "Deklarera")
    # Dam, place, start and description are one form: filled in without a rerun, sent by the button.
    form = page.locator('[data-testid="stForm"]').filter(has_text="Deklarera händelsen")
    choose_option(page, "Damm", "Hällby")
    form.get_by_label("Damm eller sträcka som den heter i dagligt tal").fill("Hällbydammen")
    form.get_by_label("Kort beskrivning").fill("Dammen har brustit.")
    form.get_by_role("button", name="Deklarera händelsen").click()
    page.get_by_text("Händelsen ”Dammbrott – Hällbydammen” är deklarerad och syns nu för alla.").wait_for()
    assert_no_exception_box(page)

    # The other session notices through its polling fragment: no reload, no click.
    watcher.get_by_text("ÖVNING · DAMMBROTT – Hällbydammen", exact=False).first.wait_for(timeout=120_000)
    assert watcher.get_by_text("Nått:", exact=False).count() >= 1
    assert_no_exception_box(watcher)


@pytest.mark.parametrize(
    "path",
    ["lage", "mote?vy=presentation", "karta", "meddelanden?alv=%C3%85ngerman%C3%A4lven", "mote"],
)
def test_the_dam_failure_exercise_leads_every_page(start_app, page, tmp_path, path):
    server = _start_after_failure(start_app, tmp_path / "shared-data", hours=5)
    page.goto(f"{server.url}/{path}")
    # The meeting screen shows the event as a two-line strip under the screen's one ÖVNING line; the
    # other pages lead with the banner, which carries its own ÖVNING mark.
    headline = "DAMMBROTT – Hällbydammen, kl. 18.00" if path.startswith("mote?vy=") else \
        "ÖVNING · DAMMBROTT – Hällbydammen, kl. 18.00"
    page.get_by_text(headline, exact=False).first.wait_for()
    settle(page)
    assert_no_exception_box(page)
    banner = page.locator("[role='alert']").filter(has_text=re.compile("DAMMBROTT – Hällbydammen")).first.inner_text()
    assert "Nått:" in banner and CLOCK.search(banner), banner
    text = page.locator("section.main, [data-testid='stMain']").first.inner_text()
    assert "Dammbrott" in text or "DAMMBROTT" in text
    assert "Hällbydammen" in text
    assert not re.search(r"Ångermanälven[^\n]*% per dygn", text)


def test_owner_arrival_file_is_shared_and_survives_a_restart(start_app, page, browser, tmp_path):
    data_dir = tmp_path / "shared-data"
    server = _start_after_failure(start_app, data_dir, hours=1)
    _open_handelser_tab(page, server.url, "Karin Ek", "Uniper", "Ankomsttider")
    page.locator("input[type='file']").set_input_files(
        {"name": "hallby.csv", "mimeType": "text/csv", "buffer": OWNER_FILE}
    )
    settle(page)
    page.get_by_role("button", name="Importera filen").click()
    page.get_by_text("1 rad för Hällby importerad (teckenkodning Windows-1252).").wait_for()

    other = _new_page(browser)
    other.goto(f"{server.url}/lage")
    wait_for_app(other, "Läget")
    other.get_by_text("Dammägarens uppgifter importerade", exact=False).first.wait_for()
    assert "av Karin Ek (Uniper)" in other.get_by_text("Dammägarens uppgifter importerade", exact=False).first.inner_text()

    server.stop()
    restarted = start_app(ALVLAGET_MODE="exercise", ALVLAGET_SCENARIO="dammbrott-angermanalven",
                          ALVLAGET_DATA_DIR=str(data_dir))
    other.goto(f"{restarted.url}/lage")
    wait_for_app(other, "Läget")
    other.get_by_text("Dammägarens uppgifter importerade", exact=False).first.wait_for()

    # The owner's figures are what the drafts use after the restart: a VMA request written in the other session
    # gives Nyland the owner's 10–12 h and 13 h to the peak after the failure (kl. 18.00), not the estimate.
    body = new_draft_body(other, f"{restarted.url}/meddelanden?alv=%C3%85ngerman%C3%A4lven",
                          kind_label="Dammbrott: begäran om VMA")
    assert "- Nyland (ort, Kramfors): vattnet väntas 10 maj kl. 04.00–06.00, högsta flöde 10 maj kl. 07.00 " in body, body
    assert "– dammägarens uppgift." in body and "(antagande)" in body
    assert_no_exception_box(other)
