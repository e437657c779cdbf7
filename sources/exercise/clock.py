"""The scenario clock: which moment of the exercise scenario it is, shared by every session.

Pure arithmetic in :class:`ScenarioClock`; the clock is kept as JSON in the database
(:mod:`sharing.store`, key :data:`CLOCK_KEY`), so every browser session, every app server behind the
proxy and the exercise leader's controls see the same scenario time. Each change bumps the
``exercise`` change counter (:mod:`sharing.live_updates`). All times UTC.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta, timezone

from settings import Settings
from sharing.store import read_shared_value, write_shared_value

#: Key of the clock among the shared values.
CLOCK_KEY = "scenario_clock"


class ClockError(ValueError):
    """A clock operation with an impossible value (negative speed, naive time, unreadable file)."""


def _aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None:
        raise ClockError(f"{what} must be timezone-aware (UTC)")
    return value.astimezone(timezone.utc)


@dataclass(frozen=True)
class ScenarioClock:
    """Scenario time = ``scenario_anchor + (real_now - real_anchor) * speed`` unless paused.

    Attributes
    ----------
    scenario_anchor : scenario time at the moment ``real_anchor`` [UTC].
    real_anchor : the real moment the anchor was set [UTC].
    speed : scenario seconds per real second (1 = real time, 60 = one scenario hour per real minute).
    paused : when paused, the scenario stands still at ``scenario_anchor``.
    """

    scenario_anchor: datetime
    real_anchor: datetime
    speed: float = 1.0
    paused: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "scenario_anchor", _aware(self.scenario_anchor, "scenario_anchor"))
        object.__setattr__(self, "real_anchor", _aware(self.real_anchor, "real_anchor"))
        if not self.speed > 0:
            raise ClockError(f"speed must be positive, not {self.speed!r}")

    def scenario_now(self, real_now: datetime) -> datetime:
        """The scenario time at the real time ``real_now`` [UTC]."""
        real_now = _aware(real_now, "real_now")
        if self.paused:
            return self.scenario_anchor
        return self.scenario_anchor + (real_now - self.real_anchor) * self.speed

    def paused_at(self, real_now: datetime) -> ScenarioClock:
        return replace(self, scenario_anchor=self.scenario_now(real_now), real_anchor=real_now, paused=True)

    def resumed_at(self, real_now: datetime) -> ScenarioClock:
        return replace(self, scenario_anchor=self.scenario_now(real_now), real_anchor=real_now, paused=False)

    def with_speed(self, speed: float, real_now: datetime) -> ScenarioClock:
        return replace(self, scenario_anchor=self.scenario_now(real_now), real_anchor=real_now, speed=speed)

    def to_json(self) -> str:
        data = asdict(self)
        data["scenario_anchor"] = self.scenario_anchor.isoformat()
        data["real_anchor"] = self.real_anchor.isoformat()
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> ScenarioClock:
        try:
            data = json.loads(text)
            return cls(
                scenario_anchor=datetime.fromisoformat(data["scenario_anchor"]),
                real_anchor=datetime.fromisoformat(data["real_anchor"]),
                speed=float(data["speed"]),
                paused=bool(data["paused"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ClockError(f"unreadable scenario clock: {exc}") from exc


def write_clock(settings: Settings, clock: ScenarioClock) -> ScenarioClock:
    """Save the clock for every session and server (one database transaction, so never half written)."""
    write_shared_value(settings.database_url, CLOCK_KEY, clock.to_json(), topic="exercise")
    return clock


def read_clock(settings: Settings, *, default_start: datetime, real_now: datetime) -> ScenarioClock:
    """The shared clock; created (running at real speed from ``default_start``) when none is saved."""
    saved = read_shared_value(settings.database_url, CLOCK_KEY)
    if saved is not None:
        return ScenarioClock.from_json(saved)
    return write_clock(settings, ScenarioClock(scenario_anchor=default_start, real_anchor=real_now))


def start_clock(settings: Settings, scenario_start: datetime, real_now: datetime, speed: float = 1.0) -> ScenarioClock:
    """(Re)start the scenario at ``scenario_start`` now, running at ``speed``."""
    return write_clock(settings, ScenarioClock(scenario_anchor=scenario_start, real_anchor=real_now, speed=speed))


def pause_clock(settings: Settings, real_now: datetime, *, default_start: datetime) -> ScenarioClock:
    clock = read_clock(settings, default_start=default_start, real_now=real_now)
    return write_clock(settings, clock.paused_at(real_now))


def resume_clock(settings: Settings, real_now: datetime, *, default_start: datetime) -> ScenarioClock:
    clock = read_clock(settings, default_start=default_start, real_now=real_now)
    return write_clock(settings, clock.resumed_at(real_now))


def set_clock_speed(settings: Settings, speed: float, real_now: datetime, *, default_start: datetime) -> ScenarioClock:
    clock = read_clock(settings, default_start=default_start, real_now=real_now)
    return write_clock(settings, clock.with_speed(speed, real_now))


def reset_clock(settings: Settings, scenario_start: datetime, real_now: datetime) -> ScenarioClock:
    """Back to the scenario's start, running at real speed."""
    return start_clock(settings, scenario_start, real_now, speed=1.0)


def skip_clock(settings: Settings, delta: timedelta, real_now: datetime, *, default_start: datetime) -> ScenarioClock:
    """Jump the scenario forward (or back) by ``delta``, keeping speed and pause state."""
    clock = read_clock(settings, default_start=default_start, real_now=real_now)
    moved = replace(clock, scenario_anchor=clock.scenario_now(real_now) + delta, real_anchor=real_now)
    return write_clock(settings, moved)
