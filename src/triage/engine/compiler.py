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

from triage.facts import FACTS, shift_date_of
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
)
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import Rule
from triage.vocabulary import REGIONS

GUARD_FIELD = "dref"  # every asserted fact carries it; every rule requires it (notes: #222)
APPLIES, FIRES = "applies", "fires"
SEEN = "__seen"

_COMPARE = {
    "less_than": "$lt",
    "at_most": "$lte",
    "greater_than": "$gt",
    "at_least": "$gte",
    "before": "$lt",
    "on_or_before": "$lte",
    "after": "$gt",
    "on_or_after": "$gte",
}
_NEGATE = {"$lt": "$gte", "$lte": "$gt", "$gt": "$lte", "$gte": "$lt"}


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
        base = facts.get(self.expr.base)
        amounts = self.expr.resolve(params)
        if base is None or amounts is None:
            return None
        return shift_date_of(self.expr.base, base, *amounts)


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
        """The fact asserted into durable_rules: encoded facts plus probe values."""
        fact: dict[str, Any] = {
            name: encode(value) for name, value in facts.items() if not isinstance(value, list)
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
        return {name: DateProbe("", expr).value(facts, params) for name, expr in rule.compute.items()}


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
        fact, operator, operand = test.fact, test.operator, test.operand
        if operator == "missing":
            wants_missing = bool(operand) != negate
            if fact not in FACTS:  # a parameter: whether it has a value (field `h__<name>`)
                self.out.params_tested.add(fact)
                fact = f"h__{fact}"
            return {"$nex" if wants_missing else "$ex": {fact: 1}}
        if operator.startswith("not_"):
            return self._test(Test(fact, operator.removeprefix("not_"), operand), rule, not negate)
        if operator in ("in", "contains_any") and (
            operator == "contains_any" or not isinstance(operand, tuple)
        ):
            probe = self._member_field(fact, operand, operator == "contains_any")
            return {"$or": [{"$nex": {probe: 1}}, {probe: False}]} if negate else {probe: True}
        if operator == "in":
            if negate:
                return {
                    "$or": [{"$nex": {fact: 1}}, {"$and": [{"$neq": {fact: encode(v)}} for v in operand]}]
                }
            return {"$or": [{fact: encode(v)} for v in operand]}
        value, needs = self._operand(operand, rule)
        if operator == "equals":
            positive = {fact: value}
            negative = {"$neq": {fact: value}}
        else:
            op = _COMPARE[operator]
            positive = {op: {fact: value}}
            negative = {_NEGATE[op]: {fact: value}}
        if negate:
            alternatives = [{"$nex": {fact: 1}}]
            if needs:
                alternatives.append({"$nex": {needs: 1}})
            return {"$or": [*alternatives, negative]}
        required = [{"$ex": {needs: 1}}] if needs else []
        return {"$and": [*required, positive]} if required else positive

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


def ruleset_name(region: str) -> str:
    return "triage_" + region.replace("-", "_")


def compile_rulebook(book: Rulebook) -> CompiledRulebook:
    """One durable_rules ruleset per region: the cross-region rules and the region's own."""
    compiler = _Compiler()
    for region in REGIONS:
        ruleset: dict[str, Any] = {}
        for rule in book.rules_for(region):
            ruleset.update(compiler.rule(rule))
        # a catch-all so that a decision no rule matches is still handled (notes: #286)
        ruleset[SEEN] = {"all": [{"m": {"$ex": {GUARD_FIELD: 1}}}], "run": SEEN}
        compiler.out.rulesets[ruleset_name(region)] = ruleset
    return compiler.out
