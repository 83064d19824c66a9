"""Evaluation, confusion cells, reports and the training command line on a tiny run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.queries import ImageFilter, page_images
from reviewer.cli import main
from reviewer.training.evaluate import evaluate_run
from reviewer.training.run_readers import cell_images, comparison, run_flips
from reviewer.training.run_report import write_report
from tests.conftest import (
    TrainedTemplate,
    fill_trainable,
    template_copy,
    tiny_train_spec,
    train_template,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> TrainedTemplate:
    """The tiny catalogue with the tiny spec's run, trained once for the module."""
    return train_template(tmp_path_factory.mktemp("evaluate_cli"), [tiny_train_spec()])


@pytest.fixture
def trainable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Catalogue]:
    """A copy of the template for the tests that read its run; a fresh catalogue with no
    run for those that train their own (they expect run 1)."""
    if "trained" in request.fixturenames:
        yield from template_copy(request.getfixturevalue("template"), tmp_path)
        return
    catalogue = fill_trainable(open_catalogue(str(tmp_path / "catalogue.sqlite")), tmp_path)
    yield catalogue
    catalogue.close()


@pytest.fixture
def trained(template: TrainedTemplate, trainable: Catalogue) -> int:
    (run_id,) = template.run_ids
    return run_id


def test_evaluation_stores_one_prediction_per_image_and_cells_add_up(
    trainable: Catalogue, trained: int
) -> None:
    result = evaluate_run(trainable, trained, "test")
    m = result.metrics
    assert sum(sum(row) for row in m.confusion) == 6  # 2 test images per class
    cells = {
        (t, p): cell_images(trainable, result.evaluation_id, t, p)
        for t in range(3) for p in range(3)
    }
    assert sum(len(v) for v in cells.values()) == 6
    for (t, p), images in cells.items():
        assert len(images) == m.confusion[t][p]
        assert all(0.0 <= i.confidence <= 1.0 and i.top[0][0] == p for i in images)
        # The grid's confusion-cell filter shows exactly these images.
        with trainable.read() as s:
            rows = page_images(s, ImageFilter(cell=(result.evaluation_id, t, p)))
        assert sorted(r.id for r in rows) == sorted(i.image_id for i in images)
    again = evaluate_run(trainable, trained, "test")
    flips = run_flips(trainable, result.evaluation_id, again.evaluation_id)
    assert flips["fixed"] == [] and flips["broken"] == []
    table = comparison(trainable)
    assert table[0].run_id == trained and table[0].test_accuracy == m.accuracy


def test_report_is_written(trainable: Catalogue, trained: int, tmp_path: Path) -> None:
    evaluate_run(trainable, trained, "validation")
    html = write_report(trainable, trained, tmp_path / "report")
    text = html.read_text(encoding="utf-8")
    assert "data:image/png;base64," in text and "shoes" in text
    assert (tmp_path / "report" / "validation-classes.csv").exists()


def test_train_runs_evaluate_report_commands(
    trainable: Catalogue, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = trainable.url
    code = main(["--catalogue", url, "train", "--backbone", "mobilenet", "--input-size", "32",
                 "--weights", "none", "--epochs", "1", "--batch-size", "8", "--views", "2"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Run 1: finished" in out and "test accuracy" in out and "report.html" in out
    assert main(["--catalogue", url, "runs", "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert runs["runs"][0]["status"] == "finished"
    assert runs["comparison"][0]["test_accuracy"] is not None
    assert main(["--catalogue", url, "evaluate", "1", "--split", "validation", "--json"]) == 0
    ev = json.loads(capsys.readouterr().out)
    assert len(ev["confusion"]) == 3 and "per_class" in ev
    assert main(["--catalogue", url, "report", "1", "--out", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "report.html").exists()


def test_missing_weights_is_a_message_not_a_traceback(
    trainable: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--catalogue", trainable.url, "train", "--backbone", "mobilenet",
                 "--epochs", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert "mobilenet_1_0_224_tf_no_top.h5" in err and "--weights" in err
    assert "Traceback" not in err


def test_train_ensemble_and_train_from_mistakes_are_messages(
    trainable: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--catalogue", trainable.url, "train", "--backbone", "mobilenet",
                 "--weights", "none", "--ensemble"])
    err = capsys.readouterr().err
    assert code == 2 and "two or more backbones" in err and "Traceback" not in err
    code = main(["--catalogue", trainable.url, "train", "--backbone", "mobilenet",
                 "--input-size", "32", "--weights", "none", "--train-from", "block9z"])
    err = capsys.readouterr().err
    assert code == 2 and "no layer whose name starts with 'block9z'" in err
    assert "Traceback" not in err


def test_predict_and_export_model_commands(
    trainable: Catalogue, trained: int, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    make_image,  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "incoming"
    make_image(folder / "a.png", fmt="PNG", color=(220, 40, 40), size=(40, 40))
    (folder / "broken.jpg").write_bytes(b"not an image")
    code = main(["--catalogue", trainable.url, "predict", str(trained), str(folder),
                 "--backend", "keras", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # one file could not be scored
    by_name = {Path(r["file"]).name: r for r in out["results"]}
    assert by_name["a.png"]["predicted"] in ("bag", "hat", "shoes")
    assert by_name["broken.jpg"]["error"]
    code = main(["--catalogue", trainable.url, "export-model", str(trained),
                 str(tmp_path / "export"), "--format", "keras"])
    assert code == 0
    assert (tmp_path / "export" / "labels.txt").read_text().split() == ["bag", "hat", "shoes"]
