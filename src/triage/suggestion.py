"""A finding's suggestion: the concrete change that makes the decision fit, and applying it.

A finding's `suggestion` holds decision fields with their new values, and, for a rule with a
"tenzij", the exception the rule accepts (`{"exception": {"principle": ..., "grounds": ...}}`).
The explanation offers a suggestion only when every value of it is known; the web page
applies the field changes with one click (`apply_change`), the CLI shows them in words
(`suggestion_label`). `bench/prove_suggestions.py` applies every suggestion over generated
decisions and checks the result again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage.presentation import field_label
from triage.wording import display

# The decision fields a suggestion may set: single values at the top of the decision.
SUGGESTIBLE_FIELDS = (
    "region",
    "municipality",
    "law",
    "request_date",
    "decision_date",
    "crisis",
    "service",
    "form",
    "contract",
    "start_date",
    "end_date",
    "perspective",
    "referrer",
    "education_arrangement",
    "part_of_treatment",
    "extends",
    "progress",
)


def field_changes(suggestion: Mapping[str, Any] | None) -> dict[str, Any]:
    """The field changes of a finding's suggestion (not the exception)."""
    return {
        name: value
        for name, value in (suggestion or {}).items()
        if name in SUGGESTIBLE_FIELDS and value is not None
    }


def apply_change(data: dict[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    """The decision data with a suggestion's field values set (suggestible fields only)."""
    return {**data, **field_changes(change)}


def describe_value(value: Any) -> str:
    """A suggested value in words."""
    return display(value)


def suggestion_label(change: Mapping[str, Any]) -> str:
    """'Zet einddatum op 2027-11-30' (several fields joined with 'en')."""
    parts = [f"{field_label(name).lower()} op {describe_value(value)}" for name, value in change.items()]
    return "Zet " + " en ".join(parts)
