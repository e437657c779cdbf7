"""Message texts as values: the content hash of a version and the diff between two versions.

Pure functions, no database. A message has a Swedish and an English part, each with a
headline, a body and an instruction (what people should do; CAP ``instruction``).
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import asdict, dataclass, fields

#: Field order used for hashing and diffs; also the order the page shows the text boxes.
TEXT_FIELDS: tuple[str, ...] = (
    "headline_sv",
    "body_sv",
    "instruction_sv",
    "headline_en",
    "body_en",
    "instruction_en",
)

#: Swedish labels of the text fields (diff headers, page labels).
TEXT_FIELD_LABELS_SV: dict[str, str] = {
    "headline_sv": "Rubrik (svenska)",
    "body_sv": "Text (svenska)",
    "instruction_sv": "Råd till allmänheten (svenska)",
    "headline_en": "Rubrik (engelska)",
    "body_en": "Text (engelska)",
    "instruction_en": "Råd till allmänheten (engelska)",
}


@dataclass(frozen=True)
class MessageText:
    """The editable text of one message version, stored exactly as typed."""

    headline_sv: str = ""
    body_sv: str = ""
    instruction_sv: str = ""
    headline_en: str = ""
    body_en: str = ""
    instruction_en: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_mapping(cls, values: object) -> MessageText:
        """Build from a mapping or an object with the same attribute names (e.g. a table row)."""
        names = [f.name for f in fields(cls)]
        if isinstance(values, dict):
            return cls(**{name: str(values.get(name, "")) for name in names})
        return cls(**{name: str(getattr(values, name)) for name in names})


def compute_content_hash(text: MessageText, facts_json: str) -> str:
    """SHA-256 (hex) of a version's content: its six text fields and the facts it cites.

    The content is serialised as canonical JSON (sorted keys, UTF-8, no ASCII escaping), so
    the same text always gives the same hash on any machine and any database. Anyone can
    recompute it from an export to check that the released text is the approved one.
    """
    canonical = json.dumps(
        {"text": text.as_dict(), "facts": json.loads(facts_json or "{}")},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def diff_texts(old: MessageText, new: MessageText, old_label: str, new_label: str) -> str:
    """Unified diff (difflib) of every changed text field, labelled in Swedish.

    Returns an empty string when nothing changed. Example header for a changed body::

        --- version 1: Text (svenska)
        +++ version 2: Text (svenska)
    """
    parts: list[str] = []
    for name in TEXT_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        label = TEXT_FIELD_LABELS_SV[name]
        lines = difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"{old_label}: {label}",
            tofile=f"{new_label}: {label}",
            lineterm="",
        )
        parts.append("\n".join(line.rstrip("\n") for line in lines))
    return "\n".join(parts)
