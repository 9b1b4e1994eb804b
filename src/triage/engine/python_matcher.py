"""A plain-Python matcher: walks each rule's condition tree per decision.

It exists as the baseline of the benchmark (`bench/`) and as a second opinion in tests;
durable_rules stays the reference. Semantics are those of the operator table
(`triage.rulebook.operators`): a test on a fact the decision does not record is false, `not`
negates that.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from triage.contracts.facts import CONTRACT_FACTS
from triage.date_arithmetic import date_value
from triage.facts import FACTS
from triage.rulebook.conditions import (
    All,
    Any_,
    ComputedRef,
    Condition,
    DateExpr,
    FactRef,
    Not,
    Operand,
    ParamRef,
    Test,
    primitive_form,
)
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import Rule
from triage.rulebook.operators import OPERATORS, Kind


class PythonMatcher:
    """`match` gives (rule ids that applied, rule ids that fired) for one decision."""

    def __init__(self, book: Rulebook):
        self.book = book

    def match(
        self, region: str, facts: dict[str, Any], params: dict[str, Any], rules_on: dt.date
    ) -> tuple[set[str], list[str]]:
        """Evaluate every rule of the region in force on `rules_on`."""
        applied: set[str] = set()
        fired: list[str] = []
        for rule in self.book.in_force(region, rules_on):
            if rule.applies_to is not None and not holds(rule.applies_to, rule, facts, params):
                continue
            if rule.when is None:
                fired.append(rule.id)
                continue
            applied.add(rule.id)
            if holds(rule.when, rule, facts, params):
                fired.append(rule.id)
        return applied, fired


def holds(node: Condition, rule: Rule, facts: dict[str, Any], params: dict[str, Any]) -> bool:
    """Whether a condition of `rule` holds for these facts and parameters (also used for
    contract rules, `triage.contracts.check`, and population rules, `triage.population`)."""
    if isinstance(node, Not):
        return not holds(node.part, rule, facts, params)
    if isinstance(node, All):
        return all(holds(part, rule, facts, params) for part in node.parts)
    if isinstance(node, Any_):
        return any(holds(part, rule, facts, params) for part in node.parts)
    return _test(node, rule, facts, params)


def value_of(operand: Operand, rule: Rule, facts: dict[str, Any], params: dict[str, Any]) -> Any:
    """An operand's value (None when it has none)."""
    return _value(operand, rule, facts, params)


def _value(operand: Operand, rule: Rule, facts: dict[str, Any], params: dict[str, Any]) -> Any:
    if isinstance(operand, ParamRef):
        return params.get(operand.name)
    if isinstance(operand, FactRef):
        return facts.get(operand.name)
    if isinstance(operand, ComputedRef):
        operand = rule.compute[operand.name]
    if isinstance(operand, DateExpr):
        return date_value(operand, facts, params)
    return operand


def _test(test: Test, rule: Rule, facts: dict[str, Any], params: dict[str, Any]) -> bool:
    meaning = primitive_form(test)
    if meaning is not None:
        return holds(meaning, rule, facts, params)
    spec = OPERATORS[test.operator]
    # the subject is a fact, or a parameter (the loader allows that for `missing` only)
    known = CONTRACT_FACTS if rule.level == "contract" else FACTS
    value = facts.get(test.fact) if test.fact in known else params.get(test.fact)
    if spec.kind is Kind.ABSENT:
        return (value is None) == bool(test.operand)
    other = _value(test.operand, rule, facts, params)
    if value is None or other is None:
        return spec.when_missing
    if spec.kind is Kind.MEMBER:
        return value in other
    if spec.kind is Kind.ANY_MEMBER:
        return any(item in other for item in value)
    assert spec.comparison is not None
    return spec.comparison.holds(value, other)
