"""Near-duplicate groups and cross-split leaks.

A pair must pass both tests: the embeddings are alike (cosine similarity at least
``similarity``, found among each image's nearest neighbours or among images sharing a
difference hash) and the 64-bit difference hash the importer stored differs in at most
``max_hamming`` bits. Either alone is fooled by photos of different garments on the
same backdrop (measured on clothing-small: equal or 1-bit hashes for different
sweaters on one pink sheet, at similarity 0.66-0.73; different t-shirts on one red
sheet at similarity 0.91 and 9 bits). Confirmed pairs are joined into groups.

A group whose members sit in different splits is a *leak*: the same picture (or a
resized, re-encoded copy) in train and in test inflates the test figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from reviewer.curation.catalogue_vectors import CatalogueVectors, read_rows
from reviewer.curation.neighbours import NeighbourIndex
from reviewer.progress import ProgressFn

DEFAULT_SIMILARITY = 0.95  # measured on clothing-small: at 0.90 different garments on one backdrop pass the hash
DEFAULT_MAX_HAMMING = 10
NEIGHBOURS = 8


@dataclass(frozen=True)
class Member:
    image_id: int
    file_name: str
    label: str | None
    split: str | None

    def as_json(self) -> dict[str, object]:
        return {"image_id": self.image_id, "file_name": self.file_name, "label": self.label,
                "split": self.split}


@dataclass(frozen=True)
class DuplicateGroup:
    members: tuple[Member, ...]
    similarity: float  # the lowest confirmed pair similarity in the group
    hamming: int  # the largest confirmed pair hash distance in the group

    @property
    def splits(self) -> set[str | None]:
        return {m.split for m in self.members}

    @property
    def across_splits(self) -> bool:
        return len(self.splits) > 1

    def as_json(self) -> dict[str, object]:
        return {"members": [m.as_json() for m in self.members],
                "similarity": round(self.similarity, 4), "hamming": self.hamming,
                "across_splits": self.across_splits}


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Differing bits between signed 64-bit difference hashes."""
    x = np.bitwise_xor(a.astype(np.int64), b.astype(np.int64)).view(np.uint64)
    return np.unpackbits(x.view(np.uint8).reshape(-1, 8), axis=1).sum(axis=1)


def candidate_pairs(data: CatalogueVectors, index: NeighbourIndex, *, similarity: float,
                    k: int = NEIGHBOURS, on_progress: ProgressFn | None = None
                    ) -> dict[tuple[int, int], float]:
    """(row a, row b) with a < b → cosine similarity, for neighbours above ``similarity``
    and for rows sharing a difference hash."""
    row_of = {int(i): r for r, i in enumerate(data.image_ids)}
    pairs: dict[tuple[int, int], float] = {}
    step = 8192
    for start in range(0, len(data), step):
        ids, sims = index.search(read_rows(data.vectors, slice(start, start + step)), k + 1)
        for offset in range(len(ids)):
            a = start + offset
            for image_id, sim in zip(ids[offset], sims[offset], strict=True):
                if image_id < 0 or sim < similarity:
                    continue
                b = row_of[int(image_id)]
                if b != a:
                    pairs[(min(a, b), max(a, b))] = float(sim)
        if on_progress:
            on_progress(min(start + step, len(data)), len(data), "looking for look-alikes")
    by_hash: dict[int, list[int]] = defaultdict(list)
    for r, h in enumerate(data.pixel_hashes.tolist()):
        if h:
            by_hash[h].append(r)
    for rows in by_hash.values():  # what an approximate search may have missed
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                sim = float(data.vectors[a] @ data.vectors[b])
                if sim >= similarity:
                    pairs.setdefault((a, b), sim)
    return pairs


def duplicate_groups(data: CatalogueVectors, index: NeighbourIndex | None = None, *,
                     similarity: float = DEFAULT_SIMILARITY,
                     max_hamming: int = DEFAULT_MAX_HAMMING, across_splits: bool = False,
                     exclude: set[int] | frozenset[int] = frozenset(),
                     on_progress: ProgressFn | None = None) -> list[DuplicateGroup]:
    """Groups of near-duplicate images, largest first (only leaks if ``across_splits``)."""
    index = NeighbourIndex.build(data.vectors, data.image_ids) if index is None else index
    pairs = candidate_pairs(data, index, similarity=similarity, on_progress=on_progress)
    if not pairs:
        return []
    keys = np.array(list(pairs), np.int64).reshape(-1, 2)
    hashes = data.pixel_hashes
    known = (hashes[keys[:, 0]] != 0) & (hashes[keys[:, 1]] != 0)
    dist = hamming(hashes[keys[:, 0]], hashes[keys[:, 1]])
    confirmed = known & (dist <= max_hamming)
    parent = list(range(len(data)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), ok in zip(keys.tolist(), confirmed.tolist(), strict=True):
        if ok:
            parent[root(b)] = root(a)
    members: dict[int, list[int]] = defaultdict(list)
    for a, b in keys[confirmed].tolist():
        for r in (a, b):
            members[root(r)].append(r)
    groups = []
    for rows in members.values():
        rows = sorted(set(rows))
        ids = {int(data.image_ids[r]) for r in rows}
        if ids <= exclude:
            continue
        inside = [(pairs[(a, b)], int(d)) for (a, b), d, ok in
                  zip(keys.tolist(), dist.tolist(), confirmed.tolist(), strict=True)
                  if ok and a in rows]
        group = DuplicateGroup(
            members=tuple(Member(int(data.image_ids[r]), data.file_names[r],
                                 data.category_names.get(int(data.category_ids[r])),
                                 data.splits[r]) for r in rows),
            similarity=min(s for s, _ in inside), hamming=max(d for _, d in inside))
        if across_splits and not group.across_splits:
            continue
        groups.append(group)
    groups.sort(key=lambda g: (-len(g.members), g.members[0].image_id))
    return groups


@dataclass(frozen=True)
class Neighbour:
    image_id: int
    file_name: str
    label: str | None
    split: str | None
    similarity: float

    def as_json(self) -> dict[str, object]:
        return {"image_id": self.image_id, "file_name": self.file_name, "label": self.label,
                "split": self.split, "similarity": round(self.similarity, 4)}


def more_like_this(data: CatalogueVectors, image_id: int, k: int = 20,
                   index: NeighbourIndex | None = None) -> list[Neighbour]:
    """The ``k`` images most like ``image_id`` (itself left out), most alike first."""
    row = data.row_of(image_id)
    index = NeighbourIndex.build(data.vectors, data.image_ids) if index is None else index
    ids, sims = index.search(data.vectors[row], k + 1)
    row_of = {int(i): r for r, i in enumerate(data.image_ids)}
    out = []
    for i, s in zip(ids[0].tolist(), sims[0].tolist(), strict=True):
        if i < 0 or i == image_id:
            continue
        r = row_of[i]
        out.append(Neighbour(i, data.file_names[r],
                             data.category_names.get(int(data.category_ids[r])),
                             data.splits[r], float(s)))
    return out[:k]
