"""The `triage` command line: `check` and `serve` for consultants, `audit` and `log` for auditors,
`rules`, `scenarios` and `impact` for policy staff, `keys` for the administrator.

Exit status of `check`: 0 when every decision was evaluated (whatever the verdicts), 2 when
an input was invalid (the others are still evaluated). Rule files with mistakes: 3.

What only one command needs is imported inside that command (the engine by `check` and
`rules`, polars and the audit pipeline by `audit`, the web app by `serve`), so that every
command starts quickly.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from triage.interfaces.audit_command import KeyFileOption, audit
from triage.interfaces.common import (
    EXIT_INVALID_INPUT,
    RulesOption,
    load_engine,
    load_rule_source,
    parse_date,
)
from triage.interfaces.contracts_command import contracts_app
from triage.interfaces.impact_command import impact
from triage.interfaces.keys_command import keys_app
from triage.interfaces.scenarios_command import scenarios
from triage.interfaces.serve_command import log_app, serve
from triage.interfaces.terminal import err, out
from triage.shown_text import shown
from triage.version import __version__

if TYPE_CHECKING:
    pass

app = typer.Typer(
    help="Toets voorgenomen beschikkingen (Jeugdwet, Wmo) aan het regionale inkoopkader.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="Bekijk de regels die gelden.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


class Format(StrEnum):
    text = "text"
    json = "json"


# text, not the `Format` enum: typer would refuse another value in English
FormatOption = Annotated[str, typer.Option("--format", help="text of json")]


def _parse_format(value: str) -> Format:
    try:
        return Format(value)
    except ValueError:
        err.print(f"--format: verwacht {' of '.join(Format)}, niet {value!r}")
        raise typer.Exit(EXIT_INVALID_INPUT) from None


@app.command()
def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Beschikkingen als .json of .yaml, of iJw/iWmo-berichten als .xml (zoals een verzoek om "
            "toewijzing, JW315/WMO315)."
        ),
    ],
    output: FormatOption = "text",
    on: Annotated[
        str | None,
        typer.Option("--on", help="Toets met de regels die op deze datum gelden (JJJJ-MM-DD)."),
    ] = None,
    key_file: KeyFileOption = None,
    rules: RulesOption = None,
) -> None:
    """Toets een of meer beschikkingen en leg uit waarom ze (niet) passen."""
    from triage.decision import DecisionError, load_decision_file
    from triage.interfaces.text import print_outcome

    rules_on = parse_date(on)
    output_format = _parse_format(output)
    engine = load_engine(rules)
    invalid = 0
    decisions = [(path, str(path), None) for path in files]
    if any(path.suffix.lower() == ".xml" for path in files):
        decisions = _with_messages(files, key_file)
    for path, source, decision in decisions:
        try:
            if isinstance(decision, DecisionError):
                raise decision
            decision = load_decision_file(path) if decision is None else decision
            outcome = engine.check(decision, on=rules_on, source=source)
        except DecisionError as exc:
            invalid += 1
            sys.stderr.write(shown(f"Ongeldige invoer: {exc}", keep_lines=True) + "\n")
            continue
        except Exception as exc:  # never a traceback for one bad file; the rest still runs
            invalid += 1
            sys.stderr.write(
                f"Ongeldige invoer: {shown(path)}: kon niet getoetst worden ({type(exc).__name__})\n"
            )
            continue
        if output_format is Format.json:
            sys.stdout.write(json.dumps(outcome.to_json_dict(), ensure_ascii=False) + "\n")
        else:
            print_outcome(outcome, out, source=source if len(decisions) > 1 else None)
    sys.stdout.flush()
    if invalid:
        err.print(f"{invalid} van {len(decisions)} beschikking(en) ongeldig; de rest is getoetst.")
        raise typer.Exit(EXIT_INVALID_INPUT)


def _with_messages(files: list[Path], key_file: Path | None) -> list[tuple[Path, str, Any]]:
    """(path, source, decision: None to load the file, a Decision, or the DecisionError) for
    every decision file and every product of every iJw/iWmo message among `files`."""
    from triage.audit.ijw_source import read_toewijzing
    from triage.decision import DecisionError, parse_decision
    from triage.interfaces.audit_command import read_pseudonymiser

    pseudonymiser = read_pseudonymiser(key_file)
    if pseudonymiser is None:
        err.print("Berichten bevatten BSN's; geef een sleutel voor pseudoniemen met --pseudonym-key-file.")
        raise typer.Exit(EXIT_INVALID_INPUT)
    found: list[tuple[Path, str, Any]] = []
    for path in files:
        if path.suffix.lower() != ".xml":
            found.append((path, str(path), None))
            continue
        for record in read_toewijzing(path, pseudonymiser):
            if record.error is not None:
                problem = DecisionError(record.ref, [(record.error.field, record.error.reason)])
                found.append((path, record.ref, problem))
                continue
            try:
                found.append((path, record.ref, parse_decision(record.decision, record.ref)))
            except DecisionError as exc:
                found.append((path, record.ref, exc))
    return found


@rules_app.command("list")
def rules_list(
    region: Annotated[str | None, typer.Option("--region", help="Alleen deze regio.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Regels die op deze datum gelden.")] = None,
    output: FormatOption = "text",
    rules: RulesOption = None,
) -> None:
    """Toon de regels die gelden (per regio, op een datum)."""
    from rich.table import Table

    from triage.explanation import summary_title
    from triage.rulebook.listing import citation, rule_summary, rules_in_force

    rules_on = parse_date(on) or dt.date.today()
    output_format = _parse_format(output)
    engine = load_engine(rules)
    book = engine.book
    if region is not None and region not in book.region_names:
        err.print(f"Onbekende regio {region!r}; kies uit: {', '.join(book.region_names)}")
        raise typer.Exit(EXIT_INVALID_INPUT)
    selected = rules_in_force(book, region, rules_on)
    if output_format is Format.json:
        for rule in selected:
            sys.stdout.write(json.dumps(rule_summary(rule, book, rules_on), ensure_ascii=False) + "\n")
        return
    table = Table(title=f"Regels in werking op {rules_on} (versie {book.version})")
    for column in ("regel", "regio", "principe", "uitkomst", "bron", "titel"):
        table.add_column(column)
    for rule in selected:
        effect = rule.outcome.value if rule.outcome else f"prioriteit {rule.priority.priority_class.value}"
        table.add_row(
            rule.id,
            rule.region,
            rule.principle,
            effect,
            citation(rule, book),
            summary_title(rule, book, on=rules_on),
        )
    out.print(table)
    out.print(f"{len(selected)} regels.")


@rules_app.command("coverage")
def rules_coverage(
    features: Annotated[Path, typer.Option("--features", help="Map met .feature-bestanden.")] = Path(
        "features"
    ),
    rules: RulesOption = None,
) -> None:
    """Welke regels nog geen scenario hebben dat ze laat afgaan én een dat ze laat houden."""
    from rich.table import Table

    from triage.coverage import scenario_coverage
    from triage.scenario.features import FeatureError

    engine = load_engine(rules)
    try:
        report = scenario_coverage(engine.book.all_rules(), features)
    except FeatureError as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_INVALID_INPUT) from None
    missing = [item for item in report if not item.complete]
    table = Table(title="Scenario's per regel")
    for column in ("regel", "gaat af", "houdt", "compleet"):
        table.add_column(column)
    for item in report:
        table.add_row(item.rule, str(item.fires), str(item.held), "ja" if item.complete else "NEE")
    out.print(table)
    if missing:
        out.print(
            f"{len(missing)} regel(s) zonder volledige scenario's: "
            + ", ".join(item.rule for item in missing)
        )
        raise typer.Exit(1)
    out.print("Alle regels hebben een scenario dat afgaat en een dat houdt.")


@rules_app.command("diff")
def rules_diff(
    old: Annotated[str, typer.Argument(help="De oude regels: een map, of een git-revisie (REV of REV:pad).")],
    new: Annotated[str, typer.Argument(help="De nieuwe regels: een map, of een git-revisie.")],
    output: FormatOption = "text",
) -> None:
    """Wat verschilt tussen twee regelmappen: regels, parameters, gemeenten, segmenten, gronden."""
    import tempfile

    from triage.rulebook.diff import diff_rulebooks

    output_format = _parse_format(output)
    with tempfile.TemporaryDirectory(prefix="triage-rules-") as temporary:
        before = load_rule_source(old, new, Path(temporary) / "oud")
        after = load_rule_source(new, old, Path(temporary) / "nieuw")
    changes = diff_rulebooks(before, after)
    if output_format is Format.json:
        for change in changes:
            sys.stdout.write(json.dumps(change.as_dict(), ensure_ascii=False) + "\n")
        return
    out.print(f"Regels vergeleken: {old} (versie {before.version}) → {new} (versie {after.version})")
    for change in changes:
        out.print(f"{change.kind:<11} {change.text}", markup=False)
    count = len(changes)
    out.print(
        "Geen verschillen." if not count else f"{count} {'wijziging' if count == 1 else 'wijzigingen'}."
    )


@rules_app.command("validate")
def rules_validate(rules: RulesOption = None) -> None:
    """Controleer de regelbestanden (fouten met bestand, regel en regel-id)."""
    engine = load_engine(rules)
    out.print(
        f"{len(engine.book.rules)} regels in {len(engine.book.files)} bestanden geladen; "
        f"versie {engine.rules_version}."
    )


app.command("audit")(audit)
app.command("impact")(impact)
app.command("scenarios")(scenarios)
app.command("serve")(serve)
app.add_typer(log_app, name="log")
app.add_typer(keys_app, name="keys")
app.add_typer(contracts_app, name="contracts")


@app.command()
def version() -> None:
    """Toon de versie van triage."""
    out.print(f"triage {__version__}")


def main() -> None:
    """Entry point of the `triage` script."""
    try:
        app()
    finally:
        # The process ends now: spare the interpreter's shutdown its garbage collections
        # over every object still alive (a tenth of a second once polars is imported).
        gc.freeze()
