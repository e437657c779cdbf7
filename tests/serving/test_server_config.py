"""The committed ``.streamlit/config.toml`` as ``streamlit run`` reads it (Streamlit's own loader, in a
fresh process started in the project folder as the servers are): options the app's speed or safety rests
on are in force, not misspelt or overridden."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Option → the value the app needs (and why, in short).
REQUIRED = {
    # A forced full garbage collection after each run cost more server CPU than a page switch's own run.
    "runner.postScriptGC": False,
    # The code never changes under a running meeting: no file watcher, no rerun on save.
    "server.fileWatcherType": "none",
    "server.runOnSave": False,
}

_READ_OPTIONS = """
import json, sys
from streamlit import config
config.get_config_options(force_reparse=True)
print(json.dumps({name: config.get_option(name) for name in sys.argv[1:]}))
"""


def test_streamlit_reads_the_options_the_app_needs_from_its_config():
    result = subprocess.run([sys.executable, "-c", _READ_OPTIONS, *REQUIRED], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == REQUIRED
    # An option Streamlit does not know is only warned about (and then ignored): none may be misspelt.
    assert "is not a valid config option" not in result.stderr, result.stderr
