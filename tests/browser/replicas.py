"""Two (or more) app servers on one PostgreSQL, for the browser test and ``bench/replicas.py``.

Each server has its own data folder, like servers on separate machines behind a proxy; they share only
the database. A draft waiting for approval is put in the database through the domain API, as any
earlier session would have left it; the approval itself is made through one server's page.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from coordination.db import create_schema, make_engine, make_session_factory
from messages.repository import ActorSpec, DraftRepository
from messages.versions import MessageText
from tests.browser.conftest import StreamlitServer, settle

RIVER = "Umeälven"
APPROVERS: tuple[str, ...] = ("Länsstyrelsen Västerbotten", "Umeå kommun", "Vattenfall AB", "Vännäs kommun",
                              "Vindelns kommun")


def start_replicas(database_url: str, folder: Path, count: int = 2, **env: str) -> list[StreamlitServer]:
    """``count`` exercise-mode servers on ``database_url``, each with its own data folder under ``folder``."""
    servers = []
    for number in range(count):
        server_env = dict(os.environ, ALVLAGET_MODE="exercise", ALVLAGET_DATABASE_URL=database_url,
                          ALVLAGET_DATA_DIR=str(folder / f"server-{number}"), **env)
        servers.append(StreamlitServer(server_env, folder / f"server-{number}.log"))
    return servers


def seed_draft_awaiting_approval(database_url: str, approvers: Sequence[str] = APPROVERS) -> int:
    """A Umeälven press release (ÖVNING) that ``approvers`` must approve; its id."""
    engine = make_engine(database_url)
    create_schema(engine)
    repo = DraftRepository(make_session_factory(engine))
    actors = repo.ensure_actors([ActorSpec(name) for name in approvers])
    draft = repo.create_draft(
        river=RIVER, kind="pressmeddelande", is_exercise=True,
        text=MessageText(headline_sv="ÖVNING: Höga flöden i Umeälven", body_sv="ÖVNING. Flödet stiger."),
        facts={}, author="Övningsledningen", required_actor_ids=[a.id for a in actors],
    )
    engine.dispose()
    return draft.id


def approval_caption(approved: int, required: int = len(APPROVERS)) -> str:
    """What the Meddelanden page says under the approvals table."""
    return f"{approved} av {required} har godkänt version 1."


def approve_next(page, person: str) -> None:
    """On an open Meddelanden page, approve version 1 for the actor the form proposes, as ``person``."""
    main = page.locator('[data-testid="stMain"]')
    field = main.get_by_label("Namn på den som godkänner")
    field.fill(person)
    field.press("Enter")
    settle(page)
    main.get_by_role("button", name="Godkänn version 1").click()
