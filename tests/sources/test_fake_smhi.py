"""The fake SMHI server itself: fixture-tree serving, HTTP control, faults."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.fake_smhi import FakeSmhiServer, Fault


def test_serves_any_fixture_tree_under_warnings(tmp_path):
    tree = tmp_path / "ibww" / "api" / "version" / "1"
    tree.mkdir(parents=True)
    (tree / "warning.json").write_text('[{"id": 1}]', encoding="utf-8")
    with FakeSmhiServer(fixtures_root=tmp_path) as fake:
        assert fake.warnings_url.endswith("/warnings/ibww/api/version/1")
        answer = requests.get(fake.warnings_url + "/warning.json", timeout=5)
        assert answer.status_code == 200 and answer.json() == [{"id": 1}]
        assert requests.get(fake.warnings_url + "/../../../../secret", timeout=5).status_code == 404
        fake.set_response("/warnings/ibww/api/version/1/warning.json", "[]")
        assert requests.get(fake.warnings_url + "/warning.json", timeout=5).json() == []


def test_http_control_switches_faults_and_flows(fake_smhi):
    control = fake_smhi.base_url + "/_control"
    url = fake_smhi.hydroobs_url + "/parameter/1/station/2238/period/latest-months/data.json"
    set_fault = {"action": "set_fault", "station": "2238", "fault": {"status": 503}}
    assert requests.post(control, json=set_fault, timeout=5).json()["faults"]["2238"]["status"] == 503
    assert requests.get(url, timeout=5).status_code == 503
    requests.post(control, json={"action": "clear_faults"}, timeout=5)
    assert requests.get(url, timeout=5).status_code == 200
    requests.post(control, json={"action": "set_latest_discharge", "station": "2238", "m3s": 321.0}, timeout=5)
    quarter = requests.get(fake_smhi.hydroobs_url + "/parameter/2/station/2238/period/latest-day/data.json",
                           timeout=5).json()
    assert quarter["value"][-1]["value"] == 321.0
    assert requests.post(control, json={"action": "nonsense"}, timeout=5).status_code == 400


def test_global_faults_and_limited_faults(fake_smhi):
    url = fake_smhi.hydroobs_url + "/parameter/1.json"
    fake_smhi.set_fault(Fault(status=429, retry_after=7, times=1))
    first = requests.get(url, timeout=5)
    assert first.status_code == 429 and first.headers["Retry-After"] == "7"
    assert requests.get(url, timeout=5).status_code == 200
    fake_smhi.set_fault(Fault(malformed=True))
    with pytest.raises(json.JSONDecodeError):
        json.loads(requests.get(url, timeout=5).content)


def test_runs_as_a_module(tmp_path):
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen([sys.executable, "-m", "tests.fake_smhi", "--port", "0"], cwd=root,
                               stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("hydroobs: http://127.0.0.1:")
        base = line.split(": ", 1)[1].strip()
        deadline = time.time() + 5
        while True:
            try:
                assert requests.get(base + "/parameter/1.json", timeout=2).status_code == 200
                break
            except requests.ConnectionError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_warnings_variant_switch(fake_smhi, tmp_path):
    variant = tmp_path / "ibww" / "api" / "version" / "1"
    variant.mkdir(parents=True)
    (variant / "warning.json").write_text("[]", encoding="utf-8")
    fake_smhi.set_warnings_root(tmp_path)
    assert requests.get(fake_smhi.warnings_url + "/warning.json", timeout=5).json() == []
    fake_smhi.reset()
    assert fake_smhi.fixtures_root.name == "warnings"
