"""Who to coordinate with: the actors to involve for an event, derived from editable data.

The actors, their roles and networks are data, not code:

- ``directory/data/actors.csv`` — länsstyrelser, the regional councils for crisis preparedness,
  the networks and groups of Länsstyrelsen Västerbotten's text on collaboration (NordSam, the
  networks for crisis communication, beredskapssamordnare and räddningschefer, Samordningsgruppen
  för information vid höga flöden, the älvsamordningsgrupper, the regional CBRN function),
  Myndigheten för civilt försvar (MSB until 2025), SMHI, regions, police, Trafikverket, SOS Alarm,
  the dam owners and the vattenregleringsföretag, each with the län it covers (``lan_kod``), its
  networks, who belongs to it (``members``), ``involve_when`` (the rule below), whether joint texts
  go out in its name (``texts_in_its_name``: its members approve them, each as its own organisation;
  see :mod:`messages.approvers`), whether its facts were verified (``verification``,
  ``note_sv``: shown with the actor where it is suggested) and its ``source``;
- the kommuner along each river (the curated ``geodata/curated/kommuner_along_rivers.csv``, read
  through :func:`geodata.layers.read_kommuner_along_rivers`): every kommun is an actor, and its
  räddningstjänst by its real organisation name from ``directory/data/raddningstjanster.csv``
  (several kommuner share one: Räddningstjänsten Höga Kusten-Ådalen, Umeåregionens brandförsvar);
- which dams each owner has (the curated dam table ``geodata/curated/dams.csv``, read through
  :func:`geodata.layers.read_dams`; its short owner names are turned into the actor names of
  ``actors.csv`` by :data:`OWNER_ACTOR_NAMES`).

``involve_when`` values (the only part that is code, in :func:`derive_actors`):

================  ==========================================================================
``always``        every event (Myndigheten för civilt försvar)
``affected_lan``  the actor's län is affected (länsstyrelse, regional council)
``cross_lan``     the event reaches two or more län (NordSam)
``on_river``      the event is on one of the actor's rivers (the river's älvsamordningsgrupp)
``dam_owner``     owns a dam on or above the affected stretch, or the dam the event is about
``flow_high``     flow above MHQ, any SMHI warning, or a dam failure (SMHI, Samordningsgruppen
                  för information vid höga flöden, vattenregleringsföretag)
``level_gul``     warning level yellow or higher, or a dam failure (crisis-communication networks)
``level_orange``  warning level orange or higher, or a dam failure (Trafikverket)
``level_rod``     warning level red, or a dam failure (region, police, SOS Alarm)
``on_request``    never suggested by itself; in the directory to be chosen by hand (CBRN function)
================  ==========================================================================

Affected kommuner are always involved; their räddningstjänst from level yellow or at a dam failure.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from coordination.errors import CoordinationError
from geodata import RIVER_SYSTEMS
from geodata import layers as geodata_layers
from geodata.downstream import DownstreamError, DownstreamReach, downstream_of
from hydrology.status import OVER_MHQ, status_by_key

DATA_DIR = Path(__file__).resolve().parent / "data"
ACTORS_CSV = DATA_DIR / "actors.csv"
RADDNINGSTJANSTER_CSV = DATA_DIR / "raddningstjanster.csv"
OWNER_ORGANISATIONS_CSV = DATA_DIR / "owner_organisations.csv"

#: ``verification`` values of the actor files: ``source`` (a cited page says so) or ``unverified``
#: (named from general knowledge; ``note_sv`` says what is unsure and is shown with the actor).
VERIFICATION: tuple[str, ...] = ("source", "unverified")

#: Event kinds → Swedish.
EVENT_KINDS: dict[str, str] = {"hogflode": "Höga flöden", "dammbrott": "Dammbrott"}

#: Warning levels in rising order (SMHI's words, as in :mod:`hydrology.status`).
WARNING_LEVELS: tuple[str, ...] = ("gul", "orange", "röd")

#: Actor kinds → Swedish, in the order the checklist shows them.
ACTOR_KINDS_SV: dict[str, str] = {
    "kommun": "Kommun",
    "raddningstjanst": "Räddningstjänst",
    "lansstyrelse": "Länsstyrelse",
    "krisrad": "Regionalt råd",
    "natverk": "Nätverk och samverkansgrupp",
    "msb": "Nationell myndighet",
    "dam_owner": "Dammägare",
    "vattenreglering": "Vattenregleringsföretag",
    "smhi": "SMHI",
    "region": "Region",
    "polis": "Polis",
    "trafikverket": "Trafikverket",
    "sos_alarm": "SOS Alarm",
}

INVOLVE_RULES: tuple[str, ...] = (
    "always", "affected_lan", "cross_lan", "on_river", "dam_owner", "flow_high", "level_gul", "level_orange",
    "level_rod", "on_request",
)


class ActorDataError(CoordinationError):
    """The actor data files are inconsistent (unknown rule, kind or owner)."""


@dataclass(frozen=True)
class OwnerOrganisation:
    """One owner name of the curated dam table (``geodata/curated/dams.csv``, short trading names as the map
    shows them, or "Ägare ej känd") and the organisation of the actor directory that acts for it: the legal
    entity the group deals with, whose members report for the owner's plants. ``organisation`` is "" for an
    owner with none (unmapped), ``reason_sv`` then says why."""

    owner: str
    organisation: str
    reason_sv: str
    source: str


@lru_cache(maxsize=1)
def read_owner_organisations(path: Path = OWNER_ORGANISATIONS_CSV) -> dict[str, OwnerOrganisation]:
    """Owner name → :class:`OwnerOrganisation`, from ``owner_organisations.csv``.

    Raises :class:`ActorDataError` for an owner listed twice, or one with neither an organisation nor a reason.
    """
    rows: dict[str, OwnerOrganisation] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            item = OwnerOrganisation(row["owner"].strip(), row["organisation"].strip(), row["reason_sv"].strip(),
                                     row["source"].strip())
            if item.owner in rows:
                raise ActorDataError(f"Ägaren {item.owner!r} står två gånger i owner_organisations.csv.")
            if not item.organisation and not item.reason_sv:
                raise ActorDataError(f"Ägaren {item.owner!r} saknar både organisation och skäl i owner_organisations.csv.")
            rows[item.owner] = item
    return rows


#: Owner names in the curated dam table → the actor's name (``owner_organisations.csv``; unmapped owners left
#: out). Sollefteå kommun owns Sollefteåforsen through its company Sollefteåforsens AB (100 % since 2015),
#: which holds the dam-safety responsibility and is the actor the river group calls.
OWNER_ACTOR_NAMES: dict[str, str] = {o.owner: o.organisation for o in read_owner_organisations().values()
                                     if o.organisation}


class UnknownDamError(CoordinationError):
    def __init__(self, dam: str) -> None:
        super().__init__(f"Dammen {dam!r} finns inte i förteckningen över dammar.")
        self.dam = dam


# --- data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorRecord:
    """One row of ``actors.csv`` (or a kommun / räddningstjänst derived from the kommun table)."""

    actor_id: str
    name: str
    kind: str
    lan_kods: tuple[str, ...]
    rivers: tuple[str, ...]
    networks: tuple[str, ...]
    involve_when: str
    role_sv: str
    aliases: tuple[str, ...] = ()
    source: str = ""
    kommun_kod: str | None = None
    members: str = ""
    texts_in_its_name: bool = False
    verification: str = "source"
    note_sv: str = ""

    @property
    def caveat_sv(self) -> str:
        """What the user must know before relying on this row ("" when it is verified)."""
        return self.note_sv if self.verification == "unverified" else ""


@dataclass(frozen=True)
class Raddningstjanst:
    """The räddningstjänst serving a kommun, by its real organisation name.

    ``form``: kommunal, kommunalförbund, gemensam nämnd …; several kommuner may share one
    organisation (Räddningstjänsten Höga Kusten-Ådalen serves Sollefteå, Kramfors and Härnösand).
    """

    kommun_kod: str
    kommun: str
    organisation: str
    form: str
    verification: str
    note_sv: str
    source: str

    @property
    def caveat_sv(self) -> str:
        return self.note_sv if self.verification == "unverified" else ""


@dataclass(frozen=True)
class KommunOnRiver:
    system: str
    watercourse: str
    order: int | None  # source → sea along the watercourse; None = not on the river
    kommun: str
    kommun_kod: str
    lan_kod: str
    lan: str
    confidence: str = "high"  # high / medium / low, from the reference research


@dataclass(frozen=True)
class DamOwnership:
    """Who owns a dam, as actor names, and how sure that is.

    ``owner_confidence`` is the curated table's (source / inferred / disputed / unknown);
    ``alt_owners`` the owner another source names where sources disagree (Lövön: Statkraft);
    ``caveat_sv`` what the user must know before relying on the owner ("" when it has a source).
    """

    dam: str
    system: str
    watercourse: str
    kommun_kod: str
    owners: tuple[str, ...]  # actor names
    owner_as_published: str  # the curated table's ``owners`` text, shares in percent [%]
    owner_confidence: str = "source"
    alt_owners: tuple[str, ...] = ()
    caveat_sv: str = ""


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(";") if part.strip())


def parse_actor_rows(rows: Iterable[dict[str, str]]) -> list[ActorRecord]:
    """Actors from ``actors.csv`` rows. Raises :class:`ActorDataError` on an unknown kind or rule."""
    records = []
    for row in rows:
        if row["kind"] not in ACTOR_KINDS_SV:
            raise ActorDataError(f"Okänd aktörstyp {row['kind']!r} för {row['name']!r} i actors.csv.")
        if row["involve_when"] not in INVOLVE_RULES:
            raise ActorDataError(f"Okänd regel {row['involve_when']!r} för {row['name']!r} i actors.csv.")
        verification = (row.get("verification") or "source").strip()
        if verification not in VERIFICATION:
            raise ActorDataError(f"Okänd verifiering {verification!r} för {row['name']!r} i actors.csv.")
        records.append(
            ActorRecord(
                actor_id=row["actor_id"],
                name=row["name"].strip(),
                kind=row["kind"],
                lan_kods=_split(row["lan_kod"]),
                rivers=_split(row["rivers"]),
                networks=_split(row["networks"]),
                involve_when=row["involve_when"],
                role_sv=row["role_sv"].strip(),
                aliases=_split(row["aliases"]),
                source=row["source"].strip(),
                members=(row.get("members") or "").strip(),
                texts_in_its_name=(row.get("texts_in_its_name") or "no").strip() == "yes",
                verification=verification,
                note_sv=(row.get("note_sv") or "").strip(),
            )
        )
    return records


def read_actor_records(path: Path = ACTORS_CSV) -> list[ActorRecord]:
    with path.open(encoding="utf-8", newline="") as handle:
        return parse_actor_rows(csv.DictReader(handle))


def read_raddningstjanster(path: Path = RADDNINGSTJANSTER_CSV) -> list[Raddningstjanst]:
    """Each kommun's räddningstjänst (``directory/data/raddningstjanster.csv``), one row per kommun."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        if row["verification"] not in VERIFICATION:
            raise ActorDataError(f"Okänd verifiering {row['verification']!r} för {row['kommun']!r} i raddningstjanster.csv.")
        out.append(Raddningstjanst(**{key: (value or "").strip() for key, value in row.items()}))
    return out


#: The curated table's ``on_river`` (yes / uncertain / no) → our confidence; "none" = not on the river.
_ON_RIVER_CONFIDENCE: dict[str, str] = {"yes": "high", "uncertain": "low"}


def read_kommuner_along_rivers() -> list[KommunOnRiver]:
    """The kommuner along each watercourse, from the curated geodata table, source to sea.

    Unlike :func:`geodata.river_kommuner.read_river_kommuner`, a kommun marked ``on_river=no`` (a
    boundary artefact, e.g. Örnsköldsvik on Ångermanälven) is kept, with ``order=None`` so it is
    never involved by default but can still be chosen by its code; ``uncertain`` rows get
    confidence ``"low"``.
    """
    out = []
    for row in geodata_layers.read_kommuner_along_rivers().itertuples(index=False):
        confidence = _ON_RIVER_CONFIDENCE.get(str(row.on_river).strip(), "none")
        on_river = confidence != "none" and not pd.isna(row.order_source_to_sea)
        out.append(
            KommunOnRiver(
                system=row.system,
                watercourse=row.river,
                order=int(row.order_source_to_sea) if on_river else None,
                kommun=row.kommun,
                kommun_kod=row.kommun_kod,
                lan_kod=row.lan_kod,
                lan=row.lan,
                confidence=confidence,
            )
        )
    return out


def parse_owner_actor_names(owners: str) -> tuple[str, ...]:
    """Actor names for the curated dam table's ``owners`` field, in the order written.

    ``"Vattenfall 75; Umeå kommun 25"`` → ``("Vattenfall AB", "Umeå kommun")`` (shares [%] are
    checked by :func:`geodata.layers.parse_owners` and dropped here).
    """
    if not owners:  # no source names the owner (owner_confidence "unknown")
        return ()
    return tuple(OWNER_ACTOR_NAMES.get(name, name) for name, _share in geodata_layers.parse_owners(owners))


def read_dam_owners() -> list[DamOwnership]:
    """Who owns each dam, from the curated dam table (:func:`geodata.layers.read_dams`).

    Ordered by river system as the app shows them (:data:`geodata.RIVER_SYSTEMS`), the main stem
    before its tributaries, each river source to sea: the order of the dam picker and of the dams
    named in an owner's reason.
    """
    dams = geodata_layers.read_dams()
    rank = {system: i for i, system in enumerate(RIVER_SYSTEMS)}
    # A stable sort keeps the table's own order (source to sea per drawn river) within each group.
    rows = sorted(
        dams.itertuples(index=False), key=lambda row: (rank[row.system], row.river != row.system)
    )
    return [
        DamOwnership(
            dam=row.name,
            system=row.system,
            watercourse=row.watercourse,
            kommun_kod=row.kommun_kod,
            owners=parse_owner_actor_names(row.owners),
            owner_as_published=row.owners,
            owner_confidence=row.owner_confidence,
            alt_owners=parse_owner_actor_names(row.owner_alt),
            caveat_sv=_owner_caveat_sv(row),
        )
        for row in rows
    ]


def _owner_caveat_sv(row) -> str:
    """The owner's uncertainty for the checklist, e.g. "källorna är oense om ägaren (Uniper eller Statkraft)"."""
    if row.owner_confidence == "disputed":
        other = geodata_layers.format_owners_sv(row.owner_alt) if row.owner_alt else "en annan ägare"
        return f"källorna är oense om ägaren ({row.owners_sv} eller {other})"
    if row.owner_confidence == "inferred":
        return "ägaren är härledd, inte bekräftad"
    if row.owner_confidence == "unknown":
        return "ingen källa för ägaren"
    return ""


def kommun_actor_name(kommun: str) -> str:
    """The kommun's official name: ``"Umeå"`` → ``"Umeå kommun"``, ``"Storuman"`` → ``"Storumans kommun"``.

    Swedish genitive: no ``s`` after a vowel or an ``s``/``x``/``z`` ending (Vännäs, Kramfors).
    """
    if kommun[-1].lower() in "aeiouyåäösxz":
        return f"{kommun} kommun"
    return f"{kommun}s kommun"


def raddningstjanst_actor_name(kommun: str) -> str:
    """The räddningstjänst serving a kommun by its organisation name, e.g. ``"Kramfors"`` →
    ``"Räddningstjänsten Höga Kusten-Ådalen"``; a kommun missing from the table gets a generic name."""
    for row in read_actor_directory().raddningstjanster:
        if row.kommun == kommun:
            return row.organisation
    return f"Räddningstjänsten ({kommun_actor_name(kommun)})"


@dataclass(frozen=True)
class ActorDirectory:
    """All actor data, loaded once: named actors, kommuner along the rivers and dam owners."""

    actors: tuple[ActorRecord, ...]
    kommuner: tuple[KommunOnRiver, ...]
    dams: tuple[DamOwnership, ...]
    raddningstjanster: tuple[Raddningstjanst, ...] = ()

    def __post_init__(self) -> None:
        known = {a.name for a in self.actors} | {kommun_actor_name(k.kommun) for k in self.kommuner}
        for dam in self.dams:
            for owner in dam.owners + dam.alt_owners:
                if owner not in known:
                    raise ActorDataError(f"Dammägaren {owner!r} för {dam.dam} saknas i actors.csv.")

    def kommuner_on(self, rivers: Iterable[str]) -> list[KommunOnRiver]:
        """Kommuner that lie on the rivers' watercourses, first row per kommun.

        Rows without an order (not on the river) or of low confidence (e.g. Arjeplog on
        Vindelälven, seen only in generalised geometry) are left out; the page lets the user add
        any kommun by hand.
        """
        wanted = set(rivers)
        seen: dict[str, KommunOnRiver] = {}
        for row in self.kommuner:
            if row.order is None or row.confidence == "low":
                continue
            if row.system in wanted and row.kommun_kod not in seen:
                seen[row.kommun_kod] = row
        return list(seen.values())

    def dams_on(self, rivers: Iterable[str]) -> list[DamOwnership]:
        wanted = set(rivers)
        return [d for d in self.dams if d.system in wanted]

    def dam(self, name: str) -> DamOwnership:
        for dam in self.dams:
            if dam.dam == name:
                return dam
        raise UnknownDamError(name)

    def raddningstjanst(self, kommun_kod: str) -> Raddningstjanst | None:
        """The räddningstjänst serving the kommun, or None when the table lacks it."""
        return next((r for r in self.raddningstjanster if r.kommun_kod == kommun_kod), None)

    def networks(self) -> list[ActorRecord]:
        """The councils, networks and groups (kinds ``krisrad`` and ``natverk``), in file order."""
        return [a for a in self.actors if a.kind in ("krisrad", "natverk")]

    def kommun(self, kommun_kod: str) -> KommunOnRiver:
        for row in self.kommuner:
            if row.kommun_kod == kommun_kod:
                return row
        raise CoordinationError(f"Kommunkod {kommun_kod} finns inte bland kommunerna längs älvarna.")


@lru_cache(maxsize=1)
def read_actor_directory() -> ActorDirectory:
    """The directory from ``actors.csv`` and the curated geodata tables (read once per process)."""
    return ActorDirectory(
        actors=tuple(read_actor_records()),
        kommuner=tuple(read_kommuner_along_rivers()),
        dams=tuple(read_dam_owners()),
        raddningstjanster=tuple(read_raddningstjanster()),
    )


def organisation_names(directory: ActorDirectory | None = None) -> list[str]:
    """Every organisation of the directory by name, sorted: actors, kommuner along the rivers and
    their räddningstjänster (e.g. for choosing whose press contact to set)."""
    directory = directory or read_actor_directory()
    names = {a.name for a in directory.actors}
    names |= {kommun_actor_name(k.kommun) for k in directory.kommuner}
    names |= {r.organisation for r in directory.raddningstjanster}
    return sorted(names, key=str.casefold)


def unverified_notes_sv(names: Iterable[str] | None = None, directory: ActorDirectory | None = None) -> list[str]:
    """What is not verified about the organisations ``names`` (every organisation when None), in Swedish.

    One line per note, naming the organisations it concerns: ``"Arjeplogs kommuns räddningstjänst och
    Malå kommuns räddningstjänst: Räddningstjänstens organisationsnamn är inte bekräftat."`` Shown where the
    names are used (Administration, approvals), as Om data lists them; [] when every name is verified.
    """
    directory = directory or read_actor_directory()
    caveats = {a.name: a.caveat_sv for a in directory.actors if a.caveat_sv}
    caveats |= {r.organisation: r.caveat_sv for r in directory.raddningstjanster if r.caveat_sv}
    wanted = caveats if names is None else dict.fromkeys(names)
    by_note: dict[str, list[str]] = {}
    for name in sorted(wanted, key=str.casefold):
        if caveats.get(name):
            by_note.setdefault(caveats[name], []).append(name)
    return [f"{_join_sv(organisations)}: {note}" for note, organisations in by_note.items()]


# --- the event and the rules --------------------------------------------------------------------


@dataclass(frozen=True)
class CoordinationEvent:
    """What has happened and where, as the actor rules need it.

    Attributes
    ----------
    rivers : river systems concerned, e.g. ``("Umeälven",)``.
    kind : ``"hogflode"`` (high flows) or ``"dammbrott"`` (dam failure).
    kommun_kods : the affected kommuner (SCB kommunkod, e.g. ``"2480"`` Umeå); empty → every
        kommun along the rivers.
    dam : the dam the event is about (failure, or increased discharge), by name as in the
        curated dam table (``geodata/curated/dams.csv``), e.g. ``"Hällby"``.
    above_mhq : some station's flow is above MHQ.
    warning_level : the highest of SMHI's warnings in force and the flow's return-period band
        (``"gul"``, ``"orange"``, ``"röd"``) or None.
    upstream_dams : dams on or above the affected stretch, when the caller knows them (helper
        C's downstream analysis); None → every dam in the river systems (the safe side).
    rescue_taken_over_by : the länsstyrelse that has taken over the responsibility for the rescue
        service (LSO 4 kap. 10 §, :mod:`directory.rescue_command`), e.g. ``"Länsstyrelsen
        Norrbotten"``; None while the kommun's räddningstjänst leads.
    """

    rivers: tuple[str, ...]
    kind: str = "hogflode"
    kommun_kods: tuple[str, ...] = ()
    dam: str | None = None
    above_mhq: bool = False
    warning_level: str | None = None
    upstream_dams: tuple[str, ...] | None = None
    rescue_taken_over_by: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}")
        if self.warning_level is not None and self.warning_level not in WARNING_LEVELS:
            raise ValueError(f"unknown warning level {self.warning_level!r}")

    def level_at_least(self, level: str) -> bool:
        """True at a dam failure, or when the warning level is ``level`` or higher."""
        if self.kind == "dammbrott":
            return True
        if self.warning_level is None:
            return False
        return WARNING_LEVELS.index(self.warning_level) >= WARNING_LEVELS.index(level)


@dataclass(frozen=True)
class ActorSuggestion:
    """An actor to involve and why (Swedish)."""

    name: str
    kind: str
    reason_sv: str
    role_sv: str = ""
    networks: tuple[str, ...] = field(default=())
    texts_in_its_name: bool = False
    #: True when it owns a dam the event concerns (a kraftbolag, or a vattenregleringsföretag such as
    #: Skellefteälvens Vattenregleringsföretag for Sädvajaure): owners approve the joint texts.
    owns_dam: bool = False

    @property
    def kind_sv(self) -> str:
        return ACTOR_KINDS_SV[self.kind]


def _level_reason(event: CoordinationEvent, level: str) -> str:
    if event.kind == "dammbrott":
        return "Dammbrott"
    return {"gul": "Gul nivå eller högre", "orange": "Orange nivå eller högre", "röd": "Röd nivå"}[level]


def derive_actors(event: CoordinationEvent, directory: ActorDirectory | None = None) -> list[ActorSuggestion]:
    """The actors to involve for ``event``, each with a reason, in checklist order.

    Examples
    --------
    A yellow high-flow level on Umeälven at Vännäs and Umeå gives Vännäs kommun, Umeå kommun, their
    räddningstjänster (Vännäs kommuns räddningstjänst, Umeåregionens brandförsvar), Länsstyrelsen
    Västerbotten, the Västerbotten regional council and crisis-communication network, Samordningsgruppen
    för information vid höga flöden, Älvsamordningsgruppen Umeälven, Myndigheten för civilt försvar,
    every dam owner on Umeälven, Umeälvens vattenregleringsföretag and SMHI — but not the police or
    SOS Alarm (red level or dam failure only).
    """
    directory = directory or read_actor_directory()
    suggestions: list[ActorSuggestion] = []

    if event.kommun_kods:
        kommuner = [directory.kommun(code) for code in dict.fromkeys(event.kommun_kods)]
        kommun_reason = "Berörd kommun"
    else:
        kommuner = directory.kommuner_on(event.rivers)
        kommun_reason = "Kommun längs " + " och ".join(event.rivers)
    affected_lan = {k.lan_kod: k.lan for k in kommuner}

    for kommun in kommuner:
        suggestions.append(
            ActorSuggestion(
                kommun_actor_name(kommun.kommun), "kommun", kommun_reason,
                "Kommunalt ansvar för räddningstjänst, information till invånare och krisledning",
            )
        )
    if event.level_at_least("gul"):
        suggestions += _raddningstjanst_suggestions(event, kommuner, directory)

    owners = _owners_on_or_above(event, directory)
    possible = _possible_owners(event, directory)
    for actor in directory.actors:
        reason = _reason_for(actor, event, affected_lan, owners)
        if actor.involve_when != "dam_owner" and actor.name in owners:
            # Involved for another reason and owning a dam concerned (Ångermanälvens vattenregleringsföretag:
            # Ransaren): it is called as the owner too, with what is unsure about that ownership.
            reason = ". ".join(part for part in (_owner_reason(actor.name, event, owners), reason) if part)
        if actor.involve_when == "dam_owner" or actor.name in owners:
            reason = _with_owner_doubts(reason, owners.get(actor.name, []), possible.get(actor.name, []), event,
                                        directory)
        if reason:
            if actor.caveat_sv:
                reason = f"{reason}. {actor.caveat_sv}"
            suggestions.append(
                ActorSuggestion(actor.name, actor.kind, reason, actor.role_sv, actor.networks,
                               actor.texts_in_its_name, owns_dam=actor.name in owners)
            )
    # Umeå kommun can be both a kommun and a dam owner (Stornorrfors): one row, both reasons.
    for owner, dams in owners.items():
        if owner not in {a.name for a in directory.actors}:
            suggestions = [
                ActorSuggestion(s.name, s.kind, f"{s.reason_sv}; dammägare ({', '.join(dams)})", s.role_sv,
                               owns_dam=True)
                if s.name == owner else s
                for s in suggestions
            ]
            if owner not in {s.name for s in suggestions}:
                suggestions.append(ActorSuggestion(owner, "kommun", f"Dammägare ({', '.join(dams)})", owns_dam=True))

    if event.rescue_taken_over_by:
        suggestions = _with_rescue_takeover(suggestions, event.rescue_taken_over_by, directory)
    order = list(ACTOR_KINDS_SV)
    return sorted(suggestions, key=lambda s: order.index(s.kind))


#: Why a länsstyrelse is involved once it has taken over the rescue service (who-to-coordinate reason).
TAKEOVER_REASON_SV = ("Har tagit över ansvaret för räddningstjänsten (lagen om skydd mot olyckor 4 kap. 10 §): "
                      "utser räddningsledaren, som begär VMA hos SOS Alarm")


def _with_rescue_takeover(suggestions: list[ActorSuggestion], lansstyrelse: str,
                          directory: ActorDirectory) -> list[ActorSuggestion]:
    """The suggestions once ``lansstyrelse`` has taken over the rescue service: it is involved (first reason:
    the take-over; it may lie outside the län reached, as Länsstyrelsen Norrbotten does for Hällby), the
    räddningstjänster work under its räddningsledare, and SOS Alarm sends VMA at that räddningsledare's request."""
    led = f"räddningsinsatsen leds av {lansstyrelse}, som har tagit över räddningstjänsten"
    out = []
    for s in suggestions:
        if s.name == lansstyrelse:
            s = replace(s, reason_sv=f"{TAKEOVER_REASON_SV}. {s.reason_sv}")
        elif s.kind == "raddningstjanst":
            s = replace(s, reason_sv=f"{s.reason_sv}; {led}")
        elif s.kind == "sos_alarm":
            s = replace(s, reason_sv=f"Sänder VMA (viktigt meddelande till allmänheten) på begäran av räddningsledaren "
                                     f"som {lansstyrelse} har utsett")
        out.append(s)
    if lansstyrelse not in {s.name for s in out}:
        record = next((a for a in directory.actors if a.name == lansstyrelse), None)
        out.append(ActorSuggestion(lansstyrelse, "lansstyrelse", TAKEOVER_REASON_SV,
                                   record.role_sv if record else "", record.networks if record else ()))
    return out


def _raddningstjanst_suggestions(
    event: CoordinationEvent, kommuner: Sequence[KommunOnRiver], directory: ActorDirectory
) -> list[ActorSuggestion]:
    """One suggestion per räddningstjänst organisation, naming the affected kommuner it serves."""
    served: dict[str, list[str]] = {}
    rows: dict[str, Raddningstjanst | None] = {}
    for kommun in kommuner:
        row = directory.raddningstjanst(kommun.kommun_kod)
        name = row.organisation if row else f"Räddningstjänsten ({kommun_actor_name(kommun.kommun)})"
        served.setdefault(name, []).append(kommun_actor_name(kommun.kommun))
        rows.setdefault(name, row)
    out = []
    for name, names in served.items():
        row = rows[name]
        reason = f"{_level_reason(event, 'gul')} i {_join_sv(names)}"
        if row is None:
            reason += ". Räddningstjänsten saknas i förteckningen; namnet är inte bekräftat."
        elif row.caveat_sv:
            reason += f". {row.caveat_sv}"
        out.append(ActorSuggestion(name, "raddningstjanst", reason, "Räddningsinsatser, skydd av bebyggelse, invallning"))
    return out


def _join_sv(items: Sequence[str]) -> str:
    """``["A", "B", "C"]`` → ``"A, B och C"``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def dams_concerned(event: CoordinationEvent, directory: ActorDirectory) -> list[DamOwnership]:
    """The dams whose owners the event concerns: on or above the stretch (or every dam of its rivers
    when that is not known), and the event's own dam."""
    if event.upstream_dams is not None:
        dams = [directory.dam(name) for name in event.upstream_dams]
    else:
        dams = directory.dams_on(event.rivers)
    if event.dam is not None:
        dam = directory.dam(event.dam)
        if dam not in dams:
            dams.append(dam)
    return dams


def _owners_on_or_above(event: CoordinationEvent, directory: ActorDirectory) -> dict[str, list[str]]:
    """Owner name → the dams (on or above the stretch, or the event's dam) that make it one."""
    owners: dict[str, list[str]] = {}
    for dam in dams_concerned(event, directory):
        for owner in dam.owners:
            owners.setdefault(owner, []).append(dam.dam)
    return owners


def _possible_owners(event: CoordinationEvent, directory: ActorDirectory) -> dict[str, list[str]]:
    """Owner name → the dams another source says it owns (sources disagree; Lövön: Statkraft)."""
    owners: dict[str, list[str]] = {}
    for dam in dams_concerned(event, directory):
        for owner in dam.alt_owners:
            if owner not in dam.owners:
                owners.setdefault(owner, []).append(dam.dam)
    return owners


def _with_owner_doubts(reason: str, dams: Sequence[str], possible: Sequence[str], event: CoordinationEvent,
                       directory: ActorDirectory) -> str:
    """An owner's reason, with what is unsure about its ownership said where the owner is suggested."""
    if event.kind == "dammbrott" and event.upstream_dams is None and event.dam in dams:
        dams = [event.dam]  # the reason names only the failed dam (the stretch below is not known)
    doubts: dict[str, list[str]] = {}
    for name in dams:
        caveat = directory.dam(name).caveat_sv
        if caveat:
            doubts.setdefault(caveat, []).append(name)
    if doubts:
        reason += ". Osäker ägaruppgift: " + "; ".join(f"{_join_sv(names)} – {caveat}" for caveat, names in doubts.items())
    if possible:
        failed = event.kind == "dammbrott" and event.dam in possible
        what = f"dammen som brustit ({event.dam})" if failed else _join_sv(list(possible))
        maybe = f"Kan äga {what}: " + "; ".join(directory.dam(name).caveat_sv for name in possible)
        reason = f"{reason}. {maybe}" if reason else maybe
    return reason


def owner_questions_sv(event: CoordinationEvent, directory: ActorDirectory | None = None) -> list[str]:
    """What to find out about the owners of the dams the event concerns, in Swedish (shown below the
    checklist): dams whose owner no source names cannot be matched to an actor to call."""
    directory = directory or read_actor_directory()
    unknown = [dam.dam for dam in dams_concerned(event, directory) if dam.owner_confidence == "unknown"]
    if not unknown:
        return []
    return [f"Ingen källa för ägaren av {_join_sv(unknown)}: ta reda på vem som äger "
            + ("dammen" if len(unknown) == 1 else "dammarna") + " (se Om data)."]


def _owner_reason(name: str, event: CoordinationEvent, owners: dict[str, list[str]]) -> str:
    """Why the owner ``name`` is called: the failed dam it owns, its dams below (cascade) or on the stretch."""
    dams = owners.get(name, [])
    if not dams:
        return ""
    failed = event.kind == "dammbrott" and event.dam in dams
    others = [d for d in dams if d != event.dam] if failed else dams
    shown = ", ".join(others[:4]) + (f" m.fl. ({len(others)} st)" if len(others) > 4 else "")
    if event.kind == "dammbrott" and event.upstream_dams is not None:
        cascade = f"äger dammar nedströms som flodvågen når (kaskadrisk): {shown}" if others else ""
        if failed:
            return f"Äger dammen som brustit ({event.dam})" + (f"; {cascade}" if cascade else "")
        return cascade[0].upper() + cascade[1:]
    if failed:
        return f"Äger dammen som brustit ({event.dam})"
    return f"Dammägare på eller ovanför sträckan: {shown}"


def _reason_for(
    actor: ActorRecord, event: CoordinationEvent, affected_lan: dict[str, str], owners: dict[str, list[str]]
) -> str:
    rule = actor.involve_when
    if rule == "always":
        return "Nationell lägesbild: informeras vid varje händelse"
    if actor.rivers and not set(actor.rivers) & set(event.rivers):
        return ""  # e.g. Umeälvens vattenregleringsföretag at an event on Skellefteälven
    if rule == "affected_lan":
        lan = [affected_lan[code] for code in actor.lan_kods if code in affected_lan]
        return f"Berört län: {', '.join(lan)}" if lan else ""
    if rule == "cross_lan":
        lan = [affected_lan[code] for code in actor.lan_kods if code in affected_lan]
        return f"Händelsen berör flera län: {_join_sv(lan)}" if len(lan) >= 2 else ""
    if rule == "on_river":
        rivers = [river for river in event.rivers if river in actor.rivers]
        return f"Samverkansgruppen för {_join_sv(rivers)}" if rivers else ""
    if rule == "on_request":
        return ""
    if rule == "dam_owner":
        return _owner_reason(actor.name, event, owners)
    if not set(actor.lan_kods) & set(affected_lan):
        return ""
    if rule == "flow_high":
        if event.kind == "dammbrott":
            return "Dammbrott: flödesprognos för vågen nedströms" if actor.kind == "smhi" else "Dammbrott"
        if event.warning_level is not None:
            return "Varning eller flöde på varningsnivå"
        return "Flöde över MHQ" if event.above_mhq else ""
    level = {"level_gul": "gul", "level_orange": "orange", "level_rod": "röd"}[rule]
    if event.kind == "dammbrott" and actor.kind in DAM_FAILURE_REASONS:
        return DAM_FAILURE_REASONS[actor.kind]
    return _level_reason(event, level) if event.level_at_least(level) else ""


#: Why these actors are called at a dam failure (Swedish).
DAM_FAILURE_REASONS: dict[str, str] = {
    "sos_alarm": "Dammbrott: sänder VMA (viktigt meddelande till allmänheten) på begäran av räddningsledaren",
    "polis": "Dammbrott: avspärrning, utrymning och trafik i området nedströms",
    "region": "Dammbrott: vård och patienttransporter i området nedströms",
    "trafikverket": "Dammbrott: vägar och broar nedströms",
}


def actors_for_dam_failure(reach: DownstreamReach, directory: ActorDirectory | None = None) -> list[ActorSuggestion]:
    """Who to coordinate with when the dam of ``reach`` fails: only its river and what lies downstream.

    The failed dam's owner, the owners of the dams below (cascade), the kommuner the wave reaches
    and their räddningstjänst, the länsstyrelse and crisis council of the län reached, SMHI,
    Myndigheten för civilt försvar, SOS Alarm (VMA), the police, the region and Trafikverket — each
    with the reason. Nothing of the other rivers: a failure of Hällby names no Umeälven actor.
    """
    return derive_actors(dam_failure_event(reach), directory)


def dam_failure_event(reach: DownstreamReach, rescue_taken_over_by: str | None = None) -> CoordinationEvent:
    """The coordination event of a failure of ``reach``'s dam: its river, the kommuner and dams below, and the
    länsstyrelse that has taken over the rescue service (None: the kommun's räddningstjänst leads)."""
    return CoordinationEvent(
        rivers=(reach.system,), kind="dammbrott", kommun_kods=tuple(str(c) for c in reach.kommuner["kommun_kod"]),
        dam=reach.dam, upstream_dams=tuple(reach.dams["name"]), rescue_taken_over_by=rescue_taken_over_by,
    )


def read_kommun_kods_reached(dam: str) -> list[str]:
    """SCB codes of the kommuner a failure of ``dam`` reaches, from the dam's own kommun to the sea
    (read from the geodata layers); empty for a dam the layers do not place."""
    try:
        return [str(code) for code in downstream_of(dam).kommuner["kommun_kod"]]
    except DownstreamError:
        return []


def suggestion_names(suggestions: Sequence[ActorSuggestion]) -> list[str]:
    """The names, in order (what the checklist ticks by)."""
    return [s.name for s in suggestions]


def warning_level_of(rivers: Iterable[dict]) -> tuple[str | None, bool]:
    """The highest warning level and whether any flow is above MHQ, from ``situation_to_dict`` dicts.

    The level is the highest of SMHI's warnings in force (``level``: gul/orange/röd) and the
    worst station's return-period band (:mod:`hydrology.status`), so an exercise flow at a
    25-year level counts as orange even before anyone has issued a warning.
    """
    levels: list[str] = []
    above_mhq = False
    for river in rivers:
        worst = river.get("worst_status") or {}
        if int(worst.get("rank", -1)) >= OVER_MHQ.rank:
            above_mhq = True
        try:
            band = status_by_key(str(worst.get("key", "unknown"))).warning_level
        except KeyError:
            band = None
        if band:
            levels.append(band)
        levels += [w["level"] for w in river.get("warnings", []) if w.get("level") in WARNING_LEVELS]
    level = max(levels, key=WARNING_LEVELS.index) if levels else None
    return level, above_mhq
