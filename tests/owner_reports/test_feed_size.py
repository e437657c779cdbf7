"""An owner feed over the size limit is refused while it downloads, never read whole: at once on a
``Content-Length`` over the limit, else as soon as the body read passes it (a body without a length, or
sent chunked). The fake owner server sends a 100 MB file from a 100 kB block and counts what it sent;
the client's memory is measured with tracemalloc. Before, the whole file was downloaded and held, and
only then refused by the import's 2 MB check."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime

import pytest

from owner_reports.feeds import poll_owner_feed
from owner_reports.parsing import MAX_FILE_BYTES
from settings import load_settings
from sources.errors import ResponseTooLarge
from sources.http import BODY_CHUNK_BYTES
from sources.owner_feed import MAX_FEED_BYTES, OwnerFeed, OwnerFeedError, build_feed_session, get_owner_feed

NOW = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)
HEADER = b"kraftverk;rapporttid;tappning_m3s;turbin_m3s;utskov_m3s\n"
ROW = b"Stornorrfors;2026-05-12 15:00;1 450;850;600\n"
#: 100 kB of rows, sent 1 000 times: a 100 MB file the server never holds whole.
BLOCK = ROW * (100_000 // len(ROW))
REPEAT = 1_000
#: What the loopback's socket buffers may hold beyond what the client read before it hung up [B].
SOCKET_BUFFERS_BYTES = 24_000_000


def _feed(server, path: str) -> OwnerFeed:  # noqa: ANN001 - the fake server fixture
    return OwnerFeed("Vattenfall AB", server.url(path))


def test_the_feed_limit_is_the_import_limit():
    assert MAX_FEED_BYTES == MAX_FILE_BYTES == 2_000_000


@pytest.mark.parametrize("framing", ["close", "chunked"])
def test_a_huge_feed_without_a_length_is_refused_once_the_body_read_passes_the_limit(owner_feed_server, framing):
    path = f"/vattenfall/{framing}.csv"
    owner_feed_server.publish(path, BLOCK, repeat=REPEAT, framing=framing)
    session = build_feed_session(load_settings(), retries=0)  # its imports are not the download's memory
    tracemalloc.start()
    try:
        with pytest.raises(OwnerFeedError) as refused:
            get_owner_feed(_feed(owner_feed_server, path), session)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    cause = refused.value.__cause__
    assert isinstance(cause, ResponseTooLarge) and cause.declared_bytes is None
    assert MAX_FEED_BYTES < cause.read_bytes <= MAX_FEED_BYTES + BODY_CHUNK_BYTES
    assert peak < 3 * MAX_FEED_BYTES  # the 100 MB were never held
    assert owner_feed_server.bytes_sent[path] < SOCKET_BUFFERS_BYTES < len(BLOCK) * REPEAT
    assert refused.value.message_sv == (
        f"Rapportfilen från Vattenfall AB ({owner_feed_server.url(path)}) är för stor: högst 2 MB tas emot, "
        "så hämtningen avbröts.")


def test_a_feed_whose_length_is_over_the_limit_is_refused_before_its_body_is_read(owner_feed_server):
    path = "/vattenfall/rapport.csv"
    owner_feed_server.publish(path, BLOCK, repeat=REPEAT, framing="length")
    with pytest.raises(OwnerFeedError) as refused:
        get_owner_feed(_feed(owner_feed_server, path), build_feed_session(load_settings(), retries=0))
    cause = refused.value.__cause__
    assert isinstance(cause, ResponseTooLarge)
    assert (cause.declared_bytes, cause.read_bytes) == (len(BLOCK) * REPEAT, 0)
    assert owner_feed_server.bytes_sent[path] < SOCKET_BUFFERS_BYTES
    assert refused.value.message_sv == (
        f"Rapportfilen från Vattenfall AB ({owner_feed_server.url(path)}) är för stor (servern anger 100 MB): "
        "högst 2 MB tas emot, så hämtningen avbröts.")


@pytest.mark.parametrize("framing", ["length", "close", "chunked"])
def test_polling_a_huge_feed_stores_nothing_and_says_the_limit(sqlite_store, owner_feed_server, framing):
    path = f"/vattenfall/{framing}.csv"
    owner_feed_server.publish(path, HEADER + BLOCK, repeat=REPEAT, framing=framing)
    feed = _feed(owner_feed_server, path)
    status = poll_owner_feed(feed, sqlite_store, build_feed_session(load_settings(), retries=0),
                             is_exercise=False, clock=NOW, now=NOW)
    assert (status.ok, status.new_reports) == (False, 0)
    size = " (servern anger 100 MB)" if framing == "length" else ""
    assert status.message_sv == (f"Rapportfilen från Vattenfall AB ({feed.url}) är för stor{size}: högst 2 MB tas "
                                 "emot, så hämtningen avbröts. Inget har sparats.")
    assert sqlite_store.read_history(is_exercise=False) == []
    assert sqlite_store.read_feed_statuses(is_exercise=False) == {feed.url: status}


@pytest.mark.parametrize("framing", ["close", "chunked"])
def test_a_feed_under_the_limit_without_a_length_is_read_whole(sqlite_store, owner_feed_server, framing):
    path = f"/vattenfall/{framing}.csv"
    owner_feed_server.publish(path, HEADER + ROW, framing=framing)
    status = poll_owner_feed(_feed(owner_feed_server, path), sqlite_store,
                             build_feed_session(load_settings(), retries=0), is_exercise=False, clock=NOW, now=NOW)
    assert (status.ok, status.new_reports) == (True, 1)
    assert list(sqlite_store.read_latest(is_exercise=False)) == ["Stornorrfors"]
