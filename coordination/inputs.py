"""Limits on what people type, checked before anything reaches the database.

The same limits hold on SQLite and PostgreSQL (SQLite would store a 10 000-character name in a
``String(200)`` column; PostgreSQL refuses it, and refuses NUL bytes in any text), so the page
always shows the same Swedish message and never a database error.
"""

from __future__ import annotations

import re

from coordination.errors import CoordinationError
from language.sv import format_number

#: Longest name of a person or an organisation [characters] (the ``String(200)`` columns).
MAX_NAME_CHARS = 200
#: Longest title or headline [characters].
MAX_TITLE_CHARS = 300
#: Longest body text (message text, log entry, report) [characters].
MAX_BODY_CHARS = 20_000


class InputError(CoordinationError):
    """Typed text that cannot be stored: too long, empty where required, or with a NUL byte or another
    control character (message in Swedish)."""


#: The characters no typed text needs: C0 controls except tab, line feed and carriage return (which
#: one-line fields tidy into spaces), DEL, the C1 controls (Unicode category Cc is exactly these
#: ranges), and Unicode's bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069):
#: invisible, and they reorder what is shown after them (a name could be made to read as another).
#: A regular expression, so a 10 MB paste is scanned in milliseconds.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control_character(value: str) -> bool:
    """Whether ``value`` holds a character no typed text needs: a C0 control other than tab and line
    breaks (ESC, BEL, backspace …), DEL, a C1 control (U+0080–009F) or a bidirectional control.

    NUL is one of them too; :func:`check_text` names it separately (PostgreSQL refuses it outright).
    """
    return _CONTROL_CHARACTERS.search(value) is not None


def drop_control_characters(value: str) -> str:
    """``value`` without the characters :func:`has_control_character` finds, for text nobody typed
    here and that is kept rather than refused: a provider's name claim, an uploaded file's name."""
    return _CONTROL_CHARACTERS.sub("", value)


def check_text(value: str, what_sv: str, max_chars: int, *, required: bool = False) -> str:
    """``value`` unchanged if it may be stored, else :class:`InputError` (the one rule for typed text).

    Refused, in this order and with these Swedish messages whatever the database: a NUL byte, more
    than ``max_chars`` characters, an empty text when ``required``, and any other control character
    (:func:`has_control_character`). Tab and line breaks are allowed: multi-line fields keep them,
    one-line fields tidy them into spaces.

    Parameters
    ----------
    value : the typed text.
    what_sv : the field's Swedish label, starting the message: ``"Namn"``, ``"Rubrik (svenska)"``.
    max_chars : the limit [characters], e.g. :data:`MAX_NAME_CHARS`.
    required : an empty (or only blank) text is refused too.
    """
    if "\x00" in value:
        raise InputError(
            f"{what_sv}: texten innehåller ett osynligt nolltecken (NUL) som inte kan sparas. "
            "Skriv texten på nytt i stället för att klistra in den."
        )
    if len(value) > max_chars:
        raise InputError(
            f"{what_sv}: texten är för lång, {format_number(len(value))} tecken av högst {format_number(max_chars)}. "
            "Inget har sparats. Korta den och försök igen."
        )
    if required and not value.strip():
        raise InputError(f"{what_sv}: fyll i en text.")
    if has_control_character(value):
        raise InputError(
            f"{what_sv}: texten innehåller ett osynligt styrtecken som inte kan sparas. "
            "Skriv texten på nytt i stället för att klistra in den."
        )
    return value


def check_name(value: str, what_sv: str = "Namn") -> str:
    """A person's or organisation's name: :func:`check_text` with at most :data:`MAX_NAME_CHARS`,
    not empty; spaces (and any tab or line break) tidied to single spaces."""
    return " ".join(check_text(value, what_sv, MAX_NAME_CHARS, required=True).split())
