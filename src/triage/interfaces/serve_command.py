"""`triage serve` (the web app and API), `triage log export|purge` (the check log for auditors,
and its retention)."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from triage.interfaces.common import EXIT_INVALID_INPUT, EXIT_RULES_REFUSED
from triage.interfaces.terminal import err
from triage.private_files import open_private

DEFAULT_DB = Path("triage-checks.sqlite3")
EXIT_SETTINGS_REFUSED = EXIT_INVALID_INPUT  # serve settings that are unsafe or unreadable
log_app = typer.Typer(help="Het logboek van toetsen via de webapp en de API.", no_args_is_help=True)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="TRIAGE_DB",
        help="SQLite-bestand van het logboek, of een database-URL (postgresql+psycopg://...).",
    ),
]


def _env_option(name: str, envvar: str, text: str) -> Any:
    return typer.Option(name, envvar=envvar, help=f"{text}.")


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Adres om op te luisteren (standaard alleen deze computer).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Poort.")] = 8000,
    db: DbOption = str(DEFAULT_DB),
    rules: Annotated[Path | None, typer.Option("--rules", help="Map met regelbestanden.")] = None,
    no_auth: Annotated[
        bool,
        typer.Option(
            "--no-auth", help="Eén gebruiker zonder aanmelden; alleen met --host 127.0.0.1, ::1 of localhost."
        ),
    ] = False,
    public_url: Annotated[
        str | None,
        _env_option("--public-url", "TRIAGE_PUBLIC_URL", "Het https-adres waarop medewerkers triage openen"),
    ] = None,
    oidc_issuer: Annotated[
        str | None, _env_option("--oidc-issuer", "TRIAGE_OIDC_ISSUER", "Issuer-URL van de identity provider")
    ] = None,
    oidc_client_id: Annotated[
        str | None,
        _env_option("--oidc-client-id", "TRIAGE_OIDC_CLIENT_ID", "Client-id van triage bij de provider"),
    ] = None,
    oidc_audience: Annotated[
        str | None,
        _env_option(
            "--oidc-audience", "TRIAGE_OIDC_AUDIENCE", "Audience van API-tokens (standaard de client-id)"
        ),
    ] = None,
    oidc_leeway: Annotated[
        int,
        _env_option("--oidc-leeway", "TRIAGE_OIDC_LEEWAY", "Toegestaan klokverschil in seconden bij tokens"),
    ] = 10,
    oidc_scopes: Annotated[
        str,
        _env_option(
            "--oidc-scopes", "TRIAGE_OIDC_SCOPES", "Scopes bij het aanmelden, met spaties gescheiden"
        ),
    ] = "openid",
    role_claim: Annotated[
        str,
        _env_option(
            "--role-claim", "TRIAGE_ROLE_CLAIM", "Claim met de rollen, bijvoorbeeld realm_access.roles"
        ),
    ] = "roles",
    allowed_hosts: Annotated[
        str, _env_option("--allowed-hosts", "TRIAGE_ALLOWED_HOSTS", "Extra hostnamen, met komma's gescheiden")
    ] = "",
    rate_limit: Annotated[
        int,
        _env_option(
            "--rate-limit", "TRIAGE_RATE_LIMIT", "Verzoeken per minuut per gebruiker of sleutel; 0: geen"
        ),
    ] = 300,
    session_hours: Annotated[
        float,
        _env_option("--session-hours", "TRIAGE_SESSION_HOURS", "Hoe lang een aanmelding geldt, in uren"),
    ] = 8.0,
    log_retention_days: Annotated[
        int | None,
        _env_option(
            "--log-retention-days",
            "TRIAGE_LOG_RETENTION_DAYS",
            "Verwijder elke dag toetsen ouder dan zoveel dagen",
        ),
    ] = None,
    features: Annotated[
        Path | None,
        typer.Option(
            "--features", help="Map met de scenario's voor de pagina's Regels (standaard: features/)."
        ),
    ] = None,
) -> None:
    """Start de webapp en de API (http://127.0.0.1:8000). Standaard met aanmelden: via de identity
    provider van de gemeente (OpenID Connect) en met API-sleutels (`triage keys`). Geheimen alleen
    via de omgeving: TRIAGE_OIDC_CLIENT_SECRET en TRIAGE_SESSION_SECRET (of ..._FILE)."""
    import uvicorn

    from triage.rulebook.loader import RuleBookError
    from triage.web.app import create_app
    from triage.web.auth.settings import (
        AuthSettings,
        AuthSettingsError,
        check_single_user,
        signed_in_settings,
    )

    try:
        if no_auth:
            check_single_user(host)
            settings = AuthSettings.single_user(port, host)
        else:
            settings = signed_in_settings(
                host=host,
                port=port,
                public_url=public_url,
                allowed_hosts=allowed_hosts.split(","),
                issuer=oidc_issuer,
                client_id=oidc_client_id,
                audience=oidc_audience,
                role_claim=role_claim,
                leeway_seconds=oidc_leeway,
                scopes=oidc_scopes,
                session_hours=session_hours,
                rate_per_minute=rate_limit,
            )
        if log_retention_days is not None and log_retention_days < 1:
            raise AuthSettingsError("--log-retention-days: verwacht een aantal dagen van 1 of meer.")
    except AuthSettingsError as exc:
        err.print(str(exc))
        raise typer.Exit(EXIT_SETTINGS_REFUSED) from None
    try:
        app = create_app(db, rules, features_dir=features, auth=settings, retention_days=log_retention_days)
    except RuleBookError as exc:
        err.print(str(exc))
        raise typer.Exit(EXIT_RULES_REFUSED) from None
    if not settings.required:
        access = "zonder aanmelden (één gebruiker)"
    elif settings.oidc is not None:
        access = f"aanmelden via {settings.oidc.issuer}, en API-sleutels"
    else:
        access = "alleen API-sleutels (geen --oidc-issuer ingesteld)"
    err.print(f"triage luistert op http://{host}:{port}  (logboek: {_shown_db(db)}; {access})")
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
        with open_private(out, "w", encoding="utf-8") as stream:
            count = log.export(stream)
    err.print(f"{count} toetsen geschreven.")


@log_app.command("purge")
def purge(
    older_than: Annotated[
        int, typer.Option("--older-than", help="Verwijder toetsen die ouder zijn dan zoveel dagen.", min=1)
    ],
    db: DbOption = str(DEFAULT_DB),
) -> None:
    """Verwijder oude toetsen uit het logboek (AVG: bewaar niet langer dan nodig)."""
    from triage.web.checklog import CheckLog

    if "://" not in db and not Path(db).is_file():
        err.print(f"{db}: logboek niet gevonden")
        raise typer.Exit(2)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(days=older_than)
    removed = CheckLog(db).purge(before)
    err.print(f"{removed} toetsen van voor {before:%Y-%m-%d %H:%M} UTC verwijderd.")
