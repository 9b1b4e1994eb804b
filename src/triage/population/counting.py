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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from triage.engine.python_matcher import holds
from triage.rulebook.model import Rule

if TYPE_CHECKING:
    import polars as pl


def population_plan(frame: pl.LazyFrame, rules: list[Rule], list_facts: frozenset[str]) -> pl.LazyFrame:
    """Per region, municipality, provider and year of start_date, and per rule (by its
    position `i`): how many decisions the rule counts (`in<i>`, the denominator) and how many
    of those are in its figure (`of<i>`, the numerator); `population_rows` reads it. `frame`
    holds the facts, parameter columns and shifted dates of the vectorised engine.

    One pass for every rule: a narrow selection of the keys and two flags per rule (the
    engine's frame is wide, and its plans run without optimiser passes, so neither a filter
    of it nor a sub-plan used twice would be cheap), then one group_by."""
    import polars as pl

    from triage.engine.vectorised import condition_expression

    flags = []
    for index, rule in enumerate(rules):
        assert rule.valid_from is not None and rule.when is not None
        inside = (pl.col("region") == rule.region) & (pl.col("decision_date") >= pl.lit(rule.valid_from))
        if rule.valid_to is not None:
            inside = inside & (pl.col("decision_date") <= pl.lit(rule.valid_to))
        if rule.applies_to is not None:
            inside = inside & condition_expression(rule.applies_to, rule, list_facts)
        flags += [
            inside.alias(f"in{index}"),
            condition_expression(rule.when, rule, list_facts).alias(f"of{index}"),
        ]
    count = range(len(rules))
    if not rules:
        return frame.select(
            "region", "municipality", "provider_id", pl.col("start_date").dt.year().alias("year")
        ).head(0)
    return (
        frame.select(
            "region", "municipality", "provider_id", pl.col("start_date").dt.year().alias("year"), *flags
        )
        .filter(pl.any_horizontal(pl.col(f"in{index}") for index in count))
        # in the figure: counted by the rule and its `when` holds (`in` computed once, above)
        .with_columns((pl.col(f"in{index}") & pl.col(f"of{index}")).alias(f"of{index}") for index in count)
        .group_by("region", "municipality", "provider_id", "year")
        .agg(pl.col(f"in{index}", f"of{index}").sum() for index in count)
    )


def population_rows(
    counts: pl.DataFrame, rules: list[Rule]
) -> Iterator[tuple[str, str, str, str | None, int, int, int]]:
    """(rule, region, municipality, provider_id, year, denominator, numerator) for every
    rule and group that `population_plan` counted a decision for."""
    for region, municipality, provider, year, *pairs in counts.iter_rows():
        for index, rule in enumerate(rules):
            denominator, numerator = pairs[2 * index], pairs[2 * index + 1]
            if denominator:
                yield rule.id, region, municipality, provider, year, denominator, numerator


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
