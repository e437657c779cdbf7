"""Every page opened by direct URL on a freshly started server shows the frame and its heading.

A fresh server per page on purpose: Streamlit's legacy ``pages/`` handling only affects the first
script run of a new server process (see ``pages/_shared/frame.py``).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_exception_box, save_screenshot, wait_for_app

#: Every page of the navigation (``pages/_shared/frame.page_definitions``) by its URL path and heading.
PAGES = [("", "Läget"), ("lage", "Läget"), ("floden", "Flöden"), ("karta", "Karta"), ("meddelanden", "Meddelanden"), ("mote", "Möte"),
         ("handelser", "Händelser"), ("agarrapporter", "Ägarrapporter"), ("om-data", "Om data"), ("admin", "Administration")]


@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_direct_url_on_fresh_server_shows_frame_and_heading(start_app, page, path, heading):
    server = start_app(ALVLAGET_MODE="exercise")
    page.goto(f"{server.url}/{path}")
    wait_for_app(page, heading)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Älv", exact=True).count() >= 1
    assert sidebar.get_by_text("ÖVNING", exact=False).count() >= 1
    nav_links = page.locator('[data-testid="stSidebarNav"] a')
    # A link's text is its material icon's ligature name, then the title: keep the title.
    assert [nav_links.nth(i).inner_text().split("\n")[-1] for i in range(nav_links.count())] == [
        "Läget", "Flöden", "Karta", "Ägarrapporter", "Meddelanden", "Möte", "Om data", "Händelser", "Administration",
    ]
    assert page.get_by_text("Källor:", exact=False).count() >= 1
    assert_no_exception_box(page)
    save_screenshot(page, f"page-{path or 'start'}")
