"""The pages and answers around access: the health check, refusals (401, 403, 429, ...) in
Dutch for people and as JSON for the API, the start page of someone who is not a consultant,
"mijn toetsen" (a consultant's own checks), the auditor's log page and export, signing out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.types import Scope

from triage.version import __version__
from triage.web.auth.guard import is_api
from triage.web.auth.principal import (
    PRINCIPAL_SCOPE_KEY,
    ROLE_TASKS,
    AsAuditor,
    AsConsulent,
    Principal,
    Role,
    RoleRequired,
    current_principal,
    role_names,
)
from triage.web.rendering import render_page, templates

router = APIRouter(include_in_schema=False)

# reason -> (title, message): one home for each refusal's words
REFUSALS: dict[str, tuple[str, str]] = {
    "session": ("Aanmelden nodig", "U bent niet aangemeld. Meld u aan met uw account van de gemeente."),
    "expired": ("Aanmelden nodig", "Uw sessie is verlopen. Meld u opnieuw aan."),
    "sign-in-failed": ("Aanmelden mislukt", "Het aanmelden is niet gelukt. Probeer het opnieuw."),
    "no-sign-in": (
        "Aanmelden niet ingesteld",
        "Aanmelden via de browser is op deze server niet ingesteld; systemen gebruiken een API-sleutel.",
    ),
    "api": (
        "Aanmelden nodig",
        "Aanmelden vereist: stuur een token van de identity provider (Authorization: Bearer ...) "
        "of een API-sleutel (X-API-Key).",
    ),
    "token": (
        "Token geweigerd",
        "Het token is niet geldig: verlopen, niet ondertekend door de identity provider van deze "
        "server, of niet voor deze API bestemd.",
    ),
    "key": ("API-sleutel geweigerd", "De API-sleutel is onbekend of ingetrokken."),
    "issuer": (
        "Aanmeldserver niet bereikbaar",
        "De aanmeldserver van de gemeente is op dit moment niet bereikbaar. Probeer het later opnieuw.",
    ),
    "csrf": (
        "Formulier geweigerd",
        "Dit formulier is geweigerd: het kwam niet van deze site, of de pagina was verouderd. "
        "Open de pagina opnieuw en verstuur het formulier nog eens.",
    ),
    "rate": ("Te veel verzoeken", "Te veel verzoeken in korte tijd. Wacht even en probeer het opnieuw."),
    "host": ("Onbekend adres", "Dit adres hoort niet bij deze triage-server."),
}
SIGN_IN_REASONS = frozenset({"session", "expired", "sign-in-failed"})


def _rules_version(scope: Scope) -> str:
    app = scope.get("app")
    service = getattr(getattr(app, "state", None), "service", None)
    return service.engine.book.version if service is not None else ""


def _render_access(scope: Scope, title: str, message: str, sign_in_path: str | None) -> bytes:
    app = scope.get("app")
    settings = getattr(getattr(app, "state", None), "auth", None)
    context = {
        "styled": scope.get(PRINCIPAL_SCOPE_KEY) is not None
        or (settings is not None and not settings.required),
        "title": title,
        "message": message,
        "sign_in_path": sign_in_path,
        "principal": scope.get(PRINCIPAL_SCOPE_KEY),
        # a refusal never starts a session: its Set-Cookie would replace the one the browser
        # did not send along (a cross-site request), signing the person out
        "csrf_token": (scope.get("session") or {}).get("csrf", ""),
        "version": __version__,
        "rules_version": _rules_version(scope),
    }
    return templates.get_template("access.html").render(context).encode()


def refuse(scope: Scope, status: int, reason: str) -> tuple[bytes, str]:
    """The body of a refusal: JSON for the API, a Dutch page otherwise."""
    title, message = REFUSALS.get(reason, REFUSALS["session"])
    if is_api(scope.get("path", "")):
        import json

        return json.dumps({"message": message}, ensure_ascii=False).encode(), "application/json"
    sign_in_path = None
    app = scope.get("app")
    if reason in SIGN_IN_REASONS and getattr(getattr(app, "state", None), "sign_in", None) is not None:
        back = scope.get("path", "/") if scope.get("method") == "GET" else "/"
        sign_in_path = "/aanmelden?terug=" + quote(back, safe="/")
    return _render_access(scope, title, message, sign_in_path), "text/html; charset=utf-8"


def refusal_response(request: Request, status: int, reason: str) -> Response:
    body, content_type = refuse(request.scope, status, reason)
    return Response(body, status_code=status, media_type=content_type.split(";")[0])


def role_refused(request: Request, exc: Exception) -> Response:
    """403 for a caller without the role a route needs, naming the role (never the person)."""
    assert isinstance(exc, RoleRequired)
    principal = current_principal(request)
    held = role_names(sorted(principal.roles)) if principal.roles else "geen"
    message = f"Hiervoor is de rol {role_names(exc.roles)} nodig; u heeft als rol: {held}."
    if is_api(request.url.path):
        return JSONResponse({"message": message}, status_code=403)
    body = _render_access(request.scope, "Geen toegang", message, None)
    return HTMLResponse(body, status_code=403)


def mount(app: FastAPI) -> None:
    app.include_router(router)
    app.add_exception_handler(RoleRequired, role_refused)


# ---------------------------------------------------------------- routes
@router.get("/healthz")
def health(request: Request) -> Response:
    """For the load balancer: 200 when the app runs and its log database answers."""
    try:
        request.app.state.service.log.ping()
    except Exception:
        return JSONResponse({"status": "logboek niet bereikbaar"}, status_code=503)
    return JSONResponse({"status": "ok"})


def start_tasks(principal: Principal) -> list[tuple[str, str, str | None, str]]:
    """(role, task, link, link text) for each role the caller has."""
    links = {
        Role.consulent: ("/", "toets een beschikking"),
        Role.auditor: ("/logboek", "naar het logboek"),
        Role.beleid: ("/regels", "naar de regels"),
    }
    return [(role.value, ROLE_TASKS[role], *links[role]) for role in Role if role in principal.roles]


@router.get("/mijn-toetsen", response_class=HTMLResponse)
def my_checks(request: Request, principal: AsConsulent) -> Response:
    """The signed-in consultant's own checks, newest first."""
    entries = request.app.state.service.log.entries_of(principal.subject)
    return render_page(request, "my_checks.html", {"entries": entries})


@router.get("/logboek", response_class=HTMLResponse)
def check_log_page(request: Request, _: AsAuditor) -> Response:
    context = {
        "count": request.app.state.service.log.count(),
        "retention_days": getattr(request.app.state, "retention_days", None),
    }
    return render_page(request, "check_log.html", context)


def export_response(request: Request) -> Response:
    """The whole check log as JSON Lines, oldest first, streamed."""
    import json

    log = request.app.state.service.log

    def lines() -> Iterator[str]:
        for entry in log.entries():
            yield json.dumps(entry, ensure_ascii=False) + "\n"

    day = dt.date.today().isoformat()
    headers = {"content-disposition": f'attachment; filename="triage-logboek-{day}.jsonl"'}
    return StreamingResponse(lines(), media_type="application/x-ndjson", headers=headers)


@router.get("/logboek/export.jsonl")
def check_log_export(request: Request, _: AsAuditor) -> Response:
    return export_response(request)


@router.post("/afmelden", response_class=HTMLResponse)
def sign_out(request: Request) -> Response:
    """End the session (the CSRF guard has checked the form)."""
    request.session.clear()
    request.scope.pop(PRINCIPAL_SCOPE_KEY, None)
    again = "/aanmelden" if request.app.state.sign_in is not None else None
    body = _render_access(request.scope, "Afgemeld", "U bent afgemeld bij triage.", again)
    return HTMLResponse(body)
