"""Subcommands for analysts: train, runs, evaluate, report, predict, export-model.

TensorFlow is imported only when one of them runs, so the catalogue commands stay quick.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from reviewer.cli.common import (
    EXIT_CANCELLED,
    EXIT_OK,
    EXIT_PARTIAL,
    Cancel,
    catalogue_from,
    print_json,
    progress_bar,
    row_id,
    settings_for_cli,
)
from reviewer.cli.line_progress import LineProgress
from reviewer.errors import UserError
from reviewer.training.backbone_facts import BACKBONE_KEYS, backbone_key
from reviewer.training.recipes import RECIPE_NAMES

BACKBONES = BACKBONE_KEYS


def register(sub: Any) -> None:
    p = sub.add_parser(
        "train", help="fine-tune a backbone on the catalogue",
        description="Fine-tune ImageNet backbones on the catalogue's labelled train split, "
        "validate on the validation split, evaluate on validation and test, and write an "
        "HTML report. The default recipe gives a good model in minutes (head first on "
        "cached features, then a few epochs of fine-tuning with warm-up, cosine decay, "
        "early stopping and label smoothing; on EfficientNet-Lite all of stage 6 on "
        "trains, elsewhere the paper's last two blocks); --recipe paper is the paper's "
        "(Adam, lr 1e-4, batch 32, the last two blocks trainable, augmentation, 100 epochs). "
        "Options given on top override the recipe. Several backbones separated by "
        "commas train one after the other. Ctrl-C cancels cleanly; --resume continues.")
    p.add_argument("--backbone", default=None,
                   help=f"one or more of {', '.join(BACKBONES)} (default: settings, "
                   "else efficientnet_lite0)")
    p.add_argument("--recipe", default="default", choices=RECIPE_NAMES,
                   help="default (fast and good; also called fast) or paper")
    p.add_argument("--epochs", type=int, default=None, help="default: the recipe's")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=None, help="learning rate (default: the recipe's)")
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--frozen", type=int, default=None, metavar="N",
                   help="freeze the first N backbone layers (default: the recipe's cut)")
    p.add_argument("--train-from", default=None, metavar="LAYER",
                   help="freeze every backbone layer before the first whose name starts with "
                   "LAYER, e.g. block7a (only the last block and the top convolution train); "
                   "default: the recipe's cut (default recipe on EfficientNet-Lite: block6a; "
                   "otherwise the paper's last two blocks)")
    p.add_argument("--input-size", type=int, default=None)
    p.add_argument("--weights", default="imagenet",
                   help="imagenet (from the Keras cache), a weights FILE, or none (from scratch)")
    p.add_argument("--no-augment", action="store_true")
    p.add_argument("--views", type=int, default=None,
                   help="augmented views cached per training image (fast path; default: the "
                   "recipe's)")
    p.add_argument("--naive", action="store_true",
                   help="full forward/backward every epoch instead of cached features")
    p.add_argument("--early-stopping", type=int, default=None, metavar="PATIENCE")
    p.add_argument("--tta", action=argparse.BooleanOptionalAction, default=None,
                   help="evaluate with horizontal-flip test-time augmentation: the mean of "
                   "each picture's and its mirror's probabilities (default: off; it did not "
                   "pay on clothing-small); recorded with the run")
    p.add_argument("--class-weights", action="store_true", help="weigh rare categories up")
    p.add_argument("--ensemble", action="store_true",
                   help="with two or more backbones: also record the mean of their runs as "
                   "an ensemble run, evaluated and reported (e.g. --backbone "
                   "efficientnet-lite0,efficientnet-lite1 --ensemble)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--mixed-precision", action="store_true", help="float16 on a GPU")
    p.add_argument("--name", default="")
    p.add_argument("--resume", type=row_id, metavar="RUN", help="continue a cancelled run")
    p.add_argument("--no-evaluate", action="store_true")
    p.add_argument("--cluster", metavar="HOST:PORT,...",
                   help="train on several machines (MultiWorkerMirroredStrategy): every "
                   "worker's address, the same list on each; or set TF_CONFIG yourself")
    p.add_argument("--worker-index", type=int, default=0, metavar="I",
                   help="this machine's place in --cluster (0, the chief, records the run)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser(
        "ensemble", help="average several runs' probabilities as a run of its own",
        description="Record an ensemble of finished runs (same categories) as a new run "
        "whose model averages their class probabilities; evaluate, predict, report, "
        "export-model and moderation scoring take it like any run. It is evaluated on "
        "validation and test and reported unless --no-evaluate.")
    p.add_argument("members", nargs="+", type=row_id, metavar="RUN")
    p.add_argument("--name", default="")
    p.add_argument("--tta", action=argparse.BooleanOptionalAction, default=None,
                   help="evaluate with horizontal-flip test-time augmentation (default: "
                   "when every member's run does); recorded with the ensemble")
    p.add_argument("--no-evaluate", action="store_true")
    p.set_defaults(func=cmd_ensemble)

    p = sub.add_parser("runs", help="list runs and compare them (the paper's Table VI)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_runs)

    p = sub.add_parser("evaluate", help="evaluate a run on a split and store its predictions")
    p.add_argument("run", type=row_id)
    p.add_argument("--split", default="test", choices=["train", "validation", "test"])
    p.add_argument("--tta", action=argparse.BooleanOptionalAction, default=None,
                   help="average each picture's probabilities with its mirror's (default: "
                   "as the run was recorded; off unless it was trained with --tta)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    _model_option(p)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "predict", help="score image files (or catalogue images) with a run's model",
        description="Score a folder or files with a run's model. Uses TensorFlow Lite with "
        "XNNPACK on the CPU when it is faster (--backend auto). Files that cannot be read "
        "are listed with the reason; the rest are scored.")
    p.add_argument("run", type=row_id)
    p.add_argument("paths", nargs="*", type=Path, help="image files or folders")
    p.add_argument("--split", choices=["train", "validation", "test"],
                   help="score the catalogue's images of this split instead of files")
    p.add_argument("--backend", choices=["auto", "keras", "tflite"], default="auto")
    p.add_argument("--top", type=int, default=3)
    p.add_argument("--tta", action="store_true",
                   help="also score each picture's mirror image and average the two "
                   "(twice the work; off by default, as exported models score one pass)")
    p.add_argument("--csv", type=Path, help="also write the scores to this CSV file")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    _model_option(p)
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser("export-model", help="export a run's model (.keras, SavedModel, TFLite)")
    p.add_argument("run", type=row_id)
    p.add_argument("target", type=Path, help="folder or file")
    p.add_argument("--format", choices=["keras", "savedmodel", "tflite", "tflite-quant"],
                   default="keras")
    _model_option(p)
    p.set_defaults(func=cmd_export_model)

    p = sub.add_parser("report", help="write a run's HTML report with CSV and JSON tables")
    p.add_argument("run", type=row_id)
    p.add_argument("--out", type=Path, help="folder (default: beside the run's model)")
    p.set_defaults(func=cmd_report)


def _tf_quiet() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _spec(args: argparse.Namespace, backbone: str) -> Any:
    from reviewer.training.recipes import recipe_spec

    weights: str | None = args.weights
    if weights and weights.lower() == "none":
        weights = None
    return recipe_spec(
        args.recipe,
        backbone=backbone, name=args.name, input_size=args.input_size, weights=weights,
        epochs=args.epochs, batch_size=args.batch_size, learning_rate=args.lr,
        dropout=args.dropout, frozen_layers=args.frozen, trainable_from=args.train_from,
        augment=not args.no_augment,
        fast_path=not args.naive, views=args.views, early_stopping=args.early_stopping,
        class_weights=args.class_weights, seed=args.seed, mixed_precision=args.mixed_precision,
        tta=args.tta,
    )


class _SessionPrinter:
    """Shows a training session's events: one bar for feature caching, one for epochs
    (with loss/accuracy and ETA), one per evaluated split, and a line for the rest.
    When stderr is not a terminal, plain progress lines every few seconds instead."""

    def __init__(self, lines: LineProgress | None = None) -> None:
        from tqdm import tqdm

        self.tqdm = tqdm
        self.bar: Any = None
        self.stage = ""
        self.lines = lines if lines is not None else (
            None if sys.stderr.isatty() else LineProgress())

    def __call__(self, event: Any) -> None:
        from reviewer.training import session as s
        from reviewer.training.progress import TrainProgress
        from reviewer.training.runs import RunStatus

        if isinstance(event, TrainProgress):
            self._train_progress(event)
        elif isinstance(event, s.EvaluationProgress) and self.lines is not None:
            self.lines.update(f"evaluating {event.split}", event.done, event.total, unit="img")
        elif isinstance(event, s.EvaluationProgress):
            self._bar(f"eval-{event.run_id}-{event.split}", f"Evaluating {event.split}",
                      "img", event.total)
            self.bar.n = event.done
            self.bar.refresh()
        elif isinstance(event, s.RunTrained):
            self.close()
            r = event.result
            if not r.run_id:
                print(f"This worker's share: {r.status} after {len(r.history)} epoch(s) in "
                      f"{r.wall_seconds:.0f} s; worker 0 records the run.")
                return
            print(f"Run {r.run_id}: {r.status} after {len(r.history)} epoch(s) "
                  f"in {r.wall_seconds:.0f} s on {r.device}.")
            if r.status == RunStatus.CANCELLED:
                print(f"Resume it with `reviewer train --resume {r.run_id}`.")
        elif isinstance(event, s.SplitEvaluated):
            self.close()
            print(f"  {event.split} accuracy: {event.accuracy:.4f}"
                  + (" (with flip TTA)" if event.tta else ""))
        elif isinstance(event, s.SplitSkipped):
            self.close()
            print(f"  {event.split}: not evaluated ({event.reason})", file=sys.stderr)
        elif isinstance(event, s.ReportWritten):
            print(f"Report: {event.path}")
        elif isinstance(event, s.EnsembleMade):
            self.close()
            print(f"Run {event.run_id}: ensemble of runs {', '.join(map(str, event.members))}.")

    def _bar(self, key: str, desc: str, unit: str, total: int) -> None:
        if key != self.stage or self.bar is None:
            self.close()
            self.stage = key
            self.bar = self.tqdm(total=total, unit=unit, desc=desc, file=sys.stderr,
                                 dynamic_ncols=True, disable=None)
        self.bar.total = total

    def _train_progress(self, p: Any) -> None:
        from reviewer.training.progress import Stage

        if p.stage in (Stage.PREPARING, Stage.SAVING, Stage.DONE):
            self.close()
            print(p.message, file=sys.stderr)
            return
        shown = {k: f"{v:.3f}" for k, v in p.logs.items()
                 if k in ("loss", "accuracy", "val_loss", "val_accuracy")}
        if self.lines is not None:
            if p.stage == Stage.CACHING:
                self.lines.update("caching", p.step, p.steps, unit="img")
            else:
                done = p.epoch if p.epoch_end else max(p.epoch - 1, 0)
                where = f"epoch {p.epoch} step {p.step}/{p.steps}" if not p.epoch_end else ""
                extra = ", ".join([where, *(f"{k} {v}" for k, v in shown.items())] if where
                                  else [f"{k} {v}" for k, v in shown.items()])
                self.lines.update("training", done, p.epochs, unit="epochs",
                                  eta=p.eta_seconds, extra=extra)
            return
        if p.stage == Stage.CACHING:
            self._bar(Stage.CACHING, "Caching", "img", p.steps)
            self.bar.n = p.step
        else:
            self._bar(p.stage, p.stage.capitalize(), "epoch", p.epochs)
            self.bar.n = p.epoch if p.epoch_end else max(p.epoch - 1, 0)
            self.bar.set_postfix(shown, refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        self.stage = ""


def _model_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", type=Path, metavar="FILE",
                   help="use this model file instead of the one the run records; a run's own "
                   "model is only opened from the catalogue's file store")


def cmd_train(args: argparse.Namespace) -> int:
    _tf_quiet()
    from reviewer.training import multiworker

    if args.cluster:
        multiworker.configure(args.cluster, args.worker_index)
    chief = multiworker.is_chief()
    if multiworker.tf_config() is not None:
        if args.resume is not None:
            raise UserError("--resume is for one machine.", hint="Resume without --cluster.")
        multiworker.strategy()  # before TensorFlow does anything else
    from reviewer.training.session import run_session

    catalogue = catalogue_from(args, create=False)
    backbones = [backbone_key(b)
                 for b in (args.backbone or settings_for_cli().default_backbone).split(",")]
    unknown = [b for b in backbones if b not in BACKBONES]
    if unknown:
        raise UserError(f"Unknown backbone {', '.join(unknown)}.",
                        hint=f"Choose from {', '.join(BACKBONES)}.")
    if args.ensemble and (len(backbones) < 2 or args.resume is not None):
        raise UserError("--ensemble averages the runs of two or more backbones.",
                        hint="Give them with --backbone A,B (and not with --resume); or "
                        "average finished runs with `reviewer ensemble RUN RUN`.")
    printer = _SessionPrinter()
    with Cancel().installed() as cancel:
        try:
            outcome = run_session(
                catalogue, [] if args.resume is not None else [_spec(args, b) for b in backbones],
                resume_run=args.resume, on_event=printer, should_stop=cancel,
                evaluate=chief and not args.no_evaluate, report=chief and not args.no_evaluate,
                ensemble=args.ensemble and chief)
        finally:
            printer.close()
    return EXIT_CANCELLED if outcome.cancelled is not None else EXIT_OK


def cmd_ensemble(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args, create=False)
    _tf_quiet()
    from reviewer.training.session import make_ensemble

    printer = _SessionPrinter()  # the same lines as an ensemble made by `train --ensemble`
    with Cancel().installed() as cancel:
        try:
            make_ensemble(catalogue, args.members, printer, cancel, evaluate=not args.no_evaluate,
                          report=not args.no_evaluate, name=args.name, tta=args.tta)
        finally:
            printer.close()
    return EXIT_OK


def cmd_runs(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args, create=False)  # first: a wrong path is answered at once
    from reviewer.training.run_readers import comparison
    from reviewer.training.runs import list_runs

    with catalogue.read() as session:
        infos = list_runs(session)
    table = comparison(catalogue)
    if args.json:
        print_json({
            "runs": [{"id": i.id, "name": i.name, "backbone": i.backbone, "status": i.status,
                      "epochs": i.epochs_done, "device": i.device,
                      "wall_seconds": i.wall_seconds, "settings": i.settings,
                      "history": i.history} for i in infos],
            "comparison": [row.to_dict() for row in table],
        })
        return EXIT_OK
    if not infos:
        print("No runs yet. Start one with `reviewer train`.")
        return EXIT_OK
    print(f"{'run':>4}  {'backbone':<20} {'status':<10} {'epochs':>6}  {'wall':>7}  name")
    for i in infos:
        print(f"{i.id:>4}  {i.backbone:<20} {i.status:<10} {i.epochs_done:>6}  "
              f"{i.wall_seconds:>6.0f}s  {i.name}")
    if table:
        print("\nComparison (Table VI):")
        print(f"{'run':>4}  {'model':<28} {'val acc':>8} {'val loss':>9} {'test acc':>9}")
        for row in table:
            print(f"{row.run_id:>4}  {row.model[:28]:<28} {_fmt(row.validation_accuracy):>8} "
                  f"{_fmt(row.validation_loss):>9} {_fmt(row.test_accuracy):>9}")
    return EXIT_OK


def _fmt(value: object) -> str:
    return f"{value:.4f}" if isinstance(value, float) else "—"


def _existing_run(args: argparse.Namespace) -> Any:
    """The catalogue, once the run is known to exist: checked before TensorFlow loads
    (7–12 s), so a mistyped run id is answered at once."""
    from reviewer.training.runs import get_run

    catalogue = catalogue_from(args, create=False)
    with catalogue.read() as session:
        get_run(session, args.run)
    return catalogue


def cmd_evaluate(args: argparse.Namespace) -> int:
    catalogue = _existing_run(args)
    _tf_quiet()
    from reviewer.training.evaluate import evaluate_run

    with Cancel().installed() as cancel, progress_bar(f"Evaluating {args.split}") as update:
        result = evaluate_run(catalogue, args.run, args.split, on_progress=update,
                              should_stop=cancel, model_file=args.model, tta=args.tta)
    m = result.metrics
    if args.json:
        print_json({"run": args.run, "split": args.split, "evaluation": result.evaluation_id,
                    **m.to_dict()})
        return EXIT_OK
    how = " with flip TTA" if m.tta else ""
    print(f"Run {args.run} on {args.split}{how}: accuracy {m.accuracy:.4f}, loss "
          f"{m.loss:.4f}" if m.loss is not None else f"accuracy {m.accuracy:.4f}")
    width = max(len(n) for n in m.class_names + ["weighted avg"])
    print(f"{'':<{width}}  precision  recall  f1-score  support")
    for r in [*m.per_class, m.macro, m.weighted]:
        print(f"{r.name:<{width}}  {r.precision:>9.3f}  {r.recall:>6.3f}  {r.f1:>8.3f}  {r.support:>7}")
    print("\nConfusion matrix (rows: true, columns: predicted):")
    short = [n[:6] for n in m.class_names]
    print(" " * (width + 2) + " ".join(f"{s:>6}" for s in short))
    for name, row in zip(m.class_names, m.confusion, strict=True):
        print(f"{name:<{width}}  " + " ".join(f"{c:>6}" for c in row))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from reviewer.training.run_report import write_report
    from reviewer.training.runs import run_dir

    catalogue = catalogue_from(args, create=False)
    html = write_report(catalogue, args.run, args.out or run_dir(catalogue, args.run) / "report")
    print(f"Report: {html}")
    return EXIT_OK


def _image_files(paths: list[Path]) -> list[str]:
    from reviewer.catalogue.sources import IMAGE_SUFFIXES

    found: list[str] = []
    for path in paths:
        if path.is_dir():
            found.extend(str(p) for p in sorted(path.rglob("*"))
                         if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
        else:
            found.append(str(path))
    return found


def cmd_predict(args: argparse.Namespace) -> int:
    catalogue = _existing_run(args)
    _tf_quiet()
    import csv

    from reviewer.catalogue.queries import ImageFilter
    from reviewer.csv_safe import safe_cell
    from reviewer.training.scorer import Scorer

    scorer = Scorer.for_run(catalogue, args.run, backend=args.backend, top_k=args.top,
                            model_file=args.model, tta=args.tta)
    with Cancel().installed() as cancel, progress_bar("Scoring") as update:
        if args.split:
            results = scorer.score_images(catalogue, ImageFilter(split=args.split),
                                          on_progress=update, should_stop=cancel)
        else:
            files = _image_files(args.paths)
            if not files:
                raise UserError("No image files to score.", hint="Give files or folders, "
                                "or --split test to score catalogue images.")
            results = scorer.score_paths(files, on_progress=update, should_stop=cancel)
    if args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["file", "image_id", "predicted", "confidence", "top", "error"])
            for r in results:
                writer.writerow([safe_cell(r.path or ""), r.image_id or "",
                                 safe_cell(r.predicted or ""), r.confidence or "",
                                 safe_cell("; ".join(f"{c} {p:.3f}" for c, p in r.top)),
                                 safe_cell(r.error or "")])
    if args.json:
        print_json({"backend": scorer.backend, "results": [
            {"file": r.path, "image_id": r.image_id, "predicted": r.predicted,
             "confidence": r.confidence, "top": r.top, "error": r.error} for r in results]})
    else:
        print(f"Scored with {scorer.backend}"
              f"{' (each picture and its mirror, averaged)' if args.tta else ''}: "
              f"{getattr(scorer, 'backend_reason', '')}", file=sys.stderr)
        for r in results:
            where = r.path or f"image {r.image_id}"
            if r.error:
                print(f"{where}: cannot score: {r.error}")
            else:
                top = ", ".join(f"{c} {p:.2f}" for c, p in r.top)
                print(f"{where}: {r.predicted} ({top})")
    return EXIT_PARTIAL if any(r.error for r in results) else EXIT_OK


def cmd_export_model(args: argparse.Namespace) -> int:
    catalogue = _existing_run(args)
    _tf_quiet()
    from reviewer.training.export_model import export_run

    path = export_run(catalogue, args.format, args.target, run_id=args.run,
                      model_file=args.model)
    print(f"Exported run {args.run} as {args.format}: {path}")
    return EXIT_OK
