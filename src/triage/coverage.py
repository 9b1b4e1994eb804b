"""Which rules the Dutch scenarios show firing and held (for policy staff and a test)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from triage.rulebook.model import Rule

_FIRES = [
    re.compile(r"noemt de toelichting de regel ([A-Z0-9-]+)(?: met uitkomst \w+)?\s*$"),
    re.compile(r"bepaalt de regel ([A-Z0-9-]+) de prioriteit\s*$"),
    # population rules: a signal, or (a rule without a threshold) the figure reported
    re.compile(r"geeft regel ([A-Z0-9-]+) voor .+ in \d{4} een signaal\s*$"),
    re.compile(r"meldt de telling het cijfer van regel ([A-Z0-9-]+) voor .+$"),
]
_HELD = [
    re.compile(r"heeft de regel ([A-Z0-9-]+) gehouden\s*$"),
    re.compile(r"noemt de toelichting de regel ([A-Z0-9-]+) niet\s*$"),
    re.compile(r"bepaalt de regel ([A-Z0-9-]+) de prioriteit niet\s*$"),
    # population rules: no signal, or (a rule without a threshold) no figure for decisions
    # outside the population it counts
    re.compile(r"geeft regel ([A-Z0-9-]+) voor .+ in \d{4} geen signaal\s*$"),
    re.compile(r"meldt de telling geen cijfer van regel ([A-Z0-9-]+)\s*$"),
]


@dataclass(frozen=True)
class RuleCoverage:
    rule: str
    fires: int
    held: int

    @property
    def complete(self) -> bool:
        return self.fires > 0 and self.held > 0


def scenario_coverage(rules: list[Rule], features_dir: Path) -> list[RuleCoverage]:
    """Count, per rule, the scenario steps that show it firing and held."""
    fires: dict[str, int] = {}
    held: dict[str, int] = {}
    for path in sorted(features_dir.rglob("*.feature")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            for patterns, counter in ((_FIRES, fires), (_HELD, held)):
                for pattern in patterns:
                    if match := pattern.search(text):
                        counter[match.group(1)] = counter.get(match.group(1), 0) + 1
    return [RuleCoverage(r.id, fires.get(r.id, 0), held.get(r.id, 0)) for r in rules]
