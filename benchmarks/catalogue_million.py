"""Catalogue benchmark: a synthetic SQLite catalogue of a million images.

The catalogue is created through ``open_catalogue`` (so the schema and the Alembic
version are the real ones); its rows are then written directly with ``sqlite3``
in big transactions (no image files, no thumbnails, no image_paths rows).
Realistic content: the ten paper categories with a skewed distribution, 5 %
unlabelled, splits 64/16/20 %, 3 % unsure, listing and seller ids on 40 % of the
images (1-5 images per listing), an import label event for every labelled image
(one import batch per 200 images, as the importer writes them), and curator
events (batches of 20) for 10 % of the labelled images and for every unsure one.
Secondary indexes and the ``image_counts`` triggers are dropped during the load
and re-created from their own stored SQL (``image_counts`` is filled with the same
GROUP BY the migration backfills with), so the file ends up with the real index
and trigger definitions. No ANALYZE is run (the app never runs it), so the planner sees what
it sees in a real catalogue.

Then, on that file, each measured several times (median and max, in ms):

* open: ``open_catalogue`` on the existing file (engine, pragmas, Alembic check)
* ``queries.totals`` (status bar; reads the trigger-kept ``image_counts``)
* ``splits.split_counts`` (counts per category and split; ``image_counts`` too)
* first page of 200 rows of category + split + unsure=False (``page_images``)
* a deep keyset page, after ~half of the catalogue (``after=`` the id of row N/2)
* ``count_images`` for the filter
* a bulk relabel of 10,000 rows through ``labels.relabel`` in ``catalogue.write()``
  (commit included, count triggers firing), and its ``labels.undo``; afterwards
  ``image_counts`` is checked against a fresh GROUP BY over the images

Targets: every interactive query < 50 ms, the bulk relabel (and its undo) < 2 s.
A few extra queries the grid and the CLI run are measured too (marked "extra").

    python benchmarks/catalogue_million.py [--rows N] [--keep PATH] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INTERACTIVE_MS = 50.0
BULK_MS = 2000.0
BULK_ROWS = 10_000
IMPORT_BATCH = 200
CURATOR_BATCH = 20
# Share of each paper category among labelled images (t-shirt heavy, like real data).
CATEGORY_WEIGHTS = (0.15, 0.07, 0.14, 0.09, 0.08, 0.05, 0.06, 0.04, 0.06, 0.26)
CURATORS = ("ana", "ben", "chloé", "dev", "eli")
STAMP = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's SQLite DATETIME storage format


# --- generation --------------------------------------------------------------------------


def _stamp(base: float, seconds: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(base + seconds, UTC).strftime(STAMP)


def _prepare(path: Path) -> tuple[dict[str, int], float]:
    """The real schema and categories, through the app's own code."""
    from reviewer.catalogue.categories import PAPER_CATEGORIES, ensure_categories
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.schema import Setting
    from reviewer.catalogue.splits import SplitConfig

    t0 = time.perf_counter()
    cat = open_catalogue(str(path))
    try:
        with cat.write() as session:
            ids = ensure_categories(session, list(PAPER_CATEGORIES))
            session.add(Setting(key="splits", value=json.dumps(SplitConfig().__dict__)))
    finally:
        cat.close()
    return ids, time.perf_counter() - t0


def _drop(conn: sqlite3.Connection, kind: str, tables: tuple[str, ...]) -> list[str]:
    """Drop the indexes (or triggers) of ``tables``; return their CREATE statements."""
    marks = ",".join("?" * len(tables))
    rows = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        (kind, *tables),
    ).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _, sql in rows]


# What migration 0002 backfills image_counts with.
BACKFILL_COUNTS = (
    "INSERT INTO image_counts (category_id, split, unsure, n) "
    "SELECT coalesce(category_id, 0), coalesce(split, ''), unsure, count(*) "
    "FROM images GROUP BY coalesce(category_id, 0), coalesce(split, ''), unsure"
)


def generate(path: Path, rows: int, seed: int) -> dict[str, Any]:
    """Write ``rows`` images with their label history into a new catalogue at ``path``."""
    category_ids, schema_s = _prepare(path)
    cat_list = list(category_ids.values())
    rng = random.Random(seed)
    t0 = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")  # one big load: no WAL copy
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    conn.execute("PRAGMA temp_store = MEMORY")
    index_sql = _drop(conn, "index", ("images", "label_events", "label_batches"))
    trigger_sql = _drop(conn, "trigger", ("images",))
    assert len(trigger_sql) == 3, trigger_sql  # the image_counts triggers

    base = 1_700_000_000.0
    insert_images = (
        "INSERT INTO images (id, sha256, pixel_hash, file_name, width, height, format, bytes, "
        "imported_at, source, listing_id, seller_id, declared_category, title, split, "
        "category_id, unsure, flagged, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    )
    insert_batches = (
        "INSERT INTO label_batches (id, actor, at, kind, source, target_batch_id, undone, "
        "redone, description) VALUES (?,?,?,?,?,?,?,?,?)"
    )
    insert_events = (
        "INSERT INTO label_events (batch_id, image_id, old_category_id, new_category_id, "
        "old_unsure, new_unsure, actor, at, source) VALUES (?,?,?,?,?,?,?,?,?)"
    )
    images: list[tuple[Any, ...]] = []
    batches: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    curator_todo: list[tuple[int, int, int, bool]] = []  # image, import label, final, unsure
    counts = {"images": 0, "batches": 0, "events": 0}
    python_s = 0.0
    insert_s = 0.0

    def flush() -> None:
        nonlocal insert_s
        t = time.perf_counter()
        conn.executemany(insert_images, images)
        conn.executemany(insert_batches, batches)
        conn.executemany(insert_events, events)
        insert_s += time.perf_counter() - t
        counts["images"] += len(images)
        counts["batches"] += len(batches)
        counts["events"] += len(events)
        images.clear()
        batches.clear()
        events.clear()

    batch_id = 0
    listing_left = 0
    listing = seller = None
    listing_no = 0
    import_batch = 0
    at_import = ""
    conn.execute("BEGIN")
    t_loop = time.perf_counter()
    for image_id in range(1, rows + 1):
        if (image_id - 1) % IMPORT_BATCH == 0:
            batch_id += 1
            import_batch = batch_id
            at_import = _stamp(base, image_id * 0.05)
            batches.append((batch_id, "importer", at_import, "import", "import", None, 0, 0,
                            "import"))
        if listing_left == 0:
            if rng.random() < 0.4:
                listing_no += 1
                listing_left = rng.randint(1, 5)
                listing = f"L{listing_no:08d}"
                seller = f"S{rng.randrange(rows // 20 + 1):07d}"
            else:
                listing = seller = None
        if listing is not None:
            listing_left -= 1
        labelled = rng.random() < 0.95
        final = rng.choices(cat_list, CATEGORY_WEIGHTS)[0] if labelled else None
        unsure = labelled and rng.random() < 0.03
        r = rng.random()
        split = "train" if r < 0.64 else "validation" if r < 0.80 else "test"
        version = 1
        if final is not None:
            first = final
            if rng.random() < 0.10:  # a curator corrected the imported label
                first = rng.choice([c for c in cat_list if c != final])
            if first != final or unsure:
                curator_todo.append((image_id, first, final, unsure))
                version = 2
            events.append((import_batch, image_id, None, first, 0, 0, "importer", at_import,
                           "import"))
        sha = hashlib.sha256(image_id.to_bytes(8, "little") + b"bench").hexdigest()
        images.append((
            image_id, sha, rng.getrandbits(64) - (1 << 63), f"{sha[10:42]}.jpg",
            400, rng.choice((533, 534, 430, 549)), "JPEG", rng.randint(10_000, 90_000),
            at_import, "csv" if listing else "folder", listing, seller, None, None, split,
            final, int(unsure), 0, version,
        ))
        if len(images) >= 100_000:
            flush()
    for start in range(0, len(curator_todo), CURATOR_BATCH):
        batch_id += 1
        actor = CURATORS[(start // CURATOR_BATCH) % len(CURATORS)]
        at = _stamp(base, rows * 0.05 + start)
        part = curator_todo[start : start + CURATOR_BATCH]
        batches.append((batch_id, actor, at, "action", "curator", None, 0, 0,
                        f"{len(part)} image(s) → …"))
        for image_id, first, final, unsure in part:
            events.append((batch_id, image_id, first, final, 0, int(unsure), actor, at,
                           "curator"))
    flush()
    conn.execute("COMMIT")
    t_rows = time.perf_counter()
    python_s = t_rows - t_loop - insert_s
    t_insert = time.perf_counter()
    conn.execute("BEGIN")
    for sql in index_sql:
        conn.execute(sql)
    conn.execute("DELETE FROM image_counts")
    conn.execute(BACKFILL_COUNTS)
    for sql in trigger_sql:
        conn.execute(sql)
    conn.execute("COMMIT")
    t_index = time.perf_counter()
    conn.execute("PRAGMA journal_mode = WAL")  # what open_catalogue sets on every connection
    conn.close()
    return {
        "rows": counts["images"],
        "label_batches": counts["batches"],
        "label_events": counts["events"],
        "schema_s": schema_s,
        "python_rows_s": python_s,
        "insert_s": insert_s,
        "index_s": t_index - t_insert,  # and the image_counts backfill
        "total_s": schema_s + (time.perf_counter() - t0),
        "file_bytes": path.stat().st_size,
    }


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    target_ms: float
    samples_ms: list[float] = field(default_factory=list)
    extra: bool = False
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def max(self) -> float:
        return max(self.samples_ms)

    @property
    def passed(self) -> bool:
        return self.median < self.target_ms

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "target_ms": self.target_ms, "median_ms": self.median,
                "max_ms": self.max, "samples_ms": self.samples_ms, "pass": self.passed,
                "extra": self.extra, "note": self.note}


def _time(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    samples = []
    value = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        samples.append(1000 * (time.perf_counter() - t0))
    return samples, value


def measure(path: Path, repeat: int, rows: int) -> tuple[list[Result], dict[str, Any]]:
    from reviewer.catalogue import labels
    from reviewer.catalogue.categories import list_categories
    from reviewer.catalogue.counts import count_rows, counts_by_key, recount
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.queries import ImageFilter, count_images, page_images, totals
    from reviewer.catalogue.splits import split_counts

    results: list[Result] = []
    facts: dict[str, Any] = {}

    def add(name: str, target: float, fn: Callable[[], Any], *, extra: bool = False,
            note: str = "", times: int | None = None) -> Any:
        samples, value = _time(fn, times or repeat)
        results.append(Result(name, target, samples, extra, note))
        return value

    def opened() -> None:
        open_catalogue(str(path), create=False).close()

    t0 = time.perf_counter()
    opened()  # first open in this process: imports Alembic, reads the migration scripts
    facts["first_open_ms"] = 1000 * (time.perf_counter() - t0)
    add("open_catalogue (existing file, Alembic check)", INTERACTIVE_MS, opened)

    cat = open_catalogue(str(path), create=False)
    try:
        with cat.read() as session:
            cats = {c.name: c.id for c in list_categories(session)}
        biggest = max(cats, key=lambda n: CATEGORY_WEIGHTS[cats[n] - 1])
        flt = ImageFilter(category_ids=(cats[biggest],), split="train", unsure=False)
        facts["filter"] = f"category={biggest!r} split=train unsure=False"
        facts["filter_category_id"] = cats[biggest]

        def read(fn: Callable[[Any], Any]) -> Callable[[], Any]:
            def run() -> Any:
                with cat.read() as session:
                    return fn(session)
            return run

        t = add("totals", INTERACTIVE_MS, read(totals))
        facts["totals"] = t
        add("split_counts (per category and split)", INTERACTIVE_MS, read(split_counts))
        page = add("first page, 200 rows, category+split+unsure=False", INTERACTIVE_MS,
                   read(lambda s: page_images(s, flt, limit=200)))
        facts["first_page_rows"] = len(page)
        middle = rows // 2
        deep = add(f"deep page, keyset after id {middle:,} (no filter)", INTERACTIVE_MS,
                   read(lambda s: page_images(s, ImageFilter(), after=(middle, middle), limit=200)))
        facts["deep_page_first_id"] = deep[0].id if deep else None
        n = add("count_images for the filter", INTERACTIVE_MS, read(lambda s: count_images(s, flt)))
        facts["filter_count"] = n

        # Extras: what the grid and the CLI also run.
        half = read(lambda s: page_images(s, flt, limit=n // 2)[-1].id)()
        add("extra: filtered deep page, keyset after half the matches", INTERACTIVE_MS,
            read(lambda s: page_images(s, flt, after=(half, half), limit=200)), extra=True)
        add("extra: first page, no filter, newest first", INTERACTIVE_MS,
            read(lambda s: page_images(s, ImageFilter(), limit=200, descending=True)), extra=True)
        add("extra: count_images, no filter", INTERACTIVE_MS,
            read(lambda s: count_images(s, ImageFilter())), extra=True)
        add("extra: count_images, split=train only", INTERACTIVE_MS,
            read(lambda s: count_images(s, ImageFilter(split="train"))), extra=True)
        add("extra: count_images, filter + flagged=False (a real COUNT)", INTERACTIVE_MS,
            read(lambda s: count_images(s, ImageFilter(category_ids=flt.category_ids,
                                                       split=flt.split, unsure=flt.unsure,
                                                       flagged=False))), extra=True)
        add("extra: count_images, source=folder (a real COUNT)", INTERACTIVE_MS,
            read(lambda s: count_images(s, ImageFilter(source="folder"))), extra=True)
        add("extra: first page, filter, sorted by file_name", INTERACTIVE_MS,
            read(lambda s: page_images(s, flt, limit=200, sort="file_name")), extra=True)
        add("extra: first page, filter, sorted by imported_at", INTERACTIVE_MS,
            read(lambda s: page_images(s, flt, limit=200, sort="imported_at")), extra=True)
        add("extra: list_categories (labelling panel)", INTERACTIVE_MS,
            read(lambda s: list_categories(s)), extra=True)

        # Bulk relabel of 10,000 rows of the filter to another category, then undo.
        with cat.read() as session:
            ids = [r.id for r in page_images(session, flt, limit=BULK_ROWS)]
        target = next(name for name in cats if name != biggest)
        facts["relabel"] = f"{len(ids):,} images {biggest!r} → {target!r}"
        relabel_ms: list[float] = []
        undo_ms: list[float] = []
        bulk_repeat = max(2, min(repeat, 3))
        for _ in range(bulk_repeat):
            t0 = time.perf_counter()
            with cat.write() as session:
                res = labels.relabel(session, ids, target, actor="bench")
            relabel_ms.append(1000 * (time.perf_counter() - t0))
            assert res.changed == len(ids), res
            t0 = time.perf_counter()
            with cat.write() as session:
                labels.undo(session, actor="bench")
            undo_ms.append(1000 * (time.perf_counter() - t0))
        results.append(Result(f"bulk relabel of {len(ids):,} rows (labels.relabel + commit)",
                              BULK_MS, relabel_ms))
        results.append(Result("undo of that relabel (labels.undo + commit)", BULK_MS, undo_ms))
        with cat.read() as session:
            facts["filter_count_after_undo"] = count_images(session, flt)
            t0 = time.perf_counter()
            fresh = recount(session)
            facts["recount_ms"] = 1000 * (time.perf_counter() - t0)
            facts["counts_match_after_relabels"] = counts_by_key(count_rows(session)) == fresh
    finally:
        cat.close()
    return results, facts


def profile_relabel(path: Path) -> None:
    """cProfile of one relabel + undo (``--profile``), top functions by own time."""
    import cProfile
    import pstats

    from reviewer.catalogue import labels
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.queries import ImageFilter, page_images

    cat = open_catalogue(str(path), create=False)
    try:
        with cat.read() as session:
            ids = [r.id for r in page_images(session, ImageFilter(split="train"), limit=BULK_ROWS)]
        prof = cProfile.Profile()
        prof.enable()
        with cat.write() as session:
            labels.relabel(session, ids, "hat", actor="profile")
        with cat.write() as session:
            labels.undo(session, actor="profile")
        prof.disable()
    finally:
        cat.close()
    pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(20)


def query_plans(path: Path, category_id: int) -> dict[str, list[str]]:
    """EXPLAIN QUERY PLAN of the SQL the measured queries send (for the report)."""
    from sqlalchemy import func, select
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    from reviewer.catalogue.queries import _COLUMNS, ImageFilter, _where
    from reviewer.catalogue.schema import Image, ImageCount

    def sql(stmt: Any) -> str:
        return str(stmt.compile(dialect=sqlite_dialect.dialect(),
                                compile_kwargs={"literal_binds": True}))

    flt = ImageFilter(category_ids=(category_id,), split="train", unsure=False)
    statements = {
        "counts (totals, split_counts, list_categories, count_images)":
        select(ImageCount.category_id, ImageCount.split, ImageCount.unsure, ImageCount.n)
        .where(ImageCount.n != 0),
        "first page": _where(select(*_COLUMNS), flt)  # type: ignore[arg-type]
        .order_by(Image.id).limit(200),
        "count fallback (filter + flagged=False)":
        _where(select(func.count()).select_from(Image), ImageFilter(
            category_ids=flt.category_ids, split=flt.split, unsure=flt.unsure, flagged=False)),
        "count fallback, no filter": select(func.count()).select_from(Image),
    }
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {name: [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql(stmt))]
                for name, stmt in statements.items()}
    finally:
        conn.close()


# --- output --------------------------------------------------------------------------------


def cold_open_ms(path: Path, times: int = 3) -> float:
    """A new interpreter importing the catalogue code and opening the file (app start)."""
    code = (
        "import sys, time; t = time.perf_counter(); "
        "from reviewer.catalogue.db import open_catalogue; "
        "open_catalogue(sys.argv[1], create=False).close(); "
        "print(1000 * (time.perf_counter() - t))"
    )
    samples = []
    for _ in range(times):
        out = subprocess.run([sys.executable, "-c", code, str(path)], check=True,
                             capture_output=True, text=True, env=os.environ.copy())
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def _table(results: list[Result]) -> Iterator[str]:
    width = max(len(r.name) for r in results)
    yield f"{'measurement':<{width}}  {'median ms':>10}  {'max ms':>10}  {'target':>9}  result"
    yield "-" * (width + 48)
    for r in results:
        yield (f"{r.name:<{width}}  {r.median:10.1f}  {r.max:10.1f}  "
               f"{'< ' + format(r.target_ms, '.0f') + ' ms':>9}  {'pass' if r.passed else 'FAIL'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="images to generate")
    parser.add_argument("--keep", type=Path, help="write the catalogue here and keep it")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: measure an existing file instead of generating")
    parser.add_argument("--repeat", type=int, default=7, help="samples per query")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of one relabel + undo and the query plans")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)

    scratch = Path(tempfile.mkdtemp(prefix="bench-million-"))
    for var in ("REVIEWER_DATA_DIR", "REVIEWER_CONFIG_DIR", "REVIEWER_CACHE_DIR"):
        os.environ[var] = str(scratch / var.lower())
    path = args.keep.resolve() if args.keep else scratch / "catalogue.sqlite"
    try:
        if args.reuse:
            if not args.keep or not path.exists():
                parser.error("--reuse needs --keep PATH of an existing catalogue")
            gen: dict[str, Any] = {"reused": str(path), "file_bytes": path.stat().st_size}
            with sqlite3.connect(path) as conn:
                args.rows = conn.execute("SELECT max(id) FROM images").fetchone()[0]
        else:
            if path.exists():
                parser.error(f"{path} exists; remove it, or add --reuse to measure it")
            path.parent.mkdir(parents=True, exist_ok=True)
            if not args.json:
                print(f"Generating {args.rows:,} images in {path} …", flush=True)
            gen = generate(path, args.rows, args.seed)
        facts_cold = cold_open_ms(path)
        results, facts = measure(path, args.repeat, args.rows)
        facts["cold_open_new_process_ms"] = facts_cold
        plans = query_plans(path, facts["filter_category_id"])
        if args.profile and not args.json:
            _report(args, gen, results, facts, plans)
            print("\ncProfile of one relabel + undo of 10,000 rows:")
            profile_relabel(path)
            return 0
    finally:
        # The catalogue lives in ``scratch`` unless --keep put it elsewhere.
        shutil.rmtree(scratch, ignore_errors=True)

    return _report(args, gen, results, facts, plans)


def _report(args: argparse.Namespace, gen: dict[str, Any], results: list[Result],
            facts: dict[str, Any], plans: dict[str, list[str]]) -> int:
    core = [r for r in results if not r.extra]
    summary = {
        "rows": args.rows,
        "repeat": args.repeat,
        "cpu_count": os.cpu_count(),
        "loadavg": os.getloadavg(),
        "sqlite_version": sqlite3.sqlite_version,
        "generation": gen,
        "facts": facts,
        "results": [r.as_dict() for r in results],
        "query_plans": plans,
        "all_targets_pass": all(r.passed for r in core),
    }
    if args.json:
        print(json.dumps(summary, indent=2, default=str))
        return 0
    if "total_s" in gen:
        print(f"Generated in {gen['total_s']:.1f} s (schema {gen['schema_s']:.1f} s, rows in "
              f"Python {gen['python_rows_s']:.1f} s, insert {gen['insert_s']:.1f} s, indexes and counts "
              f"{gen['index_s']:.1f} s): {gen['rows']:,} images, {gen['label_events']:,} label "
              f"events in {gen['label_batches']:,} batches, {gen['file_bytes'] / 1e6:.0f} MB")
    print(f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, load average "
          + " ".join(f"{v:.2f}" for v in summary["loadavg"]) + f", {args.repeat} samples each "
          "(bulk: 3)")
    print(f"open in a new process, imports included: {facts['cold_open_new_process_ms']:.0f} ms "
          f"(median of 3; not a target); first open in this process {facts['first_open_ms']:.0f} ms")
    print(f"filter: {facts['filter']} → {facts['filter_count']:,} images; "
          f"relabel: {facts['relabel']}")
    print(f"totals: {facts['totals']}")
    print(f"image_counts equal to a fresh GROUP BY after the relabels and undos: "
          f"{facts['counts_match_after_relabels']} (the GROUP BY took {facts['recount_ms']:.0f} ms)")
    print()
    for line in _table(results):
        print(line)
    print()
    failed = [r.name for r in core if not r.passed]
    print("All targets pass." if not failed else "FAILING: " + "; ".join(failed))
    if plans:
        print("\nQuery plans:")
        for name, lines in plans.items():
            print(f"  {name}: " + " | ".join(lines))
    if args.keep:
        print(f"\nCatalogue kept at {args.keep.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
