"""Two curators bulk-relabel at the same moment, in two processes. The count rows
they both touch come in opposite orders (row triggers fire in row order), which
deadlocks naive count triggers on PostgreSQL: here both must finish, and the
counts stay equal to the images. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from reviewer.catalogue import labels
from reviewer.catalogue.categories import ensure_categories
from reviewer.catalogue.counts import count_rows, counts_by_key, recount
from reviewer.catalogue.db import open_catalogue
from reviewer.catalogue.schema import Category, Image
from reviewer.errors import ConflictError

N_IMAGES = 1200


def _curator(url: str, actor: str, ids: list[int], category: str, barrier, results) -> None:  # type: ignore[no-untyped-def]
    cat = open_catalogue(url)
    barrier.wait(timeout=30)
    try:
        with cat.write() as s:
            result = labels.relabel(s, ids, category, actor=actor)
        results.put((actor, f"ok {result.changed}"))
    except ConflictError as exc:
        results.put((actor, f"conflict {exc}"))
    except Exception as exc:  # a deadlock or anything else: the test reports it
        results.put((actor, f"error {type(exc).__name__}: {exc}"))
    finally:
        cat.close()


def _catalogue(url: str) -> None:
    """N hats, in id order alternately two in train and two in validation, so that
    odd ids meet train first and even ids meet validation first."""
    cat = open_catalogue(url)
    with cat.write() as s:
        ids = ensure_categories(s, ["hat", "shoes", "jacket"])
        at = datetime.now(UTC)
        s.execute(insert(Image), [
            {"sha256": f"{i:064x}", "file_name": f"{i}.jpg", "width": 4, "height": 4,
             "format": "JPEG", "bytes": 10, "imported_at": at, "source": "folder",
             "split": "train" if (i // 2) % 2 == 0 else "validation",
             "category_id": ids["hat"], "unsure": False, "flagged": False, "version": 1}
            for i in range(1, N_IMAGES + 1)
        ])
    cat.close()


def _race(url: str, jobs: dict[str, tuple[list[int], str]]) -> dict[str, str]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(len(jobs)), ctx.Queue()
    procs = [ctx.Process(target=_curator, args=(url, actor, ids, category, barrier, results))
             for actor, (ids, category) in jobs.items()]
    for p in procs:
        p.start()
    outcome = dict(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    return outcome


def _check_counts(url: str) -> dict[str, int]:
    cat = open_catalogue(url)
    try:
        with cat.read() as s:
            assert counts_by_key(count_rows(s)) == recount(s)
            names = dict(s.execute(select(Category.id, Category.name)).all())
            per: dict[str, int] = {}
            for r in count_rows(s):
                per[names[r.category_id]] = per.get(names[r.category_id], 0) + r.n
            return per
    finally:
        cat.close()


def _disjoint(url: str) -> None:
    _catalogue(url)
    odd = list(range(1, N_IMAGES + 1, 2))
    even = list(range(2, N_IMAGES + 1, 2))
    outcome = _race(url, {"alice": (odd, "shoes"), "bob": (even, "jacket")})
    assert outcome == {"alice": f"ok {len(odd)}", "bob": f"ok {len(even)}"}, outcome
    assert _check_counts(url) == {"shoes": len(odd), "jacket": len(even)}


def _overlapping(url: str) -> None:
    _catalogue(url)
    every = list(range(1, N_IMAGES + 1))
    outcome = _race(url, {"alice": (every, "shoes"), "bob": (every, "jacket")})
    # One wins; the other either conflicts (it read the versions before the winner
    # committed) or simply relabels after it. Never a deadlock or another error.
    assert all(r.startswith(("ok", "conflict")) for r in outcome.values()), outcome
    assert any(r.startswith("ok") for r in outcome.values()), outcome
    per = _check_counts(url)
    assert sum(per.values()) == N_IMAGES and len(per) == 1, per


def test_disjoint_bulk_relabels_on_sqlite(tmp_path: Path) -> None:
    _disjoint(f"sqlite:///{tmp_path / 'shared.sqlite'}")


def test_overlapping_bulk_relabels_on_sqlite(tmp_path: Path) -> None:
    _overlapping(f"sqlite:///{tmp_path / 'shared.sqlite'}")


@pytest.mark.postgres
def test_disjoint_bulk_relabels_on_postgresql(pg_url: str) -> None:
    _disjoint(pg_url)


@pytest.mark.postgres
def test_overlapping_bulk_relabels_on_postgresql(pg_url: str) -> None:
    _overlapping(pg_url)
