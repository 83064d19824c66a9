"""The PostgreSQL password is never stored or shown (issue 18.1), against the real server:
a role with a password of its own, libpq's password file through PGPASSFILE, the keyring."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from reviewer.catalogue import credentials
from reviewer.catalogue.credentials import PasswordRequiredError
from reviewer.catalogue.db import open_catalogue
from reviewer.cli import main
from reviewer.settings import load_settings, save_settings, settings_file

pytestmark = pytest.mark.postgres


class MemoryKeyring(KeyringBackend):
    """A keyring backend kept in memory: the library's real API, no desktop service."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


class Alice:
    def __init__(self, admin_url: str) -> None:
        admin = make_url(admin_url)
        self.role = f"sec18_alice_{secrets.token_hex(4)}"
        self.password = f"S3cret:{secrets.token_hex(6)}@pw"  # ':' and '@' need escaping
        self.host, self.port, self.database = admin.host, admin.port or 5432, admin.database
        self.url = f"postgresql+psycopg://{self.role}@{self.host}:{self.port}/{self.database}"
        self.url_with_password = make_url(self.url).set(password=self.password).render_as_string(
            hide_password=False)
        assert self.password not in self.url_with_password  # it is URL-quoted there
        assert make_url(self.url_with_password).password == self.password

    def pgpass_line(self) -> str:
        pw = self.password.replace("\\", "\\\\").replace(":", "\\:")
        return f"{self.host}:{self.port}:{self.database}:{self.role}:{pw}\n"


@pytest.fixture
def alice(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Alice]:
    who = Alice(pg_url)
    admin = create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE ROLE {who.role} LOGIN PASSWORD '{who.password}'"))
        conn.execute(text(f"GRANT ALL ON SCHEMA public TO {who.role}"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.delenv("PGSERVICE", raising=False)
    empty = tmp_path / "no.pgpass"
    empty.write_text("")
    empty.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(empty))  # never the developer's own ~/.pgpass
    keyring.set_keyring(MemoryKeyring())
    try:
        yield who
    finally:
        with admin.begin() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                {"r": who.role})
            conn.execute(text(f"DROP OWNED BY {who.role}"))
            conn.execute(text(f"DROP ROLE {who.role}"))
        admin.dispose()


def _everything_written(tmp_path: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in tmp_path.rglob("*")
                     if p.is_file() and p.suffix in (".json", ".tmp"))


def test_a_url_with_password_opens_but_is_never_stored_or_shown(alice: Alice, tmp_path: Path) -> None:
    cat = open_catalogue(alice.url_with_password)
    try:
        assert cat.url == alice.url
        assert alice.password not in cat.display_name
        assert "***" not in cat.display_name
        settings = load_settings()
        settings.remember_catalogue(cat.url)
        settings.remember_catalogue(alice.url_with_password)  # even when handed the full URL
        save_settings(settings)
    finally:
        cat.close()
    assert load_settings().recent_catalogues == [alice.url]
    assert alice.password not in _everything_written(tmp_path)
    assert quote(alice.password, safe="") not in _everything_written(tmp_path)  # nor URL-quoted
    assert stat.S_IMODE(settings_file().stat().st_mode) == 0o600


def test_without_a_password_the_server_asks_for_one(alice: Alice) -> None:
    with pytest.raises(PasswordRequiredError) as missing:
        open_catalogue(alice.url)
    assert missing.value.url == alice.url and not missing.value.refused
    assert ".pgpass" in str(missing.value)

    with pytest.raises(PasswordRequiredError) as refused:
        open_catalogue(alice.url, password="wrong")
    assert refused.value.refused and "refused" in str(refused.value)
    assert "wrong" not in str(refused.value)


def test_a_pgpass_entry_opens_the_catalogue(
    alice: Alice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("# other servers\n*:*:other:nobody:nothing\n" + alice.pgpass_line())
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))

    cat = open_catalogue(alice.url)
    try:
        with cat.read() as s:
            assert s.execute(text("SELECT current_user")).scalar() == alice.role
    finally:
        cat.close()


def test_the_cli_opens_it_from_reviewer_catalogue_and_pgpass(
    alice: Alice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(alice.pgpass_line())
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.setenv("REVIEWER_CATALOGUE", alice.url)

    assert main(["stats", "--json"]) == 0
    assert '"images": 0' in capsys.readouterr().out

    pgpass.write_text("")
    assert main(["stats"]) == 5
    err = capsys.readouterr().err
    assert "wants a password" in err and ".pgpass" in err
    assert "Traceback" not in err


def test_a_password_in_the_keyring_opens_it(alice: Alice) -> None:
    assert credentials.remember_password(alice.url, alice.password) is None
    cat = open_catalogue(alice.url)
    cat.close()
    assert cat.url == alice.url
    credentials.forget_password(alice.url)
    with pytest.raises(PasswordRequiredError):
        open_catalogue(alice.url)


def test_no_keyring_backend_degrades_to_asking(alice: Alice) -> None:
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())
    assert credentials.password_from_keyring(alice.url) is None
    why = credentials.remember_password(alice.url, alice.password)
    assert why is not None and "keyring is not available" in why
    with pytest.raises(PasswordRequiredError):
        open_catalogue(alice.url)
    cat = open_catalogue(alice.url, password=alice.password)
    cat.close()


@pytest.fixture(autouse=True)
def _restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)
    assert "PGPASSWORD" not in os.environ
