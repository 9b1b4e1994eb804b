"""Population figures for `summary.json` (`population`) and `report.html`: per population
rule and scope (the region, each municipality, each provider; per calendar year of
`start_date`) the share `numerator / denominator`, for a growth rule also last year's share
and the difference, the threshold and the outcome, in the shape of
`docs/contract-format.md`, extended.

A threshold is a number or a parameter of the rule (`measure.signal_when`); a parameter
without a value gives `threshold: null`, outcome `conform` and a sentence saying so: the
documents give no number there, and none is invented. Comparisons are made on exact
fractions, so a figure is never a signal by rounding.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import operator
from collections import defaultdict
from fractions import Fraction
from typing import Annotated, Any, NotRequired

from pydantic import Field
from typing_extensions import TypedDict  # pydantic reads typing's only from Python 3.12

from triage.explanation import Template, title_text
from triage.rulebook.conditions import ParamRef
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import Rule
from triage.rulebook.operators import OPERATORS

# (rule, region, municipality, provider_id or None, year) -> [denominator, numerator]
Counts = dict[tuple[str, str, str, str | None, int], list[int]]
SCOPE_KINDS = ("region", "municipality", "provider")


class Scope(TypedDict):
    """Where a figure is counted: the region, or one municipality or provider of it, in one
    year of `start_date`; the members that do not apply are left out."""

    region: str
    municipality: NotRequired[str]
    provider: NotRequired[Annotated[str, Field(description="AGB code")]]
    year: int


class PreviousYear(TypedDict):
    year: int
    numerator: int
    denominator: int
    value: float


class SourceCite(TypedDict):
    document: str
    section: str


class PopulationEntry(TypedDict):
    """One figure. A plain dictionary, not a model: there is an entry per provider, and an
    export may name a hundred thousand (`triage.audit.summary.summary_json` writes them as
    they are). The keys in this order; `_Figures.entry` makes them."""

    rule: str
    principle: str
    scope: Scope
    measure: str
    numerator: Annotated[int, Field(description="decisions in the figure")]
    denominator: Annotated[int, Field(description="decisions the rule counts")]
    value: Annotated[float, Field(description="numerator / denominator, rounded to 4 decimals")]
    threshold: Annotated[
        float | None, Field(description="null where the document gives no number (a parameter without value)")
    ]
    outcome: Annotated[str, Field(description="signaal | conform")]
    message: Annotated[str, Field(description="Dutch")]
    source: SourceCite
    # extensions
    title: str
    label: Annotated[str, Field(description="extension: the scope in Dutch words")]
    compare: Annotated[str, Field(description="extension: what the threshold is held against: share|growth")]
    previous: Annotated[PreviousYear | None, Field(description="extension, growth rules: the year before")]
    growth: Annotated[float | None, Field(description="extension, growth rules: value minus last year's")]
    remedy: Annotated[str | None, Field(description="extension: what to look into, when it is signaal")]


def percent_text(fraction: Fraction | float) -> str:
    """`68,7%` (Dutch, one decimal)."""
    return f"{float(fraction) * 100:.1f}%".replace(".", ",")


def points_text(fraction: Fraction | float) -> str:
    """`3,1 procentpunt` (Dutch, one decimal)."""
    return f"{abs(float(fraction)) * 100:.1f} procentpunt".replace(".", ",")


_AT_LEAST = {
    "less_than": "minstens",
    "at_most": "meer dan",
    "greater_than": "hoogstens",
    "at_least": "minder dan",
}


def threshold_parameters(book: Rulebook) -> set[str]:
    """The parameters population rules hold their figures against."""
    return {
        rule.measure.signal_when.operand.name
        for rule in book.population_rules
        if rule.measure is not None
        and rule.measure.signal_when is not None
        and isinstance(rule.measure.signal_when.operand, ParamRef)
    }


def population_entries(
    book: Rulebook,
    counts: Counts,
    provider_names: dict[str, str],
    on: dt.date | None,
    parameter_overrides: dict[str, Any] | None = None,
    share: tuple[int, int] = (0, 1),
) -> list[PopulationEntry]:
    """Every population rule's entries, by rule, scope (region, municipalities, providers)
    and year. `on`: the audit's `--on` (parameters in force then), else per year its last
    day. `parameter_overrides`: threshold values for a scenario, over the rule files'.

    There is an entry per provider, and an export may name a hundred thousand: the counts
    are gone through once, and what the entries of one rule, region, municipality and year
    share (parameters, threshold, title, the message with all but the figure filled in) is
    made once (`_Figures`). `share` (i, n): only the i-th of n shares, for n processes to
    make them at once (`joined` puts the shares together): the region's and municipalities'
    entries in the first, each rule's providers in n runs of about equal length."""
    part, parts = share
    per_rule: dict[str, list[tuple[tuple[str, str, str, str | None, int], list[int]]]] = defaultdict(list)
    for key, cell in counts.items():
        per_rule[key[0]].append((key, cell))
    overrides = parameter_overrides or {}

    rules = {rule.id: rule for rule in book.population_rules}

    @functools.cache
    def figures(rule: str, region: str, municipality: str, year: int) -> _Figures:
        day = on or dt.date(year, 12, 31)
        params = book.parameters(region, municipality, day) | overrides
        return _Figures(book, rules[rule], region, year, params)

    entries: list[PopulationEntry] = []
    for rule in book.population_rules:
        # (kind: its place in SCOPE_KINDS, region, municipality, provider; "" where none)
        # -> year -> [denominator, numerator]: the keys sort in the order of the entries
        scoped: dict[tuple[int, str, str, str], dict[int, list[int]]] = {}
        for (_, region, municipality, provider, year), (denominator, numerator) in per_rule[rule.id]:
            # the region and municipalities only in the first share
            keys = [(0, region, "", ""), (1, region, municipality, "")] if part == 0 else []
            if provider is not None:
                keys.append((2, region, "", provider))
            for key in keys:
                years = scoped.get(key)
                if years is None:
                    scoped[key] = {year: [denominator, numerator]}
                elif (cell := years.get(year)) is None:
                    years[year] = [denominator, numerator]
                else:
                    cell[0] += denominator
                    cell[1] += numerator
        ordered = sorted(scoped)
        wide = bisect.bisect_left(ordered, (2,))  # the providers' scopes come last
        providers = len(ordered) - wide
        chosen = ordered[wide + providers * part // parts : wide + providers * (part + 1) // parts]
        for key in ordered[:wide] + chosen if part == 0 else chosen:
            kind, region, municipality, provider = key
            years = scoped[key]
            label = _label(book, SCOPE_KINDS[kind], region, municipality, provider, provider_names)
            for year in sorted(years) if len(years) > 1 else years:
                scope: Scope = {"region": region}
                if kind == 1:
                    scope["municipality"] = municipality
                elif kind == 2:
                    scope["provider"] = provider
                scope["year"] = year
                made = figures(rule.id, region, municipality, year)
                entries.append(made.entry(scope, label, years[year], years.get(year - 1)))
    return entries


def joined(book: Rulebook, shares: list[list[PopulationEntry]]) -> list[PopulationEntry]:
    """The entries of `population_entries`' shares (in share order), in its own order."""
    runs = [{rule: list(run) for rule, run in itertools.groupby(entries, _RULE)} for entries in shares]
    return [entry for rule in book.population_rules for found in runs for entry in found.get(rule.id, ())]


_RULE = operator.itemgetter("rule")


# the values of a population message that differ from one scope to the next
_SCOPE_VALUES = ("scope_name", "numerator", "denominator", "share_text")


class _Figures:
    """What the entries of one rule share in a region (or municipality) and year: its
    parameters, threshold, title and source, and its message and remedy with every value
    but the scope's own filled in."""

    def __init__(self, book: Rulebook, rule: Rule, region: str, year: int, params: dict[str, Any]) -> None:
        measure, source = rule.measure, rule.source
        assert measure is not None and source is not None and source.section is not None
        self.rule, self.measure, self.year = rule, measure, year
        self.source = (source.document, source.section)
        self.signal = signal = measure.signal_when
        self.threshold: float | None = None
        if signal is not None:
            operand = signal.operand
            found = params.get(operand.name) if isinstance(operand, ParamRef) else operand
            self.threshold = None if found is None else float(found)
        self.limit = None if self.threshold is None else Fraction(str(self.threshold))
        # the comparison of the signal, when there is a threshold to compare with
        self.comparison = None
        if signal is not None and self.limit is not None:
            self.comparison = OPERATORS[signal.operator].comparison
            assert self.comparison is not None, f"{signal.operator} does not compare"
        self.title = title_text(rule, book, params)
        self.no_number = (
            f" Het document noemt geen getal: de parameter {_param_name(rule)} heeft geen waarde, "
            "dus alleen het cijfer."
            if signal is not None and self.threshold is None
            else ""
        )
        fixed = {
            **params,
            "year": year,
            "threshold_text": _threshold_text(rule, self.threshold),
            "region_name": book.regions[region].name,
        }
        for name in _SCOPE_VALUES:
            fixed.pop(name, None)
        self.message = Template(rule.message, book, fixed)
        self.remedy = Template(rule.remedy, book, fixed) if rule.remedy else None

    def entry(self, scope: Scope, label: str, cell: list[int], before: list[int] | None) -> PopulationEntry:
        """The entry of one scope: `cell` its [denominator, numerator] in this year, `before`
        those of the year before, if counted."""
        rule, measure, year = self.rule, self.measure, self.year
        denominator, numerator = cell
        share = Fraction(numerator, denominator)
        previous: PreviousYear | None = None
        growth: Fraction | None = None
        if measure.compare == "growth" and before is not None and before[0] > 0:
            before_den, before_num = before
            growth = share - Fraction(before_num, before_den)
            previous = {
                "year": year - 1,
                "numerator": before_num,
                "denominator": before_den,
                "value": round(before_num / before_den, 4),
            }
        subject = growth if measure.compare == "growth" else share
        fires = (
            self.comparison is not None and subject is not None and self.comparison.holds(subject, self.limit)
        )
        values = {
            "scope_name": label,
            "numerator": numerator,
            "denominator": denominator,
            "share_text": percent_text(share),
        }
        message = self.message.fill(values)
        message += _growth_sentence(rule, year, previous, growth, self.signal, self.threshold)
        message += self.no_number
        return {  # a literal: calling the TypedDict would take longer
            "rule": rule.id,
            "principle": rule.principle,
            "scope": scope,
            "measure": measure.name,
            "numerator": numerator,
            "denominator": denominator,
            "value": round(numerator / denominator, 4),
            "threshold": self.threshold,
            "outcome": "signaal" if fires else "conform",
            "message": message,
            "source": {"document": self.source[0], "section": self.source[1]},
            "title": self.title,
            "label": label,
            "compare": measure.compare,
            "previous": previous,
            "growth": None if growth is None else round(float(growth), 4),
            "remedy": self.remedy.fill(values) if fires and self.remedy is not None else None,
        }


def _param_name(rule: Rule) -> str:
    signal = rule.measure.signal_when if rule.measure else None
    return signal.operand.name if signal is not None and isinstance(signal.operand, ParamRef) else "?"


def _threshold_text(rule: Rule, threshold: float | None) -> str:
    signal = rule.measure.signal_when if rule.measure else None
    if signal is None or threshold is None:
        return "(geen drempel)"
    if rule.measure is not None and rule.measure.compare == "growth":
        return f"{_AT_LEAST[signal.operator]} {points_text(threshold)} toename"
    return f"{_AT_LEAST[signal.operator]} {percent_text(threshold)}"


def _growth_sentence(
    rule: Rule,
    year: int,
    previous: PreviousYear | None,
    growth: Fraction | None,
    signal: Any,
    threshold: float | None,
) -> str:
    if rule.measure is None or rule.measure.compare != "growth":
        return ""
    if previous is None or growth is None:
        return f" Over {year - 1} is hier niets geteld: er is geen groei te berekenen."
    change = "een toename" if growth > 0 else "een afname" if growth < 0 else "geen verandering"
    text = (
        f" In {previous['year']}: {previous['numerator']} van de {previous['denominator']} "
        f"({percent_text(Fraction(previous['numerator'], previous['denominator']))}); "
        + (f"{change} van {points_text(growth)}." if growth != 0 else f"{change}.")
    )
    if signal is not None and threshold is not None:
        text += f" Grens voor een grote toename: {points_text(threshold)}."
    return text


def _label(
    book: Rulebook,
    kind: str,
    region: str,
    municipality: str | None,
    provider: str | None,
    provider_names: dict[str, str],
) -> str:
    if kind == "region":
        return f"Regio {book.regions[region].name}"
    if kind == "municipality":
        return f"Gemeente {municipality}"
    name = provider_names.get(provider or "")
    return f"Aanbieder {name} ({provider})" if name else f"Aanbieder {provider}"
