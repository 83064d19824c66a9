"""Subcommands for seeing why: explain (heat maps), map (the 2-D catalogue map),
calibration (temperature scaling and ECE). TensorFlow and the projection libraries are
imported only when one of them runs."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from reviewer.cli.common import EXIT_OK, Cancel, catalogue_from, print_json, progress_bar, row_id
from reviewer.errors import UserError

METHODS = ("pacmap", "umap", "tsne")  # reviewer.analysis.projection.METHODS, without numpy
COLOURINGS = ("label", "prediction", "correct", "split")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "explain", help="a heat map of what a run's model looked at in an image",
        description="Grad-CAM on the run's own model: which parts of the photo drove the "
        "score of a class. Without --class, the predicted class and the image's true class "
        "(declared category or current label) are shown side by side.")
    p.add_argument("run", type=row_id)
    p.add_argument("image", type=row_id, metavar="IMAGE_ID")
    p.add_argument("--class", dest="classes", action="append", metavar="C",
                   help="explain this category (repeatable)")
    p.add_argument("--out", required=True, type=Path, help="PNG file to write")
    p.add_argument("--json", action="store_true", help="also print what was shown as JSON")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser(
        "map", help="the catalogue's images on a 2-D map of their embeddings",
        description="Project the stored embeddings (run `reviewer embed` first) to 2-D. "
        "The projection is cached per (embeddings, method, parameters).")
    p.add_argument("--method", choices=METHODS, default="pacmap")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--run", type=row_id, default=None,
                   help="add what this run predicted (colour by prediction or correct)")
    p.add_argument("--colour", choices=COLOURINGS, default="label", help="for --out")
    p.add_argument("--json", action="store_true",
                   help="print a list of {image_id, x, y, label, split[, predicted]}")
    p.add_argument("--out", type=Path, default=None, help="draw the map into this PNG")
    p.set_defaults(func=cmd_map)

    p = sub.add_parser(
        "calibration", help="fit a run's temperature and show ECE before and after",
        description="Predict the run's validation and test images, fit temperature scaling "
        "on validation (stored with the run's model, then applied to every probability the "
        "app shows or uses) and print the expected calibration error (15 bins) before and "
        "after on both splits.")
    p.add_argument("run", type=row_id)
    p.add_argument("--json", action="store_true", help="print JSON for scripts "
                   "(with the reliability bins and the per-class PR curves)")
    p.set_defaults(func=cmd_calibration)


def _existing_run(args: argparse.Namespace, run_id: int) -> Any:
    from reviewer.training.runs import get_run

    catalogue = catalogue_from(args, create=False)
    with catalogue.read() as session:
        get_run(session, run_id)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return catalogue


def cmd_explain(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".png":
        raise UserError(f"--out {args.out} should name a .png file.")
    catalogue = _existing_run(args, args.run)
    from reviewer.analysis.explain import RunExplainer, render

    explainer = RunExplainer(catalogue, args.run)
    explanation = explainer.explain(args.image, args.classes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    render(explanation).save(args.out)
    rows = [{"class": m.name, "role": m.role, "probability": round(m.probability, 4),
             "peak": list(m.map.peak)} for m in explanation.maps]
    if args.json:
        print_json({"run": args.run, "image_id": args.image, "predicted": explanation.predicted,
                    "true": explanation.true, "temperature": explainer.temperature,
                    "maps": rows, "out": str(args.out)})
    else:
        for r in rows:
            print(f"{r['role']}: {r['class']} {r['probability']:.1%}")
        print(f"Heat map: {args.out}")
    return EXIT_OK


def cmd_map(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args, create=False)
    if args.run is not None:
        _existing_run(args, args.run)
    from reviewer.analysis.catalogue_map import catalogue_map
    from reviewer.analysis.projection import ProjectionParams
    from reviewer.curation.embed import default_store

    with Cancel().installed() as cancel, progress_bar("Map", unit="step") as bar:
        result = catalogue_map(catalogue, default_store(),
                               ProjectionParams(method=args.method, seed=args.seed),
                               run_id=args.run, on_progress=bar, should_stop=cancel)
    if args.out is not None:
        from reviewer.analysis.map_picture import draw_map

        draw_map(result, args.colour, args.out)
    if args.json:
        print_json(result.to_rows())
        return EXIT_OK
    cached = " (from the cache)" if result.from_cache else ""
    print(f"{len(result.image_ids):,} images mapped with {args.method}{cached}"
          + (f"; {result.without_embedding} without an embedding (run `reviewer embed`)"
             if result.without_embedding else ""))
    if args.out is not None:
        print(f"Map: {args.out}")
    return EXIT_OK


def cmd_calibration(args: argparse.Namespace) -> int:
    catalogue = _existing_run(args, args.run)
    from reviewer.analysis.calibration import calibrate_run

    with Cancel().installed() as cancel, progress_bar("Calibrating") as bar:
        report = calibrate_run(catalogue, args.run, on_progress=bar, should_stop=cancel)
    if args.json:
        print_json(report.to_dict(with_curves=True))
        return EXIT_OK
    print(f"Run {args.run}: temperature {report.temperature:.3f} (fitted on validation, "
          "stored with the run)")
    for s in report.splits:
        print(f"  {s.split:<10} {s.images:>6} images  ECE {s.ece_before:.4f} → "
              f"{s.ece_after:.4f}  NLL {s.nll_before:.4f} → {s.nll_after:.4f}  "
              f"accuracy {s.accuracy:.4f} (unchanged)")
    return EXIT_OK
