"""The roles a member of a coordination group can have, and what each allows.

Keys are ASCII (stored in the database, used in code); the Swedish labels are what people see.
"""

from __future__ import annotations

#: Role key → Swedish name, in the order the admin view lists them.
ROLES: dict[str, str] = {
    "lasare": "läsare",
    "redaktor": "redaktör",
    "godkannare": "godkännare",
    "motesledare": "mötesledare",
    "administrator": "administratör",
}

#: What each role allows (shown on the admin view).
ROLE_DESCRIPTIONS_SV: dict[str, str] = {
    "lasare": "läser alla sidor",
    "redaktor": "skriver utkast, logg, rapporter och händelser",
    "godkannare": "godkänner texter för sin egen organisation",
    "motesledare": "startar och avslutar möten, styr övningsklockan",
    "administrator": "hanterar medlemmar och roller, kontrollerar revisionsloggen",
}

READER, EDITOR, APPROVER, CHAIR, ADMIN = ROLES


class UnknownRoleError(ValueError):
    """A role key that is not one of :data:`ROLES`."""


def parse_roles(value: str | tuple[str, ...] | list[str] | frozenset[str]) -> frozenset[str]:
    """Roles from a comma-separated string (as stored) or a collection of keys.

    Raises :class:`UnknownRoleError` for a key not in :data:`ROLES`.
    """
    items = value.split(",") if isinstance(value, str) else list(value)
    roles = frozenset(item.strip() for item in items if item.strip())
    unknown = roles - set(ROLES)
    if unknown:
        raise UnknownRoleError(f"unknown roles: {sorted(unknown)}")
    return roles


def format_roles(roles: frozenset[str] | set[str] | tuple[str, ...]) -> str:
    """Roles as stored: comma-separated keys in :data:`ROLES` order (stable, so hashes are too)."""
    return ",".join(key for key in ROLES if key in roles)


def roles_sv(roles: frozenset[str] | set[str] | tuple[str, ...]) -> str:
    """Roles in Swedish for the screen: ``"redaktör, godkännare"``."""
    return ", ".join(label for key, label in ROLES.items() if key in roles) or "inga roller"
