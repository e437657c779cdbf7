"""Members of the coordination groups: e-mail → organisation and roles, stored in the database.

A signed-in person is matched by the e-mail address their identity provider vouches for: first a
personal :class:`~access.models.Membership`, else a :class:`~access.models.DomainRule` for the
address's domain (``umea.se`` → Umeå kommun, läsare), else they are a visitor who only reads.
Administrators named in the configuration (``ALVLAGET_ADMINS``) are administrators whatever
the database says, so a new installation can be set up.

Every change is written to the audit trail (kind ``"roll"``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from access.audit import AuditRecord, ChainReport, read_audit_entries, record_audit, verify_chain
from access.models import DomainRule, Membership
from access.organisations import is_organisation
from access.person import ANONYMOUS, Person
from access.roles import ROLES, UnknownRoleError, format_roles, parse_roles
from coordination.db import session_scope
from coordination.errors import CoordinationError
from coordination.inputs import InputError, check_text, drop_control_characters

MAX_EMAIL_CHARS = 320


_Grant = TypeVar("_Grant", Membership, DomainRule)


class MemberError(CoordinationError):
    """A membership change that cannot be made (message in Swedish)."""


@dataclass(frozen=True)
class MembershipView:
    email: str
    organisation: str
    roles: frozenset[str]
    changed_at: datetime  # UTC
    changed_by: str


@dataclass(frozen=True)
class DomainRuleView:
    domain: str
    organisation: str
    roles: frozenset[str]
    changed_at: datetime  # UTC
    changed_by: str


_View = TypeVar("_View", MembershipView, DomainRuleView)


def parse_email(value: str) -> str:
    """An e-mail address in the form it is stored and matched: trimmed, lower case.

    Raises :class:`MemberError` (Swedish) when it is not ``name@domain``.
    """
    email = _checked_text(value, "E-postadress", MAX_EMAIL_CHARS).strip().lower()
    local, at, domain = email.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in email) or "@" in domain:
        raise MemberError(f"”{value.strip()}” är ingen e-postadress (namn@organisation.se).")
    return email


def parse_domain(value: str) -> str:
    """An e-mail domain as stored: trimmed, lower case, without a leading ``@``."""
    domain = _checked_text(value, "Domän", 253).strip().lower().removeprefix("@")
    if "." not in domain or "@" in domain or any(c.isspace() for c in domain):
        raise MemberError(f"”{value.strip()}” är ingen e-postdomän (till exempel umea.se).")
    return domain


def _checked_text(value: str, what_sv: str, max_chars: int) -> str:
    """``value`` if :func:`coordination.inputs.check_text` lets it be stored, else :class:`MemberError`
    with its message (NUL, other control characters, length; the same on SQLite and PostgreSQL)."""
    try:
        return check_text(value, what_sv, max_chars)
    except InputError as exc:
        raise MemberError(exc.message_sv) from None


def _checked(organisation: str, roles: Iterable[str]) -> tuple[str, str]:
    if not is_organisation(organisation):
        raise MemberError(f"”{organisation}” finns inte bland organisationerna i aktörsförteckningen.")
    try:
        parsed = parse_roles(list(roles))
    except UnknownRoleError as exc:
        raise MemberError("Okänd roll.") from exc
    if not parsed:
        raise MemberError("Välj minst en roll.")
    return organisation, format_roles(parsed)


class MemberDirectory:
    """Memberships and domain rules in one database; each public method is one transaction.

    Parameters
    ----------
    session_factory : :func:`coordination.db.database_sessions` (the process's one engine for the URL,
        its tables created).
    admin_emails : addresses that are administrators regardless of the database (configuration).
    """

    def __init__(self, session_factory: sessionmaker[Session], admin_emails: Collection[str] = ()) -> None:
        self._sessions = session_factory
        self._admins = frozenset(e.strip().lower() for e in admin_emails if e.strip())

    # --- who is this -------------------------------------------------------------------------

    def read_person(self, email: str | None, name: str | None) -> Person:
        """The signed-in person for the identity provider's ``email`` and ``name`` claims.

        Without a membership, a domain rule or a configured admin address: a visitor who only
        reads (mode ``"anonymous"``, their name kept for the screen).
        """
        if not email:
            return ANONYMOUS
        address = email.strip().lower()
        # The provider's name claim is shown and stored as who acted: invisible controls are dropped.
        display = " ".join(drop_control_characters(name or address).split())[:200]
        with session_scope(self._sessions) as session:
            member = session.scalar(select(Membership).where(Membership.email == address))
            rule = None
            if member is None:
                rule = session.scalar(select(DomainRule).where(DomainRule.domain == address.rpartition("@")[2]))
        source = member or rule
        roles = set(parse_roles(source.roles)) if source is not None else set()
        if address in self._admins:
            roles.add("administrator")
        if not roles:
            return Person(name=display, email=address, roles=frozenset({"lasare"}), mode="anonymous")
        return Person(
            name=display,
            organisation=source.organisation if source is not None else None,
            roles=frozenset(roles),
            email=address,
            mode="signed_in",
        )

    # --- memberships ------------------------------------------------------------------------

    def set_member(
        self, email: str, organisation: str, roles: Iterable[str], by: Person, *, now: datetime | None = None
    ) -> MembershipView:
        """Add or change one person's membership (logged as ``"roll"``)."""
        return self._set(Membership, "email", parse_email(email), organisation, roles, by, now, MembershipView)

    def remove_member(self, email: str, by: Person, *, now: datetime | None = None) -> None:
        """End one person's membership (logged as ``"roll"``)."""
        address = parse_email(email)
        self._remove(Membership, "email", address, by, now, f"”{address}” är inte medlem.")

    def list_members(self) -> list[MembershipView]:
        with session_scope(self._sessions) as session:
            rows = session.scalars(select(Membership).order_by(Membership.organisation, Membership.email))
            return [_view(MembershipView, "email", r) for r in rows]

    # --- domain rules -------------------------------------------------------------------------

    def set_domain_rule(
        self, domain: str, organisation: str, roles: Iterable[str], by: Person, *, now: datetime | None = None
    ) -> DomainRuleView:
        """Everyone at ``domain`` belongs to ``organisation`` with ``roles`` (logged as ``"roll"``)."""
        return self._set(DomainRule, "domain", parse_domain(domain), organisation, roles, by, now, DomainRuleView)

    def remove_domain_rule(self, domain: str, by: Person, *, now: datetime | None = None) -> None:
        domain = parse_domain(domain)
        self._remove(DomainRule, "domain", domain, by, now, f"Det finns ingen regel för ”{domain}”.")

    def list_domain_rules(self) -> list[DomainRuleView]:
        with session_scope(self._sessions) as session:
            return [_view(DomainRuleView, "domain", r) for r in session.scalars(select(DomainRule).order_by(DomainRule.domain))]

    # --- one grant or removal, for memberships and domain rules alike ---------------------------

    def _set(self, model: type[_Grant], key_name: str, key: str, organisation: str, roles: Iterable[str],
             by: Person, now: datetime | None, view: type[_View]) -> _View:
        """Create or change the ``model`` row whose ``key_name`` column is ``key``, logging the change as
        ``"roll"`` with what it was before, in one transaction; returns it as ``view``."""
        organisation, stored_roles = _checked(organisation, roles)
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        with session_scope(self._sessions) as session:
            row = session.scalar(select(model).where(getattr(model, key_name) == key))
            before = None if row is None else {"organisation": row.organisation, "roles": row.roles}
            if row is None:
                row = model(**{key_name: key})
                session.add(row)
            row.organisation, row.roles, row.changed_at, row.changed_by = organisation, stored_roles, moment, by.label
            record_audit(session, "roll", by, {key_name: key, "before": before,
                                               "after": {"organisation": organisation, "roles": stored_roles}},
                         now=moment)
            session.flush()
            return _view(view, key_name, row)

    def _remove(self, model: type[_Grant], key_name: str, key: str, by: Person, now: datetime | None,
                missing_sv: str) -> None:
        """Delete the ``model`` row whose ``key_name`` column is ``key``, logging what it was as ``"roll"``;
        :class:`MemberError` ``missing_sv`` when there is none."""
        with session_scope(self._sessions) as session:
            row = session.scalar(select(model).where(getattr(model, key_name) == key))
            if row is None:
                raise MemberError(missing_sv)
            record_audit(session, "roll", by, {key_name: key, "before": {"organisation": row.organisation,
                                                                          "roles": row.roles}, "after": None},
                         now=now)
            session.delete(row)

    # --- the audit trail -------------------------------------------------------------------------

    def verify_audit_chain(self) -> ChainReport:
        with session_scope(self._sessions) as session:
            return verify_chain(session)

    def read_audit(self, limit: int = 200) -> list[AuditRecord]:
        with session_scope(self._sessions) as session:
            return read_audit_entries(session, limit=limit)


def _view(view: type[_View], key_name: str, row: Membership | DomainRule) -> _View:
    return view(getattr(row, key_name), row.organisation, parse_roles(row.roles), row.changed_at, row.changed_by)


__all__ = ["ROLES", "DomainRuleView", "MemberDirectory", "MemberError", "MembershipView", "parse_domain",
           "parse_email"]
