"""Decode the bytes of a CSV (or JSON) file as people save it, Excel included.

Excel on a Swedish Windows machine writes "CSV (semikolonavgränsad)" in Windows-1252, "CSV UTF-8" with
a byte-order mark; other tools write plain UTF-8. :func:`decode_csv_bytes` tries, in order, UTF-8 with
a BOM, UTF-8 without one and Windows-1252, and says which one it used so the page can tell the user
("teckenkodning: Windows-1252"). Windows-1252 is a superset of Latin-1 for every printable character
(å, ä, ö, é, €), so a Latin-1 file decodes the same; bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D, undefined
in Windows-1252, fall back to Latin-1 so a file is never refused for its encoding alone.

Pure memory functions, no I/O; importers (owner reports, others) reuse them.
"""

from __future__ import annotations

import codecs
import csv

#: Names returned by :func:`decode_csv_bytes`, as shown to users.
UTF8_BOM = "UTF-8 med BOM"
UTF8 = "UTF-8"
WINDOWS_1252 = "Windows-1252"
LATIN_1 = "Latin-1 (ISO 8859-1)"


class CsvDecodeError(ValueError):
    """The bytes cannot be read as text; ``message_sv`` says so in Swedish."""

    def __init__(self, message: str, *, message_sv: str) -> None:
        super().__init__(message)
        self.message_sv = message_sv


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding used.

    Line endings are normalised to ``\\n`` (Excel writes ``\\r\\n``).

    Raises
    ------
    CsvDecodeError
        A UTF-8 byte-order mark followed by bytes that are not UTF-8.

    Examples
    --------
    >>> decode_csv_bytes("kraftverk;tid\\r\\nÅsele;".encode("cp1252"))
    ('kraftverk;tid\\nÅsele;', 'Windows-1252')
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            text, encoding = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), UTF8_BOM
        except UnicodeDecodeError as exc:
            raise CsvDecodeError(
                f"UTF-8 byte-order mark but invalid UTF-8 at byte {exc.start + len(codecs.BOM_UTF8)}",
                message_sv="Filen säger att den är UTF-8 men innehåller tecken som inte är UTF-8. "
                "Spara den igen som ”CSV UTF-8” eller ”CSV (semikolonavgränsad)”.",
            ) from exc
    else:
        try:
            text, encoding = data.decode("utf-8", errors="strict"), UTF8
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252", errors="strict"), WINDOWS_1252
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), LATIN_1
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def csv_error_sv(exc: csv.Error, line: int) -> str:
    """Python's ``csv`` module refusing a record (a field over its 128 KiB limit, usually an opening
    quotation mark never closed; a NUL byte), in Swedish, starting with the line number."""
    if "field larger than field limit" in str(exc):
        return (f"Rad {line}: ett fält är längre än {csv.field_size_limit():,} tecken – kanske saknas ett "
                "avslutande citattecken (\").").replace(",", "\u00a0")
    return f"Rad {line}: raden kan inte läsas som CSV (ett citattecken eller ett osynligt tecken på fel plats)."


def guess_separator(header_line: str) -> str:
    """``;`` (Swedish Excel), ``\\t`` or ``,``: whichever the header line uses, semicolon first."""
    for separator in (";", "\t", ","):
        if separator in header_line:
            return separator
    return ";"
