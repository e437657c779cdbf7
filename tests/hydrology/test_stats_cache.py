"""Statistics are cached per station and archive content, and recomputed when either changes."""

from __future__ import annotations

import json

import pytest

import hydrology.stats_cache as stats_cache
from hydrology.stats_cache import read_or_compute_statistics, statistics_cache_dir
from tests.hydrology.synthetic import gumbel_archive


def test_second_call_reads_the_cache_and_changed_archive_recomputes(tmp_path, monkeypatch):
    archives = {"2236": gumbel_archive(30, seed=1), "1583": gumbel_archive(20, seed=2)}
    first = read_or_compute_statistics(archives, tmp_path)
    files = sorted(p.name for p in statistics_cache_dir(tmp_path).glob("*.json"))
    assert files == ["1583.json", "2236.json"]

    calls = []
    real = stats_cache.compute_statistics

    def counting(missing, hashes=None):
        calls.append(sorted(missing))
        return real(missing, hashes=hashes)

    monkeypatch.setattr(stats_cache, "compute_statistics", counting)
    assert read_or_compute_statistics(archives, tmp_path) == first
    assert calls == []

    revised = dict(archives)
    revised["1583"] = archives["1583"].assign(discharge_m3s=archives["1583"]["discharge_m3s"] * 1.1)
    again = read_or_compute_statistics(revised, tmp_path)
    assert calls == [["1583"]]
    assert again["2236"] == first["2236"]
    assert again["1583"].mq_m3s == pytest.approx(first["1583"].mq_m3s * 1.1)


def test_corrupt_or_old_cache_file_is_recomputed(tmp_path):
    archives = {"2236": gumbel_archive(12, seed=4)}
    folder = statistics_cache_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / "2236.json").write_text("{not json", encoding="utf-8")
    stats = read_or_compute_statistics(archives, tmp_path)["2236"]
    payload = json.loads((folder / "2236.json").read_text(encoding="utf-8"))
    assert payload["archive_hash"] == stats.archive_hash
    payload["version"] = -1
    (folder / "2236.json").write_text(json.dumps(payload), encoding="utf-8")
    assert read_or_compute_statistics(archives, tmp_path)["2236"] == stats
