"""Issue 8 cases 7 and 8: exports that say what they did. Colliding folder names are
made unique and reported; a missing original is listed and the rest exported; a full
disk, a folder given for a CSV and a file given for folders are messages; nothing is
left half-written."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.catalogue import categories as cats
from reviewer.catalogue.db import open_catalogue
from tests.faults.conftest import run_on_small_disk


@pytest.fixture
def cat(cli: Callable[..., tuple[int, str, str]], tmp_path: Path, category_folder: Path) -> Path:
    path = tmp_path / "c.sqlite"
    assert cli("--catalogue", path, "--create", "import", category_folder, "--workers", "1")[0] == 0
    return path


def test_colliding_folder_names_are_made_unique_and_reported(
    cli: Callable[..., tuple[int, str, str]], cat: Path, tmp_path: Path
) -> None:
    db = open_catalogue(str(cat), create=False)
    with db.write() as s:
        cats.rename_category(s, "hat", "a/b")
        cats.rename_category(s, "shoes", "a_b")
        cats.rename_category(s, "trouser", ".")
        cats.rename_category(s, "jacket", "..")
    db.close()
    out_dir = tmp_path / "out"
    code, out, err = cli("--catalogue", cat, "export", "folders", out_dir)
    assert code == 0, err
    folders = {p.name: len(list(p.iterdir())) for p in out_dir.iterdir()}
    assert folders == {"a_b": 4, "a_b_2": 4, "_": 4, "__2": 4}
    assert "'a/b' → a_b" in out and "'a_b' → a_b_2" in out
    dots = {line.strip() for line in out.splitlines() if line.strip().startswith("'.")}
    assert dots in ({"'.' → _", "'..' → __2"}, {"'..' → _", "'.' → __2"})


def test_a_missing_original_is_listed_and_the_rest_exported(
    cli: Callable[..., tuple[int, str, str]], cat: Path, tmp_path: Path
) -> None:
    store = tmp_path / "c-files" / "images"
    victim = sorted(p for p in store.rglob("*") if p.is_file())[0]
    victim.unlink()
    code, out, err = cli("--catalogue", cat, "export", "folders", tmp_path / "out")
    assert code == 1, err
    assert "Exported 15 image(s)" in out and "1 image(s) were not exported" in out
    assert "missing: image" in err and victim.name[:12] in err
    assert len(list((tmp_path / "out").rglob("*.jpg"))) == 15


def test_a_folder_given_for_a_csv_and_a_file_given_for_folders_are_messages(
    cli: Callable[..., tuple[int, str, str]], cat: Path, tmp_path: Path
) -> None:
    (tmp_path / "dir").mkdir()
    for what in ("csv", "history"):
        code, _, err = cli("--catalogue", cat, "export", what, tmp_path / "dir")
        assert code == 2 and "is a folder; give the name of the CSV file" in err
    (tmp_path / "file.txt").write_text("keep me", encoding="utf-8")
    code, _, err = cli("--catalogue", cat, "export", "folders", tmp_path / "file.txt")
    assert code == 2 and "is a file; export folders needs a folder" in err
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "keep me"
    code, _, err = cli("--catalogue", cat, "export", "csv", tmp_path / "nowhere" / "x.csv")
    assert code == 2 and "does not exist" in err


def test_a_full_disk_during_export_folders_leaves_only_whole_files(
    cat: Path, tmp_path: Path
) -> None:
    disk = tmp_path / "disk"
    code, _, err, files = run_on_small_disk(disk, 32, 0, "--catalogue", cat, "export",
                                            "folders", disk / "out")
    assert code == 2, err
    assert "The disk holding" in err and "is full" in err and "Traceback" not in err
    assert 0 < len(files) < 16 and not [f for f in files if f.endswith(".part")]
    for name, digest in files.items():  # each file is the whole original
        assert Path(name).stem == digest


@pytest.mark.parametrize("what", ["csv", "history"])
def test_a_full_disk_during_a_csv_export_leaves_the_old_file(
    cat: Path, tmp_path: Path, what: str
) -> None:
    disk = tmp_path / "disk"
    code, _, err, files = run_on_small_disk(disk, 8, 4097, "--catalogue", cat, "export", what,
                                            disk / "out.csv")
    assert code == 2, err
    assert f"The disk holding {disk / 'out.csv'} is full" in err
    assert "nothing was written" in err and "catalogue" not in err.lower().split("full")[0]
    assert files == {}  # no truncated out.csv, no .part


def test_an_export_csv_is_complete_when_it_succeeds(
    cli: Callable[..., tuple[int, str, str]], cat: Path, tmp_path: Path
) -> None:
    target = tmp_path / "images.csv"
    target.write_text("old content\n", encoding="utf-8")
    code, out, _ = cli("--catalogue", cat, "export", "csv", target)
    assert code == 0 and "16 image row(s)" in out
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 16 and not list(tmp_path.glob(".*.part"))
    assert hashlib.sha256(target.read_bytes()).hexdigest()
