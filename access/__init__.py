"""Who may do what: organisations, members and roles, and the tamper-evident audit trail.

No Streamlit here (the pages' sign-in component is ``pages/_shared/identity.py``).

- :mod:`access.roles` — the five roles (läsare, redaktör, godkännare, mötesledare, administratör).
- :mod:`access.organisations` — the organisations a member can belong to: the actors of the
  coordination directory (``directory/data/actors.csv`` and the kommuner along the rivers).
- :mod:`access.members` — memberships (e-mail → organisation and roles) and e-mail-domain rules,
  stored in the database; every change is written to the audit trail.
- :mod:`access.audit` — the append-only, hash-chained audit trail: :func:`access.audit.record_audit`
  and :func:`access.audit.verify_chain`.
- :mod:`access.person` — :class:`access.person.Person`, the one who acts (signed in or local).
"""
