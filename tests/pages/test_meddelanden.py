"""Meddelanden page through dashboard.py: draft, edit, conflict, joint approval, lock, release, update.

Runs in exercise mode (the test-wide default): the figures come from the exercise scenario, so
no network is needed, and every draft must be marked ÖVNING. The stale-figure test runs in live
mode against the local fake SMHI server, whose flows it can change between two runs.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import streamlit as st

from coordination.db import create_schema, make_engine, make_session_factory
from messages.drafting import format_time_sv
from messages.repository import DraftRepository
from messages.versions import MessageText
from settings import load_settings
from sources.http import build_session
from tests.app_testing import run_page, start_dam_failure_exercise

THREE = ["Länsstyrelsen Västerbotten", "Umeå kommun", "Vattenfall AB"]


def _open(river: str = "Umeälven"):
    at = run_page("pages/meddelanden.py")
    assert not at.exception, [e.message for e in at.exception]
    at.sidebar.selectbox(key="river").set_value(river).run()
    at.text_input(key="msg_user").input("Anna Berg").run()
    return at


def _repo() -> DraftRepository:
    engine = make_engine(load_settings().database_url)
    create_schema(engine)
    return DraftRepository(make_session_factory(engine))


def _new_press_release(at):
    at.selectbox(key="msg_kind").set_value("pressmeddelande").run()
    at.button(key="msg_new").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_new_draft_is_prefilled_from_scenario_figures_and_marked_ovning():
    at = _new_press_release(_open())
    assert at.success[0].value.startswith("Utkast nr 1 skapat från aktuella siffror (")
    assert at.text_area(key="msg_headline_sv_1").value == (
        "Höga flöden i Umeälven – gemensam information från berörda aktörer"
    )
    body = at.text_area(key="msg_body_sv_1").value
    assert "Var: Så mycket vatten rinner förbi orterna längs älven:\n- " in body
    assert "källa: ÖVNING)." in body
    assert "\nVarningar:\n- Gul varning för höga flöden: ÖVNING: " in body
    # The status in plain words (the return period explained), never the hydrologists' terms.
    # Each place's flow compared in words a reader can picture, a return period named at most once
    # per place and explained once after the list.
    assert re.search(r"m³/s, [^(\n]*(vatten som ett vanligt vårflöde|vatten än ett vanligt vårflöde|vatten än "
                     r"vanligt|vatten som vanligt) \(mätt ", body), body
    assert "MHQ" not in body and " MQ" not in body and "HQ" not in body
    if "årsflöde" in body:
        assert body.count("så mycket vatten som det i genomsnitt blir en gång på") == 1, body
    assert " (measured " in at.text_area(key="msg_body_en_1").value
    markings = [e.value for e in at.error if "övningsmeddelande" in e.value]
    assert markings == [
        "**ÖVNING – ÖVNING – ÖVNING** — övningsmeddelande, får inte förväxlas med verklig information.",
    ] * 2
    assert at.selectbox(key="msg_draft_id").value == 1
    # The networks of the source text the joint text goes out through (they do not approve it).
    networks = [c.value for c in at.caption if c.value.startswith("Samordnas också genom (godkänner inte): ")]
    assert len(networks) == 1
    assert "Regionala rådet för krisberedskap och skydd mot olyckor (Västerbottens län) – Berört län: " \
        "Västerbottens län" in networks[0]
    assert "Västerbottens regionala nätverk för kriskommunikation – Gul nivå eller högre" in networks[0]
    # The group the text goes out in the name of is informed; its members approve, each as itself.
    assert "Samordningsgruppen för information vid höga flöden – Varning eller flöde på varningsnivå; texten ges " \
        "ut i gruppens namn; medlemmarna godkänner var för sig" in networks[0]
    assert "Samordningsgruppen för information vid höga flöden" not in {
        a.name for a in _repo().get_draft(1).required_actors}
    # The exports name the scenario the figures came from as their source.
    assert _repo().get_draft(1).current.facts["scenario"] == load_settings().scenario == "varflod"


def test_save_creates_version_and_conflict_keeps_my_text():
    at = _new_press_release(_open())
    at.text_area(key="msg_headline_sv_1").input("Min rubrik").run()
    at.button(key="msg_save_1").click().run()
    assert "Version 2 sparad. Alla aktörer behöver godkänna den nya versionen." in [s.value for s in at.success]

    # Someone else saves version 3 while I keep editing version 2.
    repo = _repo()
    theirs = repo.get_draft(1).current.text
    repo.save_version(1, 2, MessageText(**{**theirs.as_dict(), "headline_sv": "Deras rubrik"}), "Bo Lind")
    at.text_area(key="msg_headline_sv_1").input("Min andra rubrik").run()
    at.button(key="msg_save_1").click().run()
    assert not at.exception
    assert (
        "Någon annan har sparat version 3 av utkastet medan du arbetade med version 2. "
        "Din text är inte sparad men finns kvar i rutan. "
        "Läs den nya versionen, för över dina ändringar och spara igen."
    ) in [e.value for e in at.main.error]
    assert at.text_area(key="msg_headline_sv_1").value == "Min andra rubrik"
    assert repo.get_draft(1).current.text.headline_sv == "Deras rubrik"
    at.button(key="msg_reload_1").click().run()
    assert at.text_area(key="msg_headline_sv_1").value == "Deras rubrik"


def test_hostile_text_is_kept_as_text():
    at = _new_press_release(_open())
    hostile = "<script>alert('x')</script> **fet** 🌊"
    at.text_area(key="msg_body_sv_1").input(hostile).run()
    at.button(key="msg_save_1").click().run()
    assert _repo().get_draft(1).current.text.body_sv == hostile
    assert at.text_area(key="msg_body_sv_1").value == hostile
    assert not any("<script>" in m.value for m in at.markdown)


def test_three_actors_approve_lock_release_export_and_update():
    at = _new_press_release(_open())
    # The list is a form: the choice reaches the app with the press on "Spara aktörslistan".
    at.multiselect(key="msg_required_1").set_value(THREE)
    at.button(key="msg_set_actors_1").click().run()
    assert "Listan över aktörer som ska godkänna är sparad." in [s.value for s in at.success]
    people = {"Länsstyrelsen Västerbotten": "Lisa Holm", "Umeå kommun": "Omar Said", "Vattenfall AB": "Per Ek"}
    for _ in THREE:
        actor_id = at.selectbox(key="msg_approve_actor_1").value
        actor_name = next(a.name for a in _repo().get_draft(1).required_actors if a.id == actor_id)
        at.text_input(key="msg_approve_person_1").input(people[actor_name]).run()
        at.button(key="msg_approve_1").click().run()
        assert not at.exception, [e.message for e in at.exception]
    assert any(s.value.endswith("Alla aktörer har godkänt: version 1 är låst.") for s in at.success)
    draft = _repo().get_draft(1)
    assert draft.status == "locked"
    assert at.code[0].value == draft.current.content_hash
    assert {b.label for b in at.get("download_button")} == {"Word (DOCX)", "PDF", "CAP (XML)", "Text"}

    at.button(key="msg_release_1").click().run()
    assert "Meddelandet är utgivet. Ladda ner det nedan." in [s.value for s in at.success]
    assert _repo().get_draft(1).status == "released"

    at.button(key="msg_update_1").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="msg_draft_id").value == 2
    update = _repo().get_draft(2)
    assert update.msg_type == "Update"
    assert update.references.draft_id == 1
    assert [a.name for a in update.required_actors] == THREE
    assert any(c.value.startswith("Uppdaterar meddelandet utgivet ") for c in at.caption)


def test_release_uses_the_configured_cap_sender(monkeypatch):
    monkeypatch.setenv("ALVLAGET_CAP_SENDER", "urn:oid:2.49.0.0.752.1")
    at = _new_press_release(_open())
    repo = _repo()
    for i, actor in enumerate(repo.get_draft(1).required_actors):
        repo.approve(1, 1, actor.id, f"Person {i}")
    at.run()
    at.button(key="msg_release_1").click().run()
    assert not at.exception, [e.message for e in at.exception]
    released = repo.get_draft(1)
    assert released.status == "released"
    # exercise mode: "ovning-" after the sender, then the release time and the draft number
    assert released.cap_identifier == f"urn:oid:2.49.0.0.752.1:ovning-{released.released_at:%Y%m%dT%H%M%SZ}-1"


def test_a_cap_sender_cap_cannot_carry_is_explained_in_swedish(monkeypatch):
    monkeypatch.setenv("ALVLAGET_CAP_SENDER", "Samordningsgruppen Umeälven")
    at = run_page("pages/meddelanden.py")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Appen kan inte starta: inställningen för avsändaren i utgivna CAP-meddelanden är fel. CAP-avsändaren "
        "får inte innehålla mellanslag, kommatecken, < eller &, t.ex. urn:alvlaget:samordningsgrupp. "
        "Den som sköter Älvläget på servern behöver rätta inställningen och starta om appen. "
        "Detaljer finns i serverns logg."
    ]


@pytest.mark.parametrize("river", ["Ångermanälven", "Skellefteälven"])
def test_other_rivers_draft_without_error(river):
    at = _new_press_release(_open(river))
    assert at.text_area(key="msg_headline_sv_1").value == (
        f"Höga flöden i {river} – gemensam information från berörda aktörer"
    )


@pytest.fixture
def live_fixed_clock(fake_smhi, monkeypatch):
    """Live mode against the fake SMHI server, its clock held on the current quarter hour so the
    latest values keep their time between two runs of the page."""
    monkeypatch.setenv("ALVLAGET_MODE", "live")
    monkeypatch.setenv("ALVLAGET_SMHI_HYDROOBS_URL", fake_smhi.hydroobs_url)
    monkeypatch.setenv("ALVLAGET_SMHI_WARNINGS_URL", fake_smhi.warnings_url)
    now = datetime.now(UTC)
    quarter = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    fake_smhi.set_now(quarter)
    yield fake_smhi, quarter
    fake_smhi.set_now(None)  # reset() leaves the clock alone; the next test wants real time


def _stale_figure_warnings(at) -> list[str]:
    return [w.value for w in at.warning if w.proto.icon == ":material/history:"]


def test_draft_warns_when_a_flow_changed_more_than_ten_percent_since_drafting(live_fixed_clock):
    server, quarter = live_fixed_clock
    server.set_latest_discharge("2238", 400.0)  # Sorsele; its normal band is about 100–880 m³/s
    at = _new_press_release(_open())
    assert "- Sorsele: 400 m³/s" in at.text_area(key="msg_body_sv_1").value
    assert _stale_figure_warnings(at) == []

    server.set_latest_discharge("2238", 500.0)  # +25 %, still normal: only the flow is stale
    # As if the app's caches had expired: Streamlit's (observations, situations) and the HTTP disk cache.
    st.cache_data.clear()
    st.cache_resource.clear()
    build_session(load_settings()).cache.clear()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    at_time = format_time_sv(quarter)
    assert _stale_figure_warnings(at) == [
        f"Sorsele: texten säger 400 m³/s ({at_time}), nu 500 m³/s ({at_time}). Flödet har ökat med 25 %."
    ]


def test_dam_failure_exercise_offers_a_vma_request_prefilled_with_arrival_clock_times(monkeypatch):
    start_dam_failure_exercise(monkeypatch, hours_after_failure=2)
    at = run_page("pages/meddelanden.py", timeout=300)
    at.sidebar.selectbox(key="river").set_value("Ångermanälven").run()
    assert any("ÖVNING · DAMMBROTT – Hällbydammen, kl. 18.00" in md.value for md in at.markdown)
    at.text_input(key="msg_user").input("Anna Berg").run()
    at.selectbox(key="msg_kind").set_value("vma").run()
    at.button(key="msg_new").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.text_area(key="msg_headline_sv_1").value == (
        "ÖVNING – Begäran om VMA till SOS Alarm: dammbrott vid Hällbydammen"
    )
    body = at.text_area(key="msg_body_sv_1").value
    assert "Viktigt meddelande till allmänheten i Sollefteå, Kramfors och Härnösand kommuner." in body
    assert "- Nyland (ort, Kramfors): vattnet väntas 10 maj kl. 01.41–09.36" in body
    assert body.startswith("Räddningsledaren vid Räddningstjänsten Höga Kusten-Ådalen begär att SOS Alarm sänder")


def _new_dam_failure_draft(monkeypatch, kind: str):
    """Meddelanden two hours into the dam-failure exercise on Ångermanälven, with a new draft of ``kind``."""
    start_dam_failure_exercise(monkeypatch, hours_after_failure=2)
    at = run_page("pages/meddelanden.py", timeout=300)
    at.sidebar.selectbox(key="river").set_value("Ångermanälven").run()
    at.text_input(key="msg_user").input("Anna Berg").run()
    at.selectbox(key="msg_kind").set_value(kind).run()
    at.button(key="msg_new").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_vma_request_is_approved_by_the_raddningsledare_alone_and_released(monkeypatch):
    """No joint approval for a VMA request: Hällbydammen's räddningstjänst decides, then it is sent."""
    from messages.approvers import VMA_REQUEST_NOTE_SV

    at = _new_dam_failure_draft(monkeypatch, "vma")
    approvals = next(df.value for df in at.dataframe if "Aktör" in df.value.columns)
    assert list(approvals["Aktör"]) == ["Räddningstjänsten Höga Kusten-Ådalen"]
    assert VMA_REQUEST_NOTE_SV in [i.value for i in at.info]
    at.text_input(key="msg_approve_person_1").input("Eva Lund").run()
    at.button(key="msg_approve_1").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert _repo().get_draft(1).status == "locked"
    at.button(key="msg_release_1").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert _repo().get_draft(1).status == "released"


def test_an_unverified_actor_asked_to_approve_is_marked_where_the_approvals_are_listed():
    """Malå kommuns räddningstjänst has no confirmed organisation name: the approvals say so."""
    from messages.repository import ActorSpec

    at = _new_press_release(_open())
    repo = _repo()
    draft = repo.get_draft(1)
    mala = repo.ensure_actors([ActorSpec("Malå kommuns räddningstjänst", "raddningstjanst")])[0]
    repo.set_required_actors(1, draft.current_version_no, [a.id for a in draft.required_actors] + [mala.id],
                             by="Anna Berg")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    note = ("Ej verifierat (se Om data): Malå kommuns räddningstjänst: Räddningstjänstens organisationsnamn "
            "är inte bekräftat.")
    assert [c.value for c in at.caption].count(note) == 2  # under the approvals and in the actor-list form


def test_a_dam_failure_press_release_asks_no_dam_owner_upstream_of_the_failure(monkeypatch):
    """Hällbydammen (Uniper) fails: Uniper, the owners of the dams below and the kommuner and länsstyrelse the
    wave reaches approve; Statkraft, whose dams on Ångermanälven are all upstream, is not asked."""
    at = _new_dam_failure_draft(monkeypatch, "dammbrott_press")
    approvers = list(next(df.value for df in at.dataframe if "Aktör" in df.value.columns)["Aktör"])
    assert {"Uniper", "Vattenfall AB", "Sollefteåforsens AB", "Sollefteå kommun", "Kramfors kommun",
            "Härnösands kommun", "Länsstyrelsen Västernorrland"} <= set(approvers)
    assert "Statkraft Sverige AB" not in approvers and "Vilhelmina kommun" not in approvers
    assert [a.name for a in _repo().get_draft(1).required_actors] == approvers


def test_an_administrator_sets_a_press_contact_and_the_next_press_release_ends_with_it():
    at = _open()
    at.selectbox(key="press_org").set_value("Umeå kommun")
    at.text_input(key="press_name").input("Kommunikationsenheten")
    at.text_input(key="press_phone").input("ring oss")
    at.button(key="FormSubmitter:press_form-Spara presskontakt").click().run()
    # What was typed is shown as text (Markdown escaped: here nothing to escape), our words as written.
    assert "”ring oss” är inget telefonnummer (siffror, mellanslag, bindestreck och + går bra)." in [
        e.value for e in at.error]
    assert "Inga presskontakter är inlagda ännu." in [t.value for t in at.text]  # nothing stored
    at.text_input(key="press_name").input("Kommunikations\x00enheten")
    at.text_input(key="press_phone").input("090-16 10 00")
    at.button(key="FormSubmitter:press_form-Spara presskontakt").click().run()
    assert ("Kontakt: texten innehåller ett osynligt nolltecken (NUL) som inte kan sparas. "
            "Skriv texten på nytt i stället för att klistra in den.") in [e.value for e in at.error]
    assert "Inga presskontakter är inlagda ännu." in [t.value for t in at.text]
    at.text_input(key="press_name").input("Kommunikationsenheten")
    at.button(key="FormSubmitter:press_form-Spara presskontakt").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Presskontakten för Umeå kommun är sparad." in [s.value for s in at.success]
    _new_press_release(at)
    body = at.text_area(key="msg_body_sv_1").value
    assert body.endswith("Presskontakter:\n- Umeå kommun: Kommunikationsenheten, tel. 090-16 10 00")


def test_after_the_county_board_takes_over_a_new_vma_request_is_its_to_make_and_says_so(monkeypatch):
    """Länsstyrelsen Norrbotten takes over the rescue service at the Hällby failure: a VMA request drafted after
    that is requested and approved by it alone, and its text says it has taken over."""
    from access.person import local_person
    from coordination.db import database_sessions
    from events.repository import EventStore

    start_dam_failure_exercise(monkeypatch, hours_after_failure=2)
    at = run_page("pages/meddelanden.py", timeout=300)
    assert not at.exception, [e.message for e in at.exception]
    store = EventStore(database_sessions(load_settings().database_url))
    (failure,) = [e for e in store.list_events(is_exercise=True) if e.dam == "Hällby"]  # the scenario declared it
    store.set_rescue_lead(failure.id, taken_over_by="Länsstyrelsen Norrbotten",
                          author=local_person("Anna Berg", "Länsstyrelsen Norrbotten"), now=datetime.now(UTC))
    at.sidebar.selectbox(key="river").set_value("Ångermanälven").run()
    at.text_input(key="msg_user").input("Anna Berg").run()
    at.selectbox(key="msg_kind").set_value("vma").run()
    at.button(key="msg_new").click().run()
    assert not at.exception, [e.message for e in at.exception]
    approvals = next(df.value for df in at.dataframe if "Aktör" in df.value.columns)
    assert list(approvals["Aktör"]) == ["Länsstyrelsen Norrbotten"]
    assert [a.name for a in _repo().get_draft(1).required_actors] == ["Länsstyrelsen Norrbotten"]
    body = at.text_area(key="msg_body_sv_1").value
    assert body.startswith("Räddningsledaren vid Länsstyrelsen Norrbotten, som har tagit över ansvaret för "
                           "räddningstjänsten, begär att SOS Alarm sänder"), body
    assert "Räddningstjänsten Höga Kusten-Ådalen" not in body
    assert at.text_area(key="msg_body_en_1").value.startswith(
        "The incident commander of Länsstyrelsen Norrbotten (the county administrative board, which has taken over "
        "responsibility for the rescue service) asks SOS Alarm"), at.text_area(key="msg_body_en_1").value
    assert _repo().get_draft(1).current.facts["event"]["rescue_taken_over_by"] == "Länsstyrelsen Norrbotten"


def test_drafts_made_before_the_county_board_takes_over_follow_it_and_say_why_it_approves(monkeypatch):
    """A VMA request and a press release drafted while the kommun led; Länsstyrelsen Norrbotten then takes over
    on Händelser. The unapproved VMA request gets a new version (by who took over) naming the länsstyrelse as
    requester and only approver; the press release stays joint with the länsstyrelse added, and Meddelanden
    says why each actor approves."""
    from messages.approvers import TAKEOVER_APPROVES_SV, VMA_TAKEN_OVER_REASON_SV

    at = _new_dam_failure_draft(monkeypatch, "vma")
    at.selectbox(key="msg_kind").set_value("dammbrott_press").run()
    at.button(key="msg_new").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Länsstyrelsen Norrbotten" not in [a.name for a in _repo().get_draft(2).required_actors]

    events = run_page("pages/handelser.py", timeout=300)
    events.text_input(key="handelser_name").input("Anna Berg")
    events.text_input(key="handelser_org").input("Länsstyrelsen Norrbotten").run()
    key = next(s.key for s in events.selectbox if s.key and s.key.endswith("_rescue"))
    events.selectbox(key=key).set_value("Länsstyrelsen Norrbotten")
    events.button(key=f"{key}_save").click().run()
    assert not events.exception, [e.message for e in events.exception]
    assert events.success[0].value.endswith(
        " Utkast nr 2 (Dammbrott: pressmeddelande), nr 1 (Dammbrott: begäran om VMA) har fått en ny version med "
        "den nya räddningsledningen och vilka som ska godkänna; godkännandena görs om."), events.success[0].value

    vma = _repo().get_draft(1)
    assert [a.name for a in vma.required_actors] == ["Länsstyrelsen Norrbotten"]
    assert (vma.current_version_no, vma.current.created_by) == (2, "Anna Berg (Länsstyrelsen Norrbotten)")
    at.run()  # Meddelanden, draft 2 (the press release) chosen
    approvals = next(df.value for df in at.dataframe if "Aktör" in df.value.columns)
    reasons = dict(zip(approvals["Aktör"], approvals["Varför"], strict=True))
    assert reasons["Länsstyrelsen Norrbotten"] == TAKEOVER_APPROVES_SV
    assert "Sollefteå kommun" in reasons and "Vattenfall AB" in reasons
    at.selectbox(key="msg_draft_id").set_value(1).run()
    approvals = next(df.value for df in at.dataframe if "Aktör" in df.value.columns)
    assert list(zip(approvals["Aktör"], approvals["Varför"], strict=True)) == [
        ("Länsstyrelsen Norrbotten", VMA_TAKEN_OVER_REASON_SV)]
    # The text boxes still hold version 1 as read; the page says a version 2 exists and reads it in.
    assert "Någon har sparat version 2 sedan du läste version 1." in [i.value for i in at.info]
    at.button(key="msg_reload_1").click().run()
    assert at.text_area(key="msg_body_sv_1").value.startswith(
        "Räddningsledaren vid Länsstyrelsen Norrbotten, som har tagit över ansvaret för räddningstjänsten, begär")
