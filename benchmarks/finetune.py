"""Fine-tuning benchmark on clothing-small with the offline EfficientNet-Lite0.

1. Imports ../shared/data/clothing-small into a fresh catalogue: train/ is split into
   train and validation (80/20, stratified, seeded); validation/ becomes the test split.
2. Trains the naive path (full forward/backward, augmentation on the fly) and the
   cached path (frozen prefix cached per image and view, tail only) for the same
   number of epochs in the same run; prints per-epoch wall time, the ratio, and the
   validation accuracy each reaches.
3. With --full: the paper's recipe on the cached path, timed from `train` to the HTML
   report (training, evaluation of validation and test, report).

    python benchmarks/finetune.py [--epochs 2] [--full] [--full-epochs 100]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from reviewer.catalogue.db import open_catalogue  # noqa: E402
from reviewer.catalogue.importer import ImportOptions, run_import  # noqa: E402
from reviewer.catalogue.splits import SplitConfig, make_splits  # noqa: E402
from reviewer.training.evaluate import evaluate_run  # noqa: E402
from reviewer.training.feature_cache import FeatureCache  # noqa: E402
from reviewer.training.progress import TrainProgress  # noqa: E402
from reviewer.training.run_report import write_report  # noqa: E402
from reviewer.training.runs import run_dir  # noqa: E402
from reviewer.training.spec import TrainSpec  # noqa: E402
from reviewer.training.trainer import train  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clothing-small"


class EpochClock:
    def __init__(self) -> None:
        self.marks: list[float] = []
        self.cache_seconds = 0.0
        self._cache_started: float | None = None
        self.started = time.monotonic()

    def __call__(self, p: TrainProgress) -> None:
        now = time.monotonic()
        if p.stage == "caching":
            if self._cache_started is None:
                self._cache_started = now
            self.cache_seconds = now - self._cache_started
        if p.stage == "training" and not self.marks:
            self.marks.append(now)  # first training report: the epoch loop has begun
        if p.epoch_end:
            self.marks.append(now)
            print(f"    epoch {p.epoch}: {p.logs}", file=sys.stderr, flush=True)

    def epoch_times(self) -> list[float]:
        return [b - a for a, b in zip(self.marks, self.marks[1:], strict=False)]


def build_catalogue(folder: Path, data: Path) -> object:
    cat = open_catalogue(str(folder / "clothing.sqlite"))
    t = time.monotonic()
    run_import(cat, data / "train", ImportOptions(actor="bench"))
    make_splits(cat, SplitConfig(seed=0, test_fraction=0.0, validation_fraction=0.2))
    run_import(cat, data / "validation", ImportOptions(actor="bench", split="test"))
    print(f"catalogue ready in {time.monotonic() - t:.1f} s", flush=True)
    return cat


def timed_run(cat: object, spec: TrainSpec, cache: FeatureCache) -> dict[str, object]:
    clock = EpochClock()
    result = train(cat, spec, on_progress=clock, cache=cache)  # type: ignore[arg-type]
    times = clock.epoch_times()
    last = result.history[-1]
    return {
        "run_id": result.run_id,
        "epochs": len(result.history),
        "epoch_seconds": times,
        "median_epoch_seconds": statistics.median(times) if times else None,
        "cache_fill_seconds": round(clock.cache_seconds, 1),
        "val_accuracy": last.get("val_accuracy"),
        "val_loss": last.get("val_loss"),
        "wall_seconds": round(result.wall_seconds, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--epochs", type=int, default=2, help="epochs of each path to compare")
    parser.add_argument("--views", type=int, default=8)
    parser.add_argument("--full", action="store_true", help="also run the full recipe")
    parser.add_argument("--full-epochs", type=int, default=100)
    parser.add_argument("--early-stopping", type=int, default=None)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="finetune-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("REVIEWER_CACHE_DIR", str(work / "cache"))
    cat = build_catalogue(work, args.data)
    cache = FeatureCache(work / "cache" / "features")
    out: dict[str, object] = {"cpus": os.cpu_count(), "views": args.views}
    base = {"backbone": "efficientnet_lite0", "views": args.views, "seed": 0}

    print(f"cached path, {args.epochs} epochs (the cache is filled first, timed apart)",
          flush=True)
    out["cached"] = timed_run(cat, TrainSpec(epochs=args.epochs, **base), cache)
    print(json.dumps(out["cached"]), flush=True)
    if not args.skip_naive:
        print(f"naive path, {args.epochs} epochs", flush=True)
        out["naive"] = timed_run(cat, TrainSpec(epochs=args.epochs, fast_path=False, **base),
                                 cache)
        print(json.dumps(out["naive"]), flush=True)
        naive = out["naive"]["median_epoch_seconds"]  # type: ignore[index]
        cached = out["cached"]["median_epoch_seconds"]  # type: ignore[index]
        out["epoch_speedup"] = round(naive / cached, 1) if naive and cached else None

    if args.full:
        print(f"full recipe on the cached path: {args.full_epochs} epochs", flush=True)
        t = time.monotonic()
        spec = TrainSpec(epochs=args.full_epochs, early_stopping=args.early_stopping, **base)
        full = timed_run(cat, spec, cache)
        ev_val = evaluate_run(cat, full["run_id"], "validation")  # type: ignore[arg-type]
        ev_test = evaluate_run(cat, full["run_id"], "test")  # type: ignore[arg-type]
        html = write_report(cat, full["run_id"], run_dir(cat, full["run_id"]) / "report")  # type: ignore[arg-type]
        full.update({
            "train_to_report_seconds": round(time.monotonic() - t, 1),
            "validation_accuracy_evaluated": ev_val.metrics.accuracy,
            "test_accuracy": ev_test.metrics.accuracy,
            "report": str(html),
        })
        out["full"] = full

    print("\n== fine-tuning benchmark ==")
    for key in ("cached", "naive", "full"):
        if key in out:
            print(f"{key:>7}: {json.dumps(out[key])}")
    if "epoch_speedup" in out:
        print(f"cached epochs are {out['epoch_speedup']}× faster than naive epochs "
              "(median epoch wall time, same run)")
    if args.json:
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
