"""PDF export (fpdf2) of a coordinated message: header, text, sources, approvals, version and hash.

The page setup, the DejaVu Sans font and the ÖVNING marking come from
:mod:`messages.exports.pdf_parts`; without the font the export fails with
:class:`PdfFontMissingError` instead of printing question marks.
"""

from __future__ import annotations

from messages.exports.document import ExportDocument
from messages.exports.pdf_parts import MarkedPdf, PdfFontMissingError

__all__ = ["PdfFontMissingError", "render_pdf"]


def render_pdf(doc: ExportDocument) -> bytes:
    """The message as a PDF (bytes). ÖVNING on every page's header and footer in exercise mode."""
    pdf = MarkedPdf(
        title=f"{doc.title} – {doc.group_header}",
        author=doc.group_header,
        header_line=doc.group_header,
        exercise_marking=doc.exercise_marking,
    )
    pdf.exercise_heading()
    pdf.heading(doc.title, 16)
    pdf.paragraph(doc.status_line)
    if doc.reference_line:
        pdf.paragraph(doc.reference_line)
    for part in doc.parts:
        pdf.heading(part.heading, 12)
        pdf.heading(part.headline, 12)
        pdf.paragraph(part.body)
        if part.instruction:
            pdf.paragraph(part.instruction)
    pdf.heading("Källor och tider", 12)
    for line in doc.sources:
        pdf.paragraph(f"• {line}", 9)
    pdf.heading("Godkännanden", 12)
    for line in doc.approvals:
        pdf.paragraph(f"• {line}", 9)
    pdf.paragraph(doc.version_line, 8)
    pdf.missing_glyphs_note()
    pdf.exercise_heading()
    return bytes(pdf.output())
