"""The group's shared database core: engine and tables (:mod:`.db`), typed errors with their Swedish
texts (:mod:`.errors`), limits on what people type (:mod:`.inputs`) and when each SMHI station was last
seen (:mod:`.station_sightings`). The subjects built on it live in their own packages: ``messages``,
``meetings``, ``directory``, ``events``, ``owner_reports``, ``access``.
"""
