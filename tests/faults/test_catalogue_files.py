"""Issue 8 cases 6 and 12 (read-only folder, hint), issue 7 item 4 (command-line side):
a file that is not a catalogue is refused untouched, a missing catalogue is created only
when asked, and a catalogue in a read-only folder can still be read."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import run_reviewer, without_permission_override

READ_ONLY_COMMANDS = (["stats"], ["history"], ["runs"], ["export", "csv", "out.csv"])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_another_programs_sqlite_file_is_refused_untouched(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, category_folder: Path
) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ann', '555')")
    conn.commit()
    conn.close()
    before = _digest(other)
    for args in (["stats"], ["--create", "import", str(category_folder)], ["init"]):
        code, _, err = cli("--catalogue", other, *args)
        assert code == 5, (args, err)
        assert "another program" in err and "contacts" in err and "Nothing was changed" in err
    assert _digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("other")) == [
        "other.sqlite"]  # no -wal, no -shm, no -files
    conn = sqlite3.connect(f"file:{other}?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_file_that_is_no_database_is_refused_untouched(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("shopping list\n" * 500, encoding="utf-8")
    before = _digest(notes)
    code, _, err = cli("--catalogue", notes, "stats")
    assert code == 5 and "not a Product Image Reviewer catalogue" in err
    assert _digest(notes) == before


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=lambda c: c[0])
def test_read_only_commands_never_create_a_catalogue(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, command: list[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "typo" / "catalgoue.sqlite"
    code, _, err = cli("--catalogue", missing, *command)
    assert code == 5 and "no catalogue at" in err.lower()
    assert not (tmp_path / "typo").exists() and not (tmp_path / "out.csv").exists()


def test_a_mistyped_path_is_created_only_with_create_or_init(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, category_folder: Path
) -> None:
    missing = tmp_path / "typo" / "new.sqlite"
    code, _, err = cli("--catalogue", missing, "import", category_folder, "--workers", "1")
    assert code == 5 and "no catalogue at" in err.lower() and "init" in err and "--create" in err
    assert not (tmp_path / "typo").exists()
    code, out, _ = cli("--catalogue", missing, "init")
    assert code == 0 and "Created an empty catalogue" in out and missing.exists()
    code, out, _ = cli("--catalogue", missing, "init")
    assert code == 0 and "a catalogue already" in out
    other = tmp_path / "other.sqlite"
    code, out, _ = cli("--catalogue", other, "--create", "import", category_folder,
                       "--workers", "1")
    assert code == 0 and "16 image(s) added" in out


def test_the_default_catalogue_is_still_made_on_first_use(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, category_folder: Path
) -> None:
    code, out, _ = cli("import", category_folder, "--workers", "1")
    assert code == 0 and "16 image(s) added" in out
    assert (tmp_path / "data" / "catalogue.sqlite").exists()  # REVIEWER_DATA_DIR (conftest)


def test_a_catalogue_in_a_read_only_folder_can_be_read(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, category_folder: Path
) -> None:
    prefix = without_permission_override()
    folder = tmp_path / "shared"
    folder.mkdir()
    cat = folder / "c.sqlite"
    assert cli("--catalogue", cat, "--create", "import", category_folder, "--workers", "1")[0] == 0
    folder.chmod(0o555)
    try:
        done = run_reviewer("--catalogue", cat, "stats", "--json", prefix=prefix)
        label = run_reviewer("--catalogue", cat, "label", "1", "--to", "jacket", prefix=prefix)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert '"images": 16' in done.stdout
    assert label.returncode == 5 and "read-only" in label.stderr
    assert "Traceback" not in done.stderr + label.stderr


def test_an_unopenable_sqlite_file_hint_speaks_of_files_not_servers(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, category_folder: Path
) -> None:
    prefix = without_permission_override()
    cat = tmp_path / "c.sqlite"
    assert cli("--catalogue", cat, "--create", "import", category_folder, "--workers", "1")[0] == 0
    cat.chmod(0)
    try:
        done = run_reviewer("--catalogue", cat, "stats", prefix=prefix)
    finally:
        cat.chmod(0o644)
    assert done.returncode == 5, done.stderr
    assert "server" not in done.stderr and "Traceback" not in done.stderr
    assert os.fspath(cat) in done.stderr
