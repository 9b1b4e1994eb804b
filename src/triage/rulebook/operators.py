"""The operators of the condition language: the one table every evaluator reads.

An operator is either

- **primitive**: a comparison of the fact with its operand (`Comparison`), membership of the
  fact's value in a list (`member`), membership of any element of a list fact (`any_member`)
  or the absence test (`absent`); or
- **defined**: a condition in other operators (`meaning`): the negation of one (every
  `not_…` operator is the negation of its positive form, so a test it makes on a fact the
  decision does not record is true), or all of several tests of the same fact, each with
  the operand or one item of it.

The three evaluators (the durable_rules compiler `triage.engine.compiler`, the plain matcher
`triage.engine.python_matcher` and the polars translator
`triage.engine.vectorised.conditions`) implement only the four primitive kinds, the
`Comparison`s and `Not`/`All`/`Any_`; a defined operator reaches them as its meaning
(`triage.rulebook.conditions.primitive_form`). A new operator that can be said in existing
ones is therefore one entry here, and nothing in the engines.

Missing values: a primitive test on a fact the decision does not record, or with an
operand that has no value (a parameter without a value, an absent fact, a date computed
from one), has the value `when_missing` (false for every primitive but `missing`, which is
about absence itself); a defined operator inherits what its meaning gives.
"""

from __future__ import annotations

import operator as python_operator
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from triage.fact_types import FactType


@dataclass(frozen=True)
class Comparison:
    """How a fact's value compares with the operand. `name` is the name of Python's
    `operator` function and of polars' expression method; `negated` names the comparison
    that holds exactly when this one does not (both values known); `durable_rules` is
    durable_rules' operator (None: equality, written as `{field: value}`)."""

    name: str
    negated: str
    durable_rules: str | None

    @property
    def negation(self) -> Comparison:
        return COMPARISONS[self.negated]

    def holds(self, value: Any, other: Any) -> bool:
        """The comparison on two Python values."""
        return getattr(python_operator, self.name)(value, other)


COMPARISONS = {
    comparison.name: comparison
    for comparison in (
        Comparison("eq", negated="ne", durable_rules=None),
        Comparison("ne", negated="eq", durable_rules="$neq"),
        Comparison("lt", negated="ge", durable_rules="$lt"),
        Comparison("le", negated="gt", durable_rules="$lte"),
        Comparison("gt", negated="le", durable_rules="$gt"),
        Comparison("ge", negated="lt", durable_rules="$gte"),
    )
}


class Kind(StrEnum):
    """What a primitive operator tests."""

    COMPARE = "compare"  # the fact's value against the operand (`comparison`)
    MEMBER = "member"  # the fact's value is in the operand (a list)
    ANY_MEMBER = "any_member"  # an element of the fact (a list) is in the operand
    ABSENT = "absent"  # the fact is absent (operand true) or present (false)
    DEFINED = "defined"  # a condition in other operators (`meaning`)


class OperandForm(StrEnum):
    """What a rule file gives as the operand."""

    VALUE = "value"  # a literal, a list, {param}, {fact}, {computed} or a date expression
    LIST = "list"  # a list of literals, {param} or {fact}
    FLAG = "flag"  # true or false


# Facts an operator may test, with the Dutch words the loader uses when a rule breaks that
ANY_BUT_LIST = frozenset(FactType) - {FactType.LIST}
ALL_TYPES = frozenset(FactType)
TYPE_WORDS = {FactType.DATE: "datums", FactType.NUMBER: "getallen", FactType.LIST: "lijsten"}


@dataclass(frozen=True)
class Meaning:
    """A defined operator in others: the negation of the test with operator `negates`, or
    all of the tests `all_of`: (operator, index of the operand's item; None: the whole
    operand)."""

    negates: str | None = None
    all_of: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True)
class Operator:
    name: str
    reading: str  # short Dutch reading: `triage rules list`, the Regels pages, `rules diff`
    kind: Kind
    operand: OperandForm = OperandForm.VALUE
    facts: frozenset[FactType] = ANY_BUT_LIST  # the fact types it may test
    comparison: Comparison | None = None  # Kind.COMPARE
    meaning: Meaning | None = None  # Kind.DEFINED
    when_missing: bool = False  # primitive: its value when the fact or the operand has none
    check: Callable[[Any], str | None] | None = None  # more about the operand: a problem, in Dutch


def _compare(name: str, reading: str, comparison: Comparison, facts: frozenset[FactType]) -> Operator:
    return Operator(name, reading, Kind.COMPARE, facts=facts, comparison=comparison)


def _negated(name: str, reading: str, positive: Operator) -> Operator:
    return Operator(
        name,
        reading,
        Kind.DEFINED,
        positive.operand,
        positive.facts,
        meaning=Meaning(negates=positive.name),
        check=positive.check,
    )


_NUMBER, _DATE = frozenset({FactType.NUMBER}), frozenset({FactType.DATE})
_EQUALS = _compare("equals", "is", COMPARISONS["eq"], ANY_BUT_LIST)
_IN = Operator("in", "is een van", Kind.MEMBER, OperandForm.LIST)

OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        _EQUALS,
        _negated("not_equals", "is niet", _EQUALS),
        _IN,
        _negated("not_in", "is geen van", _IN),
        _compare("less_than", "is kleiner dan", COMPARISONS["lt"], _NUMBER),
        _compare("at_most", "is hoogstens", COMPARISONS["le"], _NUMBER),
        _compare("greater_than", "is groter dan", COMPARISONS["gt"], _NUMBER),
        _compare("at_least", "is minstens", COMPARISONS["ge"], _NUMBER),
        _compare("before", "ligt vóór", COMPARISONS["lt"], _DATE),
        _compare("after", "ligt na", COMPARISONS["gt"], _DATE),
        _compare("on_or_before", "ligt op of vóór", COMPARISONS["le"], _DATE),
        _compare("on_or_after", "ligt op of na", COMPARISONS["ge"], _DATE),
        Operator("missing", "ontbreekt", Kind.ABSENT, OperandForm.FLAG, ALL_TYPES),
        Operator(
            "contains_any", "bevat een van", Kind.ANY_MEMBER, OperandForm.LIST, frozenset({FactType.LIST})
        ),
    )
}

# the comparisons of numbers (a population rule's `signal_when` holds a figure against one)
NUMBER_COMPARISONS = tuple(
    name
    for name, op in OPERATORS.items()
    if op.kind is Kind.COMPARE and op.facts == frozenset({FactType.NUMBER})
)
