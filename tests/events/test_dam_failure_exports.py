"""The dam-failure texts (VMA request, press release sv/en, public information) exported like the other
texts: DOCX, PDF and CAP 1.2, marked ÖVNING in exercises, naming the dam and the places the wave reaches.

The facts come the way Meddelanden gets them: an owner's arrival file imported into the database, the
arrival table read through :func:`events.arrivals.read_arrival_table`, the event turned into draft facts.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import xmlschema
from docx import Document
from pypdf import PdfReader

from access.person import local_person
from coordination.db import make_session_factory
from events.arrivals import ArrivalStore, read_arrival_table
from events.briefing import event_fact
from events.repository import Event
from messages.approvers import coordinating_networks, default_approvers, scope_to_kind
from messages.drafting import draft_text
from messages.exports.cap import CAP_NAMESPACE, build_cap_alert
from messages.exports.document import EXERCISE_MARKING, build_export_document
from messages.exports.pdf import render_pdf
from messages.exports.plaintext import render_plain_text
from messages.exports.word import render_docx
from messages.facts import DraftFacts, KommunFact, facts_to_dict
from messages.repository import ActorSpec, DraftRepository

CAP_SCHEMA = xmlschema.XMLSchema(str(Path(__file__).parents[1] / "coordination" / "cap-1.2.xsd"))
NS = {"cap": CAP_NAMESPACE}
FAILED = datetime(2026, 5, 9, 19, 15, tzinfo=UTC)  # 21.15 in Sweden
RELEASED = FAILED + timedelta(minutes=40)
OWNER_FILE = (
    "damm;plats;typ;ankomst_h;topp_h;toppflode_m3s;hogsta_niva_m;kalla\n"
    "Hällbydammen;Nyland;ort;10–12;13–15;4100;;Uniper dammbrottsutredning 2019\n"
).encode()
ACTORS = (ActorSpec("Uniper", "dam_owner"), ActorSpec("Länsstyrelsen Västernorrland", "lansstyrelse", "22"),
          ActorSpec("Kramfors kommun", "kommun", "2282"))
#: Every kommun along Ångermanälven, as Meddelanden's facts list them (Hällby lies in Sollefteå kommun).
ALONG_THE_RIVER = (KommunFact("Vilhelmina", "2462"), KommunFact("Strömsund", "2313"),
                   KommunFact("Sollefteå", "2283"), KommunFact("Kramfors", "2282"), KommunFact("Härnösand", "2280"))
DOWNSTREAM = [("SCB-kommunkod", "2283"), ("SCB-kommunkod", "2282"), ("SCB-kommunkod", "2280")]


def _event(is_exercise: bool) -> Event:
    return Event(id=1, kind="dammbrott", river="Ångermanälven", dam="Hällby", place_sv="Hällbydammen",
                 description="", started_at=FAILED, ended_at=None, is_exercise=is_exercise, scenario=None,
                 declared_by="Anna Berg", declared_org="Länsstyrelsen Västernorrland", declared_at=FAILED, version=1)


@pytest.fixture
def released(sqlite_engine):
    """kind, is_exercise → that text drafted from the event, approved by three actors and released."""
    factory = make_session_factory(sqlite_engine)
    arrivals = ArrivalStore(factory)
    arrivals.import_owner_file(OWNER_FILE, filename="hallby.csv", author=local_person("Karin Ek", "Uniper"), now=FAILED)
    table = read_arrival_table(arrivals, "Hällby").table
    repo = DraftRepository(factory)

    def release(kind: str, is_exercise: bool = True):
        facts = DraftFacts(river="Ångermanälven", compiled_at_utc=FAILED + timedelta(minutes=20),
                           kommuner=ALONG_THE_RIVER, actors=tuple(a.name for a in ACTORS), is_exercise=is_exercise,
                           event=event_fact(_event(is_exercise), table))
        actors = repo.ensure_actors(ACTORS)
        draft = repo.create_draft(river="Ångermanälven", kind=kind, is_exercise=is_exercise,
                                  text=draft_text(kind, facts), facts=facts_to_dict(facts), author="Anna Berg",
                                  required_actor_ids=[a.id for a in actors], now=FAILED + timedelta(minutes=25))
        for i, (actor, person) in enumerate(zip(actors, ["Per Ek", "Lisa Holm", "Omar Said"], strict=True)):
            draft = repo.approve(draft.id, 1, actor.id, person, now=FAILED + timedelta(minutes=30 + i))
        return repo.release(draft.id, "Anna Berg", now=RELEASED)

    return release


KINDS = ["vma", "dammbrott_press", "dammbrott_info"]


@pytest.mark.parametrize("kind", KINDS)
def test_docx_is_marked_and_names_the_dam_the_places_and_the_clock_times(released, kind):
    document = Document(io.BytesIO(render_docx(build_export_document(released(kind)))))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == paragraphs[-1] == EXERCISE_MARKING
    assert document.core_properties.title.startswith("ÖVNING: Dammbrott: ")
    assert document.sections[0].header.paragraphs[0].text.startswith(EXERCISE_MARKING)
    text = "\n".join(paragraphs)
    assert "Hällbydammen" in text
    for place in ("Näsåker", "Sollefteå", "Nyland", "Kramfors"):
        assert place in text, place
    # The owner's figure for Nyland (10–12 h, peak 13–15 h after 21.15) as clock times, said to be the owner's.
    assert "Nyland (ort, Kramfors): vattnet väntas 10 maj kl. 07.15–09.15, högsta flöde 10 maj kl. 10.15–12.15 (" in text
    # Elsewhere the peak time is assumed, and the text says so and what the assumption is.
    assert "Näsåker (ort, Sollefteå): vattnet väntas 10 maj kl. 00.45–04.21, högsta flöde 10 maj kl. 01.45–07.21 (antagande)" in text
    assert "det högsta flödet kommer 1–3 timmar efter att vattnet har kommit. Det är ingen beräkning." in text
    # What the times rest on, among the sources.
    sources = paragraphs[paragraphs.index("Källor och tider") + 1: paragraphs.index("Godkännanden")]
    assert any(line.startswith("Dammbrott – Hällbydammen (Ångermanälven), 9 maj 2026 kl. 21.15") for line in sources), sources
    assert "Dammägarens uppgift för Nyland (ort): Uniper dammbrottsutredning 2019." in sources
    assert any(line.startswith("Grov uppskattning för Sollefteå (kommungräns), Gulsele (damm)") and "m/s" in line
               for line in sources), sources
    assert any(line.startswith("Högsta flöde (toppen): för 15 av 16 platser har dammägaren inte lämnat någon tid.")
               for line in sources), sources


def test_press_release_docx_has_the_english_text_too(released):
    paragraphs = [p.text for p in Document(io.BytesIO(render_docx(build_export_document(released("dammbrott_press"))))).paragraphs]
    english = paragraphs[paragraphs.index("In English"):paragraphs.index("Källor och tider")]
    assert english[1] == "EXERCISE – Dam failure at Hällbydammen – flood wave on the Ångermanälven river"
    assert any("- Nyland (Kramfors municipality): water expected 10 May, 07:15–09:15" in p for p in english)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_is_marked_and_names_the_dam_and_the_places(released, kind):
    data = render_pdf(build_export_document(released(kind)))
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title.startswith("ÖVNING: Dammbrott: ")
    text = re.sub(r"\s+", " ", _pdf_text(data))
    assert text.count(EXERCISE_MARKING) >= 2 * len(reader.pages)  # header and footer of every page
    for word in ("Hällbydammen", "Näsåker", "Sollefteå", "Nyland", "Kramfors", "kl. 07.15"):
        assert word in text, word


@pytest.mark.parametrize("kind", KINDS)
def test_cap_is_valid_exercise_about_a_dam_failure_downstream_of_the_dam(released, kind):
    data = build_cap_alert(released(kind))
    CAP_SCHEMA.validate(data.decode("utf-8"))
    alert = ET.fromstring(data)
    assert alert.findtext("cap:status", namespaces=NS) == "Exercise"
    assert alert.findtext("cap:note", namespaces=NS).startswith(EXERCISE_MARKING)
    infos = alert.findall("cap:info", NS)
    assert [i.findtext("cap:language", namespaces=NS) for i in infos] == ["sv-SE", "en-GB"]
    sv, en = infos
    assert sv.findtext("cap:event", namespaces=NS) == "Dammbrott"
    assert en.findtext("cap:event", namespaces=NS) == "Dam failure"
    for info in infos:
        # A dam failure is no yellow-warning matter: act now, the worst kind, it has happened.
        assert info.findtext("cap:urgency", namespaces=NS) == "Immediate"
        assert info.findtext("cap:severity", namespaces=NS) == "Extreme"
        assert info.findtext("cap:certainty", namespaces=NS) == "Observed"
        assert [c.text for c in info.findall("cap:category", NS)] == ["Safety", "Infra"]
        assert info.findtext("cap:headline", namespaces=NS).startswith("ÖVNING: ")
        description = info.findtext("cap:description", namespaces=NS)
        assert "Hällbydammen" in description
        assert description.startswith(EXERCISE_MARKING) and description.endswith(EXERCISE_MARKING)
        assert "Nyland" in description and "Näsåker" in description
        # The area is where the wave goes: the kommuner from the dam to the sea, not those upstream.
        area = info.find("cap:area", NS)
        assert [(g.findtext("cap:valueName", namespaces=NS), g.findtext("cap:value", namespaces=NS))
                for g in area.findall("cap:geocode", NS)] == DOWNSTREAM
    assert sv.find("cap:area", NS).findtext("cap:areaDesc", namespaces=NS) == (
        "Ångermanälven nedströms Hällbydammen: Sollefteå, Kramfors och Härnösand kommuner")
    assert en.find("cap:area", NS).findtext("cap:areaDesc", namespaces=NS) == (
        "The Ångermanälven river below Hällbydammen: Sollefteå, Kramfors and Härnösand municipalities")


def test_a_real_dam_failure_text_is_actual_and_unmarked(released):
    draft = released("vma", is_exercise=False)
    alert = ET.fromstring(build_cap_alert(draft))
    assert alert.findtext("cap:status", namespaces=NS) == "Actual"
    text = render_plain_text(build_export_document(draft))
    assert "ÖVNING" not in text and "EXERCISE" not in text
    assert "Begäran om VMA till SOS Alarm: dammbrott vid Hällbydammen" in text


def test_a_dam_failure_text_is_approved_by_the_kommuner_below_the_dam_only(sqlite_engine):
    table = read_arrival_table(ArrivalStore(make_session_factory(sqlite_engine)), "Hällby").table
    facts = DraftFacts(river="Ångermanälven", compiled_at_utc=FAILED, kommuner=ALONG_THE_RIVER, is_exercise=True,
                       event=event_fact(_event(True), table))
    kommuner = [a.name for a in default_approvers(scope_to_kind(facts, "dammbrott_info"), kind="dammbrott_info")
                if a.kind == "kommun"]
    assert kommuner == ["Sollefteå kommun", "Kramfors kommun", "Härnösands kommun"]
    # A high-flows text on the same river still goes to every kommun along it.
    assert "Vilhelmina kommun" in [a.name for a in default_approvers(scope_to_kind(facts, "pressmeddelande"))]



@pytest.mark.parametrize("kind", ["dammbrott_press", "dammbrott_info"])
@pytest.mark.parametrize(("dam", "owners"), [
    # Hällby (Uniper): the cascade below has Uniper's, Vattenfall's and Sollefteåforsens AB's dams; Statkraft
    # owns dams upstream only (Malgomaj, Volgsjöfors…).
    ("Hällby", {"Uniper", "Vattenfall AB", "Sollefteåforsens AB"}),
    # Forsmo (Vattenfall): only Sollefteåforsen lies below; Uniper's Hällby and the rest are upstream.
    ("Forsmo", {"Vattenfall AB", "Sollefteåforsens AB"}),
])
def test_a_dam_failure_text_is_approved_by_the_failed_dams_owner_and_those_downstream_only(
        sqlite_engine, kind, dam, owners):
    from dataclasses import replace

    table = read_arrival_table(ArrivalStore(make_session_factory(sqlite_engine)), dam).table
    facts = DraftFacts(river="Ångermanälven", compiled_at_utc=FAILED, kommuner=ALONG_THE_RIVER, is_exercise=True,
                       event=event_fact(replace(_event(True), dam=dam, place_sv=f"{dam}dammen"), table))
    approvers = default_approvers(scope_to_kind(facts, kind), kind=kind)
    assert {a.name for a in approvers if a.kind == "dam_owner"} == owners
    assert [a.name for a in approvers if a.kind in ("kommun", "lansstyrelse")] == [
        "Sollefteå kommun", "Kramfors kommun", "Härnösands kommun", "Länsstyrelsen Västernorrland"]
    # A text on high flows on the same river still goes to every dam owner on it.
    everyone = {a.name for a in default_approvers(facts, kind="pressmeddelande") if a.kind == "dam_owner"}
    assert "Statkraft Sverige AB" in everyone and owners < everyone


@pytest.mark.parametrize("kind", ["dammbrott_press", "dammbrott_info", "pressmeddelande"])
def test_the_high_flow_information_group_is_informed_not_asked_to_approve(sqlite_engine, kind):
    """Only organisations whose signed-in people approve are asked: Samordningsgruppen för information vid
    höga flöden is a network (its members approve, each as itself), so it is among the networks the text is
    coordinated through, with why, and never among the approvers."""
    table = read_arrival_table(ArrivalStore(make_session_factory(sqlite_engine)), "Hällby").table
    facts = scope_to_kind(DraftFacts(river="Ångermanälven", compiled_at_utc=FAILED, kommuner=ALONG_THE_RIVER,
                                     is_exercise=True, event=event_fact(_event(True), table)), kind)
    group = "Samordningsgruppen för information vid höga flöden"
    approvers = default_approvers(facts, kind=kind)
    # Organisations only; a vattenregleringsföretag approves as the owner of a dam (Ransaren's, inferred).
    assert approvers and {a.kind for a in approvers} <= {"dam_owner", "lansstyrelse", "kommun", "vattenreglering"}
    networks = {n.name: n.reason_sv for n in coordinating_networks(facts, kind=kind)}
    if kind != "pressmeddelande":  # a dam failure involves the group; high flows only at high flows
        assert networks[group] == "Dammbrott; texten ges ut i gruppens namn; medlemmarna godkänner var för sig"
    assert group not in {a.name for a in approvers}


def test_a_vma_request_is_decided_by_the_raddningsledare_alone_and_released_without_the_group(sqlite_engine):
    """SOS Alarm sends a VMA on the räddningsledare's request: the request waits for no joint approval. Hällbydammen
    lies in Sollefteå kommun, served by Räddningstjänsten Höga Kusten-Ådalen."""
    factory = make_session_factory(sqlite_engine)
    facts = scope_to_kind(DraftFacts(
        river="Ångermanälven", compiled_at_utc=FAILED, kommuner=ALONG_THE_RIVER, is_exercise=True,
        event=event_fact(_event(True), read_arrival_table(ArrivalStore(factory), "Hällby").table)), "vma")
    approvers = default_approvers(facts, kind="vma")
    assert approvers == [ActorSpec("Räddningstjänsten Höga Kusten-Ådalen", "raddningstjanst")]
    repo = DraftRepository(factory)
    (actor,) = repo.ensure_actors(approvers)
    draft = repo.create_draft(river="Ångermanälven", kind="vma", is_exercise=True, text=draft_text("vma", facts),
                              facts=facts_to_dict(facts), author="Anna Berg", required_actor_ids=[actor.id],
                              now=FAILED + timedelta(minutes=5))
    assert draft.current.text.body_sv.startswith("Räddningsledaren vid Räddningstjänsten Höga Kusten-Ådalen begär")
    draft = repo.approve(draft.id, 1, actor.id, "Räddningsledare Eva Lund", now=FAILED + timedelta(minutes=6))
    assert draft.status == "locked"
    released = repo.release(draft.id, "Anna Berg", now=FAILED + timedelta(minutes=7))
    assert released.status == "released"
