"""The schema of everything under `rules/`: catalogue, region data and rule files.

Pydantic validates the shape; `triage.rulebook.loader` checks what needs the whole book
(that every fact, parameter and placeholder a rule names exists).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    model_validator,
)

from triage.rulebook.conditions import (
    Condition,
    ConditionError,
    DateExpr,
    ParamRef,
    parse_condition,
    parse_date_expr,
    parse_operand,
)
from triage.rulebook.operators import NUMBER_COMPARISONS
from triage.vocabulary import Law, Outcome, PriorityClass, Service

RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,4}(-[A-Z0-9]+)+$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+([-_][a-z0-9]+)*$")]
DutchText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# "5.4" written without quotes is read as a float; sections are text
SectionText = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int | float) else v)]
CROSS_REGION = "cross-region"
# `source: {document: regional}`: a cross-region rule that cites, per decision, the region's
# own document where it says from when it applies (catalogue.yaml `in_force_*`)
REGIONAL_SOURCE = "regional"


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


# ---------------------------------------------------------------- catalogue.yaml
class Document(_Schema):
    id: str
    title: DutchText
    region: str | None = None
    # what the document calls itself when it is not final, e.g. "consultatieversie" (MH-2025);
    # shown beside every citation
    status: str | None = None
    # a regional document: the first date of the decisions it applies to, and where the
    # document says so (cited by the regionaal-kader signal)
    in_force_from: dt.date | None = None
    in_force_section: SectionText | None = None
    in_force_quote: str | None = None

    @model_validator(mode="after")
    def _regional_dates(self) -> Document:
        if self.region and not (self.in_force_from and self.in_force_section):
            raise ValueError(
                "een regionaal document noemt in_force_from en in_force_section (waar het document"
                " zegt vanaf wanneer het geldt)"
            )
        return self


class Principle(_Schema):
    id: Slug
    name: DutchText  # how the explanation names it


class Ground(_Schema):
    id: Slug
    description: DutchText  # Dutch, shown in remedies


class Catalogue(_Schema):
    documents: list[Document]
    principles: list[Principle]
    grounds: list[Ground]
    # vocabulary (triage.vocabulary.VOCABULARIES) -> value -> the Dutch words messages show
    labels: dict[str, dict[str, DutchText]] = Field(default_factory=dict)


# ---------------------------------------------------------------- region.yaml
class Source(_Schema):
    document: str
    section: SectionText | None = None
    quote: str | None = None


class Municipality(_Schema):
    name: DutchText
    cbs: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    # dated membership: a municipality that merged away is a member through `valid_to`
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str | None = None  # Dutch, e.g. which merger ended it

    def member_on(self, on: dt.date) -> bool:
        """Whether the municipality belongs to the region on `on`."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


class Segment(_Schema):
    id: str
    name: DutchText
    laws: list[Law]
    services: list[Service] = Field(default_factory=list)
    # services named by a (per-municipality) parameter instead, e.g. KL segment A
    services_param: str | None = None
    note: str | None = None  # Dutch, e.g. where a service is bought instead


class ParameterValue(_Schema):
    value: Any
    valid_from: dt.date
    valid_to: dt.date | None = None
    municipality: str | None = None  # only for this municipality (name)
    source: Source | None = None

    def in_force(self, on: dt.date) -> bool:
        """Whether this value applies to decisions dated `on`."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Parameter(_Schema):
    description: DutchText
    # a number parameter with a unit is shown with it in texts ("9 maanden", "1 dag"):
    # `unit` for every amount but one, `unit_one` for 1 (default: `unit`)
    unit: str | None = None
    unit_one: str | None = None
    # a list of vocabulary values (e.g. `service`): messages show them in Dutch words
    vocabulary: str | None = None
    # municipality: the name of one of the region's municipalities (e.g. its centrumgemeente);
    # table: a mapping key -> number, e.g. minimum tariffs per "product_code/unit" (contract level)
    kind: str = Field(pattern=r"^(number|list|text|municipality|table)$")
    values: list[ParameterValue] = Field(default_factory=list)  # empty: no default

    def value_on(self, municipality: str | None, on: dt.date) -> ParameterValue | None:
        """The value in force on `on` for a municipality (name): its own value if it has
        one in force, else the region-wide one; of several, the latest `valid_from`."""
        general = [v for v in self.values if v.municipality is None and v.in_force(on)]
        local = [v for v in self.values if v.municipality == municipality and v.in_force(on)]
        return max(local or general, key=lambda v: v.valid_from, default=None)

    @model_validator(mode="after")
    def _values_fit_kind(self) -> Parameter:
        for entry in self.values:
            ok = {
                "number": isinstance(entry.value, int | float) and not isinstance(entry.value, bool),
                "list": isinstance(entry.value, list),
                "text": isinstance(entry.value, str),
                "municipality": isinstance(entry.value, str),
                "table": isinstance(entry.value, dict)
                and all(
                    isinstance(amount, int | float) and not isinstance(amount, bool)
                    for amount in entry.value.values()
                ),
            }[self.kind]
            if not ok:
                raise ValueError(f"waarde {entry.value!r} past niet bij kind {self.kind}")
        return self


class RegionData(_Schema):
    region: str
    name: DutchText
    documents: list[str] = Field(default_factory=list)
    municipalities: list[Municipality] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    parameters: dict[str, Parameter] = Field(default_factory=dict)


# ---------------------------------------------------------------- rule files
def _parse_condition_field(raw: Any) -> Condition | None:
    return None if raw is None else parse_condition(raw)


ConditionField = Annotated[
    Any,
    BeforeValidator(_parse_condition_field),
    PlainSerializer(lambda value: repr(value), return_type=str),
]


def _parse_computed(raw: Any) -> dict[str, DateExpr]:
    if not isinstance(raw, dict):
        raise ValueError("compute verwacht een mapping naam -> datumexpressie")
    result = {}
    for name, expr in raw.items():
        if not isinstance(expr, dict) or "date" not in expr:
            raise ValueError(f"compute.{name}: verwacht {{date: feit, plus_months, plus_days}}")
        result[name] = parse_date_expr(expr, ("compute", name))
    return result


class Unless(_Schema):
    """The "tenzij" of a rule: which recorded exception grounds count. At contract level
    `deviation: true`: a deviation the contract records with a motivation (maatwerk) counts."""

    grounds: list[Slug] = Field(default_factory=list)
    any_ground: bool = False
    deviation: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> Unless:
        if [bool(self.grounds), self.any_ground, self.deviation].count(True) != 1:
            raise ValueError(
                "unless: geef `grounds: [...]`, `any_ground: true` of `deviation: true` (één daarvan)"
            )
        return self

    def accepts(self, ground: str) -> bool:
        """Whether a recorded ground counts for this rule (a deviation has the ground
        `DEVIATION_GROUND`)."""
        if self.deviation:
            return ground == DEVIATION_GROUND
        return self.any_ground or ground in self.grounds


# the ground a contract's recorded deviation is weighed under (not a catalogue ground)
DEVIATION_GROUND = "maatwerk"


class StartWithin(_Schema):
    """Latest start after the request; each a number or the name of a parameter."""

    days: int | str | None = None
    months: int | str | None = None

    def amount(self, params: dict[str, Any]) -> tuple[str, int | None]:
        """('days' | 'months', the number, resolved from params when named)."""
        unit, value = ("days", self.days) if self.days is not None else ("months", self.months)
        if isinstance(value, str):
            value = params.get(value)
        return unit, None if value is None else int(value)

    @model_validator(mode="after")
    def _one_of(self) -> StartWithin:
        if (self.days is None) == (self.months is None):
            raise ValueError("start_within: geef days of months (één van beide)")
        return self


class PriorityEffect(_Schema):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    priority_class: PriorityClass = Field(alias="class")
    start_within: StartWithin | None = None


PLACEHOLDER = re.compile(r"\{([^{}]*)\}")  # `{name}` in message and remedy texts

# What a rule is about: one decision (the default), one contract of the register, or the
# population of decisions an audit counts (see rules/README.md, "Levels").
LEVELS = ("decision", "contract", "population")


class SignalWhen(_Schema):
    """When a population figure raises its signal: `{less_than: 0.8}` or
    `{greater_than: {param: name}}` (a number or a parameter; no parameter value: no signal)."""

    operator: str
    operand: float | ParamRef


def _parse_signal_when(raw: Any) -> SignalWhen | None:
    if raw is None or isinstance(raw, SignalWhen):
        return raw
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ValueError("signal_when: verwacht één vergelijking, bijvoorbeeld {less_than: {param: naam}}")
    operator, operand = next(iter(raw.items()))
    if operator not in NUMBER_COMPARISONS:
        known = ", ".join(sorted(NUMBER_COMPARISONS))
        raise ValueError(f"signal_when: operator {operator!r}; verwacht een van: {known}")
    try:
        value = parse_operand(operand, ("measure", "signal_when", operator))
    except ConditionError as exc:
        raise ValueError(f"signal_when: {exc}") from None
    if not isinstance(value, ParamRef) and (not isinstance(value, int | float) or isinstance(value, bool)):
        raise ValueError("signal_when: verwacht een getal of {param: naam}")
    return SignalWhen(operator=operator, operand=value if isinstance(value, ParamRef) else float(value))


# Names a population rule's message and remedy may use (besides parameters); the values are
# made per entry by `triage.population.figures`.
POPULATION_TEMPLATE_NAMES = frozenset(
    {"scope_name", "year", "numerator", "denominator", "share_text", "threshold_text", "region_name"}
)


class Measure(_Schema):
    """What a population rule counts: among the decisions its `applies_to` selects (the
    denominator), those for which `when` holds (the numerator), per region, municipality,
    provider and year of `start_date`."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]  # the entry's `measure`
    compare: Literal["share", "growth"] = "share"  # growth: the share minus last year's share
    signal_when: Annotated[SignalWhen | None, BeforeValidator(_parse_signal_when)] = None


class Rule(_Schema):
    """One rule, as a policy officer would read it aloud."""

    id: RuleId
    principle: Slug
    title: DutchText
    valid_from: dt.date | None = None  # defaults to the file's
    valid_to: dt.date | None = None
    applies_to: ConditionField = None
    when: ConditionField = None
    compute: Annotated[dict[str, DateExpr], BeforeValidator(_parse_computed)] = Field(default_factory=dict)
    outcome: Outcome | None = None
    priority: PriorityEffect | None = None
    unless: Unless | None = None
    message: DutchText
    remedy: DutchText | None = None
    # a concrete change that makes the decision fit: decision field -> value or operand,
    # e.g. {end_date: {computed: last_allowed_end_date}}; offered only when every value is known
    suggest: dict[str, Any] = Field(default_factory=dict)
    # the remedy when a value of `suggest` is not known (then there is no suggestion to offer)
    remedy_without_suggestion: DutchText | None = None
    source: Source | None = None  # merged over the file's default source
    level: Literal["decision", "contract", "population"] = "decision"
    measure: Measure | None = None  # population level: what is counted and when it signals
    # contract level: `budget` evaluates the rule once per row of the budgets input that
    # belongs to the contract (its region, provider and term), with that row's facts
    per: Literal["budget"] | None = None
    # filled in by the loader
    region: str = ""
    file: str = ""
    line: int = 0

    @model_validator(mode="after")
    def _coherent(self) -> Rule:
        if self.level != "decision":
            return self._coherent_at_level()
        if self.measure is not None or self.per is not None:
            raise ValueError("measure en per horen bij level population en contract")
        if self.unless is not None and self.unless.deviation:
            raise ValueError("unless.deviation (maatwerk) hoort bij level contract")
        if (self.outcome is None) == (self.priority is None):
            raise ValueError("een regel heeft óf een outcome óf een priority")
        if self.outcome == Outcome.CONFORM:
            raise ValueError("outcome conform is geen bevinding; laat de regel weg")
        if self.outcome == Outcome.CONFORM_MET_UITZONDERING:
            raise ValueError(
                "outcome conform_met_uitzondering volgt uit `unless`; geef de uitkomst zonder uitzondering"
            )
        needs_remedy = self.outcome in (Outcome.MOTIVERING_VEREIST, Outcome.NIET_CONFORM)
        if needs_remedy and not self.remedy:
            raise ValueError(f"outcome {self.outcome.value} vraagt een remedy (wat maakt het passend)")
        if self.remedy_without_suggestion and not (self.suggest and self.remedy):
            raise ValueError("remedy_without_suggestion is het alternatief van remedy bij een suggest")
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValueError("valid_to ligt vóór valid_from")
        return self

    def _coherent_at_level(self) -> Rule:
        """Contract and population rules: an outcome (a population figure may have none),
        never a priority or suggestion."""
        if self.priority is not None or self.suggest or self.remedy_without_suggestion:
            raise ValueError(f"level {self.level}: geen priority of suggest")
        if self.level == "contract":
            if self.measure is not None:
                raise ValueError("measure hoort bij level population")
            if self.outcome is None:
                raise ValueError("een contractregel heeft een outcome")
            if self.unless is not None and not self.unless.deviation:
                raise ValueError(
                    "level contract: een afwijking (maatwerk) telt met `unless: {deviation: true}`; "
                    "een contract kent geen uitzonderingsgronden"
                )
        else:
            if self.measure is None or self.when is None:
                raise ValueError("een populatieregel heeft een measure en een when (wat geteld wordt)")
            if self.per is not None or self.unless is not None:
                raise ValueError("level population: geen per of unless")
            signals = self.measure.signal_when is not None
            if signals and self.outcome != Outcome.SIGNAAL:
                raise ValueError("een populatieregel met signal_when heeft outcome signaal")
            if not signals and self.outcome is not None:
                raise ValueError("een populatieregel zonder signal_when is een cijfer: geen outcome")
        if self.outcome == Outcome.CONFORM or self.outcome == Outcome.CONFORM_MET_UITZONDERING:
            raise ValueError("outcome: geef signaal, motivering_vereist of niet_conform")
        if self.outcome in (Outcome.MOTIVERING_VEREIST, Outcome.NIET_CONFORM) and not self.remedy:
            raise ValueError(f"outcome {self.outcome.value} vraagt een remedy (wat maakt het passend)")
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValueError("valid_to ligt vóór valid_from")
        return self

    def placeholders(self) -> set[str]:
        """Names used as `{name}` in title, message and remedies."""
        texts = [self.title, self.message, self.remedy or "", self.remedy_without_suggestion or ""]
        return {match.strip() for text in texts for match in PLACEHOLDER.findall(text)}

    def title_placeholders(self) -> set[str]:
        """Names used as `{name}` in the title (parameters only: a title holds for every decision)."""
        return {match.strip() for match in PLACEHOLDER.findall(self.title)}

    def in_force(self, on: dt.date) -> bool:
        """Whether the rule applies to decisions whose rules are taken on `on`."""
        assert self.valid_from is not None
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class RuleFile(_Schema):
    region: str
    group: Slug
    level: Literal["decision", "contract", "population"] | None = None  # default of the rules below
    source: Source
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    rules: list[dict[str, Any]]  # validated one by one, so errors name the rule id
