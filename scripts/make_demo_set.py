"""Make the demo set in resources/demo/ from clothing-small's train/ folder.

    .venv/bin/python scripts/make_demo_set.py [--data ../shared/data/clothing-small]
        [--per-category 40] [--max-side 256] [--quality 80] [--seed 7]

A balanced, seeded sample of every category (the same files every time for the same
arguments), each photo downscaled to at most ``--max-side`` pixels and saved as a
baseline JPEG, in the folder-per-category layout the importer reads. The photos are
CC0 (see resources/demo/LICENSE); the README there says where they come from.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "demo"


def sample(source: Path, per_category: int, seed: int) -> dict[str, list[Path]]:
    """``per_category`` files of each category folder (all of them where there are fewer)."""
    rng = random.Random(seed)
    chosen: dict[str, list[Path]] = {}
    for folder in sorted(p for p in source.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.jpg"))
        chosen[folder.name] = sorted(rng.sample(files, min(per_category, len(files))))
    return chosen


def shrink(src: Path, dst: Path, max_side: int, quality: int) -> None:
    with Image.open(src) as img:
        img = ImageOps.exif_transpose(img).convert("RGB")
        img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        img.save(dst, "JPEG", quality=quality, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/clothing-small")
    parser.add_argument("--per-category", type=int, default=40)
    parser.add_argument("--max-side", type=int, default=256)
    parser.add_argument("--quality", type=int, default=80)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    chosen = sample(args.data / "train", args.per_category, args.seed)
    for folder in (p for p in OUT.iterdir() if p.is_dir()) if OUT.exists() else ():
        shutil.rmtree(folder)  # the photos only; README and LICENSE stay
    total = 0
    for category, files in chosen.items():
        (OUT / category).mkdir(parents=True, exist_ok=True)
        for src in files:
            shrink(src, OUT / category / src.name, args.max_side, args.quality)
        total += len(files)
    license_file = args.data / "LICENSE"
    if license_file.exists():
        shutil.copyfile(license_file, OUT / "LICENSE")
    size = sum(p.stat().st_size for p in OUT.rglob("*.jpg"))
    print(f"{total} photos in {len(chosen)} categories, {size / 1e6:.2f} MB, in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
