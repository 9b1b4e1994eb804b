"""`triage audit`: the auditors' command (registered on the main CLI).

The audit pipeline (and with it polars) is imported when the command runs, not when the CLI
starts: the other commands do not need it. For a big input the command starts its worker
processes before that import, and before loading the rule book, so that they start up
alongside.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from triage.interfaces.common import (
    EXIT_FAILED,
    EXIT_INVALID_INPUT,
    EXIT_RULES_REFUSED,
    parse_date,
)
from triage.interfaces.terminal import err
from triage.presentation import number as n

if TYPE_CHECKING:
    from triage.audit.options import AuditOptions
    from triage.audit.pipeline import Auditor
    from triage.audit.pseudonym import Pseudonymiser
    from triage.audit.summary import AuditSummary
    from triage.audit.workers import WorkerPool


def _count_rows(paths: list[Path]) -> int | None:
    """Input rows for the progress bar (lines of CSV/JSONL; unknown for other formats)."""
    from triage.audit.inputs import FORMATS

    total = 0
    for path in paths:
        if FORMATS.get(path.suffix.lower()) not in ("csv", "jsonl") or not path.is_file():
            return None
        with path.open("rb") as handle:
            total += sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 22), b""))
        total -= FORMATS[path.suffix.lower()] == "csv"  # the header
    return total


CPUS = os.cpu_count() or 1  # the default number of worker processes
# options `triage impact` shares
InputsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Exports: .csv, .xlsx, .jsonl, of iJw/iWmo-berichten (JW301/WMO301, JW315/WMO315): "
        "een .xml, of een map of .zip met veel .xml-berichten."
    ),
]
OnOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        help="Toets met de regels van deze datum (JJJJ-MM-DD) in plaats van elke beschikkingsdatum.",
    ),
]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers", min=1, help="Processen die tegelijk batches toetsen (standaard: aantal CPU's)."
    ),
]
KeyFileOption = Annotated[
    Path | None,
    typer.Option(
        "--pseudonym-key-file",
        help="Bestand met de geheime sleutel voor pseudoniemen van BSN's (voor .xml).",
    ),
]


def audit(
    inputs: InputsArgument,
    out_dir: Annotated[
        Path,
        typer.Option("--out", help="Map voor outcomes.jsonl, errors.jsonl, summary.json en report.html."),
    ],
    on: OnOption = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help="Toets alleen beschikkingen van deze regio; "
            "andere rijen komen als 'niet getoetst' in errors.jsonl.",
        ),
    ] = None,
    workers: WorkersOption = CPUS,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="fast (standaard: gevectoriseerd, durable_rules waar nodig), durable (elke rij via "
            "durable_rules) of python (elke rij via de eenvoudige Python-matcher, ter vergelijking).",
        ),
    ] = "fast",
    key_file: KeyFileOption = None,
    latest_only: Annotated[
        bool,
        typer.Option(
            "--latest-only",
            help="iJw/iWmo: toets van elke toewijzing (Afzender + ToewijzingNummer) alleen de laatste "
            "versie (Toewijzingsdatum + Toewijzingstijd); eerdere versies worden geteld en terzijde gelegd.",
        ),
    ] = False,
    xsd: Annotated[
        Path | None,
        typer.Option(
            "--xsd",
            help="iJw/iWmo: map met de XSD's van de iStandaarden; elk bericht wordt ertegen getoetst "
            "(zie docs/ijw-xsd.md).",
        ),
    ] = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="Map met regelbestanden.")] = None,
) -> None:
    """Toets een export met veel beschikkingen en schrijf uitkomsten, fouten en een rapport."""
    from triage.audit.options import ENGINES, AuditOptions
    from triage.audit.workers import start_early

    if engine not in ENGINES:
        err.print(f"--engine: verwacht {' of '.join(ENGINES)}, niet {engine!r}")
        raise typer.Exit(EXIT_INVALID_INPUT)
    check_out_dir(out_dir, AUDIT_OUTPUTS)
    if xsd is not None:
        from triage.audit.ijw_schema import SchemaError, SchemaFolder

        try:
            SchemaFolder(xsd)
        except SchemaError as exc:
            err.print(f"--xsd: {exc}", markup=False)
            raise typer.Exit(EXIT_INVALID_INPUT) from None
    options = AuditOptions(
        inputs=inputs,
        out_dir=out_dir,
        on=parse_date(on),
        region=region,
        workers=workers,
        engine=engine,
        pseudonymiser=read_pseudonymiser(key_file),
        latest_only=latest_only,
        xsd=xsd,
    )
    # the workers load the rule book themselves; the audit checks that it is this one
    pool = start_early(workers, inputs, rules, options)
    try:
        summary, stop_signal = _audit(rules, options, pool)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)  # the audit has done so, unless it never ran
    _report(summary, out_dir)
    if summary.status == "onderbroken":
        err.print("Onderbroken: de bestanden bevatten alleen de rijen hierboven, en zijn compleet en geldig.")
        raise typer.Exit(128 + (stop_signal or signal.SIGINT))
    if summary.status == "onvolledig":
        raise typer.Exit(EXIT_INVALID_INPUT)


def _report(summary: AuditSummary, out_dir: Path) -> None:
    """The run in a few lines on stderr."""
    totals = summary.totals
    verdicts = ", ".join(f"{name} {n(count)}" for name, count in summary.verdicts.items())
    rate = totals.input_rows / summary.seconds if summary.seconds else 0
    seconds = f"{summary.seconds:.1f}".replace(".", ",")
    for refused in summary.refused_inputs:
        err.print(f"Geweigerd: {refused.path}: {refused.reason}", markup=False)
    set_aside = f", {n(totals.set_aside)} eerdere versies terzijde" if totals.set_aside else ""
    err.print(
        f"{n(totals.input_rows)} rijen: {n(totals.outcomes)} uitkomsten, "
        f"{n(totals.errors)} fouten{set_aside}"
        f" ({'klopt' if totals.reconciled else 'KLOPT NIET'}) in {seconds} s ({n(rate)} per seconde)"
    )
    err.print(f"Oordelen: {verdicts}")
    err.print(f"Rapport: {out_dir / 'report.html'}", markup=False)
    if summary.refused_inputs:
        err.print(
            f"Onvolledig: {len(summary.refused_inputs)} invoerbestand(en) geweigerd; de andere zijn getoetst."
        )


AUDIT_OUTPUTS = ("outcomes.jsonl", "errors.jsonl", "summary.json", "report.html")


def read_pseudonymiser(key_file: Path | None) -> Pseudonymiser | None:
    """The pseudonymiser with the key in `key_file` (None without one), or stop (exit 2)."""
    if key_file is None:
        return None
    from triage.audit.pseudonym import Pseudonymiser

    try:
        return Pseudonymiser(key_file.read_bytes().strip())
    except (OSError, ValueError) as exc:
        err.print(f"{key_file}: sleutel onleesbaar of leeg ({exc})")
        raise typer.Exit(EXIT_INVALID_INPUT) from None


def check_out_dir(out_dir: Path, outputs: tuple[str, ...]) -> None:
    """Make the output folder, or stop with a message (exit 2) when that cannot be done or
    when an output file's name (`outputs`) is taken by a folder."""
    if out_dir.exists() and not out_dir.is_dir():
        err.print(f"--out: {out_dir} bestaat al en is geen map")
        raise typer.Exit(EXIT_INVALID_INPUT)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        err.print(f"--out: kan de map {out_dir} niet maken (geen toegang, of iets in het pad is geen map)")
        raise typer.Exit(EXIT_INVALID_INPUT) from None
    for name in outputs:
        if (out_dir / name).is_dir():
            err.print(f"--out: {out_dir / name} is een map; daar moet het uitvoerbestand {name} komen")
            raise typer.Exit(EXIT_INVALID_INPUT)
    if not os.access(out_dir, os.W_OK):
        err.print(f"--out: geen schrijfrechten in de map {out_dir}")
        raise typer.Exit(EXIT_INVALID_INPUT)


def _audit(
    rules: Path | None, options: AuditOptions, pool: WorkerPool | None
) -> tuple[AuditSummary, int | None]:
    """Load the rule book and run the audit: the summary, and the signal that stopped it."""
    from triage.rulebook.loader import RuleBookError, load_rulebook

    try:
        book = load_rulebook(rules)
    except RuleBookError as exc:
        err.print(str(exc))
        raise typer.Exit(EXIT_RULES_REFUSED) from None
    if options.region is not None and options.region not in book.region_names:
        known = ", ".join(book.region_names)
        err.print(f"--region: onbekende regio {options.region!r}; bekend: {known}")
        raise typer.Exit(EXIT_INVALID_INPUT)
    from triage.audit.pipeline import Auditor

    auditor = Auditor(book, options, pool)
    # This process ends with the audit, and what it makes holds no reference cycles to
    # speak of (batch results, counts, the summary: bench/README.md measures what is left
    # for the collector after a run), so the cycle collector is stopped for the run: it
    # would go through every count and summary row again and again as they are made.
    gc.freeze()
    gc.disable()
    return _run_with_progress(auditor, options.inputs)


def _run_with_progress(auditor: Auditor, inputs: list[Path]) -> tuple[AuditSummary, int | None]:
    """Run the audit with a progress bar on a terminal. Ctrl-C and SIGTERM (what systemd,
    docker and `timeout` send) both stop it after the running batches, with a summary that
    says `onderbroken`; a second one stops it at once (still with such a summary)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from triage.audit.inputs import InputError
    from triage.audit.output_folder import describe_failure
    from triage.audit.pipeline import Progress as AuditProgress

    stop: dict[str, int | None] = {"signal": None}

    def request_stop(signum: int, _frame: object) -> None:
        if stop["signal"] is not None:
            raise KeyboardInterrupt  # a second signal: stop now
        stop["signal"] = signum
        err.print("\nStoppen na de lopende batch... (nogmaals Ctrl-C om direct te stoppen)")

    previous = {number: signal.signal(number, request_stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        with Progress(
            TextColumn("Toetsen"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            disable=not sys.stderr.isatty(),
            transient=True,
        ) as bar:
            # counting rows reads every file once more: only worth it when the bar is shown
            task = bar.add_task("audit", total=_count_rows(inputs) if sys.stderr.isatty() else None)
            hooks = AuditProgress(
                advance=lambda rows: bar.advance(task, rows),
                stop_requested=lambda: stop["signal"] is not None,
            )
            try:
                return auditor.run(hooks), stop["signal"]
            except KeyboardInterrupt:
                err.print("Direct gestopt: de bestanden bevatten alleen de batches die klaar waren.")
                raise typer.Exit(128 + (stop["signal"] or signal.SIGINT)) from None
            except InputError as exc:
                err.print(f"Audit mislukt: {exc}", markup=False)
                raise typer.Exit(EXIT_INVALID_INPUT) from None
            except Exception as exc:
                err.print(f"Audit mislukt: {describe_failure(exc)}", markup=False)
                raise typer.Exit(EXIT_FAILED) from None
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
