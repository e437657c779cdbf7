"""Shared test values for the coordination tests."""

from __future__ import annotations

from datetime import UTC, datetime

from coordination.repository import ActorSpec

#: A fixed moment for deterministic tests: 26 Nov 2026 13:05 UTC = 14:05 in Stockholm.
T0 = datetime(2026, 11, 26, 13, 5, tzinfo=UTC)

UME_ACTORS = (
    ActorSpec("Vattenfall AB", "dam_owner"),
    ActorSpec("Länsstyrelsen Västerbotten", "lansstyrelse", "24"),
    ActorSpec("Umeå kommun", "kommun", "2480"),
)
