"""Älvläget's configuration, read from environment variables in this one place.

Every setting has a default so the app starts with no configuration at all. See README.md.

=============================== ============================================================
variable                        meaning (default)
=============================== ============================================================
``ALVLAGET_MODE``               ``live`` (SMHI's real data) or ``exercise`` (ÖVNING scenario)
``ALVLAGET_SMHI_HYDROOBS_URL``  SMHI hydrological observations API base
                                (``https://opendata-download-hydroobs.smhi.se/api/version/1.0``)
``ALVLAGET_SMHI_WARNINGS_URL``  SMHI impact-based warnings API base
                                (``https://opendata-download-warnings.smhi.se/ibww/api/version/1``)
``ALVLAGET_DATA_DIR``           folder for the local database and cache (``./data``)
``ALVLAGET_DATABASE_URL``       any SQLAlchemy URL (``sqlite:///<data dir>/alvlaget.sqlite``)
``ALVLAGET_CACHE_DIR``          on-disk HTTP cache folder (``<data dir>/http-cache``)
``ALVLAGET_SCENARIO``           exercise scenario id used in exercise mode (``varflod``)
``ALVLAGET_GROUP_NAME``         the coordination group's one name, on every page and document
                                (``Samordningsgruppen för information vid höga flöden``)
``ALVLAGET_ADMINS``             comma-separated e-mail addresses that are administrators when signed in
``ALVLAGET_PAGE_WAIT_S``        longest a page waits for SMHI before showing what it has [s] (``10``)
``ALVLAGET_HTTP_CACHE``         where SMHI's answers are cached: ``file`` (SQLite file in the cache
                                folder) or ``database`` (the app database, shared by every server);
                                ``database`` when the database is not SQLite, else ``file``
``ALVLAGET_LIVE_INTERVAL_S``    how often open pages look for other sessions' changes [s] (``10``)
``ALVLAGET_DB_LOCK_WAIT_S``     longest a save waits for another writer's lock before it is refused
                                as busy [s] (``10``): SQLite's busy timeout, PostgreSQL's
                                ``lock_timeout``
``ALVLAGET_CAP_SENDER``         the ``sender`` of released CAP messages, also the start of
                                their identifiers (``urn:alvlaget:samordningsgrupp``); CAP 1.2
                                allows no spaces, commas, ``<`` or ``&`` in it
``ALVLAGET_OWNER_FEEDS``        dam owners' published report files to poll, as
                                ``Organisation=URL;Organisation=URL`` (none)
``ALVLAGET_OWNER_STALE_HOURS``  age after which an owner report is shown as stale (``24``)
``ALVLAGET_OWNER_STALE_WARNING_HOURS``
                                the same on a river with an SMHI warning in force (``6``)
=============================== ============================================================

The exercise leader can switch the running scenario on the Möte page; that choice is kept in the
database (:mod:`sharing.store`, key ``active_scenario``) so every session, every app server and a
restarted server see the same exercise, and it takes precedence over ``ALVLAGET_SCENARIO``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

logger = logging.getLogger(__name__)
SMHI_HYDROOBS_URL = "https://opendata-download-hydroobs.smhi.se/api/version/1.0"
SMHI_WARNINGS_URL = "https://opendata-download-warnings.smhi.se/ibww/api/version/1"
PROJECT_ROOT = Path(__file__).resolve().parent
#: Key of the exercise leader's scenario choice among the shared values (:mod:`sharing.store`).
ACTIVE_SCENARIO_KEY = "active_scenario"
#: How often an open page asks the database whether another session changed something [s].
LIVE_INTERVAL_S = 10.0
#: A URN, since a coordination group has no e-mail domain of its own; also the domain default
#: (:data:`messages.repository.DEFAULT_CAP_SENDER`).
CAP_SENDER = "urn:alvlaget:samordningsgrupp"
#: The group's one name (the groups call themselves so along all three rivers); also the domain
#: default of every document that names the sender.
GROUP_NAME = "Samordningsgruppen för information vid höga flöden"
#: CAP 1.2 §3.2.1: sender and identifier "MUST NOT include spaces, commas or restricted
#: characters (< and &)"; a comma would also break the ``sender,identifier,sent`` references.
_CAP_FORBIDDEN = (",", "<", "&")

Mode = Literal["live", "exercise"]
#: Default ages after which an owner report is stale [h]: otherwise / during an SMHI warning.
OWNER_STALE_HOURS = 24.0
OWNER_STALE_WARNING_HOURS = 6.0
#: Default longest wait of a save for another writer's lock [s] (SQLite's busy timeout, PostgreSQL's lock_timeout).
DB_LOCK_WAIT_S = 10.0
HttpCache = Literal["file", "database"]


#: What each setting that can be refused decides, in words for the people who use the app (they are not
#: the ones who configured it, and the variable's name means nothing to them).
SETTING_MEANING_SV: dict[str, str] = {
    "ALVLAGET_MODE": "om appen visar verkliga data eller en övning",
    "ALVLAGET_CAP_SENDER": "avsändaren i utgivna CAP-meddelanden",
    "ALVLAGET_HTTP_CACHE": "var SMHI:s svar sparas",
    "ALVLAGET_OWNER_FEEDS": "dammägarnas rapportfiler som appen hämtar",
    "ALVLAGET_OWNER_STALE_HOURS": "när en ägarrapport räknas som gammal",
    "ALVLAGET_OWNER_STALE_WARNING_HOURS": "när en ägarrapport räknas som gammal under en varning",
    "ALVLAGET_PAGE_WAIT_S": "hur länge en sida väntar på SMHI",
    "ALVLAGET_LIVE_INTERVAL_S": "hur ofta öppna sidor letar efter ändringar",
    "ALVLAGET_DB_LOCK_WAIT_S": "hur länge en ändring väntar när databasen är upptagen",
}
#: Who can put a setting right, and how: said after every configuration error on screen.
FIX_BY_OPERATOR_SV = ("Den som sköter Älvläget på servern behöver rätta inställningen och starta om appen. "
                      "Detaljer finns i serverns logg.")


class SettingsError(ValueError):
    """A configuration variable holds a value the app cannot use.

    ``variable`` names it (e.g. ``"ALVLAGET_MODE"``) and the English message says what was wrong, both
    for the server log; ``hint_sv`` says in Swedish what it may hold; :attr:`message_sv` is what the
    screen says (no variable names: the users are not the people who configured the server).
    """

    def __init__(self, message: str, *, variable: str, hint_sv: str) -> None:
        super().__init__(message)
        self.variable = variable
        self.hint_sv = hint_sv

    @property
    def message_sv(self) -> str:
        """``"Appen kan inte starta: inställningen för avsändaren i utgivna CAP-meddelanden är fel. <hint>
        Den som sköter Älvläget på servern …"``."""
        meaning = SETTING_MEANING_SV.get(self.variable, "appen")
        return f"Appen kan inte starta: inställningen för {meaning} är fel. {self.hint_sv} {FIX_BY_OPERATOR_SV}"


@dataclass(frozen=True)
class Settings:
    """The app's configuration. Build it with :func:`load_settings`."""

    mode: Mode
    smhi_hydroobs_url: str
    smhi_warnings_url: str
    data_dir: Path
    database_url: str
    cache_dir: Path
    scenario: str
    cap_sender: str = CAP_SENDER
    group_name: str = GROUP_NAME
    #: (organisation, URL) of each owner feed, in the order configured.
    owner_feeds: tuple[tuple[str, str], ...] = ()
    owner_stale_hours: float = OWNER_STALE_HOURS
    owner_stale_warning_hours: float = OWNER_STALE_WARNING_HOURS
    #: E-mail addresses that are administrators whatever the membership table says (lower case).
    admin_emails: tuple[str, ...] = ()
    #: Longest a page run waits for SMHI before it shows what it has and fills in later [s].
    page_wait_s: float = 10.0
    live_interval_s: float = LIVE_INTERVAL_S
    http_cache: HttpCache = "file"
    #: Longest a save waits for another writer's lock before it is refused as busy [s].
    db_lock_wait_s: float = DB_LOCK_WAIT_S

    @property
    def is_exercise(self) -> bool:
        return self.mode == "exercise"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from ``environ`` (default: the process environment).

    Raises
    ------
    SettingsError
        When ``ALVLAGET_MODE`` is neither ``live`` nor ``exercise``, or ``ALVLAGET_CAP_SENDER``
        holds a space, comma, ``<`` or ``&``; ``ALVLAGET_OWNER_FEEDS`` is not
        ``Organisation=URL;…`` with http(s) URLs; a stale limit is not a positive number of hours.
    """
    env = os.environ if environ is None else environ
    mode = env.get("ALVLAGET_MODE", "live").strip().lower() or "live"
    if mode not in ("live", "exercise"):
        raise SettingsError(
            f"ALVLAGET_MODE must be 'live' or 'exercise', not {mode!r}",
            variable="ALVLAGET_MODE",
            hint_sv="Tillåtna värden: live eller exercise.",
        )
    cap_sender = env.get("ALVLAGET_CAP_SENDER", "").strip() or CAP_SENDER
    if any(char.isspace() or char in _CAP_FORBIDDEN for char in cap_sender):
        raise SettingsError(
            f"ALVLAGET_CAP_SENDER must not contain spaces, commas, '<' or '&', not {cap_sender!r}",
            variable="ALVLAGET_CAP_SENDER",
            hint_sv="CAP-avsändaren får inte innehålla mellanslag, kommatecken, < eller &, "
            "t.ex. urn:alvlaget:samordningsgrupp.",
        )
    page_wait_s = _read_seconds(env, "ALVLAGET_PAGE_WAIT_S", 10.0)
    data_dir = Path(env.get("ALVLAGET_DATA_DIR") or PROJECT_ROOT / "data")
    database_url = env.get("ALVLAGET_DATABASE_URL") or f"sqlite:///{data_dir / 'alvlaget.sqlite'}"
    cache_dir = Path(env.get("ALVLAGET_CACHE_DIR") or data_dir / "http-cache")
    live_interval_s = _read_interval(env.get("ALVLAGET_LIVE_INTERVAL_S", ""))
    http_cache = env.get("ALVLAGET_HTTP_CACHE", "").strip().lower() or (
        "file" if database_url.startswith("sqlite") else "database")
    if http_cache not in ("file", "database"):
        raise SettingsError(
            f"ALVLAGET_HTTP_CACHE must be 'file' or 'database', not {http_cache!r}",
            variable="ALVLAGET_HTTP_CACHE",
            hint_sv="Tillåtna värden: file eller database.",
        )
    return Settings(
        mode=mode,  # type: ignore[arg-type]
        smhi_hydroobs_url=(env.get("ALVLAGET_SMHI_HYDROOBS_URL") or SMHI_HYDROOBS_URL).rstrip("/"),
        smhi_warnings_url=(env.get("ALVLAGET_SMHI_WARNINGS_URL") or SMHI_WARNINGS_URL).rstrip("/"),
        data_dir=data_dir,
        database_url=database_url,
        cache_dir=cache_dir,
        scenario=_read_active_scenario(database_url) or env.get("ALVLAGET_SCENARIO", "varflod").strip() or "varflod",
        cap_sender=cap_sender,
        group_name=" ".join(env.get("ALVLAGET_GROUP_NAME", "").split()) or GROUP_NAME,
        owner_feeds=parse_owner_feeds(env.get("ALVLAGET_OWNER_FEEDS", "")),
        owner_stale_hours=_hours(env, "ALVLAGET_OWNER_STALE_HOURS", OWNER_STALE_HOURS),
        owner_stale_warning_hours=_hours(env, "ALVLAGET_OWNER_STALE_WARNING_HOURS", OWNER_STALE_WARNING_HOURS),
        admin_emails=tuple(e.strip().lower() for e in env.get("ALVLAGET_ADMINS", "").split(",") if e.strip()),
        page_wait_s=page_wait_s,
        live_interval_s=live_interval_s,
        http_cache=http_cache,  # type: ignore[arg-type]
        db_lock_wait_s=read_db_lock_wait_s(env),
    )


def read_db_lock_wait_s(environ: Mapping[str, str] | None = None) -> float:
    """``ALVLAGET_DB_LOCK_WAIT_S`` [s] (default :data:`DB_LOCK_WAIT_S`): how long a save waits for another
    writer's lock before the database refuses it (read where the database engine is made, too).

    Raises
    ------
    SettingsError
        Not a number of seconds between 0.5 and 600.
    """
    return _read_seconds(os.environ if environ is None else environ, "ALVLAGET_DB_LOCK_WAIT_S", DB_LOCK_WAIT_S)


def parse_owner_feeds(text: str) -> tuple[tuple[str, str], ...]:
    """``"Vattenfall AB=https://…/rapport.csv;Uniper=https://…"`` → ((organisation, URL), …).

    Raises
    ------
    SettingsError
        An entry without ``=``, an empty organisation, or a URL that is not http(s).
    """
    feeds: list[tuple[str, str]] = []
    for entry in text.split(";"):
        if not entry.strip():
            continue
        organisation, separator, url = entry.partition("=")
        organisation, url = " ".join(organisation.split()), url.strip()
        if not separator or not organisation or not url.lower().startswith(("http://", "https://")):
            raise SettingsError(
                f"ALVLAGET_OWNER_FEEDS entry {entry.strip()!r} is not 'Organisation=http(s)://…'",
                variable="ALVLAGET_OWNER_FEEDS",
                hint_sv="Skriv Organisation=URL, flera åtskilda av semikolon, t.ex. "
                "Vattenfall AB=https://example.se/rapport.csv;Uniper=https://example.se/u.json.",
            )
        feeds.append((organisation, url))
    return tuple(feeds)


def _hours(env: Mapping[str, str], variable: str, default: float) -> float:
    text = env.get(variable, "").strip().replace(",", ".")
    if not text:
        return default
    try:
        hours = float(text)
    except ValueError:
        hours = -1.0
    if not 0 < hours < 10_000:
        raise SettingsError(
            f"{variable} must be a positive number of hours, not {text!r}",
            variable=variable,
            hint_sv="Ange antal timmar, t.ex. 6 eller 24.",
        )
    return hours


def _read_seconds(env: Mapping[str, str], variable: str, default: float) -> float:
    raw = env.get(variable, "").strip().replace(",", ".")
    if not raw:
        return default
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0.5 <= seconds <= 600:
        raise SettingsError(f"{variable} must be a number of seconds between 0.5 and 600, not {raw!r}",
                            variable=variable, hint_sv="Ange sekunder mellan 0,5 och 600, t.ex. 10.")
    return seconds


def _read_interval(text: str) -> float:
    try:
        seconds = float(text.strip() or LIVE_INTERVAL_S)
    except ValueError:
        seconds = -1.0
    if not 1.0 <= seconds <= 3600.0:
        raise SettingsError(
            f"ALVLAGET_LIVE_INTERVAL_S must be a number of seconds from 1 to 3600, not {text!r}",
            variable="ALVLAGET_LIVE_INTERVAL_S",
            hint_sv="Ange antal sekunder mellan 1 och 3600, t.ex. 10.",
        )
    return seconds


def _read_active_scenario(database_url: str) -> str:
    """The exercise leader's choice from the database; "" when none was made or the database is unreachable
    (then ``ALVLAGET_SCENARIO`` applies, and the pages that need the database say it cannot be reached)."""
    from sharing.store import SharedStateError, read_shared_value  # SQLAlchemy only when needed

    try:
        return (read_shared_value(database_url, ACTIVE_SCENARIO_KEY) or "").strip()
    except SharedStateError as exc:
        logger.warning("active exercise scenario not readable, using ALVLAGET_SCENARIO: %s", exc)
        return ""


def choose_scenario(settings: Settings, scenario_id: str) -> Settings:
    """Make ``scenario_id`` the running exercise scenario for every session and server (writes the database)."""
    from sharing.store import write_shared_value

    write_shared_value(settings.database_url, ACTIVE_SCENARIO_KEY, scenario_id, topic="exercise")
    return replace(settings, scenario=scenario_id)
