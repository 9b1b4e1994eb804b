"""The consultant's view of an outcome in a terminal: verdict, priority, findings, remedies
and suggested changes."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from triage.explanation import citation_text
from triage.outcome import Finding, Outcome
from triage.presentation import FINDING_LABELS, LEVELS
from triage.suggestion import field_changes, suggestion_label


def print_findings(findings: list[Finding], console: Console) -> None:
    """Every finding: rule, principle, message, source, remedy and suggested change (also
    for a contract's outcome, `triage contracts check`)."""
    if not findings:
        console.print("  Geen bevindingen.")
    for number, finding in enumerate(findings, start=1):
        colour, mark = LEVELS[finding.outcome].terminal, FINDING_LABELS[finding.outcome].lower()
        console.print(f"\n  {number}. [{colour}]{mark}[/] · {finding.rule} · principe {finding.principle}")
        console.print(f"     {escape(finding.message)}")
        source = finding.source
        cited = citation_text(source.document, source.section, source.status, source.title)
        console.print(f"     Bron: {escape(cited)}")
        if finding.remedy:
            console.print(f"     Wat past wel: {escape(finding.remedy)}")
        changes = field_changes(finding.suggestion)
        if changes:  # the change the web page applies with one click
            console.print(f"     Voorstel: {escape(suggestion_label(changes))}")


def print_outcome(outcome: Outcome, console: Console, source: str | None = None) -> None:
    """Print one outcome in plain Dutch; colour only repeats what the words say."""
    verdict = LEVELS[outcome.verdict]
    colour, label, meaning = verdict.terminal, verdict.label.upper(), verdict.asks
    header = f"Beschikking {escape(outcome.decision)}"
    if source:
        header += f"  ({escape(source)})"
    console.print(f"[bold]{header}[/bold]")
    console.print(
        f"  Gemeente {escape(outcome.municipality or '')} · regio {outcome.region} · "
        f"regels van {outcome.rules_in_force_on} (versie {outcome.rules_version})"
    )
    console.print(f"  Oordeel:   [bold {colour}]{label}[/] — {meaning}")
    priority = outcome.priority
    start = f", uiterlijk starten op {priority.start_by}" if priority.start_by else ""
    console.print(f"  Prioriteit: [bold]{priority.priority_class.value}[/]{start}")
    console.print(f"             {escape(priority.reason)}")
    if outcome.segment:
        console.print(f"  Segment:   {escape(outcome.segment.id)} {escape(outcome.segment.name)}")
    print_findings(outcome.findings, console)
    if outcome.passed:
        console.print(f"\n  Getoetst en in orde: {', '.join(outcome.passed)}")
    console.print()
