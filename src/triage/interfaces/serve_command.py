"""`triage serve` (the web app and API) and `triage log export` (the check log for auditors)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from triage.interfaces.terminal import err

DEFAULT_DB = Path("triage-checks.sqlite3")
EXIT_RULES_REFUSED = 3
log_app = typer.Typer(help="Het logboek van toetsen via de webapp en de API.", no_args_is_help=True)

DbOption = Annotated[
    str,
    typer.Option(
        "--db", help="SQLite-bestand van het logboek, of een database-URL (postgresql+psycopg://...)."
    ),
]


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Adres om op te luisteren (standaard alleen deze computer).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Poort.")] = 8000,
    db: DbOption = str(DEFAULT_DB),
    rules: Annotated[Path | None, typer.Option("--rules", help="Map met regelbestanden.")] = None,
    features: Annotated[
        Path | None,
        typer.Option(
            "--features", help="Map met de scenario's voor de pagina's Regels (standaard: features/)."
        ),
    ] = None,
) -> None:
    """Start de webapp en de API (http://127.0.0.1:8000)."""
    import uvicorn

    from triage.rulebook.loader import RuleBookError
    from triage.web.app import create_app

    try:
        app = create_app(db, rules, features_dir=features)
    except RuleBookError as exc:
        err.print(str(exc))
        raise typer.Exit(EXIT_RULES_REFUSED) from None
    err.print(f"triage luistert op http://{host}:{port}  (logboek: {_shown_db(db)})")
    # failures the operator must know about (a locked log, say), one line each on stderr
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s triage: %(message)s")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _shown_db(db: str) -> str:
    """The log's location for a message: a URL without its password."""
    if "://" not in db:
        return db
    from sqlalchemy.engine import make_url

    return make_url(db).render_as_string(hide_password=True)


@log_app.command("export")
def export(
    db: DbOption = str(DEFAULT_DB),
    out: Annotated[Path | None, typer.Option("--out", help="Bestand (standaard: standaarduitvoer).")] = None,
) -> None:
    """Schrijf het logboek als JSON Lines, oudste toets eerst."""
    from triage.web.checklog import CheckLog

    if "://" not in db and not Path(db).is_file():
        err.print(f"{db}: logboek niet gevonden")
        raise typer.Exit(2)
    log = CheckLog(db)
    if out is None:
        count = log.export(sys.stdout)
    else:
        with out.open("w", encoding="utf-8") as stream:
            count = log.export(stream)
    err.print(f"{count} toetsen geschreven.")
