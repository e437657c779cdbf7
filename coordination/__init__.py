"""Coordinated messages and meetings: drafting, joint approval, versions, storage, exports."""
