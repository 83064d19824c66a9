"""MirroredStrategy over two logical CPU devices (in a fresh process: TensorFlow fixes
its devices at start-up)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from reviewer.catalogue.db import Catalogue


def test_training_with_mirrored_strategy_on_two_cpus(trainable: Catalogue) -> None:
    script = textwrap.dedent(f"""
        from reviewer.training.devices import split_cpu, choose_strategy
        split_cpu(2)
        from reviewer.catalogue.db import open_catalogue
        from reviewer.training.spec import TrainSpec
        from reviewer.training.trainer import train
        spec = TrainSpec(backbone="mobilenet", input_size=32, weights=None, epochs=1,
                         batch_size=8, views=1, devices=["/cpu:0", "/cpu:1"])
        strategy = choose_strategy(spec.devices)
        assert strategy.num_replicas_in_sync == 2, strategy
        result = train(open_catalogue({trainable.url!r}), spec)
        assert result.status == "finished", result
        print("replicas", strategy.num_replicas_in_sync, "epochs", len(result.history))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "replicas 2 epochs 1" in done.stdout
