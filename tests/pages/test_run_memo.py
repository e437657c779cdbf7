"""Once per script run (:mod:`pages._shared.run_memo`): one value per run however often it is asked, a new
value in the next run. The memo recognises a run by Streamlit's internal per-run cursor table; this test
fails if a Streamlit upgrade stops replacing it per run. (A fragment's own run cannot be tested here:
AppTest runs the whole script when a fragment's button is clicked.)"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app() -> None:
    import streamlit as st

    from pages._shared.run_memo import once_per_run

    st.session_state.setdefault("computed", 0)

    def compute() -> int:
        st.session_state["computed"] += 1
        return st.session_state["computed"]

    first = once_per_run("value", compute)
    second = once_per_run("value", compute)
    st.text(f"page {first} {second}")

    @st.fragment
    def part() -> None:
        st.text(f"fragment {once_per_run('value', compute)}")
        st.button("again", key="fragment_button")

    part()


def test_a_value_is_computed_once_per_run_and_again_in_the_next():
    at = AppTest.from_function(_app, default_timeout=60)
    at.run()
    assert not at.exception
    assert [t.value for t in at.text] == ["page 1 1", "fragment 1"]
    at.run()
    assert [t.value for t in at.text] == ["page 2 2", "fragment 2"]
    assert at.session_state["computed"] == 2

