"""Coordinated messages: drafting from the figures, joint approval, versions, integrity, exports (DOCX, PDF, CAP)."""
