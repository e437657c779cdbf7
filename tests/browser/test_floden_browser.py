"""Flöden in a real browser, with the app pointed at the fake SMHI server in a fault mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pages._shared.status_badge import DataStatus, badge_text
from settings import load_settings
from sources.http import build_session
from sources.models import DataOrigin
from sources.river_data import cache_banner
from tests.browser.conftest import assert_no_exception_box, save_screenshot, wait_for_app
from tests.browser.test_words_browser import TECHNICAL
from tests.fake_smhi.server import Fault
from tests.sources.test_river_data import _age_cache


def test_one_station_failing_shows_banner_and_the_other_stations_still_render(start_app, page, fake_smhi):
    fake_smhi.set_fault(Fault(status=503), station="2238")  # Sorsele answers 503 to every request
    server = start_app(
        ALVLAGET_MODE="live",
        ALVLAGET_SMHI_HYDROOBS_URL=fake_smhi.hydroobs_url,
        ALVLAGET_SMHI_WARNINGS_URL=fake_smhi.warnings_url,
    )
    page.goto(f"{server.url}/floden?alv=Umeälven")
    wait_for_app(page, "Flöden")
    page.get_by_text("1 av 11 stationer saknar aktuella data", exact=False).wait_for()
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    # The data grid draws on a canvas but keeps an accessible table of its cells in the DOM.
    for station in ("Granåker", "Sorsele", "Tängvattnet"):
        grid.locator("table").get_by_text(station, exact=True).first.wait_for(state="attached")
    assert page.locator('[data-testid="stSidebar"]').get_by_text("Aktuella data från SMHI").count() == 1
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 1
    assert_no_exception_box(page)
    save_screenshot(page, "floden-fault-one-station")


def test_restart_while_smhi_is_down_shows_the_last_real_data_with_its_age(start_app, page, fake_smhi, tmp_path):
    env = {
        "ALVLAGET_MODE": "live",
        "ALVLAGET_SMHI_HYDROOBS_URL": fake_smhi.hydroobs_url,
        "ALVLAGET_SMHI_WARNINGS_URL": fake_smhi.warnings_url,
        "ALVLAGET_DATA_DIR": str(tmp_path / "shared-data"),
    }
    first = start_app(**env)
    page.goto(f"{first.url}/floden?alv=Umeälven")
    wait_for_app(page, "Flöden")
    first.stop()

    # Three hours later SMHI is down and the app is restarted: only the on-disk cache is left.
    settings = load_settings(env)
    fetched = datetime.now(UTC) - timedelta(hours=3)
    _age_cache(build_session(settings, retries=0), fetched)
    fake_smhi.set_fault(Fault(status=503))
    second = start_app(**env)
    page.goto(f"{second.url}/floden?alv=Umeälven")
    wait_for_app(page, "Flöden")
    # The expected words come from the app's own formatters, so the test also holds when the fetch
    # lies before midnight in Sweden ("den 29 november kl. 22:36").
    page.get_by_text(cache_banner(fetched, datetime.now(UTC))).first.wait_for()
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text(badge_text(DataStatus(DataOrigin.CACHE, fetched))).count() == 1
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.locator("table").get_by_text("Granåker", exact=True).first.wait_for(state="attached")
    assert page.get_by_text("ÖVNING", exact=False).count() == 0
    # Saved data are "Sparade data", never "CACHE".
    assert TECHNICAL.findall(page.locator("body").inner_text()) == []
    assert_no_exception_box(page)
    save_screenshot(page, "floden-smhi-down-cache")
