"""Turning the Qt-free curation results into gallery items (no widgets here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.labels import chunks
from reviewer.catalogue.queries import ImageFilter, ImageRow, page_images
from reviewer.curation.duplicates import DuplicateGroup, Neighbour
from reviewer.curation.suspects import Analysis


@dataclass
class Entry:
    """One image of a queue: the label, the alternative (if any), and why it is here."""

    image_id: int
    label: str | None
    other: str | None
    other_p: float
    label_p: float
    score: float
    why: str


@dataclass
class Queue:
    kind: str  # label_error | outlier | duplicate | leak | similar
    title: str
    summary: str
    entries: list[Entry] = field(default_factory=list)


def suspect_queue(analysis: Analysis) -> Queue:
    return Queue("label_error", "Suspected label errors",
                 "Most suspect first. The bars: the suggested category (from a model that "
                 "never saw the image) against the current label (blue). Relabel with the "
                 "keys, or C / Enter to confirm the label is right (remembered).",
                 [Entry(s.image_id, s.label, s.suggested, s.suggested_probability,
                        s.label_probability, s.score, s.why) for s in analysis.suspects])


def outlier_queue(analysis: Analysis) -> Queue:
    return Queue("outlier", "Outliers",
                 "Images no category explains, farthest first. Relabel, mark unsure (U), "
                 "or C / Enter to confirm the image belongs.",
                 [Entry(o.image_id, o.label, o.nearest, o.max_probability, 0.0, o.score, o.why)
                  for o in analysis.outliers])


def group_queue(groups: Sequence[DuplicateGroup], *, leaks: bool) -> Queue:
    entries = []
    for n, group in enumerate(groups, start=1):
        splits = ", ".join(sorted(str(s or "no split") for s in group.splits))
        for m in group.members:
            entries.append(Entry(m.image_id, m.label, None, 0.0, 0.0, group.similarity,
                                 f"group {n} of {len(groups)} ({len(group.members)} images; "
                                 f"{splits}; similarity ≥ {group.similarity:.2f}, hash "
                                 f"distance ≤ {group.hamming} bits)"))
    if leaks:
        return Queue("leak", "Cross-split leaks",
                     "The same picture in different splits inflates the test figure. Neighbours "
                     "in the grid belong together; C / Enter: not the same picture.", entries)
    return Queue("duplicate", "Near-duplicates",
                 "Groups of the same picture (re-encoded, resized). C / Enter: not duplicates.",
                 entries)


def similar_queue(image_id: int, file_name: str, neighbours: Sequence[Neighbour]) -> Queue:
    return Queue("similar", f"More like {file_name}",
                 f"The images most like image {image_id} by embedding, most alike first.",
                 [Entry(n.image_id, n.label, None, 0.0, 0.0, n.similarity,
                        f"similarity {n.similarity:.3f}") for n in neighbours])


def image_rows(catalogue: Catalogue, image_ids: Sequence[int]) -> dict[int, ImageRow]:
    out: dict[int, ImageRow] = {}
    with catalogue.read() as session:
        for part in chunks(list(image_ids)):
            wanted = tuple(part)
            for row in page_images(session, ImageFilter(image_ids=wanted), limit=len(wanted)):
                out[row.id] = row
    return out
