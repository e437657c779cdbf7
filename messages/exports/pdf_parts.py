"""PDF (fpdf2) pieces shared by the message export and the meeting minutes.

:class:`MarkedPdf` is an A4 page with a Unicode TrueType font, so å, ä, ö, m³/s and dashes print,
and with the exercise (ÖVNING) marking in red in every page's header and footer. The font is
DejaVu Sans from Debian's ``fonts-dejavu-core`` package; without it :class:`PdfFontMissingError`
is raised instead of printing question marks.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from coordination.errors import CoordinationError
from messages.exports.marking import marked_line, marked_title

__all__ = ["FONT_DIRS", "FONT_FILES", "MarkedPdf", "PdfFontMissingError", "find_font_dir"]

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT = "DejaVu"

EXERCISE_RED = (192, 0, 0)
BLACK = (0, 0, 0)
#: Printed instead of a character the font cannot draw (emoji, rare scripts), so nothing vanishes
#: silently; the characters themselves are listed by :meth:`MarkedPdf.missing_glyphs_note`.
MISSING_GLYPH = "□"


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


class MarkedPdf(FPDF):
    """An A4 PDF with DejaVu Sans loaded, metadata set and the first page open.

    Parameters
    ----------
    title
        Document title for the PDF metadata; ``ÖVNING:`` is put before it for an exercise.
    author
        PDF metadata author.
    header_line
        Printed at the top left of every page, below the marking.
    exercise_marking
        ``"ÖVNING – ÖVNING – ÖVNING"`` for an exercise (red in header, footer and
        :meth:`exercise_heading`), ``""`` otherwise.
    header_size
        Font size of ``header_line`` [pt].
    header_gap
        Space below the page header [mm].
    bold_footer_marking
        Print the footer (marking and page number) in bold in an exercise.
    paragraph_gap
        Space below each :meth:`paragraph` [mm].

    Raises
    ------
    PdfFontMissingError
        DejaVu Sans is not installed.
    """

    def __init__(
        self,
        *,
        title: str,
        author: str,
        header_line: str,
        exercise_marking: str,
        header_size: int = 9,
        header_gap: float = 3,
        bold_footer_marking: bool = False,
        paragraph_gap: float = 2,
    ) -> None:
        font_dir = find_font_dir()
        #: Characters the font could not draw, in order of first use (see :meth:`normalize_text`).
        self.missing_glyphs: dict[str, None] = {}
        super().__init__(format="A4")
        self._marking = exercise_marking
        self._header_line = header_line
        self._header_size = header_size
        self._header_gap = header_gap
        self._bold_footer = bold_footer_marking and bool(exercise_marking)
        self._paragraph_gap = paragraph_gap
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(font_dir / name))
        self.set_title(marked_title(title, bool(exercise_marking)))
        self.set_author(author)
        self.set_auto_page_break(auto=True, margin=20)
        self.add_page()

    def normalize_text(self, text: str) -> str:
        """fpdf2 hook on every text drawn: a character the current font lacks becomes :data:`MISSING_GLYPH`
        (fpdf2 would drop it without a word) and is remembered for :meth:`missing_glyphs_note`."""
        font = getattr(self, "current_font", None)
        cmap = getattr(font, "cmap", None)
        if cmap:
            kept = []
            for char in text:
                if char.isspace() or ord(char) in cmap or not char.isprintable():
                    kept.append(char)
                else:
                    self.missing_glyphs.setdefault(char, None)
                    kept.append(MISSING_GLYPH)
            text = "".join(kept)
        return super().normalize_text(text)

    def missing_glyphs_note(self) -> None:
        """A closing paragraph listing the characters shown as □ (nothing when every character printed)."""
        if not self.missing_glyphs:
            return
        listed = ", ".join(f"U+{ord(char):04X}" for char in self.missing_glyphs)
        self.paragraph(f"Tecken som PDF-typsnittet inte kan visa är ersatta med {MISSING_GLYPH}: {listed}. "
                       "Word- och textexporten har dem.", 8)

    def header(self) -> None:
        """fpdf2 hook: the red marking centred (exercise only), then the header line."""
        if self._marking:
            self.set_font(FONT, "B", 9)
            self.set_text_color(*EXERCISE_RED)
            self.cell(0, 5, self._marking, align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(*BLACK)
        self.set_font(FONT, "", self._header_size)
        self.cell(0, 5, self._header_line, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(self._header_gap)

    def footer(self) -> None:
        """fpdf2 hook: ``Sida n/N`` centred, led by the red marking in an exercise."""
        self.set_y(-15)
        self.set_font(FONT, "B" if self._bold_footer else "", 8)
        if self._marking:
            self.set_text_color(*EXERCISE_RED)
        self.cell(0, 5, marked_line(f"Sida {self.page_no()}/{{nb}}", self._marking), align="C")
        self.set_text_color(*BLACK)

    def heading(self, text: str, size: int, red: bool = False) -> None:
        """A bold heading of ``size`` [pt], wrapped to the page width; red for the exercise marking."""
        self.set_font(FONT, "B", size)
        if red:
            self.set_text_color(*EXERCISE_RED)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*BLACK)
        self.ln(1)

    def paragraph(self, text: str, size: int = 10) -> None:
        """A regular paragraph of ``size`` [pt], wrapped to the page width."""
        self.set_font(FONT, "", size)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(self._paragraph_gap)

    def exercise_heading(self) -> None:
        """The marking as a red 16 pt heading (first and last in the document); nothing outside exercises."""
        if self._marking:
            self.heading(self._marking, 16, red=True)
