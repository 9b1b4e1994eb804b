"""`triage impact`: what a change of the rules would do to decisions already made (registered
on the main CLI). Exit status: 0 the run finished (whatever changes), 2 an input, option or
revision that cannot be used, 3 rule files that are refused, 130 interrupted (no summary)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from triage.interfaces.audit_command import CPUS, InputsArgument, KeyFileOption, OnOption, WorkersOption
from triage.interfaces.common import EXIT_INTERRUPTED, EXIT_INVALID_INPUT, load_rule_source, parse_date
from triage.interfaces.terminal import err
from triage.presentation import number as n


def impact(
    inputs: InputsArgument,
    out_dir: Annotated[
        Path,
        typer.Option("--out", help="Map voor changes.jsonl, errors.jsonl, summary.json en report.html."),
    ],
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules", help="De huidige regels: een map of git-revisie (standaard: rules/ of $TRIAGE_RULES)."
        ),
    ] = None,
    against: Annotated[
        str | None,
        typer.Option("--against", help="De nieuwe regels: een map of git-revisie (REV of REV:pad)."),
    ] = None,
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="In plaats van --against: verander een parameter, bijvoorbeeld "
            "zuidoost-utrecht.max_term_months_activerend=12 (vaker te geven).",
        ),
    ] = None,
    on: OnOption = None,
    workers: WorkersOption = CPUS,
    key_file: KeyFileOption = None,
) -> None:
    """Toets dezelfde beschikkingen onder de huidige en de nieuwe regels en laat zien wat verandert."""
    from triage.impact.pipeline import OUTPUTS
    from triage.interfaces.audit_command import check_out_dir, read_pseudonymiser

    if (against is None) == (not settings):
        err.print(
            "Geef de nieuwe regels met --against (een map of git-revisie) of met --set, niet met beide."
        )
        raise typer.Exit(EXIT_INVALID_INPUT)
    check_out_dir(out_dir, OUTPUTS)
    rules_on = parse_date(on)
    pseudonymiser = read_pseudonymiser(key_file)

    from triage.audit.inputs import InputError
    from triage.impact.pipeline import ImpactRun
    from triage.impact.summary import RulesRef
    from triage.impact.work import ImpactOptions
    from triage.rulebook.diff import diff_rulebooks
    from triage.rulebook.loader import default_rules_dir
    from triage.rulebook.overrides import SettingError, parse_setting, with_settings

    old_source = rules or str(default_rules_dir())
    with tempfile.TemporaryDirectory(prefix="triage-rules-") as temporary:
        old = load_rule_source(old_source, against, Path(temporary) / "oud")
        if against is not None:
            new = load_rule_source(against, old_source, Path(temporary) / "nieuw")
            new_ref = RulesRef(source=against, version=new.version)
        else:
            try:
                new = with_settings(old, [parse_setting(text) for text in settings or []])
            except SettingError as exc:
                err.print(escape(str(exc)))
                raise typer.Exit(EXIT_INVALID_INPUT) from None
            new_ref = RulesRef(
                source=f"{old_source} met --set", version=new.version, settings=list(settings or [])
            )
    options = ImpactOptions(inputs, out_dir, rules_on, workers, pseudonymiser)
    run = ImpactRun(
        old,
        new,
        options,
        (RulesRef(source=old_source, version=old.version), new_ref),
        diff_rulebooks(old, new),
    )
    try:
        summary = run.run()
    except InputError as exc:
        err.print(escape(str(exc)))
        raise typer.Exit(EXIT_INVALID_INPUT) from None
    except KeyboardInterrupt:
        err.print("Onderbroken: er is geen samenvatting geschreven.")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    totals = summary.totals
    seconds = f"{summary.seconds:.1f}".replace(".", ",")
    err.print(
        f"{n(totals.input_rows)} rijen: {n(totals.evaluated)} onder beide regels getoetst, "
        f"{n(totals.errors)} fouten ({'klopt' if totals.reconciled else 'KLOPT NIET'}) in {seconds} s"
    )
    err.print(
        f"Veranderd: {n(totals.changed)} beschikkingen, waarvan {n(totals.verdict_changed)} met een ander "
        f"oordeel, {n(totals.findings_changed)} met andere bevindingen en {n(totals.priority_changed)} "
        "met een andere prioriteit"
    )
    for change in summary.rule_changes:
        err.print(f"  {change.kind} {escape(change.text)}")
    err.print(f"Rapport: {escape(str(out_dir / 'report.html'))}")
    sys.stderr.flush()
