"""Issue 8 cases 5 and 9 (folders), issue 18.2 and 18.4: what an import reads. Only
regular files inside the import root, under a size cap; every file or folder it does
not read is named in the report; nothing blocks."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from tests.faults.conftest import run_reviewer, without_permission_override


def test_an_unreadable_sub_folder_is_reported(
    tmp_path: Path, category_folder: Path
) -> None:
    prefix = without_permission_override()
    (category_folder / "hat").chmod(0)
    try:
        done = run_reviewer("--catalogue", tmp_path / "c.sqlite", "--create", "import",
                            category_folder, "--workers", "1", prefix=prefix)
    finally:
        (category_folder / "hat").chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert "12 image(s) added" in done.stdout
    assert "hat: folder cannot be read" in done.stderr and "Traceback" not in done.stderr


def test_an_unreadable_import_root_is_a_message(tmp_path: Path, category_folder: Path) -> None:
    prefix = without_permission_override()
    category_folder.chmod(0)
    try:
        done = run_reviewer("--catalogue", tmp_path / "c.sqlite", "--create", "import",
                            category_folder, prefix=prefix)
    finally:
        category_folder.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert "Cannot read the folder" in done.stderr and "Traceback" not in done.stderr


def test_negative_workers_is_a_usage_message(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, category_folder: Path
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli("--catalogue", tmp_path / "c.sqlite", "--create", "import", category_folder,
            "--workers", "-3")
    assert exit_.value.code == 2


def test_layout_csv_on_a_folder_says_what_it_takes(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, category_folder: Path
) -> None:
    code, _, err = cli("--catalogue", tmp_path / "c.sqlite", "--create", "import",
                       category_folder, "--layout", "csv")
    assert code == 2 and "--layout csv takes a CSV manifest file" in err


def test_a_fifo_in_a_folder_never_blocks_the_import(tmp_path: Path, category_folder: Path) -> None:
    os.mkfifo(category_folder / "hat" / "pipe.jpg")
    done = run_reviewer("--catalogue", tmp_path / "c.sqlite", "--create", "import",
                        category_folder, "--workers", "1", timeout=60)
    assert done.returncode == 1, done.stderr
    assert "16 image(s) added" in done.stdout
    assert "pipe.jpg: is a named pipe (FIFO)" in done.stderr


def test_a_device_in_a_manifest_is_not_read(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    make_image(tmp_path / "a.jpg")
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,label\n/dev/zero,hat\na.jpg,hat\n", encoding="utf-8")
    code, out, err = cli("--catalogue", tmp_path / "c.sqlite", "--create", "import", manifest,
                         "--follow-links")  # even when the user allows paths outside
    assert code == 1 and "1 image(s) added" in out
    assert "/dev/zero: is a device, not a file" in err


def test_files_over_the_size_cap_are_refused_unread(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    root = tmp_path / "in"
    make_image(root / "small.png", fmt="PNG", size=(40, 40))
    Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3)).save(root / "large.png")
    assert (root / "large.png").stat().st_size > 100_000 > (root / "small.png").stat().st_size
    code, out, err = cli("--catalogue", tmp_path / "c.sqlite", "--create", "import", root,
                         "--max-file-size", "0.1")
    assert code == 1 and "1 image(s) added" in out
    assert "large.png: file is" in err and "over the 102.4 KB size limit" in err


def test_links_and_manifest_paths_out_of_the_root_are_refused_unless_asked(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    secret = make_image(tmp_path / "elsewhere" / "secret.jpg", pattern=5)
    other = make_image(tmp_path / "elsewhere" / "other.jpg", pattern=6)
    root = tmp_path / "in"
    make_image(root / "hat" / "mine.jpg", pattern=1)
    os.symlink(secret, root / "hat" / "link-out.jpg")
    os.symlink(root / "hat" / "mine.jpg", root / "hat" / "link-in.jpg")  # inside: fine
    manifest = root / "m.csv"
    manifest.write_text(f"path,label\nhat/mine.jpg,hat\n../elsewhere/secret.jpg,hat\n"
                        f"{other},hat\n", encoding="utf-8")
    cat = tmp_path / "c.sqlite"
    code, out, err = cli("--catalogue", cat, "--create", "import", root / "hat")
    assert code == 1 and "1 image(s) added" in out  # mine.jpg (link-in.jpg is the same)
    assert "link-out.jpg: symbolic link to" in err and "--follow-links" in err
    code, out, err = cli("--catalogue", cat, "import", manifest)
    assert code == 1 and "1 already in the catalogue" in out and "0 image(s) added" in out
    assert "m.csv:3: ../elsewhere/secret.jpg lies outside" in err
    assert f"m.csv:4: {other} lies outside" in err
    code, out, err = cli("--catalogue", cat, "import", manifest, "--follow-links")
    assert code == 0 and "2 image(s) added" in out, (out, err)
    code, out, err = cli("--catalogue", cat, "import", root / "hat", "--follow-links")
    assert code == 0 and "3 already in the catalogue" in out, (out, err)
