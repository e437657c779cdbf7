"""The owner report file format: Excel's encodings, Swedish numbers and times, line-numbered errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from owner_reports.model import OwnerReportError, PlannedDischarge, ReportDraft, Reporter
from owner_reports.parsing import (
    MAX_ROWS,
    parse_number_sv,
    parse_planned_lines,
    parse_report_file,
    parse_report_form,
    parse_time_sv,
)

NOW = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)  # 16:00 in Stockholm (summer time)

EXCEL_CSV = (
    "Kraftverk;Rapporttid;Tappning_m3s;Turbin_m3s;Utskov_m3s;Vattenyta_m;Planerad_tid;Planerad_m3s;"
    "Kommentar;Rapportör;Organisation\r\n"
    "Sollefteåforsen;2026-05-12 14.00;1 450,5;850;600,5;;2026-05-12 20:00;1 600;Luckor öppnade 13.30;"
    "Åsa Öberg;Sollefteåforsens AB\r\n"
    "Sollefteåforsen;2026-05-12 14.00;;;;;2026-05-13 02:00;1 700;;;\r\n"
    "Stornorrfors;2026-05-12T12:00Z;900;900;0;;;;;;Vattenfall AB\r\n"
)


def test_swedish_excel_csv_in_windows_1252_is_read_with_decimal_comma_and_local_times():
    parsed = parse_report_file(EXCEL_CSV.encode("cp1252"), "rapport.csv", now=NOW)
    assert parsed.encoding == "Windows-1252"
    assert parsed.file_format == "CSV"
    assert parsed.rows == 3
    assert parsed.drafts == (
        ReportDraft(
            plant="Sollefteåforsen",
            reported_at=datetime(2026, 5, 12, 12, 0, tzinfo=UTC),
            total_m3s=1450.5,
            turbine_m3s=850.0,
            spillway_m3s=600.5,
            upstream_level_m=None,
            planned=(
                PlannedDischarge(datetime(2026, 5, 12, 18, 0, tzinfo=UTC), 1600.0),
                PlannedDischarge(datetime(2026, 5, 13, 0, 0, tzinfo=UTC), 1700.0),
            ),
            comment="Luckor öppnade 13.30",
            stated_reporter=Reporter("Åsa Öberg", "Sollefteåforsens AB"),
        ),
        ReportDraft(
            plant="Stornorrfors",
            reported_at=datetime(2026, 5, 12, 12, 0, tzinfo=UTC),
            total_m3s=900.0,
            turbine_m3s=900.0,
            spillway_m3s=0.0,
            stated_reporter=Reporter("", "Vattenfall AB"),
        ),
    )


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (EXCEL_CSV.encode("utf-8-sig"), "UTF-8 med BOM"),
        (EXCEL_CSV.encode("utf-8"), "UTF-8"),
        (EXCEL_CSV.encode("cp1252"), "Windows-1252"),
        (EXCEL_CSV.encode("latin-1"), "Windows-1252"),  # Latin-1 letters are the same bytes in Windows-1252
    ],
)
def test_every_usual_excel_encoding_gives_the_same_reports(data, encoding):
    parsed = parse_report_file(data, "rapport.csv", now=NOW)
    assert parsed.encoding == encoding
    assert parsed.drafts[0].plant == "Sollefteåforsen"
    assert parsed.drafts[0].stated_reporter == Reporter("Åsa Öberg", "Sollefteåforsens AB")


def test_comma_separated_file_with_decimal_points_is_read_too():
    text = "kraftverk,rapporttid,tappning_m3s,utskov_m3s\nKvistforsen,2026-05-12 15:30,310.5,20\n"
    parsed = parse_report_file(text.encode(), "k.csv", now=NOW)
    assert parsed.drafts[0].total_m3s == 310.5
    assert parsed.drafts[0].spillway_m3s == 20.0
    assert parsed.drafts[0].reported_at == datetime(2026, 5, 12, 13, 30, tzinfo=UTC)


def test_every_error_is_listed_with_its_line_number_and_nothing_is_returned():
    text = (
        "kraftverk;rapporttid;tappning_m3s;turbin_m3s;utskov_m3s;färg\n"  # line 1: unknown column
        "Stornorrfors;2026-05-12 10:00;1 450;850;600;\n"
        "Okänddammen;2026-05-12 10:00;100;;;\n"  # line 3
        'Harrsele;2026-05-12 10:00;"1.450,5";;;\n'  # line 4
        "Pengfors;igår;100;;;\n"  # line 5
        "Rusfors;2026-05-12 10:00;100;80;30;\n"  # line 6: 80 + 30 ≠ 100
        "Tuggen;2026-05-12 10:00;;;;\n"  # line 7: no total
    )
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(text.encode(), "fel.csv", now=NOW)
    assert caught.value.message_sv == "Filen ”fel.csv” har 6 fel och har inte lästs in. Inget har sparats."
    assert caught.value.problems == (
        "Rad 1: okänd kolumn ”färg”. Tillåtna kolumner: kraftverk, rapporttid, tappning_m3s, turbin_m3s, "
        "utskov_m3s, vattenyta_m, damningsgrans_m, sankningsgrans_m, planerad_tid, planerad_m3s, kommentar, "
        "rapportor, organisation.",
        "Rad 3: kraftverket ”Okänddammen” finns inte i Älvlägets lista över kraftverk.",
        "Rad 4: tappning_m3s ”1.450,5” har både punkt och komma; skriv tal med decimalkomma, t.ex. 1 450,5.",
        "Rad 5: rapporttid ”igår” är ingen tid i formen 2026-05-12 14:00.",
        "Rad 6: Turbiner och utskov ska tillsammans bli den totala tappningen (80,0 + 30,0 är inte 100,0 m³/s).",
        "Rad 7: tappning_m3s saknas för Tuggen.",
    )


def test_line_numbers_count_physical_lines_when_a_comment_spans_two():
    text = (
        "kraftverk;rapporttid;tappning_m3s;kommentar\n"
        'Stornorrfors;2026-05-12 10:00;1450;"två\nrader"\n'
        "Stornorrfors;2026-05-12 11:00;-5;\n"
    )
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(text.encode(), "k.csv", now=NOW)
    assert caught.value.problems == ("Rad 4: Total tappning kan inte vara negativ.",)


def test_a_report_time_in_the_future_is_refused():
    text = "kraftverk;rapporttid;tappning_m3s\nStornorrfors;2026-05-12 20:00;1450\n"
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(text.encode(), "k.csv", now=NOW)
    assert caught.value.problems == ("Rad 2: Rapporttiden ligger i framtiden. Ange när värdena gällde.",)


def test_rows_of_one_report_must_agree():
    text = (
        "kraftverk;rapporttid;tappning_m3s;planerad_tid;planerad_m3s\n"
        "Stornorrfors;2026-05-12 10:00;1450;2026-05-12 18:00;1500\n"
        "Stornorrfors;2026-05-12 10:00;1460;2026-05-12 20:00;\n"
    )
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(text.encode(), "k.csv", now=NOW)
    assert caught.value.problems == (
        "Rad 3: tappning_m3s skiljer sig från rad 2 (samma kraftverk och rapporttid är samma rapport).",
        "Rad 3: planerad_tid och planerad_m3s ska anges tillsammans.",
    )


def test_missing_required_columns_are_named():
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(b"kraftverk;tid\nStornorrfors;2026-05-12 10:00\n", "k.csv", now=NOW)
    assert caught.value.problems[:2] == (
        "Rad 1: okänd kolumn ”tid”. Tillåtna kolumner: kraftverk, rapporttid, tappning_m3s, turbin_m3s, "
        "utskov_m3s, vattenyta_m, damningsgrans_m, sankningsgrans_m, planerad_tid, planerad_m3s, kommentar, "
        "rapportor, organisation.",
        "Rad 1: kolumn saknas: rapporttid, tappning_m3s.",
    )


JSON_FILE = """{
  "rapporter": [
    {
      "kraftverk": "Stornorrfors",
      "rapporttid": "2026-05-12T14:00+02:00",
      "tappning_m3s": 1450,
      "turbin_m3s": 850,
      "utskov_m3s": 600,
      "vattenyta_m": null,
      "planerad": [{"tid": "2026-05-12T20:00+02:00", "m3s": 1600}],
      "kommentar": "",
      "rapportor": "Anna Berg",
      "organisation": "Vattenfall AB"
    },
    {
      "kraftverk": "Harrsele",
      "rapporttid": "2026-05-12 13:00",
      "tappning_m3s": "1 020,5"
    }
  ]
}
"""


def test_json_reports_with_planned_discharge():
    parsed = parse_report_file(JSON_FILE.encode(), "rapport.json", now=NOW)
    assert parsed.file_format == "JSON"
    assert parsed.drafts == (
        ReportDraft(
            plant="Stornorrfors",
            reported_at=datetime(2026, 5, 12, 12, 0, tzinfo=UTC),
            total_m3s=1450.0,
            turbine_m3s=850.0,
            spillway_m3s=600.0,
            planned=(PlannedDischarge(datetime(2026, 5, 12, 18, 0, tzinfo=UTC), 1600.0),),
            stated_reporter=Reporter("Anna Berg", "Vattenfall AB"),
        ),
        ReportDraft(plant="Harrsele", reported_at=datetime(2026, 5, 12, 11, 0, tzinfo=UTC), total_m3s=1020.5),
    )


def test_the_level_and_the_regulation_limits_are_read_from_csv_and_json():
    csv_file = (
        "Kraftverk;Rapporttid;Tappning_m3s;Vattenyta_m;Dämningsgräns [m ö.h.];Sänkningsgräns_m\n"
        "Stornorrfors;2026-05-12 14:00;1 450;74,20;75,00;71,50\n"
    ).encode("cp1252")
    json_file = ('{"rapporter": [{"kraftverk": "Stornorrfors", "rapporttid": "2026-05-12T12:00Z", '
                 '"tappning_m3s": 1450, "vattenyta_m": 74.2, "damningsgrans_m": 75, "sankningsgrans_m": 71.5}]}')
    expected = ReportDraft(plant="Stornorrfors", reported_at=datetime(2026, 5, 12, 12, 0, tzinfo=UTC),
                           total_m3s=1450.0, upstream_level_m=74.2, damningsgrans_m=75.0, sankningsgrans_m=71.5)
    assert parse_report_file(csv_file, "rapport.csv", now=NOW).drafts == (expected,)
    assert parse_report_file(json_file.encode(), "rapport.json", now=NOW).drafts == (expected,)
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(b"kraftverk;rapporttid;tappning_m3s;damningsgrans_m;sankningsgrans_m\n"
                          b"Stornorrfors;2026-05-12 14:00;1450;70;75\n", "fel.csv", now=NOW)
    assert caught.value.problems == (
        "Rad 2: Sänkningsgränsen (75,00 m ö.h.) ligger över dämningsgränsen (70,00 m ö.h.).",)


def test_json_errors_name_the_line_where_the_report_starts():
    broken = JSON_FILE.replace('"tappning_m3s": "1 020,5"', '"tappning_m3s": "mycket"')
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(broken.encode(), "rapport.json", now=NOW)
    assert caught.value.problems == ("Rad 15: tappning_m3s ”mycket” är inget tal.",)


def test_json_syntax_error_names_its_line():
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(b'{"rapporter": [\n  {"kraftverk": "Harrsele",,}\n]}', "r.json", now=NOW)
    assert caught.value.problems == ("Rad 2: filen är inte giltig JSON (fel vid tecken 28).",)


def test_size_and_row_limits_are_explained_in_swedish():
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(b"x" * 2_000_001, "stor.csv", now=NOW)
    assert caught.value.message_sv == "Filen ”stor.csv” är för stor (2,0 MB). Högst 2 MB per fil. Inget har sparats."
    rows = "".join(f"Stornorrfors;2026-05-12 10:{i % 60:02d};{i}\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(("kraftverk;rapporttid;tappning_m3s\n" + rows).encode(), "lang.csv", now=NOW)
    assert caught.value.message_sv == (
        "Filen ”lang.csv” har fler än 5\u00a0000 rader. Dela upp den i filer om högst 5\u00a0000 rader. "
        "Inget har sparats."
    )


def test_a_field_over_the_csv_modules_limit_is_a_row_problem_not_a_crash():
    """A comment of 140 000 characters (or a quotation mark never closed) made the csv module raise
    past the parser: 'field larger than field limit (131072)'."""
    comment = "Flödet stiger. " * 10_000
    data = f'kraftverk;rapporttid;tappning_m3s;kommentar\nStornorrfors;2026-05-12 10:00;100;"{comment}"\n'
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(data.encode("cp1252"), "lang-kommentar.csv", now=NOW)
    assert caught.value.message_sv == "Filen ”lang-kommentar.csv” har ett fel och har inte lästs in. Inget har sparats."
    assert caught.value.problems == (
        "Rad 2: ett fält är längre än 131\u00a0072 tecken – kanske saknas ett avslutande citattecken (\").",)


def test_a_feed_file_naming_another_organisation_is_refused():
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(EXCEL_CSV.encode(), "r.csv", now=NOW, expected_organisation="Vattenfall AB")
    assert caught.value.problems == (
        "Rad 2: organisationen ”Sollefteåforsens AB” är inte flödets ägare ”Vattenfall AB”.",
    )


def test_empty_file_and_broken_bom():
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(b"", "tom.csv", now=NOW)
    assert caught.value.problems == ("Filen är tom.",)
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(b"\xef\xbb\xbfkraftverk;\xe5", "bom.csv", now=NOW)
    assert caught.value.message_sv.startswith("Filen ”bom.csv” kunde inte läsas: Filen säger att den är UTF-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-12 14:00", datetime(2026, 5, 12, 12, 0, tzinfo=UTC)),
        ("2026-05-12 14.00", datetime(2026, 5, 12, 12, 0, tzinfo=UTC)),
        ("2026-01-12 14:00", datetime(2026, 1, 12, 13, 0, tzinfo=UTC)),
        ("2026-05-12T12:00Z", datetime(2026, 5, 12, 12, 0, tzinfo=UTC)),
        ("2026-10-25T02:30+01:00", datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
    ],
)
def test_times_in_swedish_time_or_with_offset(text, expected):
    assert parse_time_sv(text) == expected


def test_times_that_do_not_exist_or_occur_twice_at_the_clock_change_are_refused():
    with pytest.raises(ValueError, match="finns inte i svensk tid"):
        parse_time_sv("2026-03-29 02:30")
    with pytest.raises(ValueError, match="finns två gånger"):
        parse_time_sv("2026-10-25 02:30")


def test_swedish_numbers():
    assert parse_number_sv("1 450,5") == 1450.5
    assert parse_number_sv("1\u00a0450") == 1450.0
    assert parse_number_sv("") is None
    with pytest.raises(ValueError):
        parse_number_sv("1.450,5")


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", "1e999", float("nan"), float("inf")])
def test_a_number_that_is_not_finite_is_no_number(value):
    """float() reads "nan" and "inf"; a level written "nan" was silently taken as not given."""
    with pytest.raises(ValueError, match="not a number"):
        parse_number_sv(value)


def test_nan_and_huge_values_in_a_file_are_row_problems():
    text = ("kraftverk;rapporttid;tappning_m3s;vattenyta_m\n"
            "Stornorrfors;2026-05-12 10:00;1 450;nan\n"
            "Harrsele;2026-05-12 10:00;inf;\n"
            "Pengfors;2026-05-12 10:00;1e308;\n")
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(text.encode(), "fel.csv", now=NOW)
    assert caught.value.problems == (
        "Rad 2: vattenyta_m ”nan” är inget tal.",
        "Rad 3: tappning_m3s ”inf” är inget tal.",
        "Rad 4: Total tappning är orimligt stor (högst 20\u00a0000 m³/s).",
    )


@pytest.mark.parametrize("text", ["0001-01-01 00:00", "0001-01-01T00:30+01:00", "9999-12-31T23:30-01:00"])
def test_a_time_at_the_end_of_the_calendar_is_refused_not_a_crash(text):
    """Year 1 in Swedish time is before year 1 in UTC: OverflowError, a traceback on the owner page."""
    with pytest.raises(ValueError) as caught:
        parse_time_sv(text)
    assert str(caught.value) == f"”{text}” ligger utanför de tider som går att räkna med"
    with pytest.raises(OwnerReportError) as in_a_file:
        parse_report_file(f"kraftverk;rapporttid;tappning_m3s\nStornorrfors;{text};100\n".encode(), "r.csv", now=NOW)
    assert in_a_file.value.problems == (f"Rad 2: rapporttid ”{text}” ligger utanför de tider som går att räkna med.",)


def test_json_nested_thousands_deep_is_refused_not_a_crash():
    with pytest.raises(OwnerReportError) as caught:
        parse_report_file(b"[" * 100_000 + b"]" * 100_000, "r.json", now=NOW)
    assert caught.value.problems == ("Rad 1: filen är inte giltig JSON (för många nivåer inuti varandra).",)


def test_planned_lines_from_the_form():
    assert parse_planned_lines("2026-05-12 18:00; 1 500\n\n2026-05-13 06:00\t1700\n") == (
        PlannedDischarge(datetime(2026, 5, 12, 16, 0, tzinfo=UTC), 1500.0),
        PlannedDischarge(datetime(2026, 5, 13, 4, 0, tzinfo=UTC), 1700.0),
    )
    with pytest.raises(OwnerReportError) as caught:
        parse_planned_lines("2026-05-12 18:00; 1 500\nimorgon; 3\n1500")
    assert caught.value.problems == (
        "Planerad tappning, rad 2: ”imorgon” är ingen tid i formen 2026-05-12 14:00.",
        "Planerad tappning, rad 3: skriv tid och flöde åtskilda av semikolon, t.ex. 2026-05-12 18:00; 1 500.",
    )


def test_the_form_gives_a_report_draft_in_swedish_time_with_its_plan():
    draft = parse_report_form("Stornorrfors", date(2026, 5, 12), time(15, 0), 1450.0, turbine_m3s=850.0,
                              spillway_m3s=600.0, upstream_level_m=74.2, planned_text="2026-05-12 18:00; 1 500",
                              comment="Luckor öppna", damningsgrans_m=75.0, sankningsgrans_m=71.5)
    assert draft == ReportDraft(
        plant="Stornorrfors", reported_at=datetime(2026, 5, 12, 13, 0, tzinfo=UTC), total_m3s=1450.0,
        turbine_m3s=850.0, spillway_m3s=600.0, upstream_level_m=74.2,
        planned=(PlannedDischarge(datetime(2026, 5, 12, 16, 0, tzinfo=UTC), 1500.0),), comment="Luckor öppna",
        damningsgrans_m=75.0, sankningsgrans_m=71.5,
    )
    with pytest.raises(OwnerReportError, match="^Ange total tappning i m³/s.$"):
        parse_report_form("Stornorrfors", date(2026, 5, 12), time(15, 0), None)
    with pytest.raises(ValueError, match="finns inte i svensk tid"):
        parse_report_form("Stornorrfors", date(2026, 3, 29), time(2, 30), 1450.0)
