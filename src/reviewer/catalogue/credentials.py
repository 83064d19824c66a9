"""Database passwords: never stored by the app, never shown.

A catalogue URL is kept, remembered and displayed without its password. The password of a
PostgreSQL catalogue comes, in this order, from

1. the one the user just typed (the desktop app asks when the server wants one), or a URL
   given on the command line (discouraged: it shows in the process list);
2. the system keyring (the optional ``keyring`` library), where the desktop app stores it
   when the user ticks "remember in the keyring";
3. libpq's own conventions, which psycopg reads when no password is passed: ``~/.pgpass``
   or the file named by ``PGPASSFILE``, a ``PGSERVICE`` / ``?service=`` entry, ``PGPASSWORD``.

Without a keyring backend (a headless server, a minimal desktop) the keyring is simply not
used; nothing fails because of it.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from reviewer.errors import CatalogueUnavailableError

KEYRING_SERVICE = "product-image-reviewer"

log = logging.getLogger(__name__)

PASSWORD_HINT = (
    "Put it in ~/.pgpass (a line host:port:database:user:password, file mode 0600) or in "
    "the file named by PGPASSFILE; the desktop app asks for it and can keep it in the "
    "system keyring."
)


class PasswordRequiredError(CatalogueUnavailableError):
    """The database server wants a password we do not have, or refused the one we gave."""

    def __init__(self, message: str, *, url: str, refused: bool) -> None:
        super().__init__(message, hint=PASSWORD_HINT)
        self.url = url
        self.refused = refused


def _parse(url: str) -> URL | None:
    if "://" not in url:
        return None  # a plain file path
    try:
        return make_url(url)
    except ArgumentError:
        return None


def url_without_password(url: str) -> str:
    """``url`` as it may be stored and shown: the same URL, minus any password."""
    parsed = _parse(url)
    if parsed is None:
        if "://" in url and "@" in url:
            # Not a URL SQLAlchemy can read, but it may still hold credentials: keep only
            # what follows them.
            scheme, rest = url.split("://", 1)
            return f"{scheme}://{rest.rsplit('@', 1)[1]}"
        return url
    if parsed.password is None:
        return url
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port,
                      parsed.database, parsed.query)  # URL.set(password=None) keeps it
    return bare.render_as_string(hide_password=False)


def url_password(url: str) -> str | None:
    parsed = _parse(url)
    return None if parsed is None or parsed.password is None else str(parsed.password)


def keyring_account(url: str) -> str:
    """The keyring entry's account name for a catalogue: ``user@host:port/database``."""
    parsed = make_url(url)
    return (f"{parsed.username or ''}@{parsed.host or ''}:{parsed.port or ''}"
            f"/{parsed.database or ''}")


def keyring_available() -> bool:
    """Whether a real keyring backend is there to remember passwords in."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    try:
        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except RuntimeError:
        return False


def password_from_keyring(url: str) -> str | None:
    """The stored password for this catalogue, or None (no entry, no keyring, no backend)."""
    try:
        import keyring
        import keyring.errors
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_account(url))
    except (keyring.errors.KeyringError, RuntimeError) as exc:  # no backend, locked, D-Bus gone
        log.info("No password from the keyring: %s", exc)
        return None


def remember_password(url: str, password: str) -> str | None:
    """Store the password in the system keyring; None when done, else why not."""
    try:
        import keyring
        import keyring.errors
    except ImportError:
        return "the keyring library is not installed (pip install keyring)"
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_account(url), password)
    except (keyring.errors.KeyringError, RuntimeError) as exc:
        return f"the system keyring is not available ({exc})"
    return None


def forget_password(url: str) -> None:
    """Remove a stored password (one the server refused); silent when there is none."""
    try:
        import keyring
        import keyring.errors
    except ImportError:
        return
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_account(url))
    except (keyring.errors.KeyringError, RuntimeError):
        return


def password_problem(server_message: str) -> str | None:
    """'missing' or 'refused' when a connection error is about the password, else None."""
    text = server_message.lower()
    if "no password supplied" in text:
        return "missing"
    if "password authentication failed" in text:
        return "refused"
    return None
