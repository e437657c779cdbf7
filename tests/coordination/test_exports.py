"""Exports: plain text, DOCX, PDF and CAP 1.2 — content, ÖVNING marking, schema validity."""

from __future__ import annotations

import dataclasses
import io
import re
import xml.etree.ElementTree as ET
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
import xmlschema
from docx import Document
from pypdf import PdfReader

from messages.drafting import draft_text
from messages.exports.cap import CAP_NAMESPACE, build_cap_alert, format_cap_time
from messages.exports.document import EXERCISE_MARKING, build_export_document, make_printable
from messages.exports.pdf import render_pdf
from messages.exports.plaintext import render_plain_text
from messages.exports.word import render_docx
from messages.facts import facts_to_dict
from messages.versions import MessageText
from tests.coordination.factories import T0, UME_ACTORS, released_press_release, ume_facts

CAP_SCHEMA = xmlschema.XMLSchema(str(Path(__file__).with_name("cap-1.2.xsd")))
NS = {"cap": CAP_NAMESPACE}
NB = "\u00a0"


def test_plain_text_of_released_press_release(sqlite_repo):
    draft = released_press_release(sqlite_repo)
    text = render_plain_text(build_export_document(draft))
    lines = text.splitlines()
    assert lines[:3] == [
        "Samordningsgruppen för information vid höga flöden — Umeälven",
        "Gemensamt pressmeddelande",
        "Utgivet 26 november 2026 kl. 14.15 av Anna Berg, efter godkännande av alla aktörer.",
    ]
    assert "Höga flöden i Umeälven – gemensam information från berörda aktörer" in lines
    assert "Källor och tider:" in lines
    assert f"- Stornorrfors: 1{NB}150 m³/s, uppmätt 26 november 2026 kl. 14.05, källa: SMHI." in lines
    assert "- Sorsele (station 2236): 812 m³/s, uppmätt 26 november 2026 kl. 14.05, källa: SMHI." in lines
    assert "- Berörda kommuner med SCB:s kommunkod: Vindeln (2404), Umeå (2480)." in lines
    assert lines[lines.index("Godkännanden:") + 1 :][:3] == [
        "- Länsstyrelsen Västerbotten: godkänt av Lisa Holm 26 november 2026 kl. 14.11.",
        "- Umeå kommun: godkänt av Omar Said 26 november 2026 kl. 14.12.",
        "- Vattenfall AB: godkänt av Per Ek 26 november 2026 kl. 14.10.",
    ]
    assert lines[-1] == (
        f"Utkast nr {draft.id}, version 1, sparad 26 november 2026 kl. 14.05 av Anna Berg. "
        f"SHA-256: {draft.current.content_hash}"
    )
    assert "ÖVNING" not in text


def test_exercise_plain_text_is_marked_first_and_last(sqlite_repo):
    draft = released_press_release(sqlite_repo, is_exercise=True)
    lines = render_plain_text(build_export_document(draft)).splitlines()
    assert lines[0] == EXERCISE_MARKING == "ÖVNING – ÖVNING – ÖVNING"
    assert lines[-1] == EXERCISE_MARKING


def test_unapproved_draft_says_so(sqlite_repo):
    draft = released_press_release(sqlite_repo)
    follow_up = sqlite_repo.create_follow_up(
        draft.id, "Update", draft.current.text, draft.current.facts, "Anna Berg", now=T0 + timedelta(hours=1)
    )
    doc = build_export_document(follow_up)
    assert doc.title == "Gemensamt pressmeddelande – Uppdatering"
    assert doc.status_line == "UTKAST – inte godkänt av alla aktörer. Får inte spridas."
    assert doc.reference_line == (
        f"Uppdaterar meddelandet utgivet 26 november 2026 kl. 14.15 ({draft.cap_identifier})."
    )
    assert doc.approvals[0] == "Länsstyrelsen Västerbotten: inte godkänt ännu."


def test_control_characters_are_shown_as_visible_escapes():
    assert make_printable("a\x01b\r\nc\x7f\td") == "a\\u0001b\nc\\u007f\td"


def test_docx_contains_header_text_sources_approvals_and_exercise_marking(sqlite_repo):
    draft = released_press_release(sqlite_repo, is_exercise=True)
    data = render_docx(build_export_document(draft))
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == EXERCISE_MARKING
    assert paragraphs[-1] == EXERCISE_MARKING
    assert paragraphs[1] == "Samordningsgruppen för information vid höga flöden — Umeälven"
    assert "Höga flöden i Umeälven – gemensam information från berörda aktörer" in paragraphs
    assert "Stornorrfors: 1\u00a0150 m³/s, uppmätt 26 november 2026 kl. 14.05, källa: SMHI." in paragraphs
    assert "Vattenfall AB: godkänt av Per Ek 26 november 2026 kl. 14.10." in paragraphs
    assert f"SHA-256: {draft.current.content_hash}" in paragraphs[-2]
    section = document.sections[0]
    assert section.header.paragraphs[0].text.startswith("ÖVNING – ÖVNING – ÖVNING")
    assert section.footer.paragraphs[0].text == EXERCISE_MARKING
    assert document.core_properties.title.startswith("ÖVNING: Gemensamt pressmeddelande")


def test_docx_keeps_hostile_text_as_text(sqlite_repo):
    draft = released_press_release(sqlite_repo)
    hostile = MessageText(**{**draft.current.text.as_dict(), "body_sv": "<script>alert(1)</script> 🌊"})
    follow_up = sqlite_repo.create_follow_up(draft.id, "Update", hostile, draft.current.facts, "Anna")
    document = Document(io.BytesIO(render_docx(build_export_document(follow_up))))
    assert "<script>alert(1)</script> 🌊" in [p.text for p in document.paragraphs]


def _pdf_text_streams(data: bytes) -> bytes:
    """Decompressed content of every FlateDecode stream (fpdf2 compresses page content)."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_pdf_is_a_pdf_with_exercise_title(sqlite_repo):
    draft = released_press_release(sqlite_repo, is_exercise=True)
    data = render_pdf(build_export_document(draft))
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/Type /Page" in data
    # The title is stored as hex UTF-16 (with BOM) in the document information.
    title = "ÖVNING: Gemensamt pressmeddelande – Samordningsgruppen för information vid höga flöden — Umeälven"
    assert b"/Title <feff" + title.encode("utf-16-be").hex().encode() + b">" in data
    # The font is embedded as a subset: the text uses the Unicode TrueType font.
    assert b"DejaVuSans" in data
    assert b"BT" in _pdf_text_streams(data)


def _parse_cap(data: bytes) -> ET.Element:
    CAP_SCHEMA.validate(data.decode("utf-8"))
    return ET.fromstring(data)


def test_cap_alert_is_schema_valid_with_fields_and_order(sqlite_repo):
    draft = released_press_release(sqlite_repo)
    data = build_cap_alert(draft)
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    alert = _parse_cap(data)
    assert [child.tag.split("}")[1] for child in alert] == [
        "identifier", "sender", "sent", "status", "msgType", "scope", "note", "info", "info",
    ]
    # The note names who approved for each required actor.
    assert alert.findtext("cap:note", namespaces=NS) == (
        "Godkänt av: Länsstyrelsen Västerbotten (Lisa Holm), Umeå kommun (Omar Said), Vattenfall AB (Per Ek).")
    assert alert.findtext("cap:identifier", namespaces=NS) == draft.cap_identifier
    assert alert.findtext("cap:sender", namespaces=NS) == "urn:alvlaget:samordningsgrupp"
    assert alert.findtext("cap:sent", namespaces=NS) == "2026-11-26T14:15:00+01:00"
    assert alert.findtext("cap:status", namespaces=NS) == "Actual"
    assert alert.findtext("cap:msgType", namespaces=NS) == "Alert"
    sv, en = alert.findall("cap:info", NS)
    assert [child.tag.split("}")[1] for child in sv] == [
        "language", "category", "category", "event", "urgency", "severity", "certainty",
        "senderName", "headline", "description", "instruction", "parameter", "area",
    ]
    assert sv.findtext("cap:language", namespaces=NS) == "sv-SE"
    assert en.findtext("cap:language", namespaces=NS) == "en-GB"
    assert [c.text for c in sv.findall("cap:category", NS)] == ["Met", "Safety"]
    assert sv.findtext("cap:event", namespaces=NS) == "Höga flöden"
    assert en.findtext("cap:event", namespaces=NS) == "High flows"
    assert sv.findtext("cap:severity", namespaces=NS) == "Moderate"  # a yellow warning is cited
    assert sv.findtext("cap:certainty", namespaces=NS) == "Likely"
    assert sv.findtext("cap:description", namespaces=NS) == draft.current.text.body_sv
    area = sv.find("cap:area", NS)
    assert area.findtext("cap:areaDesc", namespaces=NS) == "Kommuner längs Umeälven: Vindeln, Umeå"
    assert [
        (g.findtext("cap:valueName", namespaces=NS), g.findtext("cap:value", namespaces=NS))
        for g in area.findall("cap:geocode", NS)
    ] == [("SCB-kommunkod", "2404"), ("SCB-kommunkod", "2480")]


def test_cap_update_refers_to_released_and_exercise_status(sqlite_repo):
    draft = released_press_release(sqlite_repo, is_exercise=True)
    follow_up = sqlite_repo.create_follow_up(
        draft.id, "Cancel", draft.current.text, draft.current.facts, "Anna", now=T0 + timedelta(hours=1)
    )
    alert = _parse_cap(build_cap_alert(follow_up, now=T0 + timedelta(hours=1, microseconds=7)))
    assert alert.findtext("cap:status", namespaces=NS) == "Exercise"
    assert alert.findtext("cap:msgType", namespaces=NS) == "Cancel"
    assert alert.findtext("cap:sent", namespaces=NS) == "2026-11-26T15:05:00+01:00"
    assert alert.findtext("cap:references", namespaces=NS) == (
        f"urn:alvlaget:samordningsgrupp,{draft.cap_identifier},2026-11-26T14:15:00+01:00"
    )
    assert alert.findtext("cap:note", namespaces=NS).startswith("ÖVNING – ÖVNING – ÖVNING")
    info = alert.find("cap:info", NS)
    assert info.findtext("cap:headline", namespaces=NS).startswith("ÖVNING: ")
    description = info.findtext("cap:description", namespaces=NS)
    assert description.startswith(EXERCISE_MARKING) and description.endswith(EXERCISE_MARKING)
    assert info.findtext("cap:urgency", namespaces=NS) == "Past"


def test_cap_unreleased_real_draft_has_status_draft(sqlite_repo):
    released = released_press_release(sqlite_repo)
    update = sqlite_repo.create_follow_up(
        released.id, "Update", released.current.text, released.current.facts, "Anna"
    )
    alert = _parse_cap(build_cap_alert(update, now=T0))
    assert alert.findtext("cap:status", namespaces=NS) == "Draft"
    assert alert.findtext("cap:identifier", namespaces=NS) == f"urn:alvlaget:samordningsgrupp:utkast-{update.id}-v1"


def test_cap_from_a_configured_sender_carries_it_in_sender_identifier_and_references(sqlite_repo):
    sender = "urn:oid:2.49.0.0.752.1"  # what an ALVLAGET_CAP_SENDER could hold: no spaces or commas
    draft = released_press_release(sqlite_repo, sender=sender)
    assert draft.cap_identifier == f"urn:oid:2.49.0.0.752.1:20261126T131500Z-{draft.id}"
    alert = _parse_cap(build_cap_alert(draft, sender=sender))
    assert alert.findtext("cap:sender", namespaces=NS) == "urn:oid:2.49.0.0.752.1"
    assert alert.findtext("cap:identifier", namespaces=NS) == draft.cap_identifier
    update = sqlite_repo.create_follow_up(draft.id, "Update", draft.current.text, draft.current.facts, "Anna")
    alert = _parse_cap(build_cap_alert(update, sender=sender, now=T0))
    assert alert.findtext("cap:identifier", namespaces=NS) == f"urn:oid:2.49.0.0.752.1:utkast-{update.id}-v1"
    assert alert.findtext("cap:references", namespaces=NS) == (
        f"urn:oid:2.49.0.0.752.1,{draft.cap_identifier},2026-11-26T14:15:00+01:00"
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (T0, "2026-11-26T14:05:00+01:00"),
        (T0.replace(month=7, microsecond=999_999), "2026-07-26T15:05:00+02:00"),
    ],
)
def test_cap_time_format_has_offset_no_z_no_fraction(moment, expected):
    assert format_cap_time(moment) == expected


def test_cap_rejects_what_the_schema_forbids():
    bad = (
        f'<alert xmlns="{CAP_NAMESPACE}"><identifier>x</identifier><sender>s</sender>'
        "<sent>2026-11-26T13:05:00Z</sent><status>Actual</status><msgType>Alert</msgType>"
        "<scope>Public</scope></alert>"
    )
    assert not CAP_SCHEMA.is_valid(bad)
    assert CAP_SCHEMA.is_valid(bad.replace("13:05:00Z", "14:05:00+01:00"))


def test_cap_without_warnings_is_minor_and_observed(sqlite_repo):
    released = released_press_release(sqlite_repo)
    from messages.facts import facts_to_dict

    facts = facts_to_dict(ume_facts(warnings=()))
    update = sqlite_repo.create_follow_up(released.id, "Update", released.current.text, facts, "Anna")
    info = _parse_cap(build_cap_alert(update, now=T0)).find("cap:info", NS)
    assert info.findtext("cap:severity", namespaces=NS) == "Minor"
    assert info.findtext("cap:certainty", namespaces=NS) == "Observed"


def test_characters_the_pdf_font_lacks_are_marked_and_listed_not_dropped():
    from messages.exports.pdf_parts import MISSING_GLYPH, MarkedPdf

    pdf = MarkedPdf(title="Test", author="Älvläget", header_line="Rubrik", exercise_marking="")
    pdf.set_font("DejaVu", "", 10)
    assert pdf.normalize_text("Flödet 🌊 stiger – Å Ä Ö m³/s 𝔘") == f"Flödet {MISSING_GLYPH} stiger – Å Ä Ö m³/s {MISSING_GLYPH}"
    assert list(pdf.missing_glyphs) == ["🌊", "𝔘"]
    pdf.missing_glyphs_note()
    assert bytes(pdf.output()).startswith(b"%PDF-")


def test_a_message_with_emoji_still_exports_as_pdf_with_the_list(sqlite_repo, monkeypatch):
    from messages.exports import pdf_parts

    notes: list[str] = []
    original = pdf_parts.MarkedPdf.paragraph
    monkeypatch.setattr(pdf_parts.MarkedPdf, "paragraph",
                        lambda self, text, size=10: (notes.append(text), original(self, text, size))[1])
    draft = released_press_release(sqlite_repo, is_exercise=False)
    document = build_export_document(draft)
    part = document.parts[0]
    document = document.__class__(**{**document.__dict__,
                                     "parts": (part.__class__(**{**part.__dict__, "body": part.body + " 🌊"}),
                                               *document.parts[1:])})
    assert render_pdf(document).startswith(b"%PDF-")
    assert notes[-1] == ("Tecken som PDF-typsnittet inte kan visa är ersatta med □: U+1F30A. "
                         "Word- och textexporten har dem.")


def _exercise_draft(repo, scenario: str | None):
    """An exercise press release drafted from ``scenario``'s figures (None: a draft from before the
    scenario was recorded)."""
    facts = ume_facts(is_exercise=True, origin="exercise", warnings_source="ÖVNING", scenario=scenario)
    facts = dataclasses.replace(facts, stations=tuple(dataclasses.replace(s, source="ÖVNING") for s in facts.stations),
                                warnings=tuple(dataclasses.replace(w, source="ÖVNING") for w in facts.warnings))
    actors = repo.ensure_actors(UME_ACTORS)
    return repo.create_draft(river="Umeälven", kind="pressmeddelande", is_exercise=True,
                             text=draft_text("pressmeddelande", facts), facts=facts_to_dict(facts),
                             author="Anna Berg", required_actor_ids=[a.id for a in actors], now=T0)


UME_50_SOURCE = ("Källa för alla siffror: övningsscenariot ”50-årsflöde i Umeälven” (umealven-50) i Älvläget – "
                 "påhittade flöden, inte SMHI:s mätningar.")


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_every_export_of_exercise_data_names_the_scenario_as_source_and_carries_ovning(sqlite_repo):
    draft = _exercise_draft(sqlite_repo, "umealven-50")
    document = build_export_document(draft)
    assert document.sources[0] == UME_50_SOURCE

    plain = render_plain_text(document)
    assert plain.splitlines()[0] == EXERCISE_MARKING and f"- {UME_50_SOURCE}" in plain.splitlines()

    word = Document(io.BytesIO(render_docx(document)))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == EXERCISE_MARKING and paragraphs[-1] == EXERCISE_MARKING
    assert UME_50_SOURCE in paragraphs
    assert word.sections[0].header.paragraphs[0].text.startswith(EXERCISE_MARKING)

    pdf = " ".join(_pdf_text(render_pdf(document)).split())
    assert pdf.startswith(EXERCISE_MARKING) and pdf.count(EXERCISE_MARKING) >= 3  # header, top, bottom
    assert " ".join(UME_50_SOURCE.split()) in pdf

    alert = _parse_cap(build_cap_alert(draft, now=T0))
    assert alert.findtext("cap:status", namespaces=NS) == "Exercise"
    assert [child.tag.split("}")[1] for child in alert][:7] == [
        "identifier", "sender", "sent", "status", "msgType", "source", "scope"]
    assert alert.findtext("cap:source", namespaces=NS) == (
        "Övningsscenariot ”50-årsflöde i Umeälven” (umealven-50) i Älvläget – påhittade flöden, inte SMHI:s mätningar")
    assert alert.findtext("cap:note", namespaces=NS).startswith(EXERCISE_MARKING)
    assert all(info.findtext("cap:headline", namespaces=NS).startswith("ÖVNING: ")
               for info in alert.findall("cap:info", NS))


def test_an_exercise_draft_without_a_recorded_scenario_still_names_a_scenario_never_smhi(sqlite_repo):
    draft = _exercise_draft(sqlite_repo, None)
    sources = build_export_document(draft).sources
    assert sources[0] == ("Källa för alla siffror: ett övningsscenario i Älvläget – påhittade flöden, "
                          "inte SMHI:s mätningar.")
    assert not any("källa: SMHI" in line for line in sources)
    assert _parse_cap(build_cap_alert(draft, now=T0)).findtext("cap:source", namespaces=NS).startswith(
        "Ett övningsscenario i Älvläget")


def test_real_exports_name_no_scenario(sqlite_repo):
    draft = released_press_release(sqlite_repo)
    assert draft.current.facts["scenario"] is None
    assert not any("övningsscenari" in line for line in build_export_document(draft).sources)
    assert _parse_cap(build_cap_alert(draft)).find("cap:source", NS) is None
