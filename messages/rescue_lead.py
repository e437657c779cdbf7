"""Dam-failure drafts follow a change of who leads the rescue effort (a länsstyrelse taking it over, or
handing it back to the kommun, LSO 4 kap. 10 §).

A VMA request drafted while the kommun's räddningstjänst led names it as requester and approver; once
Länsstyrelsen Norrbotten has taken over, the request must name the länsstyrelse's räddningsledare and be
approved by it (:func:`messages.approvers.vma_requester`). The press release and public information stay
joint, with the länsstyrelse leading the effort among their approvers
(:data:`messages.approvers.TAKEOVER_APPROVES_SV`).

:func:`follow_rescue_lead` brings every *unapproved* dam-failure draft of the event up to date: a new
version (with who and when, like any save) with the event's new rescue lead in its facts, the approver list
changed as the rules change it (the approvers the rules no longer name leave, those they now name join;
approvers a redaktör chose by hand stay), and the text's lines that named the old lead replaced where the
text still has them as drafted. Locked and released drafts are never touched: their approved versions
are the record. An update or cancellation of a released text is a new draft: :func:`follow_up_actors` gives
it the approvers of the rescue lead now in charge.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from access.person import Person
from coordination.errors import ConcurrentEditError
from messages.approvers import default_approvers
from messages.drafting import BLOCKS, LANGUAGES, render_block
from messages.facts import DraftFacts, EventFact, FactsError, facts_from_dict, facts_to_dict
from messages.repository import DAM_FAILURE_KINDS, MESSAGE_KINDS, ActorView, DraftRepository, DraftView
from messages.versions import MessageText

#: Attempts per draft when someone saves it at the same moment (then the newest version is followed).
_ATTEMPTS = 3


@dataclass(frozen=True)
class FollowedDraft:
    """A draft brought up to date: its new version, and the text fields (``"body_sv"`` …) whose old
    wording was edited away, so the new lead could not be written in (a person must check them)."""

    draft: DraftView
    unchanged_fields: tuple[str, ...] = ()


def _event_facts(draft: DraftView) -> DraftFacts | None:
    try:
        facts = facts_from_dict(draft.current.facts)
    except FactsError:
        return None
    return facts if facts.event is not None else None


def _is_of_event(draft: DraftView, facts: DraftFacts | None, *, river: str, dam: str | None,
                 started_at: datetime, is_exercise: bool) -> bool:
    return (draft.kind in DAM_FAILURE_KINDS and draft.status == "draft" and facts is not None
            and draft.river == river and draft.is_exercise == is_exercise and facts.event is not None
            and facts.event.dam == dam and facts.event.started_at_utc == started_at)


def _rewritten(text: MessageText, kind: str, old: DraftFacts, new: DraftFacts) -> tuple[MessageText, tuple[str, ...]]:
    """``text`` with each line drafted from ``old`` that reads differently from ``new`` replaced, where the text
    still has it; the fields where an old line was edited away."""
    values = text.as_dict()
    missed = []
    for language in LANGUAGES:
        for block in BLOCKS:
            name = f"{block}_{language}"
            before = render_block(kind, language, block, old).splitlines()
            after = render_block(kind, language, block, new).splitlines()
            if len(before) != len(after):  # not a change of wording only: leave the field to a person
                missed.append(name)
                continue
            for old_line, new_line in zip(before, after, strict=True):
                if old_line == new_line:
                    continue
                if old_line in values[name]:
                    values[name] = values[name].replace(old_line, new_line)
                else:
                    missed.append(name)
    return MessageText(**values), tuple(dict.fromkeys(missed))


def _approvers_following(repo: DraftRepository, draft: DraftView, facts: DraftFacts,
                         new_facts: DraftFacts) -> list[ActorView]:
    """``draft``'s approvers once its facts go from ``facts`` to ``new_facts`` (another rescue lead): those the
    rules no longer name leave, those they now name join, those a redaktör chose by hand stay; in the order
    the text names them (the facts' actors), then those added by hand, then those joining."""
    before = {a.name for a in default_approvers(facts, kind=draft.kind)}
    wanted = default_approvers(new_facts, kind=draft.kind)
    after = {a.name for a in wanted}
    named = {name: i for i, name in enumerate(facts.actors)}
    kept = sorted((a for a in draft.required_actors if a.name not in before - after),
                  key=lambda a: named.get(a.name, len(named)))
    joining = [a for a in wanted if a.name not in before and a.name not in {k.name for k in kept}]
    return [*kept, *repo.ensure_actors(joining)]


def _follow_one(repo: DraftRepository, draft: DraftView, facts: DraftFacts, taken_over_by: str | None,
                by: Person, now: datetime) -> FollowedDraft:
    new_facts = replace(facts, event=replace(facts.event, rescue_taken_over_by=taken_over_by))
    actors = _approvers_following(repo, draft, facts, new_facts)
    ids = [a.id for a in actors]
    new_facts = replace(new_facts, actors=tuple(a.name for a in actors))
    text, missed = _rewritten(draft.current.text, draft.kind, facts, new_facts)
    saved = repo.save_version(draft.id, draft.current_version_no, text, by, facts=facts_to_dict(new_facts),
                              required_actor_ids=ids, now=now)
    return FollowedDraft(saved, missed)


def follow_rescue_lead(repo: DraftRepository, *, river: str, dam: str | None, started_at: datetime,
                       is_exercise: bool, taken_over_by: str | None, by: Person,
                       now: datetime) -> list[FollowedDraft]:
    """Bring the unapproved dam-failure drafts (VMA request, press release, public information) of the event
    on ``river`` at ``dam``, begun ``started_at`` [UTC], up to date with its rescue lead ``taken_over_by``
    (a länsstyrelse, or None: the kommun's räddningstjänst leads again). Each is saved as a new version by
    ``by`` at ``now`` [UTC]; drafts already naming that lead, and locked or released ones, are left alone.
    A draft someone saves at the same moment is followed from their version.
    """
    followed = []
    for draft in repo.list_drafts(river):
        for _attempt in range(_ATTEMPTS):
            facts = _event_facts(draft)
            if not _is_of_event(draft, facts, river=river, dam=dam, started_at=started_at, is_exercise=is_exercise):
                break
            if facts.event.rescue_taken_over_by == taken_over_by:
                break
            try:
                followed.append(_follow_one(repo, draft, facts, taken_over_by, by, now))
                break
            except ConcurrentEditError:
                draft = repo.get_draft(draft.id)
    return followed


def follow_up_actors(repo: DraftRepository, released: DraftView, event: EventFact | None) -> list[ActorView]:
    """Who must approve an update or cancellation of the ``released`` dam-failure text: the actors that approved
    it, changed as the rescue lead of its event has changed since (``event``: the river's declared dam failure
    now; a länsstyrelse that has taken over requests and cancels the VMA and joins the joint texts). Any other
    text, or another event, keeps the same actors."""
    facts = _event_facts(released)
    if (event is None or facts is None or released.kind not in DAM_FAILURE_KINDS
            or (facts.event.dam, facts.event.started_at_utc) != (event.dam, event.started_at_utc)
            or facts.event.rescue_taken_over_by == event.rescue_taken_over_by):
        return list(released.required_actors)
    new_facts = replace(facts, event=replace(facts.event, rescue_taken_over_by=event.rescue_taken_over_by))
    return _approvers_following(repo, released, facts, new_facts)


def followed_drafts_sv(followed: list[FollowedDraft]) -> str:
    """What :func:`follow_rescue_lead` did, in Swedish (with a leading space), "" when no draft needed it:
    ``" Utkast nr 3 (Dammbrott: begäran om VMA) har fått en ny version med den nya räddningsledningen och
    vilka som ska godkänna."``"""
    if not followed:
        return ""
    names = ", ".join(f"nr {f.draft.id} ({MESSAGE_KINDS[f.draft.kind]})" for f in followed)
    text = (f" Utkast {names} har fått en ny version med den nya räddningsledningen och vilka som ska godkänna; "
            "godkännandena görs om.")
    checks = [f"nr {f.draft.id}" for f in followed if f.unchanged_fields]
    if checks:
        text += f" Kontrollera texten i {', '.join(checks)}: den var ändrad för hand och nämner kanske den gamla."
    return text
