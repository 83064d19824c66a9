"""Heat maps, calibration and the map on real tiny runs, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage
from sqlalchemy import select

from reviewer.analysis.calibration import calibrate_run
from reviewer.analysis.explain import RunExplainer
from reviewer.analysis.temperature import model_temperature, run_temperature
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Image
from reviewer.cli import main
from reviewer.training.export_model import export_run
from reviewer.training.run_readers import cell_images, stored_metrics
from reviewer.training.scorer import Scorer
from reviewer.training.spec import TrainSpec
from reviewer.training.trainer import train
from tests.conftest import TrainedTemplate, copying_fixtures, train_template


def _spec(**kw: object) -> TrainSpec:
    values: dict[str, object] = dict(backbone="mobilenet", input_size=64, weights=None,
                                     epochs=2, batch_size=8, learning_rate=1e-3, views=2,
                                     seed=1)
    values.update(kw)
    return TrainSpec(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> TrainedTemplate:
    """The tiny catalogue with one fast-path run, trained once for the module."""
    return train_template(tmp_path_factory.mktemp("analysis"), [_spec()])


trainable, cache = copying_fixtures()  # each test's own copy of the template


@pytest.fixture
def fast_run(template: TrainedTemplate, trainable: Catalogue) -> int:
    (result,) = template.results
    assert result.frozen_count > 1  # trained on the fast path: cached prefix, trained tail
    return int(result.run_id)


def _image_ids(catalogue: Catalogue) -> list[int]:
    with catalogue.read() as session:
        return [int(i) for i in session.scalars(select(Image.id).order_by(Image.id))]


def test_explain_cli_on_a_fast_path_run(
    trainable: Catalogue, fast_run: int, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = trainable.url
    image_id = _image_ids(trainable)[0]
    out = tmp_path / "heat.png"
    assert main(["--catalogue", url, "explain", str(fast_run), str(image_id), "--out",
                 str(out), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["image_id"] == image_id and shown["true"] in ("hat", "shoes", "bag")
    roles = [m["role"] for m in shown["maps"]]
    assert roles in (["predicted and true"], ["predicted", "true"])
    picture = PILImage.open(out)
    assert picture.width == 320 * (1 + len(roles))
    # a class asked for by name; an unknown one is refused with the run's categories
    assert main(["--catalogue", url, "explain", str(fast_run), str(image_id), "--class", "bag",
                 "--out", str(out)]) == 0
    assert "asked: bag" in capsys.readouterr().out
    assert main(["--catalogue", url, "explain", str(fast_run), str(image_id), "--class",
                 "jacket", "--out", str(out)]) == 2
    assert "Its categories: bag, hat, shoes" in capsys.readouterr().err


def test_a_fully_fine_tuned_run_is_explained_too(trainable: Catalogue) -> None:
    run_id = train(trainable, _spec(frozen_layers=0, fast_path=False, epochs=1)).run_id
    explainer = RunExplainer(trainable, run_id)
    explanation = explainer.explain(_image_ids(trainable)[3])
    assert explanation.maps and explanation.pixels.shape == (64, 64, 3)
    for m in explanation.maps:
        assert m.map.values.shape == (64, 64)
        assert 0 <= m.probability <= 1


def test_calibration_is_stored_and_applied_everywhere(
    trainable: Catalogue, fast_run: int, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = trainable.url
    assert run_temperature(trainable, fast_run) == 1.0
    assert main(["--catalogue", url, "calibration", str(fast_run), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    t = body["temperature"]
    assert t > 0 and set(body["splits"]) == {"validation", "test"}
    validation = body["splits"]["validation"]
    assert validation["ece_after"] <= validation["ece_before"] + 1e-6  # fitted there
    assert len(validation["reliability_before"]) == 15
    assert run_temperature(trainable, fast_run) == pytest.approx(t)
    # the scorer (predict, moderation) and the stored evaluations use it
    scorer = Scorer.for_run(trainable, fast_run, backend="keras")
    assert scorer.temperature == pytest.approx(t)
    pixels = np.random.default_rng(0).uniform(0, 255, (2, 64, 64, 3)).astype(np.float32)
    raw = np.asarray(scorer.model(pixels, training=False))
    calibrated = scorer.predict_batch(pixels)
    expected = raw ** (1 / t) / (raw ** (1 / t)).sum(1, keepdims=True)
    np.testing.assert_allclose(calibrated, expected, rtol=1e-4, atol=1e-6)
    latest = stored_metrics(trainable, fast_run, "test")
    assert latest is not None
    images = [i for t_ in range(3) for p in range(3)
              for i in cell_images(trainable, latest.evaluation_id, t_, p)]
    assert len(images) == 6
    # the export carries it
    exported = export_run(trainable, "keras", tmp_path / "export", run_id=fast_run)
    card = json.loads((exported.parent / "model.json").read_text())
    assert card["output"]["temperature"] == pytest.approx(t)
    assert model_temperature(exported) == pytest.approx(t)


def test_calibration_refuses_a_run_without_validation_images(
    trainable: Catalogue, fast_run: int
) -> None:
    from sqlalchemy import delete

    from reviewer.catalogue.schema import RunImage
    from reviewer.errors import UserError

    with trainable.write() as session:
        session.execute(delete(RunImage).where(RunImage.run_id == fast_run,
                                               RunImage.split == "validation"))
    with pytest.raises(UserError, match="validation"):
        calibrate_run(trainable, fast_run)
