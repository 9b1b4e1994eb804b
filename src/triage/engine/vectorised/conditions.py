"""Rule conditions (`triage.rulebook.conditions`) as polars boolean expressions.

The semantics are those of the operator table (`triage.rulebook.operators`), as the
durable_rules compilation (`triage.engine.compiler`) has them: a test on a fact the decision
does not record is false, and so is a comparison with a parameter or computed date that has
no value; `not` is the plain negation of that.

Columns: every fact under its own name, every parameter as `p__<name>`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from triage.engine.vectorised.dates import shift_date
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
    walk_tests,
)
from triage.rulebook.model import Rule
from triage.rulebook.operators import OPERATORS, Kind


def param_column(name: str) -> str:
    """The column that holds a parameter's value for each decision."""
    return f"p__{name}"


def date_column(expr: DateExpr) -> str:
    """The column that holds a shifted date (computed once per frame, see `shifted_dates`)."""
    years, months, days = (
        f"p_{amount.name}" if isinstance(amount, ParamRef) else str(amount) for amount in expr.amounts()
    )
    return f"d__{expr.base}__{years}y{months}__{days}"


def _amount(amount: int | ParamRef) -> pl.Expr | int:
    return pl.col(param_column(amount.name)).cast(pl.Int64) if isinstance(amount, ParamRef) else amount


def date_expression(expr: DateExpr) -> pl.Expr:
    """A shifted date (its column); null when the base date or the month parameter has no value."""
    return pl.col(date_column(expr))


def date_value(expr: DateExpr) -> pl.Expr:
    """How a shifted date is computed (null when a parameter has no value)."""
    years, months, days = (_amount(amount) for amount in expr.amounts())
    if not (isinstance(years, int) and years == 0):
        months = years * 12 + months
    return shift_date(pl.col(expr.base), months, days)


def shifted_dates(rules: list[Rule]) -> dict[str, pl.Expr]:
    """Every shifted date the rules use, column name -> expression: computed once per
    frame instead of again in every condition and explanation that names it."""
    found: dict[str, pl.Expr] = {}
    for rule in rules:
        for expr in rule.compute.values():
            found[date_column(expr)] = date_value(expr)
        for condition in (rule.applies_to, rule.when):
            for test in walk_tests(condition):
                if isinstance(test.operand, DateExpr):
                    found[date_column(test.operand)] = date_value(test.operand)
    return found


def operand_expression(operand: Operand, rule: Rule) -> pl.Expr:
    """An operand as an expression (null where it has no value)."""
    if isinstance(operand, ParamRef):
        return pl.col(param_column(operand.name))
    if isinstance(operand, FactRef):
        return pl.col(operand.name)
    if isinstance(operand, ComputedRef):
        operand = rule.compute[operand.name]
    if isinstance(operand, DateExpr):
        return date_expression(operand)
    return pl.lit(operand, dtype=pl.Date) if isinstance(operand, dt.date) else pl.lit(operand)


def condition_expression(node: Condition, rule: Rule, list_facts: frozenset[str]) -> pl.Expr:
    """A condition tree as a boolean expression that is never null."""
    if isinstance(node, Not):
        return ~condition_expression(node.part, rule, list_facts)
    if isinstance(node, All | Any_):
        parts = [condition_expression(part, rule, list_facts) for part in node.parts]
        return pl.all_horizontal(parts) if isinstance(node, All) else pl.any_horizontal(parts)
    return _test(node, rule, list_facts).fill_null(False)


def _test(test: Test, rule: Rule, list_facts: frozenset[str]) -> pl.Expr:
    meaning = primitive_form(test)
    if meaning is not None:
        return condition_expression(meaning, rule, list_facts)
    spec = OPERATORS[test.operator]
    # the subject is a fact, or a parameter (the loader allows that for `missing` only)
    fact = pl.col(test.fact) if test.fact in FACTS else pl.col(param_column(test.fact))
    operand = test.operand
    if spec.kind is Kind.ABSENT:
        return fact.is_null() if operand else fact.is_not_null()
    if spec.kind is Kind.COMPARE:
        assert spec.comparison is not None
        value = operand_expression(operand, rule)
        present, compared = (
            fact.is_not_null() & value.is_not_null(),
            getattr(fact, spec.comparison.name)(value),
        )
    else:
        present, compared = _membership(test, rule, list_facts)
    return ~present | compared if spec.when_missing else present & compared


def _membership(test: Test, rule: Rule, list_facts: frozenset[str]) -> tuple[pl.Expr, pl.Expr]:
    """(both the fact and the list have a value, an element of the fact is in the list)."""
    fact = pl.col(test.fact)
    operand: Any = test.operand
    any_member = OPERATORS[test.operator].kind is Kind.ANY_MEMBER
    if isinstance(operand, tuple):
        pool_values = list(operand)
        if any_member:
            return fact.is_not_null(), fact.list.eval(pl.element().is_in(pool_values).any()).list.first()
        return fact.is_not_null(), fact.is_in(pool_values)
    pool = operand_expression(operand, rule)
    if any_member or test.fact in list_facts:
        hits = fact.list.set_intersection(pool).list.len() > 0
    else:
        hits = pool.list.contains(fact)
    return fact.is_not_null() & pool.is_not_null(), hits
