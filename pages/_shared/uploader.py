"""A file uploader that speaks Swedish.

Streamlit's uploader writes "Drag and drop file here", "Limit 200MB per file" and "Browse files" and
lets an app set none of them. The size limit comes from ``server.maxUploadSize`` in
``.streamlit/config.toml`` (:data:`MAX_UPLOAD_MB`); the words are replaced with CSS on the uploader's
own test ids, so the control works exactly as before (drag and drop, click, keyboard).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

#: Keep equal to ``server.maxUploadSize`` in .streamlit/config.toml (a test checks it) [MB].
MAX_UPLOAD_MB = 10

_CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {
  content: "Dra och släpp en fil här (högst %(mb)d MB)"; }
[data-testid="stFileUploaderDropzone"] button { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button::after { content: "Välj fil"; font-size: 1rem; }
</style>
"""


def swedish_file_uploader(label: str, *, types: list[str], key: str) -> UploadedFile | None:
    """``st.file_uploader`` with Swedish instructions and button; returns the file or None."""
    st.html(_CSS % {"mb": MAX_UPLOAD_MB})
    return st.file_uploader(label, type=types, key=key)
