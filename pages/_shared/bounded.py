"""Bounded waiting: a slow SMHI never holds a page longer than ``Settings.page_wait_s``.

A fetch runs as a background job shared by every session asking for the same thing. The page run
waits for it until the run's deadline (set when the frame starts the run, so several loaders share
one budget), drawing a progress bar. If the job is not done by then, the loader shows what it has
(the disk cache, or the exercise scenario when nothing is cached, marked as such), says so with
:func:`show_slow_notice`, and a small fragment reruns the page when the answer has come. A loader
whose caller says in its own words that it waits (the warnings) asks only for the rerun
(:func:`rerun_when_done`): every "… visas när svaret kommer" must be kept by a rerun.

The jobs share one pool, sized so that quick jobs (warnings from the cache, statistics already
stored) never queue behind slow fetches: a job that could not even start within the page's time
would leave its page waiting with nothing running for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

import streamlit as st

T = TypeVar("T")
DEADLINE_KEY = "_page_wait_deadline"
#: How often a page showing partial data checks whether the slow answer has arrived [s].
REFILL_CHECK_S = 2.0
#: Background jobs at once, per app server. The jobs mostly wait for SMHI (each fetch has its own
#: bounded pool of requests), so threads are cheap; six let a slow SMHI's fetches (observations of
#: one river and of all three, statistics, archives) hold every worker while a page waited for its
#: warnings, which never started.
JOB_WORKERS = 32

ProgressCallback = Callable[[int, int], None]


@dataclass
class Job(Generic[T]):
    """One background fetch and how far it has come (``done`` of ``total`` requests)."""

    future: Future
    done: int = 0
    total: int = 0

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total


@st.cache_resource(show_spinner=False)
def _job_board() -> tuple[ThreadPoolExecutor, dict[Hashable, Job], threading.Lock]:
    return ThreadPoolExecutor(max_workers=JOB_WORKERS, thread_name_prefix="alvlaget-fetch"), {}, threading.Lock()


def start_page_deadline(wait_s: float) -> None:
    """Give this page run ``wait_s`` seconds in all for outside sources (called by the frame)."""
    st.session_state[DEADLINE_KEY] = time.monotonic() + wait_s


def _seconds_left(wait_s: float) -> float:
    deadline = st.session_state.get(DEADLINE_KEY)
    if deadline is None:
        deadline = time.monotonic() + wait_s
        st.session_state[DEADLINE_KEY] = deadline
    return max(0.0, deadline - time.monotonic())


def _job(key: Hashable, work: Callable[[ProgressCallback], T]) -> Job[T]:
    pool, jobs, lock = _job_board()
    with lock:
        job = jobs.get(key)
        if job is None:
            job = Job(future=Future())
            job.future = pool.submit(work, job.progress)
            jobs[key] = job
        return job


def run_bounded(key: Hashable, work: Callable[[ProgressCallback], T], *, wait_s: float,
                label: str, max_wait_s: float | None = None) -> tuple[bool, T | None]:
    """``(True, result)`` when ``work`` finished within the page's time, else ``(False, None)``.

    ``work(progress)`` runs in a background thread, shared by every session asking for ``key``;
    it must not call Streamlit. Its exceptions are raised here, as if it had run in the page.
    ``max_wait_s`` [s] caps this call's wait below what is left of the page's time.
    """
    job = _job(key, work)
    left = _seconds_left(wait_s) if max_wait_s is None else min(_seconds_left(wait_s), max_wait_s)
    if not job.future.done():
        bar = st.progress(0.0, text=label)
        until = time.monotonic() + left
        while not job.future.done() and time.monotonic() < until:
            if job.total:
                bar.progress(min(job.done / job.total, 1.0), text=f"{label} {job.done} av {job.total}")
            wait_futures([job.future], timeout=0.1)
        bar.empty()
    if not job.future.done():
        return False, None
    _pool, jobs, lock = _job_board()
    with lock:
        if jobs.get(key) is job:
            del jobs[key]
    return True, job.future.result()


def is_running(key: Hashable) -> bool:
    _pool, jobs, lock = _job_board()
    with lock:
        job = jobs.get(key)
    return job is not None and not job.future.done()


@st.fragment(run_every=timedelta(seconds=REFILL_CHECK_S))
def _rerun_when_done(keys: tuple[Hashable, ...]) -> None:
    if not any(is_running(key) for key in keys):
        st.rerun()


def job_progress(key: Hashable) -> tuple[int, int] | None:
    """``(done, total)`` of the running job ``key``, or None when there is none (or it has ended)."""
    _pool, jobs, lock = _job_board()
    with lock:
        job = jobs.get(key)
    if job is None or job.future.done():
        return None
    return job.done, job.total


@st.fragment(run_every=timedelta(seconds=REFILL_CHECK_S))
def _progress_until_done(key: Hashable, label: str) -> None:
    progress = job_progress(key)
    if progress is None:
        st.rerun()
    done, total = progress
    st.progress(min(done / total, 1.0) if total else 0.0, text=f"{label} {done} av {total}" if total else label)


def show_progress(label: str, key: Hashable) -> None:
    """A progress bar of the background job ``key`` that keeps moving without blocking the page;
    the page reruns when the job has ended."""
    _progress_until_done(key, label)


def rerun_when_done(key: Hashable) -> None:
    """Rerun the page when the background job ``key`` has ended (draws nothing; the caller says on
    screen what is awaited)."""
    _rerun_when_done((key,))


def show_slow_notice(text: str, key: Hashable) -> None:
    """Say (in Swedish) that a source is slow and what is shown instead; rerun when it has answered."""
    st.info(text, icon=":material/hourglass_top:")
    _rerun_when_done((key,))
