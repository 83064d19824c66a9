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
from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clothing-small"
CATEGORIES = ["trouser", "short", "longsleeve", "shortsleeve", "shoes", "hat", "bag",
              "sandal", "jacket", "tshirt"]
BLOCK = 256  # rows of generated records written at a time



def _linked_photos(pick: Path, images: int) -> Path:
    """About ``images`` real clothing-small training photos, the same share of each of
    the first ten categories, linked into ``pick/<category>/``."""
    per_class = max(1, images // 10)
    for folder in sorted((DATA / "train").iterdir())[:10]:
        (pick / folder.name).mkdir(parents=True)
        for f in sorted(folder.glob("*.jpg"))[:per_class]:
            os.symlink(f, pick / folder.name / f.name)
    return pick



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

    pick = _linked_photos(work / "photos", images)
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


# --- `reviewer embed` and `reviewer moderate score` over synthetic catalogues -------------------


def measured_command(argv: list[str], env: dict[str, str]) -> dict[str, object]:
    """Run a `reviewer` command as a child; its wall time, peak RSS (the child's own
    ``ru_maxrss`` from wait4) and its JSON output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, errors = out.read(), err.read()
    if proc.returncode not in (0, 3):  # 3: partial (some images failed)
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{errors[-4000:]}")
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    return {"wall": wall, "maxrss_mb": usage.ru_maxrss / 1024,
            "output": json.loads(text[start:]) if start >= 0 else text}


def downgraded_copy(url: str, target: Path, revision: str) -> str:
    """A copy of a SQLite catalogue migrated down to ``revision`` (the older code
    refuses a newer schema)."""
    from alembic import command
    from sqlalchemy import create_engine

    from reviewer.catalogue.migrate import alembic_config

    shutil.copyfile(url.removeprefix("sqlite:///"), target)
    engine = create_engine(f"sqlite:///{target}")
    command.downgrade(alembic_config(engine), revision)
    engine.dispose()
    return f"sqlite:///{target}"


def reviewer_command() -> str:
    return str(Path(sys.executable).with_name("reviewer"))


def noise_jpeg(seed: int, size: tuple[int, int]) -> bytes:
    """A small generated photo: smooth random blobs, different for every seed."""
    import io

    from PIL import Image as PILImage

    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (6, 7, 3), dtype=np.uint8)
    out = io.BytesIO()
    PILImage.fromarray(small).resize(size, PILImage.Resampling.BILINEAR).save(
        out, "JPEG", quality=85)
    return out.getvalue()


def embed_setup(folder: Path, n: int, to_embed: int, tflite: Path | None,
                rng: np.random.Generator) -> tuple[str, Path, int]:
    """The catalogue rows, the Lite0 embedding store pre-filled for all but the last
    ``to_embed`` images (float16 vectors of the real shape in ReLU6's range: one cluster
    per category, as a backbone's vectors are, plus noise; 5 % in another category's
    cluster than their label says), and generated 224×224 photo
    files for those ``to_embed``. Returns (url, store root, store bytes)."""
    from reviewer.catalogue.db import open_catalogue
    from reviewer.curation.embed import LITE0_DIM, imagenet_fingerprint, lite0_key

    url = make_catalogue(folder, n)
    root = folder / "embeddings"
    key = lite0_key(imagenet_fingerprint())
    store = root / key
    store.mkdir(parents=True)
    filled = n - to_embed
    centres = rng.uniform(0, 3, (len(CATEGORIES), LITE0_DIM))
    with open(store / "vectors.f16", "wb") as vec, open(store / "hashes.bin", "wb") as hsh:
        for start in range(0, filled, 4096):
            count = min(4096, filled - start)
            at = np.arange(start, start + count)
            # make_catalogue's labels, but every 20th vector from the next category's
            # cluster: 5 % wrong labels for the suspects to find
            category = (at + (at % 20 == 7)) % len(CATEGORIES)
            block = centres[category] + rng.uniform(0, 3, (count, LITE0_DIM))
            vec.write(block.astype(np.float16).tobytes())
            hsh.write(b"".join(bytes.fromhex(sha_of(i)) for i in range(start, start + count)))
    if tflite is not None and tflite.is_file():  # the converted model a first run keeps
        shutil.copyfile(tflite, store / "model.tflite")
    cat = open_catalogue(url)
    for i in range(filled, n):
        target = cat.store.path_for(sha_of(i))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(noise_jpeg(i, (224, 224)))
    cat.close()
    size = sum(p.stat().st_size for p in store.iterdir())
    return url, root, size


COLOUR_CLASSES = ["hat", "shoes", "bag"]


def colour_model(path: Path, size: int = 16) -> Path:
    """The moderation tests' tiny model: the mean colour decides hat / shoes / bag."""
    import keras

    inputs = keras.Input((size, size, 3))
    x = keras.layers.GlobalAveragePooling2D()(inputs)
    outputs = keras.layers.Dense(len(COLOUR_CLASSES), activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.layers[-1].set_weights([np.eye(3, dtype=np.float32) * 0.05,
                                  np.zeros(3, np.float32)])
    model.save(path)
    return path


def listings_setup(folder: Path, n: int, model: Path, rng: np.random.Generator) -> tuple[str, int]:
    """A catalogue of ``n`` new listings, one generated 64×64 photo each (real files
    in the image store, real SHA-256; the difference hash random), sellers s0..s999,
    every tenth declared in another category than its photo's colour; a finished run
    whose model is :func:`colour_model`. Returns (url, run id)."""
    import io

    from PIL import Image as PILImage

    from reviewer.catalogue.categories import ensure_categories, now
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.schema import Image, Listing, ListingImage, Run
    from reviewer.training.runs import run_dir

    url = f"sqlite:///{folder / 'scale.sqlite'}"
    cat = open_catalogue(url, create=True)
    with cat.write() as session:
        ensure_categories(session, COLOUR_CLASSES)
        run = Run(name="colour", backbone="tiny", status="finished", settings_json="{}",
                  class_names_json=json.dumps(COLOUR_CLASSES), history_json="[]",
                  model_path="", device="cpu", wall_seconds=0.0, created_at=now())
        session.add(run)
        session.flush()
        stored = run_dir(cat, run.id) / "model.keras"
        shutil.copyfile(model, stored)
        run.model_path = str(stored)
        run_id = run.id
    stamp = datetime.now(UTC)
    hashes = rng.integers(-(2**63), 2**63 - 1, n, dtype=np.int64)
    colours = np.array([(220, 40, 40), (40, 200, 40), (40, 40, 220)], np.float32)
    images, listings, links = [], [], []
    for i in range(n):
        k = i % 3
        shade = rng.uniform(0.6, 1.2, (6, 7, 1))
        blocks = np.clip(colours[k] * shade, 0, 255).astype(np.uint8)
        out = io.BytesIO()
        PILImage.fromarray(blocks).resize((64, 64), PILImage.Resampling.NEAREST).save(
            out, "JPEG", quality=90)
        data = out.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        cat.store.put(sha, data)
        images.append({"id": i + 1, "sha256": sha, "file_name": f"listing-{i}.jpg",
                       "width": 64, "height": 64, "format": "JPEG", "bytes": len(data),
                       "imported_at": stamp, "source": "listing", "split": None,
                       "category_id": None, "unsure": False, "flagged": False, "version": 1,
                       "pixel_hash": int(hashes[i])})
        declared = COLOUR_CLASSES[(k + 1) % 3] if i % 10 == 0 else COLOUR_CLASSES[k]
        listings.append({"id": i + 1, "listing_id": f"L{i:07d}", "seller_id": f"s{i % 1000}",
                         "title": "", "declared_category": declared, "received_at": stamp,
                         "status": "new", "version": 1, "priority": 0.0})
        links.append({"listing_pk": i + 1, "image_id": i + 1, "position": 0})
        if len(images) == 10_000 or i == n - 1:
            with cat.write() as session:
                for table, rows in ((Image, images), (Listing, listings),
                                    (ListingImage, links)):
                    session.execute(table.__table__.insert(), rows)  # type: ignore[attr-defined]
            images, listings, links = [], [], []
    cat.close()
    return url, run_id


def other_modes(args: argparse.Namespace, work: Path, sizes: list[int]) -> None:
    """--mode embed / score: peak RSS and time of the real command at each size."""
    rng = np.random.default_rng(0)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    rows: list[dict[str, object]] = []
    before: list[dict[str, object]] = []
    model = colour_model(work / "colour.keras") if args.mode == "score" else None
    for n in sizes:
        folder = work / f"n{n}"
        folder.mkdir()
        t = time.monotonic()
        if args.mode == "suspects":
            url, root, size = embed_setup(folder, n, 0, None, rng)
            made = time.monotonic() - t
            for label, src in (("now", None), ("before", args.before_src)):
                if label == "before" and (src is None or n not in args.before_sizes):
                    continue
                child_env = {**env, "REVIEWER_EMBEDDINGS_DIR": str(root)}
                where = url
                if src is not None:
                    child_env["PYTHONPATH"] = str(src)
                    where = downgraded_copy(url, folder / "before.sqlite", args.before_schema)
                got = measured_command([reviewer_command(), "--catalogue", where, "suspects",
                                        "--json", "--limit", "20"], child_env)
                out = got["output"]
                row = {"images": n, "code": label, "store_mb": size / 1024**2,
                       "setup_s": made, "wall_s": got["wall"], "maxrss_mb": got["maxrss_mb"]}
                print(f"{n:>7,} images ({label}): `reviewer suspects` in {got['wall']:.1f} s, "
                      f"peak RSS {got['maxrss_mb']:,.0f} MB ({len(out)} shown); "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
                if label == "now":
                    rows.append(row)
                else:
                    before.append(row)
            shutil.rmtree(folder)
            continue
        if args.mode == "embed":
            url, root, size = embed_setup(folder, n, args.embed_images, args.tflite, rng)
            made = time.monotonic() - t
            got = measured_command([reviewer_command(), "--catalogue", url, "embed", "--json"],
                                   {**env, "REVIEWER_EMBEDDINGS_DIR": str(root)})
            out = got["output"]
            assert isinstance(out, dict)
            row = {"images": n, "computed": out["computed"], "already": out["already"],
                   "store_mb": size / 1024**2, "setup_s": made, "wall_s": got["wall"],
                   "maxrss_mb": got["maxrss_mb"]}
            print(f"{n:>7,} images: `reviewer embed` embedded {out['computed']} "
                  f"(already {out['already']:,}) in {got['wall']:.1f} s, peak RSS "
                  f"{got['maxrss_mb']:,.0f} MB; store {size / 1024**2:,.0f} MB; "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
        else:
            assert model is not None
            url, run_id = listings_setup(folder, n, model, rng)
            made = time.monotonic() - t
            got = measured_command([reviewer_command(), "--catalogue", url, "moderate", "score", "--run",
                                    str(run_id), "--backend", "keras", "--json"], env)
            out = got["output"]
            assert isinstance(out, dict)
            row = {"listings": n, "scored": out["scored"], "flagged": out["flagged"],
                   "per_kind": out["per_kind"], "setup_s": made, "wall_s": got["wall"],
                   "maxrss_mb": got["maxrss_mb"]}
            print(f"{n:>7,} listings: `reviewer moderate score` scored {out['scored']:,} "
                  f"({out['flagged']:,} flagged: {out['per_kind']}) in {got['wall']:.1f} s "
                  f"= {out['scored'] / got['wall']:.0f} listings/s, peak RSS "
                  f"{got['maxrss_mb']:,.0f} MB; load {os.getloadavg()[0]:.1f}", flush=True)
        rows.append(row)
        shutil.rmtree(folder)
    rss = np.array([r["maxrss_mb"] for r in rows], float)
    wall = np.array([r["wall_s"] for r in rows], float)
    figures: dict[str, object] = {"cpu": cpu_model(), "mode": args.mode, "sizes": rows,
                                  "before": before}
    for old in before:
        new = next(r for r in rows if r["images"] == old["images"])
        print(f"{old['images']:>7,} images: peak RSS before / now = {old['maxrss_mb']:,.0f} / "
              f"{new['maxrss_mb']:,.0f} MB = {old['maxrss_mb'] / new['maxrss_mb']:.2f}; "
              f"time {old['wall_s']:.0f} / {new['wall_s']:.0f} s")
    if len(rows) >= 2:
        print(f"peak RSS {rss.min():,.0f}–{rss.max():,.0f} MB: max/min = "
              f"{rss.max() / rss.min():.3f} (target < 4 GB and ≤ 1.20)")
        figures["rss_ratio"] = float(rss.max() / rss.min())
        if args.mode == "score":
            slope, intercept, r2 = r_squared(np.array(sizes, float), wall)
            print(f"time = {slope * 1000:.2f} s per 1,000 listings + {intercept:.1f} s; "
                  f"R² = {r2:.4f}")
            figures.update(slope_s_per_1000=slope * 1000, r2=r2)
    if args.mode == "embed" and args.embed_rate_images:
        rate = embed_rate(work, args.embed_rate_images, args.tflite)
        figures["embed_rate"] = rate
        print(f"embed rate on real photos: {rate['images']} clothing-small photos in "
              f"{rate['seconds']:.1f} s = {rate['per_second']:.1f} images/s; at that rate "
              f"100,000 take {100_000 / rate['per_second'] / 3600:.1f} h", flush=True)
    print("JSON " + json.dumps(figures))


def embed_rate(work: Path, images: int, tflite: Path | None) -> dict[str, float]:
    """`embed_catalogue` (what `reviewer embed` runs) on real photos, timed."""
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.importer import ImportOptions, run_import
    from reviewer.curation.embed import embed_catalogue, lite0_embedder

    pick = _linked_photos(work / "rate-photos", images)
    cat = open_catalogue(f"sqlite:///{work / 'rate.sqlite'}", create=True)
    run_import(cat, pick, ImportOptions(actor="bench", follow_links=True))
    embedder = lite0_embedder()
    store = embedder.store(work / "rate-embeddings")
    if tflite is not None and tflite.is_file():
        shutil.copyfile(tflite, store.folder / "model.tflite")
    started = time.monotonic()
    result = embed_catalogue(cat, embedder, store=store)
    seconds = time.monotonic() - started
    cat.close()
    return {"images": result.computed, "seconds": seconds,
            "per_second": result.computed / seconds}


# --- the read order of an epoch over a store that is not in the page cache ----------------


def drop_cached(path: Path) -> None:
    """Ask the kernel to drop this file's clean pages from the page cache, so that the
    next reads come from the disk, as they do for a store larger than RAM."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def read_orders(work: Path, n: int, batch: int = 32) -> dict[str, float]:
    """One epoch's training reads (one view per image) over an ``n``-image store, cold:
    (a) as CachedViews reads them, batch by batch (each batch's records in file order;
    the batches of a pool of 16 shuffled 256-row blocks in random order); (b) a pool at
    a time, all its records in file order into one buffer (75 MB for 4,096 Lite0
    records), the shuffled batches then taken from memory; (c) as (b), but each block
    read whole in one sequential read. Warm (a) for reference."""
    from reviewer.training.feature_cache import FeatureCache
    from reviewer.training.trainer import BLOCK_ROWS, POOL_BLOCKS, CachedViews, StoredFeatures

    key, shapes, views = real_key()
    shas = [sha_of(i) for i in range(n)]
    root = work / "reads" / "features"
    disk = prefill(root, key, "train", views, shapes, shas, np.random.default_rng(0))
    store = FeatureCache(root, max_bytes=1 << 50).split(key, "train", views, shapes)
    data = CachedViews(StoredFeatures(store, np.arange(n)), np.zeros(n, np.int32), batch, 0)
    positions, chosen = data.epoch_order()
    pool = POOL_BLOCKS * BLOCK_ROWS

    def by_batch() -> float:
        total = 0.0
        for b in range(0, n, batch):
            total += float(store.read(positions[b:b + batch], chosen[b:b + batch])[0][0, 0, 0, 0])
        return total

    def by_pool() -> float:
        total = 0.0
        fd = os.open(store.data_path, os.O_RDONLY)
        try:
            for p in range(0, n, pool):
                rows, vs = positions[p:p + pool], chosen[p:p + pool]
                raw = np.empty((len(rows), store.record), np.uint8)
                for i in np.argsort(rows * store.views + vs, kind="stable"):
                    os.preadv(fd, [memoryview(raw[i])],
                              (int(rows[i]) * store.views + int(vs[i])) * store.record)
                for b in range(0, len(rows), batch):
                    flat = raw[b:b + batch].view(store.dtype).reshape(-1)
                    values = flat["values"].astype(np.float32) * flat["scale"][:, None]
                    total += float(values[0, 0])
        finally:
            os.close(fd)
        return total

    def by_block() -> float:
        """(c) each 256-row block of the pool read whole, in one sequential read (all
        views: 8× the bytes), the chosen view of each row kept in the pool's buffer."""
        total = 0.0
        per_row = store.views * store.record
        fd = os.open(store.data_path, os.O_RDONLY)
        try:
            for p in range(0, n, pool):
                rows, vs = positions[p:p + pool], chosen[p:p + pool]
                raw = np.empty((len(rows), store.record), np.uint8)
                first = rows // BLOCK_ROWS
                for block in np.unique(first):
                    lo = int(block) * BLOCK_ROWS
                    count = min(BLOCK_ROWS, n - lo)
                    whole = np.empty((count, store.views, store.record), np.uint8)
                    os.preadv(fd, [memoryview(whole.reshape(-1))], lo * per_row)
                    mine = np.flatnonzero(first == block)
                    raw[mine] = whole[rows[mine] - lo, vs[mine]]
                for b in range(0, len(rows), batch):
                    flat = raw[b:b + batch].view(store.dtype).reshape(-1)
                    values = flat["values"].astype(np.float32) * flat["scale"][:, None]
                    total += float(values[0, 0])
        finally:
            os.close(fd)
        return total

    figures: dict[str, float] = {"images": n, "store_gb": disk / 1024**3}
    for name, fn, cold in (("batch_cold", by_batch, True), ("pool_cold", by_pool, True),
                           ("block_cold", by_block, True),
                           ("batch_cold_again", by_batch, True), ("batch_warm", by_batch, False)):
        if cold:
            drop_cached(store.data_path)
        t = time.monotonic()
        fn()
        figures[name] = time.monotonic() - t
        print(f"  {name:<17} {figures[name]:7.1f} s", flush=True)
    shutil.rmtree(work / "reads")
    return figures


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
    ap.add_argument("--mode", choices=["train", "data", "embed", "score", "suspects", "reads"],
                    default="train",
                    help="train: a whole train() epoch; data: the epoch's reads alone; "
                    "embed: `reviewer embed` over a pre-filled store; score: `reviewer "
                    "score` over that many new listings; suspects: `reviewer suspects` over "
                    "a pre-filled store")
    ap.add_argument("--before-src", type=Path, default=None,
                    help="suspects mode: also run the command from this source tree (the "
                    "code before the change) at --before-sizes, for a ratio in one run")
    ap.add_argument("--before-schema", default="0006",
                    help="suspects mode: the schema revision the code before knows")
    ap.add_argument("--before-sizes", default="",
                    type=lambda text: {int(x) for x in text.split(",") if x.strip()})
    ap.add_argument("--embed-images", type=int, default=256,
                    help="embed mode: images left to embed for real at every size")
    ap.add_argument("--embed-rate-images", type=int, default=200,
                    help="embed mode: real photos to measure the embed rate on (0: skip)")
    ap.add_argument("--tflite", type=Path, default=None,
                    help="embed mode: a converted Lite0 embedder (model.tflite of an "
                    "embedding store) to start from, as a second `reviewer embed` does")
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
    print(f"mode {args.mode}: " + {
        "train": "a whole train() epoch (tail forward and backward)",
        "data": "the epoch's reads alone (store → tf.data batches)",
        "embed": f"`reviewer embed`, the store pre-filled but for {args.embed_images} images",
        "score": "`reviewer moderate score` over that many new listings (tiny colour model)",
        "suspects": "`reviewer suspects` over a pre-filled Lite0 store",
        "reads": "one epoch's training reads from a store dropped from the page cache, "
                 "batch by batch vs a pool at a time"}[args.mode],
        flush=True)
    if args.mode == "reads":
        try:
            for n in (int(x) for x in args.sizes.split(",") if x.strip()):
                print(f"{n:,} images, one epoch's reads from a cold store:", flush=True)
                print("JSON " + json.dumps(read_orders(work, n)), flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.mode in ("embed", "score", "suspects"):
        try:
            other_modes(args, work, [int(x) for x in args.sizes.split(",") if x.strip()])
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
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
