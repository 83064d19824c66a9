"""Flag rules as data: a small TOML document the moderators' lead edits.

The defaults ship as ``default_rules.toml``; a catalogue stores its own copy in
``catalogue_settings`` (key ``moderation.rules``), so every moderator and every
scorer process of a shared catalogue reads the same rules.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from reviewer.catalogue.schema import Setting
from reviewer.errors import UserError

SETTING_KEY = "moderation.rules"


def default_rules_text() -> str:
    return resources.files("reviewer.moderation").joinpath("default_rules.toml").read_text("utf-8")


@dataclass(frozen=True)
class Rules:
    mismatch_threshold: float = 0.9
    not_a_product_below: float = 0.35
    duplicate_distance: int = 4
    min_side: int = 160
    min_sharpness: float = 12.0
    min_contrast: float = 6.0
    priorities: dict[str, float] = field(default_factory=dict)
    remove_reasons: tuple[str, ...] = ()
    claim_minutes: float = 5.0
    text: str = ""

    def priority(self, kind: str) -> float:
        return self.priorities.get(kind, 1.0)


def _number(doc: dict[str, Any], table: str, key: str, default: float, lo: float,
            hi: float) -> float:
    value = doc.get(table, {}).get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UserError(f"Rule [{table}] {key} must be a number, not {value!r}.",
                        hint="Fix the rules file and store it again.")
    if not lo <= value <= hi:
        raise UserError(f"Rule [{table}] {key} = {value} is out of range [{lo}, {hi}].",
                        hint="Fix the rules file and store it again.")
    return float(value)


def parse_rules(text: str) -> Rules:
    """Rules from TOML text; a clear message for a malformed or out-of-range value."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"The moderation rules are not valid TOML: {exc}.",
                        hint="Start from `reviewer moderate rules` (it prints the rules in force).") from exc
    known = {"category_mismatch", "not_a_product", "duplicate_photo", "low_quality", "reported",
             "decisions"}
    unknown = sorted(set(doc) - known)
    if unknown:
        raise UserError(f"Unknown rule section(s): {', '.join(unknown)}.",
                        hint=f"Known sections: {', '.join(sorted(known))}.")
    priorities = {kind: _number(doc, kind, "priority", 1.0, 0.0, 1000.0)
                  for kind in known - {"decisions"}}
    reasons = doc.get("decisions", {}).get("remove_reasons", [])
    if not isinstance(reasons, list) or not all(isinstance(r, str) and r.strip() for r in reasons):
        raise UserError("Rule [decisions] remove_reasons must be a list of non-empty texts.")
    if len(reasons) > 9:
        raise UserError("At most 9 remove reasons (one key each, 1-9).")
    return Rules(
        mismatch_threshold=_number(doc, "category_mismatch", "threshold", 0.9, 0.0, 1.0),
        not_a_product_below=_number(doc, "not_a_product", "max_probability_below", 0.35, 0.0, 1.0),
        duplicate_distance=int(_number(doc, "duplicate_photo", "max_hash_distance", 4, 0, 64)),
        min_side=int(_number(doc, "low_quality", "min_side", 160, 0, 100000)),
        min_sharpness=_number(doc, "low_quality", "min_sharpness", 12.0, 0.0, 1e9),
        min_contrast=_number(doc, "low_quality", "min_contrast", 6.0, 0.0, 255.0),
        priorities=priorities,
        remove_reasons=tuple(r.strip() for r in reasons),
        claim_minutes=_number(doc, "decisions", "claim_minutes", 5, 0.1, 24 * 60),
        text=text,
    )


def load_rules(session: Session) -> Rules:
    stored = session.get(Setting, SETTING_KEY)
    return parse_rules(stored.value if stored is not None else default_rules_text())


def store_rules(session: Session, text: str) -> Rules:
    """Check ``text`` and make it the catalogue's rules."""
    rules = parse_rules(text)
    stored = session.get(Setting, SETTING_KEY)
    if stored is None:
        session.add(Setting(key=SETTING_KEY, value=text))
    else:
        stored.value = text
    return rules
