"""A team on one catalogue (issue 12): N curator processes relabel a hot set of images
at the same time, then each undoes its last 3 steps; on SQLite (WAL) and PostgreSQL.

Each curator is its own process (spawned) with its own ``open_catalogue``, as a
curator's app or ``reviewer label`` would be. An operation reads the image's
current version (what the curator is looking at), picks a different category and
writes it through ``labels.relabel(..., expected_versions=...)`` in
``catalogue.write()``; a conflict (somebody changed the image first) is counted and
retried on the fresh version, up to 50 times. Latency is per attempt (read + write
transaction, commit included).

Printed per back end and N: attempted, succeeded, conflicts, busy (lock timeout),
other errors, ops/s (successes over the phase's wall time), p50/p95/max latency; then
the consistency checks:

* current label = latest event, for every image (``labels.inconsistent_images``);
* events written by the curators = successes;
* versions never go back and no update is lost: every image's version = 1 + its
  number of events, and every event's old label is the previous event's new label;

and the undo phase (every curator calls undo 3 times, all at once): steps undone
whole, in part, not at all (every image changed by a colleague since), images
reverted and left alone, errors, p50/p95; then "undo never overwrote a later
change": for every image an undo or redo reverted, the events between the reverted
event and the undo cancel out (an undo or redo cancels the event of the step it
reverts), checked by replaying the history independently of the app's code, and
the consistency checks again.

Targets (issue 12): 0 lost updates, 0 unexpected errors, undo never overwrites a
later change, p95 < 100 ms at N = 8 on PostgreSQL.

    python benchmarks/team.py [--curators 4,8] [--ops 200] [--hot 40]
                              [--backends sqlite,postgres] [--postgres URL] [--json]

``--postgres`` (default ``$REVIEWER_TEST_POSTGRES_URL``): the database's ``public``
schema is DROPPED and re-created. SQLite runs in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)

CATEGORIES = ["trouser", "short", "long-sleeved shirt", "short-sleeved shirt", "shoes",
              "hat", "bag", "sandal", "jacket", "t-shirt"]
N_IMAGES = 200
UNDO_STEPS = 3
MAX_RETRIES = 50




def fresh_catalogue(url: str) -> None:
    from sqlalchemy import create_engine, insert, text

    from reviewer.catalogue import labels
    from reviewer.catalogue.categories import ensure_categories
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.schema import Image

    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    cat = open_catalogue(url)
    with cat.write() as s:
        ensure_categories(s, CATEGORIES)
        at = datetime.now(UTC)
        s.execute(insert(Image), [
            {"id": i, "sha256": f"{i:064x}", "file_name": f"{i}.jpg", "width": 4, "height": 4,
             "format": "JPEG", "bytes": 10, "imported_at": at, "source": "folder",
             "split": "train", "category_id": None, "unsure": False, "flagged": False,
             "version": 1}
            for i in range(1, N_IMAGES + 1)
        ])
        for k, name in enumerate(CATEGORIES):
            ids = range(1 + k, N_IMAGES + 1, len(CATEGORIES))
            labels.relabel(s, ids, name, actor="importer", source="import")
    cat.close()


def curator(url: str, actor: str, ops: int, hot: int, seed: int, barrier: Any, out: Any) -> None:
    from sqlalchemy import select

    from reviewer.catalogue import labels
    from reviewer.catalogue.categories import category_names
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.schema import Image
    from reviewer.errors import CatalogueUnavailableError, ConflictError

    rng = random.Random(seed)
    cat = open_catalogue(url)
    with cat.read() as s:
        names = category_names(s)  # categories do not change during the run
    stats: dict[str, Any] = {"actor": actor, "attempted": 0, "succeeded": 0, "conflicts": 0,
                             "busy": 0, "other": 0, "gave_up": 0, "lat": [], "errors": []}
    barrier.wait(timeout=120)
    t0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(ops):
        image_id = rng.randint(1, hot)
        for _try in range(MAX_RETRIES):
            start = time.perf_counter()
            stats["attempted"] += 1
            try:
                with cat.read() as s:
                    cat_id, version = s.execute(
                        select(Image.category_id, Image.version).where(Image.id == image_id)).one()
                target = rng.choice([c for c in CATEGORIES if c != names.get(cat_id)])
                with cat.write() as s:
                    labels.relabel(s, [image_id], target, actor=actor,
                                   expected_versions={image_id: version})
                stats["succeeded"] += 1
                stats["lat"].append(time.perf_counter() - start)
                break
            except ConflictError:
                stats["conflicts"] += 1
                stats["lat"].append(time.perf_counter() - start)
            except CatalogueUnavailableError as exc:
                stats["busy"] += 1
                stats["errors"].append(str(exc).split("\n")[0][:120])
                stats["lat"].append(time.perf_counter() - start)
            except Exception as exc:  # counted and shown: the target is none
                stats["other"] += 1
                stats["errors"].append(f"{type(exc).__name__}: {exc}"[:160])
        else:
            stats["gave_up"] += 1
    stats["wall"] = time.perf_counter() - t0
    stats["cpu_s"] = time.process_time() - cpu0
    out.put(("relabel", stats))
    # --- the undo phase: wait for everybody, then undo the last 3 steps
    barrier.wait(timeout=300)
    undo: dict[str, Any] = {"actor": actor, "whole": 0, "part": 0, "none": 0, "nothing": 0,
                            "reverted": 0, "left": 0, "busy": 0, "other": 0, "lat": [],
                            "errors": [], "examples": []}
    for _ in range(UNDO_STEPS):
        start = time.perf_counter()
        try:
            with cat.write() as s:
                result = labels.undo(s, actor=actor)
            undo["lat"].append(time.perf_counter() - start)
            undo["reverted"] += result.reverted
            undo["left"] += len(result.left_alone)
            kind = "whole" if result.complete else ("part" if result.reverted else "none")
            undo[kind] += 1
            if result.left_alone and len(undo["examples"]) < 1:
                undo["examples"].append(str(result.left_alone[0]))
        except CatalogueUnavailableError as exc:
            undo["busy"] += 1
            undo["errors"].append(str(exc).split("\n")[0][:120])
        except ConflictError as exc:
            undo["other"] += 1
            undo["errors"].append(f"conflict: {exc}"[:160])
        except Exception as exc:
            if "Nothing to undo" in str(exc):
                undo["nothing"] += 1
            else:
                undo["other"] += 1
                undo["errors"].append(f"{type(exc).__name__}: {exc}"[:160])
    out.put(("undo", undo))
    cat.close()


def check(url: str, curators: list[str]) -> dict[str, Any]:
    """The consistency checks, read straight from the tables."""
    from sqlalchemy import func, select

    from reviewer.catalogue import labels
    from reviewer.catalogue.db import open_catalogue
    from reviewer.catalogue.schema import Image, LabelBatch, LabelEvent

    cat = open_catalogue(url, create=False)
    with cat.read() as s:
        inconsistent = labels.inconsistent_images(s)
        curator_events = s.scalar(select(func.count()).select_from(LabelEvent).where(
            LabelEvent.source == "curator", LabelEvent.actor.in_(curators))) or 0
        events = s.execute(
            select(LabelEvent.id, LabelEvent.image_id, LabelEvent.batch_id, LabelEvent.old_category_id,
                   LabelEvent.new_category_id, LabelEvent.old_unsure, LabelEvent.new_unsure,
                   LabelBatch.kind, LabelBatch.target_batch_id)
            .join(LabelBatch, LabelBatch.id == LabelEvent.batch_id).order_by(LabelEvent.id)).all()
        versions = dict(s.execute(select(Image.id, Image.version)).all())
    cat.close()
    per_image: dict[int, list[Any]] = {}
    for e in events:
        per_image.setdefault(e.image_id, []).append(e)
    broken_links = 0  # an event whose old label is not the previous event's new one
    version_mismatch = 0
    for image_id, version in versions.items():
        chain = per_image.get(image_id, [])
        if version != 1 + len(chain):
            version_mismatch += 1
        for prev, nxt in zip(chain, chain[1:], strict=False):
            if (prev.new_category_id, prev.new_unsure) != (nxt.old_category_id, nxt.old_unsure):
                broken_links += 1
    overwrites = 0  # undo/redo events that reverted over a change still standing
    reverted_checked = 0
    for chain in per_image.values():
        position = {e.batch_id: k for k, e in enumerate(chain)}
        for k, e in enumerate(chain):
            if e.kind not in ("undo", "redo"):
                continue
            start = position.get(e.target_batch_id)
            if start is None:
                overwrites += 1  # reverted an event that is not on this image
                continue
            reverted_checked += 1
            if _standing(chain[start + 1 : k]):
                overwrites += 1
    return {"inconsistent": len(inconsistent), "curator_events": curator_events,
            "version_mismatch": version_mismatch, "lost_updates": broken_links,
            "undo_overwrites": overwrites, "undo_events_checked": reverted_checked}


def _standing(between: list[Any]) -> bool:
    """Whether any of these events (one image's, in order) still stands at the end."""
    live: list[int] = []  # batch ids
    for e in between:
        if e.kind in ("undo", "redo") and e.target_batch_id in live:
            live.remove(e.target_batch_id)
        else:
            live.append(e.batch_id)
    return bool(live)


def poll_cost(url: str, repeat: int = 100) -> dict[str, float]:
    """What the desktop app's colleague-change poll costs on this catalogue: a read
    session plus ``changes_since`` with nothing new, and with the last 20 events new."""
    from reviewer.catalogue.changes import changes_since, latest_event_id
    from reviewer.catalogue.db import open_catalogue

    cat = open_catalogue(url, create=False)
    with cat.read() as s:
        latest = latest_event_id(s)
    result = {"events": float(latest)}
    for name, since in (("idle", latest), ("20 new", latest - 20)):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            with cat.read() as s:
                changes_since(s, since)
            times.append(time.perf_counter() - start)
        result[name] = pct(times, 0.5)
    cat.close()
    return result


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def run_phase(url: str, n: int, ops: int, hot: int) -> dict[str, Any]:
    fresh_catalogue(url)
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(n + 1), ctx.Queue()
    actors = [f"curator{k}" for k in range(n)]
    procs = [ctx.Process(target=curator, args=(url, a, ops, hot, 1000 + k, barrier, out))
             for k, a in enumerate(actors)]
    for p in procs:
        p.start()
    barrier.wait(timeout=300)
    t0 = time.perf_counter()
    relabel = [out.get(timeout=900)[1] for _ in procs]
    wall = time.perf_counter() - t0
    after_relabel = check(url, actors)
    poll = poll_cost(url)
    barrier.wait(timeout=300)
    t1 = time.perf_counter()
    undo = [out.get(timeout=900)[1] for _ in procs]
    undo_wall = time.perf_counter() - t1
    for p in procs:
        p.join(timeout=60)
    after_undo = check(url, actors)

    def total(rows: list[dict[str, Any]], key: str) -> int:
        return sum(r[key] for r in rows)

    def total_f(rows: list[dict[str, Any]], key: str) -> float:
        return sum(r[key] for r in rows)

    lat = [x for r in relabel for x in r["lat"]]
    undo_lat = [x for r in undo for x in r["lat"]]
    return {
        "n": n, "ops_per_curator": ops, "hot": hot,
        "attempted": total(relabel, "attempted"), "succeeded": total(relabel, "succeeded"),
        "conflicts": total(relabel, "conflicts"), "busy": total(relabel, "busy"),
        "other_errors": total(relabel, "other"), "gave_up": total(relabel, "gave_up"),
        "wall_s": wall, "ops_per_s": total(relabel, "succeeded") / wall,
        "p50_ms": pct(lat, 0.5), "p95_ms": pct(lat, 0.95), "max_ms": pct(lat, 1.0),
        "errors": sorted({e for r in relabel for e in r["errors"]})[:5],
        "cpu_ms_per_op": 1000 * total_f(relabel, "cpu_s") / max(1, total(relabel, "succeeded")),
        "poll": poll,
        "check": after_relabel,
        "undo": {
            "calls": n * UNDO_STEPS, "whole": total(undo, "whole"), "part": total(undo, "part"),
            "none": total(undo, "none"), "nothing": total(undo, "nothing"),
            "reverted": total(undo, "reverted"), "left_alone": total(undo, "left"),
            "busy": total(undo, "busy"), "other_errors": total(undo, "other"),
            "wall_s": undo_wall, "p50_ms": pct(undo_lat, 0.5), "p95_ms": pct(undo_lat, 0.95),
            "errors": sorted({e for r in undo for e in r["errors"]})[:5],
            "example": next((x for r in undo for x in r["examples"]), ""),
        },
        "check_after_undo": after_undo,
    }


def report(backend: str, r: dict[str, Any]) -> None:
    c, u, cu = r["check"], r["undo"], r["check_after_undo"]
    print(f"\n== {backend}, N = {r['n']} curators × {r['ops_per_curator']} relabels "
          f"on {r['hot']} hot images")
    print(f"attempted {r['attempted']}, succeeded {r['succeeded']}, conflicts {r['conflicts']} "
          f"(retried), busy {r['busy']}, other errors {r['other_errors']}, gave up {r['gave_up']}")
    print(f"{r['ops_per_s']:.0f} successful ops/s over {r['wall_s']:.1f} s; per attempt "
          f"p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.0f} ms")
    print(f"CPU of the curator processes per successful op {r['cpu_ms_per_op']:.1f} ms "
          "(the database server's own CPU not included)")
    for e in r["errors"]:
        print(f"  error: {e}")
    poll = r["poll"]
    print(f"GUI colleague poll on {poll['events']:.0f} events: p50 {poll['idle']:.2f} ms idle, "
          f"{poll['20 new']:.2f} ms with 20 new events")
    print(f"checks: current label = latest event: {'yes' if c['inconsistent'] == 0 else 'NO'} "
          f"({c['inconsistent']} off); curator events {c['curator_events']} = successes "
          f"{r['succeeded']}: {'yes' if c['curator_events'] == r['succeeded'] else 'NO'}; "
          f"versions = 1 + events: {'yes' if c['version_mismatch'] == 0 else 'NO'}; "
          f"lost updates (broken old→new links) {c['lost_updates']}")
    print(f"undo phase ({u['calls']} calls, {u['wall_s']:.1f} s): whole {u['whole']}, in part "
          f"{u['part']}, none (all changed since) {u['none']}, nothing to undo {u['nothing']}; "
          f"images reverted {u['reverted']}, left alone {u['left_alone']}; busy {u['busy']}, "
          f"other errors {u['other_errors']}; p50 {u['p50_ms']:.1f} ms, p95 {u['p95_ms']:.1f} ms")
    if u["example"]:
        print(f"  e.g. \"{u['example']}\"")
    for e in u["errors"]:
        print(f"  error: {e}")
    print(f"after undo: undo/redo events checked {cu['undo_events_checked']}, reverted over a "
          f"standing change {cu['undo_overwrites']}; current = latest event: "
          f"{'yes' if cu['inconsistent'] == 0 else 'NO'}; versions = 1 + events: "
          f"{'yes' if cu['version_mismatch'] == 0 else 'NO'}; lost updates {cu['lost_updates']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--curators", default="4,8")
    parser.add_argument("--ops", type=int, default=200, help="relabels per curator")
    parser.add_argument("--hot", type=int, default=40, help="images the curators share")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--postgres", default=os.environ.get("REVIEWER_TEST_POSTGRES_URL"),
                        help="PostgreSQL URL; its public schema is dropped and re-created")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, list[dict[str, Any]]] = {}
    header = {"cpu": cpu_model(), "cpus": os.cpu_count(), "loadavg_start": os.getloadavg()}
    if not args.json:
        print(f"CPU: {header['cpu']} ×{header['cpus']}; load average at start "
              + " ".join(f"{v:.2f}" for v in header["loadavg_start"]))
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            if backend == "postgres" and not args.postgres:
                print("postgres: skipped (give --postgres URL or set REVIEWER_TEST_POSTGRES_URL)")
                continue
            for n in (int(x) for x in args.curators.split(",")):
                url = (args.postgres if backend == "postgres"
                       else f"sqlite:///{Path(tmp) / f'team-{n}.sqlite'}")
                r = run_phase(url, n, args.ops, args.hot)
                results.setdefault(backend, []).append(r)
                if not args.json:
                    report(backend, r)
    header["loadavg_end"] = os.getloadavg()
    if args.json:
        print(json.dumps({**header, "results": results}, indent=2, default=str))
    else:
        print("\nload average at end " + " ".join(f"{v:.2f}" for v in header["loadavg_end"]))
        pg8 = [r for r in results.get("postgres", []) if r["n"] == 8]
        if pg8:
            p95 = pg8[0]["p95_ms"]
            print(f"target p95 < 100 ms at N = 8 on PostgreSQL: {p95:.1f} ms, "
                  f"{'met' if p95 < 100 else 'NOT met'} (ratio p95/target {p95 / 100:.2f})")
        print("median latency PostgreSQL / SQLite per N: " + ", ".join(
            f"N={a['n']}: {a['p50_ms'] / b['p50_ms']:.2f}"
            for a, b in zip(results.get("postgres", []), results.get("sqlite", []), strict=False)
        ) if results.get("postgres") and results.get("sqlite") else "")


if __name__ == "__main__":
    main()
