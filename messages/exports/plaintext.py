"""Plain text ready to paste into WIS or an e-mail."""

from __future__ import annotations

from messages.exports.document import ExportDocument


def render_plain_text(doc: ExportDocument) -> str:
    """The whole message as plain text; ÖVNING lines first and last in exercise mode.

    Lines end with ``\\n``; the text ends with a newline.
    """
    lines: list[str] = []
    if doc.is_exercise:
        lines += [doc.exercise_marking, ""]
    lines += [doc.group_header, doc.title, doc.status_line]
    if doc.reference_line:
        lines.append(doc.reference_line)
    for part in doc.parts:
        lines += ["", f"--- {part.heading} ---", "", part.headline, "", part.body]
        if part.instruction:
            lines += ["", part.instruction]
    lines += ["", "Källor och tider:"]
    lines += [f"- {line}" for line in doc.sources]
    lines += ["", "Godkännanden:"]
    lines += [f"- {line}" for line in doc.approvals]
    lines += ["", doc.version_line]
    if doc.is_exercise:
        lines += ["", doc.exercise_marking]
    return "\n".join(lines) + "\n"
