"""`reviewer gui CATALOGUE --screenshot PNG`: how an installation (the bundle's smoke
test, a person after installing) checks that the window opens and shows the grid."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pytestqt.qtbot import QtBot

from reviewer.catalogue.db import Catalogue
from reviewer.cli import main


def test_the_window_is_saved_with_its_thumbnails_and_described(
        qtbot: QtBot, labelled_catalogue: Catalogue, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "shot.png"
    url = labelled_catalogue.url
    assert main(["gui", url, "--screenshot", str(out)]) == 0
    said = capsys.readouterr().out.strip().splitlines()[-1]
    assert said == f"saved {out}: 16 images in the grid, 16 thumbnails shown"
    with Image.open(out) as img:
        assert img.size == (1500, 950)
        assert max(ImageStat.Stat(img.convert("L")).stddev) > 20


def test_screenshot_without_a_catalogue_says_what_to_give(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gui", "--screenshot", "x.png"]) == 2
    err = capsys.readouterr().err
    assert "--screenshot needs a catalogue" in err and "reviewer gui CATALOGUE" in err
