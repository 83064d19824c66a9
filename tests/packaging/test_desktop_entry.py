"""The desktop integration files a bundle installs: the .desktop entry and the AppStream
metainfo pass the Debian validators, and the icon renders at every size desktops ask
for. The validators are required where REVIEWER_TEST_PACKAGING is set (CI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.packaging.desktop_validators import validate_desktop_entry, validate_metainfo

ROOT = Path(__file__).resolve().parents[2]
NAME = "product-image-reviewer"
METAINFO_IN = ROOT / "packaging" / "linux" / f"{NAME}.metainfo.xml.in"


def test_the_desktop_entry_is_valid_and_opens_a_catalogue_with_the_gui() -> None:
    entry = ROOT / "resources" / f"{NAME}.desktop"
    validate_desktop_entry(entry)
    lines = dict(line.split("=", 1) for line in entry.read_text("utf-8").splitlines()
                 if "=" in line)
    assert lines["Exec"] == "reviewer gui %f" and lines["Icon"] == NAME
    assert lines["StartupWMClass"] == NAME  # the app's desktop file name (ui.app)


def test_the_metainfo_is_valid_with_screenshots_and_names_the_desktop_entry(
        tmp_path: Path) -> None:
    text = (METAINFO_IN.read_text("utf-8")
            .replace("@SCREENSHOT_BASE_URL@", "https://example.org/screenshots")
            .replace("@VERSION@", "0.1.0").replace("@DATE@", "2026-11-30"))
    assert "@" not in text.split("-->", 1)[1]
    path = tmp_path / "io.github.productimagereviewer.ProductImageReviewer.metainfo.xml"
    path.write_text(text, "utf-8")
    validate_metainfo(path)
    assert f"<launchable type=\"desktop-id\">{NAME}.desktop</launchable>" in text
    shots = [line.strip() for line in text.splitlines() if "<image>" in line]
    assert len(shots) >= 3
    for line in shots:  # each screenshot named in the metainfo is one the repository has
        name = line.removeprefix("<image>").removesuffix("</image>").rsplit("/", 1)[1]
        assert (ROOT / "docs" / "screenshots" / name).is_file(), name


def test_the_icon_renders_at_every_size_desktops_ask_for(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "linux" / "make_icons.py"),
         str(ROOT / "resources" / "icons" / f"{NAME}.svg"), str(tmp_path)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    hicolor = tmp_path / "hicolor"
    assert (hicolor / "scalable" / "apps" / f"{NAME}.svg").is_file()
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(hicolor / f"{size}x{size}" / "apps" / f"{NAME}.png") as img:
            assert img.size == (size, size) and img.mode == "RGBA"
            # Drawn, not blank: the blue tile covers the middle, the corners stay clear.
            assert img.getpixel((size // 2, size // 2))[3] == 255
            assert img.getpixel((0, 0))[3] == 0


def test_a_broken_svg_is_refused_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text("not svg", "utf-8")
    out = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "linux" / "make_icons.py"), str(bad),
         str(tmp_path / "out")], capture_output=True, text=True, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 2 and "not an SVG" in out.stderr
