"""A read-only or full data folder: detected, explained in Swedish, every write refused with nothing
half-written, reads still working. Real faults: a tmpfs remounted read-only or filled up (as root),
folder permissions otherwise, and SQLite's own ``max_page_count`` for a full database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from coordination.db import create_schema, make_engine, make_session_factory
from coordination.errors import StorageUnavailableError
from hydrology.stats_cache import read_or_compute_statistics
from messages.repository import DraftRepository
from settings import choose_scenario, load_settings
from sharing.store import forget_memo
from storage import check_data_folder, classify_storage_error
from tests.coordination.factories import UME_ACTORS
from tests.coordination.test_repository import TEXT_1, TEXT_2
from tests.data_folders import prepare_database
from tests.storage_faults import fill_filesystem


def _database_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'alvlaget.sqlite'}"


def _repository(url: str, max_page_count: int | None = None) -> DraftRepository:
    engine = make_engine(url)
    if max_page_count is not None:
        @event.listens_for(engine, "connect")
        def _cap(dbapi_connection, _record):  # noqa: ANN001 - SQLAlchemy's listener signature
            dbapi_connection.execute(f"PRAGMA max_page_count = {max_page_count}")
    create_schema(engine)
    return DraftRepository(make_session_factory(engine))


def _new_draft(repo: DraftRepository, text=TEXT_1):
    actors = repo.ensure_actors(UME_ACTORS)
    return repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=False, text=text,
                             facts={"river": "Umeälven"}, author="Anna Berg",
                             required_actor_ids=[a.id for a in actors])


def test_writable_folder_is_writable(tmp_path):
    status = check_data_folder(tmp_path / "data", _database_url(tmp_path / "data"))
    assert status.writable and status.reason_sv == ""


def test_read_only_folder_is_read_only_mode_and_reads_still_work(read_only_folder):
    def prepare(folder: Path) -> None:
        repo = _repository(_database_url(folder))
        _new_draft(repo)
        repo._sessions.kw["bind"].dispose()
        # SQLite cannot open a WAL database on read-only media once its -shm file is gone; a
        # rollback-journal database it can, which is what an operator makes read-only on purpose.
        db = sqlite3.connect(folder / "alvlaget.sqlite")
        db.execute("PRAGMA journal_mode=DELETE")
        db.close()

    folder = read_only_folder(prepare)
    status = check_data_folder(folder, _database_url(folder))
    assert not status.writable and status.problem == "read_only"
    assert status.reason_sv == (
        "Skrivskyddat läge: datamappen är skrivskyddad. Läget, flödena och kartan visas som vanligt, "
        "men nya utkast, godkännanden och loggposter kan inte sparas.")

    repo = _repository(_database_url(folder))
    drafts = repo.list_drafts("Umeälven")
    assert [d.current.text.headline_sv for d in drafts] == [TEXT_1.headline_sv]
    with pytest.raises(StorageUnavailableError) as refused:
        repo.save_version(drafts[0].id, 1, TEXT_2, "Anna Berg")
    assert refused.value.problem in ("read_only", "unavailable")
    assert refused.value.message_sv.startswith("Ändringen kunde inte sparas: ")
    assert "Inget har sparats." in refused.value.message_sv
    assert repo.get_draft(drafts[0].id).current_version_no == 1


def test_full_database_refuses_the_write_and_keeps_nothing_of_it(tmp_path):
    url = _database_url(tmp_path)
    repo = _repository(url)
    draft = _new_draft(repo)
    with sqlite3.connect(tmp_path / "alvlaget.sqlite") as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    full = _repository(url, max_page_count=pages)
    big = TEXT_2.__class__(**{**TEXT_2.as_dict(), "body_sv": "Flödet stiger. " * 1_300})
    with pytest.raises(StorageUnavailableError) as refused:
        full.save_version(draft.id, 1, big, "Anna Berg")
    assert refused.value.problem == "full"
    assert "disken för datamappen är full" in refused.value.message_sv
    after = repo.get_draft(draft.id)
    assert after.current_version_no == 1 and after.current.text == TEXT_1


def test_full_filesystem_is_detected_and_leaves_no_half_written_files(tiny_filesystem, tmp_path):
    folder = tiny_filesystem(size_kb=2048)  # room for the database the choice is kept in
    settings = load_settings({"ALVLAGET_DATA_DIR": str(folder)})
    choose_scenario(settings, "varflod")
    fill_filesystem(folder)
    status = check_data_folder(folder, _database_url(folder))
    assert not status.writable and status.problem == "full"
    assert status.reason_sv.startswith("Skrivskyddat läge: disken för datamappen är full.")

    # The choice lives in the database (shared by every server); the full disk refuses it whole.
    with pytest.raises(SQLAlchemyError) as caught:
        choose_scenario(settings, "umealven-50-" + "x" * 100_000)
    assert classify_storage_error(caught.value).problem == "full"
    forget_memo()
    assert load_settings({"ALVLAGET_DATA_DIR": str(folder)}).scenario == "varflod"
    assert {p.name for p in folder.iterdir()} <= {"alvlaget.sqlite", "alvlaget.sqlite-wal", "alvlaget.sqlite-shm",
                                                  "filler.bin"}


def test_statistics_are_computed_even_when_they_cannot_be_kept(read_only_folder):
    folder = read_only_folder()
    days = pd.date_range("1990-01-01", "2020-12-31", freq="D")
    archive = pd.DataFrame({"date": days.date, "discharge_m3s": 100.0 + (days.dayofyear % 60) * 5.0,
                            "quality": "G"})
    stats = read_or_compute_statistics({"2238": archive}, folder)
    assert stats["2238"].n_years >= 30
    assert not (folder / "statistics").exists()


def test_page_loader_shows_live_stations_when_their_sightings_cannot_be_written(read_only_folder, fake_smhi):
    """Läget, Flöden, Karta and Ägarrapporter crashed in read-only mode: writing "last seen" raised
    StorageUnavailableError past a handler that expected SQLAlchemy's own error."""
    from pages._shared.loaders import remember_sightings
    from sources.river_data import get_river_observations

    folder = read_only_folder(prepare_database)
    settings = load_settings({"ALVLAGET_MODE": "live", "ALVLAGET_DATA_DIR": str(folder),
                              "ALVLAGET_SMHI_HYDROOBS_URL": fake_smhi.hydroobs_url,
                              "ALVLAGET_SMHI_WARNINGS_URL": fake_smhi.warnings_url})
    observations = get_river_observations("Umeälven", settings)
    assert not observations.is_exercise and not observations.stations.empty
    shown = remember_sightings(observations, settings)
    assert list(shown.stations["station_id"]) == list(observations.stations["station_id"])
    with sqlite3.connect(f"file:{folder / 'alvlaget.sqlite'}?mode=ro", uri=True) as db:
        assert db.execute("SELECT count(*) FROM station_sightings").fetchone() == (0,)


def test_a_database_busy_with_another_writer_is_not_read_only_mode(tmp_path):
    """The probe met "database is locked" while another session saved, and the page then claimed
    "Skrivskyddat läge: databasen i datamappen kan inte öppnas" for the probe's 15 s."""
    url = _database_url(tmp_path)
    _repository(url)._sessions.kw["bind"].dispose()
    writer = sqlite3.connect(tmp_path / "alvlaget.sqlite")
    try:
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock past the probe's 2 s wait
        status = check_data_folder(tmp_path, url)
    finally:
        writer.rollback()
        writer.close()
    assert status.writable and status.problem is None and status.reason_sv == ""
