"""DOCX export (python-docx): the group's header, the text, sources, approvals, version and hash."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from coordination.exports.document import ExportDocument

_RED = RGBColor(0xC0, 0x00, 0x00)


def _exercise_paragraph(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = _RED


def render_docx(doc: ExportDocument) -> bytes:
    """The message as a Word document (bytes of a .docx file).

    In exercise mode the first and last paragraphs, and the page header and footer, say ÖVNING.
    """
    document = Document()
    section = document.sections[0]
    header_text = doc.group_header
    if doc.is_exercise:
        header_text = f"{doc.exercise_marking}  ·  {doc.group_header}"
        section.footer.paragraphs[0].text = doc.exercise_marking
    section.header.paragraphs[0].text = header_text
    document.core_properties.title = f"{doc.title} – {doc.group_header}"
    if doc.is_exercise:
        document.core_properties.title = f"ÖVNING: {document.core_properties.title}"
        _exercise_paragraph(document, doc.exercise_marking)
    document.add_paragraph(doc.group_header, style="Subtitle")
    document.add_heading(doc.title, level=1)
    document.add_paragraph(doc.status_line)
    if doc.reference_line:
        document.add_paragraph(doc.reference_line)
    for part in doc.parts:
        document.add_heading(part.heading, level=2)
        document.add_heading(part.headline, level=3)
        for paragraph in part.body.split("\n\n"):
            document.add_paragraph(paragraph)
        if part.instruction:
            document.add_paragraph(part.instruction)
    document.add_heading("Källor och tider", level=2)
    for line in doc.sources:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading("Godkännanden", level=2)
    for line in doc.approvals:
        document.add_paragraph(line, style="List Bullet")
    document.add_paragraph(doc.version_line)
    if doc.is_exercise:
        _exercise_paragraph(document, doc.exercise_marking)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
