"""Owner report values, their validation and when a report counts as stale.

Times are tz-aware UTC inside. Flows are m³/s, water levels metres above sea level (m ö.h., RH 2000
as the owners give them). Every validation failure is an :class:`OwnerReportError` with a Swedish
message a page can show as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from coordination.inputs import InputError, check_text
from hydrology.formatting import format_flow_m3s, format_number_sv

#: Sanity bounds: no Swedish river carries more than this [m³/s]; levels lie between sea and fjäll [m].
MAX_DISCHARGE_M3S = 20_000.0
MIN_LEVEL_M = -10.0
MAX_LEVEL_M = 1_500.0
#: How far ahead a planned discharge may reach, and how far a report time may lie ahead of the clock
#: (clocks of different organisations differ a little).
MAX_PLAN_AHEAD = timedelta(days=14)
MAX_CLOCK_SKEW = timedelta(minutes=30)
#: turbines + spillway may differ from the total by this much (rounding in the owners' systems) [m³/s].
SUM_TOLERANCE_M3S = 1.0
MAX_COMMENT_CHARS = 2_000
#: ``OwnerReport.limits_source`` for limits the owner stated with the report.
LIMITS_FROM_REPORT = "ägarens rapport"
MAX_NAME_CHARS = 200


class OwnerReportError(ValueError):
    """A report (or a file of reports) that cannot be stored; ``message_sv`` is the Swedish reason.

    ``problems`` lists every problem found, each already Swedish and, for files, starting with the
    line number ("Rad 4: …"). Nothing is stored when this is raised.
    """

    def __init__(self, message_sv: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message_sv)
        self.message_sv = message_sv
        self.problems = problems or (message_sv,)


class Channel(StrEnum):
    """How a report came in."""

    FORM = "formulär"
    FILE = "fil"
    FEED = "flöde"


@dataclass(frozen=True)
class Reporter:
    """Who puts a report into the app, and for which organisation.

    ``name`` is typed for now; when sign-in arrives it becomes the signed-in person.
    """

    name: str
    organisation: str


@dataclass(frozen=True)
class PlannedDischarge:
    """One point of the planned discharge: from ``time_utc`` on, about ``discharge_m3s`` [m³/s]."""

    time_utc: datetime
    discharge_m3s: float


@dataclass(frozen=True)
class ReportDraft:
    """One report as typed or read from a file, not yet stored.

    Attributes
    ----------
    plant : power station name exactly as in ``geodata/curated/dams.csv`` (e.g. ``"Stornorrfors"``).
    reported_at : the time the figures describe [tz-aware; stored UTC].
    total_m3s : discharge past the plant, total [m³/s].
    turbine_m3s / spillway_m3s : of which through the turbines / through spillway gates (utskov) [m³/s].
    upstream_level_m : water level upstream of the dam [m ö.h.].
    damningsgrans_m / sankningsgrans_m : the plant's dämningsgräns (highest permitted upstream level) and
        sänkningsgräns (lowest) under its water-court ruling [m ö.h.], as the owner states them with the
        report; None when not given.
    planned : planned discharge ahead, in time order.
    comment : free text, stored as typed, always shown as plain text.
    stated_reporter : the person and organisation a file names for this report, if any.
    """

    plant: str
    reported_at: datetime
    total_m3s: float
    turbine_m3s: float | None = None
    spillway_m3s: float | None = None
    upstream_level_m: float | None = None
    planned: tuple[PlannedDischarge, ...] = ()
    comment: str = ""
    stated_reporter: Reporter | None = None
    damningsgrans_m: float | None = None
    sankningsgrans_m: float | None = None


@dataclass(frozen=True)
class OwnerReport:
    """A stored report (never changed after it was stored).

    Beyond :class:`ReportDraft`: ``id``; ``river`` (river system); ``reporter_name`` and
    ``organisation`` (from the report itself or, failing that, the person entering it);
    ``entered_by`` (who put it into the app); ``channel`` and ``source`` (file name or feed URL);
    ``is_exercise`` (ÖVNING); ``received_at`` [UTC, wall clock]; ``damningsgrans_m`` and
    ``sankningsgrans_m`` [m ö.h.]: the owner's own with this report, else the project's curated values
    (``geodata/curated/regulation_limits.csv``), else None; ``limits_source`` says which (empty: none).
    """

    id: int
    plant: str
    river: str
    reported_at: datetime
    total_m3s: float
    turbine_m3s: float | None
    spillway_m3s: float | None
    upstream_level_m: float | None
    planned: tuple[PlannedDischarge, ...]
    comment: str
    reporter_name: str
    organisation: str
    entered_by: str
    channel: Channel
    source: str
    is_exercise: bool
    received_at: datetime
    damningsgrans_m: float | None = None
    sankningsgrans_m: float | None = None
    limits_source: str = ""

    def age(self, now: datetime) -> timedelta:
        """How old the figures are at ``now`` [tz-aware]; never negative."""
        return max(now - self.reported_at, timedelta(0))


def require_utc(moment: datetime, what_sv: str) -> datetime:
    """``moment`` in UTC; a naive time is refused (ambiguous around the clock change)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise OwnerReportError(f"{what_sv} saknar tidszon.")
    return moment.astimezone(UTC)


def _flow(value: float | None, what_sv: str, *, required: bool) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if required:
            raise OwnerReportError(f"Ange {what_sv}.")
        return None
    if not math.isfinite(value) or value < 0:
        raise OwnerReportError(f"{what_sv.capitalize()} kan inte vara negativ.")
    if value > MAX_DISCHARGE_M3S:
        # A flow a thousand times the limit is a typing error (1e308 would print 309 digits): not repeated.
        said = f" {format_flow_m3s(value)}" if value < 1000 * MAX_DISCHARGE_M3S else ""
        raise OwnerReportError(
            f"{what_sv.capitalize()}{said} är orimligt stor (högst {format_flow_m3s(MAX_DISCHARGE_M3S)})."
        )
    return float(value)


def _level(value: float | None, what_sv: str) -> float | None:
    """A water level [m ö.h.] within :data:`MIN_LEVEL_M`–:data:`MAX_LEVEL_M`, or None when not given."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if not math.isfinite(value) or not MIN_LEVEL_M <= value <= MAX_LEVEL_M:
        raise OwnerReportError(f"{what_sv} ska anges i meter över havet (m ö.h.).")
    return float(value)


def validate_draft(draft: ReportDraft, now: datetime) -> ReportDraft:
    """The draft with times in UTC and names trimmed, or :class:`OwnerReportError` naming the problem.

    Rules: a total discharge; no negative or absurd flows; turbines + spillway equal the total
    (±:data:`SUM_TOLERANCE_M3S`) when both are given, neither exceeds it; levels (the upstream level,
    dämningsgräns, sänkningsgräns) between :data:`MIN_LEVEL_M` and :data:`MAX_LEVEL_M`, the sänkningsgräns
    not above the dämningsgräns; the report time not after ``now`` +
    :data:`MAX_CLOCK_SKEW`; planned times after the report time, within :data:`MAX_PLAN_AHEAD`, and
    not repeated. Plant names are checked against the plant list by the store.
    """
    plant = " ".join(draft.plant.split())
    if not plant:
        raise OwnerReportError("Välj kraftverk.")
    reported_at = require_utc(draft.reported_at, "Rapporttiden")
    if reported_at > now + MAX_CLOCK_SKEW:
        raise OwnerReportError("Rapporttiden ligger i framtiden. Ange när värdena gällde.")
    total = _flow(draft.total_m3s, "total tappning", required=True)
    turbine = _flow(draft.turbine_m3s, "tappning genom turbiner", required=False)
    spillway = _flow(draft.spillway_m3s, "tappning genom utskov", required=False)
    assert total is not None
    for part, what in ((turbine, "Tappningen genom turbiner"), (spillway, "Tappningen genom utskov")):
        if part is not None and part > total + SUM_TOLERANCE_M3S:
            raise OwnerReportError(f"{what} är större än den totala tappningen.")
    if turbine is not None and spillway is not None and abs(turbine + spillway - total) > SUM_TOLERANCE_M3S:
        raise OwnerReportError(
            "Turbiner och utskov ska tillsammans bli den totala tappningen "
            f"({format_number_sv(turbine, 1)} + {format_number_sv(spillway, 1)} är inte "
            f"{format_number_sv(total, 1)} m³/s)."
        )
    level = _level(draft.upstream_level_m, "Vattenytan uppströms")
    upper = _level(draft.damningsgrans_m, "Dämningsgränsen")
    lower = _level(draft.sankningsgrans_m, "Sänkningsgränsen")
    if upper is not None and lower is not None and lower > upper:
        raise OwnerReportError(
            f"Sänkningsgränsen ({format_number_sv(lower, 2)} m ö.h.) ligger över dämningsgränsen "
            f"({format_number_sv(upper, 2)} m ö.h.)."
        )
    planned: list[PlannedDischarge] = []
    for point in draft.planned:
        when = require_utc(point.time_utc, "En planerad tidpunkt")
        if when <= reported_at:
            raise OwnerReportError("Planerad tappning ska ligga efter rapporttiden.")
        if when > reported_at + MAX_PLAN_AHEAD:
            raise OwnerReportError("Planerad tappning får sträcka sig högst 14 dygn framåt.")
        flow = _flow(point.discharge_m3s, "planerad tappning", required=True)
        assert flow is not None
        planned.append(PlannedDischarge(when, flow))
    planned.sort(key=lambda p: p.time_utc)
    times = [p.time_utc for p in planned]
    if len(set(times)) != len(times):
        raise OwnerReportError("Samma tidpunkt finns två gånger i den planerade tappningen.")
    comment = _checked_text(draft.comment.strip(), "Kommentar", MAX_COMMENT_CHARS)
    stated = draft.stated_reporter
    if stated is not None:
        stated = Reporter(_checked_name(stated.name, "Rapportör"), _checked_name(stated.organisation, "Organisation"))
    return ReportDraft(
        plant=plant,
        reported_at=reported_at,
        total_m3s=total,
        turbine_m3s=turbine,
        spillway_m3s=spillway,
        upstream_level_m=level,
        planned=tuple(planned),
        comment=comment,
        stated_reporter=stated,
        damningsgrans_m=upper,
        sankningsgrans_m=lower,
    )


def _checked_text(value: str, what_sv: str, max_chars: int) -> str:
    """``value`` unless :func:`coordination.inputs.check_text` refuses it (a NUL byte, which PostgreSQL
    refuses and SQLite would keep, another control character, more than ``max_chars`` characters):
    then :class:`OwnerReportError` with its message, the same on either database."""
    try:
        return check_text(value, what_sv, max_chars)
    except InputError as exc:
        raise OwnerReportError(exc.message_sv) from None


def _checked_name(value: str, what_sv: str) -> str:
    """A name with its spaces tidied, at most :data:`MAX_NAME_CHARS` (checked as typed for control
    characters: Python counts some of them as spaces)."""
    return _checked_text(" ".join(_checked_text(value, what_sv, len(value)).split()), what_sv, MAX_NAME_CHARS)


def validate_reporter(reporter: Reporter) -> Reporter:
    """The reporter with spaces tidied; both name and organisation are required."""
    name = _checked_name(reporter.name, "Namn")
    organisation = _checked_name(reporter.organisation, "Organisation")
    if not name:
        raise OwnerReportError("Ange ditt namn.")
    if not organisation:
        raise OwnerReportError("Ange organisation (t.ex. Vattenfall AB).")
    return Reporter(name, organisation)


# --- staleness --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaleLimits:
    """How old a report may be before it is shown as stale (inaktuell).

    ``during_warning`` applies on a river with an SMHI warning in force, ``otherwise`` elsewhere.
    Defaults 6 h and 24 h; set by ``ALVLAGET_OWNER_STALE_WARNING_HOURS`` / ``ALVLAGET_OWNER_STALE_HOURS``.
    """

    during_warning: timedelta = timedelta(hours=6)
    otherwise: timedelta = timedelta(hours=24)

    def limit(self, warning_in_force: bool) -> timedelta:
        return self.during_warning if warning_in_force else self.otherwise


def is_stale(report: OwnerReport, now: datetime, limits: StaleLimits, *, warning_in_force: bool) -> bool:
    """True when ``report`` is older at ``now`` than the limit for its river's warning state."""
    return report.age(now) > limits.limit(warning_in_force)
