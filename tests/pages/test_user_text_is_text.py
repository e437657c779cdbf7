"""User text is text on every page: Markdown and HTML typed into any field is shown as typed, never as markup.

Every user field gets its own hostile value — an outside image in Markdown, an HTML image and bold
— stored through the domain stores as a person would (in local mode names are typed). Each page is
then run through ``dashboard.py`` (AppTest) and two things are checked:

- nothing Streamlit renders as Markdown or HTML (markdown, captions, headings, alerts, expander
  and tab labels, button and widget labels, radio options, plotly hover text) carries the markup
  unescaped: no ``![b](``, no ``<img``, no ``**fet …**``;
- each field the page shows is there, character for character, once its escaping is undone: the
  test fails if a field silently disappears rather than passing for lack of text.
"""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from access.person import local_person
from coordination.db import create_schema, make_engine, make_session_factory
from events.repository import EventStore
from events.scenario import known_dams
from meetings.meetings import MeetingLog, SituationSnapshot
from messages.press_contacts import PressContactStore
from messages.repository import ActorSpec, DraftRepository
from messages.versions import MessageText
from owner_reports.model import ReportDraft
from owner_reports.store import OwnerReportStore
from pages._shared.plain import plain_md
from settings import load_settings
from sources.exercise.adapter import scenario_now
from sources.models import DataOrigin
from tests.app_testing import ENTRY_FILE, run_page

TIMEOUT_S = 300


def hostile(field: str) -> str:
    """The value typed into ``field``: Markdown image, HTML image and bold, each naming the field."""
    return f"![b](http://127.0.0.1:9/{field}.png) <img src=x> **fet {field}**"


def hostile_text(field: str) -> str:
    """A multi-line value: the blank line would end an HTML block, making what follows Markdown again."""
    return f"Första raden.\n\n{hostile(field)}"


#: The markup that must never reach the browser unescaped: in Markdown (after taking out every
#: backslash-escaped character, which Markdown shows as itself) and in plotly's HTML-like labels.
MARKDOWN_MARKUP = re.compile(r"!\[b\]\(|<img|\*\*fet ")
HTML_MARKUP = re.compile(r"<img")


def _seed() -> None:
    """Every user field, in the exercise the tests run (ÖVNING), active at the scenario clock."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    factory = make_session_factory(engine)
    now = scenario_now(settings)

    EventStore(factory, known_dams()).declare(
        kind="hoga_floden", river="Umeälven", place_sv=hostile("plats"), description=hostile_text("beskrivning"),
        started_at=now - timedelta(hours=1), author=local_person(hostile("deklarerad"), hostile("organisation")),
        now=now, is_exercise=True)

    OwnerReportStore(factory).write_report(
        ReportDraft("Stornorrfors", now - timedelta(hours=1), 1450, comment=hostile_text("kommentar")),
        reporter=local_person(hostile("rapportor"), hostile("rapportorg")), is_exercise=True, clock=now)

    log = MeetingLog(factory)
    meeting = log.start_meeting(
        title=hostile("motestitel"), rivers=["Umeälven"], is_exercise=True, started_by=hostile("motesledare"),
        snapshot=SituationSnapshot(rivers=({"river": "Umeälven"},), origin=DataOrigin.EXERCISE))
    log.add_entry(meeting.id, kind="beslut", text=hostile_text("logg"), author=hostile("loggforfattare"),
                  responsible=hostile("ansvarig"))

    repo = DraftRepository(factory)
    actors = repo.ensure_actors([ActorSpec("Umeå kommun", "kommun", "2480"), ActorSpec("Vattenfall AB", "dam_owner")])
    draft = repo.create_draft(
        river="Umeälven", kind="pressmeddelande", is_exercise=True, facts={"river": "Umeälven"},
        text=MessageText(headline_sv=hostile("rubrik"), body_sv=hostile_text("brodtext"),
                         instruction_sv=hostile("rad")),
        author=hostile("forfattare"), required_actor_ids=[a.id for a in actors])
    for actor in actors:
        draft = repo.approve(draft.id, 1, actor.id, hostile("godkannare"))
    repo.release(draft.id, hostile("utgivare"))

    PressContactStore(factory).set_press_contact("Umeå kommun", name=hostile("presskontakt"), phone="090-16 10 00",
                                                 email=None, by=hostile("andrad-av"))
    engine.dispose()


def _markup(at: AppTest) -> list[str]:
    """Every string on the page that would render some of the hostile values as markup."""
    # Inside an HTML block (unsafe_allow_html) a backslash escapes nothing: those are checked as they are.
    html_blocks = [m.value for m in at.markdown if m.proto.allow_html]
    markdown = [v for v in _labels(at) if v not in html_blocks and MARKDOWN_MARKUP.search(re.sub(r"\\.", "", v))]
    return (markdown + [v for v in html_blocks if MARKDOWN_MARKUP.search(v)]
            + [v for v in _plotly_texts(at) if HTML_MARKUP.search(v)])


def _labels(at: AppTest) -> list[str]:
    """Every string Streamlit renders as Markdown (or, with ``unsafe_allow_html``, as HTML)."""
    values: list[str] = []
    for kind in ("markdown", "caption", "latex", "title", "header", "subheader", "success", "info", "warning",
                 "error", "toast"):
        values += [e.value for e in getattr(at, kind)]
    for kind in ("expander", "tabs"):
        values += [e.label for e in getattr(at, kind)]
    for kind in ("button", "checkbox", "toggle", "text_input", "text_area", "selectbox", "multiselect",
                 "number_input", "date_input", "time_input", "radio", "slider", "select_slider"):
        values += [e.label for e in getattr(at, kind)]
    values += [e.label for e in at.get("form_submit_button")] + [e.label for e in at.get("download_button")]
    for radio in at.radio:
        values += [str(o) for o in radio.options]
    for metric in at.metric:
        values += [metric.label, metric.value]
    return values


def _plotly_texts(at: AppTest) -> list[str]:
    """Hover texts, names and annotations of every chart (plotly renders a subset of HTML in them)."""
    texts: list[str] = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec.get("data", []):
            for key in ("hovertext", "text", "name", "hovertemplate", "customdata"):
                value = trace.get(key)
                texts += [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
        texts += [str(a.get("text", "")) for a in spec.get("layout", {}).get("annotations", [])]
    return texts


def _unescaped(value: str) -> str:
    """What the reader sees: HTML entities and Markdown backslash escapes undone, spaces collapsed."""
    return " ".join(re.sub(r"\\(.)", r"\1", html.unescape(value)).split())


def _visible(at: AppTest) -> str:
    """All text on the page as a reader sees it (plain text, tables, rendered Markdown, widget values)."""
    parts = [t.value for t in at.text] + [c.value for c in at.code]
    for frame in at.dataframe:
        parts += [str(cell) for cell in frame.value.astype(str).to_numpy().ravel()]
        parts += [str(column) for column in frame.value.columns]
    parts += [str(w.value) for w in [*at.text_area, *at.text_input] if w.value]
    parts += _labels(at) + _plotly_texts(at)
    return "\n".join(_unescaped(part) for part in parts)


def _run(page: str, *, river: str | None = "Umeälven", query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(ENTRY_FILE, default_timeout=TIMEOUT_S)
    if river:
        at.query_params["alv"] = river
    at.run()
    if page != "pages/lage.py":
        at.switch_page(page)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


#: page (and query) → the fields it must show. The brief: events on Händelser, Läget and Möte; owner
#: reports on Ägarrapporter, Flöden and Karta; the meeting and its log on Möte; drafts, approvals and
#: press contacts on Meddelanden; the audit trail's names on Administration.
PAGES = {
    "handelser": ("pages/handelser.py", {}, ["plats", "beskrivning", "deklarerad", "organisation"]),
    "lage": ("pages/lage.py", {}, ["plats", "beskrivning", "deklarerad", "organisation"]),
    "mote": ("pages/mote.py", {}, ["plats", "beskrivning", "motestitel", "motesledare", "logg", "loggforfattare",
                                   "ansvarig"]),
    "mote-presentation": ("pages/mote.py", {"vy": "presentation"}, ["plats", "logg"]),
    "agarrapporter": ("pages/agarrapporter.py", {}, ["kommentar", "rapportor", "rapportorg"]),
    "floden": ("pages/floden.py", {}, ["kommentar", "rapportor", "rapportorg"]),
    "karta": ("pages/karta.py", {}, ["plats", "rapportorg"]),  # the map names the organisation only
    "meddelanden": ("pages/meddelanden.py", {}, ["plats", "rubrik", "brodtext", "godkannare", "utgivare",
                                                 "presskontakt", "andrad-av"]),
    "admin": ("pages/admin.py", {}, ["deklarerad", "motesledare", "godkannare", "utgivare"]),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_user_text_in_every_field_is_shown_as_text(name):
    page, query, fields = PAGES[name]
    _seed()
    at = _run(page, query=query)
    assert _markup(at) == [], f"{name}: user text rendered as Markdown/HTML"
    visible = _visible(at)
    missing = [field for field in fields if _unescaped(hostile(field)) not in visible]
    assert missing == [], f"{name}: fields not shown"


def test_a_message_quoting_what_was_typed_escapes_only_the_typed_part():
    """Our words stay exactly as written (the page tests compare them); the typed part is plain text."""
    at = run_page("pages/handelser.py", timeout=TIMEOUT_S)
    at.text_input(key="handelser_name").input(hostile("namn"))
    at.text_input(key="handelser_org").input(hostile("org"))
    at.selectbox(key="handelser_kind").select("dammbrott")
    at.selectbox(key="handelser_river").select("Ångermanälven").run()
    at.selectbox(key="handelser_dam").select("Hällby")
    at.text_input(key="handelser_place").input(hostile("plats"))
    at.button(key="handelser_declare").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [s.value for s in at.success] == [
        f"Händelsen ”Dammbrott – {plain_md(hostile('plats'))}” är deklarerad och syns nu för alla."]
    assert _markup(at) == []

    at = run_page("pages/admin.py", timeout=TIMEOUT_S)
    at.text_input(key="admin_member_who").input(hostile("epost"))
    at.selectbox(key="admin_member_org").set_value("Umeå kommun")
    next(b for b in at.button if b.label == "Spara medlemskap").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert f"”{plain_md(hostile('epost'))}” är ingen e-postadress (namn@organisation.se)." in [e.value for e in at.error]
    assert _markup(at) == []
