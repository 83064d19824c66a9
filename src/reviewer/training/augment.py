"""The paper's augmentation (rotation, shift, shear, zoom, horizontal flip) as one
random affine transform per image, drawn from a stateless seed: the same (image,
view) always gives the same picture, which is what lets the frozen-feature cache
store augmented views."""

from __future__ import annotations

import math
from dataclasses import dataclass

import tensorflow as tf


@dataclass(frozen=True)
class Augmentation:
    rotation_degrees: float = 20.0
    shift: float = 0.2  # fraction of the side
    shear_degrees: float = 11.0  # Keras' shear_range=0.2 rad ≈ 11.5°
    zoom: float = 0.2  # zoom in [1 - zoom, 1 + zoom]
    horizontal_flip: bool = True

    def key(self) -> str:
        return (f"rot{self.rotation_degrees}-shift{self.shift}-shear{self.shear_degrees}"
                f"-zoom{self.zoom}-flip{int(self.horizontal_flip)}")


def transform_for(seed: tf.Tensor, size: int, aug: Augmentation) -> tf.Tensor:
    """An 8-vector projective transform (output → input pixel), ``seed`` shape [2]."""
    u = tf.random.stateless_uniform([6], seed=seed, minval=-1.0, maxval=1.0)
    theta = u[0] * aug.rotation_degrees * math.pi / 180.0
    shear = u[1] * aug.shear_degrees * math.pi / 180.0
    zoom = 1.0 + u[2] * aug.zoom
    tx = u[3] * aug.shift * size
    ty = u[4] * aug.shift * size
    flip = tf.where(tf.logical_and(aug.horizontal_flip, u[5] > 0.0), -1.0, 1.0)
    c = (size - 1) / 2.0
    cos, sin = tf.cos(theta), tf.sin(theta)
    sh = tf.tan(shear)
    # Inverse map (output → input) about the centre: rotation, then shear
    # (x' = x + tan(shear)·y), over the zoom, mirrored when flipped.
    m00 = flip * cos / zoom
    m01 = flip * (cos * sh - sin) / zoom
    m10 = sin / zoom
    m11 = (sin * sh + cos) / zoom
    b0 = c - m00 * c - m01 * c - tx
    b1 = c - m10 * c - m11 * c - ty
    return tf.stack([m00, m01, b0, m10, m11, b1, 0.0, 0.0])


def apply_transform(image: tf.Tensor, transform: tf.Tensor) -> tf.Tensor:
    """Warp one HxWx3 float image; pixels from outside repeat the nearest edge."""
    out = tf.raw_ops.ImageProjectiveTransformV3(
        images=image[tf.newaxis],
        transforms=transform[tf.newaxis],
        output_shape=tf.shape(image)[:2],
        fill_value=0.0,
        interpolation="BILINEAR",
        fill_mode="NEAREST",
    )
    return out[0]


def augment(image: tf.Tensor, seed: tf.Tensor, aug: Augmentation) -> tf.Tensor:
    size = image.shape[0]
    assert size is not None
    return apply_transform(image, transform_for(seed, size, aug))
