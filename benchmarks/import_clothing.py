"""Import benchmark: the real ``run_import`` on a folder of real JPEGs.

Imports ``<data>/train`` (folder per category, no split) and then
``<data>/validation`` with ``split=test`` into a fresh SQLite catalogue in a
temporary folder, end to end (scan, decode + hash + thumbnail in worker
processes, originals copied into the content-addressed store, DB writes, split
assignment), and reports images/s. In the same run it times plain full-size
decoding of every file with Pillow in one process (``Image.open(p).load()``) and
prints the ratio import throughput / full-decode throughput, so that the figure
can be compared across machines and across noisy runs.

Per-phase times come from wrapping the importer's own module-level helpers (no
change to the code under test): scan, category preparation, waiting on the
worker pool (decode + hash, pool start-up included), DB writes (``_commit``),
issue recording, split assignment. A re-import of the same folders (everything
already present: the workers hash each file and find it in the store, without
decoding it) is timed too.

    python benchmarks/import_clothing.py [--data PATH] [--workers N] [--runs N] [--json]

Target: >= 150 images/s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path("/work/shared/data/clothing-small")
TARGET_IMAGES_PER_S = 150.0
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".jfif"}


def _files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
    )


def _warm_page_cache(files: list[Path]) -> None:
    for p in files:
        with open(p, "rb") as fh:
            while fh.read(1 << 20):
                pass


def full_decode(files: list[Path]) -> float:
    """Seconds to decode every file at full size, one process."""
    from PIL import Image

    t0 = time.perf_counter()
    for p in files:
        with Image.open(p) as img:
            img.load()
    return time.perf_counter() - t0


class PhaseTimer:
    """Wraps the importer's module-level helpers to add up the time spent in each."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.first_result: list[float] = []
        self._undo: list[tuple[Any, str, Any]] = []

    def _patch(self, module: Any, name: str, phase: str) -> None:
        original = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - t0

        self._undo.append((module, name, original))
        setattr(module, name, timed)

    def _patch_results(self, module: Any) -> None:
        # The importer's pipeline yields (candidate, outcome) as the workers finish them;
        # its close() waits for the pool to shut down.
        original: Callable[..., Generator[Any, None, None]] = module._Pipeline.__iter__
        timer = self

        def timed_results(pipeline: Any) -> Iterator[Any]:
            start = time.perf_counter()
            gen = original(pipeline)
            first = True
            try:
                while True:
                    t0 = time.perf_counter()
                    try:
                        item = next(gen)
                    except StopIteration:
                        timer.seconds["workers (hash, decode, store; waited for)"] += (
                            time.perf_counter() - t0
                        )
                        return
                    now = time.perf_counter()
                    timer.seconds["workers (hash, decode, store; waited for)"] += now - t0
                    if first:
                        timer.first_result.append(now - start)
                        first = False
                    yield item
            finally:
                t0 = time.perf_counter()
                gen.close()  # shuts the pool down
                timer.seconds["workers (hash, decode, store; waited for)"] += time.perf_counter() - t0

        self._undo.append((module._Pipeline, "__iter__", original))
        module._Pipeline.__iter__ = timed_results
        self._patch(module._Pipeline, "close", "workers (hash, decode, store; waited for)")

    def __enter__(self) -> PhaseTimer:
        from reviewer.catalogue import importer, splits

        self._patch(importer, "scan", "scan")
        self._patch(importer, "_prepare_categories", "categories")
        self._patch(importer, "_commit", "db writes (_commit)")
        self._patch(importer, "_record_issues", "db writes (issues)")
        self._patch(splits, "assign_new_images", "split assignment")
        self._patch_results(importer)
        return self

    def __exit__(self, *exc: object) -> None:
        for module, name, original in reversed(self._undo):
            setattr(module, name, original)


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _import_pass(cat: Any, data: Path, workers: int) -> tuple[float, dict[str, Any], PhaseTimer]:
    from reviewer.catalogue.importer import ImportOptions, run_import

    counts = {"added": 0, "already_present": 0, "failures": 0, "conflicts": 0, "scanned": 0}
    with PhaseTimer() as phases:
        t0 = time.perf_counter()
        for sub, split in (("train", None), ("validation", "test")):
            report = run_import(
                cat, data / sub, ImportOptions(actor="bench", split=split, workers=workers)
            )
            counts["added"] += report.added
            counts["already_present"] += report.already_present
            counts["failures"] += len(report.failures)
            counts["conflicts"] += len(report.conflicts)
            counts["scanned"] += report.scanned
        elapsed = time.perf_counter() - t0
    return elapsed, counts, phases


def one_run(data: Path, workers: int, files: list[Path]) -> dict[str, Any]:
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.queries import count_images

    n_files = len(files)
    decode_before_s = full_decode(files)
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        cat = open_catalogue(str(tmp / "catalogue.sqlite"))
        try:
            cpu_main0, cpu_kids0 = time.process_time(), _children_cpu()
            import_s, counts, phases = _import_pass(cat, data, workers)
            cpu_main = time.process_time() - cpu_main0
            cpu_kids = _children_cpu() - cpu_kids0
            with cat.read() as session:
                in_catalogue = count_images(session)
            reimport_s, recounts, rephases = _import_pass(cat, data, workers)
        finally:
            cat.close()
        db_bytes = (tmp / "catalogue.sqlite").stat().st_size
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # Decode again after the import and use the mean: the machine is shared, and the
    # ratio should compare the two under the same load as far as possible.
    decode_after_s = full_decode(files)
    decode_s = (decode_before_s + decode_after_s) / 2
    processed = counts["added"] + counts["already_present"] + counts["failures"]
    import_rate = processed / import_s
    decode_rate = n_files / decode_s
    accounted = sum(phases.seconds.values())
    phase_s = dict(phases.seconds)
    phase_s["other (main loop, progress, spawn/teardown not waited in next())"] = max(
        0.0, import_s - accounted
    )
    return {
        "files": n_files,
        "processed": processed,
        "in_catalogue": in_catalogue,
        "counts": counts,
        "import_s": import_s,
        "import_images_per_s": import_rate,
        "full_decode_s": decode_s,
        "full_decode_before_after_s": [decode_before_s, decode_after_s],
        "full_decode_images_per_s": decode_rate,
        "ratio_import_to_full_decode": import_rate / decode_rate,
        "phases_s": phase_s,
        "pool_first_result_s": phases.first_result,
        "cpu_main_s": cpu_main,
        "cpu_workers_s": cpu_kids,
        "worker_cpu_ms_per_image": 1000 * cpu_kids / max(1, processed),
        "main_cpu_ms_per_image": 1000 * cpu_main / max(1, processed),
        "cpu_ms_per_image_all_processes": 1000 * (cpu_main + cpu_kids) / max(1, processed),
        # What the same CPU work would give with two otherwise idle cores (the main
        # process and the workers overlap): an estimate, not a measurement.
        "projected_images_per_s_two_idle_cores": processed
        / max((cpu_main + cpu_kids) / 2, cpu_main, 1e-9),
        "reimport_s": reimport_s,
        "reimport_images_per_s": (recounts["already_present"] + recounts["added"]) / reimport_s,
        "reimport_counts": recounts,
        "reimport_phases_s": dict(rephases.seconds),
        "catalogue_bytes": db_bytes,
        "target_images_per_s": TARGET_IMAGES_PER_S,
        "pass": import_rate >= TARGET_IMAGES_PER_S,
    }


def _print_run(i: int, r: dict[str, Any]) -> None:
    print(f"\nRun {i}: {r['processed']} files processed, {r['in_catalogue']} images in the "
          f"catalogue ({r['counts']})")
    print(f"  import (end to end)   {r['import_s']:7.2f} s  {r['import_images_per_s']:7.1f} images/s"
          f"   target >= {TARGET_IMAGES_PER_S:.0f}: {'PASS' if r['pass'] else 'FAIL'}")
    before, after = r["full_decode_before_after_s"]
    print(f"  full decode (Pillow)  {r['full_decode_s']:7.2f} s  "
          f"{r['full_decode_images_per_s']:7.1f} images/s  (one process, full size; mean of "
          f"{before:.2f} s before and {after:.2f} s after the import)")
    print(f"  ratio import / full decode = {r['ratio_import_to_full_decode']:.2f}")
    print("  phases (wall time in the main process):")
    for name, s in sorted(r["phases_s"].items(), key=lambda kv: -kv[1]):
        print(f"    {name:<64} {s:6.2f} s  {100 * s / r['import_s']:5.1f} %")
    print("  pool start-up (time to first result): "
          + ", ".join(f"{s:.2f} s" for s in r["pool_first_result_s"]))
    print(f"  CPU: main process {r['cpu_main_s']:.2f} s ({r['main_cpu_ms_per_image']:.2f} ms/image), "
          f"workers {r['cpu_workers_s']:.2f} s ({r['worker_cpu_ms_per_image']:.2f} ms/image)")
    print(f"  CPU, all processes: {r['cpu_ms_per_image_all_processes']:.2f} ms/image -> about "
          f"{r['projected_images_per_s_two_idle_cores']:.0f} images/s if two cores were ours "
          "(estimate)")
    print(f"  re-import (all present) {r['reimport_s']:5.2f} s  "
          f"{r['reimport_images_per_s']:7.1f} images/s  {r['reimport_counts']}")
    print("    phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in
                                     sorted(r["reimport_phases_s"].items(), key=lambda kv: -kv[1])))
    print(f"  catalogue file: {r['catalogue_bytes'] / 1e6:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with train/<class>/ and validation/<class>/")
    parser.add_argument("--workers", type=int, default=0,
                        help="worker processes (0: the importer's default)")
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole measurement")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    scratch = Path(tempfile.mkdtemp(prefix="bench-import-home-"))
    for var in ("REVIEWER_DATA_DIR", "REVIEWER_CONFIG_DIR", "REVIEWER_CACHE_DIR"):
        os.environ[var] = str(scratch / var.lower())
    try:
        files = [*_files(args.data / "train"), *_files(args.data / "validation")]
        if not files:
            print(f"no image files under {args.data}/train or {args.data}/validation",
                  file=sys.stderr)
            return 2
        _warm_page_cache(files)  # both sides read from the page cache
        runs = [one_run(args.data, args.workers, files) for _ in range(args.runs)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    rates = [r["import_images_per_s"] for r in runs]
    ratios = [r["ratio_import_to_full_decode"] for r in runs]
    summary = {
        "data": str(args.data),
        "workers": args.workers or "default",
        "cpu_count": os.cpu_count(),
        "loadavg": os.getloadavg(),
        "runs": runs,
        "median_import_images_per_s": statistics.median(rates),
        "median_ratio_import_to_full_decode": statistics.median(ratios),
        "target_images_per_s": TARGET_IMAGES_PER_S,
        "pass": statistics.median(rates) >= TARGET_IMAGES_PER_S,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"Import benchmark: {args.data} ({len(files)} files), workers="
          f"{summary['workers']}, {os.cpu_count()} CPUs, load average "
          + " ".join(f"{v:.2f}" for v in summary["loadavg"]))
    for i, r in enumerate(runs, 1):
        _print_run(i, r)
    if len(runs) > 1:
        print(f"\nMedian over {len(runs)} runs: {summary['median_import_images_per_s']:.1f} images/s, "
              f"ratio to full decode {summary['median_ratio_import_to_full_decode']:.2f}")
    print(f"\nTarget >= {TARGET_IMAGES_PER_S:.0f} images/s: {'PASS' if summary['pass'] else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
