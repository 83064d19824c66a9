"""Image counts per (category, split, unsure), read from ``image_counts``.

Triggers on ``images`` keep that table (migration 0002), so the status bar, the
category list and ``reviewer stats`` read a few dozen rows instead of counting a
million images. On PostgreSQL a transaction's own changes reach the table when it
commits; until then they wait in ``image_count_deltas``, which :func:`count_rows`
adds, so a writer sees its own changes there as on SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from reviewer.catalogue.schema import Image, ImageCount

Key = tuple[int | None, str | None, bool]  # category id, split, unsure (None: none)

_POSTGRES_ROWS = text(
    "SELECT category_id, split, unsure, sum(n) AS n FROM ("
    " SELECT category_id, split, unsure, n FROM image_counts"
    " UNION ALL"
    " SELECT category_id, split, unsure, delta FROM image_count_deltas"
    " WHERE txid = txid_current_if_assigned()"
    ") AS c GROUP BY category_id, split, unsure HAVING sum(n) <> 0"
)


@dataclass(frozen=True)
class CountRow:
    category_id: int | None  # None: no category
    split: str | None  # None: no split
    unsure: bool
    n: int


def count_rows(session: Session) -> list[CountRow]:
    """Every non-empty (category, split, unsure) combination and its number of images."""
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(_POSTGRES_ROWS).all()
    else:
        rows = session.execute(
            select(ImageCount.category_id, ImageCount.split, ImageCount.unsure, ImageCount.n)
            .where(ImageCount.n != 0)
        ).all()
    return [
        CountRow(category_id or None, split or None, bool(unsure), int(n))
        for category_id, split, unsure, n in rows
    ]


def counts_by_key(rows: list[CountRow]) -> dict[Key, int]:
    return {(r.category_id, r.split, r.unsure): r.n for r in rows}


def recount(session: Session) -> dict[Key, int]:
    """The same numbers counted from ``images`` (a full scan: for checks and tests)."""
    rows = session.execute(
        select(Image.category_id, Image.split, Image.unsure, func.count()).group_by(
            Image.category_id, Image.split, Image.unsure
        )
    )
    return {(c, s, bool(u)): int(n) for c, s, u, n in rows}
