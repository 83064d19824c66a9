"""Read PyTorch checkpoints (``torch.save`` files) into numpy arrays, without torch.

Two layouts exist:

* zip (torch >= 1.6): ``<name>/data.pkl`` plus one ``<name>/data/<key>`` entry per storage;
* legacy: a pickled magic number, protocol and sys-info, then the pickled object, then the
  pickled list of storage keys, then for each key an int64 element count and the raw bytes.

In both, the object pickle refers to storages by persistent id and rebuilds tensors with
``torch._utils._rebuild_tensor_v2``. Unpickling only allows the handful of globals a state
dict needs, so a malicious file cannot run code.

A crafted file can still ask for time or memory, so every read is bounded before it
happens: the nesting depth and the number of entries walked (a pickle can make a dict hold
the next one twice, so a few hundred bytes describe 2**60 paths), the bytes a storage or the
pickle may inflate to, and the bytes a tensor may claim against its storage (a stride-0 view
of a 4-byte storage must not become a 13 GiB array).
"""

from __future__ import annotations

import collections
import io
import math
import pickle
import struct
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from reviewer.errors import UserError

LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
LEGACY_PROTOCOL = 1001

MAX_DEPTH = 32  # nested dicts in a state dict; real ones nest two or three levels
MAX_VISITS = 200_000  # dict entries walked, shared references counted each time
MAX_PICKLE_BYTES = 64 * 2**20  # the object pickle of a zip checkpoint
MAX_STORAGE_BYTES = 4 * 2**30  # all storages together (NASNetLarge is about 360 MB)
OUTPUT_FACTOR = 4  # arrays returned may total at most this many times the storages read

STORAGE_DTYPES: dict[str, np.dtype[Any]] = {
    "DoubleStorage": np.dtype(np.float64),
    "FloatStorage": np.dtype(np.float32),
    "HalfStorage": np.dtype(np.float16),
    "BFloat16Storage": np.dtype(np.uint16),  # widened to float32 when read
    "LongStorage": np.dtype(np.int64),
    "IntStorage": np.dtype(np.int32),
    "ShortStorage": np.dtype(np.int16),
    "CharStorage": np.dtype(np.int8),
    "ByteStorage": np.dtype(np.uint8),
    "BoolStorage": np.dtype(np.bool_),
}


class CheckpointError(UserError):
    """A checkpoint file that is corrupt, unsupported or unsafe to load."""


@dataclass(frozen=True)
class _StorageType:
    name: str

    @property
    def dtype(self) -> np.dtype[Any]:
        return STORAGE_DTYPES[self.name]


@dataclass(frozen=True)
class _StorageRef:
    key: str
    storage_type: _StorageType
    numel: int
    view: tuple[int, int] | None = None  # (element offset, element count) of a legacy view


@dataclass(frozen=True)
class _TensorRef:
    storage: _StorageRef
    offset: int
    shape: tuple[int, ...]
    strides: tuple[int, ...]


def _rebuild_tensor_v2(
    storage: _StorageRef,
    storage_offset: int,
    size: tuple[int, ...],
    stride: tuple[int, ...],
    requires_grad: bool = False,
    backward_hooks: object = None,
    metadata: object = None,
) -> _TensorRef:
    return _TensorRef(storage, int(storage_offset), tuple(size), tuple(stride))


def _rebuild_parameter(data: _TensorRef, requires_grad: bool, backward_hooks: object) -> _TensorRef:
    return data


def _rebuild_parameter_with_state(
    data: _TensorRef, requires_grad: bool, backward_hooks: object, state: object
) -> _TensorRef:
    return data


_ALLOWED_GLOBALS: dict[tuple[str, str], object] = {
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter_with_state,
}


class _SafeUnpickler(pickle.Unpickler):
    """Unpickler that only knows the globals of a state dict and records storage ids."""

    def __init__(self, file: IO[bytes]) -> None:
        super().__init__(file)
        self.storages: dict[str, _StorageType] = {}

    def find_class(self, module: str, name: str) -> Any:
        if module == "torch" and name.endswith("Storage"):
            if name not in STORAGE_DTYPES:
                raise pickle.UnpicklingError(f"unsupported tensor type torch.{name}")
            return _StorageType(name)
        try:
            return _ALLOWED_GLOBALS[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"refusing to load global {module}.{name}: not part of a plain state dict"
            ) from None

    def persistent_load(self, pid: Any) -> _StorageRef:
        if not (isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage"):
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r}")
        storage_type, key, _location, numel = pid[1:5]
        if not isinstance(storage_type, _StorageType):
            raise pickle.UnpicklingError(f"unsupported storage type {storage_type!r}")
        self.storages[str(key)] = storage_type
        view = pid[5] if len(pid) > 5 else None
        if view is not None:  # legacy view: (view_key, offset, size) into storage `key`
            _view_key, view_offset, view_size = view
            return _StorageRef(str(key), storage_type, int(numel), (view_offset, view_size))
        return _StorageRef(str(key), storage_type, int(numel))


def load_state_dict(path: str | Path) -> dict[str, np.ndarray]:
    """Read a ``torch.save`` file of tensors into ``{name: array}`` (nested dicts joined by ".")."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            return _load_zip(path)
        with path.open("rb") as f:
            return _load_legacy(f)
    except (
        pickle.PickleError,
        zipfile.BadZipFile,
        EOFError,
        OSError,
        struct.error,
        ValueError,
        ArithmeticError,
        MemoryError,  # a corrupt length field can ask for terabytes
        NotImplementedError,  # e.g. an unknown zip compression method
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
    ) as exc:
        raise CheckpointError(f"cannot read PyTorch checkpoint {path}: {exc}") from exc


def _load_zip(path: Path) -> dict[str, np.ndarray]:
    with zipfile.ZipFile(path) as archive:
        pickles = [n for n in archive.namelist() if n.endswith("/data.pkl") or n == "data.pkl"]
        if len(pickles) != 1:
            raise ValueError("zip checkpoint without a single data.pkl")
        prefix = pickles[0][: -len("data.pkl")]
        names = set(archive.namelist())
        byteorder = "little"
        if f"{prefix}byteorder" in names:
            byteorder = archive.read(f"{prefix}byteorder").decode("ascii").strip()
        pickle_info = archive.getinfo(pickles[0])
        if pickle_info.file_size > MAX_PICKLE_BYTES:
            raise ValueError(
                f"its object pickle inflates to {pickle_info.file_size} bytes "
                f"(more than {MAX_PICKLE_BYTES}); not a plain state dict"
            )
        unpickler = _SafeUnpickler(io.BytesIO(archive.read(pickle_info)))
        refs = _tensor_refs(unpickler.load())
        members = {key: archive.getinfo(f"{prefix}data/{key}") for key in unpickler.storages}
        _check_storage_total(sum(info.file_size for info in members.values()))
        raw = {key: archive.read(info) for key, info in members.items()}
    return _materialize(refs, raw, byteorder)


def _check_storage_total(nbytes: int) -> None:
    if nbytes > MAX_STORAGE_BYTES:
        raise ValueError(
            f"its tensors claim {nbytes} bytes, more than the {MAX_STORAGE_BYTES} "
            "this reader accepts"
        )


def _load_legacy(f: IO[bytes]) -> dict[str, np.ndarray]:
    magic = _SafeUnpickler(f).load()
    if magic != LEGACY_MAGIC:
        raise ValueError("not a PyTorch checkpoint (bad magic number)")
    protocol = _SafeUnpickler(f).load()
    if protocol != LEGACY_PROTOCOL:
        raise ValueError(f"unsupported legacy protocol {protocol}")
    sys_info = _SafeUnpickler(f).load()
    little = not isinstance(sys_info, dict) or bool(sys_info.get("little_endian", True))
    unpickler = _SafeUnpickler(f)
    refs = _tensor_refs(unpickler.load())
    keys = _SafeUnpickler(f).load()
    if not isinstance(keys, list):
        raise ValueError("storage key list missing")
    raw: dict[str, bytes] = {}
    total = 0
    for key in map(str, keys):
        if key not in unpickler.storages:
            raise ValueError(f"storage {key} has no known type")
        (numel,) = struct.unpack("<q" if little else ">q", f.read(8))
        nbytes = numel * unpickler.storages[key].dtype.itemsize
        total += max(nbytes, 0)
        _check_storage_total(total)
        if numel < 0 or nbytes > _bytes_left(f):
            raise ValueError(f"truncated data for storage {key}")
        data = f.read(nbytes)
        if len(data) != nbytes:
            raise ValueError(f"truncated data for storage {key}")
        raw[key] = data
    return _materialize(refs, raw, "little" if little else "big")


def _bytes_left(f: IO[bytes]) -> int:
    here = f.tell()
    end = f.seek(0, io.SEEK_END)
    f.seek(here)
    return end - here


def _tensor_refs(obj: object) -> dict[str, _TensorRef]:
    """The tensors of a (nested) state dict by dotted name, in file order, walked without
    recursion and within :data:`MAX_DEPTH` levels and :data:`MAX_VISITS` entries."""
    if not isinstance(obj, Mapping):
        raise ValueError(f"expected a dict of tensors, got {type(obj).__name__}")
    refs: dict[str, _TensorRef] = {}
    visits = 0
    stack: list[tuple[Iterator[tuple[Any, Any]], str]] = [(iter(obj.items()), "")]
    while stack:
        entries, prefix = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        visits += 1
        if visits > MAX_VISITS:
            raise ValueError(
                f"it holds more than {MAX_VISITS} entries (shared ones counted each time "
                "they are reached); not a plain state dict"
            )
        key, value = entry
        name = f"{prefix}{key}"
        if isinstance(value, _TensorRef):
            refs[name] = value
        elif isinstance(value, Mapping):
            if len(stack) >= MAX_DEPTH:
                raise ValueError(
                    f"its dicts nest more than {MAX_DEPTH} levels deep; not a plain state dict"
                )
            stack.append((iter(value.items()), f"{name}."))
    return refs


def _materialize(
    refs: Mapping[str, _TensorRef], raw: Mapping[str, bytes], byteorder: str
) -> dict[str, np.ndarray]:
    storages: dict[str, np.ndarray] = {}
    out: dict[str, np.ndarray] = {}
    budget = OUTPUT_FACTOR * sum(len(data) for data in raw.values())
    for name, ref in refs.items():
        key = ref.storage.key
        if key not in storages:
            storages[key] = _storage_array(raw[key], ref.storage.storage_type, byteorder)
        base = _checked_base(storages[key], ref)
        budget -= _claimed_bytes(ref)
        if budget < 0:
            raise ValueError(
                f"its tensors claim more than {OUTPUT_FACTOR} times the bytes of their "
                f"storages (at {name}); refusing to inflate them"
            )
        out[name] = _tensor_array(base, ref)
    return out


def _storage_array(data: bytes, storage_type: _StorageType, byteorder: str) -> np.ndarray:
    dtype = storage_type.dtype.newbyteorder("<" if byteorder == "little" else ">")
    array = np.frombuffer(data, dtype=dtype).astype(storage_type.dtype.newbyteorder("="))
    if storage_type.name == "BFloat16Storage":
        array = (array.astype(np.uint32) << 16).view(np.float32)
    return array


def _claimed_bytes(ref: _TensorRef) -> int:
    return math.prod(ref.shape) * ref.storage.storage_type.dtype.itemsize


def _checked_base(storage: np.ndarray, ref: _TensorRef) -> np.ndarray:
    """The part of ``storage`` the tensor starts at, once its view is known to stay inside
    it and to claim no more elements than it holds."""
    if ref.storage.view is not None:
        view_offset, view_size = ref.storage.view
        storage = storage[view_offset : view_offset + view_size]
    if len(ref.shape) != len(ref.strides):
        raise ValueError("tensor shape and strides differ in length")
    if any(n < 0 for n in ref.shape) or any(s < 0 for s in ref.strides) or ref.offset < 0:
        raise ValueError("negative tensor size, stride or offset")
    if 0 in ref.shape:
        return storage[:0]
    if math.prod(ref.shape) > storage.size - ref.offset:
        # Only a view that repeats elements (a zero stride, as torch's expand makes) can
        # hold more elements than its storage; a state dict has no reason to, and a
        # crafted one uses it to ask for gigabytes from a few bytes.
        raise ValueError(
            f"a tensor of shape {ref.shape} claims {math.prod(ref.shape)} elements of a "
            f"storage of {storage.size - ref.offset}"
        )
    last = ref.offset + sum((n - 1) * s for n, s in zip(ref.shape, ref.strides, strict=True))
    if last >= storage.size:
        raise ValueError(f"tensor reaches element {last} of a storage of {storage.size}")
    return storage[ref.offset :]


def _tensor_array(base: np.ndarray, ref: _TensorRef) -> np.ndarray:
    if 0 in ref.shape:
        return np.zeros(ref.shape, dtype=base.dtype)
    view = np.lib.stride_tricks.as_strided(
        base, shape=ref.shape, strides=[s * base.itemsize for s in ref.strides], writeable=False
    )
    return np.array(view, order="C", copy=True)
