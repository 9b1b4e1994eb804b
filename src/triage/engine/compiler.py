"""Compile a `Rulebook` into durable_rules rulesets (as JSON data) plus the probes they need.

durable_rules compares a fact's fields with constants or with other fields of the same fact.
What it cannot do itself is computed per decision, generically, by *probes*: the value of
a parameter (`p__<name>`), a shifted date (`d__<n>`) and membership in a list that is a
parameter or another fact (`b__<n>`). The probes are derived from rule data alone.

Every source rule becomes two engine rules: `<id>|applies` (in force and `applies_to`
holds) and `<id>|fires` (also `when` holds). Dates are encoded as day ordinals.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

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
from triage.rulebook.operators import OPERATORS, Comparison, Kind

# every asserted fact carries it and every rule requires it: rules of negations only would
# loop on the session's own state fact (docs/engine.md)
GUARD_FIELD = "dref"
APPLIES, FIRES = "applies", "fires"
SEEN = "__seen"


def encode(value: Any) -> Any:
    """A fact value as durable_rules stores it (dates as ordinals; see `_readable_float`)."""
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, float):
        return _readable_float(value)
    return value


def _readable_float(value: float) -> float:
    """durable_rules cannot read a JSON number with an exponent but no fraction ("1e-05",
    "1e+16"), which is how Python writes some floats: the nearest larger float that is
    written with a fraction instead (one or two units in the last place away)."""
    while "e" in (text := repr(value)) and "." not in text:
        value = math.nextafter(value, math.inf)
    return value


@dataclass(frozen=True)
class DateProbe:
    field: str
    expr: DateExpr

    def value(self, facts: dict[str, Any], params: dict[str, Any]) -> dt.date | None:
        return date_value(self.expr, facts, params)


@dataclass(frozen=True)
class MemberProbe:
    field: str
    fact: str
    operand: ParamRef | FactRef | tuple
    any_of_list: bool  # the fact is a list (contains_any) rather than a single value

    def value(self, facts: dict[str, Any], params: dict[str, Any]) -> bool | None:
        value = facts.get(self.fact)
        if isinstance(self.operand, ParamRef):
            pool = params.get(self.operand.name)
        elif isinstance(self.operand, FactRef):
            pool = facts.get(self.operand.name)
        else:
            pool = self.operand
        if value is None or pool is None:
            return None
        items = value if self.any_of_list else [value]
        return any(item in pool for item in items)


@dataclass
class CompiledRulebook:
    """The rulesets (one per region) and the probes every decision needs computed."""

    rulesets: dict[str, dict[str, Any]]
    params_used: set[str] = field(default_factory=set)
    params_tested: set[str] = field(default_factory=set)  # the subject of a `missing` test
    date_probes: list[DateProbe] = field(default_factory=list)
    member_probes: list[MemberProbe] = field(default_factory=list)

    def engine_fact(self, facts: dict[str, Any], params: dict[str, Any], reference: str) -> dict[str, Any]:
        """The fact asserted into durable_rules: encoded facts plus probe values. A list fact
        is only marked present (`true`): the operators that look into a list (`contains_any`)
        are probes, and the others may not test a list (the table's `facts`)."""
        fact: dict[str, Any] = {
            name: True if isinstance(value, list) else encode(value) for name, value in facts.items()
        }
        fact[GUARD_FIELD] = reference
        for name in self.params_used:
            if name in params and not isinstance(params[name], list):
                fact[f"p__{name}"] = encode(params[name])
        for name in self.params_tested:
            if params.get(name) is not None:
                fact[f"h__{name}"] = True
        for probe in self.date_probes:
            shifted = probe.value(facts, params)
            if shifted is not None:
                fact[probe.field] = encode(shifted)
        for probe in self.member_probes:
            member = probe.value(facts, params)
            if member is not None:
                fact[probe.field] = member
        return fact

    def computed_values(
        self, rule: Rule, facts: dict[str, Any], params: dict[str, Any]
    ) -> dict[str, dt.date | None]:
        """A rule's `compute` values for one decision (used in explanations)."""
        return {name: date_value(expr, facts, params) for name, expr in rule.compute.items()}


class _Compiler:
    def __init__(self) -> None:
        self.out = CompiledRulebook(rulesets={})
        self._date_fields: dict[DateExpr, str] = {}
        self._member_fields: dict[tuple, str] = {}

    # -- operands -------------------------------------------------------------
    def _date_field(self, expr: DateExpr) -> str:
        if expr not in self._date_fields:
            name = f"d__{len(self._date_fields)}"
            self._date_fields[expr] = name
            self.out.date_probes.append(DateProbe(name, expr))
            self.out.params_used |= expr.params()
        return self._date_fields[expr]

    def _member_field(self, fact: str, operand: Any, any_of_list: bool) -> str:
        key = (fact, operand, any_of_list)
        if key not in self._member_fields:
            name = f"b__{len(self._member_fields)}"
            self._member_fields[key] = name
            self.out.member_probes.append(MemberProbe(name, fact, operand, any_of_list))
        return self._member_fields[key]

    def _operand(self, operand: Operand, rule: Rule) -> tuple[Any, str | None]:
        """(durable operand, field that must exist for the comparison to mean anything)."""
        if isinstance(operand, ParamRef):
            self.out.params_used.add(operand.name)
            return {"$m": f"p__{operand.name}"}, f"p__{operand.name}"
        if isinstance(operand, FactRef):
            return {"$m": operand.name}, operand.name
        if isinstance(operand, ComputedRef):
            operand = rule.compute[operand.name]
        if isinstance(operand, DateExpr):
            name = self._date_field(operand)
            return {"$m": name}, name
        return encode(operand), None

    # -- conditions -----------------------------------------------------------
    def condition(self, node: Condition, rule: Rule, negate: bool = False) -> dict[str, Any]:
        if isinstance(node, Not):
            return self.condition(node.part, rule, not negate)
        if isinstance(node, All | Any_):
            parts = [self.condition(part, rule, negate) for part in node.parts]
            conjunction = isinstance(node, All) != negate
            return parts[0] if len(parts) == 1 else {"$and" if conjunction else "$or": parts}
        return self._test(node, rule, negate)

    def _test(self, test: Test, rule: Rule, negate: bool) -> dict[str, Any]:
        """One test, negated when `negate` (durable_rules has no `not`: negation is pushed
        down to the tests). A test on an absent fact or operand has the value the operator
        table gives (`when_missing`); durable_rules makes every comparison with an absent
        field false, so a true value there is written as an explicit `$nex`."""
        fact, operand = test.fact, test.operand
        meaning = primitive_form(test)
        if meaning is not None:
            return self.condition(meaning, rule, negate)
        spec = OPERATORS[test.operator]
        if spec.kind is Kind.ABSENT:
            wants_missing = bool(operand) != negate
            if fact not in FACTS:  # a parameter: whether it has a value (field `h__<name>`)
                self.out.params_tested.add(fact)
                fact = f"h__{fact}"
            return {"$nex" if wants_missing else "$ex": {fact: 1}}
        true_when_missing = spec.when_missing != negate
        if spec.kind is Kind.ANY_MEMBER or (spec.kind is Kind.MEMBER and not isinstance(operand, tuple)):
            probe = self._member_field(fact, operand, spec.kind is Kind.ANY_MEMBER)
            return _when_missing(true_when_missing, [probe], {probe: not negate})
        if spec.kind is Kind.MEMBER:  # a list of literals
            if negate:
                compared = {"$and": [{"$neq": {fact: encode(v)}} for v in operand]}
            else:
                compared = {"$or": [{fact: encode(v)} for v in operand]}
            return _when_missing(true_when_missing, [fact], compared)
        assert spec.comparison is not None
        value, needs = self._operand(operand, rule)
        comparison = spec.comparison.negation if negate else spec.comparison
        return _when_missing(
            true_when_missing, [fact, *([needs] if needs else [])], _compare(comparison, fact, value)
        )

    # -- rules ----------------------------------------------------------------
    def rule(self, rule: Rule) -> dict[str, dict[str, Any]]:
        base: list[dict[str, Any]] = [
            {"$ex": {GUARD_FIELD: 1}},
            {"$gte": {"decision_date": encode(rule.valid_from)}},
        ]
        if rule.valid_to:
            base.append({"$lte": {"decision_date": encode(rule.valid_to)}})
        if rule.applies_to is not None:
            base.append(self.condition(rule.applies_to, rule))
        engine_rules = {}
        if rule.when is not None:
            engine_rules[f"{rule.id}|{APPLIES}"] = {
                "all": [{"m": {"$and": base}}],
                "run": f"{rule.id}|{APPLIES}",
            }
            fires = [*base, self.condition(rule.when, rule)]
        else:
            fires = base
        engine_rules[f"{rule.id}|{FIRES}"] = {"all": [{"m": {"$and": fires}}], "run": f"{rule.id}|{FIRES}"}
        return engine_rules


def _compare(comparison: Comparison, fact: str, value: Any) -> dict[str, Any]:
    spelling = comparison.durable_rules
    return {fact: value} if spelling is None else {spelling: {fact: value}}


def _when_missing(true_when_missing: bool, fields: list[str], compared: dict[str, Any]) -> dict[str, Any]:
    """`compared`, and where one of `fields` is absent: true when `true_when_missing`, else
    false (a comparison with an absent field is false already; one with an absent `$m`
    operand field is made false by requiring it)."""
    if true_when_missing:
        return {"$or": [*({"$nex": {name: 1}} for name in fields), compared]}
    required = [{"$ex": {name: 1}} for name in fields[1:]]
    return {"$and": [*required, compared]} if required else compared


def compile_condition(condition: Condition, rule: Rule) -> tuple[dict[str, Any], CompiledRulebook]:
    """One condition of `rule` as durable_rules JSON, with the probes a fact needs for it
    (`CompiledRulebook.engine_fact`); `compile_rulebook` does this for every rule."""
    compiler = _Compiler()
    return compiler.condition(condition, rule), compiler.out


def ruleset_name(region: str) -> str:
    return "triage_" + region.replace("-", "_")


def compile_rulebook(book: Rulebook) -> CompiledRulebook:
    """One durable_rules ruleset per region: the cross-region rules and the region's own."""
    compiler = _Compiler()
    for region in book.region_names:
        ruleset: dict[str, Any] = {}
        for rule in book.rules_for(region):
            ruleset.update(compiler.rule(rule))
        # a catch-all, so that a decision no rule matches is still handled (docs/engine.md)
        ruleset[SEEN] = {"all": [{"m": {"$ex": {GUARD_FIELD: 1}}}], "run": SEEN}
        compiler.out.rulesets[ruleset_name(region)] = ruleset
    return compiler.out
