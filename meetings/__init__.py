"""Meetings of a coordination group: the log, the frozen situation each meeting saw, what changed, minutes."""
