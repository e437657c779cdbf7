"""PDF export (fpdf2) with a Unicode TrueType font, so å, ä, ö, m³/s and dashes print.

The font is DejaVu Sans from Debian's ``fonts-dejavu-core`` package. Without it the export
fails with :class:`PdfFontMissingError` instead of printing question marks.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from coordination.errors import CoordinationError
from coordination.exports.document import ExportDocument

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


class PdfFontMissingError(CoordinationError):
    """No Unicode font to write the PDF with."""

    def __init__(self) -> None:
        super().__init__(
            "PDF kan inte skapas: typsnittet DejaVu Sans saknas på servern "
            "(Debian-paketet fonts-dejavu-core). Använd Word- eller textexporten."
        )


def find_font_dir() -> Path:
    """The folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf."""
    for folder in FONT_DIRS:
        if all((folder / name).exists() for name in FONT_FILES.values()):
            return folder
    raise PdfFontMissingError()


class _MessagePdf(FPDF):
    def __init__(self, doc: ExportDocument) -> None:
        super().__init__(format="A4")
        self._doc = doc

    def header(self) -> None:
        self.set_font("DejaVu", "B" if self._doc.is_exercise else "", 9)
        if self._doc.is_exercise:
            self.set_text_color(192, 0, 0)
            self.cell(0, 5, self._doc.exercise_marking, align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            self.set_font("DejaVu", "", 9)
        self.cell(0, 5, self._doc.group_header, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("DejaVu", "", 8)
        left = self._doc.exercise_marking + "  ·  " if self._doc.is_exercise else ""
        if self._doc.is_exercise:
            self.set_text_color(192, 0, 0)
        self.cell(0, 5, f"{left}Sida {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def render_pdf(doc: ExportDocument) -> bytes:
    """The message as a PDF (bytes). ÖVNING on every page's header and footer in exercise mode."""
    font_dir = find_font_dir()
    pdf = _MessagePdf(doc)
    for style, name in FONT_FILES.items():
        pdf.add_font("DejaVu", style, str(font_dir / name))
    pdf.set_title(f"{'ÖVNING: ' if doc.is_exercise else ''}{doc.title} – {doc.group_header}")
    pdf.set_author(doc.group_header)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()

    def heading(text: str, size: int) -> None:
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def paragraph(text: str, size: int = 10) -> None:
        pdf.set_font("DejaVu", "", size)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    if doc.is_exercise:
        pdf.set_text_color(192, 0, 0)
        heading(doc.exercise_marking, 16)
        pdf.set_text_color(0, 0, 0)
    heading(doc.title, 16)
    paragraph(doc.status_line)
    if doc.reference_line:
        paragraph(doc.reference_line)
    for part in doc.parts:
        heading(part.heading, 12)
        heading(part.headline, 12)
        paragraph(part.body)
        if part.instruction:
            paragraph(part.instruction)
    heading("Källor och tider", 12)
    for line in doc.sources:
        paragraph(f"• {line}", 9)
    heading("Godkännanden", 12)
    for line in doc.approvals:
        paragraph(f"• {line}", 9)
    paragraph(doc.version_line, 8)
    if doc.is_exercise:
        pdf.set_text_color(192, 0, 0)
        heading(doc.exercise_marking, 16)
        pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())
