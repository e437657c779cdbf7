"""Issue 13's outside faults, as cases of the browser's fault test (``tests/browser/test_faults_browser.py``:
a real server and Chromium, every fault on every page).

A case says how to set the fault up (the fake SMHI's fault, SMHI down, a corrupt HTTP cache, a
read-only or full data folder), which badge the data deserves and which Swedish words explain it.
:func:`fault_folder` makes the case's data folder; :func:`warm_fault_folder` the statistics and
three-hour-old HTTP cache a server leaves before SMHI fails, which every case starts from.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hydrology.stats_cache import CACHE_FOLDER as STATISTICS_FOLDER
from sources.http import CACHE_FILE
from sources.river_data import FALLBACK_BANNER
from tests.data_folders import prepare_database, warm_data_folder
from tests.fake_smhi.server import Fault
from tests.storage_faults import fill_filesystem

#: Every page, by URL path, with its heading.
PAGES = {"lage": "Läget", "floden": "Flöden", "karta": "Karta", "agarrapporter": "Ägarrapporter",
         "meddelanden": "Meddelanden", "mote": "Möte", "handelser": "Händelser", "om-data": "Om data",
         "admin": "Administration"}
#: Pages that show no river data of their own: their badge may say so instead of naming the data.
NO_DATA_PAGES = frozenset({"meddelanden", "handelser", "om-data", "admin"})
DOWN = "http://127.0.0.1:9"
BADGE = {"live": "Aktuella data från SMHI", "cache": "Sparade data från", "exercise": "Övningsdata – inte verkliga flöden"}
NO_DATA_BADGE = "Inga mätdata på sidan"
CACHE_BANNER = "– SMHI svarar inte"
READ_ONLY = "Skrivskyddat läge: datamappen är skrivskyddad."
FULL = "Skrivskyddat läge: disken för datamappen är full."
SLOW = "SMHI svarar långsamt"
SAVED_NOTICE = "SMHI svarar långsamt – visar sparade data"


@dataclass
class Case:
    """One fault: how to set it up, which badge the data deserves, which Swedish words explain it."""

    name: str
    badge: str
    explanation: str | None
    fault: Fault | None = None
    station: str | None = None
    warm_cache: bool = True
    smhi_down: bool = False
    folder: str = "plain"  # plain | corrupt-cache | read-only | full
    env: dict[str, str] = field(default_factory=dict)
    #: SMHI recovers after the pages were checked; Läget must then fill in with live data by itself.
    recovers: bool = False


# The read-only case hung the whole browser file before: Läget, Flöden, Karta and Ägarrapporter
# crashed writing "last seen" for SMHI's stations, and the test waited for each crashed page's footer.
CASES = [
    Case("malformed-json", "cache", CACHE_BANNER, Fault(malformed=True)),
    Case("http-503", "cache", CACHE_BANNER, Fault(status=503)),
    Case("server-down", "exercise", FALLBACK_BANNER, smhi_down=True, warm_cache=False),
    Case("read-only-folder", "live", READ_ONLY, folder="read-only", warm_cache=False),
    Case("full-folder", "live", FULL, folder="full", warm_cache=False),
    # Every SMHI answer takes 20 s: within the page's bounded wait (5 s here) every page shows the
    # saved copies and says so; when SMHI recovers (the fake then sends what it held back at once),
    # the waiting page fills in by itself.
    Case("slow-smhi", "cache", SLOW, Fault(delay_ms=20_000), env={"ALVLAGET_PAGE_WAIT_S": "5"}, recovers=True),
    Case("http-429-retry-after", "cache", CACHE_BANNER, Fault(status=429, retry_after=1)),
    Case("removed-station", "live", None, Fault(removed=True), station="2238", warm_cache=False),
    Case("corrupt-cache", "live", None, folder="corrupt-cache", warm_cache=False),
    Case("empty-series", "cache", CACHE_BANNER, Fault(empty=True)),
]
CASES_BY_NAME = {case.name: case for case in CASES}


def smhi_env(case: Case, fake) -> dict[str, str]:
    """Live mode and the SMHI URLs of ``case``: the fake SMHI's, or a closed port when SMHI is down."""
    base = DOWN if case.smhi_down else None
    return {
        "ALVLAGET_MODE": "live",
        "ALVLAGET_SMHI_HYDROOBS_URL": base + "/hydroobs/api/version/1.0" if base else fake.hydroobs_url,
        "ALVLAGET_SMHI_WARNINGS_URL": base + "/warnings/ibww/api/version/1" if base else fake.warnings_url,
    }


def make_warm_fault_folder(folder: Path, fake) -> Path:
    """A data folder as a server leaves it before SMHI fails: three-hour-old copies and statistics
    (of the same fake SMHI the cases use: cached answers are keyed by URL)."""
    fake.reset()
    warm_data_folder(folder, {"ALVLAGET_MODE": "live", "ALVLAGET_SMHI_HYDROOBS_URL": fake.hydroobs_url,
                              "ALVLAGET_SMHI_WARNINGS_URL": fake.warnings_url})
    return folder


def _copy_warm(case: Case, warm: Path, folder: Path) -> None:
    """The statistics every server keeps; the HTTP cache too for the cases about SMHI's answers."""
    shutil.copytree(warm if case.warm_cache else warm / STATISTICS_FOLDER,
                    folder if case.warm_cache else folder / STATISTICS_FOLDER, dirs_exist_ok=True)


def fault_folder(case: Case, base: Path, warm: Path, make_read_only: Callable, make_tiny: Callable) -> Path:
    """The data folder of ``case`` (under ``base``), started from ``warm``: a real read-only or full
    filesystem (the fixtures of :mod:`tests.storage_faults`), a corrupt HTTP cache file, or plain."""
    def fill(folder: Path) -> None:
        _copy_warm(case, warm, folder)
        prepare_database(folder)

    if case.folder == "read-only":
        return make_read_only(fill)
    if case.folder == "full":
        folder = make_tiny(size_kb=8192)
        fill(folder)
        fill_filesystem(folder)
        return folder
    folder = base / case.name
    folder.mkdir(parents=True)
    _copy_warm(case, warm, folder)
    if case.folder == "corrupt-cache":
        (folder / "http-cache").mkdir()
        (folder / "http-cache" / CACHE_FILE).write_bytes(b"truncated\x00" * 700)
    return folder


def badge_problems(case: Case, path: str, sidebar: str, badge: str) -> list[str]:
    """What is wrong with the sidebar text ``sidebar`` of page ``path`` showing ``badge``'s data."""
    where = f"{case.name} /{path}"
    wanted = BADGE[badge]
    allowed = (wanted, NO_DATA_BADGE) if path in NO_DATA_PAGES else (wanted,)
    problems = []
    if not any(text in sidebar for text in allowed):
        problems.append(f"{where}: badge should say {wanted!r}, sidebar says {sidebar!r}")
    why = SLOW if case.recovers else "SMHI svarar inte"
    if badge == "cache" and wanted in sidebar and f" – {why}" not in sidebar:
        problems.append(f"{where}: the badge of saved data should say why ({why!r}), sidebar says {sidebar!r}")
    wrong = [text for key, text in BADGE.items() if key != badge and text in sidebar]
    if wrong:
        problems.append(f"{where}: badge claims {wrong} over {badge} data")
    return problems


def explanation_needed(case: Case, path: str, explanation: str | None) -> bool:
    """The pages without figures explain only storage faults (their banner is on every page)."""
    return bool(explanation) and (path not in NO_DATA_PAGES or case.folder in ("read-only", "full"))
