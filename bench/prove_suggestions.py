"""Prove every suggested remedy: apply it to generated decisions and check them again.

    python bench/prove_suggestions.py 100000             # counts per rule; exit 1 on a failure
    python bench/prove_suggestions.py 3000 --seed 7

The decisions come from `generate_audit_input.generate_decisions` (every region, residences
elsewhere and outside the regions, recorded exceptions), checked with the rule book's
per-municipality values of `AUDIT_PARAMETERS` (so that every rule can fire). For every
finding with a suggestion, the change is applied as the web page applies it, and the
decision is checked again:

- a field change (`suggestion.apply_change` on the decision as checked);
- an exception (`form_data.add_exception_row`, then an accepted ground and a motivation, as the
  consultant completes the row).

The changed decision must be valid, the finding gone or `conform_met_uitzondering`, and no
other finding more severe, unless the change moved the decision to another region (then the
other region's rules apply: counted, not compared). `tests/test_suggestions.py` runs a few
thousand decisions in CI; the counts of the 100,000-decision run are in `bench/README.md`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate_audit_input import DEFAULT_SEED, generate_decisions, parameter_overrides  # noqa: E402

from triage import Engine  # noqa: E402
from triage.decision import DecisionError, parse_decision  # noqa: E402
from triage.explanation import condition_references  # noqa: E402
from triage.outcome import Finding, Outcome  # noqa: E402
from triage.suggestion import apply_change, field_changes  # noqa: E402
from triage.vocabulary import Outcome as Level  # noqa: E402
from triage.web import form_data  # noqa: E402

MOTIVATION = "Afgewogen met de cliënt en het netwerk; vastgelegd in het plan."
RESOLVED = (None, Level.CONFORM_MET_UITZONDERING)  # the finding is gone, or excepted


@dataclass
class RuleCounts:
    """Per rule: its findings, the suggestions applied and proven, and the findings whose
    suggestion could not be made (the remedy says what to do in words)."""

    findings: int = 0
    field_changes: int = 0
    exceptions: int = 0
    # field changes that put the decision under another region's rules (other findings are
    # not compared), and how many of those made another finding more severe
    moved_region: int = 0
    moved_region_worse: int = 0
    # another finding more severe because the new municipality has its own value of a
    # parameter that finding's rule uses (same region)
    worse_by_values: int = 0
    worded_only: int = 0


@dataclass
class Proof:
    decisions: int = 0
    counts: dict[str, RuleCounts] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def count(self, rule: str) -> RuleCounts:
        return self.counts.setdefault(rule, RuleCounts())

    def table(self) -> str:
        """The counts of the rules that have a suggestion, as a Markdown table."""
        lines = [
            "| rule | findings | field changes proven | moved to another region (another finding worse) "
            "| another finding worse by the new municipality's values | exceptions proven | words only |",
            "|---|--:|--:|--:|--:|--:|--:|",
        ]
        for rule in sorted(self.counts):
            c = self.counts[rule]
            if c.field_changes or c.exceptions or c.worded_only:
                lines.append(
                    f"| {rule} | {c.findings:,} | {c.field_changes:,} "
                    f"| {c.moved_region:,} ({c.moved_region_worse:,}) | {c.worse_by_values:,} "
                    f"| {c.exceptions:,} | {c.worded_only:,} |"
                )
        return "\n".join(lines)


def _severities(outcome: Outcome) -> dict[str, Level]:
    return {finding.rule: finding.outcome for finding in outcome.findings}


class Prover:
    """Applies every suggestion of a checked decision and checks the result."""

    def __init__(self, engine: Engine, overrides: Callable[[str], dict[str, Any]] = parameter_overrides):
        self.engine = engine
        self.overrides = overrides
        self.rules = {rule.id: rule for rule in engine.book.rules}
        self.suggesting = {rule.id for rule in engine.book.rules if rule.suggest}
        # rules whose finding an exception turns into conform_met_uitzondering
        self.excepting = {
            rule.id for rule in engine.book.rules if rule.unless is not None and rule.outcome != Level.SIGNAAL
        }
        self.any_grounds = [g.id for g in engine.book.catalogue.grounds]

    def check(self, data: dict[str, Any], source: str) -> Outcome:
        decision = parse_decision(data, source)
        return self.engine.check(
            decision, parameter_overrides=self.overrides(decision.municipality), source=source
        )

    def prove(self, decisions: Iterable[dict[str, Any]]) -> Proof:
        proof = Proof()
        for raw in decisions:
            proof.decisions += 1
            before = self.check(raw, str(raw.get("id")))
            # the decision as the page keeps it after a check, and changes it
            data = form_data.decision_data(parse_decision(raw))
            for finding in before.findings:
                self._prove(proof, before, data, finding)
        return proof

    def _prove(self, proof: Proof, before: Outcome, data: dict[str, Any], finding: Finding) -> None:
        counts = proof.count(finding.rule)
        counts.findings += 1
        suggestion = finding.suggestion or {}
        unknown = [name for name, value in suggestion.items() if value is None]
        if unknown:
            proof.failures.append(f"{before.decision}: {finding.rule} stelt voor zonder waarde: {unknown}")
        # an open finding of a rule whose exception changes the outcome suggests one; no other
        open_finding = finding.outcome != Level.CONFORM_MET_UITZONDERING
        exception = suggestion.get("exception")
        if bool(exception) != (finding.rule in self.excepting and open_finding):
            proof.failures.append(
                f"{before.decision}: {finding.rule} ({finding.outcome.value}), "
                f"uitzondering voorgesteld: {exception}"
            )
        changes = field_changes(suggestion)
        if changes:
            counts.field_changes += 1
            self._after(proof, before, finding.rule, f"wijziging {changes}", apply_change(data, changes))
        elif finding.rule in self.suggesting and open_finding:
            counts.worded_only += 1
        if exception:
            counts.exceptions += 1
            grounds = list(exception.get("grounds") or [])
            changed, row, _ = form_data.add_exception_row(data, exception["principle"], grounds)
            pool = grounds or self.any_grounds  # each accepted ground in turn
            changed["exceptions"][row]["ground"] = pool[counts.exceptions % len(pool)]
            changed["exceptions"][row]["motivation"] = MOTIVATION
            self._after(proof, before, finding.rule, f"uitzondering {exception}", changed)

    def _values(self, outcome: Outcome) -> dict[str, Any]:
        """The parameter values the decision was checked with (its municipality's)."""
        assert outcome.municipality is not None
        values = self.engine.book.parameters(outcome.region, outcome.municipality, outcome.rules_in_force_on)
        return values | self.overrides(outcome.municipality)

    def _after(self, proof: Proof, before: Outcome, rule: str, what: str, data: dict[str, Any]) -> None:
        """Check the changed decision again; a failure (naming the remedy's rule) when it is
        invalid, keeps its finding, or makes another finding more severe."""
        where = f"{before.decision}: {rule}, {what}"
        counts = proof.count(rule)
        try:
            after = self.check(data, where)
        except DecisionError as error:
            proof.failures.append(f"{where}: ongeldige beschikking ({error.problems})")
            return
        old, new = _severities(before), _severities(after)
        if new.get(rule) not in RESOLVED:
            proof.failures.append(f"{where}: de bevinding blijft {new[rule].value}")
        worse = [
            other
            for other, level in new.items()
            if other != rule and level.severity > (old[other].severity if other in old else 0)
        ]
        if after.region != before.region:  # another region's rules: counted, not compared
            counts.moved_region += 1
            counts.moved_region_worse += bool(worse)
            return
        values_before, values_after = self._values(before), self._values(after)
        changed = {
            name for name in values_before | values_after if values_before.get(name) != values_after.get(name)
        }
        for other in worse:
            if changed & set(condition_references(self.rules[other])[1]):
                counts.worse_by_values += 1
            else:
                was = old[other].value if other in old else "geen bevinding"
                proof.failures.append(f"{where}: maakt {other} erger ({was} -> {new[other].value})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--matcher", choices=("durable", "python"), default="durable")
    args = parser.parse_args(argv)
    began = time.monotonic()
    prover = Prover(Engine.load(matcher=args.matcher))
    proof = prover.prove(generate_decisions(args.count, args.seed))
    print(f"{proof.decisions:,} beschikkingen (seed {args.seed}) in {time.monotonic() - began:.0f} s")
    print(proof.table())
    for rule in prover.engine.book.rules:
        if rule.unless is not None and rule.outcome == Level.SIGNAAL:
            print(
                f"{rule.id} (signaal): {proof.count(rule.id).findings:,} bevindingen,"
                " geen uitzondering voorgesteld"
            )
    for failure in proof.failures[:50]:
        print("FOUT:", failure)
    print(f"{len(proof.failures)} fouten")
    return 1 if proof.failures else 0


if __name__ == "__main__":
    sys.exit(main())
