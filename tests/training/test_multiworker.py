"""Two training workers (MultiWorkerMirroredStrategy, two processes on 127.0.0.1 started
with `reviewer train --cluster … --worker-index I`) give the run a single worker gives
with the same two replicas (MirroredStrategy over two logical CPUs in one process)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.training import multiworker, runs

# The paper's recipe with these overrides: the same TrainSpec as the one-worker run below
# (the default recipe adds its head-first stage and schedule, which one TrainSpec() lacks).
TRAIN_ARGS = ["--recipe", "paper", "--backbone", "mobilenet", "--input-size", "32", "--weights", "none",
              "--epochs", "2", "--batch-size", "6", "--views", "2", "--lr", "1e-3",
              "--dropout", "0", "--seed", "1", "--no-evaluate"]
TOLERANCE = 1e-4  # float all-reduce order: weights and losses agree to this (absolute)


def _free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TF_CONFIG"}
    env.update(PYTHONPATH=os.pathsep.join(sys.path), TF_CPP_MIN_LOG_LEVEL="2",
               CUDA_VISIBLE_DEVICES="")
    return env


def _weights(path: str) -> list[np.ndarray]:
    import keras

    return [np.asarray(w) for w in keras.saving.load_model(path, compile=False).get_weights()]


@pytest.mark.slow
def test_two_workers_train_the_run_one_worker_with_two_replicas_trains(
    trainable: Catalogue, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    cluster = ",".join(f"127.0.0.1:{p}" for p in _free_ports(2))
    reviewer = [sys.executable, "-m", "reviewer", "--catalogue", trainable.url, "train"]
    workers = [subprocess.Popen([*reviewer, *TRAIN_ARGS, "--cluster", cluster,
                                 "--worker-index", str(i)], env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
               for i in range(2)]
    outputs = [w.communicate(timeout=240)[0] for w in workers]
    for w, out in zip(workers, outputs, strict=True):
        assert w.returncode == 0, out[-3000:]
    assert "worker 0 records the run" in outputs[1]
    with trainable.read() as s:
        recorded = runs.list_runs(s)
    assert len(recorded) == 1, "only the chief records the run"
    two_workers = recorded[0]
    assert two_workers.status == "finished" and len(two_workers.history) == 2

    script = textwrap.dedent(f"""
        from reviewer.training.devices import split_cpu
        split_cpu(2)
        from reviewer.catalogue.db import open_catalogue
        from reviewer.training.spec import TrainSpec
        from reviewer.training.trainer import train
        spec = TrainSpec(backbone="mobilenet", input_size=32, weights=None, epochs=2,
                         batch_size=6, views=2, learning_rate=1e-3, dropout=0.0, seed=1,
                         devices=["/cpu:0", "/cpu:1"])
        result = train(open_catalogue({trainable.url!r}), spec)
        print("RUN", result.run_id, result.model_path)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=240, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    run_line = next(line for line in done.stdout.splitlines() if line.startswith("RUN "))
    with trainable.read() as s:
        one_worker = runs.get_run(s, int(run_line.split()[1]))
    folder = Path(trainable.directory)
    mine = _weights(str(folder / str(two_workers.model_path)))
    theirs = _weights(run_line.split()[2])
    assert len(mine) == len(theirs)
    worst = max(float(np.max(np.abs(a - b))) for a, b in zip(mine, theirs, strict=True))
    logs = [abs(a[k] - b[k]) for a, b in zip(two_workers.history, one_worker.history, strict=True)
            for k in ("loss", "accuracy", "val_loss", "val_accuracy")]
    assert max(logs) <= TOLERANCE, (worst, two_workers.history, one_worker.history)
    assert worst <= TOLERANCE, worst


def test_cluster_option_is_checked_before_tensorflow_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Recorded first, so the teardown removes what configure() writes into os.environ
    # (a TF_CONFIG left behind would turn every later training of the session into a
    # cluster's); delenv alone records nothing when the variable is absent.
    monkeypatch.setenv("TF_CONFIG", "")
    monkeypatch.delenv("TF_CONFIG")
    with pytest.raises(UserError, match="at least two host:port"):
        multiworker.configure("127.0.0.1:80", 0)
    with pytest.raises(UserError, match="not one of 0..1"):
        multiworker.configure("a:1,b:2", 2)
    multiworker.configure("a:1, b:2", 1)
    assert json.loads(os.environ["TF_CONFIG"]) == {
        "cluster": {"worker": ["a:1", "b:2"]}, "task": {"type": "worker", "index": 1}}
    assert not multiworker.is_chief()
    monkeypatch.setenv("TF_CONFIG", '{"cluster": {"worker": ["a:1"]}, "task": {"type": "worker", "index": 0}}')
    assert multiworker.tf_config() is None and multiworker.is_chief()  # one task: no cluster
    monkeypatch.setenv("TF_CONFIG", "{not json")
    with pytest.raises(UserError, match="TF_CONFIG is not a valid"):
        multiworker.tf_config()
