"""Counts across batches for `summary.json`: verdicts, priorities, findings per rule and
principle, decisions per municipality, provider and month, and errors per field; and
`BatchResult`, what the evaluation of one batch hands back to the main process."""

from __future__ import annotations

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
)
from triage.explanation import summary_title
from triage.rulebook.listing import citation
from triage.rulebook.loader import Rulebook

if TYPE_CHECKING:
    import polars as pl

NOT_FITTING = ("motivering_vereist", "niet_conform")
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
        self.groups: dict[str, dict[str, Counter[str]]] = {
            "municipality": defaultdict(Counter),
            "provider": defaultdict(Counter),
            "month": defaultdict(Counter),
        }
        self.labels: dict[str, dict[str, str]] = {"municipality": {}, "provider": {}, "month": {}}
        self.error_fields: Counter[str] = Counter()
        self.error_examples: dict[str, str] = {}
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
        for group, column in _GROUP_KEYS.items():
            frame = with_counts.with_columns(pl.col(column).fill_null("(geen)"))
            plans.append(frame.group_by(column, "verdict").agg(pl.len().alias("n"), pl.col("findings").sum()))
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
            for key, verdict, n, findings_count in next(results).iter_rows():
                self.groups[group][key][verdict] += n
                self.groups[group][key]["__findings"] += findings_count
            if _GROUP_LABELS[group]:
                for key, text in next(results).iter_rows():
                    self.labels[group].setdefault(key, text)

    def merge(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.verdicts.update(other.verdicts)
        self.priorities.update(other.priorities)
        for rule, counts in other.rule_outcomes.items():
            self.rule_outcomes[rule].update(counts)
        self.rule_applied.update(other.rule_applied)
        for group, keys in other.groups.items():
            for key, counts in keys.items():
                self.groups[group][key].update(counts)
        for group, labels in other.labels.items():
            for key, text in labels.items():
                self.labels[group].setdefault(key, text)
        self.error_fields.update(other.error_fields)
        for name, example in other.error_examples.items():
            self.error_examples.setdefault(name, example)
        self.outcomes += other.outcomes
        self.errors += other.errors
        self.add_population((*key, *counts) for key, counts in other.population.items())

    def add_errors(self, errors: list[RowError]) -> None:
        """Count rows that could not be evaluated."""
        self.errors += len(errors)
        for error in errors:
            self.error_fields[error.field] += 1
            self.error_examples.setdefault(error.field, error.reason)

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
        rows = []
        for key, counts in self.groups[group].items():
            verdicts = {v: counts.get(v, 0) for v in VERDICTS}
            rows.append(
                Breakdown(
                    key=key,
                    label=self.labels[group].get(key),
                    decisions=sum(verdicts.values()),
                    verdicts=verdicts,
                    findings=counts.get("__findings", 0),
                )
            )
        if group == "month":
            return sorted(rows, key=lambda r: r.key)
        return sorted(rows, key=lambda r: (-r.decisions, r.key))

    def worst_offenders(self, limit: int = 10) -> list[Offender]:
        offenders = []
        for group, kind in (("provider", "aanbieder"), ("municipality", "gemeente")):
            for row in self.breakdown(group):
                if row.decisions < MIN_DECISIONS_FOR_RANKING or row.key == "(geen)":
                    continue
                not_fitting = sum(row.verdicts[v] for v in NOT_FITTING)
                offenders.append(
                    Offender(
                        kind=kind,
                        key=row.key,
                        label=row.label,
                        decisions=row.decisions,
                        not_fitting=not_fitting,
                        share=round(not_fitting / row.decisions, 4),
                    )
                )
        offenders.sort(key=lambda o: (-o.share, -o.not_fitting, o.key))
        return offenders[:limit]

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
