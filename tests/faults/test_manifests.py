"""Issue 8 cases 3, 4 and 9 (manifest part), issue 18.8 and the unknown-column note of
case 12: a CSV manifest is parsed by the csv module on the file, refused whole with
the line named when it is broken, and streamed rather than held in memory."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer.catalogue.db import open_catalogue
from reviewer.catalogue.schema import Category, Image
from tests.faults.conftest import child_env


def _images(folder: Path, make_image: Callable[..., Path], n: int = 3) -> None:
    for i in range(n):
        make_image(folder / "img" / f"h{i}.jpg", pattern=i + 1)


def _titles(catalogue: Path) -> dict[str, str | None]:
    cat = open_catalogue(str(catalogue), create=False)
    try:
        with cat.read() as s:
            return {row.file_name: row.title for row in s.execute(select(Image.file_name, Image.title))}
    finally:
        cat.close()


def test_an_unterminated_quote_refuses_the_manifest_naming_the_line(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    _images(tmp_path, make_image)
    manifest = tmp_path / "m.csv"
    manifest.write_text('path,label,title\nimg/h0.jpg,hat,"oops\nimg/h1.jpg,hat,fine\n'
                        'img/h2.jpg,hat,fine too\n', encoding="utf-8")
    cat = tmp_path / "c.sqlite"
    code, out, err = cli("--catalogue", cat, "--create", "import", manifest)
    assert code == 2, (out, err)
    assert "line 2" in err and "quote" in err and "Nothing was imported" in err
    assert "Traceback" not in err
    assert not cat.exists() or _titles(cat) == {}


def test_line_separators_make_no_phantom_rows_and_quoted_ones_stay_in_titles(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    _images(tmp_path, make_image)
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "path,label,title\n"
        "img/h0.jpg,hat,unquoted\u2028separator\n"
        'img/h1.jpg,hat,"two\nlines"\n'
        'img/h2.jpg,hat,"para\u2029graph and \u2028line"\n',
        encoding="utf-8",
    )
    cat = tmp_path / "c.sqlite"
    code, out, err = cli("--catalogue", cat, "--create", "import", manifest)
    assert code == 0, (out, err)
    assert "3 image(s) added" in out
    assert _titles(cat) == {"h0.jpg": "unquoted\u2028separator", "h1.jpg": "two\nlines",
                            "h2.jpg": "para\u2029graph and \u2028line"}


def test_a_field_over_the_csv_limit_is_a_message(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    _images(tmp_path, make_image)
    manifest = tmp_path / "m.csv"
    manifest.write_text(f'path,label,title\nimg/h0.jpg,hat,"{"x" * 140_000}"\n',
                        encoding="utf-8")
    code, _, err = cli("--catalogue", tmp_path / "c.sqlite", "--create", "import", manifest)
    assert code == 2 and "131,072 characters" in err and "line 2" in err
    assert "Traceback" not in err


def test_a_nul_in_a_path_refuses_that_row_and_imports_the_rest(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    _images(tmp_path, make_image)
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,label\nimg/h0\x00.jpg,hat\nimg/h1.jpg,hat\n", encoding="utf-8")
    code, out, err = cli("--catalogue", tmp_path / "c.sqlite", "--create", "import", manifest)
    assert code == 1, (out, err)
    assert "1 image(s) added" in out and "m.csv:2: path contains a NUL byte" in err


def test_a_category_with_control_characters_is_refused(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    _images(tmp_path, make_image)
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,label\nimg/h0.jpg,h\x00t\nimg/h1.jpg,b\x1bag\nimg/h2.jpg,hat\n",
                        encoding="utf-8")
    cat = tmp_path / "c.sqlite"
    code, out, err = cli("--catalogue", cat, "--create", "import", manifest)
    assert code == 1, (out, err)
    assert "U+0000" in err and "U+001B" in err and "1 image(s) added" in out
    db = open_catalogue(str(cat), create=False)
    with db.read() as s:
        assert list(s.scalars(select(Category.name))) == ["hat"]
    db.close()
    code, _, err = cli("--catalogue", cat, "categories", "add", "bad\x07name")
    assert code == 2 and "control characters" in err


def test_an_unknown_column_is_a_note_not_a_refused_file(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    _images(tmp_path, make_image, n=1)
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,label,colour\nimg/h0.jpg,hat,red\n", encoding="utf-8")
    code, out, err = cli("--catalogue", tmp_path / "c.sqlite", "--create", "import", manifest)
    assert code == 0, (out, err)
    assert "could not be imported" not in out and "note:" in err and "colour" in err


MEASURE = """
import resource, sys
from reviewer.catalogue.sources import scan_csv
def peak(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
before = peak()
found = scan_csv(__import__("pathlib").Path(sys.argv[1]))
rows = found.candidates() if callable(found.candidates) else found.candidates
n = sum(1 for _ in rows)
labels = dict(found.labels) if hasattr(found, "labels") else {"hat": n}
print(getattr(found, "total", n), n, labels, peak() - before)
"""  # (the second line and the getattr also read the scan of before the fix, held whole)


@pytest.mark.slow  # two passes over 300,000 rows: 2 to 3 min at load average 15-18 here
def test_a_300000_row_manifest_is_streamed_not_held(tmp_path: Path) -> None:
    manifest = tmp_path / "big.csv"
    row = "img/{i}.jpg,hat,train,L{i},S{s},hat,A product title of a reasonable length {i}\n"
    with open(manifest, "w", encoding="utf-8", newline="") as fh:
        fh.write("path,label,split,listing_id,seller_id,declared_category,title\n")
        fh.writelines(row.format(i=i, s=i % 977) for i in range(300_000))
    done = subprocess.run([sys.executable, "-c", MEASURE, str(manifest)], capture_output=True,
                          text=True, timeout=600, env=child_env(), check=True)
    counted, rest = done.stdout.split(" ", 1)[0], done.stdout.split(" ", 1)[1]
    assert counted == "300000" and rest.startswith("300000 {'hat': 300000} ")
    peak_growth = int(rest.rsplit(" ", 1)[1])
    # Held whole, the rows took about 2 KB each (600 MB); streamed, a few MB.
    assert peak_growth < 40_000_000, f"scanning grew the process by {peak_growth:,} bytes"
