"""The owner report store checks the acting person's role itself, not only the page: without the redaktör role
nothing is stored, whatever the caller; the audit trail names the signed-in person. A polled feed stores as its
named system principal, not as a bypass. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from access.audit import read_audit_entries
from access.person import ANONYMOUS, NotAllowedError, Person
from coordination.db import make_session_factory, session_scope
from owner_reports.feeds import FEED_ENTERED_BY, feed_principal, poll_owner_feed
from owner_reports.model import Channel, ReportDraft
from owner_reports.ownership import NotOwnerError
from settings import load_settings
from sources.owner_feed import OwnerFeed, build_feed_session

NOW = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)
EDITOR = Person(name="Anna Berg", organisation="Vattenfall AB", roles=frozenset({"redaktor"}),
                email="anna.berg@vattenfall.com", mode="signed_in")
READER = Person(name="Per Ek", organisation="Vattenfall AB", roles=frozenset({"lasare", "godkannare"}),
                email="per.ek@vattenfall.com", mode="signed_in")
ROLE_NEEDED = "Du behöver rollen redaktör för att spara ägarrapporter."
FEED_CSV = "kraftverk;rapporttid;tappning_m3s\nStornorrfors;2026-05-12 15:00;1 450\n".encode()


def _trail(engine) -> list[tuple[str, str, str]]:
    with session_scope(make_session_factory(engine)) as session:
        return [(e.kind, e.person, e.organisation) for e in read_audit_entries(session)]


def _draft() -> ReportDraft:
    return ReportDraft(plant="Stornorrfors", reported_at=NOW - timedelta(hours=1), total_m3s=1450)


@pytest.mark.parametrize("who", [READER, ANONYMOUS], ids=["läsare-godkännare", "anonym"])
def test_without_the_redaktor_role_no_report_is_stored(engine, store, who):
    with pytest.raises(NotAllowedError) as info:
        store.write_report(_draft(), reporter=who, is_exercise=False, clock=NOW)
    assert info.value.message_sv == ROLE_NEEDED
    with pytest.raises(NotAllowedError):
        store.write_reports([_draft()], reporter=who, channel=Channel.FILE, source="rapport.csv", is_exercise=False,
                            clock=NOW)
    assert store.read_history(is_exercise=False) == []
    assert _trail(engine) == []


def test_a_signed_in_redaktor_stores_and_is_named_as_who_entered_it(engine, store):
    (report,) = store.write_report(_draft(), reporter=EDITOR, is_exercise=False, clock=NOW).stored
    assert (report.reporter_name, report.organisation, report.entered_by) == ("Anna Berg", "Vattenfall AB", "Anna Berg")
    assert _trail(engine) == [("ägarrapport", "Anna Berg", "Vattenfall AB")]


def test_a_polled_feed_stores_as_its_named_system_principal(engine, store, owner_feed_server):
    principal = feed_principal("Vattenfall AB")
    assert (principal.name, principal.organisation, principal.mode) == (FEED_ENTERED_BY, "Vattenfall AB", "system")
    assert principal.roles == frozenset({"redaktor"}) and not principal.signed_in
    assert not principal.has_role("godkannare") and not principal.has_role("administrator")
    owner_feed_server.publish("/vattenfall/rapport.csv", FEED_CSV)
    feed = OwnerFeed("Vattenfall AB", owner_feed_server.url("/vattenfall/rapport.csv"))
    status = poll_owner_feed(feed, store, build_feed_session(load_settings(), retries=0), is_exercise=False,
                             clock=NOW, now=NOW)
    assert (status.ok, status.new_reports) == (True, 1)
    assert store.read_latest(is_exercise=False)["Stornorrfors"].entered_by == "automatisk hämtning"
    assert _trail(engine) == [("ägarrapport", "automatisk hämtning", "Vattenfall AB")]


UMEA = Person(name="Lisa Holm", organisation="Umeå kommun", roles=frozenset({"redaktor"}), mode="signed_in",
              email="lisa.holm@umea.se")


def _at(plant: str) -> ReportDraft:
    return ReportDraft(plant=plant, reported_at=NOW - timedelta(hours=1), total_m3s=480)


def test_a_redaktor_of_another_organisation_is_refused_and_nothing_is_stored(engine, store):
    with pytest.raises(NotOwnerError) as info:
        store.write_report(_at("Kvistforsen"), reporter=EDITOR, is_exercise=False, clock=NOW)
    assert info.value.message_sv == (
        "Du rapporterar för Vattenfall AB. Bara den som hör till kraftverkets ägare (eller en administratör) kan "
        "rapportera för det. Kvistforsen ägs av Statkraft Sverige AB, inte av Vattenfall AB. Inget sparades.")
    # A file with one plant of another owner stores none of its reports, and names every such plant.
    with pytest.raises(NotOwnerError) as info:
        store.write_reports([_at("Stornorrfors"), _at("Kvistforsen"), _at("Ormsjön")], reporter=EDITOR,
                            channel=Channel.FILE, source="rapport.csv", is_exercise=False, clock=NOW)
    assert info.value.problems == (
        "Kvistforsen ägs av Statkraft Sverige AB, inte av Vattenfall AB.",
        "Ingen källa namnger ägaren till Ormsjön, så bara en administratör kan rapportera för kraftverket.")
    assert "Det gäller 2 kraftverk." in info.value.message_sv
    assert store.read_history(is_exercise=False) == []
    assert _trail(engine) == []


def test_owners_part_owners_and_administrators_report(engine, store):
    store.write_report(_at("Stornorrfors"), reporter=UMEA, is_exercise=False, clock=NOW)  # 25 % Umeå kommun
    with pytest.raises(NotOwnerError):
        store.write_report(_at("Kvistforsen"), reporter=UMEA, is_exercise=False, clock=NOW)
    admin = Person(name="Eva Lind", organisation="Länsstyrelsen Västerbotten",
                   roles=frozenset({"redaktor", "administrator"}), mode="signed_in", email="eva.lind@lansstyrelsen.se")
    store.write_report(_at("Kvistforsen"), reporter=admin, is_exercise=False, clock=NOW)
    store.write_report(_at("Ormsjön"), reporter=admin, is_exercise=False, clock=NOW)
    assert sorted(store.read_latest(is_exercise=False)) == ["Kvistforsen", "Ormsjön", "Stornorrfors"]
    assert [(kind, person) for kind, person, _org in _trail(engine)] == [
        ("ägarrapport", "Lisa Holm"), ("ägarrapport", "Eva Lind"), ("ägarrapport", "Eva Lind")]
