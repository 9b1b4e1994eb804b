"""Which decisions a population rule counts (`applies_to`: the denominator) and which of
those are in its figure (`when`: the numerator), in the two ways the audit evaluates rows.

- `population_plan`: on the fast path, from the frame of facts the vectorised engine has
  already built (`VectorisedEngine.evaluate`), as counts per region, municipality, provider
  and year, one small table per batch;
- `population_membership`: on the reference path, for one decision's facts (the
  plain-Python matcher).

Both read the rule's conditions as the decision rules are read (a test on a fact the
decision does not record is false), and count a decision when the rule is in force for its
region on the date of its rules (its `decision_date`, or `--on`), as for decision rules.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from triage.engine.python_matcher import holds
from triage.rulebook.model import Rule

if TYPE_CHECKING:
    import polars as pl

# the columns of a count table (`population_plan`) and the key of `Tally.population`
COUNT_KEYS = ("rule", "region", "municipality", "provider_id", "year")


def population_plan(frame: pl.LazyFrame, rules: list[Rule], list_facts: frozenset[str]) -> pl.LazyFrame:
    """Per rule, region, municipality, provider and year of start_date: how many decisions
    the rule counts (`denominator`) and how many of those are in its figure (`numerator`).
    `frame` holds the facts, parameter columns and shifted dates of the vectorised engine.

    One pass for every rule: a narrow selection of the keys and two flags per rule (the
    engine's frame is wide, and its plans run without projection pushdown, so filtering it
    would copy every column), then one group_by."""
    import polars as pl

    from triage.engine.vectorised.conditions import condition_expression

    schema = {
        "rule": pl.Utf8,
        "region": pl.Utf8,
        "municipality": pl.Utf8,
        "provider_id": pl.Utf8,
        "year": pl.Int32,
        "denominator": pl.Int64,
        "numerator": pl.Int64,
    }
    if not rules:
        return pl.LazyFrame(schema=schema)
    flags = []
    for index, rule in enumerate(rules):
        assert rule.valid_from is not None and rule.when is not None
        inside = (pl.col("region") == rule.region) & (pl.col("decision_date") >= pl.lit(rule.valid_from))
        if rule.valid_to is not None:
            inside = inside & (pl.col("decision_date") <= pl.lit(rule.valid_to))
        if rule.applies_to is not None:
            inside = inside & condition_expression(rule.applies_to, rule, list_facts)
        counted = inside & condition_expression(rule.when, rule, list_facts)
        flags += [inside.alias(f"in{index}"), counted.alias(f"of{index}")]
    keys = ["region", "municipality", "provider_id", "year"]
    grouped = (
        frame.select(
            "region", "municipality", "provider_id", pl.col("start_date").dt.year().alias("year"), *flags
        )
        .filter(pl.any_horizontal(pl.col(f"in{index}") for index in range(len(rules))))
        .group_by(keys)
        .agg(pl.col(f"in{i}", f"of{i}").sum() for i in range(len(rules)))
    )
    parts = [
        grouped.filter(pl.col(f"in{index}") > 0).select(
            pl.lit(rule.id).alias("rule"),
            *keys,
            pl.col(f"in{index}").alias("denominator"),
            pl.col(f"of{index}").alias("numerator"),
        )
        for index, rule in enumerate(rules)
    ]
    return pl.concat(parts).select([pl.col(name).cast(dtype) for name, dtype in schema.items()])


def population_membership(
    rules: list[Rule], region: str, facts: dict[str, Any], params: dict[str, Any], rules_on: dt.date
) -> list[tuple[str, bool]]:
    """(rule, in its figure) for every population rule that counts this decision."""
    counted = []
    for rule in rules:
        if rule.region != region or not rule.in_force(rules_on):
            continue
        if rule.applies_to is not None and not holds(rule.applies_to, rule, facts, params):
            continue
        assert rule.when is not None
        counted.append((rule.id, holds(rule.when, rule, facts, params)))
    return counted
