"""Import: scan → hash, decode and store in worker processes → write in small
transactions.

A failing file goes into the report and never stops the import. Each chunk is one
transaction and originals are stored atomically, so an import killed half-way and
run again finishes with a consistent catalogue (what was committed counts as
already there). Workers hash a file before decoding it: content the store has
already (a re-import) is not decoded again; if the catalogue does not have it
either (the killed import stored it but never committed it), the stored copy is
decoded here, in the main process.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from reviewer.catalogue.categories import (
    PAPER_CATEGORIES,
    ensure_categories,
    find_category,
    has_categories,
    now,
)
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.imaging import ImageFacts
from reviewer.catalogue.inspect_worker import AlreadyStored, Outcome, inspect_file, inspect_new
from reviewer.catalogue.labels import chunks
from reviewer.catalogue.schema import (
    Image,
    ImagePath,
    ImportIssue,
    LabelBatch,
    LabelEvent,
    Thumbnail,
)
from reviewer.catalogue.sources import Candidate, Scan, display_path, scan
from reviewer.catalogue.store import ImageStore
from reviewer.errors import NotFoundError, UserError

ProgressFn = Callable[[int, int, str], None]
StopFn = Callable[[], bool]
COMMIT_EVERY = 200
IN_PROCESS_BELOW = 64


@dataclass
class ImportOptions:
    actor: str
    layout: str = "auto"
    mapping: dict[str, str] = field(default_factory=dict)
    split: str | None = None
    add_categories: bool = False
    workers: int = 0  # 0: one per CPU


@dataclass
class ImportReport:
    import_id: str
    source: str
    scanned: int = 0
    added: int = 0
    already_present: int = 0
    new_paths: int = 0
    labelled: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    cancelled: bool = False

    @property
    def processed(self) -> int:
        return self.added + self.already_present + len(self.failures)

    def summary(self) -> str:
        parts = [f"{self.added} image(s) added"]
        if self.already_present:
            parts.append(f"{self.already_present} already in the catalogue (nothing added for them)")
        if self.failures:
            parts.append(f"{len(self.failures)} file(s) could not be imported")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflict(s) to review")
        text = "; ".join(parts) + "."
        if self.cancelled:
            text = "Cancelled: " + text + " Run the same import again to finish it."
        return text


def _results(
    candidates: list[Candidate], store_root: str, workers: int
) -> Iterator[tuple[str, Outcome]]:
    paths = [c.path for c in candidates]
    if len(paths) < IN_PROCESS_BELOW or workers == 1:
        for p in paths:
            yield inspect_file(p, store_root)
        return
    # spawn, not fork: the desktop app has Qt (and maybe TensorFlow) threads. A
    # spawned worker imports inspect_worker (Pillow, imaging, store) and the
    # parent's __main__ again, so both stay light (see reviewer.cli).
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        try:
            yield from pool.map(inspect_file, paths, [store_root] * len(paths), chunksize=8)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def run_import(
    catalogue: Catalogue,
    path: str | Path,
    options: ImportOptions,
    *,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    found: Scan | None = None,
) -> ImportReport:
    """Import ``path`` (a folder or a CSV manifest) into ``catalogue``; ``found``: an
    already checked scan of it (the listings import passes the rows it accepted)."""
    if options.split is not None and options.split not in ("train", "validation", "test"):
        raise UserError(f"Unknown split '{options.split}'.", hint="Use train, validation or test.")
    if found is None:
        found = scan(Path(path), layout=options.layout, mapping=options.mapping)
    report = ImportReport(import_id=uuid.uuid4().hex[:12], source=found.source)
    report.failures.extend(found.problems)
    report.scanned = len(found.candidates)
    label_ids = _prepare_categories(catalogue, found, options, report)
    by_path = {c.path: c for c in found.candidates}
    workers = options.workers or max(1, min(4, os.cpu_count() or 1))
    pending: list[tuple[Candidate, ImageFacts | AlreadyStored]] = []
    total = len(found.candidates)
    done = 0
    stream = _results(found.candidates, str(catalogue.store.root), workers)
    try:
        for file_path, outcome in stream:
            done += 1
            if isinstance(outcome, str):
                report.failures.append((display_path(file_path), outcome))
            else:
                pending.append((by_path[file_path], outcome))
            if len(pending) >= COMMIT_EVERY:
                _commit(catalogue, pending, label_ids, options, report)
                pending = []
            if on_progress is not None:
                on_progress(done, total, display_path(file_path))
            if should_stop is not None and should_stop():
                report.cancelled = done < total
                break
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    if pending:
        _commit(catalogue, pending, label_ids, options, report)
    _record_issues(catalogue, report)
    if report.added:
        from reviewer.catalogue.splits import assign_new_images

        assign_new_images(catalogue)
    return report


def _prepare_categories(
    catalogue: Catalogue, found: Scan, options: ImportOptions, report: ImportReport
) -> dict[str, int]:
    labels = sorted({c.label for c in found.candidates if c.label})
    with catalogue.write() as session:
        if not has_categories(session):
            initial = labels or list(PAPER_CATEGORIES)
            ensure_categories(session, initial)
            report.categories_created = list(initial)
            return ensure_categories(session, labels)
        known: dict[str, int] = {}
        unknown: list[str] = []
        for label in labels:
            try:
                known[label] = find_category(session, label).id
            except UserError:
                unknown.append(label)
        if unknown and not options.add_categories:
            counts = {u: sum(1 for c in found.candidates if c.label == u) for u in unknown}
            listed = ", ".join(f"'{u}' ({counts[u]} files)" for u in unknown)
            raise UserError(
                f"The import names categories this catalogue does not have: {listed}. "
                "Nothing was imported.",
                hint="Map them to existing ones (--map dress=jacket), or add them "
                "(--add-categories, or `reviewer categories add NAME`).",
            )
        if unknown:
            known.update(ensure_categories(session, unknown))
            report.categories_created = unknown
        return known


def _commit(
    catalogue: Catalogue,
    pending: list[tuple[Candidate, ImageFacts | AlreadyStored]],
    label_ids: dict[str, int],
    options: ImportOptions,
    report: ImportReport,
) -> None:
    with catalogue.write() as session:
        _write_chunk(session, pending, label_ids, options, report, catalogue.store)


def _decode_stored(store: ImageStore, cand: Candidate, marker: AlreadyStored) -> ImageFacts | str:
    """Facts for content the store has but the catalogue does not (an import killed
    between storing and committing): decode the stored copy."""
    try:
        data = store.get(marker.sha256)
    except NotFoundError:  # gone since the worker looked: read the original again
        try:
            with open(cand.path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            return f"cannot read the file: {exc.strerror or exc}"
    return inspect_new(data, store)


def _write_chunk(
    session: Session,
    pending: list[tuple[Candidate, ImageFacts | AlreadyStored]],
    label_ids: dict[str, int],
    options: ImportOptions,
    report: ImportReport,
    store: ImageStore,
) -> None:
    at = now()
    hashes = list({facts.sha256 for _, facts in pending})
    existing: dict[str, tuple[int, int | None, str | None]] = {}
    for part in chunks(hashes):  # type: ignore[arg-type]
        for row in session.execute(
            select(Image.sha256, Image.id, Image.category_id, Image.split).where(
                Image.sha256.in_(part)
            )
        ):
            existing[row.sha256] = (row.id, row.category_id, row.split)
    known_paths = _known_paths(session, [e[0] for e in existing.values()])
    names = {v: k for k, v in label_ids.items()}
    new_rows: list[dict[str, object]] = []
    new_by_hash: dict[str, tuple[Candidate, ImageFacts]] = {}
    relabel_existing: list[tuple[int, int]] = []
    extra_paths: list[dict[str, object]] = []
    for cand, outcome in pending:
        label_id = label_ids.get(cand.label) if cand.label else None
        split = options.split or cand.split
        shown = display_path(cand.path)
        if outcome.sha256 in new_by_hash:
            first, _ = new_by_hash[outcome.sha256]
            report.already_present += 1
            if first.label != cand.label:
                report.conflicts.append((shown, f"same image as {display_path(first.path)}, "
                                         f"which this import labels '{first.label}', but here "
                                         f"it is '{cand.label}'; kept '{first.label}'"))
            continue
        if outcome.sha256 in existing:
            image_id, current, current_split = existing[outcome.sha256]
            report.already_present += 1
            if shown not in known_paths.get(image_id, set()):
                extra_paths.append({"image_id": image_id, "path": shown, "seen_at": at})
                known_paths.setdefault(image_id, set()).add(shown)
                report.new_paths += 1
            if label_id is not None and current is None:
                relabel_existing.append((image_id, label_id))
            elif label_id is not None and current != label_id:
                report.conflicts.append((shown, f"already in the catalogue as image {image_id} "
                                         f"labelled '{_name(session, current)}', here "
                                         f"'{names.get(label_id, cand.label)}'; kept the "
                                         "catalogue's label"))
            if split and current_split and split != current_split:
                report.conflicts.append((shown, f"already in the catalogue in the {current_split} "
                                         f"split, here {split}; left in {current_split}"))
            continue
        if isinstance(outcome, AlreadyStored):
            decoded = _decode_stored(store, cand, outcome)
            if not isinstance(decoded, str) and decoded.sha256 != outcome.sha256:
                decoded = "the file changed while it was being imported; import it again"
            if isinstance(decoded, str):
                report.failures.append((shown, decoded))
                continue
            facts = decoded
        else:
            facts = outcome
        new_by_hash[facts.sha256] = (cand, facts)
        new_rows.append(
            {
                "sha256": facts.sha256,
                "pixel_hash": facts.pixel_hash,
                "file_name": Path(shown).name,
                "width": facts.width,
                "height": facts.height,
                "format": facts.format,
                "bytes": facts.n_bytes,
                "imported_at": at,
                "source": report.source,
                "listing_id": cand.listing_id,
                "seller_id": cand.seller_id,
                "declared_category": cand.declared_category,
                "title": cand.title,
                "split": split,
                "category_id": label_id,
                "unsure": False,
                "flagged": False,
                "version": 1,
            }
        )
    if not new_rows and not extra_paths and not relabel_existing:
        return
    ids: dict[str, int] = {}
    if new_rows:
        inserted = session.execute(
            insert(Image).returning(Image.id, Image.sha256, sort_by_parameter_order=True), new_rows
        )
        ids = {sha: image_id for image_id, sha in inserted}
        session.execute(
            insert(ImagePath),
            [
                {"image_id": ids[sha], "path": display_path(c.path), "seen_at": at}
                for sha, (c, _) in new_by_hash.items()
            ],
        )
        session.execute(
            insert(Thumbnail),
            [{"image_id": ids[sha], "data": f.thumbnail} for sha, (_, f) in new_by_hash.items()],
        )
    if extra_paths:
        session.execute(insert(ImagePath), extra_paths)
    labelled = [(ids[sha], label_ids[c.label]) for sha, (c, _) in new_by_hash.items() if c.label]
    _label_events(session, labelled, relabel_existing, options.actor, at)
    report.added += len(new_rows)
    report.labelled += len(labelled) + len(relabel_existing)


def _label_events(
    session: Session,
    new_labels: list[tuple[int, int]],
    existing_labels: list[tuple[int, int]],
    actor: str,
    at: object,
) -> None:
    if not new_labels and not existing_labels:
        return
    batch = LabelBatch(actor=actor, at=at, kind="import", source="import", undone=False,
                       redone=False, description="import")
    session.add(batch)
    session.flush()
    for image_id, label_id in existing_labels:
        session.execute(
            update(Image)
            .where(Image.id == image_id, Image.category_id.is_(None))
            .values(category_id=label_id, version=Image.version + 1)
        )
    session.execute(
        insert(LabelEvent),
        [
            {"batch_id": batch.id, "image_id": image_id, "old_category_id": None,
             "new_category_id": label_id, "old_unsure": False, "new_unsure": False,
             "actor": actor, "at": at, "source": "import"}
            for image_id, label_id in [*new_labels, *existing_labels]
        ],
    )


def _known_paths(session: Session, image_ids: list[int]) -> dict[int, set[str]]:
    known: dict[int, set[str]] = {}
    for part in chunks(image_ids):
        for image_id, p in session.execute(
            select(ImagePath.image_id, ImagePath.path).where(ImagePath.image_id.in_(part))
        ):
            known.setdefault(image_id, set()).add(p)
    return known


def _name(session: Session, category_id: int | None) -> str:
    from reviewer.catalogue.schema import Category

    if category_id is None:
        return "no category"
    return session.scalar(select(Category.name).where(Category.id == category_id)) or "?"


def _record_issues(catalogue: Catalogue, report: ImportReport) -> None:
    rows = [
        {"import_id": report.import_id, "path": p, "reason": r, "at": now()}
        for p, r in [*report.failures, *report.conflicts]
    ]
    if rows:
        with catalogue.write() as session:
            session.execute(insert(ImportIssue), rows)
