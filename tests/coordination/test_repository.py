"""Drafts, versions, joint approval, locking and release — on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from access.audit import read_audit_entries
from coordination.db import make_session_factory, session_scope
from coordination.errors import (
    ActorError,
    ApprovalError,
    ConcurrentEditError,
    DraftLockedError,
    DraftNotFoundError,
    NothingToSaveError,
    ReleaseError,
)
from coordination.inputs import MAX_BODY_CHARS
from messages.repository import DraftRepository
from messages.versions import MessageText, compute_content_hash
from tests.coordination.factories import T0, UME_ACTORS

TEXT_1 = MessageText(
    headline_sv="Höga flöden i Umeälven",
    body_sv="Flödet vid Stornorrfors är 1 150 m³/s.",
    instruction_sv="Undvik strandkanten.",
    headline_en="High flows in the Ume River",
    body_en="The flow at Stornorrfors is 1,150 m³/s.",
    instruction_en="Keep away from the riverbank.",
)
TEXT_2 = MessageText(**{**TEXT_1.as_dict(), "body_sv": "Flödet vid Stornorrfors är 1 320 m³/s."})
FACTS = {"river": "Umeälven", "stations": [{"name": "Stornorrfors", "discharge_m3s": 1150.0}]}


def new_draft(repo: DraftRepository):
    actors = repo.ensure_actors(UME_ACTORS)
    draft = repo.create_draft(
        river="Umeälven",
        kind="pressmeddelande",
        is_exercise=False,
        text=TEXT_1,
        facts=FACTS,
        author="Anna Berg",
        required_actor_ids=[a.id for a in actors],
        now=T0,
    )
    return draft, actors


def approve_all(repo: DraftRepository, draft, actors, version_no: int):
    people = ["Per Ek (Vattenfall)", "Lisa Holm", "Omar Said"]
    for i, (actor, person) in enumerate(zip(actors, people, strict=True)):
        draft = repo.approve(draft.id, version_no, actor.id, person, now=T0 + timedelta(minutes=10 + i))
    return draft


def test_new_draft_has_version_one_with_hash_and_utc_times(repo):
    draft, _ = new_draft(repo)
    assert draft.status == "draft"
    assert draft.current_version_no == 1
    assert [a.name for a in draft.required_actors] == [
        "Länsstyrelsen Västerbotten",
        "Umeå kommun",
        "Vattenfall AB",
    ]
    version = draft.current
    assert version.text == TEXT_1
    assert version.facts == FACTS
    assert version.created_at == T0
    assert version.created_at.tzinfo is not None
    expected_hash = compute_content_hash(
        TEXT_1, '{"river": "Umeälven", "stations": [{"discharge_m3s": 1150.0, "name": "Stornorrfors"}]}'
    )
    assert version.content_hash == expected_hash
    assert repo.get_draft(draft.id) == draft


def test_all_required_actors_approving_locks_the_draft(repo):
    draft, actors = new_draft(repo)
    draft = repo.approve(draft.id, 1, actors[0].id, "Per Ek", now=T0)
    assert draft.status == "draft"
    assert [a.name for a in draft.missing_actors] == ["Länsstyrelsen Västerbotten", "Umeå kommun"]
    draft = repo.approve(draft.id, 1, actors[1].id, "Lisa Holm", now=T0 + timedelta(minutes=1))
    draft = repo.approve(draft.id, 1, actors[2].id, "Omar Said", now=T0 + timedelta(minutes=2))
    assert draft.status == "locked"
    assert draft.locked_at == T0 + timedelta(minutes=2)
    assert draft.missing_actors == ()
    assert [(a.actor_name, a.person) for a in draft.current.approvals] == [
        ("Vattenfall AB", "Per Ek"),
        ("Länsstyrelsen Västerbotten", "Lisa Holm"),
        ("Umeå kommun", "Omar Said"),
    ]
    with pytest.raises(DraftLockedError) as err:
        repo.save_version(draft.id, 1, TEXT_2, "Anna Berg")
    assert err.value.message_sv == (
        "Utkastet är låst efter godkännande och kan inte ändras. "
        "Skriv en uppdatering eller ett upphävande i stället."
    )


def test_edit_after_approval_creates_new_version_and_resets_approvals(repo):
    draft, actors = new_draft(repo)
    repo.approve(draft.id, 1, actors[0].id, "Per Ek", now=T0)
    draft = repo.save_version(draft.id, 1, TEXT_2, "Anna Berg", now=T0 + timedelta(minutes=5))
    assert draft.current_version_no == 2
    assert draft.current.approvals == ()
    assert len(draft.version(1).approvals) == 1
    assert len(draft.missing_actors) == 3
    assert draft.diff(1, 2) == (
        "--- version 1: Text (svenska)\n"
        "+++ version 2: Text (svenska)\n"
        "@@ -1 +1 @@\n"
        "-Flödet vid Stornorrfors är 1 150 m³/s.\n"
        "+Flödet vid Stornorrfors är 1 320 m³/s."
    )
    # An approval of the old version that arrives late is refused, not silently moved.
    with pytest.raises(ConcurrentEditError):
        repo.approve(draft.id, 1, actors[1].id, "Lisa Holm")


def test_stale_save_is_rejected_with_swedish_message(repo):
    draft, _ = new_draft(repo)
    repo.save_version(draft.id, 1, TEXT_2, "Anna Berg")
    mine = MessageText(**{**TEXT_1.as_dict(), "headline_sv": "Min rubrik"})
    with pytest.raises(ConcurrentEditError) as err:
        repo.save_version(draft.id, 1, mine, "Bo Lind")
    assert err.value.message_sv == (
        "Någon annan har sparat version 2 av utkastet medan du arbetade med version 1. "
        "Din text är inte sparad men finns kvar i rutan. "
        "Läs den nya versionen, för över dina ändringar och spara igen."
    )
    assert repo.get_draft(draft.id).current_version_no == 2


def test_saving_unchanged_text_is_refused(repo):
    draft, _ = new_draft(repo)
    with pytest.raises(NothingToSaveError) as err:
        repo.save_version(draft.id, 1, TEXT_1, "Anna Berg")
    assert str(err.value) == "Inga ändringar att spara: texten är densamma som i senaste versionen."


def test_approval_rules(repo):
    draft, actors = new_draft(repo)
    other = repo.ensure_actors([UME_ACTORS[0].__class__("Statkraft", "dam_owner")])[0]
    with pytest.raises(ApprovalError) as err:
        repo.approve(draft.id, 1, other.id, "Eva")
    assert err.value.message_sv == "Aktören behöver inte godkänna det här utkastet."
    repo.approve(draft.id, 1, actors[0].id, "Per Ek")
    with pytest.raises(ApprovalError) as err:
        repo.approve(draft.id, 1, actors[0].id, "Per Ek")
    assert err.value.message_sv == "Vattenfall AB har redan godkänt version 1."
    with pytest.raises(ApprovalError) as err:
        repo.approve(draft.id, 1, actors[1].id, "   ")
    assert err.value.message_sv == "Ange namnet på den som godkänner."
    with pytest.raises(DraftNotFoundError):
        repo.get_draft(9999)
    with pytest.raises(ActorError):
        repo.set_required_actors(draft.id, 1, [])


def test_changing_the_actors_after_an_approval_resets_approvals_and_is_logged(repo, engine):
    draft, actors = new_draft(repo)
    repo.approve(draft.id, 1, actors[0].id, "Per Ek")
    repo.approve(draft.id, 1, actors[1].id, "Lisa Holm")
    draft = repo.set_required_actors(draft.id, 1, [actors[0].id, actors[1].id], by="Anna Berg", now=T0)
    assert (draft.status, draft.current.approvals) == ("draft", ())
    with session_scope(make_session_factory(engine)) as session:
        entry = read_audit_entries(session, kind="godkännanden nollställda")[-1]
    assert (entry.person, entry.payload["reset"]) == (
        "Anna Berg", ["Vattenfall AB (Per Ek)", "Länsstyrelsen Västerbotten (Lisa Holm)"])
    assert entry.payload["after"] == sorted([actors[0].name, actors[1].name])


def test_release_and_update_refer_to_the_released_message(repo):
    draft, actors = new_draft(repo)
    with pytest.raises(ReleaseError) as err:
        repo.release(draft.id, "Anna Berg")
    assert err.value.message_sv == "Bara ett låst utkast, godkänt av alla aktörer, kan ges ut."
    draft = approve_all(repo, draft, actors, 1)
    released = repo.release(draft.id, "Anna Berg", now=T0 + timedelta(minutes=20, microseconds=5))
    assert released.status == "released"
    assert released.released_at == T0 + timedelta(minutes=20)
    assert released.cap_identifier == f"urn:alvlaget:samordningsgrupp:20261126T132500Z-{draft.id}"
    with pytest.raises(ReleaseError):
        repo.release(draft.id, "Anna Berg")

    update = repo.create_follow_up(
        draft.id, "Update", TEXT_2, FACTS, "Anna Berg", now=T0 + timedelta(hours=2)
    )
    assert update.msg_type == "Update"
    assert update.status == "draft"
    assert update.references is not None
    assert update.references.draft_id == draft.id
    assert update.references.cap_identifier == released.cap_identifier
    assert update.references.released_at == released.released_at
    assert [a.id for a in update.required_actors] == [a.id for a in released.required_actors]
    with pytest.raises(ReleaseError) as err:
        repo.create_follow_up(update.id, "Cancel", TEXT_2, FACTS, "Anna Berg")
    assert err.value.message_sv == "Bara ett utgivet meddelande kan uppdateras eller upphävas."


HOSTILE = [
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "{{ 7*7 }} {% raw %} ${jndi:ldap://x} '; DROP TABLE drafts; --",
    # Other control characters and the bidirectional overrides are refused (tests/access/test_control_characters.py).
    "whitespace: tabs\tand\r\nCRLF\n\nblank line",
    "odd: \u200fRTL mark, zero\u200bwidth, combining e\u0301, \U0001f30a, \ufeffBOM, "
    "surrogate-free 𝔘𝔪𝔢, Å Ä Ö ẞ",
    "x" * MAX_BODY_CHARS,  # the longest body accepted (coordination.inputs)
]


@pytest.mark.parametrize("payload", HOSTILE, ids=["html", "template", "control", "unicode", "longest"])
def test_hostile_text_round_trips_exactly(repo, payload):
    draft, _ = new_draft(repo)
    text = MessageText(**{**TEXT_1.as_dict(), "body_sv": payload, "headline_en": payload[:200]})
    repo.save_version(draft.id, 1, text, "Anna <b>Berg</b>")
    stored = repo.get_draft(draft.id).current
    assert stored.text.body_sv == payload
    assert stored.text.headline_en == payload[:200]
    assert stored.created_by == "Anna <b>Berg</b>"


def test_twenty_concurrent_writers_lose_no_update(repo):
    """20 threads save on the same version at once: each lands as its own version or is refused."""
    draft, _ = new_draft(repo)
    writers = 20
    barrier = threading.Barrier(writers)
    attempts: list[str] = []
    landed: list[str] = []
    rejected: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def writer(i: int) -> None:
        text = MessageText(**{**TEXT_1.as_dict(), "body_sv": f"skrivare {i}"})
        seen = 1
        barrier.wait()
        # Each writer retries like a user who reads the new version and saves again, at most
        # three times; every attempt must end in exactly one of the two outcomes.
        for _attempt in range(3):
            with lock:
                attempts.append(f"skrivare {i}")
            try:
                view = repo.save_version(draft.id, seen, text, f"Skrivare {i}")
            except ConcurrentEditError as exc:
                with lock:
                    rejected.append(f"skrivare {i}")
                seen = exc.current_version_no
                continue
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                with lock:
                    unexpected.append(exc)
                return
            with lock:
                landed.append(view.current.text.body_sv)
            return

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert unexpected == []
    final = repo.get_draft(draft.id)
    stored_bodies = [v.text.body_sv for v in final.versions[1:]]
    # Zero lost updates: every reported success is a stored version, and nothing else is.
    assert sorted(stored_bodies) == sorted(landed)
    assert len(set(stored_bodies)) == len(stored_bodies)
    assert [v.number for v in final.versions] == list(range(1, len(landed) + 2))
    assert final.current_version_no == len(landed) + 1
    assert len(landed) >= 1
    assert len(landed) + len(rejected) == len(attempts)
