"""Sign-in, roles, the Administration page and tamper evidence on the pages, through dashboard.py (AppTest).

Without an identity provider the app is in local mode; with an ``[auth]`` section in the secrets
and nobody signed in, a visitor reads but cannot write. Sign-in itself is tested in a real browser
against a real OpenID Connect provider (tests/browser/test_sign_in_browser.py).
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from streamlit import config

from access.audit import record_audit
from coordination.db import create_schema, make_engine, make_session_factory, session_scope
from messages.repository import DraftRepository
from pages._shared.identity import LOCAL_MODE_SV
from pages._shared.plain import plain_md
from settings import load_settings
from tests.access.conftest import drop_guard_trigger
from tests.app_testing import run_page
from tests.coordination.factories import released_press_release

#: Per script run [s]: the first run goes through Läget, slow on a busy two-core machine.
TIMEOUT_S = 180

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-test-cookie-secret",
    "client_id": "alvlaget",
    "client_secret": "hemligt",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def _engine():
    engine = make_engine(load_settings().database_url)
    create_schema(engine)
    return engine


def _with_auth(page: str):
    """Run ``page`` with an identity provider configured and nobody signed in."""
    from streamlit.testing.v1 import AppTest

    from tests.app_testing import ENTRY_FILE

    at = AppTest.from_file(ENTRY_FILE, default_timeout=TIMEOUT_S)
    at.secrets["auth"] = AUTH
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_local_mode_is_marked_in_the_sidebar():
    at = run_page("pages/lage.py", timeout=TIMEOUT_S)
    assert LOCAL_MODE_SV in [i.value for i in at.sidebar.info]


def test_serving_other_computers_without_sign_in_is_refused():
    config.set_option("server.address", "0.0.0.0")
    try:
        at = run_page("pages/lage.py", timeout=TIMEOUT_S)
    finally:
        config.set_option("server.address", "127.0.0.1")
    assert [e.value for e in at.error] == [
        "Appen startar inte: den tar emot anslutningar från andra datorer (0.0.0.0) men ingen inloggning är "
        "konfigurerad, så vem som helst skulle kunna skriva och godkänna. Konfigurera en identitetsleverantör "
        "under [auth] i .streamlit/secrets.toml, eller starta med server.address = 127.0.0.1 (make run gör det)."
    ]
    assert not at.title


def test_a_visitor_who_is_not_signed_in_reads_but_cannot_write():
    at = _with_auth("pages/meddelanden.py")
    assert "Logga in för att skriva eller godkänna. Alla kan läsa utan att logga in." in [i.value for i in at.info]
    assert at.button(key="msg_new").disabled
    assert [b.label for b in at.sidebar.button] == ["Logga in"]
    assert not [t for t in at.text_input if t.key == "msg_user"]
    mote = _with_auth("pages/mote.py")
    assert not [b for b in mote.button if b.label in ("Starta mötet", "Starta övningen")]


def test_admin_page_in_local_mode_adds_a_member_and_checks_the_chain():
    at = run_page("pages/admin.py", timeout=TIMEOUT_S)
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == "Revisionsloggen är obruten: 0 poster, varje post hänger ihop med den före."
    at.text_input(key="admin_member_who").input("Omar.Said@umea.se")
    at.selectbox(key="admin_member_org").set_value("Umeå kommun")
    at.multiselect(key="admin_member_roles").set_value(["godkannare"])
    next(b for b in at.button if b.label == "Spara medlemskap").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert f"{plain_md('Omar.Said@umea.se')} är nu medlem för Umeå kommun (godkännare)." in [s.value for s in at.success]
    members = at.dataframe[0].value
    assert members[["E-post", "Organisation", "Roller"]].values.tolist() == [
        ["omar.said@umea.se", "Umeå kommun", "godkännare"]]
    # The organisations offered include two räddningstjänster whose names no source confirms: said where chosen.
    note = ("Ej verifierat (se Om data): Malå kommuns räddningstjänst och Norsjö kommuns räddningstjänst: "
            "Räddningstjänstens organisationsnamn är inte bekräftat.")
    assert sum(c.value.startswith(note) for c in at.caption) == 2  # under both organisation choices


def test_admin_page_shows_a_deleted_audit_entry():
    engine = _engine()
    with session_scope(make_session_factory(engine)) as session:
        for n in range(3):
            record_audit(session, "händelse", "Anna Berg", {"nr": n})
    drop_guard_trigger(engine, "audit_log_no_delete", "audit_log")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    at = run_page("pages/admin.py", timeout=TIMEOUT_S)
    assert "Revisionsloggen har ändrats utanför appen. Det här stämmer inte:" in [e.value for e in at.error]
    assert "Post nr 2 saknas: den har raderats ur revisionsloggen." in [t.value for t in at.text]


#: What someone with full database rights changes → the guard trigger they drop first, and what the page names.
TAMPERING = {
    "text": ("draft_versions_no_update", "draft_versions",
             "UPDATE draft_versions SET instruction_sv = 'Stanna hemma.' WHERE draft_id = {draft_id}",
             "Version 1 har ändrats direkt i databasen efter att den sparades: Råd till allmänheten (svenska) "
             "stämmer inte med det sparade fingeravtrycket (SHA-256)."),
    "approval": ("approvals_kept_after_lock", "approvals",
                 "DELETE FROM approvals WHERE actor_id = (SELECT id FROM actors WHERE name = 'Umeå kommun')",
                 "Godkännandet från Umeå kommun (Omar Said) saknas i databasen."),
}


@pytest.mark.parametrize("tampering", list(TAMPERING))
def test_a_released_message_changed_in_the_database_is_shown_in_red_and_not_exported(tampering):
    trigger, table, statement, named = TAMPERING[tampering]
    engine = _engine()
    draft = released_press_release(DraftRepository(make_session_factory(engine)))
    drop_guard_trigger(engine, trigger, table)
    with engine.begin() as connection:
        connection.execute(text(statement.format(draft_id=draft.id)))
    at = run_page("pages/meddelanden.py", timeout=TIMEOUT_S)
    at.sidebar.selectbox(key="river").set_value("Umeälven").run()
    assert not at.exception, [e.message for e in at.exception]
    errors = [e.value for e in at.error]
    assert ("Varning: meddelandet har ändrats utanför appen och stämmer inte med det som sparades och godkändes. "
            "Det får inte exporteras eller spridas. Det här skiljer sig:") in errors
    assert named in [t.value for t in at.text]
    assert ("Exporten är stoppad: meddelandet stämmer inte med det som sparades och godkändes (se ovan).") in errors
    assert not at.get("download_button")


HOSTILE_TITLE = "![b](http://127.0.0.1:9/x.png) **fet** <img src=x onerror=alert(1)> :red[röd]"


def test_markdown_and_html_in_user_fields_are_shown_as_text():
    at = run_page("pages/mote.py", timeout=TIMEOUT_S)
    at.text_input(key="mote_title").set_value(HOSTILE_TITLE)
    at.text_input(key="mote_start_name").set_value("**Anna** [x](http://127.0.0.1:9/)")
    next(b for b in at.button if b.label == "Starta mötet").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert f"ÖVNING · Möte nr 1: {plain_md(HOSTILE_TITLE)}" in [s.value for s in at.subheader]
    assert any(plain_md("**Anna** [x](http://127.0.0.1:9/)") in c.value for c in at.caption)


@pytest.mark.parametrize("page, write_buttons", [
    ("pages/handelser.py", {"Deklarera händelsen"}),
    ("pages/agarrapporter.py", {"Spara rapport", "Läs in filen"}),
])
def test_an_anonymous_visitor_reads_events_and_owner_reports_but_cannot_write(page, write_buttons):
    def labels(at) -> set[str]:
        return {b.label for b in at.button} | {b.label for b in at.get("form_submit_button")}

    # In local mode (no identity provider) the same page offers the writing buttons ...
    assert write_buttons <= labels(run_page(page, timeout=TIMEOUT_S))
    # ... with sign-in configured, a visitor who is not signed in gets none of them, and is told why.
    at = _with_auth(page)
    assert not write_buttons & labels(at), labels(at)
    assert "Logga in för att skriva eller godkänna. Alla kan läsa utan att logga in." in [i.value for i in at.info]
