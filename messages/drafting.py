"""Drafting coordinated messages from the current figures, and noticing when figures go stale.

Three kinds of message (:data:`messages.repository.MESSAGE_KINDS`), each from a Jinja2
template per language in ``messages/templates/<kind>.<sv|en>.j2`` with three blocks:
``headline``, ``body`` and ``instruction`` (CAP's headline/description/instruction).

Templates are plain text (no autoescaping: nothing here is ever rendered as HTML) and may only
print what is in :class:`messages.facts.DraftFacts`, so every figure in a draft has a time
and a source and none is invented. Times are printed in Europe/Stockholm.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from events import timetext
from geodata.arrival import PEAK_LAG_H
from hydrology.formatting import format_flow_m3s, format_percent
from language.sv import format_date_time
from messages.approvers import vma_requester_sv
from messages.facts import DraftFacts, facts_to_dict
from messages.plain_language import (
    area_en,
    event_en,
    next_update,
    public_phrase,
    public_stations,
    return_period_note,
    source_en,
    trend_word_en,
    trend_word_sv,
)
from messages.repository import DraftView
from messages.versions import MessageText

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
LANGUAGES = ("sv", "en")
BLOCKS = ("headline", "body", "instruction")

#: A flow that changed by more than this share since drafting makes the figure stale.
FLOW_CHANGE_LIMIT = 0.10

_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def format_time_sv(moment: datetime) -> str:
    """``2026-11-26 13:05 UTC`` → ``"26 november 2026 kl. 14.05"`` (Swedish time)."""
    return format_date_time(moment)


def format_time_en(moment: datetime) -> str:
    """``2026-11-26 13:05 UTC`` → ``"26 November 2026, 14:05 Swedish time"``."""
    local = moment.astimezone(STOCKHOLM)
    return f"{local.day} {_MONTHS_EN[local.month - 1]} {local.year}, {local:%H:%M} Swedish time"


def format_flow_en(value: float) -> str:
    """A discharge in English style: ``1150.4`` → ``"1,150 m³/s"``, ``4.56`` → ``"4.6 m³/s"``."""
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r} as a flow")
    decimals = 0 if abs(value) >= 10 else 1
    factor = 10**decimals
    rounded = math.copysign(math.floor(abs(value) * factor + 0.5) / factor, value)
    return f"{rounded:,.{decimals}f} m³/s"


def join_sv(items: Any) -> str:
    """``["A", "B", "C"]`` → ``"A, B och C"``; empty → ``"samordningsgruppen"``."""
    names = [str(i) for i in items]
    if not names:
        return "Samordningsgruppen"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} och {names[-1]}"


def join_en(items: Any) -> str:
    """``["A", "B", "C"]`` → ``"A, B and C"``; empty → ``"The coordination group"``."""
    names = [str(i) for i in items]
    if not names:
        return "The coordination group"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def clock_range_sv(start: datetime, end: datetime) -> str:
    """``"10 maj kl. 01.40–09.35"`` (Swedish time, Språkrådet's "kl. 06.15")."""
    return timetext.clock_range_sv(start, end)


def clock_range_en(start: datetime, end: datetime) -> str:
    """``"10 May, 01:40–09:35"`` (Swedish time), or across midnight ``"9 May, 23:10 – 10 May, 01:20"``."""
    first, last = start.astimezone(STOCKHOLM), end.astimezone(STOCKHOLM)
    day_first = f"{first.day} {_MONTHS_EN[first.month - 1]}"
    if first.date() == last.date():
        return f"{day_first}, {first:%H:%M}" + ("" if f"{first:%H%M}" == f"{last:%H%M}" else f"–{last:%H:%M}")
    return f"{day_first}, {first:%H:%M} – {last.day} {_MONTHS_EN[last.month - 1]}, {last:%H:%M}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=False,  # plain text for press, WIS and e-mail; never rendered as HTML
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters.update(
        flow_sv=format_flow_m3s,
        flow_en=format_flow_en,
        time_sv=format_time_sv,
        time_en=format_time_en,
        join_sv=join_sv,
        join_en=join_en,
        clock_range_sv=clock_range_sv,
        clock_range_en=clock_range_en,
        public_stations=public_stations,
        public_phrase=public_phrase,
        return_period_note=return_period_note,
        trend_word_sv=trend_word_sv,
        trend_word_en=trend_word_en,
        next_update=next_update,
        source_en=source_en,
        area_en=area_en,
        event_en=event_en,
        hours_sv=lambda hours: f"{hours:g}".replace(".", ","),
        hours_en=lambda hours: f"{hours:g}",
    )
    # The assumed time from the front to the peak where no owner gives one [h] (see geodata.arrival).
    env.globals["peak_lag_h"] = PEAK_LAG_H
    # Who asks SOS Alarm for a VMA (the räddningsledare's organisation; see messages.approvers).
    env.globals["vma_requester"] = vma_requester_sv
    return env


_ENV = _environment()


def render_block(kind: str, language: str, block: str, facts: DraftFacts) -> str:
    """Render one block (``headline``, ``body`` or ``instruction``) of one template."""
    if language not in LANGUAGES or block not in BLOCKS:
        raise ValueError(f"unknown language/block {language!r}/{block!r}")
    try:
        template = _ENV.get_template(f"{kind}.{language}.j2")
    except jinja2.TemplateNotFound as exc:
        raise ValueError(f"no template for message kind {kind!r}") from exc
    # Rendering the whole template first runs its top-level import, which the blocks use.
    context = template.new_context({"facts": facts})
    list(template.root_render_func(context))
    return "".join(template.blocks[block](context)).strip()


def draft_text(kind: str, facts: DraftFacts) -> MessageText:
    """A new draft of ``kind`` pre-filled from ``facts``, in Swedish and English."""
    values = {
        f"{block}_{language}": render_block(kind, language, block, facts)
        for language in LANGUAGES
        for block in BLOCKS
    }
    return MessageText(**values)


@dataclass(frozen=True)
class FigureWarning:
    """A figure in the draft that no longer matches the current data.

    ``kind``: ``"flow"``, ``"status"``, ``"station_missing"``, ``"warning_added"``,
    ``"warning_removed"`` or ``"rescue_lead"`` (a länsstyrelse took over the rescue service, or handed it
    back); ``message_sv``: the sentence shown to the user.
    """

    kind: str
    message_sv: str


def check_figures_current(draft_facts: DraftFacts, current_facts: DraftFacts) -> list[FigureWarning]:
    """Compare the figures a text was drafted from with the current ones.

    Warns (in Swedish) when a station's flow changed by more than :data:`FLOW_CHANGE_LIMIT`
    (10 %), its status words changed, a station is no longer reported, an SMHI warning was
    added or removed, or the event's rescue lead changed. Returns an empty list when the text's figures
    are still current.
    """
    out: list[FigureWarning] = []
    current_by_name = {s.name: s for s in current_facts.stations}
    for old in draft_facts.stations:
        new = current_by_name.get(old.name)
        if new is None:
            out.append(
                FigureWarning(
                    "station_missing",
                    f"{old.name}: stationen saknas i de aktuella uppgifterna. "
                    "Kontrollera siffran i texten.",
                )
            )
            continue
        if old.discharge_m3s > 0:
            change = (new.discharge_m3s - old.discharge_m3s) / old.discharge_m3s
        else:
            change = math.inf if new.discharge_m3s > 0 else 0.0
        if abs(change) > FLOW_CHANGE_LIMIT:
            direction = "ökat" if change > 0 else "minskat"
            amount = "" if math.isinf(change) else f" med {format_percent(abs(change) * 100)}"
            out.append(
                FigureWarning(
                    "flow",
                    f"{old.name}: texten säger {format_flow_m3s(old.discharge_m3s)} "
                    f"({format_time_sv(old.time_utc)}), nu {format_flow_m3s(new.discharge_m3s)} "
                    f"({format_time_sv(new.time_utc)}). Flödet har {direction}{amount}.",
                )
            )
        if old.status_sv != new.status_sv:
            out.append(
                FigureWarning(
                    "status",
                    f"{old.name}: läget i texten är ”{old.status_sv or 'okänt'}” "
                    f"men är nu ”{new.status_sv or 'okänt'}”.",
                )
            )
    old_lead = draft_facts.event.rescue_taken_over_by if draft_facts.event is not None else None
    new_lead = current_facts.event.rescue_taken_over_by if current_facts.event is not None else None
    if draft_facts.event is not None and current_facts.event is not None and old_lead != new_lead:
        leader = f"{new_lead}, som har tagit över räddningstjänsten" if new_lead else "kommunens räddningstjänst"
        out.append(
            FigureWarning(
                "rescue_lead",
                f"Räddningsledningen har ändrats sedan texten skrevs: nu leder {leader}. "
                "Kontrollera vem texten nämner och vilka som ska godkänna.",
            )
        )
    old_warnings = {w.key: w for w in draft_facts.warnings}
    new_warnings = {w.key: w for w in current_facts.warnings}
    for key, warning in new_warnings.items():
        if key not in old_warnings:
            out.append(
                FigureWarning(
                    "warning_added",
                    f"Ny varning från {warning.source}: {warning.level_sv} – {warning.event_sv}, "
                    f"{warning.area}. Den finns inte med i texten.",
                )
            )
    for key, warning in old_warnings.items():
        if key not in new_warnings:
            out.append(
                FigureWarning(
                    "warning_removed",
                    f"Varningen {warning.level_sv} – {warning.event_sv}, {warning.area} "
                    "gäller inte längre men står kvar i texten.",
                )
            )
    return out


def draft_cancellation(original: MessageText, released_at: datetime, river: str) -> MessageText:
    """The text of a cancellation (CAP Cancel) of a message released at ``released_at`` [UTC]."""
    return MessageText(
        headline_sv=f"Upphävt: {original.headline_sv}",
        body_sv=(
            f"Meddelandet om {river} som gavs ut {format_time_sv(released_at)} är upphävt "
            "och gäller inte längre."
        ),
        instruction_sv="Följ din kommun och Krisinformation.se för aktuell information.",
        headline_en=f"Cancelled: {original.headline_en}" if original.headline_en else "",
        body_en=(
            f"The message about the {river} river issued on {format_time_en(released_at)} "
            "is cancelled and no longer applies."
        ),
        instruction_en="Follow your municipality and Krisinformation.se for current information.",
    )


def draft_follow_up(draft: DraftView, msg_type: str, facts: DraftFacts | None,
                    actors: Sequence[str] | None = None) -> tuple[MessageText, dict[str, Any]]:
    """Text and facts of a follow-up of the released ``draft``: a cancellation (``"Cancel"``) keeps the
    released facts; an update (``"Update"``) is drafted anew from the current ``facts``, with the same actors
    (or ``actors``, the follow-up's approvers after a change of rescue lead)."""
    if msg_type == "Cancel":
        return draft_cancellation(draft.current.text, draft.released_at, draft.river), draft.current.facts
    if facts is None:
        raise ValueError("an update needs the current facts")
    names = tuple(actors) if actors is not None else tuple(a.name for a in draft.required_actors)
    facts = dataclasses.replace(facts, actors=names)
    return draft_text(draft.kind, facts), facts_to_dict(facts)
