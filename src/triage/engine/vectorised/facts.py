"""The derived facts of `triage.facts.DERIVED` as polars columns: each `Calculation` as
expressions over a frame of decisions, with the values its Python implementation gives."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import polars as pl

from triage import wording
from triage.engine.vectorised import dates
from triage.engine.vectorised.json_text import concat
from triage.facts import DERIVED, Calculation

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)
Stages = list[list[pl.Expr]]  # expressions to add in turn; each stage may use the ones before


def _term_in_months(name: str, start: pl.Expr, end: pl.Expr) -> Stages:
    """Smallest N with `end <= start + N months - 1 day` (for end >= start): with M =
    relativedelta(end + 1 day, start) in months, `start + M months <= end + 1 day`; N is M
    when that is an equality, else M + 1 (M is named first, as it is used twice)."""
    after = end + pl.duration(days=1)
    months = pl.col(name)
    return [
        [dates.months_between(start, after).alias(name)],
        [(months + (dates.add_months(start, months) < after).cast(pl.Int64)).alias(name)],
    ]


def _term_text(name: str, months: pl.Expr, end: pl.Expr) -> Stages:
    words = concat(wording.TERM.pieces(months=months.cast(pl.Utf8), end=dates.iso_text(end)))
    return [
        [pl.when(end.is_null()).then(pl.lit(wording.OPEN_ENDED_TERM.fill())).otherwise(words).alias(name)]
    ]


VECTORISED: dict[Calculation, Callable[..., Stages]] = {
    Calculation.WHOLE_YEARS: lambda name, birth, on: [[(dates.months_between(birth, on) // 12).alias(name)]],
    Calculation.TERM_IN_MONTHS: _term_in_months,
    Calculation.DAYS_THROUGH: lambda name, first, last: [[((last - first).dt.total_days() + 1).alias(name)]],
    Calculation.DAYS_UNTIL: lambda name, first, later: [[(later - first).dt.total_days().alias(name)]],
    Calculation.IS_ABSENT: lambda name, value: [[value.is_null().alias(name)]],
    Calculation.TERM_TEXT: _term_text,
}


def with_derived_facts(frame: Frame, more: list[pl.Expr] | None = None) -> Frame:
    """`frame` (the decision columns) with every derived fact, in as few steps as their
    dependencies allow; `more` is added in the first step."""
    stages: Stages = [list(more or [])]
    ready: dict[str, int] = {}  # derived fact -> the first stage that may use it
    for name, derived in DERIVED.items():
        start = max((ready[source] for source in derived.inputs if source in ready), default=0)
        steps = VECTORISED[derived.calculation](name, *(pl.col(source) for source in derived.inputs))
        for offset, step in enumerate(steps):
            while len(stages) <= start + offset:
                stages.append([])
            stages[start + offset] += step
        ready[name] = start + len(steps)
    for stage in stages:
        frame = frame.with_columns(stage)
    return frame
