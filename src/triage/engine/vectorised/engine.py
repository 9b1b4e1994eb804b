"""`VectorisedEngine.evaluate`: a frame of valid decisions in, a frame of outcomes out.

The input frame is what `triage.audit.flat_frame` produces (typed decision columns, see
`DECISION_COLUMNS`); the output has, per decision, the outcome as JSON text (the same
outcome `triage check --format json` gives), its verdict, priority class, and a long table
of findings for the audit summary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from triage import __version__
from triage.engine.vectorised import dates
from triage.engine.vectorised.conditions import condition_expression
from triage.engine.vectorised.context import ContextTable
from triage.engine.vectorised.explain import (
    DEFAULT_PRIORITY,
    Columns,
    finding_json,
    priority_candidate,
)
from triage.engine.vectorised.json_text import json_literal, json_object, json_value
from triage.facts import FACTS, FactType
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import CROSS_REGION, Rule
from triage.vocabulary import Outcome

EXCEPTION_TYPE = pl.List(pl.Struct({"principle": pl.Utf8, "ground": pl.Utf8, "motivated": pl.Boolean}))
DECISION_COLUMNS: dict[str, pl.DataType] = {
    "__row": pl.Int64,
    "id": pl.Utf8,
    "region": pl.Utf8,
    "municipality": pl.Utf8,
    "municipality_code": pl.Utf8,
    "residence_municipality": pl.Utf8,
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
_SEVERITY = {o.value: o.severity for o in Outcome}
_VERDICT = {o.severity: o.value for o in Outcome if o != Outcome.SIGNAAL}  # signals do not count


@dataclass
class Evaluation:
    """Outcomes of one frame: `outcomes` (__row, json, verdict, priority) and `findings`
    (__row, rule, outcome) for every finding."""

    outcomes: pl.DataFrame
    findings: pl.DataFrame
    applied: dict[str, int]  # rule -> decisions it applied to (fired or passed)


class VectorisedEngine:
    """The rule book compiled to polars expressions; `evaluate` is safe to call repeatedly."""

    def __init__(self, book: Rulebook):
        self.book = book
        self.context = ContextTable(book)
        self._list_facts = frozenset(name for name, spec in FACTS.items() if spec.type == FactType.LIST)
        self._order = {rule.id: index for index, rule in enumerate(book.rules)}

    # -- facts --------------------------------------------------------------------
    def _with_facts(self, frame: pl.DataFrame, on: dt.date | None, today: dt.date) -> pl.DataFrame:
        start, end = pl.col("start_date"), pl.col("end_date")
        rules_on = pl.lit(on, dtype=pl.Date) if on else pl.col("decision_date").fill_null(today)
        frame = frame.with_columns(rules_on.alias("decision_date"))
        frame = dates.with_whole_years(frame, "birth_date", "start_date", "age")
        frame = dates.with_whole_years(frame, "birth_date", "end_date", "age_at_end")
        frame = dates.with_term_in_months(frame, "start_date", "end_date", "term_months")
        term_months = pl.col("term_months")
        frame = frame.with_columns(
            end.is_null().alias("open_ended"),
            ((end - start).dt.total_days() + 1).alias("term_days"),
            (start - pl.col("request_date")).dt.total_days().alias("start_delay_days"),
            pl.when(end.is_null())
            .then(pl.lit("zonder einddatum (open einde)"))
            .otherwise(pl.format("{} maanden (tot en met {})", term_months, end.dt.to_string("%Y-%m-%d")))
            .alias("term_text"),
            self.context.epoch(pl.col("decision_date")).alias("__epoch"),
        )
        return self.context.join(frame)

    # -- rules --------------------------------------------------------------------
    @staticmethod
    def _in_force(rule: Rule) -> pl.Expr:
        """The rule is in force on the decision's date, for the decision's region."""
        assert rule.valid_from is not None
        on = pl.col("decision_date")
        base = on >= pl.lit(rule.valid_from)
        if rule.valid_to:
            base = base & (on <= pl.lit(rule.valid_to))
        if rule.region != CROSS_REGION:
            base = base & (pl.col("region") == rule.region)
        return base

    def _masks(self, rule: Rule) -> tuple[pl.Expr, pl.Expr]:
        """(applies, fires) for a rule: in force for the region and date, conditions hold."""
        applies = self._in_force(rule)
        if rule.applies_to is not None:
            applies = applies & condition_expression(rule.applies_to, rule, self._list_facts)
        fires = applies
        if rule.when is not None:
            fires = fires & condition_expression(rule.when, rule, self._list_facts)
        return applies, fires

    def evaluate(
        self, decisions: pl.DataFrame, *, on: dt.date | None = None, today: dt.date | None = None
    ) -> Evaluation:
        """Outcomes for every row of `decisions` (columns of `DECISION_COLUMNS`)."""
        frame = self._with_facts(decisions, on, today or dt.date.today())
        columns = Columns(dict(frame.schema), set(self.context.param_kinds))
        finding_rules = [rule for rule in self.book.rules if rule.outcome is not None]
        priority_rules = [rule for rule in self.book.rules if rule.priority is not None]

        masks = {}
        for rule in self.book.rules:
            applies, fires = self._masks(rule)
            masks[rule.id] = (applies, fires, rule.when is not None)
        frame = frame.with_columns(
            [fires.alias(f"fires__{rule_id}") for rule_id, (_, fires, _) in masks.items()]
        )
        frame = frame.with_columns(
            [
                (applies & ~pl.col(f"fires__{rule_id}") if has_when else pl.lit(False)).alias(
                    f"passes__{rule_id}"
                )
                for rule_id, (applies, _, has_when) in masks.items()
            ]
        )
        findings = self._findings(frame, finding_rules, columns)
        frame = frame.join(
            findings.group_by("__row").agg(
                pl.col("json").str.join(","),
                pl.col("severity").max(),
            ),
            on="__row",
            how="left",
            maintain_order="left",
        )
        frame = frame.join(
            self._priority(frame, priority_rules, columns), on="__row", how="left", maintain_order="left"
        )
        frame = frame.with_columns(
            pl.col("__priority").fill_null(DEFAULT_PRIORITY), pl.col("__priority_class").fill_null("regulier")
        )
        outcome = self._outcome_json(finding_rules)
        verdict = pl.col("severity").fill_null(0).replace_strict(_VERDICT, return_dtype=pl.Utf8)
        outcomes = frame.select(
            "__row",
            outcome.alias("json"),
            verdict.alias("verdict"),
            pl.col("__priority_class").alias("priority"),
        )
        applied = frame.select([
            (pl.col(f"fires__{rule.id}") | pl.col(f"passes__{rule.id}")).sum().alias(rule.id)
            for rule in finding_rules
        ])
        return Evaluation(outcomes, findings.select("__row", "rule", "outcome"), applied.row(0, named=True))

    def _findings(self, frame: pl.DataFrame, rules: list[Rule], columns: Columns) -> pl.DataFrame:
        parts = []
        for rule in rules:
            fired = frame.filter(pl.col(f"fires__{rule.id}"))
            if fired.is_empty():
                continue
            text, outcome = finding_json(rule, self.book, columns)
            severity = outcome.replace_strict(_SEVERITY, return_dtype=pl.Int8)
            parts.append(
                fired.select(
                    "__row",
                    pl.lit(self._order[rule.id]).alias("order"),
                    pl.lit(rule.id).alias("rule"),
                    text.alias("json"),
                    severity.alias("severity"),
                    outcome.alias("outcome"),
                )
            )
        schema = {
            "__row": pl.Int64,
            "order": pl.Int32,
            "rule": pl.Utf8,
            "json": pl.Utf8,
            "severity": pl.Int8,
            "outcome": pl.Utf8,
        }
        if not parts:
            return pl.DataFrame(schema=schema)
        return pl.concat(parts).cast(schema).sort("__row", "order")

    def _priority(self, frame: pl.DataFrame, rules: list[Rule], columns: Columns) -> pl.DataFrame:
        """Per row that any priority rule fired for: the most urgent one (the first on a tie),
        as (__row, __priority JSON, __priority_class)."""
        parts = []
        for order, rule in enumerate(rules):
            assert rule.priority is not None
            fired = frame.filter(pl.col(f"fires__{rule.id}"))
            if fired.is_empty():
                continue
            text, key = priority_candidate(rule, self.book, columns)
            parts.append(
                fired.select(
                    "__row",
                    key.alias("key"),
                    pl.lit(order).alias("order"),
                    text.alias("__priority"),
                    pl.lit(rule.priority.priority_class.value).alias("__priority_class"),
                )
            )
        schema = {
            "__row": pl.Int64,
            "key": pl.Int64,
            "order": pl.Int32,
            "__priority": pl.Utf8,
            "__priority_class": pl.Utf8,
        }
        if not parts:
            return pl.DataFrame(schema=schema).drop("key", "order")
        candidates = pl.concat(parts).cast(schema).sort("__row", "key", "order")
        return candidates.unique("__row", keep="first", maintain_order=True).drop("key", "order")

    def _outcome_json(self, finding_rules: list[Rule]) -> pl.Expr:
        def ids_where(kind: str) -> pl.Expr:
            # string pieces: much faster in polars than building and joining lists
            pieces = [
                pl.when(self._listed(rule, kind)).then(pl.lit(f',"{rule.id}"')).otherwise(pl.lit(""))
                for rule in finding_rules
            ]
            joined = pl.concat_str(pieces) if pieces else pl.lit("")
            return pl.concat_str([pl.lit("["), joined.str.strip_prefix(","), pl.lit("]")])

        segment = (
            pl.when(pl.col("segment").is_null())
            .then(pl.lit("null"))
            .otherwise(
                json_object(
                    [
                        ("id", json_value(pl.col("segment"))),
                        ("name", json_value(pl.col("segment_name"))),
                        ("note", json_value(pl.col("segment_note"))),
                    ]
                )
            )
        )
        rules_on = json_value(pl.col("decision_date"))
        return json_object(
            [
                ("decision", json_value(pl.col("id"))),
                ("region", json_value(pl.col("region"))),
                ("rules_in_force_on", rules_on),
                ("rules_version", json_literal(self.book.version)),
                (
                    "verdict",
                    json_value(
                        pl.col("severity").fill_null(0).replace_strict(_VERDICT, return_dtype=pl.Utf8)
                    ),
                ),
                ("priority", pl.col("__priority")),
                ("segment", segment),
                ("findings", pl.concat_str([pl.lit("["), pl.col("json").fill_null(""), pl.lit("]")])),
                ("passed", ids_where("passed")),
                ("not_applicable", ids_where("not_applicable")),
                ("client", json_value(pl.col("client_id"))),
                ("municipality", json_value(pl.col("municipality"))),
                ("engine_version", json_literal(__version__)),
                (
                    "receipt",
                    json_object(
                        [
                            ("engine_version", json_literal(__version__)),
                            ("rules_version", json_literal(self.book.version)),
                            ("rules_in_force_on", rules_on),
                        ]
                    ),
                ),
            ]
        )

    def _listed(self, rule: Rule, kind: str) -> pl.Expr:
        fires, passes = pl.col(f"fires__{rule.id}"), pl.col(f"passes__{rule.id}")
        if kind == "passed":
            return passes
        return self._in_force(rule) & ~fires & ~passes
