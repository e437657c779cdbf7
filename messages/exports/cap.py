"""CAP 1.2 (OASIS Common Alerting Protocol) XML for a coordinated message.

One ``alert`` with one ``info`` per language (sv-SE, en-GB); the area lists the kommuner
concerned as ``geocode`` with ``valueName`` "SCB-kommunkod" and the 4-digit code.

Choices, with reasons:

- ``status``: ``Exercise`` for exercise drafts, always, and ``source`` names the exercise scenario
  the figures come from (``Övningsscenariot ”Vårflod i alla tre älvarna” (varflod) i Älvläget – …``). A real draft that is not yet released
  is ``Draft`` (CAP: "a preliminary template or draft, not actionable"); released: ``Actual``.
- ``sent``: the release time in Europe/Stockholm with its offset and no fractional seconds,
  e.g. ``2026-11-26T14:05:00+01:00``. CAP 1.2 forbids "Z" and the schema's pattern has no
  fractions.
- ``references``: ``sender,identifier,sent`` of the released message an Update/Cancel refers to.
- ``severity`` from the worst SMHI warning cited, as in the MeteoAlarm/MetCoOp CAP profiles
  SMHI publishes under: yellow → Moderate, orange → Severe, red → Extreme; no warning → Minor.
  ``certainty`` Likely with a warning (a forecast), else Observed (measured flows);
  ``urgency`` Expected, or Past for a cancellation.
- A dam-failure text (:data:`messages.repository.DAM_FAILURE_KINDS`) about a declared failure:
  ``event`` "Dammbrott" / "Dam failure", categories ``Safety`` and ``Infra``, ``urgency``
  Immediate (people must act now), ``severity`` Extreme (danger to life), ``certainty`` Observed
  (the dam has failed); the area is the kommuner from the dam to the sea (the event's own list),
  not every kommun along the river.
- Text that XML cannot carry (control characters) is written as visible escapes
  (:func:`messages.exports.document.make_printable`); the database keeps it exactly.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from messages.exports.document import EXERCISE_MARKING, group_header, make_printable
from messages.facts import DraftFacts, EventFact, FactsError, KommunFact, facts_from_dict
from messages.integrity import ensure_intact
from messages.repository import DAM_FAILURE_KINDS, DEFAULT_CAP_SENDER, DraftView
from settings import GROUP_NAME
from sources.exercise.scenarios import scenario_source_sv

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
GEOCODE_VALUE_NAME = "SCB-kommunkod"

SEVERITY_BY_WARNING = {"yellow": "Moderate", "orange": "Severe", "red": "Extreme"}
_SEVERITY_ORDER = ("Minor", "Moderate", "Severe", "Extreme")

EVENTS = {"sv": "Höga flöden", "en": "High flows"}
AREA_DESC = {"sv": "Kommuner längs {river}", "en": "Municipalities along the {river} river"}
DAM_FAILURE_EVENTS = {"sv": "Dammbrott", "en": "Dam failure"}


def _join(names: list[str], last: str) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"


def _dam_failure_area(event: EventFact, language: str) -> str:
    """``"Ångermanälven nedströms Hällbydammen: Sollefteå, Kramfors och Härnösand kommuner"``."""
    names = [k.name for k in event.kommuner]
    if language == "sv":
        area = f"{event.river} nedströms {event.place_sv}"
        return f"{area}: {_join(names, 'och')} {'kommun' if len(names) == 1 else 'kommuner'}" if names else area
    area = f"The {event.river} river below {event.place_sv}"
    return f"{area}: {_join(names, 'and')} {'municipality' if len(names) == 1 else 'municipalities'}" if names else area


def format_cap_time(moment: datetime) -> str:
    """``2026-11-26 13:05:00.7 UTC`` → ``"2026-11-26T14:05:00+01:00"`` (Stockholm, whole seconds)."""
    if moment.tzinfo is None:
        raise ValueError("CAP times need a tz-aware datetime")
    local = moment.astimezone(STOCKHOLM).replace(microsecond=0)
    return local.isoformat(timespec="seconds")


def _severity(facts: DraftFacts | None) -> str:
    if facts is None or not facts.warnings:
        return "Minor"
    return max((SEVERITY_BY_WARNING[w.level] for w in facts.warnings), key=_SEVERITY_ORDER.index)


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CAP_NAMESPACE}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _mark(text: str, is_exercise: bool) -> str:
    text = make_printable(text)
    return f"{EXERCISE_MARKING}\n\n{text}\n\n{EXERCISE_MARKING}" if is_exercise else text


def build_cap_alert(
    draft: DraftView, *, sender: str = DEFAULT_CAP_SENDER, now: datetime | None = None, group_name: str = GROUP_NAME
) -> bytes:
    """CAP 1.2 XML (UTF-8 bytes with declaration) for the current version of ``draft``.

    For a draft not yet released, the identifier is provisional (``…:utkast-<id>-v<version>``)
    and ``sent`` is ``now`` (default: the current time).
    """
    ensure_intact(draft)
    version = draft.current
    try:
        facts: DraftFacts | None = facts_from_dict(version.facts)
    except FactsError:
        facts = None
    if draft.status == "released" and draft.cap_identifier and draft.released_at:
        identifier, sent = draft.cap_identifier, draft.released_at
        status = "Exercise" if draft.is_exercise else "Actual"
    else:
        identifier = f"{sender}:utkast-{draft.id}-v{version.number}"
        sent = (now or datetime.now(UTC)).replace(microsecond=0)
        status = "Exercise" if draft.is_exercise else "Draft"

    ET.register_namespace("", CAP_NAMESPACE)
    alert = ET.Element(f"{{{CAP_NAMESPACE}}}alert")
    _sub(alert, "identifier", identifier)
    _sub(alert, "sender", sender)
    _sub(alert, "sent", format_cap_time(sent))
    _sub(alert, "status", status)
    _sub(alert, "msgType", draft.msg_type)
    if draft.is_exercise:
        source = scenario_source_sv(facts.scenario if facts is not None else None)
        _sub(alert, "source", make_printable(source[:1].upper() + source[1:]))
    _sub(alert, "scope", "Public")
    notes = [f"{EXERCISE_MARKING}. Övningsmeddelande, inte verkliga flöden."] if draft.is_exercise else []
    approvals = {a.actor_id: a for a in version.approvals}
    approved = [f"{actor.name} ({approvals[actor.id].person})" for actor in draft.required_actors
                if actor.id in approvals]
    if approved:
        notes.append("Godkänt av: " + ", ".join(approved) + ".")
    if notes:
        _sub(alert, "note", make_printable(" ".join(notes)))
    if draft.references is not None:
        ref = draft.references
        _sub(alert, "references", f"{sender},{ref.cap_identifier},{format_cap_time(ref.released_at)}")

    text = version.text
    texts = {
        "sv": (text.headline_sv, text.body_sv, text.instruction_sv),
        "en": (text.headline_en, text.body_en, text.instruction_en),
    }
    event = facts.event if facts is not None and draft.kind in DAM_FAILURE_KINDS else None
    for language, cap_language in (("sv", "sv-SE"), ("en", "en-GB")):
        headline, body, instruction = texts[language]
        if language == "en" and not (headline or body):
            continue
        info = _sub(alert, "info")
        _sub(info, "language", cap_language)
        for category in ("Met", "Safety") if event is None else ("Safety", "Infra"):
            _sub(info, "category", category)
        _sub(info, "event", EVENTS[language] if event is None else DAM_FAILURE_EVENTS[language])
        urgency = "Expected" if event is None else "Immediate"
        _sub(info, "urgency", "Past" if draft.msg_type == "Cancel" else urgency)
        _sub(info, "severity", _severity(facts) if event is None else "Extreme")
        _sub(info, "certainty", "Likely" if event is None and facts is not None and facts.warnings else "Observed")
        _sub(info, "senderName", group_header(draft.river, group_name))
        prefix = "ÖVNING: " if draft.is_exercise else ""
        _sub(info, "headline", prefix + make_printable(headline))
        _sub(info, "description", _mark(body, draft.is_exercise))
        if instruction:
            _sub(info, "instruction", make_printable(instruction))
        parameter = _sub(info, "parameter")
        _sub(parameter, "valueName", "SHA-256")
        _sub(parameter, "value", version.content_hash)
        area = _sub(info, "area")
        kommuner: tuple[KommunFact, ...] = facts.kommuner if facts is not None else ()
        if event is not None:
            kommuner = event.kommuner
            area_desc = _dam_failure_area(event, language)
        else:
            area_desc = AREA_DESC[language].format(river=draft.river)
            if kommuner:
                area_desc += ": " + ", ".join(k.name for k in kommuner)
        _sub(area, "areaDesc", make_printable(area_desc))
        for kommun in kommuner:
            geocode = _sub(area, "geocode")
            _sub(geocode, "valueName", GEOCODE_VALUE_NAME)
            _sub(geocode, "value", kommun.code)
    ET.indent(alert)
    return ET.tostring(alert, encoding="utf-8", xml_declaration=True)
