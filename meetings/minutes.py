"""Minutes of a meeting and an after-action report of an event, as DOCX and PDF.

One document model (:class:`MinutesDocument`: title, sections of paragraphs, bullets and tables,
all already in Swedish words and Europe/Stockholm times) built once and laid out by two writers,
so Word and PDF say exactly the same thing and the content is tested once.

- :func:`build_meeting_minutes` — one meeting: who, when, the frozen situation the group saw
  (data origin and age), the log (decisions, actions with responsible and follow-up, information),
  the actors ticked as informed.
- :func:`build_after_action_report` — an event over several meetings: one timeline of meetings,
  snapshots, log entries and released coordinated texts.

Exercise (ÖVNING): the marking is the first and the last paragraph of the document and sits in
every page's header and footer, in Word as in PDF. The PDF needs a Unicode TrueType font (DejaVu
Sans, Debian package ``fonts-dejavu-core``); without it :class:`PdfFontMissingError` is raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from docx import Document
from fpdf.fonts import FontFace

from hydrology.formatting import format_flow_m3s
from hydrology.situation import EXERCISE_MARK
from language.spreadsheet import spreadsheet_csv
from language.sv import format_local_time, format_when, label_both_clocks, label_clock, plural
from meetings.meeting_changes import ReleasedText, summarise_river
from meetings.meetings import ENTRY_KINDS, LogEntryView, MeetingView, SituationSnapshot
from messages.drafting import format_time_sv
from messages.exports.document import EXERCISE_MARKING, exercise_source_line, make_printable
from messages.exports.docx_parts import add_exercise_paragraph, docx_bytes, set_page_header_footer
from messages.exports.marking import marked_line, marked_title
from messages.exports.pdf_parts import FONT, MarkedPdf, PdfFontMissingError
from settings import GROUP_NAME
from sources.models import DataOrigin

__all__ = [
    "EXERCISE_LOG_TABLE_COLUMNS",
    "LOG_TABLE_COLUMNS",
    "MinutesDocument",
    "PdfFontMissingError",
    "build_after_action_report",
    "build_meeting_minutes",
    "done_cell",
    "log_table",
    "render_minutes_docx",
    "render_minutes_pdf",
]

ORIGIN_SV: dict[DataOrigin, str] = {
    DataOrigin.LIVE: "SMHI öppna data (aktuella)",
    DataOrigin.CACHE: "SMHI öppna data ur cache (SMHI var inte nåbart)",
    DataOrigin.EXERCISE: "ÖVNINGSDATA – inte verkliga flöden",
}

LOG_COLUMNS = ("Tid", "Typ", "Text", "Ansvarig", "Uppföljning", "Skrivet av")
STATION_COLUMNS = ("Station", "Flöde", "Mättid", "Status", "Trend")
TIMELINE_COLUMNS = ("Tid", "Händelse", "Detalj")
#: In an exercise both clocks, side by side: when it was written, and the scenario's time then.
#: The follow-up is set on either clock; each cell says which (:func:`follow_up_cell`).
EXERCISE_LOG_COLUMNS = ("Verklig tid", "Övningstid", "Typ", "Text", "Ansvarig", "Uppföljning", "Skrivet av")
EXERCISE_TIMELINE_COLUMNS = ("Verklig tid", "Övningstid", "Händelse", "Detalj")
#: What the footer says about times: one clock in a real meeting, two in an exercise.
TIMES_REAL = "Tider i svensk tid."
TIMES_EXERCISE = ("Tider i svensk tid. Verklig tid: när det hände på riktigt. Övningstid: scenariots klocka "
                  "just då (– där den inte är känd).")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    """A heading followed by paragraphs, bullets and at most one table, in that order."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: Table | None = None
    level: int = 2


@dataclass(frozen=True)
class MinutesDocument:
    """Everything an export shows, already in words."""

    title: str
    subtitle: str
    is_exercise: bool
    sections: tuple[Section, ...] = field(default=())
    footer_line: str = ""

    @property
    def exercise_marking(self) -> str:
        return EXERCISE_MARKING if self.is_exercise else ""


def format_short_time(moment: datetime) -> str:
    """``2026-11-26 13:05 UTC`` → ``"26 nov 14.05"`` (Swedish time, for table cells)."""
    return format_local_time(moment)


def _p(text: str) -> str:
    return make_printable(text)


def _both_clocks(real: datetime, scenario: datetime | None, exercise: bool) -> str:
    """``"26 november 2026 kl. 14.05"`` in a real meeting; in an exercise ``"… kl. 14.05 (verklig tid;
    övningstid 9 maj 2026 kl. 21.00)"``, or just "(verklig tid)" when the scenario's time is unknown."""
    text = format_time_sv(real)
    if not exercise:
        return text
    return label_both_clocks(text, format_time_sv(scenario) if scenario is not None else None)


def follow_up_cell(entry: LogEntryView, exercise: bool, now: datetime | None = None,
                   scenario_now: datetime | None = None) -> str:
    """When to follow ``entry`` up, for a table cell: ``"16.05"`` / ``"26 nov 16.05"`` in a real meeting
    (relative to ``now`` [UTC], with the date when not given); in an exercise each time says its clock:
    ``"9 maj 23.00 (övningstid)"`` (relative to ``scenario_now``), ``"26 nov 16.05 (verklig tid)"``,
    both joined by "; " when both are set. Empty when there is no follow-up."""
    parts = []
    if exercise and entry.follow_up_scenario_at is not None:
        parts.append(label_clock(format_local_time(entry.follow_up_scenario_at, scenario_now), scenario=True))
    if entry.follow_up_at is not None:
        text = format_local_time(entry.follow_up_at, now)
        parts.append(label_clock(text, scenario=False) if exercise else text)
    return "; ".join(parts)


def _follow_up_sv(entry: LogEntryView, exercise: bool) -> str:
    """The follow-up in running text, with its date and year: ``"9 maj 2026 kl. 23.00 (övningstid)"``."""
    parts = []
    if exercise and entry.follow_up_scenario_at is not None:
        parts.append(label_clock(format_time_sv(entry.follow_up_scenario_at), scenario=True))
    if entry.follow_up_at is not None:
        text = format_time_sv(entry.follow_up_at)
        parts.append(label_clock(text, scenario=False) if exercise else text)
    return "; ".join(parts)


def done_cell(entry: LogEntryView, exercise: bool, now: datetime | None = None,
              scenario_now: datetime | None = None) -> str:
    """When and by whom an action was marked done, for a table cell: ``"14.20 av Per Ek (Umeå kommun)"``
    (Swedish time relative to ``now`` [UTC], with the date when not given); in an exercise the wall clock
    is labelled and the scenario's clock added where kept: ``"14.20 (verklig tid; övningstid 9 maj 23.10)
    av …"``. Empty while the action is open."""
    if entry.done_at is None:
        return ""
    real = format_local_time(entry.done_at, now)
    if exercise:
        scenario = entry.done_scenario_at
        real = label_both_clocks(real, format_local_time(scenario, scenario_now) if scenario is not None else None)
    return f"{real} av {entry.done_by}"


def _has_follow_up(entry: LogEntryView, exercise: bool) -> bool:
    return entry.follow_up_at is not None or (exercise and entry.follow_up_scenario_at is not None)


def _scenario_cell(moment: datetime | None) -> str:
    return format_short_time(moment) if moment is not None else "–"


def _snapshot_sections(snapshot: SituationSnapshot, heading: str, rivers: Sequence[str]) -> list[Section]:
    exercise = snapshot.origin is DataOrigin.EXERCISE
    data_time = ""
    if snapshot.data_time is not None:  # an exercise's data are at the scenario's clock
        data_time = f", datans tid {format_time_sv(snapshot.data_time)}" + (" (övningstid)" if exercise else "")
    taken = label_clock(format_time_sv(snapshot.taken_at), scenario=False) if exercise else format_time_sv(
        snapshot.taken_at)
    intro = [f"Fryst {taken}. Data: {ORIGIN_SV[snapshot.origin]}{data_time}."]
    if snapshot.note:
        intro.append(_p(snapshot.note))
    sections = [Section(heading, paragraphs=tuple(intro))]
    for river in rivers:
        data = snapshot.river(river)
        if data is None:
            sections.append(Section(river, paragraphs=("Ingen lägesbild för älven i ögonblicksbilden.",), level=3))
            continue
        line = summarise_river(data)
        paragraphs = [f"Läge: {line.status_symbol} {line.status_label}."]
        if line.sentence:
            paragraphs.append(_p(line.sentence))
        bullets = tuple(_p(f"Varning: {w}") for w in line.warnings) or ("Inga varningar i kraft.",)
        rows = tuple(
            (
                _p(s.name),
                format_flow_m3s(s.discharge_m3s) if s.discharge_m3s is not None else "–",
                format_short_time(s.time_utc) if s.time_utc is not None else "–",
                f"{s.status_symbol} {s.status_label}",
                f"{s.trend_symbol} {s.trend_label}".strip() or "–",
            )
            for s in line.stations
        )
        sections.append(
            Section(river, paragraphs=tuple(paragraphs), bullets=bullets,
                    table=Table(STATION_COLUMNS, rows) if rows else None, level=3)
        )
    return sections


#: Columns of the meeting log as the Möte page shows it.
LOG_TABLE_COLUMNS = ["Tid", "Typ", "Text", "Ansvarig", "Uppföljning", "Klar", "Aktör", "Av"]
#: In an exercise both clocks, as in the minutes: when it was written, and the scenario's time then; and
#: first an "ÖVNING" column marking every row, so a copy or the table's own CSV download is marked too.
EXERCISE_LOG_TABLE_COLUMNS = ["ÖVNING", "Verklig tid", "Övningstid", "Typ", "Text", "Ansvarig",
                              "Uppföljning", "Klar", "Aktör", "Av"]


def log_table(meeting: MeetingView, now: datetime | None, scenario_now: datetime | None = None) -> pd.DataFrame:
    """The meeting's log, one row per entry (oldest first), times in Swedish time relative to ``now`` [UTC]
    (``None``: every time with its date).

    In an exercise meeting every row starts with "ÖVNING", the time is "Verklig tid" and an "Övningstid" column beside it holds the
    scenario's clock when the entry was written (relative to ``scenario_now`` [UTC], the scenario clock
    now; with the date when it is not given; "–" where it is not known). A follow-up says which clock it
    is on (:func:`follow_up_cell`). Texts are the users' own, unescaped: show the frame as a table, never as Markdown.
    """
    exercise = meeting.is_exercise
    columns = EXERCISE_LOG_TABLE_COLUMNS if exercise else LOG_TABLE_COLUMNS
    rows = []
    for e in meeting.entries:
        clocks = [format_local_time(e.created_at, now)]
        if exercise:
            clocks.insert(0, EXERCISE_MARK)
            clocks.append(format_local_time(e.scenario_at, scenario_now) if e.scenario_at is not None else "–")
        values = [*clocks, ENTRY_KINDS[e.kind], e.text, e.responsible,
                  follow_up_cell(e, exercise, now, scenario_now), done_cell(e, exercise, now, scenario_now),
                  e.actor, e.author]
        rows.append(dict(zip(columns, values, strict=True)))
    return pd.DataFrame(rows, columns=columns)


def meeting_log_csv(meeting: MeetingView, *, generated_at: datetime, group_name: str = GROUP_NAME) -> bytes:
    """The meeting's log (:func:`log_table`, every time with its date) as a CSV file for a spreadsheet.

    Written by :func:`language.spreadsheet.spreadsheet_csv`: a typed entry such as ``=HYPERLINK(…)``
    stays text. The lines above the table are our own words (group, meeting number, when exported
    [``generated_at``, UTC, shown in Swedish time]); an exercise's file starts with the ÖVNING marking
    and every row carries it.
    """
    header = [f"{group_name}: logg för möte nr {meeting.id}, exporterad {format_when(generated_at, generated_at)} "
              "svensk tid"]
    if meeting.is_exercise:
        header.insert(0, f"{EXERCISE_MARK} — {EXERCISE_MARK} — {EXERCISE_MARK}: övningsmöte, inte verkliga händelser")
    return spreadsheet_csv(log_table(meeting, None), header)


def build_meeting_minutes(
    meeting: MeetingView, *, generated_at: datetime, group_name: str = GROUP_NAME
) -> MinutesDocument:
    """The minutes of one meeting (see the module docstring). ``generated_at`` [UTC]."""
    exercise = meeting.is_exercise
    real = (lambda moment: label_clock(format_time_sv(moment), scenario=False)) if exercise else format_time_sv
    about = [
        f"Älvar: {', '.join(meeting.rivers)}.",
        f"Startat {_both_clocks(meeting.started_at, meeting.scenario_started_at, exercise)} "
        f"av {_p(meeting.started_by)}.",
        f"Avslutat {real(meeting.ended_at)}." if meeting.ended_at else "Mötet pågår (inte avslutat).",
    ]
    if meeting.is_exercise:
        about.append(f"Övning. {exercise_source_line(meeting.scenario)}")
    sections = [Section("Mötet", paragraphs=tuple(about))]
    if meeting.first_snapshot is not None:
        sections += _snapshot_sections(meeting.first_snapshot, "Lägesbild vid mötets start", meeting.rivers)
    if len(meeting.snapshots) > 1:
        later = tuple(f"Ny lägesbild fryst {real(s.taken_at)}." for s in meeting.snapshots[1:])
        sections.append(Section("Lägesbilder under mötet", bullets=later))

    log_rows = tuple(
        (
            format_short_time(e.created_at),
            *((_scenario_cell(e.scenario_at),) if exercise else ()),
            ENTRY_KINDS[e.kind],
            _p(e.text + (f" [{e.actor}]" if e.actor and e.kind != "informerad" else "")),
            _p(e.responsible) or "–",
            follow_up_cell(e, exercise) or "–",
            _p(e.author),
        )
        for e in meeting.entries
    )
    sections.append(
        Section("Logg", table=Table(EXERCISE_LOG_COLUMNS if exercise else LOG_COLUMNS, log_rows)) if log_rows
        else Section("Logg", paragraphs=("Inga poster i loggen.",))
    )
    follow_ups = meeting.to_follow_up()
    if follow_ups:
        sections.append(
            Section(
                "Att följa upp",
                bullets=tuple(
                    _p(f"{_follow_up_sv(e, exercise)}: {e.text}"
                       + (f" (ansvarig: {e.responsible})" if e.responsible else ""))
                    for e in follow_ups
                ),
            )
        )
    done = meeting.done_actions()
    if done:
        sections.append(Section("Klara åtgärder", bullets=tuple(
            _p(f"{e.text} – klar {done_cell(e, exercise)}") for e in done)))
    informed = meeting.informed_actors()
    sections.append(
        Section(
            "Informerade aktörer",
            bullets=tuple(
                _p(f"{actor}: informerad {_both_clocks(e.created_at, e.scenario_at, exercise)} (markerat av {e.author})")
                for actor, e in sorted(informed.items(), key=lambda item: item[1].created_at)
            ) or ("Ingen aktör markerad som informerad.",),
        )
    )
    return MinutesDocument(
        title=_p(f"Minnesanteckningar: {meeting.title}"),
        subtitle=f"{group_name} — {', '.join(meeting.rivers)}",
        is_exercise=meeting.is_exercise,
        sections=tuple(sections),
        footer_line=f"Skapat {real(generated_at)} i Älvläget (möte nr {meeting.id}). "
                    f"{TIMES_EXERCISE if exercise else TIMES_REAL}",
    )


def build_after_action_report(
    meetings: Sequence[MeetingView],
    released: Sequence[ReleasedText],
    *,
    rivers: Sequence[str],
    is_exercise: bool,
    generated_at: datetime,
    group_name: str = GROUP_NAME,
) -> MinutesDocument:
    """One timeline for an event: meetings, frozen situations, log entries and released texts.

    Only meetings and texts of the given mode (exercise or real) and rivers are included: an
    after-action report never mixes ÖVNING with real events.
    """
    wanted = set(rivers)
    meetings = [m for m in meetings if m.is_exercise == is_exercise and wanted & set(m.rivers)]
    released = [t for t in released if t.is_exercise == is_exercise and t.river in wanted]
    # (real time, order, scenario time or None, what, detail)
    events: list[tuple[datetime, int, datetime | None, str, str]] = []
    for m in meetings:
        events.append((m.started_at, 0, m.scenario_started_at, "Möte startat",
                       _p(f"{m.title} (möte nr {m.id}, {m.started_by})")))
        for snapshot in m.snapshots:
            lines = []
            for river in m.rivers:
                data = snapshot.river(river)
                if data is not None:
                    line = summarise_river(data)
                    lines.append(f"{river}: {line.status_symbol} {line.status_label}")
            # An exercise snapshot's data time is the scenario's clock when it was frozen.
            events.append((snapshot.taken_at, 1, snapshot.data_time if is_exercise else None, "Lägesbild fryst",
                           _p("; ".join(lines) or "–")))
        for e in m.entries:
            detail = e.text + (f" (ansvarig: {e.responsible})" if e.responsible else "")
            if _has_follow_up(e, is_exercise):
                detail += f" Uppföljning: {_follow_up_sv(e, is_exercise)}."
            events.append((e.created_at, 2, e.scenario_at, ENTRY_KINDS[e.kind], _p(detail)))
        if m.ended_at is not None:
            events.append((m.ended_at, 3, None, "Möte avslutat", _p(m.title)))
    for t in released:
        events.append((t.released_at, 2, None, "Text utgiven", _p(f"{t.title} ({t.river}): {t.headline}")))
    events.sort(key=lambda item: (item[0], item[1]))
    rows = tuple(
        (format_short_time(when), *((_scenario_cell(scenario),) if is_exercise else ()), what, detail)
        for when, _order, scenario, what, detail in events
    )
    real = (lambda moment: label_clock(format_time_sv(moment), scenario=False)) if is_exercise else format_time_sv
    period = (
        f"Period: {real(events[0][0])} – {real(events[-1][0])}."
        if events else "Inga händelser registrerade."
    )
    # An exercise's figures come from its scenarios (each meeting records the one it ran).
    sources = tuple(exercise_source_line(s) for s in dict.fromkeys(m.scenario for m in meetings)) or (
        exercise_source_line(None),)
    summary = Section(
        "Översikt",
        paragraphs=(
            f"Älvar: {', '.join(rivers)}.",
            period,
            f"{plural(len(meetings), 'möte', 'möten')}, "
            f"{plural(sum(len(m.entries) for m in meetings), 'loggpost', 'loggposter')}, "
            f"{plural(len(released), 'utgiven text', 'utgivna texter')}.",
            *(sources if is_exercise else ()),
        ),
    )
    columns = EXERCISE_TIMELINE_COLUMNS if is_exercise else TIMELINE_COLUMNS
    sections = [summary, Section("Tidslinje", table=Table(columns, rows)) if rows
                else Section("Tidslinje", paragraphs=("Inga händelser.",))]
    return MinutesDocument(
        title=f"Efterhandsrapport: {', '.join(rivers)}",
        subtitle=group_name,
        is_exercise=is_exercise,
        sections=tuple(sections),
        footer_line=f"Skapat {real(generated_at)} i Älvläget. {TIMES_EXERCISE if is_exercise else TIMES_REAL}",
    )


# --- writers ------------------------------------------------------------------------------------

def render_minutes_docx(doc: MinutesDocument) -> bytes:
    """The document as a Word file (bytes). ÖVNING first, last, and in header and footer."""
    document = Document()
    set_page_header_footer(
        document,
        header=marked_line(doc.subtitle, doc.exercise_marking),
        footer=marked_line(doc.footer_line, doc.exercise_marking),
    )
    document.core_properties.title = marked_title(doc.title, doc.is_exercise)
    add_exercise_paragraph(document, doc.exercise_marking)
    document.add_heading(doc.title, level=1)
    document.add_paragraph(doc.subtitle)
    for part in doc.sections:
        document.add_heading(part.heading, level=part.level)
        for text in part.paragraphs:
            document.add_paragraph(text)
        for text in part.bullets:
            document.add_paragraph(text, style="List Bullet")
        if part.table is not None:
            table = document.add_table(rows=1, cols=len(part.table.columns))
            table.style = "Table Grid"
            for cell, name in zip(table.rows[0].cells, part.table.columns, strict=True):
                cell.text = name
                cell.paragraphs[0].runs[0].bold = True
            for row in part.table.rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
    document.add_paragraph(doc.footer_line)
    add_exercise_paragraph(document, doc.exercise_marking)
    return docx_bytes(document)


#: Relative column widths of the known tables (the text column gets the room).
_COL_WIDTHS: dict[tuple[str, ...], tuple[int, ...]] = {
    LOG_COLUMNS: (14, 14, 40, 14, 14, 14),
    EXERCISE_LOG_COLUMNS: (12, 12, 11, 33, 11, 11, 10),
    STATION_COLUMNS: (26, 14, 14, 26, 20),
    TIMELINE_COLUMNS: (14, 20, 66),
    EXERCISE_TIMELINE_COLUMNS: (13, 13, 18, 56),
}


def render_minutes_pdf(doc: MinutesDocument) -> bytes:
    """The document as a PDF (bytes). Raises :class:`PdfFontMissingError` without DejaVu Sans."""
    pdf = MarkedPdf(
        title=doc.title,
        author="Älvläget",
        header_line=doc.subtitle,
        exercise_marking=doc.exercise_marking,
        header_size=8,
        header_gap=2,
        bold_footer_marking=True,
        paragraph_gap=1,
    )
    pdf.exercise_heading()
    pdf.heading(doc.title, 16)
    pdf.paragraph(doc.subtitle, 9)
    for part in doc.sections:
        pdf.heading(part.heading, 13 if part.level <= 2 else 11)
        for text in part.paragraphs:
            pdf.paragraph(text)
        for text in part.bullets:
            pdf.paragraph(f"• {text}", 9)
        if part.table is not None:
            pdf.set_font(FONT, "", 8)
            widths = _COL_WIDTHS.get(part.table.columns)
            with pdf.table(col_widths=widths, headings_style=FontFace(emphasis="BOLD"),
                           line_height=4.5) as table:
                table.row(part.table.columns)
                for values in part.table.rows:
                    table.row(values)
            pdf.ln(2)
    pdf.paragraph(doc.footer_line, 8)
    pdf.missing_glyphs_note()
    pdf.exercise_heading()
    return bytes(pdf.output())
