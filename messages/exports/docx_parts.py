"""Word (python-docx) pieces shared by the message export and the meeting minutes.

Exercise (ÖVNING) marking looks the same in every Word file Älvläget writes: a red, bold, centred
16 pt paragraph first and last, the marking in the page header (and footer), ``ÖVNING:`` in the title.
"""

from __future__ import annotations

import io

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

__all__ = ["DOCX_MIME", "EXERCISE_RED", "add_exercise_paragraph", "docx_bytes", "set_page_header_footer"]

EXERCISE_RED = RGBColor(0xC0, 0x00, 0x00)

#: The media type of a .docx file (for downloads).
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def add_exercise_paragraph(document: Document, marking: str) -> None:
    """Append the exercise marking as a red, bold, centred 16 pt paragraph; nothing when it is empty.

    ``marking`` is the document's ``exercise_marking`` (``"ÖVNING – ÖVNING – ÖVNING"`` or ``""``).
    """
    if not marking:
        return
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(marking)
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = EXERCISE_RED


def set_page_header_footer(document: Document, header: str, footer: str | None) -> None:
    """Write the first section's page header and, unless ``footer`` is None, its page footer."""
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer


def docx_bytes(document: Document) -> bytes:
    """The document as the bytes of a .docx file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
