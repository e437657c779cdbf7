"""Streamlit helpers shared by the page scripts: the app frame and cached loaders."""
