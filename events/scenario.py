"""Exercise scenarios declare their own event (ÖVNING), at the scenario's failure time.

The dam-failure scenario ``dammbrott-angermanalven`` declares "Dammbrott – Hällbydammen" once the
scenario clock has reached the failure; before that (or after the clock is set back) the event is
not active (:meth:`events.repository.Event.is_active_at`). Exercise events are ``is_exercise=True``
and never listed in live mode.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache

from access.person import system_principal
from access.roles import EDITOR
from events.repository import Event, EventStore
from geodata.layers import read_dams
from sources.exercise.scenarios import DamFailure, ScenarioSpec

#: Who "declares" a scenario's own event in the history: the server acting on the scenario (no person), a
#: named system principal with the redaktör role only, so any session's clock can declare it.
SCENARIO_AUTHOR = system_principal("Övningsscenariot", "Övningsledningen (ÖVNING)", frozenset({EDITOR}))


@lru_cache(maxsize=1)
def known_dams() -> dict[str, str]:
    """Dam name in the curated dam table → its river system (``{"Hällby": "Ångermanälven", …}``)."""
    dams = read_dams()
    return dict(zip(dams["name"], dams["system"], strict=True))


def _scenario_failures(spec: ScenarioSpec) -> Iterator[tuple[str, datetime, DamFailure]]:
    """Each dam failure of ``spec``: its event's scenario key, when it happens [UTC], the failure."""
    for number, failure in enumerate(spec.dam_failures):
        yield (spec.id if number == 0 else f"{spec.id}#{number}"), spec.start_utc + failure.after_start, failure


def ensure_scenario_events(store: EventStore, spec: ScenarioSpec, scenario_now: datetime, real_now: datetime) -> list[Event]:
    """Declare the scenario's dam failures that have happened by ``scenario_now`` [UTC]; return them.

    Idempotent: each scenario declares its event once (the ``scenario`` column is unique), however
    many sessions call this at the same time.
    """
    declared = []
    for key, failed_at, failure in _scenario_failures(spec):
        if scenario_now < failed_at:
            continue
        declared.append(store.declare_scenario_event(
            scenario=key, kind="dammbrott", river=failure.river, dam=failure.dam_key or None,
            place_sv=failure.dam, description=spec.description_sv, started_at=failed_at,
            author=SCENARIO_AUTHOR, now=real_now,
        ))
    return declared


def scenario_events_due(spec: ScenarioSpec, scenario_now: datetime, declared: Iterable[str | None]) -> bool:
    """True when the scenario clock (``scenario_now`` [UTC]) has passed a failure of ``spec`` whose event
    is not among ``declared`` (the ``scenario`` keys of the events known): memory only, so a polling
    page can ask it every few seconds and call :func:`ensure_scenario_events` only when it says so."""
    known = set(declared)
    return any(failed_at <= scenario_now and key not in known for key, failed_at, _failure in _scenario_failures(spec))
