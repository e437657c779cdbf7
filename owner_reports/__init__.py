"""The dam owners' reports (ägarrapporter): what each power station lets through, as its owner says.

SMHI's open data does not carry the live flow of the regulated main stems; the owners in the
coordination group (Vattenfall, Uniper, Statkraft, Skellefteå Kraft, Sollefteåforsens AB …) know it.
A report per power station/dam gives the discharge (total, through turbines, through spillway gates
[m³/s]), the upstream water level against the plant's dämningsgräns and sänkningsgräns [m ö.h.], the
planned discharge ahead, a comment, and who reported it for which organisation.

Modules
-------
``model``     values, validation, staleness (pure)
``plants``    the plants reports may concern (``geodata/curated/dams.csv``) and their regulation limits
``parsing``   the documented CSV/JSON file format, with line-numbered Swedish errors (pure)
``tables``    SQLAlchemy tables on :class:`coordination.db.Base`
``store``     :class:`OwnerReportStore`: append-only writes, newest per plant, history
``feeds``     polling owners' published files (``ALVLAGET_OWNER_FEEDS``) into the store
``display``   sentences and tables for pages and drafts (pure)

No Streamlit here (tests/test_architecture.py).
"""
