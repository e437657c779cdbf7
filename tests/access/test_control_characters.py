"""One rule for invisible characters in typed text, in every domain, on SQLite and PostgreSQL.

``coordination.inputs.check_text`` refuses NUL (PostgreSQL refuses it, SQLite keeps it), every other
C0 control except tab and line breaks, DEL, the C1 controls and the bidirectional overrides and
isolates (a name could be made to read as another). Each domain applies it before the database and
raises its own typed error with the one Swedish message; nothing is stored, nothing is audited.
(Press contacts: tests/coordination/test_press_contacts.py; NUL and 201-character names:
tests/access/test_input_limits.py and tests/coordination/test_integrity.py.)
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest

from access.audit import read_audit_entries
from access.members import MemberDirectory, MemberError
from access.person import local_person
from coordination.db import make_session_factory, session_scope
from coordination.inputs import InputError, check_text, has_control_character
from events.repository import EventError, EventStore
from events.scenario import known_dams
from meetings.meetings import MeetingError, MeetingLog, SituationSnapshot
from messages.repository import DraftRepository
from owner_reports.model import OwnerReportError, ReportDraft
from owner_reports.store import OwnerReportStore
from sources.models import DataOrigin
from tests.coordination.factories import T0, UME_ACTORS
from tests.coordination.test_repository import FACTS, TEXT_1

CONTROL_TAIL = ("texten innehåller ett osynligt styrtecken som inte kan sparas. "
                "Skriv texten på nytt i stället för att klistra in den.")

#: One of each kind of refused character, as someone could paste it.
BAD = {
    "esc": "\x1b[31m",  # C0: a terminal colour code
    "bel": "\x07",  # C0
    "unit-separator": "\x1f",  # C0 that Python's str.split() takes for a space
    "del": "\x7f",
    "c1": "\x85",  # NEL, also a "space" to str.split()
    "rlo": "\u202e",  # right-to-left override
    "lri": "\u2066",  # left-to-right isolate
}


def _with(kind: str, text: str) -> str:
    return text[:2] + BAD[kind] + text[2:]


@pytest.mark.parametrize("kind", BAD)
def test_the_one_rule_refuses_each_kind_of_invisible_control(kind):
    assert has_control_character(_with(kind, "Anna Berg"))
    with pytest.raises(InputError) as info:
        check_text(_with(kind, "Anna Berg"), "Namn", 200)
    assert info.value.message_sv == f"Namn: {CONTROL_TAIL}"


def test_the_rule_is_exactly_unicodes_control_category_but_tab_and_line_breaks_plus_the_bidi_controls():
    """Checked over every code point (the rule is a regular expression, for speed on a 10 MB paste)."""
    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    differing = [hex(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF
                 if has_control_character(chr(cp)) != (chr(cp) in bidi or (
                     unicodedata.category(chr(cp)) == "Cc" and chr(cp) not in "\t\n\r"))]
    assert differing == []


def test_ordinary_text_with_tabs_line_breaks_and_any_script_passes():
    text = "Beslut:\n\t– öppna utskov\r\nÅsele ÄÖ é ß ñ 中文 العربية 🙂 1 450 m³/s \u00a0 (Umeå kommun)"
    assert not has_control_character(text)
    assert check_text(text, "Text", 20_000) == text


@pytest.mark.parametrize("kind", ["esc", "c1", "rlo"])
@pytest.mark.parametrize("field", ["name", "organisation", "place_sv", "description"])
def test_events_refuse_control_characters_on_both_databases(engine, field, kind):
    factory = make_session_factory(engine)
    store = EventStore(factory, known_dams())
    values = {"name": "Anna Berg", "organisation": "Länsstyrelsen Västernorrland", "place_sv": "Umeå",
              "description": "Isdämning vid bron"}
    values[field] = _with(kind, values[field])
    label = {"name": "Namn", "organisation": "Organisation", "place_sv": "Damm eller sträcka",
             "description": "Beskrivning"}[field]
    with pytest.raises(EventError) as info:
        store.declare(kind="hoga_floden", river="Umeälven", place_sv=values["place_sv"],
                      description=values["description"], started_at=T0,
                      author=local_person(values["name"], values["organisation"]), now=T0)
    assert info.value.message_sv == f"{label}: {CONTROL_TAIL}"
    assert store.list_events(is_exercise=False) == []
    with session_scope(factory) as session:
        assert read_audit_entries(session) == []


def _meeting(log: MeetingLog):
    snapshot = SituationSnapshot(rivers=({"river": "Umeälven"},), origin=DataOrigin.LIVE)
    return log.start_meeting(title="Avstämning", rivers=["Umeälven"], is_exercise=False, snapshot=snapshot,
                             started_by="Anna Berg", now=T0)


@pytest.mark.parametrize("kind", ["bel", "unit-separator", "c1", "lri"])
def test_meetings_refuse_control_characters_in_title_log_follow_up_and_names(engine, kind):
    factory = make_session_factory(engine)
    log = MeetingLog(factory)
    snapshot = SituationSnapshot(rivers=({"river": "Umeälven"},), origin=DataOrigin.LIVE)
    with pytest.raises(MeetingError) as info:
        log.start_meeting(title=_with(kind, "Avstämning"), rivers=["Umeälven"], is_exercise=False,
                          snapshot=snapshot, started_by="Anna Berg", now=T0)
    assert info.value.message_sv == f"Rubrik: {CONTROL_TAIL}"
    assert log.list_meetings(is_exercise=False) == []
    meeting = _meeting(log)
    entry = dict(kind="atgard", text="Kontakta Umeå kommun.", author="Per Ek", responsible="Per Ek",
                 follow_up_at=T0 + timedelta(hours=2), actor="Umeå kommun", now=T0)
    for field, label in [("text", "Text"), ("author", "Namn"), ("responsible", "Ansvarig"), ("actor", "Aktör")]:
        with pytest.raises(MeetingError) as info:
            log.add_entry(meeting.id, **{**entry, field: _with(kind, entry[field])})
        assert info.value.message_sv == f"{label}: {CONTROL_TAIL}", field
    for actor, note, label in [(_with(kind, "Umeå kommun"), "", "Aktör"), ("Umeå kommun", _with(kind, "Via SMS"),
                                                                             "Anteckning")]:
        with pytest.raises(MeetingError) as info:
            log.mark_informed(meeting.id, actor=actor, note=note, author="Per Ek", now=T0)
        assert info.value.message_sv == f"{label}: {CONTROL_TAIL}"
    assert log.get_meeting(meeting.id).entries == ()


@pytest.mark.parametrize("kind", ["esc", "del", "rlo"])
def test_messages_refuse_control_characters_in_texts_and_approver_names(engine, kind):
    factory = make_session_factory(engine)
    repo = DraftRepository(factory)
    actors = repo.ensure_actors(UME_ACTORS)
    create = dict(river="Umeälven", kind="pressmeddelande", is_exercise=False, facts=FACTS, author="Anna Berg",
                  required_actor_ids=[a.id for a in actors], now=T0)
    with pytest.raises(InputError) as info:
        repo.create_draft(**{**create, "text": TEXT_1.__class__(**{**TEXT_1.as_dict(),
                                                                   "headline_sv": _with(kind, "Höga flöden")})})
    assert info.value.message_sv == f"Rubrik (svenska): {CONTROL_TAIL}"
    assert repo.list_drafts() == []
    draft = repo.create_draft(**create, text=TEXT_1)
    attempts = [
        ("Text (svenska)", lambda: repo.save_version(
            draft.id, 1, TEXT_1.__class__(**{**TEXT_1.as_dict(), "body_sv": _with(kind, "Flödet stiger.")}),
            "Anna Berg")),
        ("Namn", lambda: repo.save_version(
            draft.id, 1, TEXT_1.__class__(**{**TEXT_1.as_dict(), "body_sv": "Flödet stiger."}),
            _with(kind, "Anna Berg"))),
        ("Namn", lambda: repo.approve(draft.id, 1, actors[0].id, _with(kind, "Per Ek"))),
    ]
    for label, attempt in attempts:
        with pytest.raises(InputError) as info:
            attempt()
        assert info.value.message_sv == f"{label}: {CONTROL_TAIL}"
    after = repo.get_draft(draft.id)
    assert (after.current_version_no, after.current.approvals) == (1, ())


@pytest.mark.parametrize("kind", ["bel", "c1", "rlo"])
@pytest.mark.parametrize("field", ["name", "organisation", "comment"])
def test_owner_reports_refuse_control_characters_on_both_databases(engine, field, kind):
    factory = make_session_factory(engine)
    store = OwnerReportStore(factory)
    values = {"name": "Anna Berg", "organisation": "Vattenfall AB", "comment": "Utskov öppnat"}
    values[field] = _with(kind, values[field])
    draft = ReportDraft("Stornorrfors", T0 - timedelta(hours=1), 1450, comment=values["comment"])
    with pytest.raises(OwnerReportError) as info:
        store.write_report(draft, reporter=local_person(values["name"], values["organisation"]), is_exercise=False,
                           clock=T0)
    label = {"name": "Namn", "organisation": "Organisation", "comment": "Kommentar"}[field]
    assert info.value.message_sv == f"{label}: {CONTROL_TAIL}"
    assert store.read_history(is_exercise=False) == []


@pytest.mark.parametrize("kind", ["bel", "rlo"])
def test_member_addresses_refuse_control_characters_and_provider_names_drop_them(engine, kind):
    directory = MemberDirectory(make_session_factory(engine))
    admin = local_person("Lisa Holm")
    with pytest.raises(MemberError) as info:
        directory.set_member(_with(kind, "omar@umea.se"), "Umeå kommun", ["lasare"], admin)
    assert info.value.message_sv == f"E-postadress: {CONTROL_TAIL}"
    with pytest.raises(MemberError) as info:
        directory.set_domain_rule(_with(kind, "umea.se"), "Umeå kommun", ["lasare"], admin)
    assert info.value.message_sv == f"Domän: {CONTROL_TAIL}"
    assert (directory.list_members(), directory.list_domain_rules()) == ([], [])
    # A name claim from the identity provider is what the record shows of who acted: its controls are dropped.
    directory.set_member("omar@umea.se", "Umeå kommun", ["redaktor"], admin)
    assert directory.read_person("omar@umea.se", _with(kind, "Omar Said")).name == "Omar Said"
