"""Owners' dam-failure arrival data in the database, and the one way every page reads arrival times.

An owner's file (see :func:`geodata.arrival.parse_arrival_csv` for its columns) is imported once by
one group member (:meth:`ArrivalStore.import_owner_file`) and then used by every session and after
a restart. Each import is kept with who imported it and when (and written to the audit trail,
kind ``"ankomsttider"``); for each dam the newest import that
covers it is in force. A file with any error is refused whole, with every problem in Swedish.

:func:`read_arrival_table` is the single entry for the arrival table (Karta, Läget, the
presentation view and the drafts all call it): the calibrated estimate with the owner's values put
in wherever they exist.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from access.audit import record_audit
from access.person import Person
from coordination.db import session_scope
from coordination.inputs import drop_control_characters, has_control_character
from events.live_updates import ARRIVALS_TOPIC, bump_in_session
from events.models import ArrivalDataRow, ArrivalImportRow
from events.repository import acting_author
from events.scenario import known_dams
from geodata.arrival import (
    ArrivalImportError,
    apply_owner_arrivals,
    estimate_arrivals,
    parse_arrival_csv,
    places_below,
)
from geodata.downstream import DownstreamReach, downstream_of
from sources.csv_text import CsvDecodeError, decode_csv_bytes

OWNER_COLUMNS = ["dam", "place", "place_type", "front_from_h", "front_to_h", "peak_from_h", "peak_to_h",
                 "peak_m3s", "max_level_m", "source"]


@dataclass(frozen=True)
class ArrivalImport:
    """One imported file: ``id``, when [UTC], by whom, file name, its text encoding, the dams, row count."""

    id: int
    imported_at: datetime
    imported_by: str
    imported_org: str
    filename: str
    encoding: str
    dams: tuple[str, ...]
    rows: int


@dataclass(frozen=True)
class ArrivalTable:
    """The arrival table of one dam (:data:`geodata.arrival.ARRIVAL_COLUMNS`) and where its owner data came from."""

    dam: str
    table: pd.DataFrame
    reach: DownstreamReach
    owner_import: ArrivalImport | None

    @property
    def estimate_count(self) -> int:
        return int(self.table["is_estimate"].sum())


@lru_cache(maxsize=64)
def read_reach(dam: str) -> DownstreamReach:
    """:func:`geodata.downstream.downstream_of`, kept per process (the curated layers do not change)."""
    return downstream_of(dam)


@lru_cache(maxsize=64)
def _places_of(dam: str) -> pd.DataFrame:
    return places_below(read_reach(dam))


#: Largest arrival file accepted [bytes], checked before decoding.
MAX_ARRIVAL_FILE_BYTES = 1_000_000


class ArrivalStore:
    """Owners' arrival imports in the coordination database."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory

    def import_owner_file(self, data: bytes, *, filename: str, author: Person, now: datetime) -> ArrivalImport:
        """Decode, validate and store an owner's file; all or nothing.

        Raises
        ------
        geodata.arrival.ArrivalImportError
            With every problem in Swedish (unreadable text, wrong columns, unknown dam, a row that
            matches no place by name and kind…); nothing is stored.
        access.person.NotAllowedError
            When the author lacks the redaktör role.
        events.repository.EventError
            When the author's name or organisation is missing.
        """
        author = acting_author(author, "importera ankomsttider")
        if len(data) > MAX_ARRIVAL_FILE_BYTES:
            raise ArrivalImportError(
                f"Filen är {len(data) / 1e6:.1f} MB; högst 1 MB går att importera. Inget har sparats.".replace(".", ",", 1),
                None)
        try:
            text, encoding = decode_csv_bytes(data)
        except CsvDecodeError as error:
            raise ArrivalImportError(error.message_sv, None) from None
        if "\x00" in text:
            raise ArrivalImportError(
                "Filen är inte en textfil (kanske en Excel-arbetsbok). Spara den som CSV (UTF-8) och försök igen.", None
            )
        if has_control_character(text):  # e.g. a right-to-left override in the source column
            line = next(n for n, row in enumerate(text.splitlines(), start=1) if has_control_character(row))
            raise ArrivalImportError(f"Rad {line}: raden innehåller ett osynligt styrtecken som inte kan sparas. "
                                     "Ta bort det i filen och försök igen. Inget har sparats.", line)
        dams = known_dams()
        owner = parse_arrival_csv(text, _LazyReaches(), known_dams=dams)
        covered = tuple(dict.fromkeys(owner["dam"]))
        with session_scope(self._factory) as session:
            record = ArrivalImportRow(imported_at=now, imported_by=author.name, imported_org=author.organisation,
                                      filename=drop_control_characters(filename)[:300],  # as the browser sent it
                                      encoding=encoding, dams="; ".join(covered))
            session.add(record)
            session.flush()
            for row in owner.itertuples(index=False):
                session.add(ArrivalDataRow(
                    import_id=record.id, dam=row.dam, place=row.place, place_type=row.place_type,
                    front_from_h=row.front_from_h, front_to_h=row.front_to_h,
                    peak_from_h=_none(row.peak_from_h), peak_to_h=_none(row.peak_to_h),
                    peak_m3s=_none(row.peak_m3s), max_level_m=_none(row.max_level_m), source=row.source[:300],
                ))
            record_audit(session, "ankomsttider", author, {
                "import_id": record.id, "filename": record.filename, "dams": list(covered), "rows": len(owner),
                "file_sha256": hashlib.sha256(data).hexdigest(),
            }, now=now)
            bump_in_session(session, ARRIVALS_TOPIC)
            return ArrivalImport(record.id, now, author.name, author.organisation, record.filename, encoding,
                                 covered, len(owner))

    def list_imports(self) -> list[ArrivalImport]:
        """Every import, newest first."""
        with self._factory() as session:
            records = session.scalars(select(ArrivalImportRow).order_by(ArrivalImportRow.id.desc())).all()
            counts = _count_rows(session)
            return [_to_import(r, counts.get(r.id, 0)) for r in records]

    def current_owner_rows(self, dam: str) -> tuple[pd.DataFrame, ArrivalImport | None]:
        """The owner rows in force for ``dam`` (from its newest import) and that import; empty when none."""
        with self._factory() as session:
            newest = session.scalars(
                select(ArrivalImportRow).join(ArrivalDataRow, ArrivalDataRow.import_id == ArrivalImportRow.id)
                .where(ArrivalDataRow.dam == dam).order_by(ArrivalImportRow.id.desc()).limit(1)
            ).first()
            if newest is None:
                return pd.DataFrame(columns=OWNER_COLUMNS), None
            rows = session.scalars(
                select(ArrivalDataRow).where(ArrivalDataRow.import_id == newest.id, ArrivalDataRow.dam == dam)
                .order_by(ArrivalDataRow.id)
            ).all()
            frame = pd.DataFrame([[getattr(r, c) for c in OWNER_COLUMNS] for r in rows], columns=OWNER_COLUMNS)
            frame[OWNER_COLUMNS[3:9]] = frame[OWNER_COLUMNS[3:9]].astype(float)
            counts = _count_rows(session)
            return frame, _to_import(newest, counts.get(newest.id, 0))


def read_arrival_table(store: ArrivalStore, dam: str) -> ArrivalTable:
    """The arrival table of a failure of ``dam`` (name as in the dam table): owner data where it exists,
    the calibrated estimate elsewhere. The one function every page and draft reads arrivals through.

    Raises
    ------
    geodata.downstream.UnknownDamError
        For a dam that is not in the dam table.
    """
    reach = read_reach(dam)
    owner, record = store.current_owner_rows(reach.dam)
    table = apply_owner_arrivals(estimate_arrivals(reach), owner)
    return ArrivalTable(dam=reach.dam, table=table, reach=reach, owner_import=record)


class _LazyReaches(dict):
    """dam → its places below, computed only for the dams a file names (each costs a river walk)."""

    def get(self, dam, default=None):
        try:
            return _places_of(dam)
        except ValueError:
            return default

    def __iter__(self):
        return iter(())


def _count_rows(session: Session) -> dict[int, int]:
    return dict(session.execute(
        select(ArrivalDataRow.import_id, func.count()).group_by(ArrivalDataRow.import_id)
    ).all())


def _to_import(record: ArrivalImportRow, rows: int) -> ArrivalImport:
    return ArrivalImport(record.id, record.imported_at, record.imported_by, record.imported_org, record.filename,
                         record.encoding, tuple(d for d in record.dams.split("; ") if d), rows)


def _none(value: float) -> float | None:
    return None if pd.isna(value) else float(value)
