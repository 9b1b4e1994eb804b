"""What every command of the CLI shares: the exit status, reading a date option, and
loading the rule book (from a folder or a git revision)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from triage.interfaces.terminal import err

if TYPE_CHECKING:
    from triage.engine.engine import Engine
    from triage.rulebook.loader import Rulebook

RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", help="Map met regelbestanden (standaard: rules/ of $TRIAGE_RULES)."),
]

# The exit status of every command (docs/decision-format.md, README)
EXIT_FAILED = 1  # a scenario failed; an audit stopped on an error (its summary says `mislukt`)
EXIT_INVALID_INPUT = 2
EXIT_RULES_REFUSED = 3
EXIT_INTERRUPTED = 130  # Ctrl-C; a stop signal is 128 + its number


def parse_date(value: str | None, option: str = "--on") -> dt.date | None:
    """A date option (JJJJ-MM-DD), or stop with exit 2."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        err.print(f"{option}: verwacht een datum JJJJ-MM-DD, niet {value!r}")
        raise typer.Exit(EXIT_INVALID_INPUT) from None


def load_engine(rules: Path | None) -> Engine:
    """The engine with the rule book of `rules` (default: rules/ or $TRIAGE_RULES), or stop
    with exit 3 and the refused rule files' problems."""
    from triage.engine.engine import Engine
    from triage.rulebook.loader import RuleBookError

    try:
        return Engine.load(rules)
    except RuleBookError as exc:
        sys.stderr.write(f"{exc}\n")
        raise typer.Exit(EXIT_RULES_REFUSED) from None


def load_rule_source(spec: str, beside: str | None, into: Path) -> Rulebook:
    """A rule book from a folder, or from a git revision of one (see
    `triage.rulebook.revision`), unpacked under `into`. Exit 2 for a revision that cannot be
    read, 3 for rule files that are refused."""
    from triage.rulebook.loader import RuleBookError, load_rulebook
    from triage.rulebook.revision import RevisionError, rules_at_revision

    folder = Path(spec)
    if not folder.is_dir():
        try:
            folder = rules_at_revision(spec, Path(beside) if beside else None, into)
        except RevisionError as exc:
            err.print(str(exc), soft_wrap=True, markup=False)
            raise typer.Exit(EXIT_INVALID_INPUT) from None
    try:
        return load_rulebook(folder)
    except RuleBookError as exc:
        sys.stderr.write(f"{spec}: {exc}\n")
        raise typer.Exit(EXIT_RULES_REFUSED) from None
