from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from reviewer.curation.embedding_store import EmbeddingStore


def sha(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def test_vectors_come_back_by_content_and_are_stored_once(tmp_path: Path) -> None:
    store = EmbeddingStore("k", 4, tmp_path)
    vectors = np.arange(12, dtype=np.float32).reshape(3, 4)
    with store.writer() as w:
        assert w.add([sha(0), sha(1), sha(2)], vectors) == 3
        assert w.add([sha(1)], vectors[:1]) == 0  # already there: not stored twice
    assert len(store) == 3
    again = EmbeddingStore("k", 4, tmp_path)  # another process, another catalogue
    got, have = again.vectors([sha(2), sha(9), sha(0)])
    assert have.tolist() == [True, False, True]
    np.testing.assert_array_equal(got, vectors[[2, 0]])
    assert again.missing([sha(0), sha(9)]) == [sha(9)]


def test_a_torn_tail_is_ignored_and_dropped_on_the_next_append(tmp_path: Path) -> None:
    store = EmbeddingStore("k", 4, tmp_path)
    with store.writer() as w:
        w.add([sha(0)], np.ones((1, 4)))
    with store.vectors_path.open("ab") as fh:  # a writer killed after half a row
        fh.write(b"\0" * 5)
    assert len(store) == 1
    with store.writer() as w:
        w.add([sha(1)], np.full((1, 4), 2.0))
    got, have = store.vectors([sha(0), sha(1)])
    assert have.all()
    np.testing.assert_array_equal(got, [[1, 1, 1, 1], [2, 2, 2, 2]])
    assert store.vectors_path.stat().st_size == 2 * 4 * 2
