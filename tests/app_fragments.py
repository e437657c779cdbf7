"""Run one fragment of an AppTest session the way its ``run_every`` timer does in a browser.

AppTest has no public call for a fragment's own run (clicking a fragment's button reruns the whole
script). The browser's timer sends Streamlit a rerun request naming the fragment (``fragment_id_queue``,
``is_auto_rerun``); :func:`run_fragment` sends the same request through AppTest's own script runner,
so Streamlit's real fragment path runs: only the fragment's function, the page script only when the
fragment calls ``st.rerun(scope="app")``. After it, the AppTest's elements are what that run sent;
:func:`recorded_run` also returns the messages a run sent to the browser (what the tab must draw).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest, local_script_runner


def fragment_ids(at: AppTest) -> dict[str, str]:
    """The fragments the session's last run registered: function name (``__qualname__``) → fragment id."""
    storage = at._fragment_storage  # noqa: SLF001 - AppTest keeps its fragments here between runs
    found: dict[str, str] = {}
    for fragment_id, wrapped in list(storage._fragments.items()):  # noqa: SLF001
        cells = dict(zip(wrapped.__code__.co_freevars, wrapped.__closure__ or (), strict=True))
        function = cells["non_optional_func"].cell_contents
        found[function.__qualname__.rsplit(".", 1)[-1]] = fragment_id
    return found


@contextlib.contextmanager
def _fragment_request(fragment_id: str) -> Iterator[None]:
    original = local_script_runner.RerunData
    local_script_runner.RerunData = functools.partial(original, fragment_id_queue=[fragment_id],
                                                      is_auto_rerun=True)
    try:
        yield
    finally:
        local_script_runner.RerunData = original


@contextlib.contextmanager
def _recording(into: list[ForwardMsg]) -> Iterator[None]:
    original = local_script_runner.parse_tree_from_messages

    def parse(messages):  # type: ignore[no-untyped-def]
        into[:] = list(messages)
        return original(messages)

    local_script_runner.parse_tree_from_messages = parse
    try:
        yield
    finally:
        local_script_runner.parse_tree_from_messages = original


def run_fragment(at: AppTest, name: str, timeout: float | None = None) -> AppTest:
    """One timed run of the fragment whose function is called ``name`` (e.g. ``"_banner"``)."""
    recorded_run(at, name, timeout)
    return at


def recorded_run(at: AppTest, fragment: str | None = None, timeout: float | None = None) -> list[ForwardMsg]:
    """Run the whole page (``fragment`` None) or one fragment's timed run; the messages the run sent."""
    messages: list[ForwardMsg] = []
    if fragment is None:
        with _recording(messages):
            at.run(timeout=timeout)
        return messages
    ids = fragment_ids(at)
    if fragment not in ids:
        raise KeyError(f"no fragment {fragment!r} in this session (it has {sorted(ids)})")
    with _fragment_request(ids[fragment]), _recording(messages):
        at.run(timeout=timeout)
    return messages


def delta_bytes(messages: list[ForwardMsg]) -> int:
    """Bytes of the elements and blocks among ``messages`` (what the browser must draw)."""
    return sum(message.ByteSize() for message in messages if message.WhichOneof("type") == "delta")


def fragment_intervals_s(at: AppTest) -> dict[str, float]:
    """The timed fragments of a whole run of the page: function name → ``run_every`` [s]. Runs the page."""
    names = {fragment_id: name for name, fragment_id in fragment_ids(at).items()}
    messages = recorded_run(at)
    names.update({fragment_id: name for name, fragment_id in fragment_ids(at).items()})
    return {names[m.auto_rerun.fragment_id]: m.auto_rerun.interval for m in messages
            if m.WhichOneof("type") == "auto_rerun" and m.auto_rerun.fragment_id in names}
