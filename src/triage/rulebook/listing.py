"""The rules in force, as data for listings (`triage rules list --format json`, the API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from triage.rulebook.conditions import operand_references, walk_tests
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


def parameters_of(rule: Rule, known: set[str]) -> list[str]:
    """The parameters a rule uses, in the order it names them: in its conditions, its
    computed dates, its priority's start and (among `known`) its texts."""
    names: list[str] = []

    def add(name: str) -> None:
        if name not in names:
            names.append(name)

    for condition in (rule.applies_to, rule.when):
        for test in walk_tests(condition):
            if test.fact in known:  # a parameter as the subject of a `missing` test
                add(test.fact)
            for name in sorted(operand_references(test.operand)[1]):
                add(name)
    for expr in rule.compute.values():
        for name in sorted(expr.params()):
            add(name)
    within = rule.priority.start_within if rule.priority else None
    for amount in (within.days, within.months) if within else ():
        if isinstance(amount, str):
            add(amount)
    for name in sorted(rule.placeholders() & known):
        add(name)
    return names
