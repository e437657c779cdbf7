"""A local fake of SMHI's open-data servers for tests, benchmarks and browser tests.

``FakeSmhiServer`` serves SMHI's hydroobs paths (generated from an exercise scenario, posing as SMHI:
no ÖVNING mark) under ``/hydroobs/api/version/1.0`` and any fixture file tree (e.g. SMHI warnings)
under ``/warnings/...``, with switchable faults. Run it alone with ``python -m tests.fake_smhi --port N``.
"""

from tests.fake_smhi.server import FakeSmhiServer, Fault

__all__ = ["Fault", "FakeSmhiServer"]
