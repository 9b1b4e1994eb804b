"""`VectorisedEngine.evaluate`: a frame of valid decisions in, a frame of outcomes out.

The input frame is what `triage.audit.flat_frame` produces (typed decision columns, see
`DECISION_COLUMNS`); the output has, per decision, the outcome as JSON text (the same
outcome `triage check --format json` gives), its verdict, priority class, and a long table
of findings for the audit summary.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from triage.engine.vectorised import dates
from triage.engine.vectorised.conditions import condition_expression, shifted_dates
from triage.engine.vectorised.context import WORD_BITS, ContextTable, in_force_column
from triage.engine.vectorised.explain import (
    DEFAULT_PRIORITY,
    Columns,
    FindingText,
    finding_json,
    priority_candidate,
)
from triage.engine.vectorised.facts import with_derived_facts
from triage.engine.vectorised.json_text import concat, json_literal, json_value, model_members, object_pieces
from triage.engine.vectorised.plans import collect, collect_all
from triage.fact_types import FactType
from triage.facts import FACTS
from triage.outcome import Outcome as OutcomeModel
from triage.outcome import Receipt
from triage.population.counting import population_plan
from triage.rulebook.conditions import DateExpr, ParamRef, walk_tests
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import Rule
from triage.version import __version__
from triage.vocabulary import Outcome

EXCEPTION_TYPE = pl.List(pl.Struct({"principle": pl.Utf8, "ground": pl.Utf8, "motivated": pl.Boolean}))
DECISION_COLUMNS: dict[str, pl.DataType] = {
    "__row": pl.Int64,
    "id": pl.Utf8,
    "region": pl.Utf8,
    "municipality": pl.Utf8,
    "municipality_code": pl.Utf8,
    "residence_municipality": pl.Utf8,
    "residence_region": pl.Utf8,
    "law": pl.Utf8,
    "request_date": pl.Date,
    "decision_date": pl.Date,
    "client_id": pl.Utf8,
    "birth_date": pl.Date,
    "child_protection": pl.Utf8,
    "social_network_involved": pl.Boolean,
    "network_strengthening": pl.Boolean,
    "crisis": pl.Boolean,
    "service": pl.Utf8,
    "product_code": pl.Utf8,
    "product_category": pl.Utf8,
    "variant": pl.Utf8,
    "form": pl.Utf8,
    "provider_id": pl.Utf8,
    "contract": pl.Utf8,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "volume_amount": pl.Float64,
    "volume_unit": pl.Utf8,
    "volume_per": pl.Utf8,
    "perspective": pl.Utf8,
    "referrer": pl.Utf8,
    "goals_count": pl.Int64,
    "activities": pl.List(pl.Utf8),
    "education_arrangement": pl.Boolean,
    "part_of_treatment": pl.Utf8,
    "extends": pl.Utf8,
    "progress": pl.Boolean,
    "exceptions": EXCEPTION_TYPE,
    "exceptions_count": pl.Int64,
}
DATE_COLUMNS = tuple(name for name, dtype in DECISION_COLUMNS.items() if dtype == pl.Date)
_VERDICT = {o.severity: o.value for o in Outcome if o != Outcome.SIGNAAL}  # signals do not count


def _by_severity(texts: dict[int, str]) -> pl.Expr:
    """The text for each row's `severity` (0, 1, ...), looked up by position: a gather is
    cheaper than `replace_strict` with a mapping (measured: bench/README.md, "Figures
    behind the code")."""
    assert sorted(texts) == list(range(len(texts))), "severities are numbered from 0 without gaps"
    return pl.lit(pl.Series([texts[severity] for severity in range(len(texts))])).gather(pl.col("severity"))


@dataclass
class Evaluation:
    """Outcomes of one frame: `outcomes` (__row, verdict, priority class, priority_start_by,
    priority_rule: null without a priority rule), their JSON text as
    pieces `text` (__row, seq, text: a row's pieces in `seq` order make its outcome) and
    `findings` (__row, rule, outcome) for every finding.

    The text stays in pieces so that a writer can put them in order and write them out
    without first joining each row's pieces into one string (see `json`)."""

    outcomes: pl.DataFrame
    text: pl.DataFrame
    findings: pl.DataFrame
    applied: dict[str, int]  # rule -> decisions it applied to (fired or passed)
    # counts of the population rules (`triage.population.counting.population_plan`, read
    # with `population_rows`)
    population: pl.DataFrame | None = None

    def ordered_text(self) -> pl.DataFrame:
        """The pieces in output order: by row, then `seq`."""
        return self.text.sort("__row", "seq")

    def json(self) -> pl.DataFrame:
        """(__row, json): each outcome as one JSON text, in row order."""
        return (
            self.ordered_text()
            .group_by("__row", maintain_order=True)
            .agg(pl.col("text").str.join(""))
            .rename({"text": "json"})
        )


class VectorisedEngine:
    """The rule book compiled to polars expressions; `evaluate` is safe to call repeatedly."""

    def __init__(self, book: Rulebook):
        self.book = book
        self.context = ContextTable(book)
        self._list_facts = frozenset(name for name, spec in FACTS.items() if spec.type == FactType.LIST)
        self._order = {rule.id: index for index, rule in enumerate(book.rules)}
        self._finding_rules = [rule for rule in book.rules if rule.outcome is not None]
        self._priority_rules = [rule for rule in book.rules if rule.priority is not None]
        self._memo: dict[tuple, Any] = {}
        self._shifted_dates = shifted_dates([*book.rules, *book.population_rules])
        self._layouts: dict[tuple, int] = {}  # frame layout (column names and types) -> number
        self._layout = 0  # of the frame being evaluated
        self._date_margin = _date_margin(book)
        self._id_list_texts: dict[str, dict[int, str]] = {}  # see `_id_list_masks`
        # canonical municipality name -> region: a known residence is given by its canonical name
        self._regions_by_name = {
            m.name: region for region, data in book.regions.items() for m in data.municipalities
        }

    # -- facts --------------------------------------------------------------------
    def _with_facts(self, decisions: pl.DataFrame, on: dt.date | None, today: dt.date) -> pl.LazyFrame:
        """The plan of `decisions` with the date of the rules as `decision_date`, the facts
        and the context columns."""
        rules_on = pl.lit(on, dtype=pl.Date) if on else pl.col("decision_date").fill_null(today)
        frame = decisions.lazy().with_columns(rules_on.alias("decision_date"))
        self.context.learn(frame)
        frame = with_derived_facts(
            frame,
            [
                self.context.epoch(pl.col("decision_date")).alias("__epoch"),
                pl.col("residence_municipality")
                .replace_strict(self._regions_by_name, default=None, return_dtype=pl.Utf8)
                .alias("residence_region"),
            ],
        )
        frame = self.context.join(frame)
        return frame.with_columns(**self._shifted_dates)

    # -- rules --------------------------------------------------------------------
    def _in_force(self, rule: Rule) -> pl.Expr:
        """The rule is in force on the decision's date, for the decision's region (its bit
        in the context table's in-force mask)."""
        word, bit = divmod(self._order[rule.id], WORD_BITS)
        return (pl.col(in_force_column(word)) & (1 << bit)) != 0

    def _applies(self, rule: Rule) -> pl.Expr:
        """The rule is in force for the decision's region and date, and `applies_to` holds."""
        applies = self._in_force(rule)
        if rule.applies_to is not None:
            applies = applies & condition_expression(rule.applies_to, rule, self._list_facts)
        return applies

    def supported(self, on: dt.date | None = None, today: dt.date | None = None) -> pl.Expr:
        """Whether the engine can take a decision (a row of `DECISION_COLUMNS`): its dates,
        and every date computed from them, lie inside the calendar tables of `dates`; rules
        exist on the date of the rules; and its municipality and the client's residence
        exist on that date. Other rows go the reference path, which names what is wrong."""
        decision_date = pl.lit(on, dtype=pl.Date) if on else pl.col("decision_date")
        rules_on = decision_date.fill_null(pl.lit(today or dt.date.today(), dtype=pl.Date))
        checks = [
            dates.supported(day, self._date_margin)
            for day in (decision_date, *(pl.col(name) for name in DATE_COLUMNS if name != "decision_date"))
        ]
        checks.append(rules_on >= pl.lit(self.book.first_rules_date, dtype=pl.Date))
        for _, municipality in self.book.dated_municipalities():
            first = municipality.valid_from or dt.date.min
            last = municipality.valid_to or dt.date.max
            member = rules_on.is_between(pl.lit(first, dtype=pl.Date), pl.lit(last, dtype=pl.Date))
            for column in ("municipality", "residence_municipality"):
                checks.append((pl.col(column) != municipality.name).fill_null(True) | member)
        return pl.all_horizontal(checks)

    def evaluate(
        self,
        decisions: pl.DataFrame,
        *,
        on: dt.date | None = None,
        today: dt.date | None = None,
        first_member: str | None = None,
        line_end: str = "",
    ) -> Evaluation:
        """Outcomes for every row of `decisions` (columns of `DECISION_COLUMNS`); every row
        must be `supported`.

        `first_member` names a column of `decisions` with JSON member text (`"key":value`)
        to put first in each outcome object; `line_end` is written after each object."""
        if not decisions.select(self.supported(on, today).all()).item():
            raise ValueError(
                "a decision's dates lie outside the calendar tables: see VectorisedEngine.supported"
            )
        # the frame's layout (column names and types), hashed once here, not in every `_cached` lookup
        self._layout = self._layouts.setdefault(tuple(decisions.schema.items()), len(self._layouts))
        plan = self._with_facts(decisions, on, today or dt.date.today())
        columns = self._cached(
            ("columns",),
            lambda: Columns(
                dict(plan.collect_schema()), set(self.context.param_kinds), self.book.units, self.book.labels
            ),
        )
        finding_rules, priority_rules = self._finding_rules, self._priority_rules
        for step in self._cached(("steps",), lambda: self._rule_steps(finding_rules)):
            plan = plan.with_columns(step)
        frame = collect(plan)
        plans = [
            self._findings(frame, finding_rules, columns),
            self._priority(frame, priority_rules, columns),
        ]
        if self.book.population_rules:
            plans.append(population_plan(frame.lazy(), self.book.population_rules, self._list_facts))
        findings, priorities, *population = collect_all(plans)
        masks = self._id_list_masks(frame)
        plan = (
            frame.lazy()
            .join(
                findings.lazy().group_by("__row").agg(_MOST_SEVERE),
                on="__row",
                how="left",
                maintain_order="left",
            )
            .join(priorities.lazy(), on="__row", how="left", maintain_order="left")
            .with_columns(_defaults())
        )
        outcomes, pieces, applied = collect_all(
            [
                plan.select(
                    self._cached(
                        ("outcome", first_member, line_end, masks),
                        lambda: self._outcome_columns(finding_rules, first_member, line_end),
                    )
                ),
                _finding_pieces(findings.lazy()),
                frame.lazy().select(
                    self._cached(
                        ("applied",),
                        lambda: [pl.col(f"applies__{r.id}").sum().alias(r.id) for r in finding_rules],
                    )
                ),
            ]
        )
        text = collect(
            pl.concat(
                [outcomes.lazy().select(_HEAD_PIECE), pieces.lazy(), outcomes.lazy().select(_TAIL_PIECE)]
            )
        )
        return Evaluation(
            outcomes.drop("__head", "__tail"),
            text,
            findings.drop("order", "json", "severity"),
            applied.row(0, named=True),
            population[0] if population else None,
        )

    def _cached(self, key: tuple, build):
        """Expressions are built once per frame layout: building them costs more than
        evaluating them on a small batch."""
        full_key = (*key, self._layout)
        if full_key not in self._memo:
            self._memo[full_key] = build()
        return self._memo[full_key]

    def _rule_steps(self, finding_rules: list[Rule]) -> list[list[pl.Expr]]:
        """The columns `applies__<id>` (in force, `applies_to` holds), `fires__<id>`,
        `passes__<id>`, `__passed` and `__not_applicable` (bitmasks), in steps."""
        rules = self.book.rules
        fires, passes = {}, {}
        for rule in rules:
            applies = pl.col(f"applies__{rule.id}")
            if rule.when is None:
                fires[rule.id], passes[rule.id] = applies, pl.lit(False)
            else:
                fires[rule.id] = applies & condition_expression(rule.when, rule, self._list_facts)
                passes[rule.id] = applies & ~pl.col(f"fires__{rule.id}")
        # a rule that applies either fires or passes; one in force that does not apply
        # is listed as not applicable
        not_applicable = {
            rule.id: self._in_force(rule) & ~pl.col(f"applies__{rule.id}") for rule in finding_rules
        }
        return [
            [self._applies(rule).alias(f"applies__{rule.id}") for rule in rules],
            [fires[rule.id].alias(f"fires__{rule.id}") for rule in rules],
            [passes[rule.id].alias(f"passes__{rule.id}") for rule in rules],
            [
                _bitmask([pl.col(f"passes__{rule.id}") for rule in finding_rules]).alias("__passed"),
                _bitmask([not_applicable[rule.id] for rule in finding_rules]).alias("__not_applicable"),
            ],
        ]

    def _id_list_masks(self, frame: pl.DataFrame) -> tuple[int, int]:
        """Learns the bitmasks of `__passed` and `__not_applicable` in `frame`; returns how
        many of each are known (what `_id_lists` looks up; grows rarely after a few batches)."""
        rules = self._finding_rules
        for column in _ID_LIST_COLUMNS:
            texts = self._id_list_texts.setdefault(column, {})
            for mask in frame.get_column(column).unique().to_list():
                if mask not in texts:
                    ids = [rule.id for i, rule in enumerate(rules) if mask >> i & 1]
                    texts[mask] = json.dumps(ids, separators=(",", ":"))
        return tuple(len(self._id_list_texts[column]) for column in _ID_LIST_COLUMNS)

    def _id_lists(self, column: str) -> pl.Expr:
        """The JSON list of rule ids for each row's bitmask: few distinct masks occur, so
        the text is made once per mask (`_id_list_masks`) and looked up."""
        return pl.col(column).replace_strict(self._id_list_texts[column], return_dtype=pl.Utf8)

    def _findings(self, frame: pl.DataFrame, rules: list[Rule], columns: Columns) -> pl.LazyFrame:
        """The plan of (__row, order, rule, json, severity, outcome) for every finding, by
        rule in rule-book order."""
        schema = {
            "__row": pl.Int64,
            "order": pl.Int32,
            "rule": pl.Utf8,
            "json": pl.Utf8,
            "severity": pl.Int8,
            "outcome": pl.Utf8,
        }
        parts = []
        for rule in rules:
            narrow, stages, outputs = self._cached(
                ("finding", rule.id), lambda rule=rule: self._finding_part(rule, columns, schema)
            )
            subset = _fired(frame, narrow)
            for stage in stages:
                subset = subset.with_columns(stage)
            parts.append(subset.select(outputs))
        return pl.concat(parts) if parts else pl.LazyFrame(schema=schema)

    def _finding_part(
        self, rule: Rule, columns: Columns, schema: dict[str, pl.DataType]
    ) -> tuple[list[pl.Expr], list[list[pl.Expr]], list[pl.Expr]]:
        """A rule's findings plan, built once: the narrow selection of the rows it fires
        for (see `_narrow`), the helper stages, and the output columns in `schema` types."""
        finding: FindingText = finding_json(rule, self.book, columns)
        outputs = {
            "__row": pl.col("__row"),
            "order": pl.lit(self._order[rule.id]),
            "rule": pl.lit(rule.id),
            "json": finding.text,
            "severity": finding.severity,
            "outcome": finding.outcome,
        }
        return (
            _narrow(pl.col(f"fires__{rule.id}"), finding.input_columns),
            finding.stages,
            [outputs[name].cast(dtype).alias(name) for name, dtype in schema.items()],
        )

    def _priority(self, frame: pl.DataFrame, rules: list[Rule], columns: Columns) -> pl.LazyFrame:
        """The plan of, per row that any priority rule fired for, the most urgent one (the
        first on a tie), as (__row, __priority JSON, __priority_class, __priority_start_by,
        __priority_rule)."""
        schema = {
            "__row": pl.Int64,
            "key": pl.Int64,
            "order": pl.Int32,
            "__priority": pl.Utf8,
            "__priority_class": pl.Utf8,
            "__priority_start_by": pl.Date,
            "__priority_rule": pl.Utf8,
        }
        parts = []
        for order, rule in enumerate(rules):
            narrow, outputs = self._cached(
                ("priority", rule.id),
                lambda order=order, rule=rule: self._priority_part(order, rule, columns, schema),
            )
            parts.append(_fired(frame, narrow).select(outputs))
        if not parts:
            return pl.LazyFrame(schema=schema).drop("key", "order")
        candidates = pl.concat(parts).sort("__row", "key", "order")
        return candidates.unique("__row", keep="first", maintain_order=True).drop("key", "order")

    def _priority_part(
        self, order: int, rule: Rule, columns: Columns, schema: dict[str, pl.DataType]
    ) -> tuple[list[pl.Expr], list[pl.Expr]]:
        """A priority rule's plan, built once: the narrow selection of the rows it fires
        for, and the output columns in `schema` types."""
        assert rule.priority is not None
        text, key, start_by = priority_candidate(rule, self.book, columns)
        outputs = {
            "__row": pl.col("__row"),
            "key": key,
            "order": pl.lit(order),
            "__priority": text,
            "__priority_class": pl.lit(rule.priority.priority_class.value),
            "__priority_start_by": start_by,
            "__priority_rule": pl.lit(rule.id),
        }
        return (
            _narrow(pl.col(f"fires__{rule.id}"), _root_names([text, key, start_by])),
            [outputs[name].cast(dtype).alias(name) for name, dtype in schema.items()],
        )

    def _outcome_columns(
        self, finding_rules: list[Rule], first_member: str | None, line_end: str
    ) -> list[pl.Expr]:
        """Per decision: __row, verdict, priority (class), and the outcome as JSON text, in
        the key order of `triage.outcome.Outcome`, in two pieces: `__head` up to the opening
        of `findings` and `__tail` from its close. Constant fragments come from the context
        table, free text is escaped by `json_value`."""
        rules_on = pl.col("__rules_on_json")
        version, rules_version = json_literal(__version__), json_literal(self.book.version)
        findings = pl.lit("findings")  # where the findings' own pieces go, between head and tail
        pieces = object_pieces(
            model_members(
                OutcomeModel,
                decision=json_value(pl.col("id")),
                region=pl.col("__region_json"),
                rules_in_force_on=rules_on,
                rules_version=rules_version,
                verdict=_by_severity({severity: json_literal(value) for severity, value in _VERDICT.items()}),
                priority=pl.col("__priority"),
                segment=pl.col("__segment_json"),
                findings=["[", findings, "]"],
                passed=self._id_lists("__passed"),
                not_applicable=self._id_lists("__not_applicable"),
                client=json_value(pl.col("client_id")),
                municipality=pl.col("__municipality_json"),
                engine_version=version,
                receipt=object_pieces(
                    model_members(
                        Receipt,
                        engine_version=version,
                        rules_version=rules_version,
                        rules_in_force_on=rules_on,
                    )
                ),
            )
        )
        split = next(index for index, piece in enumerate(pieces) if piece is findings)
        first = [pl.col(first_member), ","] if first_member else []
        head = concat([pieces[0], *first, *pieces[1:split]])
        tail = concat([*pieces[split + 1 :], line_end])
        return [
            pl.col("__row"),
            _by_severity(_VERDICT).alias("verdict"),
            pl.col("__priority_class").alias("priority"),
            pl.col("__priority_start_by").alias("priority_start_by"),
            pl.col("__priority_rule").alias("priority_rule"),
            head.alias("__head"),
            tail.alias("__tail"),
        ]


_LAST_PIECE = 1 << 20  # after every finding's pieces; below 2**21 (the audit sorts on row * 2**21 + seq)
_HEAD_PIECE = [pl.col("__row"), pl.lit(0, pl.Int32).alias("seq"), pl.col("__head").alias("text")]
_TAIL_PIECE = [pl.col("__row"), pl.lit(_LAST_PIECE, pl.Int32).alias("seq"), pl.col("__tail").alias("text")]
_MASK = pl.col("__mask")
_MOST_SEVERE = pl.col("severity").max()


@functools.cache
def _defaults() -> list[pl.Expr]:
    """Of a decision without findings or priority; and the date of the rules as JSON.
    (Built on first use: the date tables take a tenth of a second to make.)"""
    return [
        pl.col("severity").fill_null(0),
        pl.col("__priority").fill_null(pl.lit(DEFAULT_PRIORITY)),
        pl.col("__priority_class").fill_null("regulier"),
        dates.iso_json(pl.col("decision_date")).alias("__rules_on_json"),
    ]


_ID_LIST_COLUMNS = ("__passed", "__not_applicable")


def _finding_pieces(findings: pl.LazyFrame) -> pl.LazyFrame:
    """(__row, seq, text) of the findings, each but the first of its row after a comma."""
    ordered = findings.select("__row", "order", "json").sort(pl.col("__row") * (1 << 21) + pl.col("order"))
    first = pl.col("__row") != pl.col("__row").shift(1).fill_null(-1)
    return ordered.select(
        "__row",
        (pl.col("order") * 2 + 2).cast(pl.Int32).alias("seq"),
        pl.when(first)
        .then(pl.col("json"))
        .otherwise(pl.concat_str([pl.lit(","), pl.col("json")]))
        .alias("text"),
    )


def _bitmask(flags: list[pl.Expr]) -> pl.Expr:
    """The flags as bits of one number (flag i -> bit i), for few distinct combinations.
    (The bits are distinct powers of two, so their sum is their bitwise or. One horizontal
    sum is cheaper than a chain of ors, whose planning time grows with the square of its
    length, and when/then cheaper than casting the flags: bench/README.md, "Figures behind
    the code".)"""
    assert len(flags) < 63
    zero = pl.lit(0, pl.Int64)
    bits = [pl.when(flag).then(pl.lit(1 << i, pl.Int64)).otherwise(zero) for i, flag in enumerate(flags)]
    return pl.sum_horizontal(bits) if bits else zero


def _root_names(exprs: list[pl.Expr]) -> list[str]:
    return sorted({name for expr in exprs for name in expr.meta.root_names()})


def _fired(frame: pl.DataFrame, narrow: list[pl.Expr]) -> pl.LazyFrame:
    """The plan of the rows a rule fires for, with only the columns of `_narrow`."""
    return frame.lazy().select(narrow).filter(_MASK)


def _narrow(mask: pl.Expr, names: list[str]) -> list[pl.Expr]:
    """What to select before filtering the rows where `mask` holds (`__mask`): only the
    columns `names` and `__row`, which are cheap to copy (the plans run without
    projection pushdown, so this is not done for us)."""
    return [*(pl.col(name) for name in sorted({*names, "__row"})), mask.alias("__mask")]


def _date_margin(book: Rulebook) -> int:
    """Days by which a date the rules compute (`plus_years`/`plus_months`/`plus_days`, a priority's
    `start_within`, the day after an end date) can lie before or after a decision's dates."""

    def largest(amount: int | str | ParamRef | None) -> int:
        if isinstance(amount, int):
            return abs(amount)
        if amount is None:
            return 0
        name = amount.name if isinstance(amount, ParamRef) else amount
        values = [
            abs(int(value.value))
            for data in book.regions.values()
            if name in data.parameters
            for value in data.parameters[name].values
            if isinstance(value.value, int | float)
        ]
        return max(values, default=0)

    months, days = 0, 1
    for rule in [*book.rules, *book.population_rules]:
        exprs = list(rule.compute.values())
        for condition in (rule.applies_to, rule.when):
            exprs += [test.operand for test in walk_tests(condition) if isinstance(test.operand, DateExpr)]
        for expr in exprs:
            months = max(months, 12 * largest(expr.plus_years) + largest(expr.plus_months))
            days = max(days, largest(expr.plus_days))
        within = rule.priority.start_within if rule.priority else None
        if within is not None:
            months, days = max(months, largest(within.months)), max(days, largest(within.days))
    return months * 31 + days + 1
