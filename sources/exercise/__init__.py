"""ÖVNING: exercise scenarios served through the same client as SMHI's real data.

A ``requests`` transport adapter (:mod:`sources.exercise.adapter`) answers SMHI's exact URL paths with
payloads in SMHI's exact formats (:mod:`sources.exercise.render`), generated from a scenario
(:mod:`sources.exercise.scenarios`) up to the shared scenario clock's time
(:mod:`sources.exercise.clock`). Every response carries the header ``X-Alvlaget-Origin: exercise``,
so metas come out with ``origin=EXERCISE`` and ``source="ÖVNING"``; nothing else downstream differs.
"""
