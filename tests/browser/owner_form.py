"""Filling in the Ägarrapporter form as a person would (shared by the browser tests)."""

from __future__ import annotations

import re

from tests.browser.conftest import settle


def save_owner_report_in_form(page, plant: str, total: str, turbine: str, spillway: str,
                              name: str = "Anna Berg", organisation: str = "Vattenfall AB") -> None:
    """On an open Ägarrapporter page (local mode: the name is typed), store one report through the form
    and wait for the page to say it was saved."""
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label("Ditt namn").fill(name)
    main.get_by_label("Organisation").fill(organisation)
    main.get_by_label("Organisation").press("Enter")
    settle(page)
    field = main.get_by_role("combobox", name=re.compile("^Kraftverk")).first
    field.click()
    field.fill(plant)
    page.keyboard.press("Enter")
    main.get_by_label("Tappning totalt [m³/s]").fill(total)
    main.get_by_label("varav turbiner [m³/s]").fill(turbine)
    main.get_by_label("varav utskov [m³/s]").fill(spillway)
    main.get_by_role("button", name="Spara rapport").click()
    settle(page)
    main.get_by_text(re.compile(rf"^Rapporten för {re.escape(plant)} sparades")).wait_for()
