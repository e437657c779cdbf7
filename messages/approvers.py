"""Who must approve a joint text by default: the dam owners, länsstyrelser and kommuner concerned.

Built on the actor directory and rules in :mod:`directory.actors`; the user can edit the
list on the page before asking for approvals.

Only organisations approve. A text is approved by signed-in people of each organisation that must
approve it (:meth:`messages.repository.DraftRepository.approve` accepts a person only for their own
organisation). A network or council — even Samordningsgruppen för information vid höga flöden, in
whose name joint texts go out — is not such an organisation: nobody signs in as the network, and
its members (dam owners, länsstyrelser, kommuner) already approve each as themselves, so asking it
as well would either never be answered or count the same people twice. Networks are informed: the
text names them as what it is coordinated through (:func:`coordinating_networks`), with the reason.
"""

from __future__ import annotations

from dataclasses import replace

from directory.actors import (
    ActorDirectory,
    ActorSuggestion,
    CoordinationEvent,
    dam_failure_event,
    derive_actors,
    kommun_actor_name,
    raddningstjanst_actor_name,
)
from events.arrivals import read_reach
from geodata.downstream import DownstreamError
from messages.facts import DraftFacts, EventFact
from messages.repository import DAM_FAILURE_KINDS, ActorSpec, ActorView, DraftRepository

#: Actor kinds that approve joint texts: organisations whose signed-in people approve. The others —
#: networks and councils among them — are informed, not asked (see the module docstring).
APPROVING_KINDS: tuple[str, ...] = ("dam_owner", "lansstyrelse", "kommun")

#: SMHI warning levels (facts) → the actor rules' level words.
_LEVEL_WORDS = {"yellow": "gul", "orange": "orange", "red": "röd"}
_LEVEL_ORDER = ("yellow", "orange", "red")


def scope_to_kind(facts: DraftFacts, kind: str) -> DraftFacts:
    """The facts a text of ``kind`` is drafted from. A dam-failure text (VMA request, press release, public
    information) about a declared failure concerns the kommuner from the dam to the sea: its kommuner — and
    so its approving kommuner and länsstyrelser, its sources and its CAP area — are those, not every kommun
    along the river (Vilhelmina has nothing to approve when Hällbydammen fails)."""
    if kind in DAM_FAILURE_KINDS and facts.event is not None and facts.event.kommuner:
        return replace(facts, kommuner=facts.event.kommuner)
    return facts


def default_approvers(facts: DraftFacts, directory: ActorDirectory | None = None, *,
                      kind: str | None = None) -> list[ActorSpec]:
    """The actors that must approve a text of ``kind`` drafted from ``facts``, in checklist order.

    Kommuner are those in ``facts.kommuner`` (every kommun along the river when none is given),
    with their SCB kommunkod; länsstyrelser of the län concerned; every dam owner on the river.
    No network approves (Samordningsgruppen för information vid höga flöden is informed, see
    :func:`coordinating_networks`).
    A dam-failure text (``kind`` in :data:`DAM_FAILURE_KINDS`) about a declared failure is approved by
    the failed dam's owner and the actors downstream only: the owners of the dams below (cascade), the
    kommuner and länsstyrelser the wave reaches — never the owners of dams upstream of the failure.
    A VMA request (``kind`` ``"vma"``) is not a joint text: :func:`vma_requester` alone decides it.
    """
    if kind == "vma" and facts.event is not None and facts.event.kommuner:
        return [vma_requester(facts.event)]
    codes = {kommun_actor_name(k.name): k.code for k in facts.kommuner}
    specs = [
        ActorSpec(s.name, s.kind, codes.get(s.name))
        for s in derive_actors(_text_event(facts, kind), directory)
        if _approves(s)
    ]
    leader = _rescue_leader_approving(facts, kind)
    if leader is not None and leader not in {s.name for s in specs}:
        specs.append(ActorSpec(leader, "lansstyrelse"))
    return specs


#: The dam-failure texts that stay joint after a take-over, and that the länsstyrelse leading the rescue
#: effort then approves too (the VMA request is the räddningsledare's alone, :func:`vma_requester`).
JOINT_DAM_FAILURE_KINDS: frozenset[str] = frozenset({"dammbrott_press", "dammbrott_info"})

#: Why the länsstyrelse that has taken over the rescue service approves the dam-failure press release and
#: public information (shown beside it on Meddelanden).
TAKEOVER_APPROVES_SV = (
    "Har tagit över ansvaret för räddningstjänsten (lagen om skydd mot olyckor 4 kap. 10 §). Räddningsledaren "
    "ansvarar för informationen till allmänheten om räddningsinsatsen, och texten säger vad människor ska göra. "
    "Texten är ändå gruppens gemensamma: kommunerna, länsstyrelserna i länen och dammägarna godkänner som förut"
)
#: Why the räddningsledare's organisation alone approves a VMA request.
VMA_REQUESTER_REASON_SV = "Räddningsledaren beslutar och begär VMA hos SOS Alarm"
VMA_TAKEN_OVER_REASON_SV = ("Har tagit över ansvaret för räddningstjänsten (lagen om skydd mot olyckor 4 kap. 10 §): "
                            "länsstyrelsens räddningsledare beslutar och begär VMA hos SOS Alarm")
#: An approver the rules did not name (a redaktör added it to the list).
ADDED_BY_HAND_SV = "Tillagd i listan av en redaktör"


def _approves(suggestion: ActorSuggestion) -> bool:
    """Whether a suggested actor approves joint texts: by its kind, or as the owner of a dam concerned
    whatever its kind (a vattenregleringsföretag owning the failed regulation dam approves its texts)."""
    return suggestion.kind in APPROVING_KINDS or suggestion.owns_dam


def _rescue_leader_approving(facts: DraftFacts, kind: str | None) -> str | None:
    """The länsstyrelse leading the rescue effort, when it approves a joint dam-failure text of ``kind``."""
    if kind in JOINT_DAM_FAILURE_KINDS and facts.event is not None:
        return facts.event.rescue_taken_over_by
    return None


def approver_reasons(facts: DraftFacts, kind: str, directory: ActorDirectory | None = None) -> dict[str, str]:
    """Actor name → why it approves a text of ``kind`` drafted from ``facts``, in Swedish, for every default
    approver (:func:`default_approvers`): the VMA request's räddningsledare, the länsstyrelse that has taken
    over the rescue service (:data:`TAKEOVER_APPROVES_SV`), the others' reasons from the actor rules."""
    if kind == "vma" and facts.event is not None and facts.event.kommuner:
        reason = VMA_TAKEN_OVER_REASON_SV if facts.event.rescue_taken_over_by else VMA_REQUESTER_REASON_SV
        return {vma_requester(facts.event).name: reason}
    reasons = {s.name: s.reason_sv for s in derive_actors(_text_event(facts, kind), directory) if _approves(s)}
    leader = _rescue_leader_approving(facts, kind)
    if leader is not None:
        reasons[leader] = TAKEOVER_APPROVES_SV
    return reasons


#: Why a VMA request waits for one actor only (shown with its approvals, in Swedish).
VMA_REQUEST_NOTE_SV = (
    "En begäran om VMA väntar inte på samverkansgruppens godkännande. Räddningsledaren beslutar och begär VMA "
    "direkt hos SOS Alarm; gruppen informeras. Har länsstyrelsen tagit över räddningstjänsten (sidan Händelser, "
    "Räddningsledning) är det länsstyrelsens räddningsledare som begär. Vill polisen begära i stället, ändra listan."
)


def vma_requester(event: EventFact) -> ActorSpec:
    """Who requests a VMA at a dam failure: the räddningsledare's organisation. Normally the räddningstjänst of
    the kommun the dam lies in (the first kommun the wave reaches, ``event.kommuner[0]``), e.g. Räddningstjänsten
    Höga Kusten-Ådalen for Hällbydammen in Sollefteå; once a länsstyrelse has taken over the rescue service
    (LSO 4 kap. 10 §, ``event.rescue_taken_over_by``) it is that länsstyrelse, whose räddningsledare asks SOS
    Alarm. SOS Alarm sends a VMA on the request of a räddningsledare (or of the police and a few other
    authorities); the coordination group is informed, not asked.
    """
    if event.rescue_taken_over_by:
        return ActorSpec(event.rescue_taken_over_by, "lansstyrelse")
    home = event.kommuner[0]
    return ActorSpec(raddningstjanst_actor_name(home.name), "raddningstjanst")


def vma_requester_sv(facts: DraftFacts) -> str:
    """The requesting organisation's name for the VMA text, "" without a declared dam failure."""
    return vma_requester(facts.event).name if facts.event is not None and facts.event.kommuner else ""


#: Added to the reason of a network joint texts go out in the name of (Samordningsgruppen för information
#: vid höga flöden): why it is informed and not asked.
IN_ITS_NAME_SV = "texten ges ut i gruppens namn; medlemmarna godkänner var för sig"


def coordinating_networks(facts: DraftFacts, directory: ActorDirectory | None = None, *,
                          kind: str | None = None) -> list[ActorSuggestion]:
    """The councils and networks of the source text a joint text of ``kind`` drafted from ``facts`` is
    coordinated through, each with its reason: they do not approve it, but the text goes out through them
    (the regional council provides joint information to media and public, the crisis-communication network
    coordinates it, NordSam when several län are concerned, Samordningsgruppen för information vid höga
    flöden in whose name it goes out)."""
    return [
        replace(s, reason_sv=f"{s.reason_sv}; {IN_ITS_NAME_SV}") if s.texts_in_its_name else s
        for s in derive_actors(_text_event(facts, kind), directory)
        if s.kind in ("krisrad", "natverk")
    ]


def _text_event(facts: DraftFacts, kind: str | None = None) -> CoordinationEvent:
    if kind in DAM_FAILURE_KINDS and facts.event is not None and facts.event.dam:
        taken_over_by = facts.event.rescue_taken_over_by
        try:
            event = dam_failure_event(read_reach(facts.event.dam), taken_over_by)
        except DownstreamError:
            # The layers do not place the dam, so the dams below are unknown: every owner on the river
            # stays (the safe side), but the event is still the failure of this dam.
            event = CoordinationEvent(rivers=(facts.river,), kind="dammbrott", dam=facts.event.dam,
                                      rescue_taken_over_by=taken_over_by)
        return replace(event, kommun_kods=tuple(k.code for k in facts.kommuner) or event.kommun_kods)
    worst = max((w.level for w in facts.warnings), key=_LEVEL_ORDER.index, default=None)
    return CoordinationEvent(
        rivers=(facts.river,),
        kommun_kods=tuple(k.code for k in facts.kommuner),
        warning_level=_LEVEL_WORDS[worst] if worst else None,
    )


def ensure_default_approvers(repo: DraftRepository, facts: DraftFacts,
                             kind: str) -> tuple[DraftFacts, list[ActorView]]:
    """Write the default approvers of a text of ``kind`` drafted from ``facts`` to the repository's actors
    (those already there are kept) and return the facts naming them, with the stored actors."""
    approvers = repo.ensure_actors(default_approvers(facts, kind=kind))
    return replace(facts, actors=tuple(a.name for a in approvers)), approvers
