"""Press contacts per organisation, kept by an administrator and printed in joint press releases.

One row per organisation (an actor of the directory: a dam owner, länsstyrelse, kommun,
räddningstjänst …): the person or desk journalists should call, a phone number and/or an e-mail
address, and who changed it when [UTC]. The table lives in the coordination database (registered
on :class:`coordination.db.Base`, listed in :data:`coordination.db.TABLE_MODULES`), so every app
server sees the same contacts.

API (the page section that edits them is ``pages/_shared/press_contacts_admin.py``)::

    store = PressContactStore(session_factory)
    store.set_press_contact("Vattenfall AB", name="Presstjänst", phone="+46 8 739 50 10",
                            email=None, by="anna@lansstyrelsen.se")
    store.press_contacts()            # {"Vattenfall AB": PressContact(...)}
    store.remove_press_contact("Vattenfall AB")

Drafted press releases cite the contacts of the organisations behind the text
(:func:`with_press_contacts` puts them into :class:`messages.facts.DraftFacts`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from coordination.db import Base, UTCDateTime, session_scope
from coordination.errors import CoordinationError
from coordination.inputs import InputError, check_text
from messages.facts import DraftFacts, PressContactFact

#: Longest accepted organisation or contact name [characters].
MAX_NAME_CHARS = 200

#: A phone number as people write it: digits, spaces, hyphens, an optional leading + and
#: parentheses ("+46 (0)90-16 10 00", "010-489 12 49"); 6 to 20 digits.
_PHONE = re.compile(r"^\+?[0-9 ()\-]+$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class PressContactError(CoordinationError):
    """A press contact that cannot be stored (message in Swedish); nothing is stored."""


#: The page's label of each field, starting the message of a refused control character.
_FIELDS_SV = {"organisation": "Organisation", "name": "Kontakt", "phone": "Telefon", "email": "E-post"}


class PressContactRow(Base):
    """The press contact of one organisation."""

    __tablename__ = "press_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(String(MAX_NAME_CHARS), unique=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME_CHARS))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(MAX_NAME_CHARS))


@dataclass(frozen=True)
class PressContact:
    """A stored press contact; ``updated_at`` [UTC]."""

    organisation: str
    name: str
    phone: str
    email: str
    updated_at: datetime
    updated_by: str


def _view(row: PressContactRow) -> PressContact:
    return PressContact(row.organisation, row.name, row.phone, row.email, row.updated_at, row.updated_by)


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def parse_press_contact(
    organisation: str, name: str, phone: str | None, email: str | None
) -> tuple[str, str, str, str]:
    """The cleaned fields (spaces collapsed), or :class:`PressContactError` saying what is wrong.

    At least a phone number or an e-mail address is required; a phone number has 6–20 digits. A NUL
    byte or another control character in any field is refused (:func:`coordination.inputs.check_text`'s
    message), the same on SQLite and PostgreSQL.
    """
    typed = {"organisation": organisation, "name": name, "phone": phone, "email": email}
    for field, value in typed.items():
        try:
            check_text(value or "", _FIELDS_SV[field], len(value or ""))
        except InputError as exc:
            raise PressContactError(exc.message_sv) from exc
    organisation, name, phone, email = _clean(organisation), _clean(name), _clean(phone), _clean(email)
    if not organisation:
        raise PressContactError("Välj organisationen presskontakten gäller.")
    if not name:
        raise PressContactError("Ange presskontaktens namn eller funktion, t.ex. ”Presstjänst”.")
    for field, value in (("organisation", organisation), ("name", name)):
        try:
            check_text(value, _FIELDS_SV[field], MAX_NAME_CHARS)
        except InputError as exc:
            raise PressContactError(exc.message_sv) from exc
    if not phone and not email:
        raise PressContactError("Ange ett telefonnummer eller en e-postadress.")
    if phone and (not _PHONE.match(phone) or not 6 <= sum(c.isdigit() for c in phone) <= 20):
        raise PressContactError(f"”{phone}” är inget telefonnummer (siffror, mellanslag, bindestreck och + går bra).")
    if email and (not _EMAIL.match(email) or len(email) > 254):
        raise PressContactError(f"”{email}” är ingen e-postadress.")
    return organisation, name, phone, email


class PressContactStore:
    """Press contacts in the coordination database; every method is one transaction.

    Parameters
    ----------
    session_factory : :func:`coordination.db.database_sessions` (the process's one engine for the URL,
        its tables created).
    """

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def set_press_contact(
        self,
        organisation: str,
        *,
        name: str,
        phone: str | None,
        email: str | None,
        by: str,
        now: datetime | None = None,
    ) -> PressContact:
        """Create or replace the press contact of ``organisation``; returns what was stored.

        Raises
        ------
        PressContactError
            Missing organisation or name, neither phone nor e-mail, a malformed phone number or
            e-mail address, or no ``by`` (who made the change). Nothing is stored then.
        """
        organisation, name, phone, email = parse_press_contact(organisation, name, phone, email)
        try:
            by = _clean(check_text(by, "Ändrad av", len(by)))
        except InputError as exc:
            raise PressContactError(exc.message_sv) from exc
        if not by:
            raise PressContactError("Det framgår inte vem som ändrar presskontakten.")
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        with session_scope(self._sessions) as session:
            row = session.scalar(select(PressContactRow).where(PressContactRow.organisation == organisation))
            if row is None:
                row = PressContactRow(organisation=organisation)
                session.add(row)
            row.name, row.phone, row.email = name, phone, email
            row.updated_at, row.updated_by = moment, by[:MAX_NAME_CHARS]
            session.flush()
            return _view(row)

    def remove_press_contact(self, organisation: str) -> bool:
        """Remove the contact of ``organisation``; False when there was none."""
        with session_scope(self._sessions) as session:
            row = session.scalar(
                select(PressContactRow).where(PressContactRow.organisation == _clean(organisation))
            )
            if row is None:
                return False
            session.delete(row)
            return True

    def press_contacts(self) -> dict[str, PressContact]:
        """Every stored contact by organisation, in alphabetical order."""
        with session_scope(self._sessions) as session:
            rows = session.scalars(select(PressContactRow).order_by(PressContactRow.organisation))
            return {row.organisation: _view(row) for row in rows}


def with_press_contacts(facts: DraftFacts, contacts: Mapping[str, PressContact]) -> DraftFacts:
    """``facts`` with the press contacts of the organisations behind the text (``facts.actors``).

    Organisations without a stored contact are left out; the order is that of ``facts.actors``.
    """
    chosen = tuple(
        PressContactFact(c.organisation, c.name, c.phone, c.email)
        for c in (contacts.get(actor) for actor in facts.actors)
        if c is not None
    )
    return dataclasses.replace(facts, press_contacts=chosen)
