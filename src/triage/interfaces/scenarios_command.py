"""`triage scenarios`: policy staff run their Dutch scenarios without pytest (registered on the
main CLI). Exit status: 0 every scenario passed, 1 a scenario failed, 2 a feature file or
path could not be read, 3 the rule files were refused."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from triage.interfaces.common import EXIT_FAILED, EXIT_INVALID_INPUT, RulesOption, load_engine
from triage.interfaces.terminal import err, out

_STYLE = {"geslaagd": "green", "mislukt": "bold red"}


def scenarios(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Feature-bestanden of mappen (standaard: features/)."),
    ] = None,
    rules: RulesOption = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Schrijf de uitslag ook als JUnit-XML naar dit bestand.")
    ] = None,
) -> None:
    """Voer de Nederlandse scenario's uit (# language: nl) en meld per scenario geslaagd of mislukt."""
    from triage.scenario.features import FeatureError, read_features
    from triage.scenario.runner import report_lines, run_scenario, write_junit

    try:
        found = read_features(paths or [Path("features")])
    except FeatureError as exc:
        err.print(escape(str(exc)))
        raise typer.Exit(EXIT_INVALID_INPUT) from None
    if not found:
        err.print("Geen scenario's gevonden: geef .feature-bestanden of een map die ze bevat.")
        raise typer.Exit(EXIT_INVALID_INPUT)
    engine = load_engine(rules)
    results = []
    for scenario in found:
        result = run_scenario(scenario, engine)
        results.append(result)
    for line in report_lines(results):
        status = line.split(" ", 1)[0]
        out.print(f"[{_STYLE[status]}]{escape(line)}[/]" if status in _STYLE else escape(line))
    sys.stdout.flush()
    if junit is not None:
        try:
            write_junit(results, junit)
        except OSError as exc:
            err.print(f"--junit: kan {escape(str(junit))} niet schrijven ({exc.strerror})")
            raise typer.Exit(EXIT_INVALID_INPUT) from None
    if any(result.failure is not None for result in results):
        raise typer.Exit(EXIT_FAILED)
