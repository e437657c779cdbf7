"""Meddelanden's exports through dashboard.py: built once per state of a message (not per viewer),
kept in the database; a long message's only on request, in the background, with the page usable; and
a 10 MB paste refused with a Swedish message before anything is saved or exported.

``build_exports`` is wrapped (not replaced) to count real builds.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from coordination.db import create_schema, make_engine, make_session_factory
from messages.export_store import FORMATS, LARGE_TEXT_CHARS, StoredExport
from messages.repository import DraftRepository
from messages.versions import MessageText
from settings import load_settings
from tests.app_testing import run_page
from tests.coordination.factories import UME_ACTORS
from tests.data_folders import prepare_database

#: Longest the test waits for a background build to finish [s] (generous: a loaded CI machine).
BUILD_DEADLINE_S = 240
DOWNLOADS = {"Word (DOCX)", "PDF", "CAP (XML)", "Text"}


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """The draft id of every real export build the page starts."""
    import pages._shared.message_exports as component

    calls: list[int] = []
    real = component.build_exports

    def counting(draft, **kwargs):
        calls.append(draft.id)
        return real(draft, **kwargs)

    monkeypatch.setattr(component, "build_exports", counting)
    return calls


def _repo() -> DraftRepository:
    engine = make_engine(load_settings().database_url)
    create_schema(engine)
    return DraftRepository(make_session_factory(engine))


def _stored() -> list[tuple[str, str, int]]:
    engine = make_engine(load_settings().database_url)
    create_schema(engine)
    with make_session_factory(engine)() as session:
        return sorted(tuple(row) for row in session.execute(select(StoredExport.export_key, StoredExport.format,
                                                                   StoredExport.draft_id)))


def _open(name: str = "Anna Berg"):
    at = run_page("pages/meddelanden.py")
    at.sidebar.selectbox(key="river").set_value("Umeälven").run()
    at.text_input(key="msg_user").input(name).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _downloads(at) -> set[str]:
    return {b.label for b in at.get("download_button")}


def _seed_draft(text: MessageText) -> int:
    repo = _repo()
    actors = repo.ensure_actors(UME_ACTORS)
    draft_id = repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=True, text=text,
                                 facts={"river": "Umeälven"}, author="Övningsledningen",
                                 required_actor_ids=[a.id for a in actors]).id
    repo._sessions.kw["bind"].dispose()  # no connection left open (the read-only test remounts the folder)
    return draft_id


def test_a_message_is_exported_once_for_every_viewer(builds):
    draft_id = _seed_draft(MessageText(headline_sv="ÖVNING: Höga flöden", body_sv="ÖVNING. Flödet stiger. " * 50))
    first = _open()
    assert _downloads(first) == DOWNLOADS
    assert builds == [draft_id]
    stored = _stored()
    assert sorted(fmt for _key, fmt, _id in stored) == sorted(FORMATS) and {i for *_, i in stored} == {draft_id}

    second = _open("Lisa Holm")  # another person, another session: the files are read, not built
    assert _downloads(second) == DOWNLOADS and not second.exception
    first.run()
    assert builds == [draft_id] and _stored() == stored


def test_a_long_message_is_exported_only_on_request_without_blocking_the_page(builds):
    long_text = "ÖVNING. Flödet stiger i Umeälven. " * (LARGE_TEXT_CHARS // 30)
    draft_id = _seed_draft(MessageText(headline_sv="ÖVNING: Höga flöden", body_sv=long_text))
    at = _open()
    assert "Meddelandet är långt: Word-, PDF- och CAP-filerna skapas när du ber om det, och sidan kan användas " \
           "under tiden." in [i.value for i in at.info]
    assert _downloads(at) == {"Text"} and builds == [] and _stored() == []

    at.button(key=f"msg_export_build_{draft_id}").click().run()
    assert not at.exception, [e.message for e in at.exception]
    deadline = time.monotonic() + BUILD_DEADLINE_S
    while _downloads(at) != DOWNLOADS and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()
    assert _downloads(at) == DOWNLOADS
    assert builds == [draft_id] and len(_stored()) == len(FORMATS)


def test_a_10_mb_paste_is_refused_in_swedish_before_anything_is_saved_or_exported(builds):
    draft_id = _seed_draft(MessageText(headline_sv="ÖVNING: Höga flöden", body_sv="ÖVNING. Flödet stiger."))
    at = _open()
    before = _stored()
    assert builds == [draft_id]
    pasted = "Flödet stiger. " * (10 * 1024 * 1024 // 15)
    at.text_area(key=f"msg_body_sv_{draft_id}").input(pasted)
    at.button(key=f"msg_save_{draft_id}").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.error if "för lång" in e.value] == [
        "Text (svenska): texten är för lång, 10\u00a0485\u00a0750 tecken av högst 20\u00a0000. Inget har sparats. "
        "Korta den och försök igen."]
    draft = _repo().get_draft(draft_id)
    assert draft.current_version_no == 1 and draft.current.text.body_sv == "ÖVNING. Flödet stiger."
    assert at.text_area(key=f"msg_body_sv_{draft_id}").value == pasted  # the pasted text is not lost
    assert builds == [draft_id] and _stored() == before  # nothing exported from it either


def test_exports_still_work_in_read_only_mode(read_only_folder, monkeypatch, builds):
    ids: list[int] = []

    def prepare(folder) -> None:
        monkeypatch.setenv("ALVLAGET_DATA_DIR", str(folder))
        ids.append(_seed_draft(MessageText(headline_sv="ÖVNING: Höga flöden", body_sv="ÖVNING. Flödet stiger.")))
        prepare_database(folder)  # rollback journal: readable from read-only media

    read_only_folder(prepare)
    at = _open()
    assert any(w.value.startswith("Skrivskyddat läge: datamappen är skrivskyddad.") for w in at.warning)
    assert _downloads(at) == DOWNLOADS and builds == ids
    assert _stored() == []  # the database could not keep them; this server's memory does
    at.run()
    assert _downloads(at) == DOWNLOADS and builds == ids
