"""Exercise scenarios: deterministic, plausible flows for every station, from its own statistics.

Each station's statistics come from the curated table: MQ, MHQ [m³/s] and ``hq_cv``, the coefficient
of variation of annual maximum flows. Annual maxima are taken as Gumbel-distributed with mean MHQ and
standard deviation ``hq_cv * MHQ``, so the T-year flow is

    HQ_T = u - beta * ln(-ln(1 - 1/T)),   beta = sqrt(6) * sd / pi,   u = MHQ - 0.5772 * beta.

The synthetic ~100-year archive draws its annual maxima from that same distribution, so statistics
computed from it (in exercise mode) place the scenario peaks in the intended return-period bands.

Scenarios (``ScenarioSpec.id``):

``varflod`` (default)
    Spring flood on all three rivers: from winter low flow (0.35·MQ) the flow rises over about two
    weeks to a peak; the lowest main-stem station of each river and the unregulated main-stem stations
    reach a 10–25-year flow, the others a 2–8-year flow; downstream stations peak later.
``umealven-50``
    Spring flood on Umeälven/Vindelälven reaching about a 50-year flow (45–55); the other rivers an
    ordinary spring flood (1.5–3-year).
``dammbrott-angermanalven``
    Ordinary spring flood everywhere (2–5-year); 36 h after the start Hällbydammen on Ångermanälven
    fails. The breach wave (8 000 m³/s at the dam) travels down the main stem at 14.5 km/h, attenuating
    as exp(-d/150 km) and spreading out (distances along the river lines, geodata/stations.csv river_km):
    Lasele about 4 h later, Sollefteå about 8 h, Nyland about 11 h
    (Kramfors kommun tells residents 10–12 h).

All times UTC. Every random choice comes from ``numpy.random.default_rng`` seeded with the scenario
seed and the station id, so the same scenario gives the same numbers on every machine.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import numpy as np
import pandas as pd

EULER = 0.5772156649
HOUR = np.timedelta64(3600, "s")


@dataclass(frozen=True)
class DamFailure:
    """A dam failure in a scenario: where, when, how big.

    ``dam`` is the name people use ("Hällbydammen"); ``dam_key`` the dam's name in the curated dam
    table (``geodata/curated/dams.csv``: "Hällby"), by which the scenario's declared event finds the
    arrival table and the actors downstream.
    """

    dam: str
    river: str
    river_km: float
    latitude: float
    longitude: float
    after_start: timedelta
    peak_m3s: float = 8000.0
    celerity_kmh: float = 14.5
    attenuation_km: float = 150.0
    dam_key: str = ""


@dataclass(frozen=True)
class ScenarioSpec:
    """One exercise scenario. ``start_utc`` is when the flood begins (scenario clock default)."""

    id: str
    title_sv: str
    description_sv: str
    start_utc: datetime
    seed: int = 2026
    dam_failures: tuple[DamFailure, ...] = field(default_factory=tuple)


DEFAULT_START = datetime(2026, 5, 8, 4, 0, tzinfo=timezone.utc)

SCENARIOS: dict[str, ScenarioSpec] = {
    "varflod": ScenarioSpec(
        id="varflod",
        title_sv="Vårflod i alla tre älvarna",
        description_sv=(
            "Snösmältning ger stigande flöden i Ångermanälven, Umeälven och Skellefteälven under två "
            "veckor; de nedersta stationerna och de oreglerade når 10–25-årsflöden."
        ),
        start_utc=DEFAULT_START,
    ),
    "umealven-50": ScenarioSpec(
        id="umealven-50",
        title_sv="50-årsflöde i Umeälven",
        description_sv="Kraftig vårflod i Umeälven och Vindelälven som når ungefär ett 50-årsflöde.",
        start_utc=DEFAULT_START,
        seed=5050,
    ),
    "dammbrott-angermanalven": ScenarioSpec(
        id="dammbrott-angermanalven",
        title_sv="Dammbrott vid Hällbydammen i Ångermanälven",
        description_sv=(
            "Under en normal vårflod brister Hällbydammen. Flodvågen når Lasele efter cirka 4 timmar, "
            "Sollefteå efter cirka 8 och Nyland efter cirka 11 timmar."
        ),
        start_utc=DEFAULT_START,
        seed=1943,
        dam_failures=(
            DamFailure(dam="Hällbydammen", river="Ångermanälven", river_km=201.0, latitude=63.879154,
                       longitude=17.21992, after_start=timedelta(hours=36), dam_key="Hällby"),
        ),
    ),
}


class UnknownScenario(KeyError):
    """No scenario with that id (``scenario_id``); the message names the known ids, for the log."""

    def __init__(self, scenario_id: str) -> None:
        super().__init__(f"unknown exercise scenario {scenario_id!r}; known: {sorted(SCENARIOS)}")
        self.scenario_id = scenario_id

    @property
    def known_sv(self) -> str:
        """The scenarios there are, as the exercise leader's chooser names them: ``"Vårflod i alla tre
        älvarna (varflod), …"``."""
        return ", ".join(f"{spec.title_sv} ({spec.id})" for spec in SCENARIOS.values())


def get_scenario_spec(scenario_id: str) -> ScenarioSpec:
    try:
        return SCENARIOS[scenario_id]
    except KeyError as exc:
        raise UnknownScenario(scenario_id) from exc


def scenario_source_sv(scenario_id: str | None) -> str:
    """The source of exercise figures in words, for every export made from them: the scenario by name.

    ``"övningsscenariot ”Vårflod i alla tre älvarna” (varflod) i Älvläget – påhittade flöden, inte
    SMHI:s mätningar"``; an unknown or missing id (a draft saved before the scenario was recorded)
    gives the same sentence without the name.
    """
    spec = SCENARIOS.get(scenario_id or "")
    named = f"övningsscenariot ”{spec.title_sv}” ({spec.id})" if spec else "ett övningsscenario"
    return f"{named} i Älvläget – påhittade flöden, inte SMHI:s mätningar"


def station_rng(seed: int, station_id: str, salt: str = "") -> np.random.Generator:
    """A generator that depends only on the seed, the station and a purpose label."""
    return np.random.default_rng([seed, zlib.crc32(f"{station_id}|{salt}".encode())])


def gumbel_quantile(mhq: float, cv: float, return_period: float) -> float:
    """The ``return_period``-year flow [m³/s] of a Gumbel law with mean ``mhq`` and CV ``cv``."""
    beta = np.sqrt(6.0) * cv * mhq / np.pi
    u = mhq - EULER * beta
    return float(u - beta * np.log(-np.log(1.0 - 1.0 / return_period)))


def _target_return_period(spec: ScenarioSpec, station: pd.Series, lowest_main: bool) -> float:
    u = station_rng(spec.seed, str(station["station_id"]), "T").random()
    if spec.id == "umealven-50":
        return 45.0 + 10.0 * u if station["river"] == "Umeälven" else 1.5 + 1.5 * u
    if spec.id == "dammbrott-angermanalven":
        return 2.0 + 3.0 * u
    big = lowest_main or (station["role"] == "main_stem" and not bool(station["regulated"]))
    return 10.0 + 15.0 * u if big else 2.0 + 6.0 * u


@dataclass(frozen=True)
class StationModel:
    """What the generator needs of one station (from the curated table)."""

    station_id: str
    river: str
    role: str
    regulated: bool
    river_km: float
    mq: float
    mhq: float
    cv: float
    return_period: float
    peak_after: timedelta


def build_station_models(spec: ScenarioSpec, stations: pd.DataFrame) -> dict[str, StationModel]:
    """One :class:`StationModel` per station of the curated table (rows need MQ/MHQ)."""
    models: dict[str, StationModel] = {}
    lowest_main = set()
    for _, group in stations[stations["role"] == "main_stem"].groupby("river"):
        lowest_main.add(str(group.sort_values("river_km").iloc[0]["station_id"]))
    for _, row in stations.iterrows():
        sid = str(row["station_id"])
        river_km = float(row["river_km"]) if pd.notna(row["river_km"]) else 200.0
        # Downstream stations peak later: 13 days at the mountains, up to 15.5 days at the coast.
        peak_days = 13.0 + 2.5 * (1.0 - min(river_km, 500.0) / 500.0)
        models[sid] = StationModel(
            station_id=sid, river=str(row["river"]), role=str(row["role"]), regulated=bool(row["regulated"]),
            river_km=river_km, mq=float(row["mq_m3s"]), mhq=float(row["mhq_m3s"]),
            cv=float(row["hq_cv"]) if pd.notna(row["hq_cv"]) else 0.3,
            return_period=_target_return_period(spec, row, sid in lowest_main),
            peak_after=timedelta(days=peak_days),
        )
    return models


def _hours_since(start: datetime, times_utc: pd.DatetimeIndex) -> np.ndarray:
    return (times_utc - pd.Timestamp(start)).total_seconds().to_numpy() / 3600.0


def scenario_discharge(spec: ScenarioSpec, model: StationModel, times_utc: pd.DatetimeIndex) -> np.ndarray:
    """Discharge [m³/s] of one station at ``times_utc`` (tz-aware UTC) in scenario ``spec``."""
    hours = _hours_since(spec.start_utc, times_utc)
    base = 0.35 * model.mq
    peak = gumbel_quantile(model.mhq, model.cv, model.return_period)
    peak_h = model.peak_after.total_seconds() / 3600.0
    rise = np.clip(hours / peak_h, 0.0, 1.0)
    shape = np.where(hours <= peak_h, 0.5 * (1.0 - np.cos(np.pi * rise)), np.exp(-(hours - peak_h) / (10 * 24.0)))
    flow = base + (peak - base) * shape
    phase = (zlib.crc32(model.station_id.encode()) % 628) / 100.0
    # Snowmelt has a daily rhythm in unregulated rivers; regulated ones follow the turbines more evenly.
    diurnal = 0.0 if model.regulated else 0.025 * np.sin(2 * np.pi * (hours - 14.0) / 24.0)
    wiggle = 0.008 * np.sin(2 * np.pi * hours / 37.0 + phase)
    flow = flow * (1.0 + (diurnal + wiggle) * shape)
    for failure in spec.dam_failures:
        if model.river != failure.river or model.role != "main_stem" or model.river_km >= failure.river_km:
            continue
        distance = failure.river_km - model.river_km
        arrival = failure.after_start.total_seconds() / 3600.0 + distance / failure.celerity_kmh
        rise_h = 1.5 + distance / 60.0
        decay_h = 6.0 + distance / 20.0
        dt = hours - arrival
        pulse = np.where(dt < 0, np.exp(-((dt / rise_h) ** 2)), np.exp(-dt / decay_h))
        flow = flow + failure.peak_m3s * np.exp(-distance / failure.attenuation_km) * pulse
    return np.round(flow, 3)


def dam_failure_arrivals(spec: ScenarioSpec, models: dict[str, StationModel]) -> pd.DataFrame:
    """For each dam failure, when the wave reaches each affected station: ``station_id``, ``dam``,
    ``distance_km``, ``arrival_utc`` (tz-aware UTC), ``added_peak_m3s``."""
    rows = []
    for failure in spec.dam_failures:
        for model in models.values():
            if model.river != failure.river or model.role != "main_stem" or model.river_km >= failure.river_km:
                continue
            distance = failure.river_km - model.river_km
            rows.append({
                "station_id": model.station_id, "dam": failure.dam, "distance_km": distance,
                "arrival_utc": spec.start_utc + failure.after_start + timedelta(hours=distance / failure.celerity_kmh),
                "added_peak_m3s": round(failure.peak_m3s * np.exp(-distance / failure.attenuation_km), 1),
            })
    frame = pd.DataFrame(rows, columns=["station_id", "dam", "distance_km", "arrival_utc", "added_peak_m3s"])
    frame["arrival_utc"] = pd.to_datetime(frame["arrival_utc"], utc=True)
    return frame.sort_values("distance_km").reset_index(drop=True)


ARCHIVE_YEARS = 100
#: Raise when :func:`synthetic_archive` (or the archive CSV it is rendered into) changes what a station's
#: exercise archive holds: statistics stored under the old version are then computed afresh.
ARCHIVE_GENERATOR_VERSION = 1


@lru_cache(maxsize=64)
def synthetic_archive(station_id: str, mq: float, mhq: float, cv: float, last_day: date,
                      seed: int = 2026, years: int = ARCHIVE_YEARS) -> pd.DataFrame:
    """A synthetic corrected daily archive (``date``, ``discharge_m3s``, ``quality``) of ``years``
    calendar years ending ``last_day``, with mean ≈ MQ and annual maxima ~ Gumbel(mean MHQ, CV ``cv``).

    Each year: a winter recession to low flow, a spring-flood peak in late May–June (day 140–175)
    rising over ~3 weeks and falling over ~5, and a smaller autumn-rain bump in October.
    """
    rng = station_rng(seed, station_id, "archive")
    first_day = date(last_day.year - years + 1, 1, 1)
    days = pd.date_range(first_day, last_day, freq="D")
    year_index = (days.year - first_day.year).to_numpy()
    doy = days.day_of_year.to_numpy().astype(float)
    n_years = int(year_index.max()) + 1
    beta = np.sqrt(6.0) * cv * mhq / np.pi
    u = mhq - EULER * beta
    annual_max = u - beta * np.log(-np.log(rng.uniform(0.002, 0.998, n_years)))
    peak_day = np.clip(rng.normal(155.0, 9.0, n_years), 135.0, 180.0)
    autumn = rng.uniform(0.15, 0.45, n_years) * mq
    d = doy - peak_day[year_index]
    width = np.where(d < 0, 14.0, 28.0)
    pulse = np.exp(-((d / width) ** 2))
    base_shape = 0.55 + 0.45 * np.cos(2 * np.pi * (doy - 200.0) / 365.25)  # low in late winter
    base_at_peak = 0.55 + 0.45 * np.cos(2 * np.pi * (peak_day - 200.0) / 365.25)
    autumn_bump = autumn[year_index] * np.exp(-(((doy - 285.0) / 18.0) ** 2))
    # Solve the base level b so the long-term mean is MQ: flow is linear in b.
    peak_term = annual_max[year_index] * pulse
    b_coeff = np.mean(base_shape - base_at_peak[year_index] * pulse)
    b = (mq - np.mean(peak_term) - np.mean(autumn_bump)) / b_coeff
    b = max(b, 0.15 * mq)
    noise = 1.0 + 0.04 * rng.standard_normal(len(days))
    flow = (b * base_shape + (annual_max[year_index] - b * base_at_peak[year_index]) * pulse) * noise + autumn_bump
    flow = np.maximum(flow, 0.05 * mq)
    frame = pd.DataFrame({
        "date": pd.Series(days.date, dtype="object"),
        "discharge_m3s": np.round(flow, 3),
        "quality": pd.Series(["G"] * len(days), dtype="object"),
    })
    return frame
