"""What the main process and the worker processes of `triage impact` hand each other: the
options, a batch's result and the counts. Only the standard library: the main process
cuts, orders, counts and writes, and does not import polars."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triage.audit.records import RowError

if TYPE_CHECKING:
    from triage.audit.pseudonym import Pseudonymiser

IMPACT_SETUP = "triage.impact.evaluator:start_worker"  # see `triage.audit.workers.WorkerPool`
# what can change in a decision's outcome, as `changes.jsonl` names it
VERDICT, FINDINGS, PRIORITY = "verdict", "findings", "priority"
# per rule: decisions where its finding appears, disappears, or gets another outcome
GAINED, LOST, OUTCOME_CHANGED = "gained", "lost", "outcome_changed"
# per municipality and provider
GROUP_COUNTS = ("decisions", "changed", "verdict_changed", "stricter", "milder")


@dataclass
class ImpactOptions:
    inputs: list[Path]
    out_dir: Path
    on: dt.date | None = None
    workers: int = 1
    pseudonymiser: Pseudonymiser | None = None


class ImpactTally:
    """The counts of an impact run; each batch makes one, the main process merges them."""

    def __init__(self) -> None:
        self.evaluated = 0
        self.errors = 0
        self.changed: Counter[str] = Counter()  # "any", VERDICT, FINDINGS, PRIORITY -> decisions
        self.verdicts: Counter[tuple[str, str]] = Counter()  # (before, after) -> decisions
        self.priorities: Counter[tuple[str, str]] = Counter()
        self.rules: dict[str, Counter[str]] = defaultdict(Counter)  # rule -> GAINED/LOST/... -> n
        self.groups: dict[str, dict[str, Counter[str]]] = {
            "municipality": defaultdict(Counter),
            "provider": defaultdict(Counter),
        }
        self.labels: dict[str, dict[str, str]] = {"municipality": {}, "provider": {}}
        self.error_fields: Counter[str] = Counter()
        self.error_examples: dict[str, str] = {}

    def add_errors(self, errors: list[RowError]) -> None:
        self.errors += len(errors)
        for error in errors:
            self.error_fields[error.field] += 1
            self.error_examples.setdefault(error.field, error.reason)

    def add_group(self, group: str, key: str, label: str | None, counts: dict[str, int]) -> None:
        self.groups[group][key].update(counts)
        if label:
            self.labels[group].setdefault(key, label)

    def merge(self, other: ImpactTally) -> None:
        self.evaluated += other.evaluated
        self.errors += other.errors
        self.changed.update(other.changed)
        self.verdicts.update(other.verdicts)
        self.priorities.update(other.priorities)
        for rule, counts in other.rules.items():
            self.rules[rule].update(counts)
        for group, keys in other.groups.items():
            for key, counts in keys.items():
                self.groups[group][key].update(counts)
        for group, labels in other.labels.items():
            for key, label in labels.items():
                self.labels[group].setdefault(key, label)
        self.error_fields.update(other.error_fields)
        for name, example in other.error_examples.items():
            self.error_examples.setdefault(name, example)


@dataclass
class ImpactBatch:
    """What a worker hands back for one batch."""

    number: int
    rows: int  # input rows covered, broken ones included
    changes: str  # the lines of changes.jsonl, in input order
    errors: list[tuple[int, RowError]] = field(default_factory=list)
    tally: ImpactTally = field(default_factory=ImpactTally)


def run_batch(work: Any, number: int, versions: tuple[str, str]) -> ImpactBatch:
    """Evaluate a batch in a worker process (see `triage.impact.evaluator.run_in_worker`)."""
    from triage.impact.evaluator import run_in_worker

    return run_in_worker(work, number, versions)
