"""Refuse, before the server starts, to serve other computers without sign-in.

Without an identity provider anyone who reaches the app could write and approve in any
organisation's name, so the app may then listen on this computer only (loopback). ``make run``
runs this check before ``streamlit run``::

    python -m access.serve_check --address 0.0.0.0

It exits with status 2 and a Swedish message on standard error when the address is not a loopback
address and no complete ``[auth]`` section is configured; otherwise it exits 0 (saying "Lokalt
läge …" when there is no sign-in). The secrets are read where Streamlit reads them,
``~/.streamlit/secrets.toml`` then ``.streamlit/secrets.toml`` (the later wins), or from the files
given with ``--secrets``. The app checks the same again on every page
(``pages/_shared/identity.py``), for a server started some other way.

No Streamlit here: this runs before it.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

LOCAL_MODE_SV = "Lokalt läge utan inloggning – bara den här datorn"
#: Keys an ``[auth]`` section needs for Streamlit's default provider (``st.login()``).
REQUIRED_AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
#: Where Streamlit looks for secrets by default, in its order (a later file's keys win).
DEFAULT_SECRETS_FILES = (Path.home() / ".streamlit" / "secrets.toml", Path(".streamlit") / "secrets.toml")
EXIT_REFUSED = 2


class SecretsFileError(ValueError):
    """A secrets file that is not valid TOML; ``message_sv`` says which, in Swedish."""

    def __init__(self, message_sv: str) -> None:
        super().__init__(message_sv)
        self.message_sv = message_sv


def is_loopback(address: str) -> bool:
    """True when ``address`` reaches this computer only: ``localhost`` or a loopback IP (127.0.0.0/8, ``::1``).

    An empty address means every interface (Streamlit's default), so it is not loopback; so is any
    other host name, which may resolve to anything.
    """
    name = address.strip().strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def auth_configured(auth: Mapping[str, Any] | None) -> bool:
    """True when an ``[auth]`` section has every key Streamlit's default provider needs."""
    return auth is not None and all(key in auth for key in REQUIRED_AUTH_KEYS)


def refusal_sv(address: str) -> str:
    """Why the app does not serve ``address`` without sign-in, and what to do instead (Swedish)."""
    shown = address or "alla nätverkskort"
    return (
        f"Appen startar inte: den tar emot anslutningar från andra datorer ({shown}) men ingen inloggning "
        "är konfigurerad, så vem som helst skulle kunna skriva och godkänna. Konfigurera en "
        "identitetsleverantör under [auth] i .streamlit/secrets.toml, eller starta med "
        "server.address = 127.0.0.1 (make run gör det)."
    )


def read_auth_section(paths: Sequence[Path]) -> Mapping[str, Any] | None:
    """The ``[auth]`` section of the first-to-last existing ``paths`` merged (a later file wins), or None.

    Raises :class:`SecretsFileError` when a file exists but is not valid TOML.
    """
    auth: dict[str, Any] | None = None
    for path in paths:
        if not path.is_file():
            continue
        try:
            secrets = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SecretsFileError(f"Appen startar inte: {path} går inte att läsa som TOML ({exc}).") from exc
        section = secrets.get("auth")
        if isinstance(section, Mapping):
            auth = {**(auth or {}), **section}
    return auth


def check_serving(address: str, auth: Mapping[str, Any] | None) -> str | None:
    """The Swedish refusal when ``address`` is not loopback and sign-in is not configured, else None."""
    if auth_configured(auth) or is_loopback(address):
        return None
    return refusal_sv(address)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: exit 0 when the app may start, :data:`EXIT_REFUSED` with a message when not."""
    parser = argparse.ArgumentParser(prog="python -m access.serve_check", description=__doc__.splitlines()[0])
    parser.add_argument("--address", required=True, help="the address streamlit will listen on (server.address)")
    parser.add_argument("--secrets", action="append", type=Path,
                        help="secrets file(s), as streamlit's --secrets.files (default: Streamlit's own places)")
    args = parser.parse_args(argv)
    try:
        auth = read_auth_section(args.secrets or DEFAULT_SECRETS_FILES)
    except SecretsFileError as exc:
        print(exc.message_sv, file=sys.stderr)
        return EXIT_REFUSED
    refusal = check_serving(args.address, auth)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return EXIT_REFUSED
    if not auth_configured(auth):
        print(f"{LOCAL_MODE_SV} (se .streamlit/secrets.toml.example).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
