"""The badge's words for saved data say why: SMHI slow or SMHI not answering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pages._shared.status_badge import DataStatus, badge_text
from sources.models import DataOrigin

NOW = datetime(2026, 5, 19, 12, 0, tzinfo=UTC)
SLOW_NOTICE = "SMHI svarar långsamt – visar sparade data från kl. 11.00 (1 timme gamla). Sidan fylls i när svaret kommer."


def test_saved_data_while_smhi_is_slow_says_slow_also_on_a_page_without_a_wait_of_its_own():
    fetched = NOW - timedelta(hours=1)
    waiting = DataStatus(DataOrigin.CACHE, fetched, SLOW_NOTICE, notice_sv=SLOW_NOTICE, waiting_for=("observations",))
    # Another page takes the server's last load without its wait (it does not rerun for that fetch).
    taken_over = DataStatus(DataOrigin.CACHE, fetched, SLOW_NOTICE, notice_sv=SLOW_NOTICE)
    down = DataStatus(DataOrigin.CACHE, fetched, "Sparade data – SMHI svarar inte")

    assert badge_text(waiting, NOW) == "Sparade data från kl. 13.00 – SMHI svarar långsamt"
    assert badge_text(taken_over, NOW) == badge_text(waiting, NOW)
    assert badge_text(down, NOW) == "Sparade data från kl. 13.00 – SMHI svarar inte"
