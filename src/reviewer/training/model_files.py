"""Model files a run may open, and the checks made before Keras reads one.

Two things make a model file dangerous even with Keras's safe mode on:

* A ``.keras`` file is a zip archive. A 3 MB file whose ``config.json`` inflates to 3 GB
  makes Keras allocate it all before safe mode gets to refuse anything, so the archive's
  directory is checked first: how many members, how large each JSON member and all of them
  together inflate to (the sizes come from the archive's own directory, and Python's zip
  reader never inflates a member past the size written there).
* ``runs.model_path`` lives in the catalogue. In a catalogue shared by a team, anyone who
  can write a row could point every colleague's app at any file on their computers. So a
  run's model is only opened from the catalogue's own file store (``Catalogue.directory``,
  links resolved); anything else is refused with a message naming the file, and opened
  only when the user points at it (``--model FILE`` on the command line).

New runs record their model relative to the store (``runs/7/model.keras``), so a SQLite
catalogue can be moved with its ``-files`` folder.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.training.runs import RunInfo

MAX_MEMBERS = 10_000  # a Keras 3 archive holds three or four
MAX_JSON_BYTES = 64 * 2**20  # config.json / metadata.json: a DenseNet121 config is ~0.3 MB
MAX_INFLATED_BYTES = 8 * 2**30  # all members together: NASNetLarge weights are ~0.4 GB


class ModelFileError(UserError):
    """A model file that is refused before it is read."""


def check_keras_archive(
    path: str | Path,
    *,
    max_members: int = MAX_MEMBERS,
    max_json_bytes: int = MAX_JSON_BYTES,
    max_inflated_bytes: int = MAX_INFLATED_BYTES,
) -> None:
    """Refuse a ``.keras`` archive whose directory promises too much, before reading it.

    Files that are not zip archives (``.h5``, SavedModel folders) pass unchanged: HDF5 is
    read lazily, dataset by dataset.
    """
    path = Path(path)
    if not path.is_file() or not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ModelFileError(f"The model file {path} is not a readable archive: {exc}") from exc
    if len(members) > max_members:
        raise ModelFileError(
            f"The model file {path} holds {len(members)} entries (a Keras model has a few); "
            "it was not opened.", hint="Use a model file saved by Keras.")
    total = 0
    for member in members:
        total += member.file_size
        if member.filename.endswith(".json") and member.file_size > max_json_bytes:
            raise ModelFileError(
                f"The model file {path} is refused: its {member.filename} inflates to "
                f"{member.file_size:,} bytes ({member.compress_size:,} stored), more than the "
                f"{max_json_bytes:,} any real model needs.",
                hint="It was crafted or damaged; use a model file saved by Keras.")
    if total > max_inflated_bytes:
        raise ModelFileError(
            f"The model file {path} is refused: it inflates to {total:,} bytes, more than "
            f"{max_inflated_bytes:,}.",
            hint="It was crafted or damaged; use a model file saved by Keras.")


def store_relative(catalogue: Catalogue, path: Path) -> str:
    """How a run records a model file kept in the store: relative to the store."""
    try:
        return str(path.resolve().relative_to(catalogue.directory.resolve()))
    except ValueError:
        return str(path)


def run_model_file(catalogue: Catalogue, info: RunInfo, model: str | Path | None = None) -> Path:
    """The model file of run ``info`` that may be opened.

    ``model`` is a file the user pointed at explicitly; it is used as given. Otherwise the
    run's recorded path must lie inside the catalogue's file store.
    """
    if model is not None:
        return Path(model).expanduser()
    if not info.model_path:
        raise UserError(f"Run {info.id} has no model ({info.status}).",
                        hint=f"Resume it first: `reviewer train --resume {info.id}`.")
    store = catalogue.directory.resolve()
    recorded = Path(info.model_path)
    candidate = (recorded if recorded.is_absolute() else store / recorded).resolve()
    if not candidate.is_relative_to(store):
        raise ModelFileError(
            f"Run {info.id} records its model as {info.model_path}, outside this catalogue's "
            f"file store {store}; it was not opened.",
            hint="Someone with write access to the catalogue may have changed it. If you trust "
            "that file, point at it yourself: --model FILE (evaluate, predict, export-model).")
    return candidate
