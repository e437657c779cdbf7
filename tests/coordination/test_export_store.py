"""Exports kept in the database per state of a message (messages.export_store), on SQLite and PostgreSQL:
one key per state, files built once and read back by any server, older states' files dropped."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from coordination.db import make_session_factory
from messages.export_store import (
    FORMATS,
    LARGE_TEXT_CHARS,
    ExportStore,
    StoredExport,
    build_exports,
    export_key,
    is_large,
)
from messages.repository import DraftRepository
from messages.versions import MessageText
from tests.coordination.factories import T0, UME_ACTORS, released_press_release

SENDER = "urn:alvlaget:samordningsgrupp"
GROUP = "Samordningsgruppen för information vid höga flöden"


def _key(draft, sender: str = SENDER, group: str = GROUP) -> str:
    return export_key(draft, cap_sender=sender, group_name=group)


def test_the_key_names_the_state_every_export_prints(sqlite_repo):
    actors = sqlite_repo.ensure_actors(UME_ACTORS)
    text = MessageText(headline_sv="Höga flöden", body_sv="Flödet stiger.")
    draft = sqlite_repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=False, text=text,
                                     facts={"river": "Umeälven"}, author="Anna Berg",
                                     required_actor_ids=[a.id for a in actors], now=T0)
    first = _key(draft)
    assert first == _key(sqlite_repo.get_draft(draft.id))  # the same state read again, by any server
    assert len(first) == 64
    assert _key(draft, sender="urn:annan") != first and _key(draft, group="Annan grupp") != first
    approved = sqlite_repo.approve(draft.id, 1, actors[0].id, "Per Ek", now=T0 + timedelta(minutes=1))
    assert _key(approved) != first
    edited = sqlite_repo.save_version(draft.id, 1, MessageText(headline_sv="Höga flöden", body_sv="Flödet sjunker."),
                                      "Anna Berg", now=T0 + timedelta(minutes=2))
    assert len({first, _key(approved), _key(edited)}) == 3


def test_files_are_kept_once_per_state_and_read_back_by_another_store(engine, repo):
    draft = released_press_release(repo)
    key = _key(draft)
    steps: list[tuple[int, int]] = []
    files = build_exports(draft, cap_sender=SENDER, group_name=GROUP, on_progress=lambda d, t: steps.append((d, t)))
    assert steps == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert set(files) == set(FORMATS)
    assert files["pdf"].startswith(b"%PDF-") and files["docx"].startswith(b"PK") and b"<alert" in files["cap"]

    one, other = ExportStore(make_session_factory(engine)), ExportStore(make_session_factory(engine))
    assert one.read_formats(key) == frozenset()
    one.write_exports(key, draft.id, files)
    assert other.read_formats(key) == frozenset(FORMATS)
    assert other.read_export(key, "pdf") == files["pdf"]
    # A second server that built the same state at the same time: no error, the first files stay.
    other.write_exports(key, draft.id, {fmt: b"later" for fmt in FORMATS})
    assert one.read_export(key, "docx") == files["docx"]

    follow_up = repo.create_follow_up(draft.id, "Update", draft.current.text, draft.current.facts, "Anna Berg",
                                      now=T0 + timedelta(hours=1))
    assert _key(follow_up) != key
    one.write_exports(key_2 := _key(follow_up), follow_up.id, build_exports(follow_up, cap_sender=SENDER,
                                                                             group_name=GROUP))
    assert one.read_formats(key) == frozenset(FORMATS)  # another draft's files are not touched
    newer = repo.save_version(follow_up.id, 1, MessageText(headline_sv="Uppdatering", body_sv="Flödet sjunker."),
                              "Anna Berg", now=T0 + timedelta(hours=2))
    one.write_exports(_key(newer), newer.id, build_exports(newer, cap_sender=SENDER, group_name=GROUP))
    assert one.read_formats(key_2) == frozenset()  # the draft's older state is dropped
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(StoredExport)) == 2 * len(FORMATS)


def test_long_messages_are_built_only_on_request(sqlite_repo: DraftRepository):
    actors = sqlite_repo.ensure_actors(UME_ACTORS)
    short = MessageText(headline_sv="Höga flöden", body_sv="Flödet stiger. " * 100)
    long = MessageText(headline_sv="Höga flöden", body_sv="x" * (LARGE_TEXT_CHARS // 2),
                       body_en="y" * (LARGE_TEXT_CHARS // 2))
    drafts = [sqlite_repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=False, text=text,
                                       facts={"river": "Umeälven"}, author="Anna Berg",
                                       required_actor_ids=[a.id for a in actors], now=T0) for text in (short, long)]
    assert [is_large(d) for d in drafts] == [False, True]
