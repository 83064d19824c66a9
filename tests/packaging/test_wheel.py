"""The wheel built from this tree (``python -m build``) carries everything the app reads
at run time, and works from where it is installed, not from the repository: the
resources (icon, style sheet, the 400-photo demo set), the migrations, the default
rules, the ImageNet class names. With REVIEWER_TEST_PACKAGING set (CI), the wheel is also
installed with pip into an empty virtual environment and its ``reviewer`` command run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # Clean: no manifest pattern that matches nothing, no deprecated metadata. (Byte-compiling
    # is skipped where PYTHONDONTWRITEBYTECODE is set; that is the environment, not the build.)
    warnings = [line for line in (done.stdout + done.stderr).lower().splitlines()
                if "warning" in line and "byte-compiling is disabled" not in line]
    assert not warnings, warnings
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("product_image_reviewer-*-py3-none-any.whl")
    return wheel


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", TF_CPP_MIN_LOG_LEVEL="3", **extra)
    return env


def test_the_wheel_and_sdist_carry_what_the_app_reads(dist: Path) -> None:
    names = set(zipfile.ZipFile(_wheel(dist)).namelist())
    for needed in ("reviewer/resources/icons/product-image-reviewer.svg",
                   "reviewer/resources/style.qss",
                   "reviewer/resources/product-image-reviewer.desktop",
                   "reviewer/resources/demo/LICENSE",
                   "reviewer/catalogue/migrations/env.py",
                   "reviewer/catalogue/migrations/versions/0001_initial_catalogue.py",
                   "reviewer/moderation/default_rules.toml",
                   "reviewer/training/imagenet_classes.txt",
                   "reviewer/training/lite0.py",
                   "reviewer/py.typed"):
        assert needed in names, needed
    demo = [n for n in names if n.startswith("reviewer/resources/demo/") and n.endswith(".jpg")]
    shipped = list((ROOT / "resources" / "demo").rglob("*.jpg"))
    assert len(demo) == len(shipped) >= 200
    (sdist,) = dist.glob("product_image_reviewer-*.tar.gz")
    with tarfile.open(sdist) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    for needed in ("setup.py", "resources/style.qss", "packaging/build.sh",
                   "packaging/reviewer.spec", "src/reviewer/catalogue/migrations/env.py"):
        assert needed in members, needed


def test_the_unpacked_wheel_works_without_the_repository(dist: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(_wheel(dist)).extractall(site)
    env = _clean_env(PYTHONPATH=str(site), REVIEWER_DATA_DIR=str(tmp_path / "data"),
                     REVIEWER_CONFIG_DIR=str(tmp_path / "config"),
                     REVIEWER_CACHE_DIR=str(tmp_path / "cache"))
    probe = ("import reviewer, reviewer.shipped_resources as r, reviewer.catalogue.demo as d;"
             "print(reviewer.__file__); print(r.resources_root()); print(d.demo_photos())")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert all(line.startswith(str(site)) for line in out), out
    cat = str(tmp_path / "c.sqlite")
    cli = [sys.executable, "-m", "reviewer", "--catalogue", cat]
    # Migrations from the wheel, the demo set from the wheel, through spawned import workers.
    done = subprocess.run([*cli, "--create", "import", out[2]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr  # the LICENSE and README are refused, listed
    assert "400 image(s) added" in done.stdout
    stats = subprocess.run([*cli, "stats", "--json"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=True)
    totals = json.loads(stats.stdout)["totals"]
    assert totals["images"] == totals["labelled"] == 400


@pytest.mark.skipif(not os.environ.get("REVIEWER_TEST_PACKAGING"),
                    reason="set REVIEWER_TEST_PACKAGING=1: installs the dependencies from PyPI")
def test_pip_install_of_the_wheel_into_an_empty_venv_gives_a_working_reviewer(
        dist: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    pip = subprocess.run([str(env_dir / "bin" / "pip"), "install", "-q", str(_wheel(dist))],
                         capture_output=True, text=True, check=False, env=_clean_env())
    assert pip.returncode == 0, pip.stderr[-3000:]
    reviewer = str(env_dir / "bin" / "reviewer")
    env = _clean_env(REVIEWER_DATA_DIR=str(tmp_path / "data"),
                     REVIEWER_CONFIG_DIR=str(tmp_path / "config"),
                     REVIEWER_CACHE_DIR=str(tmp_path / "cache"))
    version = subprocess.run([reviewer, "--version"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, check=True)
    from reviewer import __version__

    assert version.stdout.strip() == f"reviewer {__version__}"
    cat = str(tmp_path / "c.sqlite")
    subprocess.run([reviewer, "--catalogue", cat, "init"], cwd=tmp_path, env=env,
                   capture_output=True, text=True, check=True)
    lite0 = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c",
         "from reviewer.training.lite0 import pth_path; print(pth_path().is_file())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert lite0.stdout.strip() == "True"
