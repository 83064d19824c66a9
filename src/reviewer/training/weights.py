"""Find ImageNet weights for a backbone without ever downloading them.

Keras fetches pretrained weights on first use into ``$KERAS_HOME/models`` (default
``~/.keras/models``). This app may run offline, so it never lets Keras download:
:func:`resolve_weights` turns the user's choice into a local file path (or ``None``)
*before* any model is built, in this order:

1. ``weights="imagenet"``: the file Keras would have downloaded, if it is already in
   the Keras cache (under Keras' cache name or the name in the download URL);
2. ``weights=<path>``: a file the user points at. It must exist and be HDF5; it is
   copied into the Keras cache under the name Keras expects, so later runs (and plain
   Keras) find it there, and that copy is used;
3. otherwise :class:`MissingWeightsError`, which names the file, its URL, where to put
   it, and the alternatives.

``weights=None`` or ``"none"`` means random initialisation, on purpose.

The builder then loads the returned path into a backbone constructed with
``weights=None`` (see :func:`load_weights_file`), so no code path can reach the
network. Backbones that carry their own offline weights (EfficientNet-Lite0) have no
Keras download; for them ``"imagenet"`` is passed through unchanged.
"""

from __future__ import annotations

import filecmp
import importlib.util
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from reviewer.errors import UserError
from reviewer.training.backbone_facts import BackboneFacts

log = logging.getLogger(__name__)

#: What a user may pass as ``weights``: ``"imagenet"``, ``"none"``/``None``, or a file.
WeightsArg = str | os.PathLike[str] | None

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
# HDF5 allows a user block before the superblock: the signature then sits at
# 512, 1024, 2048... bytes. Keras' files have none; a few offsets cost nothing.
_SIGNATURE_OFFSETS = (0, 512, 1024, 2048, 4096, 8192)

OFFLINE_BACKBONE = "efficientnet_lite0"


class MissingWeightsError(UserError):
    """ImageNet weights are needed but not on this computer, and we will not download."""


class WeightsFileError(UserError):
    """A weights file exists but cannot be used: not HDF5, unreadable, or for another model."""


def keras_cache_dir() -> Path:
    """``$KERAS_HOME/models`` or ``~/.keras/models``, read now (not at Keras import)."""
    home = os.environ.get("KERAS_HOME")
    base = Path(home).expanduser() if home else Path.home() / ".keras"
    return base / "models"


def _fallback_cache_dir() -> Path:
    # Keras caches here when its home directory is not writable.
    return Path(tempfile.gettempdir()) / ".keras" / "models"


def is_hdf5(path: Path) -> bool:
    """Whether ``path`` starts (or, after a user block, continues) with the HDF5 signature."""
    try:
        with path.open("rb") as handle:
            for offset in _SIGNATURE_OFFSETS:
                handle.seek(offset)
                head = handle.read(len(HDF5_SIGNATURE))
                if len(head) < len(HDF5_SIGNATURE):
                    return False
                if head == HDF5_SIGNATURE:
                    return True
    except OSError:
        return False
    return False


def find_cached_weights(spec: BackboneFacts, input_size: int | None = None) -> Path | None:
    """The cached no-top ImageNet weights file for ``spec``, or ``None``."""
    expected = spec.weights_file(input_size)
    if expected is None:
        return None
    for directory in (keras_cache_dir(), _fallback_cache_dir()):
        for name in expected.names:
            candidate = directory / name
            if candidate.is_file() and candidate.stat().st_size > 0:
                return candidate
    return None


def has_imagenet_weights(spec: BackboneFacts, input_size: int | None = None) -> bool:
    """Whether ``spec`` can start from ImageNet weights on this computer without a
    download: its weights package is installed (Lite0/1/2), or the file Keras would
    download is in the Keras cache (put there by ``--weights FILE`` or by hand). Cheap:
    neither Keras nor the weights are loaded."""
    if spec.offline:
        if not spec.weights_package:
            return False
        module = spec.weights_package.replace("-", "_")
        try:
            return importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            return False
    return find_cached_weights(spec, input_size) is not None


def missing_weights_error(spec: BackboneFacts, input_size: int | None = None) -> MissingWeightsError:
    """The error that says which file is missing, where it comes from and where it goes."""
    expected = spec.weights_file(input_size)
    if expected is None:  # pragma: no cover - only Keras backbones have a download
        return MissingWeightsError(f"ImageNet weights for {spec.display_name} are missing.")
    target = keras_cache_dir() / expected.cache_name
    return MissingWeightsError(
        f"ImageNet weights for {spec.display_name} are not on this computer: "
        f"need {expected.cache_name}, downloaded from {expected.url}. "
        "Nothing is downloaded automatically.",
        hint=(
            f"Fetch {expected.url} on a machine with internet and put it at {target}, "
            f"or pass it with --weights FILE. Alternatives: --weights none trains "
            f"from scratch on purpose (much lower accuracy), or choose the "
            f"{OFFLINE_BACKBONE} backbone, whose ImageNet weights ship with the app."
        ),
    )


def _check_file(source: Path) -> Path:
    if not source.exists():
        raise WeightsFileError(
            f"Weights file not found: {source}",
            hint="Give the path of an .h5 weights file, 'imagenet', or 'none'.",
        )
    if not source.is_file():
        raise WeightsFileError(f"Not a file: {source}", hint="Give the .h5 file itself.")
    if not is_hdf5(source):
        raise WeightsFileError(
            f"{source} is not an HDF5 weights file (no HDF5 signature at its start).",
            hint="Keras ImageNet weights are .h5 files; an interrupted download or an "
            "HTML error page saved under that name looks like this. Fetch it again.",
        )
    return source.resolve()


def _copy_into(directory: Path, source: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    if target.exists() and (
        target.resolve() == source or filecmp.cmp(source, target, shallow=False)
    ):
        return target
    partial = directory / f".{name}.partial"
    shutil.copyfile(source, partial)
    os.replace(partial, target)  # atomic: Keras never sees half a file
    log.info("Copied %s to %s", source, target)
    return target


def install_weights_file(
    spec: BackboneFacts, source: str | os.PathLike[str], input_size: int | None = None
) -> Path:
    """Check a user-given weights file and copy it to where Keras expects it.

    An explicit file replaces whatever the cache held under that name: it is the only
    way a user can repair a damaged cached file. Returns the path to load.
    """
    checked = _check_file(Path(source).expanduser())
    expected = spec.weights_file(input_size)
    if expected is None:  # no Keras download to stand in for: load the file where it is
        return checked
    errors: list[str] = []
    for directory in (keras_cache_dir(), _fallback_cache_dir()):
        try:
            return _copy_into(directory, checked, expected.cache_name)
        except OSError as exc:
            errors.append(f"{directory}: {exc}")
    raise WeightsFileError(
        f"Could not copy {checked} into the Keras cache ({'; '.join(errors)}).",
        hint=f"Copy it yourself to {keras_cache_dir() / expected.cache_name}.",
    )


def _is_word(weights: WeightsArg, word: str) -> bool:
    return isinstance(weights, str) and weights.strip().lower() == word


def resolve_weights(
    spec: BackboneFacts, weights: WeightsArg = "imagenet", *, input_size: int | None = None
) -> str | None:
    """What to load into ``spec``'s backbone: a local file path, ``"imagenet"`` or ``None``.

    ``"imagenet"`` is returned only for backbones whose builder ships its own weights;
    for Keras backbones the result is always a local path (or ``None``), never a
    request to download. Raises :class:`MissingWeightsError` or
    :class:`WeightsFileError` for problems the user can fix.
    """
    if weights is None or _is_word(weights, "none"):
        return None
    if _is_word(weights, "imagenet"):
        if spec.weights_file(input_size) is None:
            return "imagenet"
        found = find_cached_weights(spec, input_size)
        if found is None:
            raise missing_weights_error(spec, input_size)
        return str(found)
    return str(install_weights_file(spec, weights, input_size))


def load_weights_file(model: Any, path: str, spec: BackboneFacts) -> None:
    """Load ``path`` into ``model`` (a backbone built with ``weights=None``)."""
    try:
        model.load_weights(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        expected = spec.weights_file()
        source = f" Get {expected.cache_name} from {expected.url}." if expected else ""
        raise WeightsFileError(
            f"{path} does not hold {spec.display_name} weights without the top layers "
            f"({type(exc).__name__}: {exc}).",
            hint=f"Replace or delete that file.{source}",
        ) from exc
