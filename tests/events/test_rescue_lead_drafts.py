"""Dam-failure drafts follow a take-over of the rescue effort (LSO 4 kap. 10 §): an unapproved VMA request
then names Länsstyrelsen Norrbotten's räddningsledare and is approved by it; the press release and public
information stay joint with the länsstyrelse among their approvers, for a stated reason. Approved and
released versions are never rewritten. On SQLite and a real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from access.audit import read_audit_entries
from access.person import Person, local_person
from events.arrivals import ArrivalStore, read_arrival_table
from events.briefing import event_fact
from events.repository import EventStore
from messages.approvers import (
    TAKEOVER_APPROVES_SV,
    VMA_REQUESTER_REASON_SV,
    VMA_TAKEN_OVER_REASON_SV,
    approver_reasons,
    ensure_default_approvers,
    scope_to_kind,
)
from messages.drafting import check_figures_current, draft_follow_up, draft_text
from messages.facts import DraftFacts, facts_from_dict, facts_to_dict
from messages.repository import ActorSpec, DraftRepository
from messages.rescue_lead import follow_rescue_lead, follow_up_actors, followed_drafts_sv

OLLE = local_person("Olle Sund", "Sollefteå kommun")
ANNA = Person("Anna Berg", "Länsstyrelsen Norrbotten")
T0 = datetime(2026, 5, 9, 19, 15, tzinfo=UTC)
TAKEN = T0 + timedelta(hours=2)
NORRBOTTEN = "Länsstyrelsen Norrbotten"
KOMMUN_LEADS = "Räddningsledaren vid Räddningstjänsten Höga Kusten-Ådalen begär att SOS Alarm sänder"
NORRBOTTEN_LEADS = ("Räddningsledaren vid Länsstyrelsen Norrbotten, som har tagit över ansvaret för räddningstjänsten, "
                    "begär att SOS Alarm sänder")
PRESS_APPROVERS = ["Sollefteå kommun", "Kramfors kommun", "Härnösands kommun", "Länsstyrelsen Västernorrland",
                   "Vattenfall AB", "Uniper", "Sollefteåforsens AB"]


def _event(store: EventStore):
    return store.declare(kind="dammbrott", river="Ångermanälven", dam="Hällby", place_sv="Hällbydammen",
                         started_at=T0, author=OLLE, now=T0 + timedelta(minutes=5))


def _facts(store: EventStore, event, kind: str) -> DraftFacts:
    table = read_arrival_table(ArrivalStore(store.session_factory), "Hällby").table
    return scope_to_kind(DraftFacts(river="Ångermanälven", compiled_at_utc=T0 + timedelta(minutes=30),
                                    is_exercise=False, event=event_fact(event, table)), kind)


def _draft(repo: DraftRepository, store: EventStore, event, kind: str):
    """A draft as "Nytt utkast" makes it: default approvers, text drafted from the facts."""
    facts, approvers = ensure_default_approvers(repo, _facts(store, event, kind), kind)
    return repo.create_draft(river="Ångermanälven", kind=kind, is_exercise=False, text=draft_text(kind, facts),
                             facts=facts_to_dict(facts), author="Olle Sund",
                             required_actor_ids=[a.id for a in approvers], now=T0 + timedelta(minutes=30))


def _take_over(store: EventStore, event, repo: DraftRepository, taken_over_by: str | None = NORRBOTTEN,
               now: datetime = TAKEN):
    changed = store.set_rescue_lead(event.id, taken_over_by=taken_over_by, author=local_person(ANNA.name, NORRBOTTEN),
                                    now=now)
    return follow_rescue_lead(repo, river=changed.river, dam=changed.dam, started_at=changed.started_at,
                              is_exercise=changed.is_exercise, taken_over_by=changed.rescue_taken_over_by,
                              by=ANNA, now=now)


def test_an_unapproved_vma_request_follows_the_take_over_in_a_new_version_with_who_and_when(store):
    repo = DraftRepository(store.session_factory)
    event = _event(store)
    draft = _draft(repo, store, event, "vma")
    assert [a.name for a in draft.required_actors] == ["Räddningstjänsten Höga Kusten-Ådalen"]
    assert draft.current.text.body_sv.startswith(KOMMUN_LEADS)

    (followed,) = _take_over(store, event, repo)
    after = repo.get_draft(draft.id)
    assert followed.draft == after and followed.unchanged_fields == ()
    assert [a.name for a in after.required_actors] == [NORRBOTTEN]
    assert (after.current_version_no, after.current.created_by, after.current.created_at) == (
        2, "Anna Berg (Länsstyrelsen Norrbotten)", TAKEN)
    assert after.current.text.body_sv.startswith(NORRBOTTEN_LEADS)
    assert after.current.text.body_en.startswith(
        "The incident commander of Länsstyrelsen Norrbotten (the county administrative board, which has taken "
        "over responsibility for the rescue service) asks SOS Alarm")
    # Only the requester's sentence changed; the rest of the text is as drafted.
    assert after.current.text.body_sv.replace(NORRBOTTEN_LEADS, KOMMUN_LEADS) == draft.current.text.body_sv
    assert facts_from_dict(after.current.facts).event.rescue_taken_over_by == NORRBOTTEN
    # Version 1 is kept as it was, and the diff shows the change.
    assert after.version(1) == draft.current
    assert "-Räddningsledaren vid Räddningstjänsten Höga Kusten-Ådalen" in after.diff(1, 2)
    assert after.integrity_problems == ()
    with store.session_factory() as session:
        entries = [(e.kind, e.person, e.recorded_at) for e in read_audit_entries(session)
                   if e.kind in ("version", "aktörer")]
    assert entries[-2:] == [("version", "Anna Berg", TAKEN), ("aktörer", "Anna Berg", TAKEN)]
    assert followed_drafts_sv([followed]) == (
        f" Utkast nr {draft.id} (Dammbrott: begäran om VMA) har fått en ny version med den nya räddningsledningen "
        "och vilka som ska godkänna; godkännandena görs om.")
    # Once more with the same lead: nothing to follow.
    assert follow_rescue_lead(repo, river="Ångermanälven", dam="Hällby", started_at=T0, is_exercise=False,
                              taken_over_by=NORRBOTTEN, by=ANNA, now=TAKEN) == []


def test_approved_and_released_versions_stay_as_they_were(store):
    repo = DraftRepository(store.session_factory)
    event = _event(store)
    released = _draft(repo, store, event, "vma")
    repo.approve(released.id, 1, released.required_actors[0].id, "Per Ek", now=T0 + timedelta(minutes=40))
    released = repo.release(released.id, "Per Ek", now=T0 + timedelta(minutes=41))
    locked = _draft(repo, store, event, "vma")
    locked = repo.approve(locked.id, 1, locked.required_actors[0].id, "Per Ek", now=T0 + timedelta(minutes=50))
    assert (released.status, locked.status) == ("released", "locked")

    assert _take_over(store, event, repo) == []
    assert repo.get_draft(released.id) == released and repo.get_draft(locked.id) == locked


def test_the_joint_press_release_gains_the_lansstyrelse_leading_the_effort_and_loses_it_when_handed_back(store):
    repo = DraftRepository(store.session_factory)
    event = _event(store)
    press = _draft(repo, store, event, "dammbrott_press")
    assert sorted(a.name for a in press.required_actors) == sorted(PRESS_APPROVERS)
    # A redaktör has added the police by hand, and two approved version 1.
    (police,) = repo.ensure_actors([ActorSpec("Polismyndigheten", "other")])
    press = repo.set_required_actors(press.id, 1, [*(a.id for a in press.required_actors), police.id], by="Eva")
    for actor in press.required_actors[:2]:
        press = repo.approve(press.id, 1, actor.id, "Per Ek")
    info = _draft(repo, store, event, "dammbrott_info")

    followed = _take_over(store, event, repo)
    assert sorted(f.draft.id for f in followed) == sorted([press.id, info.id])
    after = repo.get_draft(press.id)
    assert sorted(a.name for a in after.required_actors) == sorted([*PRESS_APPROVERS, "Polismyndigheten", NORRBOTTEN])
    assert (after.current_version_no, after.current.approvals) == (2, ())  # all approve the new version
    assert len(after.version(1).approvals) == 2  # what was approved stays on record
    # The text names who informs jointly: now the länsstyrelse too.
    assert after.current.text.body_sv.startswith(
        "Sollefteå kommun, Kramfors kommun, Härnösands kommun, Länsstyrelsen Västernorrland, Vattenfall AB, "
        "Uniper, Sollefteåforsens AB, Polismyndigheten och Länsstyrelsen Norrbotten informerar gemensamt")
    assert NORRBOTTEN in [a.name for a in repo.get_draft(info.id).required_actors]
    # Why it approves, from the draft's own facts; the others keep their reasons.
    reasons = approver_reasons(facts_from_dict(after.current.facts), "dammbrott_press")
    assert reasons[NORRBOTTEN] == TAKEOVER_APPROVES_SV
    assert TAKEOVER_APPROVES_SV.startswith("Har tagit över ansvaret för räddningstjänsten (lagen om skydd mot olyckor")
    assert reasons["Sollefteå kommun"] == approver_reasons(facts_from_dict(press.current.facts),
                                                           "dammbrott_press")["Sollefteå kommun"]
    assert NORRBOTTEN not in approver_reasons(facts_from_dict(press.current.facts), "dammbrott_press")

    # Handed back to the kommun: the länsstyrelse leaves the list again, the police stays.
    _take_over(store, event, repo, None, TAKEN + timedelta(hours=5))
    back = repo.get_draft(press.id)
    assert sorted(a.name for a in back.required_actors) == sorted([*PRESS_APPROVERS, "Polismyndigheten"])
    assert back.current_version_no == 3 and facts_from_dict(back.current.facts).event.rescue_taken_over_by is None


def test_a_text_edited_by_hand_keeps_its_words_and_says_to_check_them(store):
    repo = DraftRepository(store.session_factory)
    event = _event(store)
    draft = _draft(repo, store, event, "vma")
    edited = draft.current.text.__class__(**{**draft.current.text.as_dict(),
                                            "body_sv": "Vi ber SOS Alarm sända VMA.\n\nStränderna nedströms."})
    draft = repo.save_version(draft.id, 1, edited, "Olle Sund")

    (followed,) = _take_over(store, event, repo)
    assert followed.unchanged_fields == ("body_sv",)
    assert followed.draft.current.text.body_sv == edited.body_sv
    assert followed.draft.current.text.body_en.startswith("The incident commander of Länsstyrelsen Norrbotten")
    assert [a.name for a in followed.draft.required_actors] == [NORRBOTTEN]
    assert followed_drafts_sv([followed]).endswith(
        f" Kontrollera texten i nr {draft.id}: den var ändrad för hand och nämner kanske den gamla.")


def test_the_vma_requesters_reason_and_the_stale_text_warning_follow_the_rescue_lead(store):
    event = _event(store)
    before = _facts(store, event, "vma")
    assert approver_reasons(before, "vma") == {"Räddningstjänsten Höga Kusten-Ådalen": VMA_REQUESTER_REASON_SV}
    taken = store.set_rescue_lead(event.id, taken_over_by=NORRBOTTEN, author=local_person(ANNA.name, NORRBOTTEN), now=TAKEN)
    after = _facts(store, taken, "vma")
    assert approver_reasons(after, "vma") == {NORRBOTTEN: VMA_TAKEN_OVER_REASON_SV}
    warnings = [w for w in check_figures_current(before, after) if w.kind == "rescue_lead"]
    assert [w.message_sv for w in warnings] == [
        "Räddningsledningen har ändrats sedan texten skrevs: nu leder Länsstyrelsen Norrbotten, som har tagit över "
        "räddningstjänsten. Kontrollera vem texten nämner och vilka som ska godkänna."]
    assert [w for w in check_figures_current(after, after) if w.kind == "rescue_lead"] == []


def test_an_update_or_cancellation_of_a_released_text_is_approved_by_the_rescue_lead_now_in_charge(store):
    """A VMA request released while the kommun led stays as released; its update after the take-over is the
    länsstyrelse's to approve, and the press release's update adds it to the joint approvers."""
    repo = DraftRepository(store.session_factory)
    event = _event(store)
    vma = _draft(repo, store, event, "vma")
    repo.approve(vma.id, 1, vma.required_actors[0].id, "Per Ek")
    vma = repo.release(vma.id, "Per Ek")
    press = _draft(repo, store, event, "dammbrott_press")
    for actor in press.required_actors:
        press = repo.approve(press.id, 1, actor.id, "Per Ek")
    press = repo.release(press.id, "Per Ek")
    assert follow_up_actors(repo, vma, _facts(store, event, "vma").event) == list(vma.required_actors)

    taken = store.set_rescue_lead(event.id, taken_over_by=NORRBOTTEN, author=local_person(ANNA.name, NORRBOTTEN), now=TAKEN)
    now = _facts(store, taken, "vma")
    actors = follow_up_actors(repo, vma, now.event)
    assert [a.name for a in actors] == [NORRBOTTEN]
    text, facts = draft_follow_up(vma, "Update", now, [a.name for a in actors])
    update = repo.create_follow_up(vma.id, "Update", text, facts, "Anna Berg", required_actor_ids=[a.id for a in actors])
    assert [a.name for a in update.required_actors] == [NORRBOTTEN]
    assert update.current.text.body_sv.startswith(NORRBOTTEN_LEADS)
    assert repo.get_draft(vma.id) == vma  # the released request is as it was released
    cancel = follow_up_actors(repo, press, _facts(store, taken, "dammbrott_press").event)
    assert sorted(a.name for a in cancel) == sorted([*PRESS_APPROVERS, NORRBOTTEN])
    # Another event on the river (or none) changes nothing.
    assert follow_up_actors(repo, press, None) == list(press.required_actors)
