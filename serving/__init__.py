"""Running the app: preparing a freshly started server before its first viewer (no Streamlit)."""
