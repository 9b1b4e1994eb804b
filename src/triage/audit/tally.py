"""Counts across batches for `summary.json`: verdicts, priorities, findings per rule and
principle, decisions per municipality, provider and month, and errors per field; and
`BatchResult`, what the evaluation of one batch hands back to the main process."""

from __future__ import annotations

import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from triage.audit.records import RowError
from triage.audit.summary import (
    FINDING_OUTCOMES,
    PRIORITY_CLASSES,
    VERDICTS,
    Breakdown,
    ErrorCount,
    Offender,
    PrincipleCount,
    RuleCount,
    UnmappedCategory,
)
from triage.explanation import summary_title
from triage.rulebook.listing import citation
from triage.rulebook.loader import Rulebook

if TYPE_CHECKING:
    import polars as pl

NOT_FITTING = ("motivering_vereist", "niet_conform")
# the verdicts in the order of the counts (`group_parts`); one name each for `breakdown`
_CONFORM, _EXCEPTION, _MOTIVATION, _NOT_CONFORM = VERDICTS
MIN_DECISIONS_FOR_RANKING = 10
_GROUP_KEYS = {"municipality": "municipality", "provider": "provider_id", "month": "month"}
_GROUP_LABELS = {"municipality": "region", "provider": "provider_name", "month": None}


class Tally:
    """Adds up batches (each worker keeps one; `merge` joins them); `by_rule`, `breakdown`
    and friends turn the counts into summary parts."""

    def __init__(self) -> None:
        self.verdicts: Counter[str] = Counter()
        self.priorities: Counter[str] = Counter()
        self.rule_outcomes: dict[str, Counter[str]] = defaultdict(Counter)
        self.rule_applied: Counter[str] = Counter()
        # group -> parts of (keys, columns: decisions per verdict in `VERDICTS` order, findings),
        # one per batch, added up per key once, for the summary (`group_counts`): a hundred
        # thousand providers then cost no work per key while batches are merged and sent
        self.group_parts: dict[str, list[tuple[list[str], list[list[int]]]]] = {g: [] for g in _GROUP_KEYS}
        self.labels: dict[str, dict[str, str]] = {group: {} for group in _GROUP_KEYS}
        self._breakdowns: dict[str, list[Breakdown]] = {}
        self.error_fields: Counter[str] = Counter()
        self.error_examples: dict[str, str] = {}
        # (code list and category, reason) -> rows: iJw/iWmo product categories without a service
        self.unmapped: Counter[tuple[str, str]] = Counter()
        self.set_aside = 0  # earlier versions of a toewijzing left out (--latest-only)
        self.outcomes = 0
        self.errors = 0
        # population rules: (rule, region, municipality, provider_id, year) -> [denominator, numerator]
        self.population: dict[tuple[str, str, str, str | None, int], list[int]] = {}

    def add_population(self, counts: Iterable[tuple[str, str, str, str | None, int, int, int]]) -> None:
        """Add population counts: (rule, region, municipality, provider_id, year, denominator,
        numerator), as `population.counting.population_plan` makes them."""
        for rule, region, municipality, provider, year, denominator, numerator in counts:
            cell = self.population.setdefault((rule, region, municipality, provider, year), [0, 0])
            cell[0] += denominator
            cell[1] += numerator

    def add_decisions(self, decisions: pl.DataFrame, findings: pl.DataFrame, applied: Counter[str]) -> None:
        """Count evaluated decisions (`evaluator.DECISION_SCHEMA`) and their findings
        (`evaluator.FINDING_SCHEMA`). (polars is imported here: the main process of an
        audit only merges tallies.)"""
        import polars as pl

        from triage.engine.vectorised import collect, collect_all

        self._breakdowns.clear()

        self.outcomes += decisions.height
        self.rule_applied.update(applied)
        counted = findings.lazy().filter(pl.col("outcome") != "signaal").group_by("__row").len("findings")
        with_counts = collect(
            decisions.lazy()
            .join(counted, on="__row", how="left")
            .with_columns(pl.col("findings").fill_null(0))
        ).lazy()
        plans = [
            decisions.lazy().group_by("verdict").len(),
            decisions.lazy().group_by("priority").len(),
            findings.lazy().group_by("rule", "outcome").len(),
        ]
        per_verdict = [(pl.col("verdict") == verdict).sum().alias(verdict) for verdict in VERDICTS]
        for group, column in _GROUP_KEYS.items():
            frame = with_counts.with_columns(pl.col(column).fill_null("(geen)"))
            # in key order: the summary sorts the keys of all batches, runs it takes over whole
            plans.append(frame.group_by(column).agg(*per_verdict, pl.col("findings").sum()).sort(column))
            label = _GROUP_LABELS[group]
            if label:
                plans.append(
                    frame.filter(pl.col(label).is_not_null()).group_by(column).agg(pl.col(label).first())
                )
        verdicts, priorities, rule_outcomes, *grouped = collect_all(plans)
        for verdict, count in verdicts.iter_rows():
            self.verdicts[verdict] += count
        for priority, count in priorities.iter_rows():
            self.priorities[priority] += count
        for rule, outcome, count in rule_outcomes.iter_rows():
            self.rule_outcomes[rule][outcome] += count
        results = iter(grouped)
        for group in _GROUP_KEYS:
            keys, *counts = next(results).get_columns()
            self.group_parts[group].append((keys.to_list(), [c.to_list() for c in counts]))
            if _GROUP_LABELS[group]:
                keys, texts = next(results).get_columns()
                _add_labels(self.labels[group], dict(zip(keys.to_list(), texts.to_list(), strict=True)))

    def merge(self, other: Tally) -> None:
        """Add another tally's counts to this one (which takes over some of its lists:
        `other` is not used again)."""
        self._breakdowns.clear()
        self.verdicts.update(other.verdicts)
        self.priorities.update(other.priorities)
        for rule, counts in other.rule_outcomes.items():
            self.rule_outcomes[rule].update(counts)
        self.rule_applied.update(other.rule_applied)
        self._merge_groups(other)
        for group, labels in other.labels.items():
            _add_labels(self.labels[group], labels)
        self.error_fields.update(other.error_fields)
        for name, example in other.error_examples.items():
            self.error_examples.setdefault(name, example)
        self.outcomes += other.outcomes
        self.errors += other.errors
        self.unmapped.update(other.unmapped)
        self.set_aside += other.set_aside
        self.add_population((*key, *counts) for key, counts in other.population.items())

    def _merge_groups(self, other: Tally) -> None:
        """Add another tally's counts per group and key (a subclass may count otherwise)."""
        for group, parts in other.group_parts.items():
            self.group_parts[group].extend(parts)

    def group_counts(self, group: str) -> dict[str, tuple[int, ...]]:
        """Key -> [decisions per verdict..., findings] of `group`, added up over the batches."""
        totals: dict[str, tuple[int, ...]] = {}
        for keys, columns in self.group_parts[group]:
            part = dict(zip(keys, zip(*columns, strict=True), strict=True))
            # only the keys counted before are added up one by one; the rest is taken over
            # whole (a hundred thousand providers, each in one batch, cost no Python step)
            for key in part.keys() & totals.keys():
                part[key] = tuple(map(operator.add, totals[key], part[key]))
            totals.update(part)
        return totals

    def add_errors(self, errors: list[RowError]) -> None:
        """Count rows that could not be evaluated."""
        self.errors += len(errors)
        for error in errors:
            self.error_fields[error.field] += 1
            self.error_examples.setdefault(error.field, error.reason)
            if error.category is not None:
                self.unmapped[error.category, error.reason] += 1

    # -- summary parts -------------------------------------------------------------
    def verdict_counts(self) -> dict[str, int]:
        return {verdict: self.verdicts.get(verdict, 0) for verdict in VERDICTS}

    def priority_counts(self) -> dict[str, int]:
        return {name: self.priorities.get(name, 0) for name in PRIORITY_CLASSES}

    def by_rule(self, book: Rulebook) -> list[RuleCount]:
        rows = []
        for rule in book.rules:
            if rule.outcome is None:
                continue
            outcomes = self.rule_outcomes.get(rule.id, Counter())
            rows.append(
                RuleCount(
                    rule=rule.id,
                    title=summary_title(rule, book),
                    principle=rule.principle,
                    region=rule.region,
                    source=citation(rule, book),
                    applied=self.rule_applied.get(rule.id, 0),
                    findings=sum(outcomes.values()),
                    outcomes={o: outcomes.get(o, 0) for o in FINDING_OUTCOMES},
                )
            )
        return sorted(rows, key=lambda r: -r.findings)

    def by_principle(self, book: Rulebook) -> list[PrincipleCount]:
        totals: dict[str, Counter[str]] = defaultdict(Counter)
        for rule in book.rules:
            totals[rule.principle].update(self.rule_outcomes.get(rule.id, Counter()))
        rows = [
            PrincipleCount(
                principle=principle,
                name=book.principle_name(principle),
                findings=sum(counts.values()),
                outcomes={o: counts.get(o, 0) for o in FINDING_OUTCOMES},
            )
            for principle, counts in totals.items()
        ]
        return sorted(rows, key=lambda r: -r.findings)

    def breakdown(self, group: str) -> list[Breakdown]:
        """The counts per key of `group`, largest first (months in order); made once, as
        plain dictionaries (there may be a hundred thousand providers)."""
        if group in self._breakdowns:
            return self._breakdowns[group]
        label, counts = self.labels[group].get, self.group_counts(group)
        # literals, also for the verdicts: calling the TypedDict or dict(zip(...)) would take
        # half as long again for a hundred thousand providers
        rows: list[Breakdown] = [
            {
                "key": key,
                "label": label(key),
                "decisions": conform + exception + motivation + not_conform,
                "verdicts": {
                    _CONFORM: conform,
                    _EXCEPTION: exception,
                    _MOTIVATION: motivation,
                    _NOT_CONFORM: not_conform,
                },
                "findings": findings,
            }
            for key, (conform, exception, motivation, not_conform, findings) in counts.items()
        ]
        rows.sort(key=operator.itemgetter("key"))
        if group != "month":  # most decisions first, then by key (a stable sort keeps that order)
            rows.sort(key=operator.itemgetter("decisions"), reverse=True)
        self._breakdowns[group] = rows
        return rows

    def worst_offenders(self, limit: int = 10) -> list[Offender]:
        offenders = []
        for group, kind in (("provider", "aanbieder"), ("municipality", "gemeente")):
            # most decisions first: the rows to rank are the first ones
            ranked = itertools.takewhile(
                lambda r: r["decisions"] >= MIN_DECISIONS_FOR_RANKING, self.breakdown(group)
            )
            for row in ranked:
                if row["key"] == "(geen)":
                    continue
                not_fitting = sum(row["verdicts"][v] for v in NOT_FITTING)
                offenders.append(
                    Offender(
                        kind=kind,
                        key=row["key"],
                        label=row["label"],
                        decisions=row["decisions"],
                        not_fitting=not_fitting,
                        share=round(not_fitting / row["decisions"], 4),
                    )
                )
        offenders.sort(key=lambda o: (-o.share, -o.not_fitting, o.key))
        return offenders[:limit]

    def unmapped_categories(self) -> list[UnmappedCategory]:
        """Rows per product category left without a service, with the reason, most first."""
        return [
            UnmappedCategory(
                code_list=key.split(" ")[0], category=key.split(" ")[-1], reason=reason, rows=rows
            )
            for (key, reason), rows in sorted(self.unmapped.items(), key=lambda item: (-item[1], item[0]))
        ]

    def errors_by_field(self) -> list[ErrorCount]:
        return [
            ErrorCount(field=name, rows=count, example=self.error_examples[name])
            for name, count in self.error_fields.most_common()
        ]


@dataclass
class BatchResult:
    """What a worker hands back: where the outcome lines are (at `offset` in `outcomes`, or
    in the `part` file), the errors, the counts."""

    number: int
    rows: int
    outcomes: Path  # the outcomes file the batch was evaluated for
    offset: int | None  # where its lines were written in it, or None: see `part`
    part: Path | None  # the lines, when the batch had no place yet
    size: int  # of the lines, in bytes
    errors: list[tuple[int, RowError]]
    tally: Tally


def _add_labels(mine: dict[str, str], other: dict[str, str]) -> None:
    """The labels of `other` for keys that have none in `mine` yet."""
    if not mine:
        mine.update(other)
        return
    for key, text in other.items():
        mine.setdefault(key, text)
