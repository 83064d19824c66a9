"""A malformed settings.json (issue 18.6) is reported, kept aside and replaced by the
defaults, never a traceback; settings files are private (0600) and hold no database
password (issue 18.1, the part without a server)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from reviewer.catalogue.db import Catalogue
from reviewer.cli import main
from reviewer.settings import Settings, load_settings, save_settings, settings_file

BAD_FILES = {
    "a list": b"[1, 2]",
    "a number for the curator": b'{"curator": 123}',
    "100k-deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "deep nesting in a value": b'{"curator": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "recent as text": b'{"recent_catalogues": "catalogue.sqlite"}',
    "recent with a number": b'{"recent_catalogues": ["a.sqlite", 7]}',
    "not JSON": b"curator = alice\n",
    "not UTF-8": b'{"curator": "\xff\xfe"}',
    "null": b"null",
    "two megabytes": b'{"curator": "' + b"x" * 2_000_000 + b'"}',
}


def _write_settings(data: bytes) -> Path:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_reported_kept_and_replaced_by_defaults(data: bytes) -> None:
    path = _write_settings(data)

    settings = load_settings()

    assert settings == Settings()
    assert settings.problem is not None and str(path) in settings.problem
    (copy,) = path.parent.glob("settings.bad-*.json")
    assert copy.read_bytes() == data
    assert str(copy) in settings.problem
    assert not path.exists()
    assert load_settings().problem is None  # said once; the next start is quiet


@pytest.mark.parametrize("data", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_cli_warns_and_carries_on(
    data: bytes, catalogue: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_settings(data)
    code = main(["--catalogue", catalogue.url, "undo"])  # undo asks settings for the curator
    err = capsys.readouterr().err
    assert code == 2 and "Nothing to undo for" in err, err  # the command's own, normal answer
    assert "warning: The settings file" in err and "the defaults are used" in err
    assert "Traceback" not in err


def test_other_versions_keys_are_ignored_not_fatal() -> None:
    _write_settings(json.dumps({"curator": "ana", "theme": {"dark": True}}).encode())
    settings = load_settings()
    assert settings.curator == "ana" and settings.problem is None


def test_settings_file_is_private(tmp_path: Path) -> None:
    leftover = settings_file().with_suffix(".tmp")
    leftover.parent.mkdir(parents=True)
    leftover.write_text("{}")
    leftover.chmod(0o666)
    save_settings(Settings(curator="ana"))
    assert stat.S_IMODE(settings_file().stat().st_mode) == 0o600
    assert load_settings().curator == "ana"


def test_recent_catalogues_never_keep_a_password() -> None:
    settings = Settings()
    settings.remember_catalogue("postgresql+psycopg://alice:S3cretPW@db.example:5433/shop")
    settings.remember_catalogue("/home/alice/catalogue.sqlite")
    save_settings(settings)
    text = settings_file().read_text()
    assert "S3cretPW" not in text
    assert load_settings().recent_catalogues == [
        "/home/alice/catalogue.sqlite", "postgresql+psycopg://alice@db.example:5433/shop",
    ]


def test_a_file_written_with_passwords_is_cleaned_on_load() -> None:
    old = {"recent_catalogues": ["postgresql+psycopg://bob:pw%40x@h/db", "postgresql://bob@h/db",
                                 "sqlite:////tmp/x.sqlite"]}
    path = _write_settings(json.dumps(old).encode())
    path.chmod(0o644)
    settings = load_settings()
    assert settings.recent_catalogues == ["postgresql+psycopg://bob@h/db",
                                          "postgresql://bob@h/db", "sqlite:////tmp/x.sqlite"]
    assert "pw" not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
