"""Every operator of the table (`triage.rulebook.operators.OPERATORS`) means the same in the
three evaluators: the durable_rules compilation, the plain matcher and the polars
translator, on present and absent facts and on operands with and without a value. A new
operator in the table is checked here without a line of this file changing."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace
from typing import Any

import polars as pl
import pytest

from triage.engine.compiler import GUARD_FIELD, compile_condition
from triage.engine.durable_adapter import DurableMatcher
from triage.engine.python_matcher import holds
from triage.engine.vectorised.conditions import condition_expression, param_column
from triage.fact_types import FactType
from triage.rulebook.conditions import ParamRef, describe_condition
from triage.rulebook.conditions import Test as FactTest
from triage.rulebook.operators import OPERATORS, Kind, OperandForm

D = dt.date
# per fact type: a fact of that type, values it may have (None: not recorded), operands
SAMPLES: dict[FactType, tuple[str, list[Any], list[Any]]] = {
    FactType.NUMBER: ("age", [None, 17, 18, 19], [18, 18.5]),
    FactType.DATE: ("end_date", [None, D(2027, 6, 29), D(2027, 6, 30), D(2027, 7, 1)], [D(2027, 6, 30)]),
    FactType.TEXT: ("service", [None, "begeleiding_wmo", "jeugd_ggz"], ["begeleiding_wmo"]),
    FactType.BOOL: ("crisis", [None, True, False], [True, False]),
    FactType.LIST: ("activities", [None, [], ["boodschappen"], ["maaltijden", "wasverzorging"]], []),
}
LISTS = [("boodschappen", "wasverzorging"), ("begeleiding_wmo",), (D(2027, 1, 1), D(2027, 6, 30))]
DTYPES = {
    "age": pl.Int64,
    "end_date": pl.Date,
    "service": pl.Utf8,
    "crisis": pl.Boolean,
    "activities": pl.List(pl.Utf8),
}
RULE: Any = SimpleNamespace(compute={}, level="decision")  # the evaluators look at these only


def _operands(name: str, fact_type: FactType) -> list[Any]:
    """Literal operands of the operator for a fact of this type, and a parameter `p`."""
    spec = OPERATORS[name]
    if spec.operand is OperandForm.FLAG:
        return [True, False]
    if spec.operand is OperandForm.LIST:
        literals = [items for items in LISTS if spec.check is None or spec.check(items) is None]
    else:
        literals = SAMPLES[fact_type][2]
    literals = [value for value in literals if _fits(value, fact_type)]
    if spec.operand is OperandForm.LIST and fact_type not in (FactType.TEXT, FactType.LIST):
        return literals  # list parameters hold text
    return [*literals, ParamRef("p")]


def _fits(value: Any, fact_type: FactType) -> bool:
    items = value if isinstance(value, tuple) else (value,)
    if fact_type is FactType.DATE:
        return all(isinstance(item, dt.date) for item in items)
    if fact_type in (FactType.TEXT, FactType.LIST):
        return all(isinstance(item, str) for item in items)
    if fact_type is FactType.NUMBER:
        return all(isinstance(item, int | float) and not isinstance(item, bool) for item in items)
    return all(isinstance(item, bool) for item in items)


def _cases() -> list[tuple[str, FactType, Any]]:
    cases = []
    for name, spec in OPERATORS.items():
        for fact_type in sorted(spec.facts):
            for operand in _operands(name, fact_type):
                if spec.operand is OperandForm.FLAG and isinstance(operand, ParamRef):
                    continue
                cases.append((name, fact_type, operand))
    return cases


CASES = _cases()


def _param_values(operand: Any, fact_type: FactType) -> list[Any]:
    """Values of parameter `p`: none, and the literal operands it could stand for."""
    if not isinstance(operand, ParamRef):
        return [None]
    name = next(c[0] for c in CASES if c[2] is operand)
    if OPERATORS[name].operand is OperandForm.LIST:
        return [None, *([list(v) for v in LISTS if _fits(v, fact_type)])]
    return [None, *SAMPLES[fact_type][2]]


def _ruleset(condition: dict[str, Any]) -> dict[str, Any]:
    """A ruleset whose rule `fires` when the condition holds (and `seen` always)."""
    return {
        "fires": {"all": [{"m": {"$and": [{"$ex": {GUARD_FIELD: 1}}, condition]}}], "run": "fires"},
        "seen": {"all": [{"m": {"$ex": {GUARD_FIELD: 1}}}], "run": "seen"},
    }


@pytest.fixture(scope="module")
def durable() -> tuple[DurableMatcher, dict[int, Any]]:
    """One durable_rules ruleset per case (`r<index>`), and the compilations."""
    rulesets, compiled = {}, {}
    for index, (name, fact_type, operand) in enumerate(CASES):
        condition, out = compile_condition(FactTest(SAMPLES[fact_type][0], name, operand), RULE)
        compiled[index] = out
        rulesets[f"r{index}"] = _ruleset(condition)
    return DurableMatcher(rulesets), compiled


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c[0]}-{c[1]}-{c[2]!r}" for c in CASES])
def test_an_operator_means_the_same_in_every_evaluator(index: int, durable) -> None:
    name, fact_type, operand = CASES[index]
    fact, values, _ = SAMPLES[fact_type]
    test = FactTest(fact, name, operand)
    matcher, compiled = durable
    rows = list(itertools.product(values, _param_values(operand, fact_type)))
    frame = pl.DataFrame(
        {fact: [value for value, _ in rows], param_column("p"): [p for _, p in rows]},
        schema={
            fact: DTYPES[fact],
            param_column("p"): pl.List(_item_type(operand, fact_type))
            if OPERATORS[name].operand is OperandForm.LIST
            else _item_type(operand, fact_type),
        },
    )
    vectorised = frame.select(condition_expression(test, RULE, frozenset({"activities"}))).to_series()
    for row, (value, param) in enumerate(rows):
        facts = {} if value is None else {fact: value}
        params = {} if param is None else {"p": param}
        plain = holds(test, RULE, facts, params)
        fired = matcher.match(f"r{index}", compiled[index].engine_fact(facts, params, "d"))
        where = f"{describe_condition(test)} with {fact}={value!r}, p={param!r}"
        assert ("fires" in fired) == plain, f"durable_rules and the plain matcher differ: {where}"
        assert vectorised[row] == plain, f"polars and the plain matcher differ: {where}"
        spec = OPERATORS[name]
        if spec.kind not in (Kind.DEFINED, Kind.ABSENT) and (
            value is None or (param is None and isinstance(operand, ParamRef))
        ):
            assert plain == spec.when_missing, f"not the table's value for a missing value: {where}"


def _item_type(operand: Any, fact_type: FactType) -> pl.DataType:
    return {FactType.DATE: pl.Date, FactType.NUMBER: pl.Float64, FactType.BOOL: pl.Boolean}.get(
        fact_type, pl.Utf8
    )


def test_every_operator_is_read_aloud_and_documented() -> None:
    readme = (__import__("pathlib").Path(__file__).resolve().parents[1] / "rules" / "README.md").read_text()
    for name, spec in OPERATORS.items():
        assert spec.reading, name
        assert f"`{name}`" in readme, f"rules/README.md does not name the operator {name}"
        assert (spec.kind is Kind.DEFINED) == (spec.meaning is not None), name
        assert (spec.kind is Kind.COMPARE) == (spec.comparison is not None), name


def test_a_defined_operator_reaches_the_evaluators_as_its_meaning(monkeypatch) -> None:
    """An operator defined as all of two tests on the items of its operand (say, a date
    within a period) needs no evaluator code: each one evaluates its meaning."""
    from triage.rulebook.conditions import All, primitive_form
    from triage.rulebook.operators import Meaning, Operator

    within = Operator(
        "within_period",
        "ligt in",
        Kind.DEFINED,
        OperandForm.LIST,
        frozenset({FactType.DATE}),
        meaning=Meaning(all_of=(("on_or_after", 0), ("on_or_before", 1))),
    )
    monkeypatch.setitem(OPERATORS, "within_period", within)
    test = FactTest("end_date", "within_period", (D(2027, 1, 1), D(2027, 6, 30)))
    assert primitive_form(test) == All(
        (
            FactTest("end_date", "on_or_after", D(2027, 1, 1)),
            FactTest("end_date", "on_or_before", D(2027, 6, 30)),
        )
    )
    condition, out = compile_condition(test, RULE)
    matcher = DurableMatcher({"r": _ruleset(condition)})
    days = [None, D(2026, 12, 31), D(2027, 1, 1), D(2027, 6, 30), D(2027, 7, 1)]
    frame = pl.DataFrame({"end_date": days}, schema={"end_date": pl.Date})
    vectorised = frame.select(condition_expression(test, RULE, frozenset())).to_series().to_list()
    for day, fast in zip(days, vectorised, strict=True):
        facts = {} if day is None else {"end_date": day}
        plain = holds(test, RULE, facts, {})
        assert plain == (day is not None and D(2027, 1, 1) <= day <= D(2027, 6, 30))
        assert fast == plain
        assert ("fires" in matcher.match("r", out.engine_fact(facts, {}, "d"))) == plain


def test_a_list_operand_reads_its_dates_as_dates() -> None:
    from triage.rulebook.conditions import parse_condition

    test = parse_condition({"end_date": {"in": ["2027-06-30", "2027-12-31"]}})
    assert test == FactTest("end_date", "in", (D(2027, 6, 30), D(2027, 12, 31)))
