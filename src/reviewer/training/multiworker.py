"""Training across several machines with ``tf.distribute.MultiWorkerMirroredStrategy``.

Every worker runs the same ``reviewer train`` against the same catalogue (PostgreSQL,
shared) and the same feature store (a path every worker reads; the first worker to
take its lock fills it, the others wait and read). Gradients are all-reduced each step;
the chief (worker 0, or the task of type "chief") alone records the run, its
checkpoints and its model. The cluster comes from ``reviewer train --cluster
host:port,host:port --worker-index I`` or from a ``TF_CONFIG`` the user sets.

TensorFlow must learn about the cluster before it starts: :func:`configure` (called by
the command line before TensorFlow is imported) writes ``TF_CONFIG``, and
:func:`strategy` makes the one strategy of the process.
"""

from __future__ import annotations

import json
import os
from typing import Any

from reviewer.errors import UserError

_strategy: list[Any] = []


def configure(cluster: str, index: int) -> None:
    """Set ``TF_CONFIG`` from ``host:port,host:port`` and this worker's index."""
    hosts = [h.strip() for h in cluster.split(",") if h.strip()]
    bad = [h for h in hosts if not _host_port(h)]
    if len(hosts) < 2 or bad:
        raise UserError(f"--cluster {cluster!r} is not a list of at least two host:port.",
                        hint="Example: --cluster 10.0.0.1:12345,10.0.0.2:12345 --worker-index 0")
    if not 0 <= index < len(hosts):
        raise UserError(f"--worker-index {index} is not one of 0..{len(hosts) - 1}.",
                        hint="Give each machine its own index; 0 is the chief that records the run.")
    os.environ["TF_CONFIG"] = json.dumps(
        {"cluster": {"worker": hosts}, "task": {"type": "worker", "index": index}})


def _host_port(text: str) -> bool:
    host, _, port = text.rpartition(":")
    return bool(host) and port.isdigit() and 0 < int(port) < 65536


def tf_config() -> dict[str, Any] | None:
    """The parsed ``TF_CONFIG`` when it names more than one task, else None."""
    raw = os.environ.get("TF_CONFIG")
    if not raw:
        return None
    try:
        config = json.loads(raw)
        tasks = sum(len(v) for v in config["cluster"].values())
        config["task"]["type"], int(config["task"]["index"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"TF_CONFIG is not a valid cluster description ({exc}).",
                        hint='Example: {"cluster": {"worker": ["a:12345", "b:12345"]}, '
                             '"task": {"type": "worker", "index": 0}}') from exc
    return config if tasks > 1 else None


def is_chief() -> bool:
    """True unless this process is a non-chief worker of a cluster."""
    config = tf_config()
    if config is None:
        return True
    task = config["task"]
    if "chief" in config["cluster"]:
        return bool(task["type"] == "chief")
    return task["type"] == "worker" and int(task["index"]) == 0


def strategy() -> Any:
    """The process's MultiWorkerMirroredStrategy (made once; TensorFlow allows one)."""
    if not _strategy:
        import tensorflow as tf

        _strategy.append(tf.distribute.MultiWorkerMirroredStrategy())
        patch_keras_reduce()
    return _strategy[0]


def patch_keras_reduce() -> None:
    """Keras 3 (3.15) averages each step's logs across workers with
    ``strategy.reduce("MEAN", v, axis=0)``, which fails on the scalar losses and metrics
    (no axis 0); average them with ``axis=None``. Applied only under a cluster."""
    from keras.src import tree
    from keras.src.backend.tensorflow import trainer as tf_trainer

    original = tf_trainer.reduce_per_replica
    if getattr(original, "_reviewer_patched", False):
        return

    def reduce_per_replica(values: Any, strategy: Any, reduction: str) -> Any:
        if reduction in ("auto", "mean") and tf_trainer._collective_all_reduce_multi_worker(
                strategy):
            return tree.map_structure(lambda v: strategy.reduce("MEAN", v, axis=None), values)
        return original(values, strategy, reduction)

    reduce_per_replica._reviewer_patched = True  # type: ignore[attr-defined]
    tf_trainer.reduce_per_replica = reduce_per_replica
