"""State that several app servers must agree on, kept in the database (no Streamlit here).

- :mod:`sharing.tables` — the tables (shared values, change counters, the HTTP cache).
- :mod:`sharing.store` — one engine per database URL, portable upserts, shared key/value reads and writes.
- :mod:`sharing.live_updates` — a change counter per topic: ``bump(session, topic)`` when writing,
  ``version(topic)`` to ask cheaply whether anything changed.
- :mod:`sharing.http_cache` — a requests-cache backend in the database, for SMHI responses shared by
  every server.
- :mod:`sharing.statistics_store` — station statistics stored under the name of their archive, so a
  later start of any server reads them instead of making the archives again.
"""
