"""Memberships and domain rules on SQLite and PostgreSQL: matched by e-mail, every change logged."""

from __future__ import annotations

import pytest

from access.audit import read_audit_entries, verify_chain
from access.members import MemberDirectory
from access.person import local_person
from coordination.db import make_session_factory, session_scope
from coordination.errors import CoordinationError

ADMIN = local_person("Lisa Holm")


@pytest.fixture
def directory(engine) -> MemberDirectory:
    return MemberDirectory(make_session_factory(engine), admin_emails=("Chef@Lansstyrelsen.se",))


def test_member_is_matched_by_email_case_insensitively(directory):
    directory.set_member(" Omar.Said@Umea.se ", "Umeå kommun", ["godkannare", "redaktor"], ADMIN)
    person = directory.read_person("omar.said@umea.se", "Omar Said")
    assert (person.mode, person.name, person.organisation, person.roles) == (
        "signed_in", "Omar Said", "Umeå kommun", frozenset({"godkannare", "redaktor"}))
    assert person.may_approve_for("Umeå kommun") and not person.may_approve_for("Vattenfall AB")
    assert not person.has_role("motesledare")


def test_domain_rule_covers_an_organisation_and_a_membership_wins(directory):
    directory.set_domain_rule("@vattenfall.com", "Vattenfall AB", ["lasare"], ADMIN)
    directory.set_member("per.ek@vattenfall.com", "Vattenfall AB", ["godkannare"], ADMIN)
    reader = directory.read_person("anna@vattenfall.com", "Anna")
    approver = directory.read_person("per.ek@vattenfall.com", "Per Ek")
    assert (reader.mode, reader.organisation, reader.roles) == ("signed_in", "Vattenfall AB", frozenset({"lasare"}))
    assert approver.roles == frozenset({"godkannare"})


def test_unknown_person_only_reads_and_configured_admin_administers(directory):
    stranger = directory.read_person("someone@example.org", "Någon")
    admin = directory.read_person("chef@lansstyrelsen.se", "Chefen")
    assert (stranger.mode, stranger.has_role("redaktor")) == ("anonymous", False)
    assert (admin.mode, admin.organisation, admin.roles) == ("signed_in", None, frozenset({"administrator"}))


def test_every_change_is_logged_in_the_chain(directory, engine):
    directory.set_member("omar@umea.se", "Umeå kommun", ["lasare"], ADMIN)
    directory.set_member("omar@umea.se", "Umeå kommun", ["lasare", "godkannare"], ADMIN)
    directory.remove_member("omar@umea.se", ADMIN)
    with session_scope(make_session_factory(engine)) as session:
        entries = read_audit_entries(session)
        assert verify_chain(session).ok
    assert [(e.kind, e.person, e.payload["before"], e.payload["after"]) for e in entries] == [
        ("roll", "Lisa Holm", None, {"organisation": "Umeå kommun", "roles": "lasare"}),
        ("roll", "Lisa Holm", {"organisation": "Umeå kommun", "roles": "lasare"},
         {"organisation": "Umeå kommun", "roles": "lasare,godkannare"}),
        ("roll", "Lisa Holm", {"organisation": "Umeå kommun", "roles": "lasare,godkannare"}, None),
    ]
    assert directory.list_members() == []


@pytest.mark.parametrize(
    ("email", "organisation", "roles", "message"),
    [
        ("omar", "Umeå kommun", ["lasare"], "”omar” är ingen e-postadress (namn@organisation.se)."),
        ("omar@umea.se", "Umeå kommunn", ["lasare"],
         "”Umeå kommunn” finns inte bland organisationerna i aktörsförteckningen."),
        ("omar@umea.se", "Umeå kommun", [], "Välj minst en roll."),
        ("om\x00ar@umea.se", "Umeå kommun", ["lasare"],
         "E-postadress: texten innehåller ett osynligt nolltecken (NUL) som inte kan sparas. "
         "Skriv texten på nytt i stället för att klistra in den."),
    ],
)
def test_bad_membership_is_refused_in_swedish_and_nothing_stored(directory, email, organisation, roles, message):
    with pytest.raises(CoordinationError) as info:
        directory.set_member(email, organisation, roles, ADMIN)
    assert info.value.message_sv == message
    assert directory.list_members() == []
