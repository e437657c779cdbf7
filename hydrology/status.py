"""The status of a current flow against a station's statistics: word + symbol + colour + rank.

Bands, lowest to highest (a flow gets the highest band whose lower threshold it reaches):

=========  ==================  ==================================  ======  ===============  ==================
rank       label (Swedish)     label (English)                     symbol  lower threshold  SMHI warning level
=========  ==================  ==================================  ======  ===============  ==================
0          Under MQ            below mean flow (MQ)                ▽       —                —
1          Normalt             normal                              ●       MQ               —
2          Över MHQ            above mean annual high flow (MHQ)   ▲       MHQ              —
3          ≥ 5-årsflöde        at or above a 5-year flow           ⚠       HQ5              gul
4          ≥ 10-årsflöde       at or above a 10-year flow          ⚠       HQ10             gul
5          ≥ 25-årsflöde       at or above a 25-year flow          ⚠⚠      HQ25             orange
6          ≥ 50-årsflöde       at or above a 50-year flow          ◆       HQ50             röd
7          ≥ 100-årsflöde      at or above a 100-year flow         ◆       HQ100            röd
=========  ==================  ==================================  ======  ===============  ==================

``Okänd`` / ``unknown`` (rank -1, "?") when there is no current value or no statistics. The
English words are for English message drafts; the screen stays Swedish. The return-period bands
follow SMHI's high-flow warning levels, kept as data in :data:`WARNING_LEVEL_BANDS`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from hydrology.statistics import FlowStatistics

#: SMHI's high-flow warning levels by return period of the flow, as data, with their source.
#: Lower bound inclusive, upper bound exclusive [years]; None = open.
WARNING_LEVEL_BANDS: tuple[dict, ...] = (
    {"level": "gul", "label_sv": "Gul varning", "from_years": 5, "to_years": 25},
    {"level": "orange", "label_sv": "Orange varning", "from_years": 25, "to_years": 50},
    {"level": "röd", "label_sv": "Röd varning", "from_years": 50, "to_years": None},
)
WARNING_LEVEL_BANDS_SOURCE = (
    "SMHI, konsekvensbaserade vädervarningar för höga flöden: gul ≈ 5–25-årsflöde, "
    "orange ≈ 25–50-årsflöde, röd > 50-årsflöde (äldre klassning: klass 1 ≈ 2-, klass 2 ≈ 10-, "
    "klass 3 ≈ 50-årsflöde). Nivåerna är riktvärden; SMHI:s varning avgör."
)

#: Colours (hex) chosen to read on a white background and a projector; text stays dark on them.
COLOURS: dict[str, str] = {
    "unknown": "#9AA5B1",
    "under_mq": "#6C8EBF",
    "normal": "#2E8B57",
    "over_mhq": "#1F5FA8",
    "gul": "#F2C200",
    "orange": "#F07D00",
    "röd": "#D0021B",
}


@dataclass(frozen=True)
class FlowStatus:
    """A flow's status, always shown as word + symbol + colour (never colour alone).

    Attributes
    ----------
    key : stable id, e.g. ``"hq10"``; label_sv : the word(s) for the screen, e.g. ``"≥ 10-årsflöde"``.
    label_en : the same in English for English drafts, e.g. ``"at or above a 10-year flow"``.
    symbol : a text symbol; colour : hex colour; rank : for sorting and worst-of (higher = worse).
    return_period_years : the return period reached (None below HQ5).
    warning_level : SMHI warning level the band corresponds to (``"gul"``, ``"orange"``, ``"röd"``) or None.
    """

    key: str
    label_sv: str
    label_en: str
    symbol: str
    colour: str
    rank: int
    return_period_years: int | None = None
    warning_level: str | None = None

    @property
    def text(self) -> str:
        """Symbol and word together, e.g. ``"⚠ ≥ 10-årsflöde"``."""
        return f"{self.symbol} {self.label_sv}"


def _warning_level_for(years: int) -> str | None:
    for band in WARNING_LEVEL_BANDS:
        if years >= band["from_years"] and (band["to_years"] is None or years < band["to_years"]):
            return band["level"]
    return None


_SYMBOLS_BY_LEVEL = {"gul": "⚠", "orange": "⚠⚠", "röd": "◆"}

UNKNOWN = FlowStatus("unknown", "Okänd", "unknown", "?", COLOURS["unknown"], -1)
UNDER_MQ = FlowStatus("under_mq", "Under MQ", "below mean flow (MQ)", "▽", COLOURS["under_mq"], 0)
NORMAL = FlowStatus("normal", "Normalt", "normal", "●", COLOURS["normal"], 1)
OVER_MHQ = FlowStatus("over_mhq", "Över MHQ", "above mean annual high flow (MHQ)", "▲", COLOURS["over_mhq"], 2)
#: Return periods with a band of their own, ascending.
BAND_RETURN_PERIODS: tuple[int, ...] = (5, 10, 25, 50, 100)
RETURN_PERIOD_STATUSES: tuple[FlowStatus, ...] = tuple(
    FlowStatus(
        key=f"hq{years}",
        label_sv=f"≥ {years}-årsflöde",
        label_en=f"at or above a {years}-year flow",
        symbol=_SYMBOLS_BY_LEVEL[_warning_level_for(years)],
        colour=COLOURS[_warning_level_for(years)],
        rank=3 + i,
        return_period_years=years,
        warning_level=_warning_level_for(years),
    )
    for i, years in enumerate(BAND_RETURN_PERIODS)
)
#: Every status, lowest rank first.
ALL_STATUSES: tuple[FlowStatus, ...] = (UNKNOWN, UNDER_MQ, NORMAL, OVER_MHQ, *RETURN_PERIOD_STATUSES)

#: An SMHI high-flow warning in force on a river, on the same scale as the flow statuses (a river's
#: headline is the worst of both): yellow ranks with a 10-year flow, orange with a 25-year, red with a
#: 50-year flow, after :data:`WARNING_LEVEL_BANDS`; on a tie the warning decides (it is SMHI's word).
WARNING_STATUSES: dict[str, FlowStatus] = {
    "gul": FlowStatus("smhi_gul", "Gul varning", "yellow warning", "⚠", COLOURS["gul"], 4, None, "gul"),
    "orange": FlowStatus("smhi_orange", "Orange varning", "orange warning", "⚠⚠", COLOURS["orange"], 5, None, "orange"),
    "röd": FlowStatus("smhi_röd", "Röd varning", "red warning", "◆", COLOURS["röd"], 6, None, "röd"),
}


#: A declared dam failure on the river (an event in Älvläget): it decides the river's headline above every
#: flow band and warning, because the wave's flows are far beyond any statistics and no gauge may yet
#: show it. Never a station's status, so not in :data:`ALL_STATUSES`.
DAM_FAILURE = FlowStatus("dammbrott", "Dammbrott", "dam failure", "✖", COLOURS["röd"], 8)


def status_thresholds(stats: FlowStatistics) -> list[tuple[FlowStatus, float]]:
    """The lower threshold [m³/s] of every band the statistics can give, lowest rank first."""
    thresholds: list[tuple[FlowStatus, float]] = []
    if math.isfinite(stats.mq_m3s):
        thresholds.append((NORMAL, stats.mq_m3s))
    if math.isfinite(stats.mhq_m3s):
        thresholds.append((OVER_MHQ, stats.mhq_m3s))
    for status in RETURN_PERIOD_STATUSES:
        value = stats.hq(status.return_period_years)
        if value is not None:
            thresholds.append((status, value))
    return thresholds


def classify_flow(discharge_m3s: float | None, stats: FlowStatistics | None) -> FlowStatus:
    """The status of a discharge [m³/s] at a station with statistics ``stats``.

    The highest band whose threshold the flow reaches (thresholds inclusive: exactly HQ10 is
    "≥ 10-årsflöde"). :data:`UNKNOWN` when the flow or MQ is missing.

    Examples
    --------
    With MQ 435, MHQ 1 300 and HQ10 1 700 m³/s at Umeälven/Stornorrfors, 1 750 m³/s is
    ``"≥ 10-årsflöde"`` and 300 m³/s is ``"Under MQ"``.
    """
    if discharge_m3s is None or not math.isfinite(discharge_m3s) or stats is None:
        return UNKNOWN
    thresholds = status_thresholds(stats)
    if not thresholds or thresholds[0][0] is not NORMAL:
        return UNKNOWN
    status = UNDER_MQ
    for candidate, threshold in thresholds:
        if discharge_m3s >= threshold and candidate.rank > status.rank:
            status = candidate
    return status


def with_statistics_caveat(status: FlowStatus, caveat_sv: str) -> FlowStatus:
    """The status with its word followed by a caveat: ``"Normalt – osäker statistik (3 år)"``."""
    if not caveat_sv or status is UNKNOWN:
        return status
    return replace(status, label_sv=f"{status.label_sv} – {caveat_sv}")


def worst_status(statuses: Iterable[FlowStatus]) -> FlowStatus:
    """The highest-ranked status; :data:`UNKNOWN` for none."""
    return max(statuses, key=lambda status: status.rank, default=UNKNOWN)


def status_by_key(key: str) -> FlowStatus:
    """Look a status up by its :attr:`FlowStatus.key` (for snapshots read back from storage)."""
    for status in (*ALL_STATUSES, *WARNING_STATUSES.values()):
        if status.key == key:
            return status
    raise KeyError(f"unknown flow status {key!r}")
