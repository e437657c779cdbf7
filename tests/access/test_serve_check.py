"""Serving other computers without sign-in is refused before the server starts (``make run``).

The on-screen refusal, for a server started some other way, is tested in
tests/pages/test_access_pages.py (test_serving_other_computers_without_sign_in_is_refused).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from access.serve_check import LOCAL_MODE_SV, refusal_sv
from tests.app_testing import PROJECT_ROOT

AUTH = """[auth]
redirect_uri = "https://alvlaget.example.se/oauth2callback"
cookie_secret = "a-long-random-cookie-secret"
client_id = "alvlaget"
client_secret = "hemligt"
server_metadata_url = "https://login.example.se/.well-known/openid-configuration"
"""
#: TEST-NET-1 (RFC 5737): not loopback, and no interface of this machine has it, so even a broken
#: check could not make a server reachable from elsewhere.
OTHER_ADDRESS = "192.0.2.1"


def _check(*args: str, home) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOME=str(home))  # no developer's ~/.streamlit/secrets.toml
    return subprocess.run([sys.executable, "-m", "access.serve_check", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("address", ["0.0.0.0", "::", OTHER_ADDRESS, "alvlaget.example.se", ""])
def test_another_address_without_sign_in_is_refused_with_a_swedish_message(tmp_path, address):
    empty = tmp_path / "secrets.toml"
    empty.write_text('[connections]\nx = "y"\n', encoding="utf-8")
    result = _check("--address", address, "--secrets", str(empty), home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == refusal_sv(address)
    assert result.stdout == ""


def test_an_incomplete_auth_section_is_no_sign_in(tmp_path):
    partial = tmp_path / "secrets.toml"
    partial.write_text(AUTH.replace('client_secret = "hemligt"\n', ""), encoding="utf-8")
    result = _check("--address", "0.0.0.0", "--secrets", str(partial), home=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (2, refusal_sv("0.0.0.0"))


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1", "127.0.1.1"])
def test_this_computer_only_starts_in_local_mode(tmp_path, address):
    result = _check("--address", address, "--secrets", str(tmp_path / "none.toml"), home=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == f"{LOCAL_MODE_SV} (se .streamlit/secrets.toml.example)."


def test_another_address_with_sign_in_configured_starts(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH, encoding="utf-8")
    result = _check("--address", "0.0.0.0", "--secrets", str(secrets), home=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_users_own_streamlit_secrets_count_as_streamlit_reads_them(tmp_path):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(AUTH, encoding="utf-8")
    assert _check("--address", "0.0.0.0", home=tmp_path).returncode == 0


def test_a_broken_secrets_file_is_refused_with_its_name(tmp_path):
    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth\nclient_id = "x"\n', encoding="utf-8")
    result = _check("--address", "127.0.0.1", "--secrets", str(broken), home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Appen startar inte: {broken} går inte att läsa som TOML (")


def test_make_run_refuses_before_streamlit_starts(tmp_path):
    if (PROJECT_ROOT / ".streamlit" / "secrets.toml").exists():
        pytest.skip("this checkout has its own .streamlit/secrets.toml; make run would use it")
    # -o: take the virtualenv as installed (the test must not reinstall anything).
    result = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed-run", "run",
                             f"ADDRESS={OTHER_ADDRESS}", "PORT=9"],
                            cwd=PROJECT_ROOT, env=dict(os.environ, HOME=str(tmp_path)), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert refusal_sv(OTHER_ADDRESS) in result.stderr
    assert "streamlit run" not in result.stdout
    assert "Älvläget startar" not in result.stdout
