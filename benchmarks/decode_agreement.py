"""Does a client of the exported model get the app's answer? Decodes compared, one run.

    .venv/bin/python benchmarks/decode_agreement.py --catalogue CAT --run ID [--images GLOB]

With a trained run (for the figures in benchmarks/README.md: EfficientNet-Lite0 on
clothing-small), on the shared validation photos (labels from their folder names):

1. **Decode speed**, serial, the same files, rounds interleaved (images/s):
   ``legacy`` — the app's decode until 2026-11-30 (Pillow JPEG draft mode at the input
   size, EXIF orientation, shrink keeping the aspect ratio, then stretch to a square);
   ``draft+resize`` — draft mode then one resize to the square; ``app`` — the app's
   decode now (``reviewer.training.decode``: full decode, orientation, antialiased
   bilinear resize, in TensorFlow ops); ``pillow`` — what a client writes with Pillow
   (full decode, ``exif_transpose``, ``resize(BILINEAR, reducing_gap=None)``). Also on
   copies of the first photos enlarged ``--large-scale`` times (phone-sized JPEGs, where
   draft mode does engage).
2. **What each decode changes**: the run's model (the scorer's backend) on each decode's
   pixels: accuracy against the folder labels, top-1 agreement with ``app`` and with
   ``legacy``, largest probability difference.
3. **The exports as a client uses them**: the run exported as SavedModel and TFLite;
   ``classify_bytes`` fed the files' bytes, and LiteRT's interpreter (XNNPACK) fed
   ``pillow`` pixels and the float reference (Pillow decode + the reference resize),
   each against ``reviewer predict`` (``Scorer.score_paths``): top-1 agreement (target
   ≥ 99.5 %) and the largest probability difference.
"""

from __future__ import annotations

import argparse
import glob
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)
from PIL import Image, ImageOps  # noqa: E402

DEFAULT_IMAGES = "/work/shared/data/clothing-small/validation/*/*.jpg"
TARGET = 99.5


def legacy_decode(path: str, size: int) -> np.ndarray:
    """The app's decode before 2026-11-30 (imaging.load_rgb with max_side, then resize)."""
    from reviewer.catalogue.imaging import to_rgb

    source = Image.open(io.BytesIO(Path(path).read_bytes()))
    if source.format == "JPEG":
        source.draft("RGB", (size, size))
    img = to_rgb(ImageOps.exif_transpose(source))
    img.thumbnail((size, size), Image.Resampling.BILINEAR)
    return np.asarray(img.resize((size, size), Image.Resampling.BILINEAR), np.float32)


def draft_resize_decode(path: str, size: int) -> np.ndarray:
    source = Image.open(path)
    if source.format == "JPEG":
        source.draft("RGB", (size, size))
    img = ImageOps.exif_transpose(source).convert("RGB")
    return np.asarray(img.resize((size, size), Image.Resampling.BILINEAR), np.float32)


def pillow_client_decode(path: str, size: int) -> np.ndarray:
    img = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    img = img.resize((size, size), Image.Resampling.BILINEAR, reducing_gap=None)
    return np.asarray(img, np.float32)


def _cpu() -> str:
    return f"{cpu_model()} ×{os.cpu_count()}"


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _speeds(decoders: dict[str, Callable[[str, int], np.ndarray]], paths: list[str], size: int,
            rounds: int) -> dict[str, float]:
    best: dict[str, float] = {}
    for fn in decoders.values():
        fn(paths[0], size)  # warm-up (TensorFlow traces its function once)
    for _ in range(rounds):
        for name, fn in decoders.items():
            started = time.perf_counter()
            for p in paths:
                fn(p, size)
            took = time.perf_counter() - started
            best[name] = max(best.get(name, 0.0), len(paths) / took)
    return best


def _agree(a: np.ndarray, b: np.ndarray) -> str:
    same = float((a.argmax(1) == b.argmax(1)).mean() * 100)
    return f"{same:6.2f} % ({int((a.argmax(1) != b.argmax(1)).sum())} differ), " \
           f"max |Δp| {np.abs(a - b).max():.2e}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogue", required=True)
    parser.add_argument("--run", type=int, required=True)
    parser.add_argument("--images", default=DEFAULT_IMAGES)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--large", type=int, default=40, help="photos enlarged for speed")
    parser.add_argument("--large-scale", type=int, default=4)
    args = parser.parse_args(argv)

    import tensorflow as tf

    from reviewer.catalogue.db import open_catalogue
    from reviewer.training import decode
    from reviewer.training.export_model import export_run
    from reviewer.training.scorer import Scorer
    from reviewer.training.tflite_runner import interpreter_class

    paths = sorted(glob.glob(args.images))[: args.limit or None]
    if not paths:
        print(f"no images match {args.images}", file=sys.stderr)
        return 2
    catalogue = open_catalogue(args.catalogue)
    scorer = Scorer.for_run(catalogue, args.run, top_k=1)
    size, names = scorer.input_size, scorer.class_names
    labels = np.array([names.index(Path(p).parent.name) if Path(p).parent.name in names
                       else -1 for p in paths])
    print(f"CPU: {_cpu()}; load average {_load()}")
    print(f"run {args.run}: {scorer.model_path.name}, {size}px, {len(names)} classes; "
          f"{len(paths)} photos ({(labels >= 0).sum()} with a known label)")

    decoders: dict[str, Callable[[str, int], np.ndarray]] = {
        "legacy": legacy_decode, "draft+resize": draft_resize_decode,
        "app": decode.decode_resized_file, "pillow": pillow_client_decode,
    }
    print(f"\n1. decode speed, serial, best of {args.rounds} interleaved rounds")
    speeds = _speeds(decoders, paths, size, args.rounds)
    for name, rate in speeds.items():
        print(f"   {name:13s} {rate:8.1f} images/s")
    print(f"   ratio app / legacy: {speeds['app'] / speeds['legacy']:.2f}; "
          f"app / pillow client: {speeds['app'] / speeds['pillow']:.2f}")
    with tempfile.TemporaryDirectory(prefix="decode-bench-") as tmp:
        large = []
        for i, p in enumerate(paths[: args.large]):
            img = Image.open(p)
            big = img.resize((img.width * args.large_scale, img.height * args.large_scale),
                             Image.Resampling.BICUBIC)
            out = Path(tmp) / f"{i}.jpg"
            big.save(out, quality=90)
            large.append(str(out))
        dims = Image.open(large[0]).size
        big_speeds = _speeds({k: decoders[k] for k in ("legacy", "app", "pillow")}, large,
                             size, args.rounds)
        print(f"   enlarged ×{args.large_scale} ({dims[0]}×{dims[1]}, {len(large)} files): "
              + ", ".join(f"{k} {v:.1f}" for k, v in big_speeds.items())
              + f" images/s; app / legacy {big_speeds['app'] / big_speeds['legacy']:.2f}")

    print("\n2. the run's model on each decode's pixels")
    probs: dict[str, np.ndarray] = {}
    for name, fn in decoders.items():
        pixels = np.stack([fn(p, size) for p in paths])
        probs[name] = np.concatenate([scorer.predict_batch(pixels[i:i + 32])
                                      for i in range(0, len(pixels), 32)])
    known = labels >= 0
    print(f"   (scorer backend: {scorer.backend})")
    for name, pr in probs.items():
        acc = float((pr.argmax(1)[known] == labels[known]).mean() * 100)
        print(f"   {name:13s} accuracy {acc:6.2f} %;  vs app: {_agree(pr, probs['app'])};"
              f"  vs legacy: {_agree(pr, probs['legacy'])}")

    print("\n3. exported models, as a client uses them, against `reviewer predict`")
    started = time.perf_counter()
    scored = scorer.score_paths(paths)
    predict_s = time.perf_counter() - started
    app = np.zeros((len(paths), len(names)), np.float32)
    for i, r in enumerate(scored):
        assert r.ok, r.error
        for c, p in r.top:
            app[i, names.index(c)] = p
    app_top = np.array([names.index(str(r.predicted)) for r in scored])
    with tempfile.TemporaryDirectory(prefix="decode-export-") as tmp:
        export_run(catalogue, "savedmodel", Path(tmp) / "sm", run_id=args.run)
        tflite = export_run(catalogue, "tflite", Path(tmp) / "lite", run_id=args.run)
        loaded = tf.saved_model.load(str(Path(tmp) / "sm"))
        classify = loaded.signatures["classify_bytes"]
        started = time.perf_counter()
        sm = np.concatenate([
            classify(images=tf.constant([Path(p).read_bytes() for p in paths[i:i + 32]]))[
                "probabilities"].numpy() for i in range(0, len(paths), 32)])
        sm_s = time.perf_counter() - started
        interpreter = interpreter_class()(model_path=str(tflite), num_threads=os.cpu_count())
        index = interpreter.get_input_details()[0]["index"]
        out_index = interpreter.get_output_details()[0]["index"]

        def lite(pixels: np.ndarray) -> np.ndarray:
            interpreter.resize_tensor_input(index, list(pixels.shape))
            interpreter.allocate_tensors()
            interpreter.set_tensor(index, pixels)
            interpreter.invoke()
            return np.array(interpreter.get_tensor(out_index))

        pillow_lite = np.concatenate([lite(np.stack([pillow_client_decode(p, size)
                                                     for p in paths[i:i + 32]]))
                                      for i in range(0, len(paths), 32)])

        def float_client(p: str) -> np.ndarray:
            upright = np.asarray(ImageOps.exif_transpose(Image.open(p)).convert("RGB"))
            return np.asarray(decode.resize_pixels(tf.constant(upright), size))

        float_lite = np.concatenate([lite(np.stack([float_client(p) for p in paths[i:i + 32]]))
                                     for i in range(0, len(paths), 32)])
        legacy_lite = np.concatenate([lite(np.stack([legacy_decode(p, size)
                                                     for p in paths[i:i + 32]]))
                                      for i in range(0, len(paths), 32)])
    print(f"   interpreter: {interpreter_class().__module__}")
    for label, pr in [("SavedModel classify_bytes (file bytes in)", sm),
                      ("TFLite, Pillow client (rounded resize)", pillow_lite),
                      ("TFLite, float reference resize", float_lite),
                      ("TFLite fed the legacy decode", legacy_lite)]:
        same = float((pr.argmax(1) == app_top).mean() * 100)
        top_diff = np.abs(pr[np.arange(len(paths)), app_top] - app.max(1)).max()
        verdict = "PASS" if same >= TARGET else "FAIL"
        print(f"   {label:44s} top-1 agreement {same:6.2f} % "
              f"({int((pr.argmax(1) != app_top).sum())} differ) [{verdict} ≥ {TARGET} %], "
              f"max |Δp(top class)| {top_diff:.2e}")
    print(f"   time: reviewer predict {len(paths) / predict_s:.1f} images/s (backend "
          f"{scorer.backend}); SavedModel bytes {len(paths) / sm_s:.1f} images/s (first call "
          f"included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
