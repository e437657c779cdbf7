"""The person who acts: who they are, for which organisation, with which roles.

Four situations (:attr:`Person.mode`):

- ``"signed_in"`` — identified by the identity provider (OpenID Connect); organisation and roles
  come from their membership (:mod:`access.members`). Nobody types a name.
- ``"local"`` — no identity provider is configured and the app serves only this computer
  (127.0.0.1): everyone may do everything and types their name, as before sign-in existed.
- ``"anonymous"`` — an identity provider is configured but the visitor has not signed in, or is
  signed in without a membership: reads every page, writes nothing.
- ``"system"`` — no person: the server itself acting on a machine source (an owner's report feed it
  polls, an exercise scenario declaring its event). Named explicitly with :func:`system_principal`,
  given only the roles its job needs, and recorded by that name in the audit trail — never a bypass.

The domain packages check roles themselves with :func:`check_role` (raising :class:`NotAllowedError`),
so code that skips the page's check cannot write without the role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from access.roles import ROLES

MODES = ("signed_in", "local", "anonymous", "system")


class NotAllowedError(PermissionError):
    """The person lacks the role an action needs. ``message_sv`` is what the page shows."""

    def __init__(self, message_sv: str) -> None:
        super().__init__(message_sv)
        self.message_sv = message_sv


@dataclass(frozen=True)
class Person:
    """Who acts. ``name`` is empty for an anonymous visitor and, in local mode, until typed."""

    name: str
    organisation: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    email: str | None = None
    mode: str = "local"

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}")

    @property
    def signed_in(self) -> bool:
        return self.mode == "signed_in"

    @property
    def is_local(self) -> bool:
        return self.mode == "local"

    def has_role(self, role: str) -> bool:
        """Local mode allows everything; otherwise the membership's roles decide."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        return self.is_local or role in self.roles

    def may_approve_for(self, organisation: str) -> bool:
        """A godkännare approves for their own organisation only; local mode for any."""
        if self.is_local:
            return True
        return self.has_role("godkannare") and self.organisation == organisation

    @property
    def label(self) -> str:
        """``"Omar Said (Umeå kommun)"`` — the name with the organisation when known."""
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


def local_person(name: str = "", organisation: str | None = None) -> Person:
    """The person in local mode: every role, the typed name (and organisation, where a page asks for it)."""
    return Person(name=name, organisation=organisation, roles=frozenset(ROLES), mode="local")


def system_principal(name: str, organisation: str, roles: frozenset[str]) -> Person:
    """The server acting on a machine source, named for the audit trail (``"automatisk hämtning"`` for
    Vattenfall AB's report feed), with only ``roles``."""
    if not name.strip() or not organisation.strip():
        raise ValueError("a system principal needs a name and an organisation")
    return Person(name=name, organisation=organisation, roles=roles, mode="system")


def check_role(person: Person, role: str, what_sv: str) -> Person:
    """``person`` when they have ``role``; else :class:`NotAllowedError` in Swedish.

    ``what_sv`` completes "Du behöver rollen redaktör för att …" (``"deklarera eller ändra händelser"``).
    Local mode has every role; a visitor who has not signed in has none that writes.
    """
    if not person.has_role(role):
        raise NotAllowedError(f"Du behöver rollen {ROLES[role]} för att {what_sv}.")
    return person


ANONYMOUS = Person(name="", roles=frozenset({"lasare"}), mode="anonymous")
