"""The rules in force, as data for listings (`triage rules list --format json`, the API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from triage.rulebook.loader import Rulebook
from triage.rulebook.model import CROSS_REGION, REGIONAL_SOURCE, Rule


def rules_in_force(book: Rulebook, region: str | None, on: dt.date) -> list[Rule]:
    """Rules in force on `on`, for one region (with the cross-region rules) or all."""
    return [
        rule
        for rule in book.rules
        if (region is None or rule.region in (CROSS_REGION, region)) and rule.in_force(on)
    ]


def rule_summary(rule: Rule, book: Rulebook, on: dt.date) -> dict[str, Any]:
    """One rule as a JSON-ready summary; the title with the parameter values of `on`."""
    from triage.explanation import summary_title

    return {
        "rule": rule.id,
        "region": rule.region,
        "principle": rule.principle,
        "title": summary_title(rule, book, on=on),
        "outcome": rule.outcome.value if rule.outcome else None,
        "priority": rule.priority.priority_class.value if rule.priority else None,
        "source": rule.source.model_dump(exclude_none=True) if rule.source else None,
        "status": _status(rule, book),
        "valid_from": str(rule.valid_from),
        "valid_to": str(rule.valid_to) if rule.valid_to else None,
    }


def _status(rule: Rule, book: Rulebook) -> str | None:
    """The status of the document the rule cites (e.g. consultatieversie)."""
    if rule.source is None or rule.source.document == REGIONAL_SOURCE:
        return None
    return book.document(rule.source.document).status


def citation(rule: Rule, book: Rulebook) -> str:
    """The rule's source as cited in listings and reports, with the document's status."""
    from triage.explanation import citation_text

    if rule.source is None:
        return ""
    if rule.source.document == REGIONAL_SOURCE:
        return "het document van de regio (catalogue.yaml)"
    assert rule.source.section is not None
    return citation_text(rule.source.document, rule.source.section, _status(rule, book))
