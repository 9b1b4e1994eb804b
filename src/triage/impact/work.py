"""What the main process and the worker processes of `triage impact` hand each other: the
options, a batch's result and the counts. No polars: the main process cuts, orders, counts
and writes, and does not import it."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from triage.audit.records import RowError
from triage.audit.tally import Tally

if TYPE_CHECKING:
    from triage.audit.pseudonym import Pseudonymiser

IMPACT_SETUP = "triage.impact.evaluator:start_worker"  # see `triage.audit.workers.WorkerPool`
# what can change in a decision's outcome, as `changes.jsonl` names it
VERDICT, FINDINGS, PRIORITY = "verdict", "findings", "priority"
# per rule: decisions where its finding appears, disappears, or gets another outcome
GAINED, LOST, OUTCOME_CHANGED = "gained", "lost", "outcome_changed"
RULE_COUNTS = (GAINED, LOST, OUTCOME_CHANGED)
# per municipality and provider
GROUP_COUNTS = ("decisions", "changed", "verdict_changed", "stricter", "milder")


@dataclass
class ImpactOptions:
    inputs: list[Path]
    out_dir: Path
    on: dt.date | None = None
    workers: int = 1
    pseudonymiser: Pseudonymiser | None = None


class ImpactTally(Tally):
    """The counts of an impact run, in the audit's `Tally` (which merges them): `outcomes`
    are the decisions evaluated under both rule books; `verdicts` and `priorities` count
    (before, after) pairs; `rule_outcomes` count, per rule, the changed decisions where its
    finding was GAINED, LOST or got another outcome (OUTCOME_CHANGED); `groups` count
    GROUP_COUNTS per municipality and provider; errors as in the audit. `changed` adds the
    decisions that changed ("any") and what changed in them (VERDICT, FINDINGS, PRIORITY)."""

    def __init__(self) -> None:
        super().__init__()
        self.changed: Counter[str] = Counter()
        # GROUP_COUNTS per key, as counters (the audit's own counts are columns per batch)
        self.groups: dict[str, dict[str, Counter[str]]] = {
            group: defaultdict(Counter) for group in self.group_parts
        }

    def add_group(self, group: str, key: str, label: str | None, counts: dict[str, int]) -> None:
        self.groups[group][key].update(counts)
        if label:
            self.labels[group].setdefault(key, label)

    def merge(self, other: Tally) -> None:
        super().merge(other)
        if isinstance(other, ImpactTally):
            self.changed.update(other.changed)

    def _merge_groups(self, other: Tally) -> None:
        for group, keys in getattr(other, "groups", {}).items():
            for key, counts in keys.items():
                self.groups[group][key].update(counts)


@dataclass
class ImpactBatch:
    """What a worker hands back for one batch."""

    number: int
    rows: int  # input rows covered, broken ones included
    changes: str  # the lines of changes.jsonl, in input order
    errors: list[tuple[int, RowError]] = field(default_factory=list)
    tally: ImpactTally = field(default_factory=ImpactTally)
