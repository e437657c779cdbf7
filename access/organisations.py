"""The organisations members belong to: every actor of the coordination directory.

Read through :mod:`directory.actors` (``directory/data/actors.csv`` and the kommuner along
the rivers with their räddningstjänst), so an organisation's name is exactly the actor name that
approves joint texts (``"Umeå kommun"``, ``"Vattenfall AB"``, ``"Länsstyrelsen Västerbotten"``).
"""

from __future__ import annotations

from functools import lru_cache

from directory.actors import kommun_actor_name, raddningstjanst_actor_name, read_actor_directory


@lru_cache(maxsize=1)
def read_organisation_names() -> tuple[str, ...]:
    """Every organisation name, sorted in Swedish alphabetical order (å, ä, ö last)."""
    directory = read_actor_directory()
    names = {actor.name for actor in directory.actors}
    for row in directory.kommuner:
        names.add(kommun_actor_name(row.kommun))
        names.add(raddningstjanst_actor_name(row.kommun))
    order = "abcdefghijklmnopqrstuvwxyzåäö"
    return tuple(sorted(names, key=lambda n: [order.find(c) if c in order else ord(c) for c in n.lower()]))


def is_organisation(name: str) -> bool:
    return name in read_organisation_names()
