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

import contextlib
import multiprocessing
import os
import signal
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain, islice
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
from reviewer.catalogue.inspect_worker import (
    DEFAULT_MAX_FILE_BYTES,
    AlreadyStored,
    Outcome,
    inspect_file,
    inspect_files,
    inspect_new,
    read_bounded,
    worker_started,
)
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
from reviewer.progress import ProgressFn, StopFn

COMMIT_EVERY = 200
IN_PROCESS_BELOW = 64
WORKER_BATCH = 8  # files per worker task
IN_FLIGHT_PER_WORKER = 4  # tasks queued per worker: bounded memory, workers never idle


@dataclass
class ImportOptions:
    actor: str
    layout: str = "auto"
    mapping: dict[str, str] = field(default_factory=dict)
    split: str | None = None
    add_categories: bool = False
    workers: int = 0  # 0: one per CPU
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES  # larger files are refused unread
    follow_links: bool = False  # also read files outside the import root (see sources)


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
    warnings: list[tuple[str, str]] = field(default_factory=list)  # said; nothing refused
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
        if self.warnings:
            parts.append(f"{len(self.warnings)} note(s)")
        text = "; ".join(parts) + "."
        if self.cancelled:
            text = "Cancelled: " + text + " Run the same import again to finish it."
        return text


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Block SIGINT in this thread while the pool may spawn a worker: the worker
    inherits the mask, so a Ctrl-C during its start-up (before its initializer
    ignores SIGINT) cannot kill it half-way. A Ctrl-C meanwhile stays pending here
    (or goes to another thread) and is handled as usual."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class _Pipeline:
    """Candidates in, ``(candidate, outcome)`` out, in order, with a bounded number of
    files in flight (a 300,000-row manifest is never held whole).

    Small imports run here; larger ones in a pool of spawned worker processes
    (spawn, not fork: the desktop app has Qt and maybe TensorFlow threads). Workers
    ignore Ctrl-C and die with this process. ``close()`` lets the files in flight
    finish; ``abort()`` (a second Ctrl-C, an error) kills the workers at once, so
    the pool always shuts down.
    """

    def __init__(self, candidates: Iterator[Candidate], store_root: str, workers: int,
                 max_bytes: int) -> None:
        self.candidates = candidates
        self.store_root = store_root
        self.workers = workers
        self.max_bytes = max_bytes
        self.pool: ProcessPoolExecutor | None = None

    def __iter__(self) -> Iterator[tuple[Candidate, Outcome]]:
        first = list(islice(self.candidates, IN_PROCESS_BELOW))
        if len(first) < IN_PROCESS_BELOW or self.workers == 1:
            for cand in chain(first, self.candidates):
                yield cand, inspect_file(cand.path, self.store_root, self.max_bytes)[1]
            return
        # A spawned worker imports inspect_worker (Pillow, imaging, store) and the
        # parent's __main__ again, so both stay light (see reviewer.cli).
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=worker_started, initargs=(os.getpid(),),
        )
        rest = chain(first, self.candidates)
        in_flight: deque[tuple[list[Candidate], Future[list[Outcome]]]] = deque()
        while True:
            while len(in_flight) < self.workers * IN_FLIGHT_PER_WORKER:
                batch = list(islice(rest, WORKER_BATCH))
                if not batch:
                    break
                with _sigint_blocked():  # a worker spawned now starts with Ctrl-C blocked
                    future = self.pool.submit(inspect_files, [c.path for c in batch],
                                              self.store_root, self.max_bytes)
                in_flight.append((batch, future))
            if not in_flight:
                return
            batch, future = in_flight.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                raise UserError(
                    "An import worker process died (out of memory, or killed); the files "
                    "already committed are kept.",
                    hint="Run the same import again to finish it; try --workers 1 if it "
                    "happens again.",
                ) from None
            yield from zip(batch, outcomes, strict=True)

    def close(self) -> None:
        """Let the files in flight finish, then stop the workers."""
        if self.pool is not None:
            try:
                self.pool.shutdown(wait=True, cancel_futures=True)
            except BaseException:
                self.abort()
                raise

    def abort(self) -> None:
        """Stop now: kill the workers (never wait on them), drop what is queued."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        # The executor keeps its processes in a private dict; killing them is the
        # one way to be sure none keeps running (or keeps a Ctrl-C'd parent waiting).
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)


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
    if options.workers < 0:
        raise UserError(f"--workers takes 0 (one per CPU) or more, got {options.workers}.")
    if options.max_file_bytes < 1:
        raise UserError("The file size limit must be at least 1 byte.",
                        hint="Give --max-file-size in MB, for example 100.")
    if found is None:
        found = scan(Path(path), layout=options.layout, mapping=options.mapping,
                     follow_links=options.follow_links)
    report = ImportReport(import_id=uuid.uuid4().hex[:12], source=found.source)
    report.failures.extend(found.problems)
    report.warnings.extend(found.warnings)
    report.scanned = found.total
    label_ids = _prepare_categories(catalogue, found, options, report)
    workers = options.workers or max(1, min(4, os.cpu_count() or 1))
    pending: list[tuple[Candidate, ImageFacts | AlreadyStored]] = []
    total = found.total
    done = 0
    pipeline = _Pipeline(found.candidates(), str(catalogue.store.root), workers,
                         options.max_file_bytes)
    try:
        for cand, outcome in pipeline:
            done += 1
            if isinstance(outcome, str):
                report.failures.append((display_path(cand.path), outcome))
            else:
                pending.append((cand, outcome))
            if len(pending) >= COMMIT_EVERY:
                _commit(catalogue, pending, label_ids, options, report)
                pending = []
            if on_progress is not None:
                on_progress(done, total, display_path(cand.path))
            if should_stop is not None and should_stop():
                report.cancelled = done < total
                break
    except BaseException:
        pipeline.abort()
        raise
    pipeline.close()
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
    labels = sorted(found.labels)
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
            listed = ", ".join(f"'{u}' ({found.labels[u]} files)" for u in unknown)
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


def _decode_stored(
    store: ImageStore, cand: Candidate, marker: AlreadyStored,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> ImageFacts | str:
    """Facts for content the store has but the catalogue does not (an import killed
    between storing and committing): decode the stored copy."""
    try:
        data = store.get(marker.sha256)
    except NotFoundError:  # gone since the worker looked: read the original again
        again = read_bounded(cand.path, max_bytes)
        if isinstance(again, str):
            return again
        data = again
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
            decoded = _decode_stored(store, cand, outcome, options.max_file_bytes)
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
