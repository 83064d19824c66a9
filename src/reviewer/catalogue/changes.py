"""What changed in the catalogue since a client last looked: the label events after
a given event id. One indexed range scan on the events' primary key, so a desktop
client can ask every couple of seconds on SQLite and PostgreSQL alike (an idle
catalogue answers with no rows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewer.catalogue.schema import LabelEvent

MAX_EVENTS = 2000  # more than this since the last look: the client re-reads everything


@dataclass(frozen=True)
class Changes:
    """Label events after ``since``: the images they touched and who wrote them."""

    since: int
    latest: int  # the newest event id seen; pass it as ``since`` next time
    image_ids: list[int] = field(default_factory=list)  # in event order, each once
    actors: dict[int, str] = field(default_factory=dict)  # image id → who changed it last
    overflow: bool = False  # more than MAX_EVENTS: image_ids is incomplete

    def __bool__(self) -> bool:
        return self.latest != self.since


def latest_event_id(session: Session) -> int:
    return session.scalar(select(func.max(LabelEvent.id))) or 0


def changes_since(session: Session, since: int, *, limit: int = MAX_EVENTS) -> Changes:
    rows = session.execute(
        select(LabelEvent.id, LabelEvent.image_id, LabelEvent.actor)
        .where(LabelEvent.id > since)
        .order_by(LabelEvent.id)
        .limit(limit + 1)
    ).all()
    if len(rows) > limit:
        return Changes(since, latest_event_id(session), overflow=True)
    actors: dict[int, str] = {}
    for _event_id, image_id, actor in rows:
        actors.pop(image_id, None)  # keep the order of the last change
        actors[image_id] = actor
    return Changes(since, rows[-1][0] if rows else since, list(actors), actors)
