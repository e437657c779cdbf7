"""Two app servers on one PostgreSQL: an approval made on one shows on the other without a reload.

The servers share nothing but the database (each has its own data folder). The page on the second
server learns of the approval from the change counter it polls (``pages/_shared/live.watch_changes``)
and reruns by itself; a marker set in its window before the approval proves the page was not reloaded.
"""

from __future__ import annotations

from tests.browser.conftest import assert_no_exception_box, wait_for_app
from tests.browser.replicas import (
    approval_caption,
    approve_next,
    seed_draft_awaiting_approval,
    start_replicas,
)
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (pytest fixtures)


def test_an_approval_on_one_server_appears_on_the_other_without_reload(browser, postgres_url, tmp_path):  # noqa: F811
    seed_draft_awaiting_approval(postgres_url)
    servers = start_replicas(postgres_url, tmp_path, ALVLAGET_LIVE_INTERVAL_S="3")
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE") for _ in servers]
    try:
        pages = [context.new_page() for context in contexts]
        for page, server in zip(pages, servers, strict=True):
            page.goto(f"{server.url}/meddelanden?alv=Umeälven")
            wait_for_app(page, "Meddelanden")
            page.get_by_text(approval_caption(0)).wait_for(timeout=60_000)
        approving, watching = pages
        watching.evaluate("window.alvlagetNotReloaded = true")

        approve_next(approving, "Lisa Holm")
        approving.get_by_text(approval_caption(1)).wait_for(timeout=60_000)

        watching.get_by_text(approval_caption(1)).wait_for(timeout=60_000)
        assert watching.evaluate("window.alvlagetNotReloaded") is True
        assert_no_exception_box(watching)
    finally:
        for context in contexts:
            context.close()
        for server in servers:
            server.stop()
