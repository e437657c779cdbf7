"""Älvläget — the shared screen of the river coordination groups for high flows and dam failures.

Entry point: ``streamlit run dashboard.py``. The frame (page config, navigation, shared sidebar,
footer) lives in ``pages/_shared/frame.py``; the pages are the scripts in ``pages/``.
"""

from pages._shared.frame import run_app

run_app()
