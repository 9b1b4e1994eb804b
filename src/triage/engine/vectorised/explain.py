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

from triage import wording
from triage.engine.vectorised.conditions import date_expression, operand_expression, param_column
from triage.engine.vectorised.context import REGIONAL_SOURCE_COLUMN
from triage.engine.vectorised.dates import add_months, iso_text
from triage.engine.vectorised.json_text import (
    as_expr,
    concat,
    json_literal,
    json_object,
    json_of,
    json_value,
    model_members,
)
from triage.explanation import (
    COMPUTED,
    FACT,
    LITERAL,
    PARAMETER,
    accepted_grounds,
    default_priority,
    exception_remedy,
    finding_fact_names,
    ground_text,
    source_ref,
    suggested_exception,
    suggestion_sources,
    unit_word,
)
from triage.facts import FACTS
from triage.outcome import AppliedException, Finding, Priority
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import PLACEHOLDER, REGIONAL_SOURCE, Rule
from triage.vocabulary import Outcome

EXTRAS = ("region_name", "regional_document", "segment_name", "segment_note")


def sentence(template: wording.Sentence, **slots: pl.Expr | str) -> pl.Expr:
    """A sentence of `triage.wording` with its slots filled by expressions (or texts)."""
    return concat(template.pieces(**slots))


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
    """`triage.wording.display` for a column: Dutch text of a value."""
    if dtype == pl.Boolean:
        text = pl.when(expr).then(pl.lit(wording.YES)).otherwise(pl.lit(wording.NO))
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
            .then(pl.lit(wording.EMPTY_LIST))
            .otherwise(expr.cast(pl.List(pl.Utf8)).list.join(wording.LIST_SEPARATOR))
        )
    elif dtype == pl.Null:
        return pl.lit(wording.NOT_RECORDED, pl.Utf8)
    else:
        text = expr.cast(pl.Utf8)
    return text.fill_null(wording.NOT_RECORDED)


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
        shown = display(value, dtype)
        if name in columns.params and name in columns.units:  # `with_unit`: "9 maanden", "1 dag"
            unit = columns.units[name]
            word = (
                pl.when(value == 1)
                .then(pl.lit(unit_word(unit, True)))
                .otherwise(pl.lit(unit_word(unit, False)))
            )
            shown = (
                pl.when(value.is_null())
                .then(shown)
                .otherwise(sentence(wording.WITH_UNIT, value=shown, unit=word))
            )
        pieces += [shown, literal]
    text = concat(pieces)
    return text.str.replace_all(_IRREGULAR_WHITESPACE, " ").str.strip_chars(" ") if free_text else text


# Each run of whitespace that is not a single space (`" ".join(text.split())` leaves those):
# the same result as replacing every run (`\s+`), for less work on messages, which are
# mostly single spaces between words (bench/README.md, "Figures behind the code").
_IRREGULAR_WHITESPACE = r"[^\S ]\s*|\s{2,}"


def facts_object(rule: Rule, columns: Columns) -> pl.Expr:
    """The finding's `facts`: what the rule looked at (`finding_fact_names`)."""
    members: list[Any] = []
    for name, source in finding_fact_names(rule, columns.params):
        if source == COMPUTED:
            members.append((name, json_of(date_expression(rule.compute[name]), pl.Date)))
        elif source == FACT:
            members.append((name, json_of(columns.value(name, rule), columns.dtype(name, rule))))
        else:
            column = pl.col(param_column(name))
            text = json_of(column, columns.dtype(name, rule))
            # a parameter without a value is left out
            members.append((name, text, column.is_not_null()) if members else (name, text))
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
    for field_name, source, name in suggestion_sources(rule):
        if source == LITERAL:
            members.append((field_name, json_value(operand_expression(name, rule))))
            continue
        if source == COMPUTED:
            value, dtype = date_expression(rule.compute[name]), pl.Date
        else:
            column = param_column(name) if source == PARAMETER else name
            value, dtype = pl.col(column), columns.dtype(name, rule)
        members.append((field_name, json_of(value, dtype)))
        known.append(value.is_not_null())
    exception: list[Any] = []
    if (suggested := suggested_exception(rule)) is not None:
        exception.append(("exception", json_literal(suggested)))
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


@dataclass
class _Finding:
    """A finding's parts as they are built: its message and remedy (None: no remedy), the
    JSON text of its outcome, remedy, exception and suggestion, and its outcome and severity
    as columns of their own."""

    message: pl.Expr
    remedy: pl.Expr | None
    outcome: pl.Expr
    severity: pl.Expr
    outcome_json: str | pl.Expr
    remedy_json: str | pl.Expr
    suggestion_json: str | pl.Expr
    exception_json: str | pl.Expr = "null"


def finding_json(rule: Rule, book: Rulebook, columns: Columns) -> FindingText:
    """The finding JSON text and outcome for rows where the rule fired, recorded exceptions
    weighed (helper columns are null for a row without any: then nothing changes)."""
    assert rule.outcome is not None
    stages: list[list[pl.Expr]] = []
    finding = _as_written(rule, columns)
    if rule.unless is not None or rule.outcome != Outcome.SIGNAAL:
        stages += _own_exceptions(rule)
        if rule.unless is not None:
            stages.append(_weigh_exceptions(rule, book, finding))
        else:  # this rule has no exception: say that a recorded one does not count
            finding.exception_json = (
                pl.when(pl.col("__has_own"))
                .then(
                    _exception_object(
                        rule, pl.col("__first_ground"), False, pl.lit(wording.NO_EXCEPTION.fill())
                    )
                )
                .otherwise(pl.lit("null"))
            )
    text = json_object(
        model_members(
            Finding,
            rule=json_literal(rule.id),
            principle=json_literal(rule.principle),
            outcome=finding.outcome_json,
            message=json_value(finding.message),
            facts=facts_object(rule, columns),
            source=_source_json(rule, book),
            remedy=finding.remedy_json,
            title=_title_json(rule, columns),
            exception=finding.exception_json,
            suggestion=finding.suggestion_json,
        )
    )
    return FindingText(text, finding.outcome, finding.severity, stages)


def _as_written(rule: Rule, columns: Columns) -> _Finding:
    """The finding as the rule writes it, before any recorded exception is weighed."""
    assert rule.outcome is not None
    message = render(rule.message, rule, columns)
    remedy = render(rule.remedy, rule, columns) if rule.remedy else None
    suggestion_json, suggestion_known = _suggestion(rule, columns)
    if remedy is not None and suggestion_known is not None and rule.remedy_without_suggestion:
        without = render(rule.remedy_without_suggestion, rule, columns)
        remedy = pl.when(suggestion_known).then(remedy).otherwise(without)
    return _Finding(
        message=message,
        remedy=remedy,
        outcome=pl.lit(rule.outcome.value),
        severity=pl.lit(rule.outcome.severity, pl.Int8),
        outcome_json=json_literal(rule.outcome.value),
        remedy_json=json_value(remedy) if remedy is not None else "null",
        suggestion_json=suggestion_json,
    )


def _own_exceptions(rule: Rule) -> list[list[pl.Expr]]:
    """Helper columns of the row's exceptions for this rule's principle: `__own` (filtered
    once: a list.eval costs as much again for every use), `__has_own`, `__first_ground`,
    and for a rule with `unless` the first ground it accepts (`__accepted_ground`)."""
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
    principle = pl.element().struct.field("principle") == rule.principle
    return [[pl.col("exceptions").list.eval(pl.element().filter(principle)).alias("__own")], helpers]


def _weigh_exceptions(rule: Rule, book: Rulebook, finding: _Finding) -> list[pl.Expr]:
    """A rule with `unless`: an accepted exception makes the finding conform_met_uitzondering
    (a signal stays a signal) and says so, one that does not count says why; either way the
    remedy offers to record one. Changes `finding`; returns the stage of helper columns
    (accepted, rejected, and the message and remedy as written) it reads."""
    assert rule.unless is not None
    has_own, first_ground, accepted_ground = (
        pl.col("__has_own"),
        pl.col("__first_ground"),
        pl.col("__accepted_ground"),
    )
    stage = [
        (has_own & accepted_ground.is_not_null()).alias("__accepted"),
        (has_own & accepted_ground.is_null()).alias("__rejected"),
        finding.message.alias("__message"),
        *([finding.remedy.alias("__remedy")] if finding.remedy is not None else []),
    ]
    accepted, rejected, message = pl.col("__accepted"), pl.col("__rejected"), pl.col("__message")
    remedy = pl.col("__remedy") if finding.remedy is not None else None
    accepted_reason = sentence(wording.EXCEPTION_ACCEPTED, ground=_ground_text(accepted_ground, book))
    no_motivation = pl.lit(wording.NO_MOTIVATION.fill())
    if rule.unless.any_ground:
        rejected_reason = no_motivation
    else:
        not_accepted = sentence(
            wording.GROUND_NOT_ACCEPTED, ground=first_ground, grounds=accepted_grounds(rule)
        )
        rejected_reason = (
            pl.when(first_ground.is_in(rule.unless.grounds)).then(no_motivation).otherwise(not_accepted)
        )
    record_exception = exception_remedy(rule, book)
    open_remedy = (
        sentence(wording.FOLLOWED_BY, first=remedy, then=record_exception)
        if remedy is not None
        else pl.lit(record_exception)
    )
    if rule.outcome != Outcome.SIGNAAL:
        accepted_outcome = Outcome.CONFORM_MET_UITZONDERING
        finding.outcome = pl.when(accepted).then(pl.lit(accepted_outcome.value)).otherwise(finding.outcome)
        accepted_severity = pl.lit(accepted_outcome.severity, pl.Int8)
        finding.severity = pl.when(accepted).then(accepted_severity).otherwise(finding.severity)
        finding.outcome_json = json_value(finding.outcome)
    finding.message = (
        pl.when(accepted)
        .then(sentence(wording.FOLLOWED_BY, first=message, then=accepted_reason))
        .otherwise(message)
    )
    finding.remedy_json = (
        pl.when(accepted)
        .then(pl.lit("null"))
        .when(rejected)
        .then(json_value(sentence(wording.FOLLOWED_BY, first=rejected_reason, then=open_remedy)))
        .otherwise(json_value(open_remedy))
    )
    finding.exception_json = (
        pl.when(accepted)
        .then(_exception_object(rule, accepted_ground, True, accepted_reason))
        .when(rejected)
        .then(_exception_object(rule, first_ground, False, rejected_reason))
        .otherwise(pl.lit("null"))
    )
    finding.suggestion_json = (
        pl.when(accepted).then(pl.lit("null")).otherwise(as_expr(finding.suggestion_json))
    )
    return stage


def _exception_object(rule: Rule, ground: pl.Expr, accepted: bool, reason: pl.Expr) -> pl.Expr:
    return json_object(
        model_members(
            AppliedException,
            principle=json_literal(rule.principle),
            ground=json_value(ground),
            accepted=json_literal(accepted),
            reason=json_value(reason),
        )
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
        model_members(
            Priority,
            priority_class=json_literal(rule.priority.priority_class.value),
            start_by=json_of(start_by, pl.Date),
            reason=json_value(reason),
            rule=json_literal(rule.id),
            source=_source_json(rule, book),
        )
    )
    never = dt.date.max.toordinal()
    day = start_by.dt.epoch("d").cast(pl.Int64).fill_null(never)
    key = pl.lit(rule.priority.priority_class.rank * 10_000_000) + day
    return text, key, start_by


DEFAULT_PRIORITY = json_literal(default_priority().model_dump(mode="json", by_alias=True))
