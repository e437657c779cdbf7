"""Läget in a real browser: each river's card shows its headline in words and symbol."""

from __future__ import annotations

from hydrology.schematic import LAYOUT_WIDTH_COMPACT_PX
from tests.browser.conftest import (
    SCREENSHOT_DIR,
    assert_no_exception_box,
    save_screenshot,
    settle,
    wait_for_app,
)
from tests.browser.test_meeting_screen_browser import LABEL_BOXES_JS, _overlapping
from tests.browser.test_words_browser import TECHNICAL
from tests.pages.test_lage import _place_flows

# Umeälven's Vindelälven gauges placed at a 50-year flow (above the yellow warning there); SMHI's orange
# warning decides Ångermanälven; Skellefteälven's main stem has only power-station gauges without
# recent values from SMHI, so nothing decides there.
HEADLINES = {"Ångermanälven": "⚠⚠ Orange varning", "Umeälven": "◆ ≥ 50-årsflöde", "Skellefteälven": "? Okänd"}


def test_each_river_card_shows_its_status_in_words_and_symbol(start_app, page, fake_smhi, monkeypatch):
    monkeypatch.setenv("ALVLAGET_MODE", "live")
    monkeypatch.setenv("ALVLAGET_SMHI_HYDROOBS_URL", fake_smhi.hydroobs_url)
    _place_flows(fake_smhi, {"Umeälven": "≥ 50-årsflöde"})
    server = start_app(
        ALVLAGET_MODE="live",
        ALVLAGET_SMHI_HYDROOBS_URL=fake_smhi.hydroobs_url,
        ALVLAGET_SMHI_WARNINGS_URL=fake_smhi.warnings_url,
    )
    page.goto(server.url)
    wait_for_app(page, "Läget")
    main = page.locator('[data-testid="stMain"]')
    headings = main.get_by_role("heading", level=3).all_inner_texts()
    assert headings[:3] == list(HEADLINES)
    for river, headline in HEADLINES.items():
        # The status block of the card: symbol and word together (colour is never the only carrier).
        block = main.get_by_text(headline, exact=True)
        assert block.count() == 1, river
    assert page.locator('[data-testid="stSidebar"]').get_by_text("Aktuella data från SMHI").count() == 1
    assert main.get_by_text("ÖVNING", exact=False).count() == 0
    # With SMHI's real data too, no word of the machinery (LIVE, CACHE, ALVLAGET_…) on the page.
    assert TECHNICAL.findall(page.locator("body").inner_text()) == []
    assert_no_exception_box(page)
    save_screenshot(page, "lage-live-bands")
    # At 1280×720 each card's charts (the small älvschema too) are drawn at least as wide as the schema's
    # words are laid out for, and no two of its words overlap as drawn.
    page.set_viewport_size({"width": 1280, "height": 720})
    settle(page)
    page.locator('[data-testid="stPlotlyChart"]').nth(2).wait_for()
    page.wait_for_timeout(1500)  # the charts draw their text after the element appears
    widths = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg'))
        .map(svg => svg.getBoundingClientRect().width)""")
    assert widths and min(widths) >= LAYOUT_WIDTH_COMPACT_PX, widths
    charts = page.evaluate(LABEL_BOXES_JS)
    assert len(charts) >= 3
    assert [(i, _overlapping(chart)) for i, chart in enumerate(charts) if _overlapping(chart)] == []
    # The key places near the sea crowd on a 230 px card: each card names them in a line under its schema,
    # readable without hovering (the schema itself names only those it has room for).
    mouths = main.get_by_text("Närmast havet:", exact=False)
    assert mouths.count() == 3
    for line, places in zip(mouths.all_inner_texts(), (("Nyland", "Kramfors"), ("Umeå", "Stornorrfors"),
                                                       ("Skellefteå", "Kvistforsen")), strict=True):
        assert all(place in line for place in places), line
    for i in range(3):
        box = mouths.nth(i).bounding_box()
        assert box is not None and box["width"] >= 100 and box["height"] >= 10, box
    save_screenshot(page, "lage-live-bands-1280x720")
    for i, chart in enumerate(page.locator('[data-testid="stPlotlyChart"]').all()):  # each chart as drawn
        chart.screenshot(path=str(SCREENSHOT_DIR / f"lage-chart-{i + 1}-1280x720.png"))
