"""pages/_shared/plain.py: the one place user text is made plain for Markdown and for HTML blocks."""

from __future__ import annotations

import re

from pages._shared.plain import plain_md, plain_message

HOSTILE = "![b](http://127.0.0.1:9/x.png) **fet** :red[röd]"


def _unescaped(markdown: str) -> str:
    """What Markdown shows for backslash-escaped text: each escaped character as itself."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_plain_md_escapes_every_markdown_character_and_shows_the_text_as_typed():
    escaped = plain_md(HOSTILE)
    assert "![" not in escaped and "**" not in escaped and ":red[" not in escaped
    assert _unescaped(escaped) == HOSTILE


def test_plain_message_escapes_only_the_quoted_typed_text():
    message = f"”{HOSTILE}” är inget telefonnummer (siffror, mellanslag, bindestreck och + går bra)."
    shown = plain_message(message)
    assert shown == f"”{plain_md(HOSTILE)}” är inget telefonnummer (siffror, mellanslag, bindestreck och + går bra)."
    assert _unescaped(shown) == message


def test_a_quotation_mark_typed_inside_the_quote_does_not_end_the_escaping():
    typed = f"x” {HOSTILE} ”y"
    shown = plain_message(f"”{typed}” är ingen e-postadress.")
    assert shown == f"”{plain_md(typed)}” är ingen e-postadress."


def test_our_own_message_without_quotes_stays_exactly_as_written():
    message = "Kontakt: texten innehåller ett osynligt nolltecken (NUL) som inte kan sparas."
    assert plain_message(message) == message
