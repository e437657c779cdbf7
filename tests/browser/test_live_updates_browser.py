"""Live updates on one server: an owner report saved in one browser session appears in others — on
Läget and on Karta — without a reload, within the configured interval (here 2 s) and one page run.

Each watching page learns of the report from the ``owners`` change counter it polls
(``pages/_shared/live.watch_changes``); a marker set in its window before the report proves the page
was not reloaded.
"""

from __future__ import annotations

import re

from tests.browser.conftest import assert_no_exception_box, wait_for_app
from tests.browser.owner_form import save_owner_report_in_form

#: Longest wait for the report to show on a watching page [ms]: the interval plus a page run on a
#: loaded machine. Speed is measured by bench/replicas.py; this test checks that it happens at all.
SHOWS_WITHIN_MS = 90_000


def test_an_owner_report_saved_in_one_session_appears_in_the_others_without_reload(browser, start_app):
    server = start_app(ALVLAGET_LIVE_INTERVAL_S="2")
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE") for _ in range(3)]
    try:
        writing, on_lage, on_karta = (context.new_page() for context in contexts)
        on_lage.goto(f"{server.url}/lage?alv=Umeälven")
        wait_for_app(on_lage, "Läget")
        on_karta.goto(f"{server.url}/karta?alv=Umeälven")
        wait_for_app(on_karta, "Karta")
        assert "Stornorrfors: ÖVNING: Enligt Vattenfall AB" not in on_lage.locator('[data-testid="stMain"]').inner_text()
        assert on_karta.get_by_text(re.compile(r"^Ägarrapport: ")).count() == 0
        for watching in (on_lage, on_karta):
            watching.evaluate("window.alvlagetNotReloaded = true")

        writing.goto(f"{server.url}/agarrapporter?alv=Umeälven")
        wait_for_app(writing, "Ägarrapporter")
        save_owner_report_in_form(writing, "Stornorrfors", total="1450", turbine="850", spillway="600")

        on_lage.locator('[data-testid="stMain"]').get_by_text(
            re.compile(r"Stornorrfors: ÖVNING: Enligt Vattenfall AB kl\. ")
        ).first.wait_for(timeout=SHOWS_WITHIN_MS)
        on_karta.locator('[data-testid="stPlotlyChart"]').first.get_by_text(
            re.compile(r"^Ägarrapport: ")
        ).first.wait_for(timeout=SHOWS_WITHIN_MS)
        for watching in (on_lage, on_karta):
            assert watching.evaluate("window.alvlagetNotReloaded") is True
            assert_no_exception_box(watching)
    finally:
        for context in contexts:
            context.close()
