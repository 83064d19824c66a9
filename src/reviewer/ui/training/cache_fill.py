"""The feature cache filled in the background after an import, so pressing Train starts
on a warm cache: ``training.cache_warming.warm_cache`` on a worker thread at idle
priority, for the default recipe and the default backbone. Resumable: the next import
(or the next start of a fill) continues where a cancelled one stopped. A training run
started meanwhile cancels it and fills the rest itself."""

from __future__ import annotations

from typing import Any

from reviewer.catalogue.db import Catalogue
from reviewer.ui.common.worker import Job, JobKind, Jobs

MIN_TRAIN_IMAGES = 200  # below this a training run fills its cache in moments anyway


def start_cache_fill(catalogue: Catalogue, jobs: Jobs, backbone: str, *,
                     min_images: int = MIN_TRAIN_IMAGES) -> Job | None:
    """Start the fill unless one (or a training) is running or the catalogue has fewer
    than ``min_images`` labelled training images; the job, or None."""
    from reviewer.training.recipe_timing import train_image_count

    if jobs.running(JobKind.CACHE_FILL) or jobs.running(JobKind.TRAINING):
        return None
    if train_image_count(catalogue) < min_images:
        return None

    def work(*, on_progress: Any, should_stop: Any) -> Any:
        from reviewer.training.cache_warming import lower_thread_priority, warm_cache

        lower_thread_priority()  # idle: the GUI and the user's own work come first
        return warm_cache(catalogue, backbone=backbone, on_progress=on_progress,
                          should_stop=should_stop)

    return jobs.start(JobKind.CACHE_FILL, work)


def stop_cache_fill(jobs: Jobs) -> None:
    job = jobs.running(JobKind.CACHE_FILL)
    if job is not None:
        job.cancel()
