"""A real local HTTP server publishing owner report files, as a dam owner would (tests only)."""
