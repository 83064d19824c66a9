"""The desktop bundle that ``bash packaging/build.sh`` makes, run the way a user runs it:
with no Python on PATH and no PYTHONHOME / PYTHONPATH. It reports its version, imports
photos (through spawned worker processes), opens the app offscreen on that catalogue and
shows the grid, trains EfficientNet-Lite0 for one epoch with the offline ImageNet weights
inside it, and installs per user (menu entry, icons, metainfo) with files the Debian
validators accept.

Set REVIEWER_TEST_BUNDLE to the unpacked archive folder
(packaging/dist/product-image-reviewer-VERSION-linux-ARCH); .ci/run does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from reviewer import __version__
from tests.conftest import image_bytes
from tests.packaging.desktop_validators import validate_desktop_entry, validate_metainfo

BUNDLE = os.environ.get("REVIEWER_TEST_BUNDLE")
NAME = "product-image-reviewer"
APP_ID = "io.github.productimagereviewer.ProductImageReviewer"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not BUNDLE, reason="set REVIEWER_TEST_BUNDLE to a built bundle folder"),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    root = Path(str(BUNDLE)).resolve()
    assert (root / "app" / "reviewer").is_file(), f"no bundle at {root}"
    return root


@pytest.fixture
def run(bundle: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the bundled ``reviewer`` in an environment with no Python at all."""
    no_python = tmp_path / "bin"  # PATH holds only an empty folder
    no_python.mkdir()
    env = {
        "PATH": str(no_python),
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "REVIEWER_DATA_DIR": str(tmp_path / "data"),
        "REVIEWER_CONFIG_DIR": str(tmp_path / "config"),
        "REVIEWER_CACHE_DIR": str(tmp_path / "cache"),
        "KERAS_HOME": str(tmp_path / "keras"),  # empty: no Keras weights cache to lean on
    }
    assert shutil.which("python3", path=env["PATH"]) is None

    def call(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(bundle / "app" / "reviewer"), *args], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=timeout,
                              check=False)

    return call


@pytest.fixture
def photos(tmp_path: Path) -> Path:
    """75 small photos in three categories: enough for the importer's worker processes."""
    root = tmp_path / "photos"
    for name, color in {"hat": (220, 40, 40), "shoes": (40, 200, 40),
                        "bag": (40, 40, 220)}.items():
        (root / name).mkdir(parents=True)
        for i in range(25):
            (root / name / f"{name}_{i}.jpg").write_bytes(
                image_bytes(color=color, size=(64, 56), pattern=i))
    return root


def test_version_without_python(run: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    out = run("--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"reviewer {__version__}"


def test_import_opens_the_grid_and_trains_lite0_offline(
        run: Callable[..., subprocess.CompletedProcess[str]], photos: Path,
        tmp_path: Path) -> None:
    cat = str(tmp_path / "c.sqlite")
    done = run("--catalogue", cat, "--create", "import", str(photos))
    assert done.returncode == 0, done.stderr
    assert "75 image(s) added" in done.stdout

    shot = tmp_path / "grid.png"
    done = run("gui", cat, "--screenshot", str(shot), timeout=300)
    assert done.returncode == 0, done.stderr
    shows = done.stdout.strip().splitlines()[-1]
    assert "75 images in the grid" in shows, done.stdout
    shown = int(shows.rsplit(",", 1)[1].split()[0])
    assert shown >= 10, shows
    with Image.open(shot) as img:
        assert img.width >= 1000 and img.height >= 600
        assert max(ImageStat.Stat(img.convert("L")).stddev) > 20  # a drawn window, not blank

    assert run("--catalogue", cat, "split").returncode == 0
    done = run("--catalogue", cat, "train", "--epochs", "1", "--views", "1", timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "Run 1: finished after 1 epoch(s)" in done.stdout, done.stdout
    # The app's sources ship beside its bytecode, so AutoGraph can convert its functions.
    assert "could not get source code" not in done.stderr, done.stderr[-3000:]
    runs = run("--catalogue", cat, "runs", "--json")
    assert runs.returncode == 0, runs.stderr
    (first,) = json.loads(runs.stdout)["runs"]
    assert first["status"] == "finished" and first["backbone"] == "efficientnet_lite0"
    assert first["settings"]["weights"] == "imagenet"  # the offline Lite0 weights, bundled


def test_the_device_probe_runs_as_python_m_would(
        run: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    out = run("-m", "reviewer.ui.common.device_probe", timeout=300)
    assert out.returncode == 0, out.stderr
    last = out.stdout.strip().splitlines()[-1]
    assert last == "CPU only" or last.startswith("GPU"), out.stdout


def test_the_bundle_carries_the_demo_set_and_the_lite0_weights(bundle: Path) -> None:
    demo = [p for p in bundle.rglob("*.jpg") if "resources/demo" in p.as_posix()]
    assert len(demo) == len(list(Path(__file__).resolve().parents[2].glob(
        "resources/demo/*/*.jpg")))
    assert list(bundle.rglob("efficientnet-lite0-*.pth"))


def test_per_user_install_puts_the_entries_where_desktops_look(
        bundle: Path, tmp_path: Path) -> None:
    data_home, bin_dir = tmp_path / "share", tmp_path / "bin"
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "REVIEWER_BIN_DIR": str(bin_dir),
           "HOME": str(tmp_path)}
    refused = subprocess.run(
        ["bash", str(bundle / "install.sh"), "--catalogue",
         "postgresql+psycopg://alice:secret@db.example/shop"],
        env=env, capture_output=True, text=True, check=False, timeout=60)
    assert refused.returncode == 2 and "password" in refused.stderr
    assert not data_home.exists()  # nothing installed
    team = "postgresql+psycopg://alice@db.example:5432/shop?sslmode=require"
    done = subprocess.run(["bash", str(bundle / "install.sh"), "--catalogue", team], env=env,
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    desktop = data_home / "applications" / f"{NAME}.desktop"
    metainfo = data_home / "metainfo" / f"{APP_ID}.metainfo.xml"
    validate_desktop_entry(desktop)
    validate_metainfo(metainfo)
    exe = data_home / NAME / "app" / "reviewer"
    assert f'Exec="{exe}" --catalogue "{team}" gui %f' in desktop.read_text("utf-8").splitlines()
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        assert (data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png").is_file()
    assert (data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{NAME}.svg").is_file()
    version = subprocess.run([str(bin_dir / "reviewer"), "--version"], capture_output=True,
                             text=True, check=False, timeout=300,
                             env={"PATH": "/nonexistent", "HOME": str(tmp_path)})
    assert version.stdout.strip() == f"reviewer {__version__}", version.stderr

    done = subprocess.run(["bash", str(bundle / "install.sh"), "--uninstall"], env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not exe.exists() and not desktop.exists() and not metainfo.exists()
    assert not (bin_dir / "reviewer").exists()
    assert not list((data_home / "icons").rglob(f"{NAME}.*"))


def test_the_bundle_opens_a_team_catalogue_on_postgresql(
        run: Callable[..., subprocess.CompletedProcess[str]], pg_url: str) -> None:
    """psycopg and the migrations inside the bundle (the test server's URL carries its
    password; a user's would not)."""
    done = run("--catalogue", pg_url, "--create", "init")
    assert done.returncode == 0, done.stderr
    stats = run("--catalogue", pg_url, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["totals"]["images"] == 0
