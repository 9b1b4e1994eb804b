"""Running polars query plans for batch evaluation.

A batch of decisions goes through a few hundred expressions. Run as eager DataFrame steps,
every step is its own query (planned, converted and run), a fixed cost per step that was a
large share of a batch's evaluation (bench/README.md, "Figures behind the code"). The
engine therefore builds a few
lazy plans per batch and runs each at once with `collect`/`collect_all` here: polars'
in-memory engine (the default engine may pick the streaming one, whose start-up costs
more than a batch) and no optimiser passes beyond simplifying expressions, as polars'
own eager methods do; the plans are written in the order they should run.
"""

from __future__ import annotations

import polars as pl

_OPTIMISATIONS = pl.QueryOptFlags.none(simplify_expression=True)


def collect(plan: pl.LazyFrame) -> pl.DataFrame:
    """Run one plan."""
    return plan.collect(engine="in-memory", optimizations=_OPTIMISATIONS)


def collect_all(plans: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    """Run several plans in one go."""
    return pl.collect_all(plans, engine="in-memory", optimizations=_OPTIMISATIONS)
