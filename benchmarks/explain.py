"""Seeing why, measured (issue 17). Parts, each selectable with --part:

1. ``projection``: PaCMAP, UMAP and openTSNE on the same synthetic clustered vectors of
   the embedding's dimension (1280; 20 Gaussian clusters of unequal size and spread) at
   10,000 and 100,000 points: seconds, and two quality numbers on a 5,000-point sample —
   trustworthiness (k=10, scikit-learn) and 10-NN cluster agreement in 2-D (the share of
   each point's 10 nearest 2-D neighbours from its own cluster). Ratio: each method's
   time over the fastest's, in the same run. This chose ``projection.DEFAULT_METHOD``.
2. ``heatmap``: Grad-CAM latency per image (predicted and true class together, as the
   app shows them) on an EfficientNet-Lite0 classifier at 224×224 — both a fast-path-
   shaped model and a fully fine-tunable one (same graph); target < 150 ms per image.
3. ``widget``: the map widget (pyqtgraph) with 100,000 points, offscreen: frame time
   while panning (the view range moved 120 times, each followed by one synchronous repaint);
   median and p95; target < 16 ms median.
4. ``ece``: a quick Lite0 fast-path run on clothing-small (ImageNet weights, few
   epochs; the shared validation folder halved by image id into validation and test),
   calibrated on the validation half: ECE (15 bins) before and after temperature scaling
   on both halves.

Run: ``nice -n 5 python benchmarks/explain.py --part all``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)

DATA = Path("/work/shared/data/clothing-small")




def clustered(n: int, dim: int = 1280, clusters: int = 20, seed: int = 0
              ) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    sizes = rng.dirichlet(np.full(clusters, 2.0))
    labels = rng.choice(clusters, size=n, p=sizes)
    centres = rng.normal(0, 1.0, (clusters, dim)).astype(np.float32)
    spread = rng.uniform(0.6, 1.4, clusters).astype(np.float32)
    x = centres[labels] + rng.normal(0, 1, (n, dim)).astype(np.float32) * spread[labels, None] * 0.9
    return x.astype(np.float32), labels


def knn_agreement(xy: np.ndarray, labels: np.ndarray, sample: np.ndarray, k: int = 10) -> float:
    from sklearn.neighbors import NearestNeighbors

    nn = NearestNeighbors(n_neighbors=k + 1).fit(xy)
    _, idx = nn.kneighbors(xy[sample])
    return float((labels[idx[:, 1:]] == labels[sample, None]).mean())


def part_projection(sizes: list[int], methods: list[str]) -> None:
    from sklearn.manifold import trustworthiness

    from reviewer.analysis.projection import ProjectionParams, project, reduce

    print("\n== projection (2-D map) ==")
    warm, _ = clustered(600, seed=5)
    for method in methods:  # numba compiles on the first call
        started = time.perf_counter()
        project(warm, ProjectionParams(method=method, seed=0))
        print(f"first call in a process ({method}, 600 points, includes compiling): "
              f"{time.perf_counter() - started:.1f} s", flush=True)
    for n in sizes:
        x, labels = clustered(n)
        rng = np.random.default_rng(1)
        sample = rng.choice(n, min(5000, n), replace=False)
        reduced_sample = reduce(x, 0)[sample]  # trustworthiness against the PCA-50 space
        times = {}
        for method in methods:
            started = time.perf_counter()
            xy = project(x, ProjectionParams(method=method, seed=0))
            took = time.perf_counter() - started
            times[method] = took
            trust = trustworthiness(reduced_sample, xy[sample], n_neighbors=10)
            agree = knn_agreement(xy, labels, sample)
            print(f"n={n:>7,} {method:<7} {took:8.1f} s  trustworthiness {trust:.4f}  "
                  f"10-NN cluster agreement {agree:.4f}", flush=True)
        fastest = min(times, key=times.__getitem__)
        print(f"n={n:>7,} time / fastest ({fastest}): " + ", ".join(
            f"{m} {t / times[fastest]:.2f}×" for m, t in times.items()), flush=True)


def part_heatmap(images: int = 20) -> None:
    from reviewer.analysis.gradcam import GradCam
    from reviewer.training.backbones import build_classifier
    from reviewer.training.pipeline import decode_resized

    print("\n== heat map latency (Grad-CAM, predicted + true class) ==")
    files = sorted((DATA / "validation").glob("*/*.jpg"))[:images]
    for label, frozen in (("fast-path model (paper's frozen prefix)", None),
                          ("fully fine-tunable model (nothing frozen)", 0)):
        parts = build_classifier("efficientnet_lite0", 10, weights="imagenet",
                                 frozen_layers=frozen)
        gradcam = GradCam(parts.model)
        pixels = [decode_resized(str(f), 224) for f in files]
        gradcam.maps(pixels[0], [0, 1])  # tracing
        took = []
        for p in pixels:
            started = time.perf_counter()
            gradcam.analyse(p, lambda probs: [int(np.argmax(probs)), 3])
            took.append(time.perf_counter() - started)
        decode = []
        for f in files[:10]:
            started = time.perf_counter()
            decode_resized(str(f), 224)
            decode.append(time.perf_counter() - started)
        print(f"{label}: median {statistics.median(took) * 1000:.1f} ms, p95 "
              f"{np.percentile(took, 95) * 1000:.1f} ms per image over {len(files)} photos "
              f"(plus decode {statistics.median(decode) * 1000:.1f} ms); target < 150 ms",
              flush=True)


def part_widget(n: int = 100_000) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from reviewer.ui.map.scatter_view import ScatterView

    print("\n== map widget frame time while panning ==")
    app = QApplication.instance() or QApplication(sys.argv)
    x, labels = clustered(n, dim=2, clusters=20)
    view = ScatterView()
    view.resize(1000, 700)
    view.show()
    view.set_points(np.arange(n), x, [f"class {i}" for i in labels], "label")
    app.processEvents()
    plot = view.plot.getViewBox()
    (x0, x1), (y0, y1) = plot.viewRange()
    width = (x1 - x0) / 2
    took = []
    for i in range(120):
        shift = width * 0.01 * (1 if (i // 30) % 2 == 0 else -1)
        started = time.perf_counter()
        plot.translateBy(x=shift, y=shift * 0.3)
        view.plot.viewport().repaint()  # one full, synchronous repaint of the plot
        app.processEvents()
        took.append(time.perf_counter() - started)
    print(f"{n:,} points, 1000×700: median {statistics.median(took) * 1000:.1f} ms, p95 "
          f"{np.percentile(took, 95) * 1000:.1f} ms per frame over {len(took)} pans; "
          "target < 16 ms median", flush=True)
    view.close()


def part_ece(epochs: int, keep: Path | None) -> None:
    from sqlalchemy import select, update

    from reviewer.analysis.calibration import calibrate_run
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.importer import ImportOptions, run_import
    from reviewer.catalogue.schema import Image
    from reviewer.training.spec import TrainSpec
    from reviewer.training.trainer import train

    print("\n== ECE before and after temperature scaling (clothing-small) ==")
    folder = keep or Path(tempfile.mkdtemp(prefix="explain-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    cat = open_catalogue(str(folder / "bench.sqlite"), create=True)
    for split in ("train", "validation"):
        run_import(cat, DATA / split, ImportOptions(actor="bench", split=split))
    # the shared validation folder, halved: every other image (by id) becomes the test
    # split, so the temperature is fitted on one half and judged on the other
    with cat.write() as session:
        ids = session.scalars(select(Image.id).where(Image.split == "validation")
                              .order_by(Image.id)).all()
        session.execute(update(Image).where(Image.id.in_(ids[1::2])).values(split="test"))
    spec = TrainSpec(backbone="efficientnet_lite0", epochs=epochs, views=2, seed=0,
                     learning_rate=1e-3)
    started = time.perf_counter()
    result = train(cat, spec)
    print(f"trained run {result.run_id} in {time.perf_counter() - started:.0f} s: "
          f"{epochs} epochs, val accuracy {result.history[-1].get('val_accuracy', 0):.3f}")
    report = calibrate_run(cat, result.run_id)
    print(f"temperature {report.temperature:.3f} (fitted on the validation half)")
    for s in report.splits:
        print(f"{s.split:<10} {s.images:>5} images: ECE {s.ece_before:.4f} → "
              f"{s.ece_after:.4f} ({s.ece_before / max(s.ece_after, 1e-9):.2f}× lower), "
              f"NLL {s.nll_before:.4f} → {s.nll_after:.4f}, accuracy {s.accuracy:.4f}",
              flush=True)
    print(f"catalogue kept in {folder}" if keep else f"catalogue left in {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="all",
                        choices=["all", "projection", "heatmap", "widget", "ece"])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--methods", default="pacmap,umap,tsne")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the ECE part's catalogue (and run) in this folder")
    args = parser.parse_args()
    print(f"CPU: {cpu_model()} ({os.cpu_count()} cores)")
    if args.part in ("all", "projection"):
        part_projection([int(s) for s in args.sizes.split(",")], args.methods.split(","))
    if args.part in ("all", "heatmap"):
        part_heatmap()
    if args.part in ("all", "widget"):
        part_widget()
    if args.part in ("all", "ece"):
        part_ece(args.epochs, args.keep)


if __name__ == "__main__":
    main()
