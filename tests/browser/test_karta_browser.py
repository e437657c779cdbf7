"""Browser: open /karta on a fresh server, see the offline map, choose a dam in Dammbrott, get the table."""

from __future__ import annotations

from tests.browser.conftest import assert_no_exception_box, save_screenshot, settle, wait_for_app


def fail_dam(page, name: str) -> None:
    """Choose ``name`` as the failing dam on the open Dammbrott tab and wait for the arrival table."""
    combobox = page.get_by_role("combobox", name="Damm som brister")
    combobox.click()
    combobox.fill(name)
    page.keyboard.press("Enter")
    page.get_by_text("Ankomsttider för flodvågen").wait_for()
    settle(page, 60_000)
    assert_no_exception_box(page)


def test_karta_dam_failure_in_a_real_browser(start_app, page):
    server = start_app(ALVLAGET_MODE="exercise")
    page.goto(f"{server.url}/karta")
    wait_for_app(page, "Karta")
    assert_no_exception_box(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.wait_for()
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # let MapLibre paint before the screenshot
    save_screenshot(page, "karta-map")

    page.get_by_role("tab", name="Dammbrott").click()
    settle(page)
    assert "flik=Dammbrott" in page.url  # the open tab is part of a shareable link
    fail_dam(page, "Harrsele")
    page.get_by_text("Grov uppskattning", exact=False).first.wait_for()
    page.get_by_text("Ankomsttider för flodvågen").scroll_into_view_if_needed()
    save_screenshot(page, "karta-dammbrott")


def test_failing_lovon_shows_the_faxalven_cascade_downstream(start_app, page):
    server = start_app(ALVLAGET_MODE="exercise")
    page.goto(f"{server.url}/karta?flik=Dammbrott")
    wait_for_app(page, "Karta")
    settle(page)
    fail_dam(page, "Lövön")
    order = page.get_by_text("I ordning nedströms:", exact=False)
    order.wait_for()
    assert order.inner_text() == (
        "I ordning nedströms: Storfinnforsen, Ramsele, Edsele, Forsse, Hjälta, Sollefteåforsen"
    )
    save_screenshot(page, "karta-dammbrott-lovon")
