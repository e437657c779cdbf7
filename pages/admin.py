"""Administration: members of the coordination groups, their organisations and roles, and the audit trail.

Only an administratör (or anyone in local mode) changes memberships; everyone allowed here sees the
result of the audit-trail check. Memberships are matched to the signed-in identity by e-mail; a
domain rule covers a whole organisation (``umea.se`` → Umeå kommun).
"""

from __future__ import annotations

import streamlit as st

from pages._shared.frame import ensure_frame

ensure_frame()

from pages._shared.admin_panels import (  # noqa: E402
    render_audit_check,
    render_domain_rules,
    render_members,
    render_recent_audit,
)
from pages._shared.identity import current_directory, current_person, require_role  # noqa: E402

st.title("Administration")
st.caption("Medlemmar, organisationer och roller – och kontroll av revisionsloggen.")
directory = current_directory()
person = current_person()
render_audit_check(directory)
if require_role("administrator", person):
    render_members(directory, person)
    render_domain_rules(directory, person)
    render_recent_audit(directory)
