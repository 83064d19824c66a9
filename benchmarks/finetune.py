"""Time to accuracy on clothing-small: each recipe from `reviewer train` to an evaluated run.

The catalogue (built once, kept with --keep): train/ is split into train (85 %) and a
held-out part (15 %, the catalogue's *test* split: the selection set for choosing
settings); validation/ is the validation split, never used to choose settings.

Modes (several may be given; each prints a JSON line and a table row):

* ``--recipe NAME``: `reviewer train --recipe NAME` as a subprocess with a cold feature
  cache (its own fresh folder), timed from start to exit (train, evaluate validation
  and test, report); accuracies are read from the stored evaluations;
* ``--paper-naive-seconds S``: the paper's recipe on the naive path (full forward and
  backward, augmentation on the fly), cancelled after S seconds of training (default:
  the default recipe's wall time in this run), then evaluated: its accuracy after the
  same wall time;
* ``--levers``: the default recipe with one lever changed at a time, in this process, on
  a cache shared by the rows (warm where the default row filled the same key; a lever
  that moves the frozen cut or adds views fills its own, printed as fill s; wall s is
  fill, training and the evaluation of validation and test);
* ``--head-levers``: the first stage alone (the head on pooled cached features) with one
  lever changed at a time: label smoothing, the schedule, 2 vs 8 cached views; times are
  the cache fill per view count and the stage itself; accuracies are the head-only
  model's on validation and the held-out test part;
* ``--tta RUN,RUN``: evaluate existing runs on validation and test without and with
  horizontal-flip test-time augmentation (the gain, and its cost in time);
* ``--ensemble RUN,RUN``: average these runs as an ensemble run, evaluated without and
  with TTA;
* ``--compare-run RUN`` with ``--paper-naive-seconds S``: the paper on the naive path for
  S seconds against an existing default-recipe run (its accuracy after the same wall time,
  and the ratio), without training the default again.

    nice -n 5 python benchmarks/finetune.py --keep /tmp/ft --recipe default --levers
    nice -n 5 python benchmarks/finetune.py --keep /tmp/tta13_ft --tta 1,2 --ensemble 1,2 \
        --paper-naive-seconds 1180 --compare-run 1 --head-levers
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clothing-small"
REVIEWER = [sys.executable, "-m", "reviewer"]

LEVERS: dict[str, dict[str, Any]] = {
    "no head first stage": {"head_epochs": 0},
    "constant lr 1e-3, no warm-up/cosine": {"schedule": "constant", "warmup_epochs": 0.0},
    "no label smoothing": {"label_smoothing": 0.0},
    "no early stopping": {"early_stopping": 0},
    "8 views (paper's cache)": {"views": 8},
    "1 view (no augmentation)": {"views": 1, "augment": False},
    "head only (all frozen)": {"frozen_layers": 10_000},
    # unfreezing depth (EfficientNet-Lite names; the default trains the last two blocks)
    "depth: top convolution only": {"trainable_from": "top"},
    "depth: last block (block7a)": {"trainable_from": "block7a"},
    "depth: last two blocks (Lite0: block6d, the paper's cut)": {"trainable_from": "block6d"},
    "depth: stage 6 and on (block6a)": {"trainable_from": "block6a"},
    "depth: stage 5 and on (block5a)": {"trainable_from": "block5a"},
    "4 views": {"views": 4},
    "10 epochs": {"epochs": 10},
    "paper recipe, 6 epochs, cached": {"recipe": "paper", "epochs": 6},
}
HEAD_LEVERS: dict[str, dict[str, Any]] = {
    "default (2 views, smoothing 0.1, warm-up + cosine)": {},
    "no label smoothing": {"label_smoothing": 0.0},
    "constant lr 3e-3, no warm-up/cosine": {"schedule": "constant", "warmup_epochs": 0.0},
    "8 views (paper's cache)": {"views": 8},
}




def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def build_catalogue(folder: Path, data: Path) -> Path:
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.importer import ImportOptions, run_import
    from reviewer.catalogue.splits import SplitConfig, make_splits

    path = folder / "clothing.sqlite"
    if path.exists():
        return path
    cat = open_catalogue(str(path))
    t = time.monotonic()
    run_import(cat, data / "train", ImportOptions(actor="bench"))
    make_splits(cat, SplitConfig(seed=0, test_fraction=0.15, validation_fraction=0.0))
    run_import(cat, data / "validation", ImportOptions(actor="bench", split="validation"))
    print(f"catalogue ready in {time.monotonic() - t:.1f} s", flush=True)
    return path


def accuracies(db: Path, run_id: int) -> dict[str, float]:
    from reviewer.catalogue.db import open_catalogue
    from reviewer.training.run_readers import stored_metrics

    cat = open_catalogue(str(db), create=False)
    out = {}
    for split in ("validation", "test"):
        ev = stored_metrics(cat, run_id, split)
        if ev is not None:
            out[split] = round(ev.metrics.accuracy, 4)
    return out


def one_pass_accuracies(db: Path, run_id: int) -> dict[str, float]:
    """The run's newest stored accuracies without TTA (the paper's kind of evaluation),
    whatever was evaluated after them."""
    from sqlalchemy import select

    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.schema import Evaluation

    cat = open_catalogue(str(db), create=False)
    out: dict[str, float] = {}
    with cat.read() as s:
        rows = s.execute(select(Evaluation).where(Evaluation.run_id == run_id)
                         .order_by(Evaluation.id.desc())).scalars().all()
        for ev in rows:
            if ev.split not in out and not json.loads(ev.metrics_json).get("tta", False):
                out[ev.split] = round(ev.accuracy, 4)
    return {k: out[k] for k in ("validation", "test") if k in out}


def last_run(db: Path) -> int:
    from reviewer.catalogue.db import open_catalogue
    from reviewer.training import runs

    cat = open_catalogue(str(db), create=False)
    with cat.read() as s:
        return max((r.id for r in runs.list_runs(s)), default=0)


def own_run(db: Path, before: int, backbone: str) -> int:
    """The run the subprocess made: the first after ``before`` on ``backbone`` (another
    benchmark may add runs to the same catalogue meanwhile)."""
    from reviewer.catalogue.db import open_catalogue
    from reviewer.training import runs

    cat = open_catalogue(str(db), create=False)
    with cat.read() as s:
        return min(r.id for r in runs.list_runs(s) if r.id > before and r.backbone == backbone)


def recipe_row(db: Path, work: Path, recipe: str, backbone: str, extra: list[str]) -> dict[str, Any]:
    cache = work / f"cache-{recipe}-{backbone}"
    shutil.rmtree(cache, ignore_errors=True)  # cold; kept afterwards for the lever rows
    env = {**os.environ, "REVIEWER_CACHE_DIR": str(cache)}
    cmd = [*REVIEWER, "--catalogue", str(db), "train", "--recipe", recipe,
           "--backbone", backbone, *extra]
    print("$ " + " ".join(cmd[2:]), flush=True)
    before = last_run(db)
    t = time.monotonic()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False)
    wall = time.monotonic() - t
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    print("\n".join("    " + ln for ln in lines if not ln.startswith("[")), flush=True)
    if proc.returncode != 0:
        raise SystemExit(f"reviewer train exited {proc.returncode}")
    run_id = own_run(db, before, backbone)
    head = [ln for ln in lines if ln.startswith("Head first:") and "validation accuracy" in ln]
    row = {"row": f"recipe {recipe}", "backbone": backbone, "run_id": run_id,
           "wall_seconds": round(wall, 1), **accuracies(db, run_id)}
    if head:  # the head-only figure: the first stage's best validation accuracy
        row["head_only_validation"] = float(head[-1].rsplit(" ", 1)[-1])
    return row


def api_row(db: Path, label: str, spec: Any, cache: Any, *, limit: float | None = None,
            evaluate: bool = True) -> dict[str, Any]:
    from reviewer.catalogue.db import open_catalogue
    from reviewer.training.evaluate import evaluate_run
    from reviewer.training.progress import TrainProgress
    from reviewer.training.trainer import train

    cat = open_catalogue(str(db), create=False)
    marks: dict[str, float] = {}
    epoch_ends: list[float] = []
    started = time.monotonic()

    def progress(p: TrainProgress) -> None:
        now = time.monotonic()
        if p.stage == "caching":
            marks.setdefault("cache_start", now)
            marks["cache_end"] = now
        if p.epoch_end:
            epoch_ends.append(round(now - started, 1))
            print(f"    epoch {p.epoch} at {now - started:.0f} s: "
                  f"{ {k: round(v, 4) for k, v in p.logs.items()} } (load {load()})", flush=True)

    def stop() -> bool:
        return limit is not None and time.monotonic() - started > limit

    result = train(cat, spec, on_progress=progress, should_stop=stop, cache=cache)
    trained = time.monotonic() - started
    fill = marks.get("cache_end", 0.0) - marks.get("cache_start", 0.0)
    row: dict[str, Any] = {"row": label, "backbone": spec.backbone, "run_id": result.run_id,
                           "status": str(result.status), "epochs": len(result.history),
                           "cache_fill_seconds": round(fill, 1),
                           "train_seconds": round(trained - fill, 1),
                           "epoch_end_seconds": epoch_ends,
                           "epoch_val_accuracy": [round(h.get("val_accuracy", 0.0), 4)
                                                  for h in result.history]}
    if evaluate:
        if result.model_path is None:  # cancelled: evaluate its last checkpoint
            from reviewer.training import runs
            from reviewer.training.backbones import build_classifier

            folder = runs.run_dir(cat, result.run_id)
            parts = build_classifier(spec.backbone, 10, input_size=spec.input_size,
                                     weights=None, dropout=spec.dropout)
            parts.model.load_weights(folder / "checkpoint.weights.h5")
            parts.model.save(folder / "model.keras")
            runs.update_run(cat, result.run_id, model_path=str(folder / "model.keras"))
        for split in ("validation", "test"):
            row[split] = round(evaluate_run(cat, result.run_id, split).metrics.accuracy, 4)
        row["wall_seconds"] = round(time.monotonic() - started, 1)
    return row


def time_to_equal_accuracy(default: dict[str, Any], naive: dict[str, Any]) -> str:
    """How much longer the paper's naive path took to reach the default recipe's
    validation accuracy: its first epoch at or above it (training time only, so the
    ratio is conservative: the default's time includes its evaluation and report)."""
    target = default["validation"]
    took = default.get("wall_seconds") or default.get("train_seconds")
    if not took:
        return "time to equal accuracy: the default row has no time"
    reached = [t for t, acc in zip(naive.get("epoch_end_seconds", []),
                                   naive.get("epoch_val_accuracy", []), strict=False)
               if acc >= target]
    if reached:
        return (f"time to equal accuracy ({target}): default recipe {took} s end to end, "
                f"paper naive {reached[0]} s of training: {reached[0] / took:.1f}× less time "
                "with the default recipe")
    ran = (naive.get("epoch_end_seconds") or [naive.get("train_seconds", 0)])[-1]
    return (f"time to equal accuracy ({target}): the paper's naive path had not reached it "
            f"after {ran} s of training: more than {ran / took:.1f}× the default recipe's "
            f"{took} s")


def evaluate_both_ways(cat: Any, run_id: int) -> dict[str, Any]:
    """Validation and test accuracy of a run without and with flip TTA, and the time."""
    from reviewer.training.evaluate import evaluate_run

    row: dict[str, Any] = {}
    for tta in (False, True):
        t = time.monotonic()
        for split in ("validation", "test"):
            result = evaluate_run(cat, run_id, split, tta=tta)
            row[f"{split}{'_tta' if tta else ''}"] = round(result.metrics.accuracy, 4)
        row[f"eval_seconds{'_tta' if tta else ''}"] = round(time.monotonic() - t, 1)
    for split in ("validation", "test"):
        row[f"{split}_gain"] = round(row[f"{split}_tta"] - row[split], 4)
    return row


def tta_row(db: Path, run_id: int) -> dict[str, Any]:
    from reviewer.catalogue.db import open_catalogue
    from reviewer.training import runs

    cat = open_catalogue(str(db), create=False)
    with cat.read() as s:
        info = runs.get_run(s, run_id)
    return {"row": f"TTA off/on, run {run_id} ({info.settings.get('recipe')})",
            "backbone": info.backbone, "run_id": run_id, **evaluate_both_ways(cat, run_id)}


def head_rows(db: Path, work: Path, backbone: str, names: list[str],
              snapshot_run: int) -> Iterator[dict[str, Any]]:
    """The head-first stage alone, one lever at a time, on ``snapshot_run``'s splits
    (each row as soon as it is measured)."""
    import keras
    import numpy as np
    import tensorflow as tf

    from reviewer.catalogue.db import open_catalogue
    from reviewer.training import runs
    from reviewer.training.backbones import build_classifier
    from reviewer.training.dataset import load_snapshot
    from reviewer.training.feature_cache import FeatureCache
    from reviewer.training.head_stage import pooled_features, train_head_first
    from reviewer.training.recipes import recipe_spec
    from reviewer.training.trainer import cache_key, cached_features

    cat = open_catalogue(str(db), create=False)
    with cat.read() as s:
        info = runs.get_run(s, snapshot_run)
        snap = load_snapshot(s, snapshot_run, info.class_names)
    train_ex, val_ex, test_ex = (snap.split(n) for n in ("train", "validation", "test"))
    labels = {n: np.array([e.label for e in ex], np.int32)
              for n, ex in (("train", train_ex), ("validation", val_ex), ("test", test_ex))}
    keras.utils.set_random_seed(0)
    parts = build_classifier(backbone, len(info.class_names))
    cache = FeatureCache(work / f"cache-head-{backbone}" / "features")
    base = recipe_spec("default", backbone=backbone)
    key = cache_key(parts, base)
    fills: dict[str, float] = {}

    def features(examples: Any, views: int, split: str) -> Any:
        t = time.monotonic()
        out = cached_features(cat, parts, base, examples, views, cache, key, on_progress=None,
                              should_stop=None, label=split, split=split)
        fills[f"{split}-v{views}"] = round(time.monotonic() - t, 1)
        print(f"    cache {split} × {views} view(s): {fills[f'{split}-v{views}']} s "
              f"(load {load()})", flush=True)
        return out

    val_x, test_x = features(val_ex, 1, "validation"), features(test_ex, 1, "test")
    pooled = {n: pooled_features(parts, x)[:, 0] for n, x in (("validation", val_x),
                                                               ("test", test_x))}
    train_x: dict[int, Any] = {}
    for name in names:
        values = dict(HEAD_LEVERS[name])
        spec = recipe_spec("default", backbone=backbone, **values)
        if spec.views not in train_x:
            train_x[spec.views] = features(train_ex, spec.views, "train")
        keras.utils.set_random_seed(0)
        t = time.monotonic()
        logs = train_head_first(parts, spec, train_x[spec.views], labels["train"], val_x,
                                labels["validation"], tf.distribute.get_strategy())
        took = time.monotonic() - t
        kernel, bias = parts.model.get_layer("predictions").get_weights()
        row: dict[str, Any] = {"row": f"head only: {name}", "backbone": backbone,
                               "views": spec.views,
                               "cache_fill_seconds": fills[f"train-v{spec.views}"],
                               "train_seconds": round(took, 1),
                               "head_epochs_best_val_loss": round(logs.get("val_loss", 0), 4)}
        for split in ("validation", "test"):
            logits = pooled[split].astype(np.float32) @ kernel + bias
            row[split] = round(float(np.mean(logits.argmax(1) == labels[split])), 4)
        yield row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--recipe", action="append", default=[],
                        help="RECIPE[:BACKBONE], e.g. default or default:efficientnet_lite2")
    parser.add_argument("--backbone", default="efficientnet_lite0")
    parser.add_argument("--train-args", default="", help="extra `reviewer train` options")
    parser.add_argument("--paper-naive-seconds", type=float, default=None,
                        help="0: the default recipe's wall time in this run")
    parser.add_argument("--levers", nargs="*", default=None,
                        help=f"lever rows to run (default: all of {list(LEVERS)})")
    parser.add_argument("--ensemble", type=lambda t: [int(x) for x in t.split(",")],
                        help="RUN,RUN...: average these runs and evaluate the ensemble, "
                        "without and with flip TTA")
    parser.add_argument("--tta", type=lambda t: [int(x) for x in t.split(",")],
                        help="RUN,RUN...: evaluate these runs without and with flip TTA")
    parser.add_argument("--head-levers", nargs="*", default=None,
                        help=f"head-stage rows to run (default: all of {list(HEAD_LEVERS)})")
    parser.add_argument("--snapshot-run", type=int, default=1,
                        help="--head-levers: use this run's train/validation/test images")
    parser.add_argument("--compare-run", type=int,
                        help="an existing default-recipe run to set against the paper's "
                        "naive path (instead of a --recipe default row)")
    args = parser.parse_args()

    print(f"CPU: {cpu_model()} × {os.cpu_count()}; load average {load()}", flush=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="finetune-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = build_catalogue(work, args.data)
    rows: list[dict[str, Any]] = []

    def record(row: dict[str, Any]) -> None:
        row["load"] = load()
        rows.append(row)
        print(json.dumps(row), flush=True)

    for item in args.recipe:
        recipe, _, backbone = item.partition(":")
        record(recipe_row(db, work, recipe, backbone or args.backbone, args.train_args.split()))

    if args.paper_naive_seconds is not None:
        from reviewer.training.recipes import recipe_spec

        limit = args.paper_naive_seconds or next(
            (r["wall_seconds"] for r in rows if r["row"] == "recipe default"), 900.0)
        if args.compare_run:
            from reviewer.catalogue.db import open_catalogue
            from reviewer.training import runs

            with open_catalogue(str(db), create=False).read() as s:
                info = runs.get_run(s, args.compare_run)
            record({"row": "recipe default", "backbone": info.backbone,
                    "run_id": args.compare_run, "train_seconds": round(info.wall_seconds, 1),
                    "note": "an existing run, not retrained",
                    **one_pass_accuracies(db, args.compare_run)})
        from reviewer.training.feature_cache import FeatureCache

        spec = recipe_spec("paper", backbone=args.backbone, fast_path=False)
        record(api_row(db, f"paper, naive path, stopped after {limit:.0f} s", spec,
                       FeatureCache(work / "cache-naive"), limit=limit))

    if args.levers is not None:
        from reviewer.training.feature_cache import FeatureCache
        from reviewer.training.recipes import recipe_spec

        # warm: the default recipe row's cache when it ran in this run (same key)
        cache = FeatureCache(work / f"cache-default-{args.backbone}" / "features")
        names = args.levers or list(LEVERS)
        for name in names:
            values = dict(LEVERS[name])
            recipe = values.pop("recipe", "default")
            spec = recipe_spec(recipe, backbone=args.backbone, **values)
            record(api_row(db, f"lever: {name}", spec, cache))

    for run_id in args.tta or []:
        record(tta_row(db, run_id))

    if args.ensemble:
        from reviewer.catalogue.db import open_catalogue
        from reviewer.training.ensemble import create_ensemble

        members = args.ensemble
        cat = open_catalogue(str(db), create=False)
        t = time.monotonic()
        run_id = create_ensemble(cat, members)
        made = time.monotonic() - t
        row = {"row": f"ensemble of runs {members}, TTA off/on", "backbone": "ensemble",
               "run_id": run_id, "create_seconds": round(made, 1),
               **evaluate_both_ways(cat, run_id)}
        record(row)

    if args.head_levers is not None:
        for row in head_rows(db, work, args.backbone, args.head_levers or list(HEAD_LEVERS),
                             args.snapshot_run):
            record(row)

    print(f"\n== time to accuracy ({cpu_model()} × {os.cpu_count()}, load {load()}) ==")
    print(f"{'row':<56} {'backbone':<20} {'wall s':>7} {'fill s':>7} {'train s':>8} "
          f"{'val acc':>8} {'test acc':>8} {'val TTA':>8} {'test TTA':>8}")
    for r in rows:
        print(f"{r['row']:<56} {r['backbone']:<20} {r.get('wall_seconds', ''):>7} "
              f"{r.get('cache_fill_seconds', ''):>7} {r.get('train_seconds', ''):>8} "
              f"{r.get('validation', ''):>8} {r.get('test', ''):>8} "
              f"{r.get('validation_tta', ''):>8} {r.get('test_tta', ''):>8}")
    for r in rows:
        if "validation_gain" in r:
            print(f"TTA gain, {r['row']}: validation {r['validation_gain']:+.4f}, test "
                  f"{r['test_gain']:+.4f}; evaluation {r['eval_seconds_tta']} s vs "
                  f"{r['eval_seconds']} s ({r['eval_seconds_tta'] / r['eval_seconds']:.2f}×)")
    default = next((r for r in rows if r["row"] == "recipe default"), None)
    naive = next((r for r in rows if r["row"].startswith("paper, naive")), None)
    if default and naive:
        print(f"same wall time: default recipe {default.get('validation')} vs paper naive "
              f"{naive.get('validation')} validation accuracy (ratio "
              f"{default['validation'] / naive['validation']:.2f}×; errors "
              f"{1 - default['validation']:.3f} vs {1 - naive['validation']:.3f}, "
              f"{(1 - naive['validation']) / (1 - default['validation']):.2f}× fewer with "
              "the default recipe)")
        print(f"paper naive per epoch: {naive.get('epoch_val_accuracy')}")
        print(time_to_equal_accuracy(default, naive))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
