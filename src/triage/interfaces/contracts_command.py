"""`triage contracts check`: the contract managers' command (registered on the main CLI).

Exit status as for `triage check`: 0 every contract evaluated (whatever the verdicts), 2 an
input invalid (the message names file, row and field; the other contracts are still
checked), 3 rule files refused.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from triage.interfaces.terminal import err, out
from triage.shown_text import shown

if TYPE_CHECKING:
    from triage.contracts.check import ContractOutcome

EXIT_INVALID_INPUT = 2
EXIT_RULES_REFUSED = 3

contracts_app = typer.Typer(help="Toets contracten aan het regionale kader.", no_args_is_help=True)


@contracts_app.command("check")
def contracts_check(
    registers: Annotated[
        list[Path], typer.Argument(help="Contractregisters: .csv, .xlsx, .jsonl of .yaml (een lijst).")
    ],
    output: Annotated[str, typer.Option("--format", help="text of json")] = "text",
    budgets: Annotated[
        Path | None,
        typer.Option("--budgets", help="Budgetten per aanbieder en halfjaar (voor het budgetsignaal)."),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option("--rules", help="Map met regelbestanden (standaard: rules/ of $TRIAGE_RULES)."),
    ] = None,
) -> None:
    """Toets elk contract van een register aan de contractregels van zijn regio."""
    from triage.contracts.check import check_entries
    from triage.contracts.register import BUDGET_FIELDS, RegisterError, RegisterFileError, read_entries
    from triage.rulebook.loader import RuleBookError, load_rulebook

    if output not in ("text", "json"):
        err.print(f"--format: verwacht text of json, niet {output!r}")
        raise typer.Exit(EXIT_INVALID_INPUT)
    try:
        book = load_rulebook(rules)
    except RuleBookError as exc:
        sys.stderr.write(f"{exc}\n")
        raise typer.Exit(EXIT_RULES_REFUSED) from None
    invalid = 0
    budget_entries = []
    if budgets is not None:
        try:
            budget_entries = read_entries(budgets, BUDGET_FIELDS)
        except RegisterFileError as exc:
            err.print(f"Ongeldige invoer: {exc}")
            invalid += 1
    entries = []
    for path in registers:
        try:
            entries += read_entries(path)
        except RegisterFileError as exc:
            err.print(f"Ongeldige invoer: {exc}")
            invalid += 1
    result = check_entries(book, entries, budget_entries)
    for error in result.budget_errors:
        sys.stderr.write(shown(f"Ongeldige invoer: {error}", keep_lines=True) + "\n")
    invalid += len(result.budget_errors)
    for note in result.unmatched_budgets:
        err.print(f"Let op: {note}")
    for ref, outcome in result.results:
        if isinstance(outcome, RegisterError):
            invalid += 1
            sys.stderr.write(shown(f"Ongeldige invoer: {outcome}", keep_lines=True) + "\n")
        elif output == "json":
            sys.stdout.write(json.dumps(outcome.to_json_dict(), ensure_ascii=False) + "\n")
        else:
            print_contract_outcome(outcome, out, ref)
    sys.stdout.flush()
    if invalid:
        err.print(
            f"{invalid} ongeldige invoer(en); de andere contracten zijn getoetst "
            f"({len(result.results)} contract(en) gelezen)."
        )
        raise typer.Exit(EXIT_INVALID_INPUT)


def print_contract_outcome(outcome: ContractOutcome, console: Console, ref: str | None = None) -> None:
    """One contract's outcome in plain Dutch; colour only repeats what the words say."""
    from triage.interfaces.text import print_findings  # pydantic: only when printing
    from triage.presentation import LEVELS

    verdict = LEVELS[outcome.verdict]
    colour, label = verdict.terminal, verdict.label.upper()
    header = f"Contract {escape(outcome.contract)}"
    if ref:
        header += f"  ({escape(ref)})"
    console.print(f"[bold]{header}[/bold]")
    provider = outcome.provider
    who = f"aanbieder {escape(provider.name or '')} ({provider.id})" if provider else ""
    console.print(
        f"  Regio {outcome.region} · {who} · regels van {outcome.rules_in_force_on} "
        f"(versie {outcome.rules_version})"
    )
    console.print(f"  Oordeel:   [bold {colour}]{label}[/]")
    if outcome.note:
        console.print(f"  {escape(outcome.note)}")
    print_findings(outcome.findings, console)
    for item in outcome.unassessed:
        console.print(f"\n  Niet beoordeeld · {item.rule}: {escape(item.reason)}")
    if outcome.passed:
        console.print(f"\n  Getoetst en in orde: {', '.join(outcome.passed)}")
    console.print()
