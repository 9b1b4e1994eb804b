"""Refuse a number in a rule that a parameter already holds.

A rule that tests `max_term_months_activerend` must not also say "9 maanden" in its title,
message or remedy, nor compute with a literal 9: changing the parameter would leave that
text or date behind. The loader reports every such literal with the parameter to use.

Checked, for every number parameter the rule names (in a condition, a date expression, a
priority or a text) and every value it has anywhere (any region, municipality or date):
- a parameter's unit written after its placeholder ("{max_term_months_activerend} maanden"):
  texts show a parameter with its unit already;
- the texts, outside their `{placeholders}`: the value as digits ("9", "18e", "18-/18+"),
  as a Dutch number word ("drie"), and for a parameter in days the same span in hours
  ("24 uur" for 1 day);
- the rule's date expressions and test operands: a literal amount equal to the value, or to
  twelve times it for a parameter in years ("plus_months: 216" for 18 years).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from triage.rulebook.conditions import DateExpr, ParamRef, operand_references, walk_tests
from triage.rulebook.model import PLACEHOLDER, Rule

if TYPE_CHECKING:
    from triage.rulebook.model import RegionData

_WORDS = {
    2: "twee",
    3: "drie",
    4: "vier",
    5: "vijf",
    6: "zes",
    7: "zeven",
    8: "acht",
    9: "negen",
    10: "tien",
    11: "elf",
    12: "twaalf",
    18: "achttien",
    21: "eenentwintig",
    23: "drieëntwintig",
    24: "vierentwintig",
}
YEAR_UNITS = {"jaar", "jaren"}
DAY_UNITS = {"dag", "dagen"}


def rule_parameters(rule: Rule) -> set[str]:
    """Every parameter a rule names: in conditions (operand or subject), date expressions,
    its priority and its texts."""
    names: set[str] = set()
    for condition in (rule.applies_to, rule.when):
        for test in walk_tests(condition):
            names.add(test.fact)  # a parameter when it is one (the caller filters)
            names |= operand_references(test.operand)[1]
    for expr in rule.compute.values():
        names |= expr.params()
    within = rule.priority.start_within if rule.priority else None
    if within is not None:
        names |= {n for n in (within.days, within.months) if isinstance(n, str)}
    return names | rule.placeholders()


def _literal_amounts(rule: Rule) -> Iterator[tuple[str, int]]:
    """(where, number) of every literal number in the rule's conditions and date expressions."""
    exprs = [(f"compute.{name}", expr) for name, expr in rule.compute.items()]
    for label, condition in (("applies_to", rule.applies_to), ("when", rule.when)):
        for test in walk_tests(condition):
            operand = test.operand
            if isinstance(operand, DateExpr):
                exprs.append((f"{label}.{test.fact}", operand))
            elif isinstance(operand, int | float) and not isinstance(operand, bool):
                yield f"{label}.{test.fact}", operand
    for where, expr in exprs:
        for step, amount in zip(("plus_years", "plus_months", "plus_days"), expr.amounts(), strict=True):
            if not isinstance(amount, ParamRef) and amount != 0:
                yield f"{where}.{step}", amount


def _text_patterns(value: int, unit: str | None) -> list[tuple[str, re.Pattern[str]]]:
    patterns = [(str(value), re.compile(rf"(?<![\d.,]){value}(?![\d.,]\d|\d)"))]
    if value in _WORDS:
        patterns.append((_WORDS[value], re.compile(rf"\b{_WORDS[value]}\b", re.IGNORECASE)))
    if unit in DAY_UNITS:
        hours = value * 24
        patterns.append((f"{hours} uur", re.compile(rf"(?<![\d.,]){hours}\s*uur\b")))
    return patterns


def literal_duplicates(rule: Rule, regions: dict[str, RegionData]) -> Iterator[str]:
    """Dutch descriptions of each literal in `rule` that duplicates a parameter's value."""
    declared = {}
    values: dict[str, set[int]] = {}
    for data in regions.values():
        for name, parameter in data.parameters.items():
            if parameter.kind != "number":
                continue
            declared.setdefault(name, parameter)
            values.setdefault(name, set()).update(
                int(v.value) for v in parameter.values if float(v.value).is_integer()
            )
    texts = {
        "title": rule.title,
        "message": rule.message,
        "remedy": rule.remedy or "",
        "remedy_without_suggestion": rule.remedy_without_suggestion or "",
    }
    bare = {key: PLACEHOLDER.sub(" ", text) for key, text in texts.items()}
    literals = list(_literal_amounts(rule))
    for name in sorted(rule_parameters(rule) & set(declared)):
        unit = declared[name].unit
        units = {u for u in (unit, declared[name].unit_one) if u}
        for key, text in texts.items():
            for shown in units:
                if re.search(rf"\{{\s*{name}\s*\}}\s+{re.escape(shown)}\b", text):
                    yield (
                        f"{key}: na {{{name}}} staat '{shown}', maar de tekst toont de parameter al"
                        " met zijn eenheid: laat het woord weg"
                    )
        for value in sorted(values[name]):
            for key, text in bare.items():
                for shown, pattern in _text_patterns(value, unit):
                    if pattern.search(text):
                        yield (
                            f"{key} noemt '{shown}', de waarde van parameter {name}: schrijf {{{name}}},"
                            " zodat de tekst meeverandert met de parameter"
                        )
            for where, amount in literals:
                months = unit in YEAR_UNITS and "plus_months" in where and amount == 12 * value
                if amount == value or months:
                    yield (
                        f"{where}: {amount} is de waarde van parameter {name}"
                        f"{' (in maanden)' if months else ''}: gebruik {{param: {name}}}"
                    )
