"""One export model for every output format (plain text, DOCX, PDF).

:func:`build_export_document` turns a stored draft into an :class:`ExportDocument`: the
group's header, the ÖVNING marking in exercise mode, the text in Swedish and English, the
figures' sources and times, the approvals, the version and its SHA-256 hash. An exercise
message's sources start with the scenario it was drafted from. The format
writers only lay it out, so all formats say the same thing and the content is tested once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geodata.arrival import peak_assumption_sv
from hydrology.formatting import format_flow_m3s
from messages.drafting import format_time_sv
from messages.facts import EventFact, FactsError, facts_from_dict
from messages.integrity import ensure_intact
from messages.repository import MESSAGE_KINDS, DraftView, VersionView
from settings import GROUP_NAME
from sources.exercise.scenarios import scenario_source_sv

#: The line printed at the top and bottom of every exercise export.
EXERCISE_MARKING = "ÖVNING – ÖVNING – ÖVNING"

GROUP_HEADER = "{group} — {river}"


def group_header(river: str, group_name: str = GROUP_NAME) -> str:
    """``"Samordningsgruppen för information vid höga flöden — Umeälven"``: the sender of every export."""
    return make_printable(GROUP_HEADER.format(group=group_name, river=river))

MSG_TYPE_LABELS_SV = {"Alert": "", "Update": "Uppdatering", "Cancel": "Upphävande"}

# C0/C1 control characters other than tab and newline: XML (DOCX, CAP) cannot carry them and a
# PDF would print nothing. They are shown as visible escapes; the database keeps them exactly.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def make_printable(text: str) -> str:
    """Replace control characters by visible escapes (``"\\x01"`` → ``"\\u0001"``), CRLF by LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class TextPart:
    """The message in one language."""

    language: str  # "sv" or "en"
    heading: str  # section heading, e.g. "In English"
    headline: str
    body: str
    instruction: str


@dataclass(frozen=True)
class ExportDocument:
    """Everything an export shows, already in words (Swedish labels, Europe/Stockholm times)."""

    title: str  # e.g. "Gemensamt pressmeddelande – Uppdatering"
    group_header: str
    is_exercise: bool
    status_line: str
    reference_line: str  # empty unless an Update/Cancel
    parts: tuple[TextPart, ...]
    sources: tuple[str, ...]
    approvals: tuple[str, ...]
    version_line: str

    @property
    def exercise_marking(self) -> str:
        return EXERCISE_MARKING if self.is_exercise else ""


def _status_line(draft: DraftView, version: VersionView) -> str:
    if version.number != draft.current_version_no:
        return f"Äldre version {version.number} (senaste är version {draft.current_version_no})."
    if draft.status == "released" and draft.released_at is not None:
        return (
            f"Utgivet {format_time_sv(draft.released_at)} av {draft.released_by}, "
            "efter godkännande av alla aktörer."
        )
    if draft.status == "locked" and draft.locked_at is not None:
        return f"Godkänt av alla aktörer och låst {format_time_sv(draft.locked_at)}. Ännu inte utgivet."
    return "UTKAST – inte godkänt av alla aktörer. Får inte spridas."


def exercise_source_line(scenario: str | None) -> str:
    """The first source line of every export of an exercise message: the scenario, by name."""
    return f"Källa för alla siffror: {scenario_source_sv(scenario)}."


def _source_lines(facts_data: dict, is_exercise: bool) -> tuple[str, ...]:
    try:
        facts = facts_from_dict(facts_data)
    except FactsError:
        missing = "Uppgifter om siffrornas källor saknas för den här versionen."
        return (exercise_source_line(None), missing) if is_exercise else (missing,)
    lines = [exercise_source_line(facts.scenario)] if is_exercise else []
    lines.append(f"Sammanställt {format_time_sv(facts.compiled_at_utc)}.")
    for s in facts.stations:
        station = f" (station {s.station_id})" if s.station_id else ""
        lines.append(
            f"{s.name}{station}: {format_flow_m3s(s.discharge_m3s)}, uppmätt "
            f"{format_time_sv(s.time_utc)}, källa: {s.source}."
        )
    for w in facts.warnings:
        lines.append(
            f"{w.level_sv} – {w.event_sv}, {w.area}: gäller från {format_time_sv(w.valid_from_utc)}, "
            f"källa: {w.source}."
        )
    if facts.warnings_checked_at_utc is not None:
        lines.append(
            f"Varningar kontrollerade {format_time_sv(facts.warnings_checked_at_utc)}, "
            f"källa: {facts.warnings_source}."
        )
    else:
        lines.append("Varningarna kunde inte kontrolleras.")
    for d in facts.dams:
        lines.append(f"{d.name} ({d.owner}): uppgift {format_time_sv(d.time_utc)}, källa: {d.source}.")
    if facts.kommuner:
        codes = ", ".join(f"{k.name} ({k.code})" for k in facts.kommuner)
        lines.append(f"Berörda kommuner med SCB:s kommunkod: {codes}.")
    if facts.event is not None:
        lines.extend(_event_lines(facts.event))
    return tuple(make_printable(line) for line in lines)


def _event_lines(event: EventFact) -> list[str]:
    """The event and what its arrival times rest on: one line per source, naming its places."""
    lines = [f"{event.kind_sv} – {event.place_sv} ({event.river}), {format_time_sv(event.started_at_utc)}: "
             "ankomsttiderna är räknade från den tidpunkten."]
    by_source: dict[tuple[str, str], list[str]] = {}
    for arrival in event.arrivals:
        by_source.setdefault((arrival.label, arrival.source), []).append(f"{arrival.place} ({arrival.place_type_sv})")
    for (label, source), places in by_source.items():
        basis = f": {source.rstrip('.')}." if source else "."
        lines.append(f"{label[:1].upper()}{label[1:]} för {', '.join(places)}{basis}")
    peak = peak_assumption_sv(sum(a.peak_assumed for a in event.arrivals), len(event.arrivals))
    if peak:
        lines.append(peak)
    return lines


def _approval_lines(draft: DraftView, version: VersionView) -> tuple[str, ...]:
    by_actor = {a.actor_id: a for a in version.approvals}
    lines = []
    for actor in draft.required_actors:
        approval = by_actor.get(actor.id)
        if approval is None:
            lines.append(f"{actor.name}: inte godkänt ännu.")
        else:
            lines.append(
                f"{actor.name}: godkänt av {approval.person} {format_time_sv(approval.approved_at)}."
            )
    return tuple(make_printable(line) for line in lines)


def build_export_document(
    draft: DraftView, version_no: int | None = None, *, group_name: str = GROUP_NAME
) -> ExportDocument:
    """The export model of one version of ``draft`` (default: the current version), sent by ``group_name``."""
    ensure_intact(draft)
    version = draft.current if version_no is None else draft.version(version_no)
    kind_label = MESSAGE_KINDS[draft.kind]
    type_label = MSG_TYPE_LABELS_SV[draft.msg_type]
    title = f"{kind_label} – {type_label}" if type_label else kind_label
    reference_line = ""
    if draft.references is not None:
        verb = "Upphäver" if draft.msg_type == "Cancel" else "Uppdaterar"
        reference_line = (
            f"{verb} meddelandet utgivet {format_time_sv(draft.references.released_at)} "
            f"({draft.references.cap_identifier})."
        )
    text = version.text
    parts = [
        TextPart(
            "sv",
            "På svenska",
            make_printable(text.headline_sv),
            make_printable(text.body_sv),
            make_printable(text.instruction_sv),
        )
    ]
    if text.headline_en or text.body_en or text.instruction_en:
        parts.append(
            TextPart(
                "en",
                "In English",
                make_printable(text.headline_en),
                make_printable(text.body_en),
                make_printable(text.instruction_en),
            )
        )
    return ExportDocument(
        title=title,
        group_header=group_header(draft.river, group_name),
        is_exercise=draft.is_exercise,
        status_line=make_printable(_status_line(draft, version)),
        reference_line=reference_line,
        parts=tuple(parts),
        sources=_source_lines(version.facts, draft.is_exercise),
        approvals=_approval_lines(draft, version),
        version_line=(
            f"Utkast nr {draft.id}, version {version.number}, sparad "
            f"{format_time_sv(version.created_at)} av {make_printable(version.created_by)}. "
            f"SHA-256: {version.content_hash}"
        ),
    )
