"""Start-up of the desktop bundle against the same code run by Python from a virtual
environment, measured in one run:

    python benchmarks/bundle_startup.py BUNDLE_FOLDER [--repeat 3] [--catalogue C.sqlite]

BUNDLE_FOLDER is the unpacked archive (packaging/dist/product-image-reviewer-…); the
venv side is this interpreter's ``reviewer`` (the checkout on PYTHONPATH). Three things
each, alternating bundle and venv so that load on the machine falls on both: ``reviewer
--version`` (the command line's own start), ``reviewer -m reviewer.ui.common.device_probe``
(importing TensorFlow), and ``reviewer gui CATALOGUE --screenshot`` (the window open with its
visible thumbnails loaded, then saved and closed; a catalogue of 75 small photos is made
in a temporary folder unless one is given). Prints medians and the ratio bundle / venv,
the bundle's size on disk, the CPU model and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)
from PIL import Image


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def make_catalogue(work: Path, reviewer: list[str], env: dict[str, str]) -> str:
    photos = work / "photos"
    for c, name in enumerate(("hat", "shoes", "bag")):
        (photos / name).mkdir(parents=True)
        for i in range(25):
            img = Image.new("RGB", (64, 56), (60 * c + 40, 4 * i, 200 - 60 * c))
            img.save(photos / name / f"{i}.jpg")
    cat = str(work / "c.sqlite")
    subprocess.run([*reviewer, "--catalogue", cat, "--create", "import", str(photos)],
                   env=env, check=True, capture_output=True)
    return cat


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{cmd} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--catalogue")
    args = parser.parse_args()
    bundle_exe = args.bundle / "app" / "reviewer"
    if not bundle_exe.is_file():
        raise SystemExit(f"no bundle at {args.bundle} (app/reviewer missing)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TF_CPP_MIN_LOG_LEVEL": "3",
               "REVIEWER_DATA_DIR": str(work / "data"),
               "REVIEWER_CONFIG_DIR": str(work / "config"),
               "REVIEWER_CACHE_DIR": str(work / "cache")}
        bundle_env = {k: v for k, v in env.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        bundle_env["PATH"] = str(work / "empty-bin")
        venv_cmd = [sys.executable, "-m", "reviewer"]
        cat = args.catalogue or make_catalogue(work, venv_cmd, env)
        shot = str(work / "shot.png")
        cases = {
            "--version": ["--version"],
            "import TensorFlow (device probe)": ["-m", "reviewer.ui.common.device_probe"],
            "window with thumbnails": ["gui", cat, "--screenshot", shot],
        }
        print(f"CPU: {cpu_model()} ({os.cpu_count()} cores); load average "
              f"{os.getloadavg()[0]:.1f} at start")
        print(f"bundle: {args.bundle} ({folder_size(args.bundle) / 2**30:.2f} GiB on disk)")
        for name, tail in cases.items():
            bundle_times, venv_times = [], []
            for _ in range(args.repeat):
                bundle_times.append(timed([str(bundle_exe), *tail], bundle_env))
                # The app starts the probe as `sys.executable -m …` in both.
                venv_times.append(timed(
                    [sys.executable, *tail] if tail[0] == "-m" else [*venv_cmd, *tail], env))
            b, v = statistics.median(bundle_times), statistics.median(venv_times)
            print(f"{name:34s} bundle {b:6.2f} s   venv {v:6.2f} s   bundle/venv {b / v:.2f}"
                  f"   (runs: bundle {', '.join(f'{t:.1f}' for t in bundle_times)};"
                  f" venv {', '.join(f'{t:.1f}' for t in venv_times)})")
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
