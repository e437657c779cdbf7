"""Owner reports in words and tables, for pages and drafts (pure; no Streamlit).

Times on screen are Europe/Stockholm, written the Swedish way ("kl. 14.00").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

import pandas as pd

from language.sv import format_age, format_flow_m3s, format_number, format_when
from owner_reports.model import LIMITS_FROM_REPORT, OwnerReport, StaleLimits, is_stale

EXERCISE_MARK = "ÖVNING"
STALE_WORD = "inaktuell"


def discharge_phrase(
    report: OwnerReport, flow: Callable[[float], str], of_which: str, none_through: str
) -> str:
    """Total discharge and, when reported, the spill: ``of_which`` takes the spill, e.g. "varav {} genom utskov"."""
    text = flow(report.total_m3s)
    if report.spillway_m3s is not None:
        text += f", {of_which.format(flow(report.spillway_m3s))}" if report.spillway_m3s > 0 else f", {none_through}"
    return text


def discharge_phrase_sv(report: OwnerReport) -> str:
    """``"1 450 m³/s, varav 600 m³/s genom utskov"`` (the spillway part only when reported)."""
    return discharge_phrase(report, format_flow_m3s, "varav {} genom utskov", "inget genom utskov")


def owner_sentence_sv(report: OwnerReport, now: datetime) -> str:
    """``"Enligt Vattenfall AB kl. 14.00: 1 450 m³/s, varav 600 m³/s genom utskov"``.

    The time is ``"kl. 14.00"`` on ``now``'s Stockholm day, else ``"den 12 maj kl. 14.00"``; an
    exercise report starts with ``"ÖVNING: "``.
    """
    mark = f"{EXERCISE_MARK}: " if report.is_exercise else ""
    return f"{mark}Enligt {report.organisation} {format_when(report.reported_at, now)}: {discharge_phrase_sv(report)}"


def age_phrase_sv(report: OwnerReport, now: datetime, *, stale: bool) -> str:
    """``"2 timmar gammal"``, or ``"30 timmar gammal, INAKTUELL"`` when stale."""
    text = f"{format_age(report.age(now))} gammal"
    return f"{text}, {STALE_WORD.upper()}" if stale else text


def report_line_sv(report: OwnerReport, now: datetime, *, stale: bool) -> str:
    """One report as a line of plain text: plant, the owner's words, age (and INAKTUELL), level."""
    line = f"{report.plant}: {owner_sentence_sv(report, now)} ({age_phrase_sv(report, now, stale=stale)})"
    level = level_phrase_sv(report)
    return f"{line} · vattenyta {level}" if level else line


#: Said wherever a reported level is shown without the limits to read it against.
NO_LIMITS_SV = "ägaren har inte angett dämnings- och sänkningsgräns"


def limits_phrase_sv(report: OwnerReport) -> str:
    """The reported level against the plant's limits: ``"0,60 m under dämningsgräns (313,00), 7,40 m över
    sänkningsgräns (305,00)"``; ``"0,20 m ÖVER dämningsgräns (313,00)"`` when above it (capitals: a level
    outside the permitted range); the plain :data:`NO_LIMITS_SV` when the owner gave none. Limits the owner did
    not state with the report come from ``regulation_limits.csv`` and name their source: ``"… (gränser enligt
    vattendom M 1234-05)"``. Empty without a level. Levels [m ö.h.], two decimals (owners read them to the
    centimetre)."""
    level = report.upstream_level_m
    if level is None:
        return ""
    parts = []
    upper, lower = report.damningsgrans_m, report.sankningsgrans_m
    if upper is not None:
        gap = upper - level
        word = "under" if gap >= 0 else "ÖVER"
        parts.append(f"{format_number(abs(gap), 2)} m {word} dämningsgräns ({format_number(upper, 2)})")
    if lower is not None:
        gap = level - lower
        word = "över" if gap >= 0 else "UNDER"
        parts.append(f"{format_number(abs(gap), 2)} m {word} sänkningsgräns ({format_number(lower, 2)})")
    if not parts:
        return NO_LIMITS_SV
    if upper is None:
        parts.append("ägaren har inte angett dämningsgräns")
    if lower is None:
        parts.append("ägaren har inte angett sänkningsgräns")
    text = ", ".join(parts)
    source = report.limits_source
    return f"{text} (gränser enligt {source})" if source and source != LIMITS_FROM_REPORT else text


def level_phrase_sv(report: OwnerReport) -> str:
    """``"312,40 m ö.h., 0,60 m under dämningsgräns (313,00), 7,40 m över sänkningsgräns (305,00)"``, or with
    :data:`NO_LIMITS_SV`; empty without a level."""
    if report.upstream_level_m is None:
        return ""
    return f"{format_number(report.upstream_level_m, 2)} m ö.h., {limits_phrase_sv(report)}"


def latest_frame(
    latest: Mapping[str, OwnerReport],
    now: datetime,
    limits: StaleLimits,
    warning_rivers: Iterable[str],
) -> pd.DataFrame:
    """One row per plant's newest report, in plant order as given: figures, time, age and staleness.

    Columns: ``plant``, ``river``, ``organisation``, ``reporter``, ``reported_at`` (UTC),
    ``age_h`` [h], ``stale`` (older than the limit for its river), ``total_m3s``, ``turbine_m3s``,
    ``spillway_m3s``, ``level_m``, ``damningsgrans_m``, ``sankningsgrans_m``, ``limits_sv`` (the level
    against them in words, :func:`limits_phrase_sv`), ``planned_next_m3s``
    (the first planned value after ``now``), ``channel``, ``comment``, ``is_exercise``.
    """
    warned = set(warning_rivers)
    rows = []
    for report in latest.values():
        upcoming = [p for p in report.planned if p.time_utc > now]
        rows.append(
            {
                "plant": report.plant,
                "river": report.river,
                "organisation": report.organisation,
                "reporter": report.reporter_name,
                "reported_at": report.reported_at,
                "age_h": report.age(now).total_seconds() / 3600,
                "stale": is_stale(report, now, limits, warning_in_force=report.river in warned),
                "total_m3s": report.total_m3s,
                "turbine_m3s": report.turbine_m3s,
                "spillway_m3s": report.spillway_m3s,
                "level_m": report.upstream_level_m,
                "damningsgrans_m": report.damningsgrans_m,
                "sankningsgrans_m": report.sankningsgrans_m,
                "limits_sv": limits_phrase_sv(report),
                "planned_next_m3s": upcoming[0].discharge_m3s if upcoming else None,
                "channel": report.channel.value,
                "comment": report.comment,
                "is_exercise": report.is_exercise,
            }
        )
    return pd.DataFrame(rows)


def plants_from_reports(reports: Mapping[str, OwnerReport], river: str) -> pd.DataFrame:
    """The owners' newest reports on ``river`` as älvschema plants (``name``, ``discharge_m3s``, ``status_key``).

    An owner's report has no status against statistics: its marker keeps the "unknown" shape and
    carries the owner's figure."""
    rows = [{"name": r.plant, "discharge_m3s": r.total_m3s, "status_key": "unknown"}
            for r in reports.values() if r.river == river]
    return pd.DataFrame(rows, columns=["name", "discharge_m3s", "status_key"])
