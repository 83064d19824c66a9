"""Resolving ImageNet weights offline: cache, a user's file, or a clear error."""

from __future__ import annotations

import inspect
import tempfile
from pathlib import Path

import h5py
import keras
import numpy as np
import pytest
from keras.src.applications import densenet, mobilenet, mobilenet_v2, nasnet
from keras.src.legacy.saving import legacy_h5_format
from keras.src.utils import file_utils

from reviewer.errors import UserError
from reviewer.training.backbones import build_classifier, get_backbone
from reviewer.training.weights import (
    HDF5_SIGNATURE,
    MissingWeightsError,
    WeightsFileError,
    find_cached_weights,
    install_weights_file,
    is_hdf5,
    keras_cache_dir,
    resolve_weights,
)

SIZE = 32


@pytest.fixture(autouse=True)
def keras_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Keras home, and no /tmp/.keras fallback left over from other runs."""
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return home


@pytest.fixture
def no_download(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried to download")

    monkeypatch.setattr(file_utils, "urlretrieve", refuse)


def _fake_h5(path: Path, payload: bytes = b"weights") -> Path:
    path.write_bytes(HDF5_SIGNATURE + payload)
    return path


def _legacy_h5(model: keras.Model, path: Path) -> Path:
    """Weights in the format of Keras' ImageNet downloads (legacy HDF5)."""
    with h5py.File(path, "w") as handle:
        legacy_h5_format.save_weights_to_hdf5_group(handle, model)
    return path


@pytest.mark.parametrize(
    ("key", "url", "cache_name"),
    [
        (
            "mobilenet",
            mobilenet.BASE_WEIGHT_PATH + "mobilenet_1_0_224_tf_no_top.h5",
            "mobilenet_1_0_224_tf_no_top.h5",
        ),
        (
            "mobilenet_v2",
            mobilenet_v2.BASE_WEIGHT_PATH
            + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
            "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
        ),
        ("nasnet_mobile", nasnet.NASNET_MOBILE_WEIGHT_PATH_NO_TOP, "nasnet_mobile_no_top.h5"),
        ("nasnet_large", nasnet.NASNET_LARGE_WEIGHT_PATH_NO_TOP, "nasnet_large_no_top.h5"),
        (
            "densenet121",
            densenet.DENSENET121_WEIGHT_PATH_NO_TOP,
            "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5",
        ),
    ],
)
def test_file_names_and_urls_match_the_keras_source(key: str, url: str, cache_name: str) -> None:
    expected = get_backbone(key).weights_file()
    assert expected is not None
    assert (expected.url, expected.cache_name) == (url, cache_name)
    module = {"mobilenet": mobilenet, "mobilenet_v2": mobilenet_v2, "densenet121": densenet}
    source = inspect.getsource(module.get(key, nasnet))
    templates = {  # the MobileNets build the name from alpha and input size
        "mobilenet": ['"mobilenet_%s_%d_tf_no_top.h5" % (alpha_text, rows)'],
        "mobilenet_v2": [
            '"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_"',
            'f"{float(alpha)}_{rows}_no_top.h5"',
        ],
    }
    # Otherwise the literal name Keras caches under (NASNet's differs from the URL's).
    for snippet in templates.get(key, [f'"{cache_name}"']):
        assert snippet in source


def test_mobilenet_weights_follow_the_input_size() -> None:
    def name(key: str, size: int) -> str:
        expected = get_backbone(key).weights_file(size)
        assert expected is not None
        return expected.cache_name

    assert name("mobilenet", 160) == "mobilenet_1_0_160_tf_no_top.h5"
    assert name("mobilenet", SIZE) == "mobilenet_1_0_224_tf_no_top.h5"  # Keras' fallback
    assert name("mobilenet_v2", 96).endswith("_1.0_96_no_top.h5")


def test_none_means_random_initialisation() -> None:
    spec = get_backbone("densenet121")
    assert resolve_weights(spec, None) is None
    assert resolve_weights(spec, "none") is None
    assert resolve_weights(spec, " None ") is None


def test_missing_weights_error_says_what_where_and_alternatives(keras_home: Path) -> None:
    spec = get_backbone("nasnet_mobile")
    with pytest.raises(MissingWeightsError) as info:
        resolve_weights(spec, "imagenet")
    text = str(info.value)
    assert isinstance(info.value, UserError)
    assert "nasnet_mobile_no_top.h5" in text
    assert "https://storage.googleapis.com/tensorflow/keras-applications/nasnet/" in text
    assert str(keras_home / "models" / "nasnet_mobile_no_top.h5") in text
    for alternative in ("--weights FILE", "--weights none", "efficientnet_lite0"):
        assert alternative in text


@pytest.mark.usefixtures("no_download")
def test_building_without_weights_never_downloads() -> None:
    with pytest.raises(MissingWeightsError, match="mobilenet_1_0_224_tf_no_top.h5"):
        build_classifier("mobilenet", 10, input_size=SIZE, weights="imagenet")


@pytest.mark.parametrize("name", ["nasnet_mobile_no_top.h5", "NASNet-mobile-no-top.h5"])
def test_cached_file_is_found_under_either_name(keras_home: Path, name: str) -> None:
    (keras_home / "models").mkdir(parents=True)
    cached = _fake_h5(keras_home / "models" / name)
    spec = get_backbone("nasnet_mobile")
    assert find_cached_weights(spec) == cached
    assert resolve_weights(spec, "imagenet") == str(cached)


def test_user_file_is_copied_where_keras_expects_it(tmp_path: Path, keras_home: Path) -> None:
    source = _fake_h5(tmp_path / "downloaded.bin")
    spec = get_backbone("densenet121")
    resolved = resolve_weights(spec, source)
    target = keras_home / "models" / "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5"
    assert resolved == str(target)
    assert target.read_bytes() == source.read_bytes()
    assert keras_cache_dir() == keras_home / "models"
    assert resolve_weights(spec, "imagenet") == str(target)  # found next time
    assert not list((keras_home / "models").glob("*.partial"))


def test_user_file_replaces_a_damaged_cached_copy(tmp_path: Path, keras_home: Path) -> None:
    spec = get_backbone("mobilenet_v2")
    expected = spec.weights_file()
    assert expected is not None
    (keras_home / "models").mkdir(parents=True)
    _fake_h5(keras_home / "models" / expected.cache_name, b"truncated")
    source = _fake_h5(tmp_path / "good.h5", b"the real thing")
    assert install_weights_file(spec, source).read_bytes() == source.read_bytes()


def test_non_hdf5_file_is_refused_clearly(tmp_path: Path, keras_home: Path) -> None:
    page = tmp_path / "mobilenet_1_0_224_tf_no_top.h5"
    page.write_text("<html>403 Forbidden</html>")
    assert not is_hdf5(page)
    with pytest.raises(WeightsFileError, match="not an HDF5 weights file"):
        resolve_weights(get_backbone("mobilenet"), page)
    assert not (keras_home / "models" / page.name).exists()


def test_missing_user_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WeightsFileError, match="not found"):
        resolve_weights(get_backbone("mobilenet"), str(tmp_path / "nope.h5"))


def test_signature_after_a_user_block_counts(tmp_path: Path) -> None:
    path = tmp_path / "block.h5"
    path.write_bytes(b"\0" * 512 + HDF5_SIGNATURE)
    assert is_hdf5(path)
    assert not is_hdf5(tmp_path / "absent.h5")


def test_lite0_brings_its_own_imagenet_weights() -> None:
    assert resolve_weights(get_backbone("efficientnet_lite0"), "imagenet") == "imagenet"


@pytest.mark.usefixtures("no_download")
def test_weights_file_is_loaded_into_the_backbone(tmp_path: Path, keras_home: Path) -> None:
    donor = keras.applications.MobileNet(include_top=False, weights=None, input_shape=(32, 32, 3))
    source = _legacy_h5(donor, tmp_path / "mobilenet.h5")

    parts = build_classifier("mobilenet", 5, input_size=SIZE, weights=source)
    for got, want in zip(parts.backbone.get_weights(), donor.get_weights(), strict=True):
        np.testing.assert_array_equal(got, want)
    assert (keras_home / "models" / "mobilenet_1_0_224_tf_no_top.h5").is_file()

    again = build_classifier("mobilenet", 5, input_size=SIZE)  # "imagenet", from the cache
    np.testing.assert_array_equal(again.backbone.get_weights()[0], donor.get_weights()[0])


def test_weights_for_another_model_are_a_user_error(tmp_path: Path) -> None:
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    source = _legacy_h5(other, tmp_path / "other.h5")
    with pytest.raises(WeightsFileError, match="MobileNet weights without the top"):
        build_classifier("mobilenet", 5, input_size=SIZE, weights=source)
