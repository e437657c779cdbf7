"""Exports of coordinated messages: plain text (WIS, e-mail), DOCX, PDF and CAP 1.2 XML."""
