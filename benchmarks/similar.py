"""'More like this' at a million images, and embedding throughput on real photos.

1. Embedding throughput: the same decoded clothing-small photos through the Lite0
   embedder's TFLite/XNNPACK runner (what ``reviewer embed`` uses on a CPU) and through
   Keras ``model.predict``, in the same run; ratio TFLite / Keras.
2. Search: 1,000,000 synthetic vectors of the real dimension (1280), made from the real
   Lite0 embeddings of clothing-small when a store with them is given (each a random
   mix of a real vector and one of its 10 nearest real neighbours, plus Gaussian noise
   at 30 % of the real per-dimension spread, L2-normalised: a continuous cloud shaped
   like the real one), else Gaussian clusters. Queries are 200 more such vectors, not
   in the index. Prints exact search latency by size (which sets ``EXACT_BELOW``), the
   faiss IVF index's build time, single-query latency (median, p99) and recall@10
   against exact search per ``nprobe``, and faiss IVF against usearch HNSW on a subset
   in the same run (the measurement behind choosing faiss).

Targets (issue 9): median < 10 ms, recall@10 ≥ 0.95 at 1,000,000.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)


def real_vectors(embeddings_dir: Path | None) -> np.ndarray | None:
    if embeddings_dir is None:
        return None
    os.environ["REVIEWER_EMBEDDINGS_DIR"] = str(embeddings_dir)
    from reviewer.curation.catalogue_vectors import normalise
    from reviewer.curation.embed import default_store

    store = default_store()
    if len(store) == 0:
        return None
    return normalise(np.asarray(store.matrix(), np.float32))


def synthetic(real: np.ndarray | None, n: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), np.float32)
    if real is None:
        centres = rng.normal(size=(2000, dim)).astype(np.float32)
        for s in range(0, n, 100_000):
            m = min(100_000, n - s)
            out[s:s + m] = centres[rng.integers(0, 2000, m)] + 0.5 * rng.standard_normal(
                (m, dim), dtype=np.float32)
    else:
        sims = real @ real.T
        near = np.argsort(-sims, axis=1)[:, 1:11]
        spread = real.std(axis=0).astype(np.float32)
        for s in range(0, n, 100_000):
            m = min(100_000, n - s)
            base = rng.integers(0, len(real), m)
            partner = near[base, rng.integers(0, 10, m)]
            a = rng.random((m, 1), dtype=np.float32)
            out[s:s + m] = (a * real[base] + (1 - a) * real[partner]
                            + 0.3 * spread * rng.standard_normal((m, dim), dtype=np.float32))
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def latencies(search, queries: np.ndarray) -> tuple[float, float, np.ndarray]:  # type: ignore[no-untyped-def]
    times, found = [], []
    for q in queries:
        t = time.perf_counter()
        found.append(search(q[None]))
        times.append(time.perf_counter() - t)
    ms = np.array(times) * 1000
    return float(np.median(ms)), float(np.percentile(ms, 99)), np.vstack(found)


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth, strict=True)]))


def embedding_throughput(photos: Path, n: int, embeddings_dir: Path | None) -> None:
    from reviewer.curation.embed import lite0_embedder
    from reviewer.curation.embedding_store import EmbeddingStore
    from reviewer.training.pipeline import decode_resized

    files = sorted(photos.rglob("*.jpg"))[:n]
    t = time.perf_counter()
    pixels = np.stack([decode_resized(str(f), 224) for f in files])
    decode_s = time.perf_counter() - t
    embedder = lite0_embedder()
    store = EmbeddingStore(embedder.key, embedder.dim, embeddings_dir)
    t = time.perf_counter()
    run = embedder.runner(10_000, store)  # the TFLite path (converted once, then cached)
    setup_s = time.perf_counter() - t
    run(pixels[:32])  # warm-up
    t = time.perf_counter()
    lite = np.vstack([run(pixels[i:i + 32]) for i in range(0, len(pixels), 32)])
    lite_s = time.perf_counter() - t
    embedder.model.predict(pixels[:32], batch_size=32, verbose=0)  # warm-up
    t = time.perf_counter()
    ref = embedder.model.predict(pixels, batch_size=32, verbose=0)
    keras_s = time.perf_counter() - t
    diff = float(np.abs(lite - ref).max())
    print(f"embedding {len(files)} real photos (224 px, batches of 32): decode "
          f"{len(files) / decode_s:.0f} images/s; TFLite/XNNPACK {len(files) / lite_s:.1f} "
          f"images/s; Keras predict {len(files) / keras_s:.1f} images/s; ratio TFLite / Keras "
          f"{keras_s / lite_s:.2f}; max |difference| {diff:.1e}; TFLite setup {setup_s:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--compare-size", type=int, default=100_000,
                        help="vectors for the faiss vs usearch comparison")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embeddings-dir", type=Path, default=None)
    parser.add_argument("--photos", type=Path,
                        default=Path("/work/shared/data/clothing-small/validation"))
    parser.add_argument("--photo-count", type=int, default=192)
    parser.add_argument("--skip-embedding", action="store_true")
    args = parser.parse_args()
    print(f"CPU: {cpu_model()} × {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}",
          flush=True)
    if not args.skip_embedding:
        embedding_throughput(args.photos, args.photo_count, args.embeddings_dir)

    import faiss

    from reviewer.curation.neighbours import exact_search, ivf_index

    real = real_vectors(args.embeddings_dir)
    dim = real.shape[1] if real is not None else 1280
    from threadpoolctl import threadpool_limits

    t = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):  # spinning threads on a busy machine
        base = synthetic(real, args.n, dim, seed=0)
        queries = synthetic(real, args.queries, dim, seed=1)
    print(f"{args.n:,} synthetic vectors of dimension {dim} "
          f"({'from real Lite0 embeddings' if real is not None else 'Gaussian clusters'}) in "
          f"{time.perf_counter() - t:.1f} s", flush=True)

    for size in (10_000, 50_000, 100_000, 300_000, args.n):
        if size > args.n:
            continue
        med, p99, _ = latencies(lambda q, s=size: exact_search(base[:s], q, 10)[1][0],
                                queries[:30])
        print(f"exact search over {size:>9,}: median {med:7.1f} ms, p99 {p99:7.1f} ms", flush=True)

    t = time.perf_counter()
    truth = exact_search(base, queries, 10)[1]
    print(f"exact top-10 of {len(queries)} queries (ground truth): {time.perf_counter() - t:.1f} s",
          flush=True)

    # faiss vs usearch on a subset, same run
    sub = base[:args.compare_size]
    sub_truth = exact_search(sub, queries, 10)[1]
    t = time.perf_counter()
    small_ivf = ivf_index(sub)
    ivf_build = time.perf_counter() - t
    small_ivf.nprobe = 16
    faiss.omp_set_num_threads(1)  # single queries: what NeighbourIndex.search does
    med, p99, found = latencies(lambda q: small_ivf.search(q, 10)[1][0], queries)
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    print(f"[{len(sub):,}] faiss IVF{small_ivf.nlist},Flat nprobe 16: build {ivf_build:.1f} s, "
          f"median {med:.2f} ms, p99 {p99:.2f} ms, recall@10 {recall(found, sub_truth):.3f}",
          flush=True)
    try:
        from usearch.index import Index
    except ImportError:
        print("usearch not installed: comparison skipped")
    else:
        hnsw = Index(ndim=dim, metric="ip", dtype="f16", connectivity=16, expansion_add=128,
                     expansion_search=64)
        t = time.perf_counter()
        hnsw.add(np.arange(len(sub)), sub, log=False, threads=os.cpu_count() or 1)
        hnsw_build = time.perf_counter() - t
        med, p99, found = latencies(lambda q: hnsw.search(q[0], 10, threads=1).keys, queries)
        print(f"[{len(sub):,}] usearch HNSW f16 M=16: build {hnsw_build:.1f} s, median "
              f"{med:.2f} ms, p99 {p99:.2f} ms, recall@10 {recall(found, sub_truth):.3f}; "
              f"build ratio usearch / faiss {hnsw_build / ivf_build:.1f}", flush=True)
        del hnsw

    t = time.perf_counter()
    index = ivf_index(base)
    build = time.perf_counter() - t
    print(f"[{args.n:,}] faiss IVF{index.nlist},Flat build (train + add): {build:.1f} s; "
          f"faiss threads {faiss.omp_get_max_threads()}", flush=True)
    faiss.omp_set_num_threads(1)
    for nprobe in (8, 16, 32, 64):
        index.nprobe = nprobe
        med, p99, found = latencies(lambda q: index.search(q, 10)[1][0], queries)
        print(f"[{args.n:,}] nprobe {nprobe:>3}: median {med:6.2f} ms, p99 {p99:6.2f} ms, "
              f"recall@10 {recall(found, truth):.3f} (target: median < 10 ms, recall ≥ 0.95)",
              flush=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
