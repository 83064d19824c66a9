"""Where training runs: GPU when present (mixed precision on request), else CPU with a
notice; several devices through tf.distribute.MirroredStrategy."""

from __future__ import annotations

import tensorflow as tf


def describe_device() -> str:
    """"GPU: <name>" (or "N GPUs: <name>") when TensorFlow sees one, else "CPU only"."""
    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "CPU only"
    try:
        name = tf.config.experimental.get_device_details(gpus[0]).get("device_name", gpus[0].name)
    except (RuntimeError, ValueError):
        name = gpus[0].name
    return f"GPU: {name}" if len(gpus) == 1 else f"{len(gpus)} GPUs: {name}"


def has_gpu() -> bool:
    return bool(tf.config.list_physical_devices("GPU"))


def choose_strategy(devices: list[str] | None = None) -> tf.distribute.Strategy:
    """MirroredStrategy over the given devices, or over all GPUs when there are
    several; MultiWorkerMirroredStrategy when ``TF_CONFIG`` names a cluster; otherwise
    the default (single-device) strategy."""
    from reviewer.training import multiworker

    if multiworker.tf_config() is not None:
        return multiworker.strategy()
    if devices and len(devices) > 1:
        return tf.distribute.MirroredStrategy(devices=devices)
    if len(tf.config.list_logical_devices("GPU")) > 1:
        return tf.distribute.MirroredStrategy()
    return tf.distribute.get_strategy()


def split_cpu(n: int) -> None:
    """Make ``n`` logical CPU devices (must run before TensorFlow starts using devices)."""
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(n)]
    )
