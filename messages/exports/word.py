"""DOCX export (python-docx): the group's header, the text, sources, approvals, version and hash."""

from __future__ import annotations

from docx import Document

from messages.exports.document import ExportDocument
from messages.exports.docx_parts import add_exercise_paragraph, docx_bytes, set_page_header_footer
from messages.exports.marking import marked_line, marked_title


def render_docx(doc: ExportDocument) -> bytes:
    """The message as a Word document (bytes of a .docx file).

    In exercise mode the first and last paragraphs, and the page header and footer, say ÖVNING.
    """
    document = Document()
    set_page_header_footer(
        document,
        header=marked_line(doc.group_header, doc.exercise_marking),
        footer=doc.exercise_marking if doc.is_exercise else None,
    )
    document.core_properties.title = marked_title(f"{doc.title} – {doc.group_header}", doc.is_exercise)
    add_exercise_paragraph(document, doc.exercise_marking)
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
    add_exercise_paragraph(document, doc.exercise_marking)
    return docx_bytes(document)
