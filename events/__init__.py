"""Händelser: what the coordination group is dealing with — a declared event drives every page.

An *event* (händelse) is declared by a group member: its kind (dammbrott, risk för dammbrott, höga
flöden, ökad tappning, isdämning, annat), the river, the dam or stretch concerned, when it began
[UTC], a short description and later its end. Every declaration and change is kept in a history
table with who made it. Events live in the coordination database (:mod:`coordination.db`), so every
app server and browser session sees the same ones; several can be active at once.

Modules (no Streamlit anywhere in this package):

- :mod:`events.models` — the tables (events, their history, owners' arrival-time imports, a change
  counter).
- :mod:`events.repository` — declare, change, end, list and read history (:class:`EventStore`).
- :mod:`events.live_updates` — a cheap "has anything changed" counter for polling pages.
- :mod:`events.scenario` — exercise scenarios declare their own event, marked ÖVNING.
- :mod:`events.arrivals` — owners' dam-failure arrival data in the database, and the one function
  every page reads arrival times through (:func:`events.arrivals.read_arrival_table`).
"""
