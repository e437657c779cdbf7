"""Typed errors of the coordination package, each with the Swedish text the page shows.

Every error carries ``message_sv``: a complete sentence for the user, saying what happened and
what to do. ``str(error)`` is the same text, so a log line reads like the screen.
"""

from __future__ import annotations


class CoordinationError(Exception):
    """Base class: something the user asked for cannot be done."""

    def __init__(self, message_sv: str) -> None:
        super().__init__(message_sv)
        self.message_sv = message_sv


class DraftNotFoundError(CoordinationError):
    """No draft with that id (deleted database, stale link)."""

    def __init__(self, draft_id: int) -> None:
        super().__init__(f"Utkast nr {draft_id} finns inte.")
        self.draft_id = draft_id


class ConcurrentEditError(CoordinationError):
    """Someone else saved a newer version (or approved, locked…) since this user read the draft.

    The user's text is not saved; the page keeps it in the text box so nothing typed is lost.
    """

    def __init__(self, draft_id: int, expected_version_no: int, current_version_no: int) -> None:
        super().__init__(
            f"Någon annan har sparat version {current_version_no} av utkastet medan du arbetade "
            f"med version {expected_version_no}. Din text är inte sparad men finns kvar i rutan. "
            "Läs den nya versionen, för över dina ändringar och spara igen."
        )
        self.draft_id = draft_id
        self.expected_version_no = expected_version_no
        self.current_version_no = current_version_no


class DraftLockedError(CoordinationError):
    """The draft is locked (all approved) or released: its text can no longer change."""

    def __init__(self, draft_id: int, status: str) -> None:
        what = "utgivet" if status == "released" else "låst efter godkännande"
        super().__init__(
            f"Utkastet är {what} och kan inte ändras. "
            "Skriv en uppdatering eller ett upphävande i stället."
        )
        self.draft_id = draft_id
        self.status = status


class NothingToSaveError(CoordinationError):
    """The text is identical to the current version; saving would only reset approvals."""

    def __init__(self) -> None:
        super().__init__("Inga ändringar att spara: texten är densamma som i senaste versionen.")


class ApprovalError(CoordinationError):
    """An approval that cannot be recorded (actor not required, already approved, no name)."""


class ReleaseError(CoordinationError):
    """Release, update or cancellation asked for in the wrong state."""


class ActorError(CoordinationError):
    """A required-actor list that cannot be used (empty, unknown actor)."""


class StorageUnavailableError(CoordinationError):
    """The database refused the write: the data folder is read-only or full (or cannot be opened).

    Nothing was saved (the transaction was rolled back); ``problem`` is ``"read_only"``, ``"full"``
    or ``"unavailable"`` (see :mod:`storage`).
    """

    def __init__(self, message_sv: str, problem: str) -> None:
        super().__init__(message_sv)
        self.problem = problem


class DatabaseBusyError(StorageUnavailableError):
    """The write waited longer than the database allows for another writer's lock (SQLite's busy
    timeout, PostgreSQL's lock timeout, a serialization failure or deadlock).

    Nothing was saved (rolled back); the data folder is fine, so this is no read-only mode: the user
    tries again in a moment. ``problem`` is ``"busy"``.
    """

    def __init__(self, message_sv: str) -> None:
        super().__init__(message_sv, "busy")


class TextTooLongError(CoordinationError):
    """A text field is longer than a message can be (checked before anything else is done)."""

    def __init__(self, field_label_sv: str, length: int, limit: int) -> None:
        super().__init__(
            f"Fältet ”{field_label_sv}” har {_thousands(length)} tecken; högst {_thousands(limit)} tecken "
            "får plats i ett meddelande. Inget har sparats. Korta texten och spara igen."
        )
        self.length = length
        self.limit = limit


def _thousands(number: int) -> str:
    """Swedish thousands separator (a narrow no-break space): 50 000."""
    return f"{number:,}".replace(",", "\u202f")
