"""Crafted legacy PyTorch checkpoints (issue 18.7): a few hundred bytes must not buy
minutes of work or gigabytes of memory. The files are written by hand in torch's own
layouts, as in tests/unit/test_lite0.py."""

from __future__ import annotations

import pickle
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

from reviewer.training import torch_pickle
from reviewer.training.torch_pickle import CheckpointError, load_state_dict
from tests.unit.test_lite0 import _state_dict_pickle, _Tensor, write_legacy, write_zip

HEADERS = (0x1950A86A20F9469CFC6C, 1001, {"protocol_version": 1001, "little_endian": True})


def _legacy_with_object(path: Path, object_pickle: bytes) -> Path:
    with path.open("wb") as f:
        for header in HEADERS:
            f.write(pickle.dumps(header, protocol=2))
        f.write(object_pickle)
        f.write(pickle.dumps([], protocol=2))
    return path


def test_shared_references_that_double_each_level_are_refused_fast(tmp_path: Path) -> None:
    inner: dict[str, object] = {}
    for _ in range(22):  # 2**22 paths through 22 dicts; the pickle stays tiny thanks to its memo
        inner = {"a": inner, "b": inner}
    path = _legacy_with_object(tmp_path / "dag.pth", pickle.dumps(inner, protocol=2))
    assert path.stat().st_size < 1000

    started = time.monotonic()
    with pytest.raises(CheckpointError, match="more than .* entries"):
        load_state_dict(path)
    assert time.monotonic() - started < 2


def test_deep_nesting_is_a_clear_refusal_not_a_recursion_error(tmp_path: Path) -> None:
    depth = 100_000
    key = b"X" + struct.pack("<I", 1) + b"k"
    # EMPTY_DICT, key, EMPTY_DICT, key, ... then SETITEM all the way back out: the pickle
    # machine builds it without recursion, so only the reader's walk can trip over it.
    body = (b"}" + key) * depth + b"}" + b"s" * depth + b"."
    path = _legacy_with_object(tmp_path / "deep.pth", b"\x80\x02" + body)

    with pytest.raises(CheckpointError, match="nest more than"):
        load_state_dict(path)


@pytest.mark.parametrize("writer", [write_legacy, write_zip])
def test_stride_zero_tensor_cannot_claim_more_than_its_storage(tmp_path: Path, writer) -> None:
    one = np.zeros(1, dtype=np.float32)  # 4 bytes of storage ...
    huge = _Tensor("0", one, 0, (4000, 4000), (0, 0))  # ... viewed as 64 MB
    path = writer(tmp_path / "expand.pth", {"w": huge})

    with pytest.raises(CheckpointError, match="claims 16000000 elements of a storage of 1"):
        load_state_dict(path)


def test_the_issues_60000_square_stride_zero_tensor_is_refused(tmp_path: Path) -> None:
    one = np.zeros(1, dtype=np.float32)
    path = write_legacy(tmp_path / "13gib.pth", {"w": _Tensor("0", one, 0, (60000, 60000), (0, 0))})
    with pytest.raises(CheckpointError, match="claims 3600000000 elements"):
        load_state_dict(path)


def test_many_names_for_one_storage_cannot_multiply_memory(tmp_path: Path) -> None:
    storage = np.arange(1000, dtype=np.float32)
    tensors = {f"alias{i}": _Tensor("0", storage, 0, (1000,), (1,)) for i in range(10)}
    path = write_legacy(tmp_path / "aliases.pth", tensors)
    with pytest.raises(CheckpointError, match="more than 4 times the bytes"):
        load_state_dict(path)
    # A weight and its transpose (two views of one storage) are still fine.
    ok = {name: tensors[name] for name in ("alias0", "alias1")}
    assert set(load_state_dict(write_legacy(tmp_path / "two.pth", ok))) == {"alias0", "alias1"}


def test_zip_storage_that_inflates_past_the_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(torch_pickle, "MAX_STORAGE_BYTES", 1_000_000)
    zeros = np.zeros(500_000, dtype=np.float32)  # 2 MB inflated, a few KB deflated
    path = tmp_path / "bomb.pth"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.pkl", _state_dict_pickle({"w": _Tensor.of("0", zeros)}, False))
        archive.writestr("archive/data/0", zeros.tobytes())
    assert path.stat().st_size < 20_000

    with pytest.raises(CheckpointError, match="claim 2000000 bytes"):
        load_state_dict(path)


def test_legacy_storage_longer_than_the_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = write_legacy(tmp_path / "short.pth", {"w": _Tensor.of("0", np.ones(4, np.float32))})
    data = bytearray(path.read_bytes())
    count_at = len(data) - 16 - 8  # the int64 element count before the 16 data bytes
    data[count_at : count_at + 8] = struct.pack("<q", 100_000_000)  # 400 MB, under the cap
    path.write_bytes(bytes(data))
    tracemalloc.start()
    try:
        with pytest.raises(CheckpointError, match="truncated data for storage 0"):
            load_state_dict(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000  # the 400 MB it claims were never allocated
