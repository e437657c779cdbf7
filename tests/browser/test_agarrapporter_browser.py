"""End to end in Debian Chromium: owner reports from the form, a file and a polled URL appear on
Flöden, Karta, Läget and in a new draft, each with owner, time and age.

The app runs the exercise (the test environment's mode), so the reports are ÖVNING reports; the feed is
a real local HTTP server publishing the owner's file.
"""

from __future__ import annotations

import re
from datetime import timedelta

from language.sv import format_clock, to_local
from settings import load_settings
from sources.exercise.adapter import scenario_now
from tests.browser.conftest import (
    assert_no_exception_box,
    new_draft_body,
    save_screenshot,
    settle,
    wait_for_app,
)
from tests.browser.owner_form import save_owner_report_in_form

NB = "\u00a0"


def _local(moment) -> str:
    return f"{to_local(moment):%Y-%m-%d %H:%M}"


def test_form_file_and_feed_reports_reach_every_page(start_app, page, owner_feed_server, monkeypatch, tmp_path):
    # The server's data folder (start_app's first) holds the scenario clock; read "now" from it.
    monkeypatch.setenv("ALVLAGET_DATA_DIR", str(tmp_path / "data-0"))
    now = scenario_now(load_settings())
    feed_time, file_time = now - timedelta(hours=3), now - timedelta(hours=4)
    owner_feed_server.publish(
        "/vattenfall/pengfors.csv",
        f"kraftverk;rapporttid;tappning_m3s;utskov_m3s\nPengfors;{_local(feed_time)};1 100;200\n".encode("cp1252"),
    )
    server = start_app(ALVLAGET_OWNER_FEEDS=f"Vattenfall AB={owner_feed_server.url('/vattenfall/pengfors.csv')}")

    page.goto(f"{server.url}/agarrapporter?alv=Umeälven")
    wait_for_app(page, "Ägarrapporter")
    save_owner_report_in_form(page, "Stornorrfors", total="1450", turbine="850", spillway="600")
    main = page.locator('[data-testid="stMain"]')

    # 1. The form (above); 2. a file as Swedish Excel saves it (Windows-1252, semicolons, decimal comma).
    main.get_by_role("tab", name="Läs in fil").click()
    settle(page)
    csv = f"Kraftverk;Rapporttid;Tappning_m3s;Organisation\nBålforsen;{_local(file_time)};1 020,5;Uniper\n"
    main.locator('input[type="file"]').set_input_files(
        {"name": "balforsen.csv", "mimeType": "text/csv", "buffer": csv.encode("cp1252")}
    )
    settle(page)
    main.get_by_role("button", name="Läs in filen").click()
    settle(page)
    main.get_by_text("balforsen.csv: 1 rapport sparade (teckenkodning Windows-1252, CSV).").wait_for()
    assert_no_exception_box(page)
    save_screenshot(page, "agarrapporter-three-ways")

    # Läget: one line per report with owner, time and age.
    page.goto(f"{server.url}/lage?alv=Umeälven")
    wait_for_app(page, "Läget")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Stornorrfors: ÖVNING: Enligt Vattenfall AB kl. " in text
    assert f": 1{NB}450 m³/s, varav 600 m³/s genom utskov (" in text
    # 3. the feed, polled on the first page load of the server.
    assert "Pengfors: ÖVNING: Enligt Vattenfall AB " in text
    assert f"kl. {format_clock(feed_time)}: 1{NB}100 m³/s, varav 200 m³/s genom utskov (3 timmar gammal)" in text
    assert "Bålforsen: ÖVNING: Enligt Uniper " in text
    assert f"kl. {format_clock(file_time)}: 1{NB}021 m³/s (4 timmar gammal)" in text
    assert_no_exception_box(page)

    # Flöden: the owner table (accessible cells of the grid) with source and age.
    page.goto(f"{server.url}/floden?alv=Umeälven")
    wait_for_app(page, "Flöden")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    for cell in ("Stornorrfors", "Bålforsen", "Pengfors", "ÖVNING: Uniper", "3 timmar gammal"):
        grid.locator("table").get_by_text(cell, exact=True).first.wait_for(state="attached", timeout=30_000)
    assert_no_exception_box(page)

    # Karta: the reported plants as their own legend entries.
    page.goto(f"{server.url}/karta?alv=Umeälven")
    wait_for_app(page, "Karta")
    page.locator('[data-testid="stPlotlyChart"]').first.get_by_text(
        re.compile(r"^Ägarrapport: ")
    ).first.wait_for(timeout=60_000)
    assert_no_exception_box(page)

    # A new draft quotes all three.
    body = new_draft_body(page, f"{server.url}/meddelanden?alv=Umeälven")
    for line in ("- Bålforsen: Enligt Uniper ", "- Pengfors: Enligt Vattenfall AB ", "- Stornorrfors: Enligt Vattenfall AB "):
        assert line in body
    assert f"1{NB}450 m³/s, varav 600 m³/s genom utskov (källa: ÖVNING)." in body
    assert_no_exception_box(page)
