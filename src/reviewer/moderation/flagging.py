"""From a listing's scored photos to its flags: plain data in, plain data out, so the
rules can be tested without a model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reviewer.moderation.rules import Rules


@dataclass(frozen=True)
class RaisedFlag:
    kind: str
    score: float
    details: dict[str, Any]


@dataclass
class ListingEvidence:
    """What the scorer learnt about one listing."""

    declared: str
    class_names: list[str]
    probs: np.ndarray | None  # photos' probabilities averaged; None: no photo scored
    unreadable: list[str] = field(default_factory=list)  # why photos could not be scored
    quality: list[tuple[int, list[str]]] = field(default_factory=list)  # (image id, problems)
    duplicates: list[dict[str, Any]] = field(default_factory=list)  # other sellers' copies


def declared_index(declared: str, class_names: list[str]) -> int | None:
    folded = {name.casefold(): i for i, name in enumerate(class_names)}
    return folded.get(declared.strip().casefold())


def top3(probs: np.ndarray, class_names: list[str]) -> list[tuple[str, float]]:
    order = np.argsort(-probs, kind="stable")[:3]
    return [(class_names[i], float(probs[i])) for i in order]


def raise_flags(ev: ListingEvidence, rules: Rules, mismatch_threshold: float) -> list[RaisedFlag]:
    flags: list[RaisedFlag] = []
    if ev.probs is not None:
        probs = ev.probs
        best = int(probs.argmax())
        d = declared_index(ev.declared, ev.class_names)
        if d is not None and best != d and 1.0 - probs[d] >= mismatch_threshold:
            flags.append(RaisedFlag("category_mismatch", float(1.0 - probs[d]), {
                "declared": ev.declared, "declared_probability": float(probs[d]),
                "predicted": ev.class_names[best], "predicted_probability": float(probs[best]),
                "threshold": mismatch_threshold}))
        if float(probs[best]) < rules.not_a_product_below:
            flags.append(RaisedFlag("not_a_product", float(1.0 - probs[best]), {
                "max_probability": float(probs[best]), "most_likely": ev.class_names[best],
                "below": rules.not_a_product_below}))
    if ev.duplicates:
        closest = min(d["distance"] for d in ev.duplicates)
        flags.append(RaisedFlag("duplicate_photo", 1.0 - closest / 64.0,
                                {"copies": ev.duplicates[:20]}))
    problems = [(i, p) for i, p in ev.quality if p]
    if problems or ev.unreadable:
        share = (len(problems) + len(ev.unreadable)) / max(1, len(ev.quality) + len(ev.unreadable))
        flags.append(RaisedFlag("low_quality", share, {
            "photos": [{"image_id": i, "problems": p} for i, p in problems],
            "unreadable": ev.unreadable}))
    return flags


def describe(kind: str, details: dict[str, Any]) -> str:
    """A flag in words, as a moderator reads it."""
    if kind == "category_mismatch":
        return (f"declared {details.get('declared')}; the photo looks like "
                f"{details.get('predicted')}, {details.get('predicted_probability', 0):.0%} "
                f"({details.get('declared')}: {details.get('declared_probability', 0):.0%})")
    if kind == "not_a_product":
        return (f"no category is likely (best: {details.get('most_likely')}, "
                f"{details.get('max_probability', 0):.0%})")
    if kind == "duplicate_photo":
        copies = details.get("copies", [])
        if not copies:
            return "the photo is also on another seller's listing"
        first = copies[0]
        more = f" and {len(copies) - 1} more" if len(copies) > 1 else ""
        same = "the same photo" if first.get("distance") == 0 else "a near-identical photo"
        return (f"{same} is on listing {first.get('listing_id')} of seller "
                f"{first.get('seller_id')}{more}")
    if kind == "low_quality":
        parts = [p for photo in details.get("photos", []) for p in photo.get("problems", [])]
        parts += [f"unreadable: {u}" for u in details.get("unreadable", [])]
        return "low quality: " + "; ".join(parts[:3])
    if kind == "reported":
        return f"reported by a user: {details.get('reason', '')}"
    return kind
