"""The HTML / CSV / JSON report of one run, from what the catalogue stores."""

from __future__ import annotations

from pathlib import Path

from reviewer.catalogue.db import Catalogue
from reviewer.training import runs
from reviewer.training.flip_tta import run_uses_tta
from reviewer.training.metrics import EvaluationMetrics
from reviewer.training.report import (
    confusion_to_csv,
    history_to_csv,
    metrics_to_csv,
    metrics_to_json,
    render_html_report,
)
from reviewer.training.run_readers import comparison, stored_metrics

SPLITS = ("validation", "test")


def run_evaluations(catalogue: Catalogue, run_id: int) -> dict[str, EvaluationMetrics]:
    found = {}
    for split in SPLITS:
        result = stored_metrics(catalogue, run_id, split)
        if result is not None:
            found[split] = result.metrics
    return found


def write_report(catalogue: Catalogue, run_id: int, folder: Path) -> Path:
    """Write report.html plus CSV/JSON tables into ``folder``; returns the HTML path."""
    folder.mkdir(parents=True, exist_ok=True)
    with catalogue.read() as session:
        info = runs.get_run(session, run_id)
    evaluations = run_evaluations(catalogue, run_id)
    settings = info.settings
    run_info = {
        "Run": f"{info.id} — {info.name}",
        "Backbone": info.backbone,
        "Status": info.status,
        "Device": info.device,
        "Epochs trained": str(info.epochs_done),
        "Wall time": f"{info.wall_seconds:.0f} s",
        "Learning rate": str(settings.get("learning_rate")),
        "Batch size": str(settings.get("batch_size")),
        "Input size": str(settings.get("input_size") or "backbone default"),
        "Weights": str(settings.get("weights")),
        "Augmentation": "on" if settings.get("augment") else "off",
        "Path": "cached frozen features" if settings.get("fast_path") else "full model",
        "Recipe": str(settings.get("recipe", "paper")),
        "Test-time augmentation": ("horizontal flip (mean of the picture and its mirror)"
                                   if run_uses_tta(settings) else "off"),
        "Categories": ", ".join(info.class_names),
    }
    history_to_csv(info.history, folder / "history.csv")
    for split, metrics in evaluations.items():
        metrics_to_csv(metrics, folder / f"{split}-classes.csv")
        confusion_to_csv(metrics, folder / f"{split}-confusion.csv")
        metrics_to_json(metrics, folder / f"{split}-metrics.json")
    return render_html_report(
        title=f"Run {info.id}: {info.name}",
        run_info=run_info,
        history=info.history,
        evaluations=evaluations,
        comparison=comparison(catalogue),
        path=folder / "report.html",
    )
