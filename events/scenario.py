"""Exercise scenarios declare their own event (ÖVNING), at the scenario's failure time.

The dam-failure scenario ``dammbrott-angermanalven`` declares "Dammbrott – Hällbydammen" once the
scenario clock has reached the failure; before that (or after the clock is set back) the event is
not active (:meth:`events.repository.Event.is_active_at`). Exercise events are ``is_exercise=True``
and never listed in live mode.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from events.repository import Author, Event, EventStore
from geodata.layers import read_dams
from sources.exercise.scenarios import ScenarioSpec

#: Who "declares" a scenario's own event in the history.
SCENARIO_AUTHOR = Author("Övningsscenariot", "Övningsledningen (ÖVNING)")


@lru_cache(maxsize=1)
def known_dams() -> dict[str, str]:
    """Dam name in the curated dam table → its river system (``{"Hällby": "Ångermanälven", …}``)."""
    dams = read_dams()
    return dict(zip(dams["name"], dams["system"], strict=True))


def ensure_scenario_events(store: EventStore, spec: ScenarioSpec, scenario_now: datetime, real_now: datetime) -> list[Event]:
    """Declare the scenario's dam failures that have happened by ``scenario_now`` [UTC]; return them.

    Idempotent: each scenario declares its event once (the ``scenario`` column is unique), however
    many sessions call this at the same time.
    """
    declared = []
    for number, failure in enumerate(spec.dam_failures):
        failed_at = spec.start_utc + failure.after_start
        if scenario_now < failed_at:
            continue
        key = spec.id if number == 0 else f"{spec.id}#{number}"
        declared.append(store.declare_scenario_event(
            scenario=key, kind="dammbrott", river=failure.river, dam=failure.dam_key or None,
            place_sv=failure.dam, description=spec.description_sv, started_at=failed_at,
            author=SCENARIO_AUTHOR, now=real_now,
        ))
    return declared
