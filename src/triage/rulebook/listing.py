"""The rules in force, as data for listings (`triage rules list --format json`, the API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from triage.rulebook.loader import Rulebook
from triage.rulebook.model import CROSS_REGION, Rule


def rules_in_force(book: Rulebook, region: str | None, on: dt.date) -> list[Rule]:
    """Rules in force on `on`, for one region (with the cross-region rules) or all."""
    return [
        rule
        for rule in book.rules
        if (region is None or rule.region in (CROSS_REGION, region)) and rule.in_force(on)
    ]


def rule_summary(rule: Rule) -> dict[str, Any]:
    """One rule as a JSON-ready summary."""
    return {
        "rule": rule.id,
        "region": rule.region,
        "principle": rule.principle,
        "title": rule.title,
        "outcome": rule.outcome.value if rule.outcome else None,
        "priority": rule.priority.priority_class.value if rule.priority else None,
        "source": rule.source.model_dump(exclude_none=True) if rule.source else None,
        "valid_from": str(rule.valid_from),
        "valid_to": str(rule.valid_to) if rule.valid_to else None,
    }
