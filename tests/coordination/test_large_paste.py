"""A 10 MB paste is refused within a second, in Swedish, with nothing stored, on SQLite and PostgreSQL:
the limit is checked before any work (no hashing, no database round trip with the text, no export).
(The page shows the same message and keeps the pasted text: tests/pages/test_message_exports.py.)"""

from __future__ import annotations

import time

import pytest

from coordination.db import make_session_factory
from coordination.errors import CoordinationError
from meetings.meetings import MeetingLog, SituationSnapshot
from messages.repository import DraftRepository
from sources.models import DataOrigin
from tests.coordination.factories import T0, UME_ACTORS
from tests.coordination.test_repository import FACTS, TEXT_1

#: Ten megabytes of ordinary Swedish text, as a paste from a big document would be.
PASTE = "Flödet stiger vid Stornorrfors. " * (10 * 1024 * 1024 // 32)
#: The refusal's budget [s], for the whole call on a loaded machine.
REFUSED_WITHIN_S = 1.0


def _refused_quickly(attempt) -> CoordinationError:  # noqa: ANN001 - a zero-argument callable
    started = time.perf_counter()
    with pytest.raises(CoordinationError) as info:
        attempt()
    elapsed = time.perf_counter() - started
    assert elapsed < REFUSED_WITHIN_S, f"refused after {elapsed:.2f} s"
    return info.value


def test_a_10_mb_paste_into_a_message_or_the_meeting_log_is_refused_within_a_second(engine):
    assert len(PASTE) >= 10_000_000
    factory = make_session_factory(engine)
    repo, log = DraftRepository(factory), MeetingLog(factory)
    actors = repo.ensure_actors(UME_ACTORS)
    draft = repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=False, text=TEXT_1,
                              facts=FACTS, author="Anna Berg", required_actor_ids=[a.id for a in actors], now=T0)
    meeting = log.start_meeting(title="Avstämning", rivers=["Umeälven"], is_exercise=False, started_by="Anna Berg",
                                snapshot=SituationSnapshot(rivers=({"river": "Umeälven"},), origin=DataOrigin.LIVE))

    pasted = TEXT_1.__class__(**{**TEXT_1.as_dict(), "body_sv": PASTE})
    refused = _refused_quickly(lambda: repo.save_version(draft.id, 1, pasted, "Anna Berg"))
    assert refused.message_sv.startswith("Text (svenska): texten är för lång, ")
    assert refused.message_sv.endswith(" Inget har sparats. Korta den och försök igen.")
    refused = _refused_quickly(lambda: log.add_entry(meeting.id, kind="beslut", text=PASTE, author="Anna Berg"))
    assert "texten är för lång" in refused.message_sv and "Inget har sparats." in refused.message_sv

    after = repo.get_draft(draft.id)
    assert after.current_version_no == 1 and after.current.text == TEXT_1
    assert log.get_meeting(meeting.id).entries == ()
