"""Findings and priority as JSON text, built column-wise: the vectorised twin of
`triage.explanation` (same words, same facts, same exception weighing).

Each function returns expressions over the working frame of `triage.engine.vectorised.engine`
(facts by name, parameters as `p__<name>`, context columns, `exceptions` as a list of
{principle, ground, motivated}).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

import polars as pl

from triage.engine.vectorised.conditions import date_expression, operand_expression, param_column
from triage.engine.vectorised.context import REGIONAL_SOURCE_COLUMN
from triage.engine.vectorised.dates import add_months, iso_text
from triage.engine.vectorised.json_text import as_expr, concat, json_literal, json_object, json_of, json_value
from triage.explanation import condition_references, exception_remedy, ground_text, source_ref
from triage.facts import FACTS
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import PLACEHOLDER, REGIONAL_SOURCE, Rule
from triage.vocabulary import Outcome

EXTRAS = ("region_name", "regional_document", "segment_name", "segment_note")
NOT_RECORDED = "niet vastgelegd"
NO_EXCEPTION_REASON = "Deze regel kent geen uitzondering; een vastgelegde grond verandert de uitkomst niet."
NO_MOTIVATION_REASON = "De uitzondering heeft geen motivering; schrijf op waarom ze nodig is."


@dataclass
class Columns:
    """What the working frame holds: column name -> dtype, and the parameter names."""

    dtypes: dict[str, pl.DataType]
    params: set[str]
    units: dict[str, tuple[str, str]]  # number parameter -> (unit, unit for 1), see Rulebook.units
    labels: dict[str, dict[str, str]]  # fact or parameter -> value -> Dutch words, see Rulebook.labels

    def value(self, name: str, rule: Rule, extra: dict[str, pl.Expr] | None = None) -> pl.Expr:
        """The value a message placeholder or facts entry refers to (null when none)."""
        if extra and name in extra:
            return extra[name]
        if name in rule.compute:
            return date_expression(rule.compute[name])
        if name in EXTRAS or name in FACTS:
            return pl.col(name)
        if name in self.params:
            return pl.col(param_column(name))
        return pl.lit(None)

    def dtype(self, name: str, rule: Rule) -> pl.DataType:
        if name in rule.compute or name == "start_by":
            return pl.Date
        if name in self.params:
            return self.dtypes.get(param_column(name), pl.Null)
        return self.dtypes.get(name, pl.Null)


def display(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """`triage.explanation.display` for a column: Dutch text of a value."""
    if dtype == pl.Boolean:
        text = pl.when(expr).then(pl.lit("ja")).otherwise(pl.lit("nee"))
    elif dtype == pl.Date:
        text = iso_text(expr)
    elif dtype.is_float():
        text = (
            pl.when(expr == expr.floor())
            .then(expr.cast(pl.Int64).cast(pl.Utf8))
            .otherwise(expr.cast(pl.Utf8))
        )
    elif isinstance(dtype, pl.List):
        text = (
            pl.when(expr.list.len() == 0)
            .then(pl.lit("geen"))
            .otherwise(expr.cast(pl.List(pl.Utf8)).list.join(", "))
        )
    elif dtype == pl.Null:
        return pl.lit(NOT_RECORDED, pl.Utf8)
    else:
        text = expr.cast(pl.Utf8)
    return text.fill_null(NOT_RECORDED)


def render(template: str, rule: Rule, columns: Columns, extra: dict[str, pl.Expr] | None = None) -> pl.Expr:
    """A message template with its placeholders filled, whitespace collapsed.

    Values of facts are plain text (no stray whitespace: the fast path only takes rows in
    plain form), so collapsing the template's own whitespace once is enough; texts from the
    rule book (segment notes, text parameters) may hold line breaks: then the whole message
    is collapsed per row."""
    names = [match.group(1).strip() for match in PLACEHOLDER.finditer(template)]
    free_text = any(
        name in EXTRAS or (name in columns.params and columns.dtype(name, rule) == pl.Utf8) for name in names
    )
    literals = PLACEHOLDER.split(template)[::2]
    if not free_text:
        literals = [re.sub(r"\s+", " ", text) for text in literals]
        literals[0], literals[-1] = literals[0].lstrip(), literals[-1].rstrip()
    pieces: list[str | pl.Expr] = [literals[0]]
    for name, literal in zip(names, literals[1:], strict=True):
        dtype = pl.Date if extra and name in extra else columns.dtype(name, rule)
        value = columns.value(name, rule, extra)
        if name in columns.labels:  # `in_words`: a vocabulary value in Dutch words
            words = columns.labels[name]
            value = (
                value.list.eval(pl.element().replace(words))
                if isinstance(dtype, pl.List)
                else value.replace(words)
            )
        pieces += [display(value, dtype), literal]
        if name in columns.params and name in columns.units:  # `with_unit`: "9 maanden", "1 dag"
            many, one = columns.units[name]
            pieces.insert(
                -1,
                pl.when(value.is_null())
                .then(pl.lit(""))
                .when(value == 1)
                .then(pl.lit(f" {one}"))
                .otherwise(pl.lit(f" {many}")),
            )
    text = concat(pieces)
    return text.str.replace_all(_IRREGULAR_WHITESPACE, " ").str.strip_chars(" ") if free_text else text


# Each run of whitespace that is not a single space (`" ".join(text.split())` leaves those):
# the same result as replacing every run (`\s+`), at a third of the cost on messages, which
# are mostly single spaces between words.
_IRREGULAR_WHITESPACE = r"[^\S ]\s*|\s{2,}"


def _json_of(name: str, rule: Rule, columns: Columns) -> pl.Expr:
    return json_of(columns.value(name, rule), columns.dtype(name, rule))


def facts_object(rule: Rule, columns: Columns) -> pl.Expr:
    """The finding's `facts`: what the rule looked at, as `rule_facts` lists it."""
    names, condition_params = condition_references(rule)
    placeholder_params: list[str] = []
    for name in sorted(rule.placeholders()):
        (placeholder_params if name in columns.params and name not in FACTS else names).append(name)
    members: list[Any] = []
    seen: set[str] = set()
    for name in names:
        if name not in seen:
            seen.add(name)
            members.append((name, _json_of(name, rule, columns)))
    for name in condition_params + placeholder_params:
        if name not in seen:
            seen.add(name)
            column = pl.col(param_column(name))
            text = json_of(column, columns.dtype(name, rule))
            # a parameter without a value is left out, as `rule_facts` does
            members.append((name, text, column.is_not_null()) if members else (name, text))
    for name, expr in rule.compute.items():
        if name not in seen:
            seen.add(name)
            members.append((name, json_of(date_expression(expr), pl.Date)))
    if not members:
        return pl.lit("{}")
    return json_object(members)


def _source_json(rule: Rule, book: Rulebook) -> str | pl.Expr:
    """The rule's `source` as JSON: a constant, or for `{document: regional}` the context
    column that holds the region's own (see `ContextTable`)."""
    if rule.source is not None and rule.source.document == REGIONAL_SOURCE:
        return pl.col(REGIONAL_SOURCE_COLUMN)
    return json_literal(source_ref(rule, book, rule.region).model_dump(mode="json"))


def _ground_text(ground: pl.Expr, book: Rulebook) -> pl.Expr:
    """`id (description)` of a catalogue ground, any other ground as it is (a chain of
    comparisons for the few grounds, which polars plans faster than a `replace_strict`)."""
    text: Any = pl
    for g in book.catalogue.grounds:
        text = text.when(ground == g.id).then(pl.lit(ground_text(g.id, book)))
    return ground if text is pl else text.otherwise(ground)


def _suggestion(rule: Rule, columns: Columns) -> tuple[str | pl.Expr, pl.Expr | None]:
    """The finding's `suggestion` JSON, as `triage.explanation` makes it, and the condition
    that every value of `suggest` is known (None when they always are: literals only)."""
    members: list[Any] = []
    known: list[pl.Expr] = []
    for field_name, operand in rule.suggest.items():
        if isinstance(operand, dict) and "computed" in operand:
            value, dtype = date_expression(rule.compute[operand["computed"]]), pl.Date
        elif isinstance(operand, dict) and "param" in operand:
            value, dtype = pl.col(param_column(operand["param"])), columns.dtype(operand["param"], rule)
        elif isinstance(operand, dict) and "fact" in operand:
            value, dtype = pl.col(operand["fact"]), columns.dtype(operand["fact"], rule)
        else:
            members.append((field_name, json_value(operand_expression(operand, rule))))
            continue
        members.append((field_name, json_of(value, dtype)))
        known.append(value.is_not_null())
    exception: list[Any] = []
    if rule.unless is not None and rule.outcome != Outcome.SIGNAAL:
        grounds = list(rule.unless.grounds) or None
        exception.append(("exception", json_literal({"principle": rule.principle, "grounds": grounds})))
    whole: str | pl.Expr = json_object(members + exception) if members or exception else "null"
    if not known:
        return whole, None
    all_known = pl.all_horizontal(known)
    without_changes = json_object(exception) if exception else pl.lit("null")
    return pl.when(all_known).then(as_expr(whole)).otherwise(without_changes), all_known


def _title_json(rule: Rule, columns: Columns) -> str | pl.Expr:
    """The title as JSON: constant, or with its parameters filled in (`title_text`)."""
    if not rule.title_placeholders():
        return json_literal(" ".join(rule.title.split()))
    return json_value(render(rule.title, rule, columns))


@dataclass
class FindingText:
    """How to write a rule's findings: `stages` of named helper columns to add first (each
    list may use the columns of the ones before), then `text` (the finding as JSON),
    `outcome` and its `severity` (built beside the outcome, not looked up from it). Naming
    what is used more than once keeps the expressions small: polars plans an expression in
    time that grows faster than its size, and does not share repeated parts."""

    text: pl.Expr
    outcome: pl.Expr
    severity: pl.Expr
    stages: list[list[pl.Expr]]

    @functools.cached_property
    def input_columns(self) -> list[str]:
        """The frame's columns it reads (not the helper columns it makes)."""
        made = {expr.meta.output_name() for stage in self.stages for expr in stage}
        used = {
            name
            for expr in [self.text, self.outcome, *(e for stage in self.stages for e in stage)]
            for name in expr.meta.root_names()
        }
        return sorted(used - made)


def finding_json(rule: Rule, book: Rulebook, columns: Columns) -> FindingText:
    """The finding JSON text and outcome for rows where the rule fired, recorded exceptions
    weighed (helper columns are null for a row without any: then nothing changes)."""
    assert rule.outcome is not None
    stages: list[list[pl.Expr]] = []
    message: pl.Expr = render(rule.message, rule, columns)
    remedy: pl.Expr | None = render(rule.remedy, rule, columns) if rule.remedy else None
    suggestion_json, suggestion_known = _suggestion(rule, columns)
    if remedy is not None and suggestion_known is not None and rule.remedy_without_suggestion:
        without = render(rule.remedy_without_suggestion, rule, columns)
        remedy = pl.when(suggestion_known).then(remedy).otherwise(without)
    outcome = pl.lit(rule.outcome.value)
    severity = pl.lit(rule.outcome.severity, pl.Int8)
    outcome_json: str | pl.Expr = json_literal(rule.outcome.value)
    exception_json: str | pl.Expr = "null"
    remedy_json: str | pl.Expr = json_value(remedy) if remedy is not None else "null"

    if rule.unless is not None or rule.outcome != Outcome.SIGNAAL:
        # the row's exceptions for this rule's principle, filtered once (a list.eval costs
        # as much again for every use)
        stages.append(
            [
                pl.col("exceptions")
                .list.eval(pl.element().filter(pl.element().struct.field("principle") == rule.principle))
                .alias("__own")
            ]
        )
        own = pl.col("__own")
        helpers = [
            own.list.len().fill_null(0).gt(0).alias("__has_own"),
            own.list.first().struct.field("ground").alias("__first_ground"),
        ]
        if rule.unless is not None:
            allowed = pl.element().struct.field("motivated")
            if not rule.unless.any_ground:
                allowed = allowed & pl.element().struct.field("ground").is_in(rule.unless.grounds)
            accepted_ground = own.list.eval(pl.element().filter(allowed)).list.first().struct.field("ground")
            helpers.append(accepted_ground.alias("__accepted_ground"))
        stages.append(helpers)
        has_own, first_ground = pl.col("__has_own"), pl.col("__first_ground")
        if rule.unless is not None:
            accepted_ground = pl.col("__accepted_ground")
            stages.append(
                [
                    (has_own & accepted_ground.is_not_null()).alias("__accepted"),
                    (has_own & accepted_ground.is_null()).alias("__rejected"),
                    message.alias("__message"),
                    *([remedy.alias("__remedy")] if remedy is not None else []),
                ]
            )
            accepted, rejected, message = pl.col("__accepted"), pl.col("__rejected"), pl.col("__message")
            remedy = pl.col("__remedy") if remedy is not None else None
            accepted_reason = pl.concat_str(
                [pl.lit("Uitzondering aanvaard: "), _ground_text(accepted_ground, book), pl.lit(".")]
            )
            if rule.unless.any_ground:
                rejected_reason = pl.lit(NO_MOTIVATION_REASON)
            else:
                rejected_reason = (
                    pl.when(first_ground.is_in(rule.unless.grounds))
                    .then(pl.lit(NO_MOTIVATION_REASON))
                    .otherwise(
                        pl.concat_str(
                            [
                                pl.lit("De grond '"),
                                first_ground,
                                pl.lit(
                                    "' telt hier niet; aanvaarde gronden: "
                                    + ", ".join(rule.unless.grounds)
                                    + "."
                                ),
                            ]
                        )
                    )
                )
            record_exception = pl.lit(exception_remedy(rule, book))
            open_remedy = (
                pl.concat_str([remedy, pl.lit(" "), record_exception])
                if remedy is not None
                else record_exception
            )
            if rule.outcome != Outcome.SIGNAAL:
                accepted_outcome = Outcome.CONFORM_MET_UITZONDERING
                outcome = pl.when(accepted).then(pl.lit(accepted_outcome.value)).otherwise(outcome)
                accepted_severity = pl.lit(accepted_outcome.severity, pl.Int8)
                severity = pl.when(accepted).then(accepted_severity).otherwise(severity)
                outcome_json = json_value(outcome)
            message = (
                pl.when(accepted)
                .then(pl.concat_str([message, pl.lit(" "), accepted_reason]))
                .otherwise(message)
            )
            remedy_json = (
                pl.when(accepted)
                .then(pl.lit("null"))
                .when(rejected)
                .then(json_value(pl.concat_str([rejected_reason, pl.lit(" "), open_remedy])))
                .otherwise(json_value(open_remedy))
            )
            exception_json = (
                pl.when(accepted)
                .then(_exception_object(rule, accepted_ground, True, accepted_reason))
                .when(rejected)
                .then(_exception_object(rule, first_ground, False, rejected_reason))
                .otherwise(pl.lit("null"))
            )
            suggestion_json = pl.when(accepted).then(pl.lit("null")).otherwise(as_expr(suggestion_json))
        else:  # this rule has no exception: say that a recorded one does not count
            exception_json = (
                pl.when(has_own)
                .then(_exception_object(rule, first_ground, False, pl.lit(NO_EXCEPTION_REASON)))
                .otherwise(pl.lit("null"))
            )

    finding = json_object(
        [
            ("rule", json_literal(rule.id)),
            ("principle", json_literal(rule.principle)),
            ("outcome", outcome_json),
            ("message", json_value(message)),
            ("facts", facts_object(rule, columns)),
            ("source", _source_json(rule, book)),
            ("remedy", remedy_json),
            ("title", _title_json(rule, columns)),
            ("exception", exception_json),
            ("suggestion", suggestion_json),
        ]
    )
    return FindingText(finding, outcome, severity, stages)


def _exception_object(rule: Rule, ground: pl.Expr, accepted: bool, reason: pl.Expr) -> pl.Expr:
    return json_object(
        [
            ("principle", json_literal(rule.principle)),
            ("ground", json_value(ground)),
            ("accepted", json_literal(accepted)),
            ("reason", json_value(reason)),
        ]
    )


# ---------------------------------------------------------------- priority
def priority_candidate(rule: Rule, book: Rulebook, columns: Columns) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(priority JSON text, sort key, start_by date) of a priority rule that fired."""
    assert rule.priority is not None
    start_by: pl.Expr = pl.lit(None, dtype=pl.Date)
    within = rule.priority.start_within
    if within is not None:
        unit, amount = ("days", within.days) if within.days is not None else ("months", within.months)
        number = pl.col(param_column(amount)).cast(pl.Int64) if isinstance(amount, str) else pl.lit(amount)
        request = pl.col("request_date")
        start_by = request + pl.duration(days=number) if unit == "days" else add_months(request, number)
    reason = render(rule.message, rule, columns, extra={"start_by": start_by})
    text = json_object(
        [
            ("class", json_literal(rule.priority.priority_class.value)),
            ("start_by", json_of(start_by, pl.Date)),
            ("reason", json_value(reason)),
            ("rule", json_literal(rule.id)),
            ("source", _source_json(rule, book)),
        ]
    )
    never = dt.date.max.toordinal()
    day = start_by.dt.epoch("d").cast(pl.Int64).fill_null(never)
    key = pl.lit(rule.priority.priority_class.rank * 10_000_000) + day
    return text, key, start_by


DEFAULT_PRIORITY = json_literal(
    {
        "class": "regulier",
        "start_by": None,
        "reason": "Geen crisis en geen voorrangsgrond: de wachtlijst volgt de datum van de aanvraag.",
        "rule": None,
        "source": None,
    }
)
