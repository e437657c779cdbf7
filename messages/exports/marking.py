"""How exercise (ÖVNING) texts are marked in document titles and page lines, for every export format."""

from __future__ import annotations

#: Put before the title of an exercise document (document properties, PDF metadata).
EXERCISE_TITLE_PREFIX = "ÖVNING: "

#: Between the marking and the rest of a page header or footer line.
MARKING_SEPARATOR = "  ·  "


def marked_title(title: str, is_exercise: bool) -> str:
    """``"Protokoll"`` → ``"ÖVNING: Protokoll"`` for an exercise, unchanged otherwise."""
    return f"{EXERCISE_TITLE_PREFIX}{title}" if is_exercise else title


def marked_line(text: str, marking: str) -> str:
    """A header/footer line led by the exercise marking; ``text`` unchanged when ``marking`` is empty.

    ``marking`` is the document's ``exercise_marking`` (``"ÖVNING – ÖVNING – ÖVNING"`` or ``""``).
    """
    return f"{marking}{MARKING_SEPARATOR}{text}" if marking else text
