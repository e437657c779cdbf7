"""Decoding files as Excel and other tools save them."""

from __future__ import annotations

import pytest

from sources.csv_text import CsvDecodeError, decode_csv_bytes, guess_separator

TEXT = "kraftverk;kommentar\r\nSollefteåforsen;Ökad tappning – 5 €\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8-sig"), "UTF-8 med BOM"),
        (TEXT.encode("utf-8"), "UTF-8"),
        (TEXT.encode("cp1252"), "Windows-1252"),
    ],
)
def test_excel_encodings_are_detected_and_named(data, encoding):
    assert decode_csv_bytes(data) == ("kraftverk;kommentar\nSollefteåforsen;Ökad tappning – 5 €\n", encoding)


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1():
    assert decode_csv_bytes("Åsele\x81".encode("latin-1")) == ("Åsele\x81", "Latin-1 (ISO 8859-1)")


def test_a_bom_followed_by_non_utf8_is_refused_in_swedish():
    with pytest.raises(CsvDecodeError) as caught:
        decode_csv_bytes(b"\xef\xbb\xbfSolleftea\xe5")
    assert caught.value.message_sv.startswith("Filen säger att den är UTF-8 men innehåller tecken som inte är UTF-8.")


@pytest.mark.parametrize(("line", "separator"), [("a;b,c", ";"), ("a\tb", "\t"), ("a,b", ","), ("a", ";")])
def test_separator_is_guessed_from_the_header(line, separator):
    assert guess_separator(line) == separator
