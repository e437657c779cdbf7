"""Run the fake SMHI server alone: ``python -m tests.fake_smhi --port 8765``."""

from __future__ import annotations

import argparse
import signal
import threading

from tests.fake_smhi.server import FakeSmhiServer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--scenario", default="varflod")
    args = parser.parse_args()
    server = FakeSmhiServer(host=args.host, port=args.port, scenario=args.scenario).start()
    print(f"hydroobs: {server.hydroobs_url}\nwarnings: {server.warnings_url}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
