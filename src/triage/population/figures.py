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

import datetime as dt
from collections import defaultdict
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from triage.explanation import render, title_text
from triage.rulebook.conditions import ParamRef
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import Rule
from triage.rulebook.operators import OPERATORS

# (rule, region, municipality, provider_id or None, year) -> [denominator, numerator]
Counts = dict[tuple[str, str, str, str | None, int], list[int]]
SCOPE_KINDS = ("region", "municipality", "provider")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Scope(_Model):
    """Where a figure is counted: the region, or one municipality or provider of it, in one
    year of `start_date`. Serialised without the members that are not set."""

    region: str
    municipality: str | None = None
    provider: str | None = Field(None, description="AGB code")
    year: int

    @model_serializer(mode="wrap")
    def _set_members(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {key: value for key, value in handler(self).items() if value is not None}


class PreviousYear(_Model):
    year: int
    numerator: int
    denominator: int
    value: float


class SourceCite(_Model):
    document: str
    section: str


class PopulationEntry(_Model):
    rule: str
    principle: str
    scope: Scope
    measure: str
    numerator: int = Field(description="decisions in the figure")
    denominator: int = Field(description="decisions the rule counts")
    value: float = Field(description="numerator / denominator, rounded to 4 decimals")
    threshold: float | None = Field(
        description="null where the document gives no number (a parameter without value)"
    )
    outcome: str = Field(description="signaal | conform")
    message: str = Field(description="Dutch")
    source: SourceCite
    # extensions
    title: str
    label: str = Field(description="extension: the scope in Dutch words")
    compare: str = Field("share", description="extension: what the threshold is held against: share | growth")
    previous: PreviousYear | None = Field(None, description="extension, growth rules: the year before")
    growth: float | None = Field(None, description="extension, growth rules: value minus last year's value")
    remedy: str | None = Field(None, description="extension: what to look into, when the outcome is signaal")


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


def _holds(operator: str, subject: Fraction, threshold: Fraction) -> bool:
    """A figure against its threshold, with the comparison of the operator table."""
    comparison = OPERATORS[operator].comparison
    assert comparison is not None, f"{operator} does not compare"
    return comparison.holds(subject, threshold)


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
) -> list[PopulationEntry]:
    """Every population rule's entries, by rule, scope (region, municipalities, providers)
    and year. `on`: the audit's `--on` (parameters in force then), else per year its last
    day. `parameter_overrides`: threshold values for a scenario, over the rule files'.

    There is an entry per provider, and an export may name a hundred thousand: the counts
    are gone through once, the parameters and titles looked up once per region,
    municipality and day."""
    per_rule: dict[str, list[tuple[tuple[str, str, str, str | None, int], list[int]]]] = defaultdict(list)
    for key, cell in counts.items():
        per_rule[key[0]].append((key, cell))
    settings = _Settings(book, on, parameter_overrides or {})
    entries: list[PopulationEntry] = []
    for rule in book.population_rules:
        scoped: dict[tuple[str, str, str | None, str | None], dict[int, list[int]]] = {}
        for (_, region, municipality, provider, year), (denominator, numerator) in per_rule[rule.id]:
            keys = [("region", region, None, None), ("municipality", region, municipality, None)]
            if provider is not None:
                keys.append(("provider", region, None, provider))
            for key in keys:
                years = scoped.setdefault(key, {})
                cell = years.get(year)
                if cell is None:
                    years[year] = [denominator, numerator]
                else:
                    cell[0] += denominator
                    cell[1] += numerator
        order = sorted(scoped, key=lambda k: (SCOPE_KINDS.index(k[0]), k[1], k[2] or "", k[3] or ""))
        for key in order:
            years = scoped[key]
            for year in sorted(years):
                entries.append(_entry(book, rule, key, year, years, provider_names, settings))
    return entries


class _Settings:
    """The parameters (with a scenario's overrides) and rule titles of a scope's day, each
    looked up once: the scopes of one region share them."""

    def __init__(self, book: Rulebook, on: dt.date | None, overrides: dict[str, Any]) -> None:
        self.book, self.on, self.overrides = book, on, overrides
        self._params: dict[tuple[str, str, dt.date], dict[str, Any]] = {}
        self._titles: dict[tuple[str, str, str, dt.date], str] = {}

    def params(self, region: str, municipality: str, year: int) -> dict[str, Any]:
        day = self.on or dt.date(year, 12, 31)
        found = self._params.get((region, municipality, day))
        if found is None:
            found = self.book.parameters(region, municipality, day) | self.overrides
            self._params[region, municipality, day] = found
        return found

    def title(self, rule: Rule, region: str, municipality: str, year: int) -> str:
        day = self.on or dt.date(year, 12, 31)
        found = self._titles.get((rule.id, region, municipality, day))
        if found is None:
            found = title_text(rule, self.book, self.params(region, municipality, year))
            self._titles[rule.id, region, municipality, day] = found
        return found


def _entry(
    book: Rulebook,
    rule: Rule,
    key: tuple[str, str, str | None, str | None],
    year: int,
    years: dict[int, list[int]],
    provider_names: dict[str, str],
    settings: _Settings,
) -> PopulationEntry:
    assert rule.measure is not None and rule.source is not None and rule.source.section is not None
    kind, region, municipality, provider = key
    denominator, numerator = years[year]
    share = Fraction(numerator, denominator)
    params = settings.params(region, municipality or "", year)
    signal = rule.measure.signal_when
    threshold: float | None = None
    if signal is not None:
        operand = signal.operand
        threshold = params.get(operand.name) if isinstance(operand, ParamRef) else operand
    previous: PreviousYear | None = None
    growth: Fraction | None = None
    if rule.measure.compare == "growth" and years.get(year - 1, [0, 0])[0] > 0:
        before_den, before_num = years[year - 1]
        growth = share - Fraction(before_num, before_den)
        previous = PreviousYear(
            year=year - 1,
            numerator=before_num,
            denominator=before_den,
            value=round(before_num / before_den, 4),
        )
    subject = growth if rule.measure.compare == "growth" else share
    fires = (
        signal is not None
        and threshold is not None
        and subject is not None
        and _holds(signal.operator, subject, Fraction(str(threshold)))
    )
    label = _label(book, kind, region, municipality, provider, provider_names)
    values: dict[str, Any] = {
        **params,
        "scope_name": label,
        "year": year,
        "numerator": numerator,
        "denominator": denominator,
        "share_text": percent_text(share),
        "threshold_text": _threshold_text(rule, threshold),
        "region_name": book.regions[region].name,
    }
    message = render(rule.message, values, book)
    message += _growth_sentence(rule, year, previous, growth, signal, threshold)
    if signal is not None and threshold is None:
        message += (
            f" Het document noemt geen getal: de parameter {_param_name(rule)} heeft geen waarde, "
            "dus alleen het cijfer."
        )
    return PopulationEntry(
        rule=rule.id,
        principle=rule.principle,
        scope=Scope(region=region, municipality=municipality, provider=provider, year=year),
        measure=rule.measure.name,
        numerator=numerator,
        denominator=denominator,
        value=round(numerator / denominator, 4),
        threshold=threshold,
        outcome="signaal" if fires else "conform",
        message=message,
        source=SourceCite(document=rule.source.document, section=rule.source.section),
        title=settings.title(rule, region, municipality or "", year),
        label=label,
        compare=rule.measure.compare,
        previous=previous,
        growth=None if growth is None else round(float(growth), 4),
        remedy=render(rule.remedy, values, book) if fires and rule.remedy else None,
    )


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
        f" In {previous.year}: {previous.numerator} van de {previous.denominator} "
        f"({percent_text(Fraction(previous.numerator, previous.denominator))}); "
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
