"""The Möte page through dashboard.py (AppTest), in exercise mode with SMHI unreachable."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, time, timedelta

import docx
import pytest
from sqlalchemy import text

from coordination.db import database_sessions, make_engine
from directory.actors import read_actor_directory
from language.sv import format_clock, format_local_time
from meetings.meetings import MeetingLog, SituationSnapshot
from settings import load_settings
from sources.models import DataOrigin
from tests.app_testing import count_calls, run_page, start_dam_failure_exercise
from tests.data_folders import seed_statistics, seed_statistics_database

pytestmark = pytest.mark.timeout(600)


def button(at, label: str, nth: int = 0):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[nth]


def meeting_log() -> MeetingLog:
    """The meeting log on the database the page uses (the process's one engine for it)."""
    return MeetingLog(database_sessions(load_settings().database_url))


@pytest.fixture(scope="module")
def shared_data_dir(tmp_path_factory, statistics_template):
    """One data folder for the module's tests, holding the kept statistics (tests/statistics_template.py)."""
    folder = tmp_path_factory.mktemp("mote-data")
    seed_statistics(statistics_template, folder)
    return folder


@pytest.fixture(autouse=True)
def kept_statistics_in_own_database(tmp_path, statistics_template) -> None:
    """The kept statistics in ``tmp_path/db.sqlite`` too, the database most tests here use: without them
    each test made the scenario's century-long archives again (10–14 s on a loaded machine)."""
    seed_statistics_database(statistics_template, tmp_path / "db.sqlite")


def saved_clock(tmp_path) -> dict:
    """The scenario clock as every server reads it: the row in the database (another engine, no memo)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with engine.connect() as connection:
        saved = connection.execute(text("SELECT value FROM shared_values WHERE key = 'scenario_clock'")).scalar()
    engine.dispose()
    return json.loads(saved)


@pytest.fixture
def started(monkeypatch, shared_data_dir, tmp_path):
    monkeypatch.setenv("ALVLAGET_DATA_DIR", str(shared_data_dir))
    monkeypatch.setenv("ALVLAGET_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    monkeypatch.setenv("ALVLAGET_SCENARIO", "dammbrott-angermanalven")
    at = run_page("pages/mote.py", timeout=300)
    assert not at.exception, [e.message for e in at.exception]
    at.multiselect(key="mote_rivers").set_value(["Ångermanälven"])
    at.text_input(key="mote_start_name").set_value("Anna Berg")
    button(at, "Starta mötet").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_title_with_an_invisible_control_character_is_refused_in_swedish_and_nothing_stored(
        monkeypatch, shared_data_dir, tmp_path):
    monkeypatch.setenv("ALVLAGET_DATA_DIR", str(shared_data_dir))
    monkeypatch.setenv("ALVLAGET_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    at = run_page("pages/mote.py", timeout=300)
    at.text_input(key="mote_title").set_value("ÖVNING \u202eavstämning")  # a right-to-left override
    at.multiselect(key="mote_rivers").set_value(["Ångermanälven"])
    at.text_input(key="mote_start_name").set_value("Anna Berg")
    button(at, "Starta mötet").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.main.error[-1].value == ("Rubrik: texten innehåller ett osynligt styrtecken som inte kan sparas. "
                                       "Skriv texten på nytt i stället för att klistra in den.")
    assert meeting_log().list_meetings(is_exercise=True) == []


def test_exercise_controls_show_scenario_and_clock(monkeypatch, shared_data_dir, tmp_path):
    monkeypatch.setenv("ALVLAGET_DATA_DIR", str(shared_data_dir))
    monkeypatch.setenv("ALVLAGET_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    at = run_page("pages/mote.py", timeout=300)
    assert not at.exception
    assert at.title[0].value == "Möte"
    assert at.subheader[0].value == "Övningsledning — ÖVNING"
    assert at.selectbox(key="mote_scenario").options == [
        "Vårflod i alla tre älvarna (varflod)",
        "50-årsflöde i Umeälven (umealven-50)",
        "Dammbrott vid Hällbydammen i Ångermanälven (dammbrott-angermanalven)",
    ]
    before = datetime.fromisoformat(saved_clock(tmp_path)["scenario_anchor"])
    button(at, "Pausa").click().run()
    assert saved_clock(tmp_path)["paused"] is True
    assert [b.label for b in at.button if b.label in ("Pausa", "Fortsätt")] == ["Fortsätt"]
    paused_at = datetime.fromisoformat(saved_clock(tmp_path)["scenario_anchor"])
    button(at, "Framåt 1 timme").click().run()
    after = datetime.fromisoformat(saved_clock(tmp_path)["scenario_anchor"])
    assert (after - paused_at).total_seconds() == 3600
    assert after > before
    at.radio(key="mote_clock_speed").set_value("×60").run()
    assert saved_clock(tmp_path)["speed"] == 60.0
    button(at, "Fortsätt").click().run()
    assert saved_clock(tmp_path)["paused"] is False
    assert not at.exception


def test_start_meeting_freezes_the_situation(started):
    at = started
    assert "Möte nr 1 startat och lägesbilden frusen." in [s.value for s in at.success]
    assert "ÖVNING · Möte nr 1: ÖVNING – avstämning" in [s.value for s in at.subheader]
    # Every time on the desk says which clock it was read on: the start, and the follow-up fields.
    started_at = re.compile(r"startat kl\. \d\d\.\d\d \(verklig tid; övningstid kl\. 18\.\d\d\) av Anna Berg")
    assert any(started_at.search(c.value) for c in at.caption), [c.value for c in at.caption]
    # An exercise plans its follow-ups on the scenario's clock; the date as Swedes write it.
    assert at.date_input(key="mote_follow_date").label == "Uppföljning, datum (övningstid)"
    assert at.date_input(key="mote_follow_date").proto.format == "YYYY-MM-DD"
    assert at.time_input(key="mote_follow_time").label == "Uppföljning, kl. (övningstid)"
    meeting = meeting_log().get_meeting(1)
    assert meeting.is_exercise and meeting.scenario == "dammbrott-angermanalven"
    assert meeting.rivers == ("Ångermanälven",)
    assert meeting.first_snapshot.origin.value == "exercise"
    assert [r["river"] for r in meeting.first_snapshot.rivers] == ["Ångermanälven", "Umeälven", "Skellefteälven"]
    assert meeting.first_snapshot.rivers[0]["marking"] == "ÖVNING"


def test_log_entry_and_validation_message(started):
    at = started
    at.text_input(key="mote_user").set_value("Per Ek")
    at.radio(key="mote_kind").set_value("atgard")
    at.text_area(key="mote_text").set_value("Kontakta Kramfors kommun om Nyland.")
    at.text_input(key="mote_responsible").set_value("Per Ek")
    # Follow it up at 23.30 on the scenario's clock, the scenario's day (the form's default date).
    at.checkbox(key="mote_follow").check()
    at.time_input(key="mote_follow_time").set_value(time(23, 30))
    button(at, "Spara i loggen").click().run()
    assert not at.exception
    assert "Åtgärd sparad i loggen." in [s.value for s in at.success]
    # The log is the table with the log's columns (the event and owner-report tables come first).
    # An exercise's log has both clocks: real time and the scenario's when the entry was written.
    frame = next(d.value for d in at.dataframe if "Övningstid" in d.value.columns)
    assert list(frame.columns) == ["ÖVNING", "Verklig tid", "Övningstid", "Typ", "Text", "Ansvarig",
                                   "Uppföljning", "Klar", "Aktör", "Av"]
    assert frame.iloc[0][["Typ", "Text", "Ansvarig", "Av"]].tolist() == [
        "Åtgärd", "Kontakta Kramfors kommun om Nyland.", "Per Ek", "Per Ek"]
    written = meeting_log().get_meeting(1).entries[0]
    assert written.scenario_at is not None
    assert frame.iloc[0]["Verklig tid"] == format_local_time(written.created_at, datetime.now(UTC))
    assert frame.iloc[0]["Övningstid"] == format_local_time(written.scenario_at, written.scenario_at)
    # The follow-up is kept on the scenario's clock only, and says so.
    assert written.follow_up_at is None
    assert format_clock(written.follow_up_scenario_at) == "23.30"
    assert frame.iloc[0]["Uppföljning"] == f"{format_local_time(written.follow_up_scenario_at, written.scenario_at)} (övningstid)"
    button(at, "Spara i loggen").click().run()
    assert "Skriv vad som beslutades eller gjordes innan du sparar." in [e.value for e in at.error]


def test_an_action_is_marked_done_with_who_and_when_on_both_clocks(started):
    at = started
    at.text_input(key="mote_user").set_value("Per Ek")
    at.radio(key="mote_kind").set_value("atgard")
    at.text_area(key="mote_text").set_value("Kontakta Kramfors kommun om Nyland.")
    button(at, "Spara i loggen").click().run()
    at.radio(key="mote_kind").set_value("beslut")
    at.text_area(key="mote_text").set_value("Utrym Nyland.")
    button(at, "Spara i loggen").click().run()
    # Only the open action is offered (a decision is no action).
    choice = at.selectbox(key="mote_done_choice_1")
    assert choice.options == ["Kontakta Kramfors kommun om Nyland."]
    button(at, "Markera som klar").click().run()
    assert not at.exception, [e.message for e in at.exception]
    done = meeting_log().get_meeting(1).entries[0]
    assert done.is_done and done.done_by == "Per Ek" and done.done_scenario_at is not None
    when = (f"kl. {format_clock(done.done_at)} (verklig tid; övningstid kl. {format_clock(done.done_scenario_at)})")
    assert f"Åtgärden markerad som klar {when} av Per Ek." in [s.value for s in at.success]
    frame = next(d.value for d in at.dataframe if "Övningstid" in d.value.columns)
    assert frame["Klar"].tolist() == [
        f"{format_clock(done.done_at)} (verklig tid; övningstid "
        f"{format_local_time(done.done_scenario_at, done.done_scenario_at)}) av Per Ek", ""]
    # Nothing left to mark: the form is gone.
    assert not [b for b in at.button if b.label == "Markera som klar"]


def test_marking_an_action_done_without_a_name_is_refused_in_swedish(started):
    """Local mode: the typed name is who marks it; without one nothing is stored. (A signed-in person without
    the redaktör role is refused by the domain: tests/coordination/test_action_done.py.)"""
    at = started
    at.radio(key="mote_kind").set_value("atgard")
    at.text_input(key="mote_user").set_value("Per Ek")
    at.text_area(key="mote_text").set_value("Ring SMHI.")
    button(at, "Spara i loggen").click().run()
    at.text_input(key="mote_user").set_value("  ").run()
    button(at, "Markera som klar").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Ange ditt namn." in [e.value for e in at.error]
    assert meeting_log().get_meeting(1).done_actions() == []


def test_dam_failure_checklist_and_informed_tick(started):
    at = started
    # Captions are shown as plain text (Markdown characters escaped): compare without the escapes.
    captions = [c.value.replace("\\", "") for c in at.caption]
    # The scenario has declared its dam failure, so the checklist follows the event (no picker): the
    # failed dam's river and what lies below it.
    assert any(c.startswith("Utifrån händelsen") and "Hällby" in c for c in captions), captions
    assert any(c.startswith("Äger dammen som brustit (Hällby)") for c in captions), captions
    # Hällby's owner is inferred (Edensforsen's is sourced): said where Uniper is suggested.
    assert any("Osäker ägaruppgift: Hällby – ägaren är härledd, inte bekräftad" in c
               for c in captions), captions
    assert "Dammbrott" in captions
    names = " ".join(m.value for m in at.markdown if m.value.startswith("**"))
    # A failure of Hällby reaches Sollefteå, Kramfors and Härnösand — not the kommuner upstream.
    for kommun in ("Sollefteå", "Kramfors", "Härnösand"):
        assert kommun in names, names
    for upstream in ("Åsele", "Vilhelmina", "Dorotea"):
        assert upstream not in names, names
    at.text_input(key="mote_user").set_value("Anna Berg")
    button(at, "Markera informerad").click().run()
    assert not at.exception
    ticks = meeting_log().get_meeting(1).informed_actors()
    assert len(ticks) == 1
    (actor, entry), = ticks.items()
    assert entry.author == "Anna Berg"
    # In an exercise the tick says both clocks: when it was done, and the scenario's time then.
    clocks = re.compile(r"Informerad kl\. \d\d\.\d\d \(verklig tid; övningstid kl\. \d\d\.\d\d\) av Anna Berg")
    assert any(clocks.fullmatch(s.value) for s in at.success), [s.value for s in at.success]


def _actor_names(at) -> list[str]:
    return [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**") and " · " in m.value]


def test_without_a_declared_event_the_kommuner_are_picked_in_a_form(monkeypatch, shared_data_dir, tmp_path):
    """Picking kommuner one by one changes nothing until "Visa aktörerna": no rerun per choice."""
    monkeypatch.setenv("ALVLAGET_DATA_DIR", str(shared_data_dir))
    monkeypatch.setenv("ALVLAGET_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    monkeypatch.setenv("ALVLAGET_SCENARIO", "varflod")  # the spring flood declares no event
    at = run_page("pages/mote.py", timeout=300)
    at.multiselect(key="mote_rivers").set_value(["Ångermanälven"])
    at.text_input(key="mote_start_name").set_value("Anna Berg")
    button(at, "Starta mötet").click().run()
    assert not at.exception, [e.message for e in at.exception]
    codes = {k.kommun: k.kommun_kod for k in read_actor_directory().kommuner_on(("Ångermanälven",))}
    assert at.multiselect(key="mote_event_kommuner").value == list(codes.values())
    assert {"Sollefteå kommun", "Strömsunds kommun"} <= set(_actor_names(at))

    at.multiselect(key="mote_event_kommuner").unselect(codes["Sollefteå"]).unselect(codes["Strömsund"])
    at.run()  # another rerun (another session's change, the clock): the unsaved choice is not applied
    assert {"Sollefteå kommun", "Strömsunds kommun"} <= set(_actor_names(at))

    at.multiselect(key="mote_event_kommuner").unselect(codes["Sollefteå"]).unselect(codes["Strömsund"])
    at.button(key="mote_event_show").click().run()
    assert not at.exception, [e.message for e in at.exception]
    names = _actor_names(at)
    assert "Sollefteå kommun" not in names and "Strömsunds kommun" not in names, names
    assert {"Kramfors kommun", "Härnösands kommun", "Vilhelmina kommun"} <= set(names)


def test_minutes_download_is_marked_ovning(started):
    at = started
    log = meeting_log()
    log.add_entry(1, kind="beslut", text="Utrym Nyland.", author="Anna Berg")
    at.run()
    # The download button's data is produced by the same builder; read it back like a user would.
    from meetings.minutes import build_meeting_minutes, render_minutes_docx

    word = docx.Document(io.BytesIO(render_minutes_docx(build_meeting_minutes(log.get_meeting(1),
                                                                               generated_at=datetime.now(UTC)))))
    texts = [p.text for p in word.paragraphs if p.text]
    assert texts[0] == texts[-1] == "ÖVNING – ÖVNING – ÖVNING"
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Minnesanteckningar (Word)", "Minnesanteckningar (PDF)", "Efterhandsrapport (Word)",
                      "Efterhandsrapport (PDF)", "Loggen (CSV)"]


def test_the_minutes_are_built_once_per_change_of_the_log_not_on_every_page_run(started, monkeypatch):
    """The minutes (and the after-action report) are built when the log or the messages change, and
    shared: a page run of an unchanged meeting builds nothing. ``build_meeting_minutes`` is wrapped, not
    replaced, to count real builds."""
    import meetings.minutes
    import pages._shared.minutes_exports as component

    calls: list[int] = []
    real = meetings.minutes.build_meeting_minutes

    def counting(meeting, **kwargs):
        calls.append(meeting.id)
        return real(meeting, **kwargs)

    monkeypatch.setattr(component, "build_meeting_minutes", counting)
    at = started
    meeting_log().add_entry(1, kind="beslut", text="Utrym Nyland.", author="Anna Berg")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert calls == [1]
    at.run()
    at.run()
    assert calls == [1]  # unchanged log: the page runs build nothing
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Minnesanteckningar (Word)", "Minnesanteckningar (PDF)", "Efterhandsrapport (Word)",
                      "Efterhandsrapport (PDF)", "Loggen (CSV)"]
    meeting_log().add_entry(1, kind="beslut", text="Öppna Nylands skola som evakueringsplats.", author="Anna Berg")
    at.run()
    assert calls == [1, 1]  # a new log entry: built once more, with it


def test_end_meeting_closes_the_log(started):
    at = started
    button(at, "Avsluta mötet").click().run()
    assert "Möte nr 1 avslutat. Loggen är stängd." in [s.value for s in at.success]
    assert "Starta möte" in [s.value for s in at.subheader]
    assert "Tidigare möten" in [s.value for s in at.subheader]
    # The next meeting compares with this one, and says when it started on both clocks.
    at.text_input(key="mote_start_name").set_value("Anna Berg")
    button(at, "Starta mötet").click().run()
    assert not at.exception, [e.message for e in at.exception]
    compared = re.compile(r"Jämfört med möte nr 1, startat kl\. \d\d\.\d\d \(verklig tid; övningstid kl\. 18\.\d\d\)\.")
    assert any(compared.fullmatch(c.value) for c in at.caption), [c.value for c in at.caption]



def test_ending_a_meeting_without_a_name_in_local_mode_is_refused_in_swedish(started):
    at = started
    at.text_input(key="mote_user").set_value("").run()  # the log's name box emptied
    button(at, "Avsluta mötet").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Ange ditt namn." in [e.value for e in at.error]
    assert "Avsluta mötet" in [b.label for b in at.button]  # the meeting is still open


def _open_presentation(**query: str):
    """The meeting screen (/mote?vy=presentation, and ``query``'s parameters) through the entry file."""
    from streamlit.testing.v1 import AppTest

    from tests.app_testing import ENTRY_FILE

    at = AppTest.from_file(ENTRY_FILE, default_timeout=300)
    at.run()
    at.switch_page("pages/mote.py")
    at.query_params["vy"] = "presentation"
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    return at


def test_presentation_view(monkeypatch, shared_data_dir, tmp_path):
    monkeypatch.setenv("ALVLAGET_DATA_DIR", str(shared_data_dir))
    monkeypatch.setenv("ALVLAGET_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    at = _open_presentation()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Möte"
    # One ÖVNING line for the whole screen (the frame's banner), nothing else marked.
    marks = [e.value for e in at.error if "ÖVNING" in e.value]
    assert marks == ["**ÖVNING** · Allt på sidan är övningsdata, inte verkliga flöden. "
                     "Scenario: Vårflod i alla tre älvarna."]
    cards = [m.value for m in at.markdown if "<h2>" in m.value]
    assert [c.split("<h2>")[1].split("</h2>")[0] for c in cards] == ["Ångermanälven", "Umeälven", "Skellefteälven"]
    assert not any("ÖVNING" in c for c in cards)
    assert len(at.get("plotly_chart")) == 3  # one älvschema per river
    assert at.selectbox(key="mote_interval").value == 60
    boxes = [m.value for m in at.markdown if m.value.startswith("<div class='ms-box'>")]
    assert "<h3>Senaste beslut</h3><div class='ms-line' title='Inga beslut i loggen.'>Inga beslut i loggen.</div>" in boxes[0]
    assert "<h3>Åtgärder</h3><div class='ms-line' title='Inga möten i loggen.'>" in boxes[1]
    assert "Inget tidigare möte att jämföra med." in boxes[2]
    assert "Övningstid nu: kl. " in boxes[3] and "(övningstid)" in boxes[3] and "Verklig tid: kl. " in boxes[3]


def _screen_lines(at, title: str) -> list[str]:
    """The lines of the meeting screen's box headed ``title`` (each line's text, as its tooltip holds it)."""
    box = next(m.value for m in at.markdown if m.value.startswith(f"<div class='ms-box'><h3>{title}"))
    return re.findall(r"<div class='ms-line' title='([^']*)'>", box)


def test_presentation_view_lists_the_open_actions_with_their_follow_up_clock(monkeypatch, shared_data_dir, tmp_path):
    """The actions of the meeting under way, the next to follow up first, each follow-up saying its clock:
    the scenario's (övningstid) where the exercise planned on it, the wall clock (verklig tid) otherwise."""
    monkeypatch.setenv("ALVLAGET_DATA_DIR", str(shared_data_dir))
    monkeypatch.setenv("ALVLAGET_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    log = meeting_log()
    snapshot = SituationSnapshot(rivers=(), origin=DataOrigin.EXERCISE, data_time=None, note="")
    meeting = log.start_meeting(title="ÖVNING – avstämning", rivers=["Ångermanälven"], is_exercise=True,
                                snapshot=snapshot, started_by="Anna Berg")
    on_scenario = datetime(2026, 5, 9, 21, 30, tzinfo=UTC)  # 23.30 in Stockholm (summer time)
    real = datetime.now(UTC) + timedelta(hours=1)
    log.add_entry(meeting.id, kind="atgard", text="Ring SMHI.", author="Anna Berg")
    log.add_entry(meeting.id, kind="atgard", text="Nytt pressmeddelande.", author="Anna Berg", follow_up_at=real)
    log.add_entry(meeting.id, kind="beslut", text="Utrym Nyland.", author="Anna Berg",
                  follow_up_scenario_at=on_scenario - timedelta(hours=1))
    log.add_entry(meeting.id, kind="atgard", text="Kontakta Kramfors kommun.", author="Anna Berg",
                  responsible="Per Ek", follow_up_scenario_at=on_scenario)
    log.add_entry(meeting.id, kind="atgard", text="Öppna reservlokalen.", author="Anna Berg",
                  follow_up_scenario_at=on_scenario + timedelta(hours=1))
    at = _open_presentation()
    assert not at.exception, [e.message for e in at.exception]
    lines = _screen_lines(at, f"Åtgärder (möte nr {meeting.id})")
    # The scenario clock's first, in time order; then the wall clock's; then those without a follow-up,
    # counted where the screen has no room. A decision is no action.
    expected = [r"(\d+ \w+ )?kl\. 23\.30 \(övningstid\)  Kontakta Kramfors kommun\. \(Per Ek\)",
                r"(\d+ \w+ )?kl\. 00\.30 \(övningstid\)  Öppna reservlokalen\.",
                rf"(\d+ \w+ )?kl\. {format_clock(real)} \(verklig tid\)  Nytt pressmeddelande\.",
                r"\+ 1 åtgärd till på mötessidan"]
    assert len(lines) == len(expected), lines
    assert all(re.fullmatch(e, line) for e, line in zip(expected, lines, strict=True)), lines
    # A done action leaves the list (the next one moves up) and the box counts it.
    first = next(e for e in log.get_meeting(meeting.id).entries if e.text == "Kontakta Kramfors kommun.")
    log.mark_done(meeting.id, first.id, by="Per Ek")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    lines = _screen_lines(at, f"Åtgärder (möte nr {meeting.id}, 1 klar)")
    assert [line.split("  ", 1)[1] for line in lines] == ["Öppna reservlokalen.", "Nytt pressmeddelande.", "Ring SMHI."]


def test_a_typed_link_with_an_odd_refresh_interval_refreshes_every_minute(monkeypatch, shared_data_dir, tmp_path):
    """``?intervall=²``: "²" is a digit to str.isdigit() but not to int(), a traceback before."""
    monkeypatch.setenv("ALVLAGET_DATA_DIR", str(shared_data_dir))
    at = _open_presentation(intervall="²")
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="mote_interval").value == 60


def test_meeting_screens_share_the_schemas_built_once(monkeypatch, shared_data_dir, tmp_path):
    """Every meeting screen shows the same rivers with the same data: the three älvschemas are laid out
    once and handed to the next screen, not built again. ``build_schematic_figure`` is wrapped, not
    replaced, to count real builds."""
    import pages._shared.alvschema as component

    monkeypatch.setenv("ALVLAGET_DATA_DIR", str(shared_data_dir))
    monkeypatch.setenv("ALVLAGET_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    from sources.exercise.clock import pause_clock
    from sources.exercise.scenarios import get_scenario_spec

    # Pages wait for the statistics, and the scenario clock is paused: the data stay the same from one
    # screen to the next (a schema whose statuses changed must be built again).
    monkeypatch.setenv("ALVLAGET_PAGE_WAIT_S", "600")
    pause_clock(load_settings(), datetime.now(UTC), default_start=get_scenario_spec("varflod").start_utc)
    built = count_calls(monkeypatch, component, "build_schematic_figure")  # (river, stations) per build
    first = _open_presentation()
    assert not first.exception, [e.message for e in first.exception]
    # Opening goes through the start page (Läget: the small schemas), then the meeting screen's.
    assert sorted({args[0] for args in built}) == ["Skellefteälven", "Umeälven", "Ångermanälven"]
    first_builds = len(built)
    second = _open_presentation()  # another screen (session) on the same server
    assert not second.exception, [e.message for e in second.exception]
    assert len(built) == first_builds  # nothing built again
    assert [c.proto.spec for c in second.get("plotly_chart")] == [c.proto.spec for c in first.get("plotly_chart")]


def test_presentation_view_leads_with_the_declared_dam_failure(monkeypatch):
    start_dam_failure_exercise(monkeypatch, hours_after_failure=4)
    at = _open_presentation()
    assert not at.exception, [e.message for e in at.exception]
    markdown = [m.value for m in at.markdown]
    # A two-line strip, no table: the screen's one ÖVNING line marks it; its times say which clock.
    banner = next(i for i, m in enumerate(markdown) if "DAMMBROTT – Hällbydammen, kl. 18.00 (övningstid)" in m)
    card = next(i for i, m in enumerate(markdown) if "<h2>Ångermanälven</h2>" in m)
    assert banner < card
    assert "ÖVNING" not in markdown[banner]
    assert "Fronten kan nå (övningstid, grov uppskattning): " in markdown[banner]
    assert " · Nyland " in markdown[banner]
    # What the arrival times assume about the peak, in the strip (no owner data: every place).
    assert ("Toppen (högsta flöde) antas komma 1–3 timmar efter fronten för alla platser: ett antagande, ingen "
            "beräkning.") in markdown[banner]
    assert "per dygn" not in markdown[card]
    assert not [df for df in at.dataframe if "Fronten väntas" in df.value.columns]


def test_a_declared_dam_failure_decides_who_to_coordinate_with(monkeypatch, tmp_path):
    start_dam_failure_exercise(monkeypatch, hours_after_failure=1)
    at = run_page("pages/mote.py", timeout=300)
    at.multiselect(key="mote_rivers").set_value(["Ångermanälven", "Umeälven", "Skellefteälven"])
    at.text_input(key="mote_start_name").set_value("Anna Berg")
    button(at, "Starta mötet").click().run()
    assert not at.exception, [e.message for e in at.exception]
    captions = [c.value for c in at.caption]
    assert "Utifrån händelsen Dammbrott – Hällbydammen: Ångermanälven nedströms dammen." in captions
    names = " ".join(m.value for m in at.markdown)
    assert "**Kramfors kommun**" in names and "**SOS Alarm**" in names
    # The networks of Länsstyrelsen Västerbotten's text by their real names, where the event reaches.
    assert "**Regionala rådet för krisberedskap och skydd mot olyckor (Västernorrlands län)**" in names
    assert "**Krisinformatörsnätverket (Västernorrlands län)**" in names
    assert "Skellefteå Kraft" not in names and "Umeå kommun" not in names


def test_a_county_board_taking_over_the_rescue_effort_reaches_who_to_coordinate_with(monkeypatch, tmp_path):
    """Länsstyrelsen Norrbotten (Norra civilområdet) takes over the rescue service at the Hällby failure: Möte
    lists it with the take-over as its reason, and SOS Alarm and the räddningstjänst say who leads."""
    from access.person import local_person
    from directory.actors import TAKEOVER_REASON_SV
    from events.repository import EventStore

    start_dam_failure_exercise(monkeypatch, hours_after_failure=1)
    at = run_page("pages/mote.py", timeout=300)
    at.multiselect(key="mote_rivers").set_value(["Ångermanälven"])
    at.text_input(key="mote_start_name").set_value("Anna Berg")
    button(at, "Starta mötet").click().run()
    assert not at.exception, [e.message for e in at.exception]
    before = _actor_reasons(at)
    assert "Länsstyrelsen Norrbotten" not in before and "Norrbotten" not in before["SOS Alarm"], before
    # During the meeting the county board takes over (on Händelser, in another session): the next run shows it.
    store = EventStore(database_sessions(load_settings().database_url))
    (failure,) = [e for e in store.list_events(is_exercise=True) if e.dam == "Hällby"]  # the scenario declared it
    store.set_rescue_lead(failure.id, taken_over_by="Länsstyrelsen Norrbotten",
                          author=local_person("Anna Berg", "Länsstyrelsen Norrbotten"), now=datetime.now(UTC))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    pairs = _actor_reasons(at)
    assert "Länsstyrelsen Norrbotten" in pairs, list(pairs)
    assert pairs["Länsstyrelsen Norrbotten"].startswith(TAKEOVER_REASON_SV), pairs["Länsstyrelsen Norrbotten"]
    assert pairs["SOS Alarm"] == ("Sänder VMA (viktigt meddelande till allmänheten) på begäran av räddningsledaren "
                                  "som Länsstyrelsen Norrbotten har utsett")
    rescue = [reason for name, reason in pairs.items() if name.startswith("Räddningstjänsten")]
    assert rescue and all(r.endswith("räddningsinsatsen leds av Länsstyrelsen Norrbotten, som har tagit över "
                                     "räddningstjänsten") for r in rescue), rescue
    # The county board of the län reached is still there, for its own reasons; nothing of the other rivers.
    assert "Länsstyrelsen Västernorrland" in pairs
    assert not any("Skellefteå" in name or "Umeå" in name for name in pairs), list(pairs)


def test_a_tick_pressed_as_the_take_over_changes_the_list_marks_the_actor_it_was_pressed_for(monkeypatch):
    """The take-over adds Länsstyrelsen Norrbotten to the list between the page a user sees and their press on
    "Markera informerad" by SOS Alarm: SOS Alarm is marked, not whoever moved into its place."""
    from access.person import local_person
    from events.repository import EventStore

    start_dam_failure_exercise(monkeypatch, hours_after_failure=1)
    at = run_page("pages/mote.py", timeout=300)
    at.multiselect(key="mote_rivers").set_value(["Ångermanälven"])
    at.text_input(key="mote_start_name").set_value("Anna Berg")
    button(at, "Starta mötet").click().run()
    at.text_input(key="mote_user").set_value("Anna Berg")
    pressed = _inform_button(at, "SOS Alarm")
    store = EventStore(database_sessions(load_settings().database_url))
    (failure,) = [e for e in store.list_events(is_exercise=True) if e.dam == "Hällby"]
    store.set_rescue_lead(failure.id, taken_over_by="Länsstyrelsen Norrbotten",
                          author=local_person("Eva Lund", "Länsstyrelsen Norrbotten"), now=datetime.now(UTC))
    pressed.click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert list(meeting_log().get_meeting(1).informed_actors()) == ["SOS Alarm"]


def _actor_reasons(at) -> dict[str, str]:
    """Each suggested actor's name and its reason, as "Vem ska vi samordna med?" shows them side by side."""
    pairs = {}
    for column in at.columns:
        names = [m.value for m in column.markdown if m.value.startswith("**") and " · " in m.value]
        if len(names) == 1:  # the actor's own column, not a layout column around the whole list
            pairs[names[0].split("**")[1]] = column.caption[0].value
    return pairs


def _inform_button(at, name: str):
    """The "Markera informerad" button beside actor ``name`` (the column next to its name and reason)."""
    columns = list(at.columns)
    for column, beside in zip(columns, columns[1:], strict=False):
        if [m.value.split(" · ")[0] for m in column.markdown] == [f"**{name}**"]:  # the actor's own column
            return beside.button[0]
    raise AssertionError(f"no actor {name!r} in the list")
