"""Scale: does a training epoch keep its memory flat and its time linear as the
catalogue grows from 10,000 to 100,000 images?

For each size a synthetic catalogue is made: rows in the real schema (10 categories,
80 % train / 20 % validation, ids in import order) and the feature store pre-filled
with generated features of the real shape (EfficientNet-Lite0's frozen prefix at 224:
7×7×192 per view, 8 views per training image, 1 per validation image) under the real
cache key, because filling 800,000 views on two cores takes hours. Then a child process
runs ``train()`` — what ``reviewer train`` runs — for ``--epochs`` epochs on the default
recipe's model (Lite0, ImageNet weights, batch 32) and reports its epoch times, its peak
RSS (``ru_maxrss``) and how many views it had to compute (must be 0). An epoch reads one
view per training image and every validation image once.

Separately, the fill rate per image-view is measured on real photos (clothing-small):
the same ``cached_features`` fill the trainer runs (decode, augment, prefix through
LiteRT/XNNPACK, write), on ``--fill-images`` photos × 8 views.

    nice -n 5 python benchmarks/scale.py [--sizes 10000,30000,100000] [--epochs 2]

Everything is written under a temporary folder (``--work``) and removed afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clothing-small"
CATEGORIES = ["trouser", "short", "longsleeve", "shortsleeve", "shoes", "hat", "bag",
              "sandal", "jacket", "tshirt"]
BLOCK = 256  # rows of generated records written at a time


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def sha_of(i: int) -> str:
    return hashlib.sha256(f"synthetic-{i}".encode()).hexdigest()


# --- the synthetic catalogue and store -------------------------------------------------


def make_catalogue(folder: Path, n: int) -> str:
    from reviewer.catalogue.categories import add_category
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.schema import Image

    url = f"sqlite:///{folder / 'scale.sqlite'}"
    cat = open_catalogue(url, create=True)
    with cat.write() as session:
        made = [add_category(session, name) for name in CATEGORIES]
        session.flush()
        ids = [c.id for c in made]
    stamp = datetime.now(UTC)
    rows = []
    for i in range(n):
        rows.append({
            "sha256": sha_of(i), "file_name": f"synthetic-{i}.jpg", "width": 400, "height": 533,
            "format": "JPEG", "bytes": 40_000, "imported_at": stamp, "source": "import",
            "split": "validation" if i % 5 == 4 else "train", "category_id": ids[i % len(ids)],
            "unsure": False, "flagged": False, "version": 1,
        })
        if len(rows) == 20_000 or i == n - 1:
            with cat.write() as session:
                session.execute(Image.__table__.insert(), rows)  # type: ignore[attr-defined]
            rows = []
    cat.engine.dispose()
    return url


def prefill(cache_root: Path, key: str, split: str, views: int, shapes: list[tuple[int, ...]],
            shas: list[str], rng: np.random.Generator) -> int:
    """Write the store files exactly as a finished fill leaves them; bytes written."""
    from reviewer.training.feature_cache import FeatureCache

    store = FeatureCache(cache_root, max_bytes=1 << 50).split(key, split, views, shapes)
    store.data_path.parent.mkdir(parents=True, exist_ok=True)
    with store.locked():
        pass  # writes the layout file
    block = np.zeros((BLOCK, views), store.dtype)
    block["scale"] = rng.uniform(2, 8, size=(BLOCK, views))
    block["values"] = np.clip(rng.normal(0, 0.25, size=(BLOCK, views, store.dim)), -1, 1)
    raw = block.tobytes()
    per_row = views * store.record
    with open(store.data_path, "wb") as fh:
        for start in range(0, len(shas), BLOCK):
            fh.write(raw[: per_row * min(BLOCK, len(shas) - start)])
    store.done_path.write_bytes(b"\x01" * (len(shas) * views))
    store.sha_path.write_text("".join(f"{s}\n" for s in shas))
    return sum(p.stat().st_size for p in (store.data_path, store.done_path, store.sha_path))


def real_key() -> tuple[str, list[tuple[int, ...]], int]:
    """The cache key, cut shapes and record size of the default recipe's model."""
    import keras

    from reviewer.training.backbones import build_classifier
    from reviewer.training.spec import TrainSpec
    from reviewer.training.trainer import cache_key, cut_shapes

    spec = TrainSpec()
    keras.utils.set_random_seed(spec.seed)
    parts = build_classifier(spec.backbone, len(CATEGORIES), input_size=spec.input_size,
                             weights=spec.weights, dropout=spec.dropout,
                             frozen_layers=spec.frozen_layers)
    shapes = cut_shapes(parts)
    return cache_key(parts, spec), shapes, spec.views


# --- the child: one `reviewer train` run -----------------------------------------------


def child(url: str, epochs: int) -> None:
    from reviewer.catalogue.db import open_catalogue
    from reviewer.training.progress import TrainProgress
    from reviewer.training.spec import TrainSpec
    from reviewer.training.trainer import train

    marks: list[float] = []

    def clock(p: TrainProgress) -> None:
        if p.stage == "training" and not marks:
            marks.append(time.monotonic())
        if p.epoch_end:
            marks.append(time.monotonic())

    started = time.monotonic()
    result = train(open_catalogue(url), TrainSpec(epochs=epochs), on_progress=clock)
    print("RESULT " + json.dumps({
        "epoch_seconds": [b - a for a, b in zip(marks, marks[1:], strict=False)],
        "wall": time.monotonic() - started,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "hits": result.cache_hits, "misses": result.cache_misses, "status": result.status,
    }), flush=True)


def child_data(url: str, epochs: int) -> None:
    """The epoch's data path alone: the snapshot, the store's rows (the fill finds
    everything done), and every batch ``fit`` would draw from CachedViews and the
    validation batches, through tf.data — without the tail's arithmetic."""
    import keras
    import tensorflow as tf

    from reviewer.catalogue.db import open_catalogue
    from reviewer.training.backbones import build_classifier
    from reviewer.training.dataset import take_snapshot
    from reviewer.training.feature_cache import FeatureCache
    from reviewer.training.spec import TrainSpec
    from reviewer.training.trainer import (
        CachedViews,
        cache_key,
        cached_features,
        validation_batches,
    )

    spec = TrainSpec(epochs=epochs)
    cat = open_catalogue(url)
    started = time.monotonic()
    with cat.read() as s:
        snapshot = take_snapshot(s)
    keras.utils.set_random_seed(spec.seed)
    parts = build_classifier(spec.backbone, len(snapshot.class_names), weights=spec.weights)
    cache = FeatureCache()
    key = cache_key(parts, spec)
    train, val = snapshot.split("train"), snapshot.split("validation")
    tx = cached_features(cat, parts, spec, train, spec.views, cache, key, on_progress=None,
                         should_stop=None, label="t", split="train")
    vx = cached_features(cat, parts, spec, val, 1, cache, key, on_progress=None,
                         should_stop=None, label="v", split="validation")
    labels = np.array([e.label for e in train], np.int32)
    data = CachedViews(tx, labels, spec.batch_size, spec.seed)
    val_ds = validation_batches(vx, np.array([e.label for e in val], np.int32), spec.batch_size)
    seconds = []
    for _ in range(epochs):
        t = time.monotonic()
        total = 0.0
        for ds in (data.dataset(), val_ds):
            for batch in ds:
                total += float(tf.reduce_sum(batch[0][:, 0, 0, 0]))
        seconds.append(time.monotonic() - t)
    print("RESULT " + json.dumps({
        "epoch_seconds": seconds, "wall": time.monotonic() - started,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "hits": cache.stats.hits, "misses": cache.stats.misses, "status": "read",
    }), flush=True)


def run_child(url: str, epochs: int, cache: Path, mode: str) -> dict[str, object]:
    env = {**os.environ, "REVIEWER_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, __file__, "--child", url, "--epochs", str(epochs),
                           "--mode", mode],
                          capture_output=True, text=True, env=env)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return dict(json.loads(line[7:]))


# --- the fill rate on real photos ------------------------------------------------------


def fill_rate(work: Path, images: int) -> dict[str, float]:
    import keras

    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.importer import ImportOptions, run_import
    from reviewer.catalogue.splits import SplitConfig, make_splits
    from reviewer.training.backbones import build_classifier
    from reviewer.training.dataset import take_snapshot
    from reviewer.training.feature_cache import FeatureCache
    from reviewer.training.spec import TrainSpec
    from reviewer.training.trainer import cache_key, cached_features

    pick = work / "photos"
    per_class = max(1, images // 10)
    for folder in sorted((DATA / "train").iterdir())[:10]:
        (pick / folder.name).mkdir(parents=True)
        for f in sorted(folder.glob("*.jpg"))[:per_class]:
            os.symlink(f, pick / folder.name / f.name)
    cat = open_catalogue(f"sqlite:///{work / 'photos.sqlite'}", create=True)
    run_import(cat, pick, ImportOptions(actor="bench", follow_links=True))
    make_splits(cat, SplitConfig(seed=0, test_fraction=0.0, validation_fraction=0.2))
    with cat.read() as s:
        snapshot = take_snapshot(s)
    examples = snapshot.split("train")
    spec = TrainSpec()
    keras.utils.set_random_seed(spec.seed)
    parts = build_classifier(spec.backbone, len(snapshot.class_names), weights=spec.weights)
    cache = FeatureCache(work / "fill-cache", max_bytes=1 << 40)
    key = cache_key(parts, spec)
    started = time.monotonic()
    cached_features(cat, parts, spec, examples, spec.views, cache, key, on_progress=None,
                    should_stop=None, label="train", split="train")
    seconds = time.monotonic() - started
    views = len(examples) * spec.views
    return {"images": len(examples), "views": views, "seconds": seconds,
            "views_per_second": views / seconds, "ms_per_view": 1000 * seconds / views}


def r_squared(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    slope, intercept = np.polyfit(x, y, 1)
    fitted = slope * x + intercept
    ss_res = float(np.sum((y - fitted) ** 2))
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    return float(slope), float(intercept), 1 - ss_res / ss_tot if ss_tot else 1.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--fill-images", type=int, default=200)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--skip-fill", action="store_true")
    ap.add_argument("--mode", choices=["train", "data"], default="train",
                    help="train: a whole train() epoch; data: the epoch's reads alone")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        (child if args.mode == "train" else child_data)(args.child, args.epochs)
        return
    work = Path(tempfile.mkdtemp(prefix="scale-", dir=args.work))
    os.environ["REVIEWER_DATA_DIR"] = str(work / "data")
    os.environ["REVIEWER_CONFIG_DIR"] = str(work / "config")
    print(f"CPU: {cpu_model()} × {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}",
          flush=True)
    figures: dict[str, object] = {"cpu": cpu_model(), "mode": args.mode, "sizes": []}
    print(f"mode {args.mode}: " + ("a whole train() epoch (tail forward and backward)"
          if args.mode == "train" else "the epoch's reads alone (store → tf.data batches)"),
          flush=True)
    try:
        key, shapes, views = real_key()
        print(f"cache key {key}, cut {shapes}, {views} views", flush=True)
        rng = np.random.default_rng(0)
        rows = []
        for n in (int(s) for s in args.sizes.split(",") if s.strip()):
            folder = work / f"n{n}"
            folder.mkdir()
            t = time.monotonic()
            url = make_catalogue(folder, n)
            shas = [sha_of(i) for i in range(n)]
            train = [s for i, s in enumerate(shas) if i % 5 != 4]
            val = [s for i, s in enumerate(shas) if i % 5 == 4]
            disk = prefill(folder / "cache" / "features", key, "train", views, shapes, train, rng)
            disk += prefill(folder / "cache" / "features", key, "validation", 1, shapes, val, rng)
            made = time.monotonic() - t
            got = run_child(url, args.epochs, folder / "cache", args.mode)
            epoch = got["epoch_seconds"][-1]  # type: ignore[index]
            row = {"images": n, "train": len(train), "validation": len(val),
                   "store_gb": disk / 1024**3,
                   "disk_per_view_kb": disk / (len(train) * views + len(val)) / 1024,
                   "setup_s": made, **got, "epoch_s": epoch}
            rows.append(row)
            print(f"{n:>7,} images: epoch {epoch:6.1f} s (epochs {got['epoch_seconds']}), "
                  f"peak RSS {got['maxrss_mb']:,.0f} MB, store {disk / 1024**3:.2f} GB "
                  f"({row['disk_per_view_kb']:.2f} KB per image-view), views computed "
                  f"{got['misses']}, load {os.getloadavg()[0]:.1f}", flush=True)
            shutil.rmtree(folder)
        figures["sizes"] = rows
        n_arr = np.array([r["images"] for r in rows], float)
        t_arr = np.array([r["epoch_s"] for r in rows], float)
        rss = np.array([r["maxrss_mb"] for r in rows], float)
        if len(rows) >= 2:
            slope, intercept, r2 = r_squared(n_arr, t_arr)
            print(f"epoch time = {slope * 1000:.3f} s per 1,000 images + {intercept:.1f} s; "
                  f"R² = {r2:.4f} (target > 0.98)")
            print(f"peak RSS {rss.min():,.0f}–{rss.max():,.0f} MB: max/min = "
                  f"{rss.max() / rss.min():.3f} (target < 4 GB and ≤ 1.20)")
            figures.update(slope_s_per_1000=slope * 1000, intercept_s=intercept, r2=r2,
                           rss_ratio=float(rss.max() / rss.min()))
        if not args.skip_fill:
            fill = fill_rate(work, args.fill_images)
            figures["fill"] = fill
            print(f"fill on real photos: {fill['views']:.0f} views of {fill['images']:.0f} "
                  f"images in {fill['seconds']:.1f} s = {fill['views_per_second']:.1f} "
                  f"views/s ({fill['ms_per_view']:.1f} ms per image-view); at that rate "
                  f"100,000 images × 8 views take "
                  f"{100_000 * 8 / fill['views_per_second'] / 3600:.1f} h", flush=True)
        print("JSON " + json.dumps(figures))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
