"""Once per script run: a value several parts of one page run ask for is computed (queried) once.

The event banner, the page's headline and the owners' panel each asked for the active events; each
ask was a few database queries. :func:`once_per_run` keeps a value for the rest of the current script
run of this session — a full page run or a fragment's own run — and computes it again in the next
run, so what another session changed meanwhile is seen at the next run, as before.

How a run is recognised: Streamlit gives every run (full or fragment) a new cursor table on the
session's script-run context (``ctx.cursors``, replaced in ``ScriptRunContext.reset``). The memo
holds that table and compares by identity, so an old run's values are never taken for a new run's.
Outside a script run (a plain test or script) nothing is kept.

Why an internal and not a public API: Streamlit 1.67 offers no public id of a script run. A marker
set by the page frame at the start of each full run (public ``st.session_state``) would not see a
fragment's own run (the event banner's tick every 10 s, the live-update checks): a fragment would then
reuse the values of the last full run, and the banner would show events that have since ended or
miss new ones, which is the staleness this memo must never cause. So the memo keeps to
``ctx.cursors``, reads it defensively (without it every ask computes, as without the memo: correct,
only slower) and ``tests/pages/test_run_memo.py`` fails if an upgrade stops replacing it per run.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

T = TypeVar("T")
_MEMO = "run_memo"


def once_per_run(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s value, computed at most once per script run of this session for ``key``.

    Exceptions are not kept (the next ask computes again). The value is shared by the run's callers:
    they must not change it.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    run = getattr(ctx, "cursors", None)  # internal: replaced by Streamlit at every run (see above)
    if run is None:
        return compute()
    memo = st.session_state.get(_MEMO)
    if memo is None or memo[0] is not run:
        memo = (run, {})
        st.session_state[_MEMO] = memo
    values: dict = memo[1]
    if key not in values:
        values[key] = compute()
    return values[key]
