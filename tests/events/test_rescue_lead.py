"""Who leads the rescue effort: the kommun's räddningstjänst, or a länsstyrelse that has taken it over
(LSO 4 kap. 10 §); stored with history and who changed it, and used for the VMA request and who-to-coordinate.
On SQLite and a real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from access.person import local_person
from coordination.db import make_session_factory
from directory.actors import dam_failure_event, derive_actors
from directory.rescue_command import read_civil_areas, takeover_lansstyrelser
from events.arrivals import ArrivalStore, read_arrival_table, read_reach
from events.briefing import event_fact
from events.live_updates import EVENTS_TOPIC, read_change_count
from events.repository import EventError, EventStore
from events.scenario import known_dams
from messages.approvers import default_approvers, scope_to_kind
from messages.drafting import draft_text
from messages.facts import DraftFacts, facts_from_dict, facts_to_dict
from messages.repository import ActorSpec

ANNA = local_person("Anna Berg", "Länsstyrelsen Norrbotten")
OLLE = local_person("Olle Sund", "Sollefteå kommun")
T0 = datetime(2026, 5, 9, 19, 15, tzinfo=UTC)
NORRBOTTEN = "Länsstyrelsen Norrbotten"


def _declare(store: EventStore, **overrides):
    values = dict(kind="dammbrott", river="Ångermanälven", dam="Hällby", place_sv="Hällbydammen",
                  started_at=T0, author=OLLE, now=T0 + timedelta(minutes=5))
    values.update(overrides)
    return store.declare(**values)


def test_the_kommun_leads_until_the_lansstyrelse_takes_over_and_every_change_is_kept_with_who(store):
    event = _declare(store)
    assert event.rescue_taken_over_by is None
    assert event.rescue_lead_sv == "Räddningsledning: kommunal (Räddningstjänsten Höga Kusten-Ådalen)"
    counter = read_change_count(store.session_factory, EVENTS_TOPIC)
    taken = store.set_rescue_lead(event.id, taken_over_by=NORRBOTTEN, author=ANNA, now=T0 + timedelta(hours=2),
                                  expected_version=1)
    assert (taken.version, taken.rescue_taken_over_by) == (2, NORRBOTTEN)
    assert taken.rescue_lead_sv == "Räddningsledning: länsstyrelsen har tagit över (Länsstyrelsen Norrbotten)"
    assert read_change_count(store.session_factory, EVENTS_TOPIC) > counter  # other sessions notice
    # Every session reads it from the database: a second store on the same database, get and list alike.
    other = EventStore(make_session_factory(store.session_factory.kw["bind"]), known_dams())
    assert other.get(event.id).rescue_taken_over_by == NORRBOTTEN
    assert [e.rescue_taken_over_by for e in other.list_events(is_exercise=False)] == [NORRBOTTEN]
    # A later change of the description keeps the take-over; handing back is a change of its own.
    store.change(event.id, author=OLLE, now=T0 + timedelta(hours=3), description="Brottet är 40 m brett.")
    back = store.set_rescue_lead(event.id, taken_over_by=None, author=ANNA, now=T0 + timedelta(hours=9),
                                 expected_version=3)
    assert (back.version, back.rescue_taken_over_by) == (4, None)
    history = store.history(event.id)
    assert [(h.action_sv, h.changed_by, h.state["rescue_taken_over_by"]) for h in history] == [
        ("Deklarerad", "Olle Sund", None),
        ("Räddningsledning ändrad", "Anna Berg", NORRBOTTEN),
        ("Ändrad", "Olle Sund", NORRBOTTEN),
        ("Räddningsledning ändrad", "Anna Berg", None),
    ]
    assert history[1].changed_at == T0 + timedelta(hours=2)


@pytest.mark.parametrize(("organisation", "message"), [
    ("Länsstyrelsen Västernorrland",
     "”Länsstyrelsen Västernorrland” kan inte ta över räddningstjänsten vid Hällbydammen. Det kan bara den "
     "civilområdesansvariga länsstyrelsen: Länsstyrelsen Norrbotten (förordningen om skydd mot olyckor 4 kap. 33 §)."),
    ("SOS Alarm",
     "”SOS Alarm” kan inte ta över räddningstjänsten vid Hällbydammen. Det kan bara den civilområdesansvariga "
     "länsstyrelsen: Länsstyrelsen Norrbotten (förordningen om skydd mot olyckor 4 kap. 33 §)."),
])
def test_only_the_civilomradesansvarig_lansstyrelse_may_take_over_and_nothing_is_stored_otherwise(
        store, organisation, message):
    event = _declare(store)
    with pytest.raises(EventError) as error:
        store.set_rescue_lead(event.id, taken_over_by=organisation, author=ANNA, now=T0 + timedelta(hours=1))
    assert error.value.message_sv == message
    assert store.get(event.id).version == 1 and len(store.history(event.id)) == 1


def test_a_stale_unchanged_or_ended_rescue_lead_change_is_refused(store):
    event = _declare(store)
    with pytest.raises(EventError, match="^Inget är ändrat.$"):
        store.set_rescue_lead(event.id, taken_over_by=None, author=ANNA, now=T0)
    store.change(event.id, author=OLLE, now=T0 + timedelta(hours=1), description="Ny.")
    with pytest.raises(EventError, match="Någon annan har ändrat händelsen"):
        store.set_rescue_lead(event.id, taken_over_by=NORRBOTTEN, author=ANNA, now=T0, expected_version=1)
    store.end(event.id, ended_at=T0 + timedelta(days=1), author=OLLE, now=T0 + timedelta(days=1))
    with pytest.raises(EventError, match="är avslutad; räddningsledningen kan inte ändras"):
        store.set_rescue_lead(event.id, taken_over_by=NORRBOTTEN, author=ANNA, now=T0 + timedelta(days=1))
    with pytest.raises(EventError, match="^Skriv ditt namn"):
        store.set_rescue_lead(event.id, taken_over_by=NORRBOTTEN, author=local_person("", ""), now=T0)


def test_every_river_lies_in_norra_civilomradet():
    assert {(a.lan_kod, a.civilomrade, a.ansvarig_lansstyrelse) for a in read_civil_areas()} == {
        (code, "Norra civilområdet", NORRBOTTEN) for code in ("22", "23", "24", "25")}
    assert all(a.source for a in read_civil_areas())
    for river in ("Ångermanälven", "Umeälven", "Skellefteälven"):
        assert takeover_lansstyrelser(river) == [NORRBOTTEN]
    assert takeover_lansstyrelser("Ångermanälven", "Hällby") == [NORRBOTTEN]


def _facts(store: EventStore, event, kind: str) -> DraftFacts:
    table = read_arrival_table(ArrivalStore(store.session_factory), "Hällby").table
    return scope_to_kind(DraftFacts(river="Ångermanälven", compiled_at_utc=T0 + timedelta(hours=2),
                                    is_exercise=False, event=event_fact(event, table)), kind)


def test_after_a_take_over_the_lansstyrelse_requests_the_vma_and_the_text_says_so(store):
    event = _declare(store)
    before = _facts(store, event, "vma")
    assert default_approvers(before, kind="vma") == [ActorSpec("Räddningstjänsten Höga Kusten-Ådalen", "raddningstjanst")]
    taken = store.set_rescue_lead(event.id, taken_over_by=NORRBOTTEN, author=ANNA, now=T0 + timedelta(hours=2))
    facts = _facts(store, taken, "vma")
    assert facts_from_dict(facts_to_dict(facts)).event.rescue_taken_over_by == NORRBOTTEN  # kept with the draft
    assert default_approvers(facts, kind="vma") == [ActorSpec(NORRBOTTEN, "lansstyrelse")]
    text = draft_text("vma", facts)
    assert text.body_sv.startswith("Räddningsledaren vid Länsstyrelsen Norrbotten, som har tagit över ansvaret för "
                                   "räddningstjänsten, begär att SOS Alarm sänder följande viktiga meddelande")
    assert text.body_en.startswith("The incident commander of Länsstyrelsen Norrbotten (the county administrative "
                                   "board, which has taken over responsibility for the rescue service) asks SOS Alarm")
    # A draft made before the take-over (facts without the key) still reads: the kommun leads.
    old = facts_to_dict(before)
    del old["event"]["rescue_taken_over_by"]
    assert facts_from_dict(old).event.rescue_taken_over_by is None


def test_who_to_coordinate_says_the_lansstyrelse_leads_once_it_has_taken_over():
    reach = read_reach("Hällby")
    before = {s.name: s.reason_sv for s in derive_actors(dam_failure_event(reach))}
    assert NORRBOTTEN not in before  # Hällby lies in Västernorrland: Norrbotten is not otherwise involved
    after = {s.name: s.reason_sv for s in derive_actors(dam_failure_event(reach, NORRBOTTEN))}
    assert after[NORRBOTTEN] == ("Har tagit över ansvaret för räddningstjänsten (lagen om skydd mot olyckor 4 kap. "
                                 "10 §): utser räddningsledaren, som begär VMA hos SOS Alarm")
    assert after["SOS Alarm"] == ("Sänder VMA (viktigt meddelande till allmänheten) på begäran av räddningsledaren "
                                  "som Länsstyrelsen Norrbotten har utsett")
    assert after["Räddningstjänsten Höga Kusten-Ådalen"] == (
        before["Räddningstjänsten Höga Kusten-Ådalen"]
        + "; räddningsinsatsen leds av Länsstyrelsen Norrbotten, som har tagit över räddningstjänsten")
    assert after["Länsstyrelsen Västernorrland"] == before["Länsstyrelsen Västernorrland"]
    # Still nothing of the other rivers.
    assert not {"Skellefteå Kraft AB", "Umeå kommun", "Älvsamordningsgruppen Umeälven"} & set(after)
    # Without a take-over the reasons are as before.
    assert set(after) - set(before) == {NORRBOTTEN}
