"""Several app servers' code run as processes of their own, started together and let go at once (for the
tests of what servers on one database must do once between them)."""

from __future__ import annotations

import subprocess
import sys

from tests.app_testing import PROJECT_ROOT


def run_at_once(script: str, args: list[str], envs: list[dict[str, str]], timeout_s: float = 300) -> list[str]:
    """Run ``script`` (Python source that prints "ready", then waits for a line on stdin) once per
    environment in ``envs``; when all are ready, let them all go at once. Their stdouts, in order;
    fails the test when one does not start or exits with an error."""
    servers = [
        subprocess.Popen([sys.executable, "-c", script, *args], cwd=PROJECT_ROOT, env=env, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for env in envs
    ]
    try:
        for server in servers:
            assert server.stdout.readline().strip() == "ready", server.stderr.read()
        for server in servers:  # all at once
            server.stdin.write("go\n")
            server.stdin.flush()
        answers = [server.communicate(timeout=timeout_s) for server in servers]
    finally:
        for server in servers:
            server.kill()
    for (_out, err), server in zip(answers, servers, strict=True):
        assert server.returncode == 0, err
    return [out for out, _err in answers]
