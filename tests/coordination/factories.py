"""Shared test values for the coordination tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from messages.drafting import draft_text
from messages.facts import DamFact, DraftFacts, KommunFact, StationFact, WarningFact, facts_to_dict
from messages.repository import DEFAULT_CAP_SENDER, ActorSpec

#: A fixed moment for deterministic tests: 26 Nov 2026 13:05 UTC = 14:05 in Stockholm.
T0 = datetime(2026, 11, 26, 13, 5, tzinfo=UTC)

UME_ACTORS = (
    ActorSpec("Vattenfall AB", "dam_owner"),
    ActorSpec("Länsstyrelsen Västerbotten", "lansstyrelse", "24"),
    ActorSpec("Umeå kommun", "kommun", "2480"),
)


def ume_facts(**overrides) -> DraftFacts:
    """Hand-built facts for Umeälven: two stations, one yellow warning, one dam, two kommuner."""
    values = dict(
        river="Umeälven",
        compiled_at_utc=T0,
        stations=(
            StationFact(
                "Sorsele", 812.3, T0, "SMHI", "i nivå med ett 10-årsflöde",
                "at the level of a 10-year flood", "stigande", "rising", "2236",
            ),
            StationFact("Stornorrfors", 1150.0, T0, "SMHI", "över MHQ", "above MHQ", "oförändrat", "steady"),
        ),
        warnings=(WarningFact("yellow", "Höga flöden", "Vindeln och Umeå", T0, "SMHI", "High flows", None, "w1"),),
        warnings_checked_at_utc=T0,
        dams=(DamFact("Stornorrfors", "Vattenfall AB", "ökad tappning till 1 100 m³/s", T0, "Vattenfall AB"),),
        kommuner=(KommunFact("Vindeln", "2404"), KommunFact("Umeå", "2480")),
        actors=("Vattenfall AB", "Länsstyrelsen Västerbotten", "Umeå kommun"),
    )
    values.update(overrides)
    return DraftFacts(**values)


def released_press_release(repo, *, is_exercise: bool = False, sender: str = DEFAULT_CAP_SENDER):
    """Draft, approve by all three Umeälven actors and release (as CAP ``sender``) a press release."""
    facts = ume_facts(is_exercise=is_exercise)
    actors = repo.ensure_actors(UME_ACTORS)
    draft = repo.create_draft(
        river="Umeälven",
        kind="pressmeddelande",
        is_exercise=is_exercise,
        text=draft_text("pressmeddelande", facts),
        facts=facts_to_dict(facts),
        author="Anna Berg",
        required_actor_ids=[a.id for a in actors],
        now=T0,
    )
    for i, (actor, person) in enumerate(zip(actors, ["Per Ek", "Lisa Holm", "Omar Said"], strict=True)):
        draft = repo.approve(draft.id, 1, actor.id, person, now=T0 + timedelta(minutes=5 + i))
    return repo.release(draft.id, "Anna Berg", sender=sender, now=T0 + timedelta(minutes=10))
