"""Who may report for a plant: a person of the organisation that owns it, or an administrator.

The owners of each plant come from the curated dam table through the actor directory
(:func:`directory.actors.read_dam_owners`), their names turned into the directory's organisations by
``directory/data/owner_organisations.csv`` ("Vattenfall" → "Vattenfall AB"). Every owner of a plant
with shares (Stornorrfors: Vattenfall AB and Umeå kommun) may report for it, and where sources disagree on
the owner (Lövön: Uniper or Statkraft Sverige AB) both may. A plant whose owner no source names is reported
only by an administrator.

The rule binds signed-in people. Local mode has every role (one computer, no sign-in) and an owner's feed
is the server acting for the feed's configured organisation (:func:`owner_reports.feeds.feed_principal`),
so neither is checked here; the feed's file is checked against its organisation when parsed.
"""

from __future__ import annotations

from collections.abc import Iterable

from access.person import Person
from access.roles import ADMIN
from directory.actors import UnknownDamError, read_actor_directory
from owner_reports.model import OwnerReportError


class NotOwnerError(OwnerReportError):
    """The person entering reports is not of the organisation that owns the plant (message in Swedish);
    nothing is stored."""


def reporting_organisations(plant: str) -> tuple[str, ...]:
    """The organisations whose members may report for ``plant`` (its owners, then a disputed owner's
    alternative); empty when no source names the owner."""
    try:
        dam = read_actor_directory().dam(plant)
    except UnknownDamError:
        return ()
    return tuple(dict.fromkeys(dam.owners + dam.alt_owners))


def _join_or(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} eller {names[-1]}"


def check_owner_of(person: Person, plants: Iterable[str]) -> None:
    """Refuse with :class:`NotOwnerError` when the signed-in ``person`` (not an administrator) enters a report
    for a plant its organisation does not own; every such plant is named in ``problems``."""
    if not person.signed_in or person.has_role(ADMIN):
        return
    organisation = person.organisation or ""
    problems = []
    for plant in dict.fromkeys(plants):
        owners = reporting_organisations(plant)
        if organisation in owners:
            continue
        if not owners:
            problems.append(f"Ingen källa namnger ägaren till {plant}, så bara en administratör kan rapportera "
                            "för kraftverket.")
        else:
            problems.append(f"{plant} ägs av {_join_or(owners)}, inte av {organisation or 'din organisation'}.")
    if not problems:
        return
    who = f"Du rapporterar för {organisation}" if organisation else "Du hör inte till någon organisation"
    message = (f"{who}. Bara den som hör till kraftverkets ägare (eller en administratör) kan rapportera för det. "
               + (problems[0] if len(problems) == 1 else f"Det gäller {len(problems)} kraftverk.") + " Inget sparades.")
    raise NotOwnerError(message, tuple(problems))
