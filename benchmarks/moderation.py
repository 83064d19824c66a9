"""Moderation on real photos: does category_mismatch catch wrong declarations, and how
fast does the Moderation tab move from one listing to the next?

    .venv/bin/python benchmarks/moderation.py --catalogue CATALOGUE.sqlite [--run N]
        [--data /work/shared/data/clothing-small] [--swap 0.1] [--seed 0]
        [--decisions 200] [--think-ms 150] [--json]

CATALOGUE holds a run trained on the ``train/`` folder (its validation split is the
calibration data). The script works on a copy (the SQLite file copied, the image store
hard-linked) in a temporary folder, so the catalogue is left as it was. Then:

1. ``calibrate``: the category_mismatch threshold on the run's validation predictions
   for 85 % precision at an assumed 10 % of wrong declarations (the real function,
   TFLite/auto backend);
2. listings: one per photo of ``validation/`` (photos the run never saw), a seller per
   listing, the declared category the folder's name, except for a seeded 10 % whose
   declared category is swapped to another category drawn at random;
3. ``score_listings`` with the calibrated run; prints listings/s and the recall and
   precision of ``category_mismatch`` against the swaps (target: recall ≥ 90 % at
   precision ≥ 85 %), with the counts behind them;
4. the GUI: every scored listing is put in the queue (the flags the scorer raised are
   kept) and ``benchmarks/moderation_gui.py`` drives the real ModerationView with
   pytest-qt: ``--decisions`` key presses (A, 1–9/0, P, E, S and X + reason, in a
   seeded mix) with ``--think-ms`` of reading time between them; each figure is the
   time from the key press to the next listing shown (its photos painted). Target:
   median < 50 ms.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path("/work/shared/data/clothing-small")




def copy_catalogue(src: Path, dst_dir: Path) -> Path:
    dst = dst_dir / src.name
    import sqlite3

    with sqlite3.connect(src) as source, sqlite3.connect(dst) as target:
        source.backup(target)  # a consistent copy, WAL included
    files = src.with_name(src.stem + "-files")
    copy_files = dst_dir / (dst.stem + "-files")
    shutil.copytree(files / "images", copy_files / "images", copy_function=os.link)
    # Runs open their models only from their own catalogue's store: bring the runs along
    # and point the copy's rows at them.
    if (files / "runs").is_dir():
        shutil.copytree(files / "runs", copy_files / "runs", copy_function=os.link)
        with sqlite3.connect(dst) as target:
            target.execute("UPDATE runs SET model_path = replace(model_path, ?, ?)",
                           (str(files), str(copy_files)))
    return dst


def build_listings(data: Path, out: Path, swap: float, seed: int) -> tuple[Path, set[str]]:
    rng = random.Random(seed)
    folder = data / "validation"
    categories = sorted(p.name for p in folder.iterdir() if p.is_dir())
    photos = [(c, p) for c in categories for p in sorted((folder / c).glob("*.jpg"))]
    swapped_rows = set(rng.sample(range(len(photos)), round(swap * len(photos))))
    swapped: set[str] = set()
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["path", "listing_id", "seller_id", "declared_category", "title"])
        for i, (category, path) in enumerate(photos):
            lid = f"V{i:05d}"
            declared = category
            if i in swapped_rows:
                declared = rng.choice([c for c in categories if c != category])
                swapped.add(lid)
            writer.writerow([str(path), lid, f"seller{i:05d}", declared, f"{category} {path.stem}"])
    return out, swapped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalogue", type=Path, required=True)
    parser.add_argument("--run", type=int)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--swap", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--precision", type=float, default=0.85)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--think-ms", type=int, default=150)
    parser.add_argument("--no-gui", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from sqlalchemy import select, update

    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.schema import Flag, Listing, Run
    from reviewer.moderation.calibration import calibrate_run
    from reviewer.moderation.listings import import_listings
    from reviewer.moderation.scoring import score_listings

    out: dict[str, object] = {"cpu": cpu_model(), "cpus": os.cpu_count(),
                              "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="moderation-bench-") as tmp:
        work = Path(tmp)
        db = copy_catalogue(args.catalogue, work)
        catalogue = open_catalogue(str(db))
        with catalogue.read() as session:
            run_id = args.run or session.scalar(select(Run.id).where(Run.status == "finished")
                                                .order_by(Run.id.desc()))
            run = session.get(Run, run_id)
            assert run is not None, "no finished run in the catalogue"
            out["run"] = {"id": run.id, "name": run.name, "backbone": run.backbone,
                          "settings": json.loads(run.settings_json)}
        started = time.perf_counter()
        cal = calibrate_run(catalogue, run_id, precision=args.precision, prevalence=args.swap)
        out["calibrate_s"] = round(time.perf_counter() - started, 2)
        out["calibration"] = {k: v for k, v in cal.to_dict().items() if k != "curve"}

        csv_path, swapped = build_listings(args.data, work / "listings.csv", args.swap, args.seed)
        started = time.perf_counter()
        report = import_listings(catalogue, csv_path, actor="bench", follow_links=True)
        out["import_s"] = round(time.perf_counter() - started, 2)
        out["listings"] = report.listings_created
        out["swapped"] = len(swapped)
        assert not report.problems, report.problems[:5]

        started = time.perf_counter()
        summary = score_listings(catalogue, run_id, batch_size=32)
        took = time.perf_counter() - started
        out["score_s"] = round(took, 2)
        out["score_listings_per_s"] = round(summary.scored / took, 1)
        out["flags_per_kind"] = dict(summary.per_kind)
        with catalogue.read() as session:
            flagged = set(session.scalars(select(Listing.listing_id).join(Flag).where(
                Flag.kind == "category_mismatch")))
        tp = len(flagged & swapped)
        recall = tp / len(swapped) if swapped else 0.0
        precision = tp / len(flagged) if flagged else 0.0
        out["category_mismatch"] = {
            "threshold": cal.threshold, "flagged": len(flagged), "true_positives": tp,
            "false_positives": len(flagged - swapped), "missed": len(swapped - flagged),
            "recall": round(recall, 4), "precision": round(precision, 4),
            "target_met": recall >= 0.9 and precision >= 0.85,
            "expected_from_calibration": {"recall": round(cal.recall, 4),
                                          "precision": round(cal.precision, 4)}}

        if not args.no_gui:
            with catalogue.write() as session:  # every listing in the queue for the GUI run
                session.execute(update(Listing).where(Listing.status.in_(("scored", "flagged")))
                                .values(status="flagged"))
            catalogue.close()
            env = dict(os.environ, BENCH_CATALOGUE=str(db), BENCH_DECISIONS=str(args.decisions),
                       BENCH_THINK_MS=str(args.think_ms), BENCH_SEED=str(args.seed),
                       BENCH_OUT=str(work / "gui.json"), QT_QPA_PLATFORM="offscreen",
                       PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
            done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p",
                                   "no:cacheprovider", str(ROOT / "benchmarks/moderation_gui.py")],
                                  env=env, capture_output=True, text=True, cwd=ROOT)
            if done.returncode != 0:
                print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
                return 1
            out["gui"] = json.loads((work / "gui.json").read_text())
        else:
            catalogue.close()
    out["load_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    cm = out["category_mismatch"]
    assert isinstance(cm, dict)
    print(f"CPU: {out['cpu']} ({out['cpus']} cores); load average {out['load_before']:.1f} → "
          f"{out['load_after']:.1f}")
    print(f"Run {run_id}: {out['run']}")
    print(f"Calibration ({out['calibrate_s']} s): {cal.describe()}")
    print(f"Listings: {out['listings']} from {args.data / 'validation'}, {out['swapped']} with a "
          f"swapped declared category (seed {args.seed}); import {out['import_s']} s")
    print(f"Scoring: {out['score_s']} s, {out['score_listings_per_s']} listings/s; flags: "
          f"{out['flags_per_kind']}")
    print(f"category_mismatch at threshold {cm['threshold']:.4f}: flagged {cm['flagged']}, "
          f"caught {cm['true_positives']} of {out['swapped']} → recall {cm['recall']:.1%} "
          f"(target ≥ 90 %), precision {cm['precision']:.1%} (target ≥ 85 %): "
          f"{'PASS' if cm['target_met'] else 'FAIL'}")
    if "gui" in out:
        gui = out["gui"]
        assert isinstance(gui, dict)
        print(f"GUI, key press → next listing shown, {gui['decisions']} decisions "
              f"({args.think_ms} ms reading between them): median {gui['median_ms']:.1f} ms, "
              f"p95 {gui['p95_ms']:.1f} ms, max {gui['max_ms']:.1f} ms (target median < 50 ms: "
              f"{'PASS' if gui['median_ms'] < 50 else 'FAIL'}); photos decoded ahead "
              f"{gui['photo_hits']} / waited for {gui['photo_misses']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
