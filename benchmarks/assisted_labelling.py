"""Model-assisted labelling on real photos: how much bulk acceptance settles, and whether
labelling the most uncertain images first reaches an accuracy with fewer labels.

Takes the shared clothing-small ``train/`` folder (3,068 photos, 10 categories) with
their Lite0 embeddings (the content-addressed store: ``--embeddings-dir`` pointing at a
store that has them computes nothing; else they are computed once through the same
embedder as ``reviewer embed``), keeps 10 % labelled (stratified, seeded) and treats the
rest as unlabelled with hidden truth. The model is the one ``reviewer suggest`` uses
without a run (``curation.suggest.linear_suggestions``: a regularised logistic regression
on PCA-reduced embeddings, calibrated by a temperature fitted on 5-fold held-out
probabilities), retrained every 200 labels on the labels a person gave.

1. **Bulk + curator.** Each round: fit; accept every suggestion with confidence ≥ the
   bulk threshold (default 0.95, as the grid's "Accept all shown above 95 %"), those
   images get the suggested label (right or wrong); then a simulated curator takes the
   next 200 images most useful first, accepting a correct suggestion with one key and
   typing the right key otherwise; retrain. Until every image is settled. Printed: the
   share settled by bulk acceptance, the wrong labels among them, and the images the
   curator looked at one by one (with how many took one key).
2. **Curves.** From the same 10 %, add 200 true labels at a time, most uncertain first
   (the "most useful first" order) or at random; after each step, the accuracy on the
   clothing-small ``validation/`` photos (341). Printed: both curves and the labels each
   needed to reach 0.85.

Targets (issue 11): bulk acceptance settles ≥ 50 % of the unlabelled images with ≤ 2 %
wrong; the uncertainty order reaches 0.85 validation accuracy with fewer labels than
random order.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)


def folder_photos(root: Path) -> tuple[list[Path], np.ndarray, list[str]]:
    names = sorted(p.name for p in root.iterdir() if p.is_dir())
    files, truth = [], []
    for k, name in enumerate(names):
        for f in sorted((root / name).iterdir()):
            if f.suffix.lower() in (".jpg", ".jpeg", ".png"):
                files.append(f)
                truth.append(k)
    return files, np.array(truth, np.int64), names


def embeddings(files: list[Path], embeddings_dir: Path | None) -> np.ndarray:
    """The Lite0 vectors of ``files`` from the store, computing the missing ones."""
    if embeddings_dir:
        os.environ["REVIEWER_EMBEDDINGS_DIR"] = str(embeddings_dir)
    from reviewer.curation.catalogue_vectors import normalise
    from reviewer.curation.embed import default_store

    store = default_store()
    shas = [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    vectors, have = store.vectors(shas)
    if not have.all():  # import into a scratch catalogue and embed as `reviewer embed` does
        import tempfile

        from reviewer.catalogue.db import open_catalogue
        from reviewer.catalogue.importer import ImportOptions, run_import
        from reviewer.curation.embed import embed_catalogue, lite0_embedder

        print(f"embedding {int((~have).sum())} photos once (kept in {store.folder})…",
              flush=True)
        with tempfile.TemporaryDirectory(prefix="assisted-") as tmp:
            catalogue = open_catalogue(str(Path(tmp) / "catalogue.sqlite"))
            for folder in sorted({f.parent.parent for f in files}):
                run_import(catalogue, folder, ImportOptions(actor="bench"))
            embed_catalogue(catalogue, lite0_embedder())
            catalogue.close()
        vectors, have = store.vectors(shas)
    return normalise(vectors)


def fit(x: np.ndarray, codes: np.ndarray, *, measure: bool):  # type: ignore[no-untyped-def]
    from reviewer.curation.suggest import linear_suggestions

    return linear_suggestions(x, codes, measure=measure, reduce=False)


def bulk_and_curator(x: np.ndarray, truth: np.ndarray, start: np.ndarray, *, step: int,
                     threshold: float, seed: int) -> dict[str, Any]:
    from reviewer.curation.suggest import useful_ranks

    n = len(truth)
    given = np.full(n, -1, np.int64)  # the label each image got; -1 unsettled
    given[start] = truth[start]
    how = np.zeros(n, np.int8)  # 0 start, 1 bulk, 2 one key, 3 typed
    how[~start] = -1
    rounds = 0
    temperatures: list[float] = []
    while (given < 0).any():
        rounds += 1
        # As `reviewer suggest`: fit on the labels a person gave (not on bulk
        # acceptances), calibrated, precision measured by cross-validation.
        codes = np.where(given >= 0, given + 1, 0)
        codes[how == 1] = -1
        result = fit(x, codes, measure=True)
        temperatures.append(result.temperature)
        ids = result.predicted.image_ids
        settled = given[ids] >= 0
        ids = ids[~settled]
        suggested = (result.class_ids[result.predicted.top] - 1)[~settled]
        confidence = result.predicted.confidence[~settled]
        margin = result.predicted.margin[~settled]
        bulk = confidence >= threshold
        given[ids[bulk]] = suggested[bulk]
        how[ids[bulk]] = 1
        rest = ~bulk
        if not rest.any():
            break
        order = np.argsort(useful_ranks(margin[rest], x[ids[rest]], seed=seed), kind="stable")
        chosen = order[:step]
        chosen_ids = ids[rest][chosen]
        right = suggested[rest][chosen] == truth[chosen_ids]
        given[chosen_ids] = truth[chosen_ids]
        how[chosen_ids] = np.where(right, 2, 3)
    unl = ~start
    bulk_mask = how == 1
    return {
        "unlabelled": int(unl.sum()),
        "bulk": int(bulk_mask.sum()),
        "bulk_wrong": int((given[bulk_mask] != truth[bulk_mask]).sum()),
        "one_key": int((how == 2).sum()),
        "typed": int((how == 3).sum()),
        "rounds": rounds,
        "wrong_total": int((given[unl] != truth[unl]).sum()),
        "temperatures": temperatures,
    }


def curve(x: np.ndarray, truth: np.ndarray, n_train: int, start: np.ndarray, *, step: int,
          order: str, seed: int, target: float) -> list[tuple[int, float]]:
    """Validation accuracy against labels, adding ``step`` true labels per retrain."""
    from reviewer.curation.suggest import useful_ranks

    rng = np.random.default_rng(seed)
    labelled = start.copy()
    points: list[tuple[int, float]] = []
    while True:
        codes = np.zeros(len(truth), np.int64)
        codes[:n_train][labelled] = truth[:n_train][labelled] + 1
        result = fit(x, codes, measure=False)
        ids = result.predicted.image_ids
        suggested = result.class_ids[result.predicted.top] - 1
        is_val = ids >= n_train
        accuracy = float((suggested[is_val] == truth[ids[is_val]]).mean())
        points.append((int(labelled.sum()), accuracy))
        pool = ids[~is_val]
        if not len(pool) or (accuracy >= target and len(points) > 1 and order != "full"):
            return points
        if order == "uncertainty":
            ranks = useful_ranks(result.predicted.margin[~is_val], x[pool], seed=seed)
            chosen = pool[np.argsort(ranks, kind="stable")[:step]]
        else:
            chosen = rng.choice(pool, size=min(step, len(pool)), replace=False)
        labelled[chosen] = True


def first_reaching(points: list[tuple[int, float]], target: float) -> int | None:
    return next((n for n, a in points if a >= target), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/clothing-small"))
    parser.add_argument("--embeddings-dir", type=Path, default=None)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--start", type=float, default=0.10, help="share labelled at first")
    parser.add_argument("--step", type=int, default=200, help="labels between retrains")
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.95, 0.97],
                        help="bulk acceptance thresholds (one simulation each)")
    parser.add_argument("--target", type=float, default=0.85, help="validation accuracy")
    args = parser.parse_args()

    from reviewer.curation.suggest import reduced

    print(f"CPU: {cpu_model()} × {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}")
    train_files, train_truth, names = folder_photos(args.data / "train")
    val_files, val_truth, val_names = folder_photos(args.data / "validation")
    assert names == val_names
    t = time.perf_counter()
    x_all = embeddings(train_files + val_files, args.embeddings_dir)
    print(f"{len(train_files)} train + {len(val_files)} validation photos, {len(names)} "
          f"categories; embeddings present in {time.perf_counter() - t:.1f} s")
    x = reduced(x_all)
    x_train = x[:len(train_files)]
    truth = np.concatenate([train_truth, val_truth])
    for seed in args.seeds:
        rng = np.random.default_rng(seed)
        start = np.zeros(len(train_files), bool)
        for k in range(len(names)):
            members = np.flatnonzero(train_truth == k)
            keep = max(2, round(args.start * len(members)))
            start[rng.choice(members, size=keep, replace=False)] = True
        print(f"\nseed {seed}: {int(start.sum())} labelled at first, "
              f"{len(train_files) - int(start.sum())} unlabelled")
        for threshold in args.threshold:
            t = time.perf_counter()
            r = bulk_and_curator(x_train, train_truth, start, step=args.step,
                                 threshold=threshold, seed=seed)
            seconds = time.perf_counter() - t
            share = r["bulk"] / r["unlabelled"]
            wrong = r["bulk_wrong"] / max(1, r["bulk"])
            looked = r["one_key"] + r["typed"]
            print(f"  bulk acceptance ≥ {threshold:.0%} settled {r['bulk']} ({share:.1%}; "
                  f"target ≥ 50 %), wrong {r['bulk_wrong']} ({wrong:.2%}; target ≤ 2 %); "
                  f"{r['rounds']} rounds in {seconds:.1f} s")
            print(f"    looked at one by one: {looked} ({looked / r['unlabelled']:.1%}): "
                  f"{r['one_key']} accepted with one key, {r['typed']} typed; temperatures "
                  + " ".join(f"{t:.2f}" for t in r["temperatures"]))
        curves = {}
        for order in ("uncertainty", "random"):
            t = time.perf_counter()
            curves[order] = curve(x, truth, len(train_files), start.copy(), step=args.step,
                                  order=order, seed=seed, target=args.target)
            points = " ".join(f"{n}:{a:.3f}" for n, a in curves[order])
            print(f"  {order:<11} labels:accuracy {points}  ({time.perf_counter() - t:.1f} s)")
        u = first_reaching(curves["uncertainty"], args.target)
        rnd = first_reaching(curves["random"], args.target)
        ratio = f"{rnd / u:.2f}× fewer" if u and rnd else "n/a"
        print(f"  labels to reach {args.target:.2f}: uncertainty {u}, random {rnd} "
              f"(uncertainty needs {ratio})")


if __name__ == "__main__":
    main()
