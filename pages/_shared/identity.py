"""Sign-in for every page: who is acting, what they may do, and the local mode without sign-in.

Identity comes from Streamlit's own OpenID Connect sign-in (``st.login`` / ``st.user``, Authlib
underneath), configured in ``.streamlit/secrets.toml`` under ``[auth]`` (see the README and
``.streamlit/secrets.toml.example``). Organisation and roles come from the membership table
(:mod:`access.members`), matched by the e-mail address the identity provider vouches for.

The API the pages use::

    person = current_person()            # name, organisation, roles, mode
    if require_role("redaktor"):         # False (and a Swedish note on screen) when not allowed
        ...write...

Without an identity provider the app runs in *local mode*: it serves 127.0.0.1 only, says so in
the sidebar, and a person types their name as before. Serving another address without an
identity provider is refused before the server starts (:mod:`access.serve_check`, run by
``make run``) and again on every page (:func:`refuse_unsafe_address`).
"""

from __future__ import annotations

import streamlit as st

from access.members import MemberDirectory
from access.person import ANONYMOUS, Person, local_person
from access.roles import ROLES
from access.serve_check import LOCAL_MODE_SV, auth_configured, is_loopback, refusal_sv
from pages._shared.database import database_sessions
from settings import load_settings


def identity_provider_configured() -> bool:
    """True when the secrets (``.streamlit/secrets.toml``) have a complete ``[auth]`` section."""
    try:
        auth = st.secrets.get("auth")
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False
    return auth_configured(auth)


def serves_this_computer_only() -> bool:
    """True when the server listens on a loopback address (``server.address``)."""
    return is_loopback(st.get_option("server.address") or "")


def refuse_unsafe_address() -> None:
    """Show only a Swedish refusal and stop when the app would serve others without sign-in.

    The second line of defence: ``make run`` refuses before the server starts
    (:mod:`access.serve_check`); this catches a server started some other way.
    """
    if identity_provider_configured() or serves_this_computer_only():
        return
    st.error(refusal_sv(st.get_option("server.address") or ""), icon=":material/block:")
    st.stop()


@st.cache_resource(show_spinner=False)
def member_directory(database_url: str, admin_emails: tuple[str, ...]) -> MemberDirectory:
    """The membership directory on the app's database (one per URL and admin list)."""
    return MemberDirectory(database_sessions(database_url), admin_emails)


def current_directory() -> MemberDirectory:
    settings = load_settings()
    return member_directory(settings.database_url, settings.admin_emails)


def _logged_in() -> bool:
    """Whether the identity provider has signed this browser in (``st.user`` is empty in AppTest)."""
    return bool(st.user.get("is_logged_in", False))


def current_person(name_key: str | None = None) -> Person:
    """Who is acting now.

    Parameters
    ----------
    name_key : in local mode, the session-state key of the page's "Ditt namn" box; the typed
        name becomes the person's name. Ignored when signed in (nobody types a name then).
    """
    if not identity_provider_configured():
        return local_person(str(st.session_state.get(name_key, "")) if name_key else "")
    if not _logged_in():
        return ANONYMOUS
    return current_directory().read_person(st.user.get("email"), st.user.get("name"))


def require_role(role: str, person: Person | None = None) -> bool:
    """True when the person has ``role``; otherwise a short Swedish note saying what is needed."""
    who = person or current_person()
    if who.has_role(role):
        return True
    if who.signed_in or who.email:
        st.info(f"Du behöver rollen {ROLES[role]} för att ändra här.", icon=":material/lock:")
    else:
        st.info("Logga in för att skriva eller godkänna. Alla kan läsa utan att logga in.", icon=":material/lock:")
    return False


def name_input(name_key: str, label: str) -> Person:
    """The acting person, with a name box in local mode only (signed in, the name comes from sign-in)."""
    if identity_provider_configured():
        return current_person()
    st.text_input(label, key=name_key, max_chars=200)
    return current_person(name_key)


def render_sign_in() -> None:
    """The sidebar's sign-in box: local mode, a sign-in button, or who is signed in."""
    if not identity_provider_configured():
        st.info(LOCAL_MODE_SV, icon=":material/computer:")
        return
    person = current_person()
    if not _logged_in():
        st.caption("Du läser utan att vara inloggad.")
        st.button("Logga in", key="identity_login", on_click=st.login, icon=":material/login:")
        return
    st.text(f"Inloggad: {person.name}")
    if person.signed_in:
        st.text(f"{person.organisation or 'Ingen organisation'} · "
                + ", ".join(label for key, label in ROLES.items() if key in person.roles))
    else:
        st.text("Inget medlemskap: du kan läsa men inte skriva. Be en administratör lägga till dig.")
    st.button("Logga ut", key="identity_logout", on_click=st.logout, icon=":material/logout:")
