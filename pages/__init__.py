"""Thin Streamlit views. Each page script reads widgets, calls cached loaders and renders.

Shared Streamlit helpers (the frame, the sidebar, cached loaders) live in ``pages/_shared/``.
"""
