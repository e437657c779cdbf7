"""Minutes and after-action reports: the document model's words, DOCX read back, PDF produced."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import docx
import pytest

from meetings.meeting_changes import ReleasedText
from meetings.meetings import LogEntryView, MeetingView, SituationSnapshot
from meetings.minutes import (
    build_after_action_report,
    build_meeting_minutes,
    render_minutes_docx,
    render_minutes_pdf,
)
from sources.models import DataOrigin

T0 = datetime(2026, 11, 26, 13, 5, tzinfo=UTC)  # 14:05 in Stockholm
#: The exercise scenario's clock at the meeting's start: 9 May 2026 21.00 in Stockholm.
SC0 = datetime(2026, 5, 9, 19, 0, tzinfo=UTC)

UME = {
    "river": "Umeälven",
    "sentence_sv": "Umeälven vid Stornorrfors: 1\u00a0150 m³/s, stigande.",
    "worst_status": {"label_sv": "Över MHQ", "symbol": "▲", "colour": "#1F5FA8", "rank": 2},
    "stations": [
        {"station_id": "2237", "name": "Stornorrfors", "discharge_m3s": 1150.0, "time_utc": "2026-11-26T12:00:00+00:00",
         "status": {"label_sv": "Över MHQ", "symbol": "▲", "colour": "#1F5FA8", "rank": 2},
         "trend": "stigande", "percent_per_day": 4.2},
    ],
    "warnings": [{"level_sv": "Gul varning", "event_sv": "Höga flöden", "area_name_sv": "Vännäs kommun"}],
}


def entry(i: int, kind: str, text: str, minutes: int, **kw) -> LogEntryView:
    values = dict(id=i, meeting_id=7, created_at=T0 + timedelta(minutes=minutes), kind=kind, text=text,
                  responsible="", follow_up_at=None, author="Anna Berg", actor="")
    values.update(kw)
    return LogEntryView(**values)


def meeting(is_exercise: bool = True, entries=None) -> MeetingView:
    origin = DataOrigin.EXERCISE if is_exercise else DataOrigin.LIVE
    return MeetingView(
        id=7, title="Dammbrott Hällby – första avstämning", rivers=("Umeälven",), is_exercise=is_exercise,
        scenario="dammbrott-angermanalven" if is_exercise else None, started_at=T0, started_by="Anna Berg",
        ended_at=T0 + timedelta(hours=1),
        entries=tuple(entries if entries is not None else [
            entry(1, "beslut", "Gemensamt pressmeddelande kl. 15.", 5,
                  scenario_at=SC0 + timedelta(minutes=50) if is_exercise else None),
            # In an exercise the follow-up is on the scenario's clock (10 May 01.00), here also on the wall clock.
            entry(2, "atgard", "Kontrollera Vännäsby bro.", 7, responsible="Per Ek",
                  follow_up_at=T0 + timedelta(hours=2),
                  follow_up_scenario_at=SC0 + timedelta(hours=4) if is_exercise else None),
            entry(3, "informerad", "MSB informerad.", 8, actor="MSB",
                  scenario_at=SC0 + timedelta(minutes=80) if is_exercise else None),
        ]),
        snapshots=(SituationSnapshot(rivers=(UME,), origin=origin, data_time=T0 - timedelta(minutes=65),
                                     taken_at=T0),),
        scenario_started_at=SC0 if is_exercise else None,
    )


def test_minutes_say_who_when_what_the_group_saw_and_what_was_decided():
    doc = build_meeting_minutes(meeting(), generated_at=T0 + timedelta(hours=2))
    assert doc.title == "Minnesanteckningar: Dammbrott Hällby – första avstämning"
    assert doc.is_exercise and doc.exercise_marking == "ÖVNING – ÖVNING – ÖVNING"
    by_heading = {s.heading: s for s in doc.sections}
    # An exercise has two clocks: every time says which, and both stand where both matter.
    assert by_heading["Mötet"].paragraphs == (
        "Älvar: Umeälven.",
        "Startat 26 november 2026 kl. 14.05 (verklig tid; övningstid 9 maj 2026 kl. 21.00) av Anna Berg.",
        "Avslutat 26 november 2026 kl. 15.05 (verklig tid).",
        "Övning. Källa för alla siffror: övningsscenariot ”Dammbrott vid Hällbydammen i Ångermanälven” "
        "(dammbrott-angermanalven) i Älvläget – påhittade flöden, inte SMHI:s mätningar.",
    )
    assert by_heading["Lägesbild vid mötets start"].paragraphs == (
        "Fryst 26 november 2026 kl. 14.05 (verklig tid). Data: ÖVNINGSDATA – inte verkliga flöden, "
        "datans tid 26 november 2026 kl. 13.00 (övningstid).",
    )
    river = by_heading["Umeälven"]
    assert river.paragraphs == ("Läge: ▲ Över MHQ.", "Umeälven vid Stornorrfors: 1\u00a0150 m³/s, stigande.")
    assert river.bullets == ("Varning: Gul varning – Höga flöden – Vännäs kommun",)
    assert river.table.rows == (("Stornorrfors", "1\u00a0150 m³/s", "26 nov 13.00", "▲ Över MHQ", "↗ stigande 4 % per dygn"),)
    assert by_heading["Logg"].table.columns == (
        "Verklig tid", "Övningstid", "Typ", "Text", "Ansvarig", "Uppföljning", "Skrivet av")
    assert by_heading["Logg"].table.rows == (
        ("26 nov 14.10", "9 maj 21.50", "Beslut", "Gemensamt pressmeddelande kl. 15.", "–", "–", "Anna Berg"),
        ("26 nov 14.12", "–", "Åtgärd", "Kontrollera Vännäsby bro.", "Per Ek",
         "10 maj 01.00 (övningstid); 26 nov 16.05 (verklig tid)", "Anna Berg"),
        ("26 nov 14.13", "9 maj 22.20", "Informerad", "MSB informerad.", "–", "–", "Anna Berg"),
    )
    assert by_heading["Att följa upp"].bullets == (
        "10 maj 2026 kl. 01.00 (övningstid); 26 november 2026 kl. 16.05 (verklig tid): Kontrollera Vännäsby bro. "
        "(ansvarig: Per Ek)",
    )
    assert by_heading["Informerade aktörer"].bullets == (
        "MSB: informerad 26 november 2026 kl. 14.13 (verklig tid; övningstid 9 maj 2026 kl. 22.20) "
        "(markerat av Anna Berg)",
    )
    assert doc.footer_line == (
        "Skapat 26 november 2026 kl. 16.05 (verklig tid) i Älvläget (möte nr 7). Tider i svensk tid. "
        "Verklig tid: när det hände på riktigt. Övningstid: scenariots klocka just då (– där den inte är känd).")


def test_a_real_meeting_has_one_clock_and_says_nothing_of_two():
    doc = build_meeting_minutes(meeting(is_exercise=False), generated_at=T0 + timedelta(hours=2))
    by_heading = {s.heading: s for s in doc.sections}
    assert by_heading["Mötet"].paragraphs[1] == "Startat 26 november 2026 kl. 14.05 av Anna Berg."
    assert by_heading["Logg"].table.columns == ("Tid", "Typ", "Text", "Ansvarig", "Uppföljning", "Skrivet av")
    assert by_heading["Logg"].table.rows[0] == (
        "26 nov 14.10", "Beslut", "Gemensamt pressmeddelande kl. 15.", "–", "–", "Anna Berg")
    assert by_heading["Logg"].table.rows[1][4] == "26 nov 16.05"
    assert by_heading["Att följa upp"].bullets == (
        "26 november 2026 kl. 16.05: Kontrollera Vännäsby bro. (ansvarig: Per Ek)",)
    assert doc.footer_line == "Skapat 26 november 2026 kl. 16.05 i Älvläget (möte nr 7). Tider i svensk tid."
    text = " ".join(p for s in doc.sections for p in (*s.paragraphs, *s.bullets))
    assert "övningstid" not in text and "verklig tid" not in text


def test_empty_log_says_so():
    doc = build_meeting_minutes(meeting(entries=[]), generated_at=T0)
    by_heading = {s.heading: s for s in doc.sections}
    assert by_heading["Logg"].paragraphs == ("Inga poster i loggen.",)
    assert by_heading["Informerade aktörer"].bullets == ("Ingen aktör markerad som informerad.",)


def test_docx_is_marked_ovning_first_last_header_and_footer():
    doc = build_meeting_minutes(meeting(), generated_at=T0)
    word = docx.Document(io.BytesIO(render_minutes_docx(doc)))
    paragraphs = [p.text for p in word.paragraphs if p.text]
    assert paragraphs[0] == "ÖVNING – ÖVNING – ÖVNING"
    assert paragraphs[-1] == "ÖVNING – ÖVNING – ÖVNING"
    assert word.sections[0].header.paragraphs[0].text.startswith("ÖVNING – ÖVNING – ÖVNING")
    assert word.sections[0].footer.paragraphs[0].text.startswith("ÖVNING – ÖVNING – ÖVNING")
    assert word.core_properties.title == "ÖVNING: Minnesanteckningar: Dammbrott Hällby – första avstämning"
    log_table = word.tables[1]
    assert [c.text for c in log_table.rows[0].cells] == [
        "Verklig tid", "Övningstid", "Typ", "Text", "Ansvarig", "Uppföljning", "Skrivet av"]
    assert [c.text for c in log_table.rows[1].cells][:4] == ["26 nov 14.10", "9 maj 21.50", "Beslut",
                                                             "Gemensamt pressmeddelande kl. 15."]


def test_real_meeting_docx_has_no_ovning():
    doc = build_meeting_minutes(meeting(is_exercise=False), generated_at=T0)
    word = docx.Document(io.BytesIO(render_minutes_docx(doc)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "ÖVNING" not in text
    assert "Data: SMHI öppna data (aktuella)" in text


def test_pdf_is_produced_over_several_pages_with_unicode_text():
    many = [entry(i, "information", f"Lägesinformation nr {i}: flödet ökar vid Vännäsby – ≥ 10-årsflöde, m³/s.", i)
            for i in range(1, 120)]
    pdf = render_minutes_pdf(build_meeting_minutes(meeting(entries=many), generated_at=T0))
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 3


def test_hostile_and_control_characters_do_not_break_the_exports():
    text = "<w:t>bad</w:t> \x01 & ‮ åäö"
    doc = build_meeting_minutes(meeting(entries=[entry(1, "beslut", text, 1)]), generated_at=T0)
    row = {s.heading: s for s in doc.sections}["Logg"].table.rows[0]
    assert row[3] == "<w:t>bad</w:t> \\u0001 & ‮ åäö"
    word = docx.Document(io.BytesIO(render_minutes_docx(doc)))
    assert word.tables[1].rows[1].cells[3].text == "<w:t>bad</w:t> \\u0001 & ‮ åäö"
    assert render_minutes_pdf(doc).startswith(b"%PDF-")


def test_after_action_report_is_one_timeline_of_the_mode_and_rivers():
    exercise = meeting()
    real = meeting(is_exercise=False)
    released = [
        ReleasedText(T0 + timedelta(minutes=30), "Umeälven", "Gemensamt pressmeddelande", "Höga flöden i Umeälven", True),
        ReleasedText(T0 + timedelta(minutes=31), "Umeälven", "Gemensamt pressmeddelande", "Verklig text", False),
        ReleasedText(T0 + timedelta(minutes=32), "Skellefteälven", "Lägesbild", "Annan älv", True),
    ]
    doc = build_after_action_report([exercise, real], released, rivers=["Umeälven"], is_exercise=True,
                                     generated_at=T0 + timedelta(days=1))
    assert doc.title == "Efterhandsrapport: Umeälven"
    assert doc.is_exercise
    overview, timeline = doc.sections
    assert overview.paragraphs == (
        "Älvar: Umeälven.",
        "Period: 26 november 2026 kl. 14.05 (verklig tid) – 26 november 2026 kl. 15.05 (verklig tid).",
        "1 möte, 3 loggposter, 1 utgiven text.",
        "Källa för alla siffror: övningsscenariot ”Dammbrott vid Hällbydammen i Ångermanälven” "
        "(dammbrott-angermanalven) i Älvläget – påhittade flöden, inte SMHI:s mätningar.",
    )
    # The wall clock orders the timeline; the scenario's clock stands beside it where it is known (an
    # exercise snapshot's data time is the scenario's time when it was frozen).
    assert timeline.table.columns == ("Verklig tid", "Övningstid", "Händelse", "Detalj")
    assert timeline.table.rows == (
        ("26 nov 14.05", "9 maj 21.00", "Möte startat", "Dammbrott Hällby – första avstämning (möte nr 7, Anna Berg)"),
        ("26 nov 14.05", "26 nov 13.00", "Lägesbild fryst", "Umeälven: ▲ Över MHQ"),
        ("26 nov 14.10", "9 maj 21.50", "Beslut", "Gemensamt pressmeddelande kl. 15."),
        ("26 nov 14.12", "–", "Åtgärd", "Kontrollera Vännäsby bro. (ansvarig: Per Ek) Uppföljning: 10 maj 2026 "
         "kl. 01.00 (övningstid); 26 november 2026 kl. 16.05 (verklig tid)."),
        ("26 nov 14.13", "9 maj 22.20", "Informerad", "MSB informerad."),
        ("26 nov 14.35", "–", "Text utgiven", "Gemensamt pressmeddelande (Umeälven): Höga flöden i Umeälven"),
        ("26 nov 15.05", "–", "Möte avslutat", "Dammbrott Hällby – första avstämning"),
    )
    real_report = build_after_action_report([exercise, real], released, rivers=["Umeälven"], is_exercise=False,
                                            generated_at=T0 + timedelta(days=1))
    assert real_report.sections[1].table.columns == ("Tid", "Händelse", "Detalj")
    assert real_report.sections[1].table.rows[0] == (
        "26 nov 14.05", "Möte startat", "Dammbrott Hällby – första avstämning (möte nr 7, Anna Berg)")
    word = docx.Document(io.BytesIO(render_minutes_docx(doc)))
    texts = [p.text for p in word.paragraphs if p.text]
    assert texts[0] == texts[-1] == "ÖVNING – ÖVNING – ÖVNING"
    assert render_minutes_pdf(doc).startswith(b"%PDF-")


@pytest.mark.parametrize("is_exercise", [True, False])
def test_pdf_title_metadata_marks_exercise(is_exercise):
    pdf = render_minutes_pdf(build_meeting_minutes(meeting(is_exercise=is_exercise), generated_at=T0))
    # fpdf2 writes the title as a UTF-16BE hex string with BOM.
    marker = "ÖVNING: ".encode("utf-16-be").hex().upper().encode()
    assert (marker in pdf.upper()) is is_exercise
