"""A cheap "has anything changed?" for pages that refresh themselves.

Every write to a shared topic (``"events"``, ``"arrivals"``) raises that topic's counter in the same
transaction (:func:`bump_in_session`). A polling page part (``st.fragment(run_every=…)``) reads the
counter with one primary-key query (:func:`read_change_count`) and redraws only when it moved, so
idle viewers cost almost nothing and a change made in one browser session shows in every other.

Kept small and topic-based so it can grow into the project's general change counter.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from events.models import ChangeCounterRow
from sharing.live_updates import bump

EVENTS_TOPIC = "events"
ARRIVALS_TOPIC = "arrivals"


def bump_in_session(session: Session, topic: str) -> None:
    """Raise ``topic``'s counter by one inside the caller's transaction (created at 1 if missing).

    The project's one change counter, :func:`sharing.live_updates.bump` (an atomic upsert).
    """
    bump(session, topic)


def read_change_count(factory: sessionmaker[Session], topic: str) -> int:
    """The current count of ``topic`` (0 before its first write)."""
    with factory() as session:
        value = session.execute(select(ChangeCounterRow.value).where(ChangeCounterRow.topic == topic)).scalar()
    return int(value or 0)
