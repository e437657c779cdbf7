"""Tamper evidence and limits on SQLite and PostgreSQL: what the database refuses, what a read detects."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from access.person import Person
from coordination.db import make_session_factory
from coordination.errors import ApprovalError, CoordinationError
from meetings.meetings import MeetingLog, SituationSnapshot
from messages.exports.cap import build_cap_alert
from messages.exports.document import build_export_document
from messages.integrity import TamperedDraftError
from messages.repository import DraftRepository
from sources.models import DataOrigin
from tests.access.conftest import drop_guard_trigger
from tests.coordination.factories import T0, UME_ACTORS, released_press_release
from tests.coordination.test_repository import FACTS, TEXT_1

OMAR = Person(name="Omar Said", organisation="Umeå kommun", roles=frozenset({"godkannare"}),
              email="omar.said@umea.se", mode="signed_in")


def _execute(engine, statement: str) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement))


def test_edited_released_text_is_detected_named_and_not_exported(repo, engine):
    draft = released_press_release(repo)
    version_id = f"(SELECT id FROM draft_versions WHERE draft_id = {draft.id})"
    with pytest.raises(DBAPIError, match="never changed"):
        _execute(engine, f"UPDATE draft_versions SET body_sv = 'Inget farligt.' WHERE id = {version_id}")
    drop_guard_trigger(engine, "draft_versions_no_update", "draft_versions")
    _execute(engine, f"UPDATE draft_versions SET body_sv = 'Inget farligt.' WHERE id = {version_id}")
    tampered = repo.get_draft(draft.id)
    assert tampered.integrity_problems == (
        "Version 1 har ändrats direkt i databasen efter att den sparades: Text (svenska) stämmer inte med "
        "det sparade fingeravtrycket (SHA-256).",
    )
    assert repo.list_drafts()[0].integrity_problems == tampered.integrity_problems
    with pytest.raises(TamperedDraftError) as info:
        build_cap_alert(tampered)
    assert info.value.message_sv.startswith(f"Meddelande nr {draft.id} exporteras inte: ")
    with pytest.raises(TamperedDraftError):
        build_export_document(tampered)


def test_edited_text_with_a_recomputed_hash_is_still_detected(repo, engine):
    draft = released_press_release(repo)
    drop_guard_trigger(engine, "draft_versions_no_update", "draft_versions")
    _execute(engine, f"UPDATE draft_versions SET headline_sv = 'Annat', content_hash = '{'0' * 64}' "
                     f"WHERE draft_id = {draft.id}")
    problems = repo.get_draft(draft.id).integrity_problems
    assert problems == ("Version 1 har ändrats direkt i databasen efter att den sparades: Rubrik (svenska) "
                        "stämmer inte med det sparade fingeravtrycket (SHA-256).",)


def test_deleted_approval_of_a_released_draft_is_detected(repo, engine):
    draft = released_press_release(repo)
    umea = "(SELECT id FROM actors WHERE name = 'Umeå kommun')"
    with pytest.raises(DBAPIError, match="are kept"):
        _execute(engine, f"DELETE FROM approvals WHERE actor_id = {umea}")
    drop_guard_trigger(engine, "approvals_kept_after_lock", "approvals")
    _execute(engine, f"DELETE FROM approvals WHERE actor_id = {umea}")
    assert repo.get_draft(draft.id).integrity_problems == (
        "Godkännandet från Umeå kommun (Omar Said) saknas i databasen.",)


def test_database_refuses_a_release_without_every_approval(repo, engine):
    actors = repo.ensure_actors(UME_ACTORS)
    draft = repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=False, text=TEXT_1,
                              facts=FACTS, author="Anna Berg", required_actor_ids=[a.id for a in actors], now=T0)
    repo.approve(draft.id, 1, actors[0].id, "Per Ek")
    for status in ("locked", "released"):
        with pytest.raises(DBAPIError, match="every required approval"):
            _execute(engine, f"UPDATE drafts SET status = '{status}' WHERE id = {draft.id}")
    _execute(engine, f"DELETE FROM draft_required_actors WHERE draft_id = {draft.id}")
    with pytest.raises(DBAPIError, match="every required approval"):
        _execute(engine, f"UPDATE drafts SET status = 'released' WHERE id = {draft.id}")
    assert repo.get_draft(draft.id).status == "draft"


def test_a_signed_in_godkannare_approves_only_for_their_own_organisation(repo):
    actors = {a.name: a for a in repo.ensure_actors(UME_ACTORS)}
    draft = repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=False, text=TEXT_1,
                              facts=FACTS, author=OMAR, required_actor_ids=[a.id for a in actors.values()], now=T0)
    with pytest.raises(ApprovalError) as info:
        repo.approve(draft.id, 1, actors["Vattenfall AB"].id, OMAR)
    assert info.value.message_sv == ("Du kan bara godkänna för din egen organisation (Umeå kommun) "
                                     "och bara med rollen godkännare.")
    reader = Person(name="Eva Lind", organisation="Umeå kommun", roles=frozenset({"lasare"}), mode="signed_in")
    with pytest.raises(ApprovalError):
        repo.approve(draft.id, 1, actors["Umeå kommun"].id, reader)
    approved = repo.approve(draft.id, 1, actors["Umeå kommun"].id, OMAR)
    assert [(a.actor_name, a.person) for a in approved.current.approvals] == [("Umeå kommun", "Omar Said")]
    assert approved.created_by == "Omar Said (Umeå kommun)"


NAME_201 = "Å" * 201
TOO_LONG = "Namn: texten är för lång, 201 tecken av högst 200. Inget har sparats. Korta den och försök igen."
NUL = ("Namn: texten innehåller ett osynligt nolltecken (NUL) som inte kan sparas. "
       "Skriv texten på nytt i stället för att klistra in den.")


@pytest.mark.parametrize(("name", "message"), [(NAME_201, TOO_LONG), ("Anna\x00Berg", NUL)], ids=["201", "nul"])
def test_names_too_long_or_with_nul_give_one_swedish_message_and_store_nothing(engine, name, message):
    factory = make_session_factory(engine)
    repo, log = DraftRepository(factory), MeetingLog(factory)
    actors = repo.ensure_actors(UME_ACTORS)
    draft = repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=False, text=TEXT_1,
                              facts=FACTS, author="Anna Berg", required_actor_ids=[a.id for a in actors], now=T0)
    snapshot = SituationSnapshot(rivers=({"river": "Umeälven"},), origin=DataOrigin.LIVE)
    attempts = [
        lambda: repo.approve(draft.id, 1, actors[0].id, name),
        lambda: repo.save_version(draft.id, 1, TEXT_1.__class__(**{**TEXT_1.as_dict(), "body_sv": "Ny"}), name),
        lambda: log.start_meeting(title="Avstämning", rivers=["Umeälven"], is_exercise=False, snapshot=snapshot,
                                  started_by=name),
    ]
    for attempt in attempts:
        with pytest.raises(CoordinationError) as info:
            attempt()
        assert info.value.message_sv == message
    after = repo.get_draft(draft.id)
    assert (after.current_version_no, after.current.approvals) == (1, ())
    assert log.list_meetings(is_exercise=False) == []


def test_nul_in_a_message_text_is_refused_before_the_database(engine):
    repo = DraftRepository(make_session_factory(engine))
    draft = repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=False, text=TEXT_1,
                              facts=FACTS, author="Anna Berg",
                              required_actor_ids=[a.id for a in repo.ensure_actors(UME_ACTORS)], now=T0)
    with pytest.raises(CoordinationError) as info:
        repo.save_version(draft.id, 1, TEXT_1.__class__(**{**TEXT_1.as_dict(), "headline_sv": "x\x00"}), "Anna")
    assert info.value.message_sv.startswith("Rubrik (svenska): texten innehåller ett osynligt nolltecken (NUL)")
