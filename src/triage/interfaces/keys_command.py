"""`triage keys create|list|revoke`: API keys for systems that call the API."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from triage.interfaces.serve_command import DEFAULT_DB, DbOption
from triage.interfaces.terminal import err, out
from triage.shown_text import shown

if TYPE_CHECKING:
    from triage.web.auth.api_keys import ApiKeys

keys_app = typer.Typer(help="API-sleutels voor systemen die de API gebruiken.", no_args_is_help=True)


def _keys(db: str) -> ApiKeys:
    """The keys of the log at `db` (the web side is imported only when a command runs)."""
    from triage.web.auth.api_keys import ApiKeys
    from triage.web.checklog import CheckLog

    return ApiKeys(CheckLog(db))


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="Waarvoor de sleutel is, bijvoorbeeld: zaaksysteem.")],
    roles: Annotated[
        list[str],
        typer.Option("--role", help="Rol van de sleutel: consulent, auditor of beleid (herhaalbaar)."),
    ],
    db: DbOption = str(DEFAULT_DB),
) -> None:
    """Maak een sleutel. De sleutel zelf staat op standaarduitvoer en wordt nooit opnieuw getoond."""
    from triage.web.auth.principal import Role

    unknown = [role for role in roles if role not in Role.__members__]
    if unknown or not roles:
        err.print(f"--role: verwacht consulent, auditor of beleid ({len(unknown)} onbekende rol(len))")
        raise typer.Exit(2)
    if not name.strip() or len(name) > 80:
        err.print("--name: verwacht een naam van 1 tot 80 tekens")
        raise typer.Exit(2)
    record, key = _keys(db).create(name.strip(), [Role(role) for role in roles])
    sys.stdout.write(key + "\n")
    sys.stdout.flush()
    err.print(
        f"Sleutel {record.id} ({shown(record.name)}) gemaakt met de rol(len) {', '.join(record.roles)}; "
        f"in het logboek heet hij {record.subject}. Bewaar de sleutel nu: alleen zijn hash wordt opgeslagen."
    )


@keys_app.command("list")
def list_keys(db: DbOption = str(DEFAULT_DB)) -> None:
    """Toon de sleutels (nummer, naam, rollen, gemaakt, ingetrokken); nooit de sleutels zelf."""
    from rich.table import Table

    table = Table(title="API-sleutels")
    for column in ("nummer", "naam", "rollen", "gemaakt", "ingetrokken"):
        table.add_column(column)
    keys = _keys(db).all()
    for key in keys:
        revoked = f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "—"
        table.add_row(
            str(key.id), key.name, ", ".join(key.roles), f"{key.created_at:%Y-%m-%d %H:%M}", revoked
        )
    out.print(table)
    out.print(f"{len(keys)} sleutel(s), waarvan {sum(1 for key in keys if key.revoked_at is None)} geldig.")


@keys_app.command("revoke")
def revoke(
    key_id: Annotated[int, typer.Argument(help="Nummer van de sleutel (zie triage keys list).")],
    db: DbOption = str(DEFAULT_DB),
) -> None:
    """Trek een sleutel in; hij wordt meteen geweigerd."""
    if not _keys(db).revoke(key_id):
        err.print(f"Geen geldige sleutel met nummer {key_id}.")
        raise typer.Exit(1)
    err.print(f"Sleutel {key_id} ingetrokken.")
