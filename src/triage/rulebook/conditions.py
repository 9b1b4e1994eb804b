"""The condition language of rule files: data, never code.

A condition is read from YAML into a small tree:

- `all: [...]`, `any: [...]`, `not: {...}` combine conditions; a list, or a mapping with
  several facts, means `all`.
- a test on one fact: `service: begeleiding_wmo` (equals), or
  `end_date: {after: <operand>}` with the operators of `triage.rulebook.operators`.
- operands: a literal, `{param: name}` (a region parameter, dated), `{fact: name}` (another
  fact), `{computed: name}` (a named value of the rule) or a date expression
  `{date: start_date, plus_months: 9 | {param: name}, plus_days: -1}` (also `plus_years`;
  each amount a whole number or `{param: name}`).

A test on a fact that the decision does not record is false; `not_equals`, `not_in` and
`not` are therefore true for it. `missing: true` asks for an absent fact. What each operator
means, also for a missing value, is its entry in `triage.rulebook.operators.OPERATORS`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from triage.rulebook.operators import OPERATORS, OperandForm

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ConditionError(ValueError):
    """A condition that does not follow the language; `path` says where inside it."""

    def __init__(self, message: str, path: tuple[Any, ...] = ()):
        self.path = path
        super().__init__(message)


@dataclass(frozen=True)
class ParamRef:
    name: str


@dataclass(frozen=True)
class FactRef:
    name: str


@dataclass(frozen=True)
class ComputedRef:
    name: str


Amount = int | ParamRef
DATE_STEPS = ("plus_years", "plus_months", "plus_days")


@dataclass(frozen=True)
class DateExpr:
    """`base` (a date fact) shifted by years and months (a year is 12 months), then days;
    each amount a number or a parameter."""

    base: str
    plus_months: Amount = 0
    plus_days: Amount = 0
    plus_years: Amount = 0

    def amounts(self) -> tuple[Amount, Amount, Amount]:
        """(years, months, days)."""
        return self.plus_years, self.plus_months, self.plus_days

    def params(self) -> set[str]:
        """The parameters the amounts name."""
        return {amount.name for amount in self.amounts() if isinstance(amount, ParamRef)}

    def resolve(self, params: dict[str, Any]) -> tuple[int, int] | None:
        """(months, days) with the parameters' values; None when one has no value."""
        values = []
        for amount in self.amounts():
            value = params.get(amount.name) if isinstance(amount, ParamRef) else amount
            if value is None:
                return None
            values.append(int(value))
        years, months, days = values
        return years * 12 + months, days


Literal = str | int | float | bool | dt.date | tuple
Operand = Literal | ParamRef | FactRef | ComputedRef | DateExpr


@dataclass(frozen=True)
class Test:
    fact: str
    operator: str
    operand: Operand


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Any_:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


Condition = Test | All | Any_ | Not


def parse_operand(raw: Any, path: tuple[Any, ...]) -> Operand:
    """Read an operand: literal, list of literals, or a reference mapping."""
    if isinstance(raw, dict):
        keys = set(raw)
        if keys == {"param"}:
            return ParamRef(str(raw["param"]))
        if keys == {"fact"}:
            return FactRef(str(raw["fact"]))
        if keys == {"computed"}:
            return ComputedRef(str(raw["computed"]))
        if "date" in keys and keys <= {"date", *DATE_STEPS}:
            return parse_date_expr(raw, path)
        raise ConditionError(
            f"onbekende operand {sorted(keys)}; verwacht param, fact, computed of date", path
        )
    if isinstance(raw, list):
        for index, item in enumerate(raw):
            if isinstance(item, dict | list) or item is None:
                raise ConditionError("een lijst bevat alleen losse waarden", (*path, index))
        # each item read as a single literal is (a date written JJJJ-MM-DD is a date)
        return tuple(parse_operand(item, (*path, index)) for index, item in enumerate(raw))
    if raw is None:
        raise ConditionError("lege waarde; gebruik `missing: true` voor een ontbrekend feit", path)
    if isinstance(raw, str) and _ISO_DATE.match(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise ConditionError(f"{raw!r} is geen bestaande datum", path) from None
    return raw


def parse_date_expr(raw: dict[str, Any], path: tuple[Any, ...]) -> DateExpr:
    """Read `{date: fact, plus_years: n, plus_months: n, plus_days: n}`, each amount a whole
    number or `{param: name}`."""
    unknown = set(raw) - {"date", *DATE_STEPS}
    if unknown:
        raise ConditionError(
            f"onbekende sleutel {sorted(unknown)[0]!r}; verwacht date, {', '.join(DATE_STEPS)}", path
        )
    amounts: dict[str, Amount] = {}
    for step in DATE_STEPS:
        amount = raw.get(step, 0)
        if isinstance(amount, dict):
            if set(amount) != {"param"}:
                raise ConditionError(f"{step} is een geheel getal of {{param: naam}}", (*path, step))
            amount = ParamRef(str(amount["param"]))
        elif not isinstance(amount, int) or isinstance(amount, bool):
            raise ConditionError(f"{step} is een geheel getal of {{param: naam}}", (*path, step))
        amounts[step] = amount
    return DateExpr(base=str(raw["date"]), **amounts)


def parse_condition(raw: Any, path: tuple[Any, ...] = ()) -> Condition:
    """Turn the YAML form of a condition into a `Condition` tree, or raise ConditionError."""
    if isinstance(raw, list):
        if not raw:
            raise ConditionError("lege lijst van voorwaarden", path)
        return All(tuple(parse_condition(item, (*path, i)) for i, item in enumerate(raw)))
    if not isinstance(raw, dict) or not raw:
        raise ConditionError("verwacht een voorwaarde (een mapping of een lijst)", path)
    combinators = {"all", "any", "not"} & set(raw)
    if combinators:
        if len(raw) != 1:
            raise ConditionError(
                f"{sorted(combinators)[0]!r} staat alleen; zet andere voorwaarden erin", path
            )
        key, value = next(iter(raw.items()))
        if key == "not":
            return Not(parse_condition(value, (*path, key)))
        if not isinstance(value, list) or not value:
            raise ConditionError(f"{key!r} verwacht een niet-lege lijst", (*path, key))
        parts = tuple(parse_condition(item, (*path, key, i)) for i, item in enumerate(value))
        return All(parts) if key == "all" else Any_(parts)
    tests = [test for fact, spec in raw.items() for test in _parse_tests(fact, spec, path)]
    return tests[0] if len(tests) == 1 else All(tuple(tests))


def _parse_tests(fact: Any, spec: Any, path: tuple[Any, ...]) -> list[Condition]:
    here = (*path, fact)
    if not isinstance(fact, str):
        raise ConditionError(f"feitnaam moet tekst zijn, niet {fact!r}", path)
    if not isinstance(spec, dict) or set(spec) & {"param", "fact", "computed", "date"}:
        return [Test(fact, "equals", parse_operand(spec, here))]
    if not spec:
        raise ConditionError("lege toets", here)
    tests: list[Condition] = []
    for operator, operand in spec.items():
        if operator not in OPERATORS:
            raise ConditionError(f"onbekende operator {operator!r}; bekend: {', '.join(OPERATORS)}", here)
        form = OPERATORS[operator].operand
        if form is OperandForm.FLAG:
            if not isinstance(operand, bool):
                raise ConditionError(f"{operator} verwacht true of false", (*here, operator))
            tests.append(Test(fact, operator, operand))
            continue
        value = parse_operand(operand, (*here, operator))
        if form is OperandForm.LIST and not isinstance(value, tuple | ParamRef | FactRef):
            raise ConditionError(f"{operator} verwacht een lijst of parameter", (*here, operator))
        problem = OPERATORS[operator].check(value) if OPERATORS[operator].check else None
        if problem:
            raise ConditionError(f"{operator}: {problem}", (*here, operator))
        tests.append(Test(fact, operator, value))
    return tests


def primitive_form(test: Test) -> Condition | None:
    """A test with a defined operator as the condition it means, in other operators (its
    `Meaning` in the operator table); None for a primitive operator."""
    meaning = OPERATORS[test.operator].meaning
    if meaning is None:
        return None
    if meaning.negates is not None:
        return Not(Test(test.fact, meaning.negates, test.operand))
    operand: Any = test.operand
    return All(
        tuple(
            Test(test.fact, operator, operand if item is None else operand[item])
            for operator, item in meaning.all_of
        )
    )


def walk_tests(condition: Condition | None):
    """Every `Test` in a condition tree, depth first."""
    if condition is None:
        return
    if isinstance(condition, Test):
        yield condition
    elif isinstance(condition, Not):
        yield from walk_tests(condition.part)
    else:
        for part in condition.parts:
            yield from walk_tests(part)


def operand_references(operand: Operand) -> tuple[set[str], set[str], set[str]]:
    """Facts, parameters and computed names an operand refers to."""
    facts: set[str] = set()
    params: set[str] = set()
    computed: set[str] = set()
    if isinstance(operand, FactRef):
        facts.add(operand.name)
    elif isinstance(operand, ParamRef):
        params.add(operand.name)
    elif isinstance(operand, ComputedRef):
        computed.add(operand.name)
    elif isinstance(operand, DateExpr):
        facts.add(operand.base)
        params |= operand.params()
    return facts, params, computed


def describe_condition(condition: Condition | None) -> str:
    """A condition read aloud in Dutch, with the facts by their names in the rule files:
    `perspective is activerend en service is geen van jeugdbescherming, jeugdreclassering`."""
    if condition is None:
        return "altijd"
    if isinstance(condition, Test):
        if condition.operator == "missing":
            return f"{condition.fact} {'ontbreekt' if condition.operand else 'is ingevuld'}"
        reading = OPERATORS[condition.operator].reading
        return f"{condition.fact} {reading} {describe_operand(condition.operand)}"
    if isinstance(condition, Not):
        return f"niet ({describe_condition(condition.part)})"
    word = " en " if isinstance(condition, All) else " of "
    parts = [describe_condition(part) for part in condition.parts]
    return word.join(f"({part})" if (" en " in part or " of " in part) else part for part in parts)


def describe_operand(operand: Operand) -> str:
    """An operand in Dutch: a value, a list, `parameter x`, or a date with months and days added."""
    if isinstance(operand, bool):
        return "waar" if operand else "onwaar"
    if isinstance(operand, tuple):
        items = ", ".join(describe_operand(item) for item in operand)
        return f"({items})" if len(operand) > 1 else items
    if isinstance(operand, ParamRef):
        return f"parameter {operand.name}"
    if isinstance(operand, FactRef | ComputedRef):
        return operand.name
    if isinstance(operand, DateExpr):
        text = operand.base
        if operand.plus_months:
            months = operand.plus_months
            text += f" + {describe_operand(months) if isinstance(months, ParamRef) else months} maanden"
        if operand.plus_days:
            sign = "+" if operand.plus_days > 0 else "−"
            days = abs(operand.plus_days)
            text += f" {sign} {days} {'dag' if days == 1 else 'dagen'}"
        return text
    return str(operand)
