"""`create_app`: the FastAPI application of `triage serve`.

Safety: bodies over `MAX_BODY_BYTES` get 413, invalid input 422 with the field named in the
CLI's words (never a stack trace), every response carries security headers, and templates
escape everything (no template is ever built from decision text). Who may do what is
`triage.web.auth`: sign-in, tokens, API keys, roles, CSRF, the Host allow-list and rate
limits, all in front of every route.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Security
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from triage.engine.engine import Engine
from triage.shown_text import shown
from triage.validation_messages import MAX_PROBLEMS, describe_error, more_problems
from triage.version import __version__
from triage.web import api, contracts
from triage.web.auth import guard
from triage.web.auth.api_keys import ApiKeys
from triage.web.auth.principal import Role, requires
from triage.web.auth.settings import AuthSettings
from triage.web.auth.tokens import BearerTokens
from triage.web.checklog import CheckLog
from triage.web.service import CheckService
from triage.yaml_source import DuplicateJsonKey, TooDeepJson, syntax_problem

log = logging.getLogger("triage.web")

MAX_BODY_BYTES = 1_000_000
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
}


class BodyLimit:
    """413 for a request body over the limit, before the app reads it: at once when the
    declared length is too big; a body without a declared length is read here first."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if declared.isdigit() and int(declared) > self.limit:
                await self._refuse(send)
                return
            await self.app(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await self._refuse(send)
                return
        delivered = False

        async def buffered() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, buffered, send)

    async def _refuse(self, send: Send) -> None:
        await _send_json(
            send, 413, {"message": f"Het verzoek is te groot: hoogstens {_n(self.limit)} bytes."}
        )


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


async def _send_json(send: Send, status: int, data: dict[str, Any]) -> None:
    body = json.dumps(data, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds `SECURITY_HEADERS` to every response, and answers an unexpected error with a
    plain 500 (no stack trace) that carries them too."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [
                    (k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present
                ]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception as exc:
            status, message, line = _failure(exc)
            # one line for the operator, without personal data: what failed, where
            log.error("%s (%s %s)", line, scope.get("method", "?"), shown(scope.get("path", "?")))
            if started:
                raise
            await _send_json(with_headers, status, {"message": message})


def _failure(exc: Exception) -> tuple[int, str, str]:
    """(status, Dutch answer, operator's log line) for an unexpected error. The exception's
    own text is never used: a database error quotes the statement and its values."""
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        return (
            503,
            "Het logboek is op dit moment niet beschikbaar; de toets is niet uitgevoerd. "
            "Probeer het zo opnieuw.",
            "logboek niet beschikbaar (bezet, vol of niet schrijfbaar): toets geweigerd",
        )
    return 500, "Interne fout; de toets is niet uitgevoerd.", f"interne fout ({type(exc).__name__})"


_HTTP_MESSAGES = {
    400: "Het verzoek kon niet gelezen worden: verwacht JSON in UTF-8, niet extreem diep genest.",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
}


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """The API's own errors in Dutch (FastAPI's are English: "There was an error parsing
    the body"); the pages keep FastAPI's handling."""
    if not request.url.path.startswith("/api/"):
        return await http_exception_handler(request, exc)
    message = _HTTP_MESSAGES.get(exc.status_code, "Het verzoek kon niet verwerkt worden.")
    return JSONResponse({"message": message}, status_code=exc.status_code, headers=exc.headers)


def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's validation errors in the CLI's Dutch words, fields without the `body` prefix;
    a body that was not sent as JSON is told so (FastAPI reads it as text, which is then no
    object)."""
    errors = []
    in_body = False
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    not_json = media_type != "application/json" and not media_type.endswith("+json")
    for error in exc.errors()[:MAX_PROBLEMS]:
        loc = tuple(error.get("loc", ()))
        in_body = in_body or not loc or loc[0] == "body"
        if loc and loc[0] in ("body", "query"):
            loc = loc[1:]
        if error.get("type") == "json_invalid":
            cause = exc.__cause__
            known = isinstance(cause, DuplicateJsonKey | TooDeepJson)
            reason = syntax_problem(cause) if known else "geen geldige JSON"
            errors.append({"field": "(beschikking)", "reason": reason})
            continue
        field, reason = describe_error({**error, "loc": loc})
        if not_json and not loc and error.get("loc", ())[:1] == ("body",):
            sent = f"als {media_type}" if media_type else "zonder Content-Type"
            reason += f" (het verzoek is {sent} verstuurd; stuur JSON met Content-Type: application/json)"
        errors.append({"field": field, "reason": reason})
    errors += [{"field": field, "reason": reason} for field, reason in more_problems(len(exc.errors()))]
    message = "De beschikking is ongeldig" if in_body else "Een parameter van het verzoek is ongeldig"
    body = {"message": f"{message}; zie de velden hieronder.", "errors": errors}
    return JSONResponse(body, status_code=422)


def create_app(
    db: str | Path,
    rules_dir: Path | None = None,
    engine: Engine | None = None,
    auth: AuthSettings | None = None,
    retention_days: int | None = None,
    features_dir: Path | None = None,
) -> FastAPI:
    """The app with its engine (loaded once), check log, and the scenarios of `features_dir`
    (default: `features/` of this checkout, or $TRIAGE_FEATURES) for the Regels pages.
    `auth` None: single-user mode (loopback only); `retention_days`: checks older than that
    are deleted daily."""
    settings = auth or AuthSettings.single_user()
    app = FastAPI(
        title="triage",
        version=__version__,
        summary="Toets voorgenomen beschikkingen (Jeugdwet, Wmo) aan het regionale inkoopkader.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=_purging(retention_days),
    )
    check_log = CheckLog(db)
    app.state.service = CheckService(engine or Engine.load(rules_dir), check_log)
    app.state.auth = settings
    app.state.retention_days = retention_days
    app.state.sign_in = None
    if settings.oidc is not None:
        from triage.web.auth.sign_in import SignIn

        app.state.sign_in = SignIn(settings)
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    # the security schemes only describe the API in OpenAPI; AuthGate does the checking
    documented = [
        Security(HTTPBearer(auto_error=False)),
        Security(APIKeyHeader(name="X-API-Key", auto_error=False)),
    ]
    app.include_router(api.router, dependencies=documented if settings.required else [])
    # contract managers: the auditors (contract management) and policy staff
    contract_roles = [requires(Role.auditor, Role.beleid)]
    app.include_router(
        contracts.api_router, dependencies=[*documented, *contract_roles] if settings.required else []
    )
    _include_pages(app, features_dir)
    app.include_router(contracts.page_router, dependencies=contract_roles)
    keys = ApiKeys(check_log) if settings.required else None
    bearer = BearerTokens(settings.oidc) if settings.oidc is not None else None
    from triage.web.access_pages import refuse

    guard.install(app, settings, refuse, keys, bearer)
    # the last added runs outermost: security headers go on every answer, the 413 included
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    return app


def _include_pages(app: FastAPI, features_dir: Path | None) -> None:
    from triage.web import access_pages, api_docs, pages, rules_pages  # the HTML side
    from triage.web.auth.principal import Role, requires
    from triage.web.auth.sign_in import router as sign_in_router

    app.include_router(sign_in_router)
    access_pages.mount(app)
    api_docs.mount(app)
    app.state.scenarios = rules_pages.RuleScenarios.read(features_dir or rules_pages.default_features_dir())
    pages.mount(app)
    # the Regels pages: policy staff, and consultants following "Waarom deze regel?" from a result
    app.include_router(rules_pages.router, dependencies=[requires(Role.beleid, Role.consulent)])


PURGE_INTERVAL_SECONDS = 24 * 3600


def _purging(retention_days: int | None) -> Any:
    """The app's lifespan: with a retention period, purge the log at start and every day."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(_purge_daily(app, retention_days)) if retention_days else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()

    return lifespan


async def _purge_daily(app: FastAPI, retention_days: int | None) -> None:
    assert retention_days
    while True:
        before = dt.datetime.now(dt.UTC) - dt.timedelta(days=retention_days)
        try:
            removed = await run_in_threadpool(app.state.service.log.purge, before)
        except Exception as exc:  # the log is busy or gone: try again tomorrow, say so once
            log.error("logboek opschonen mislukt (%s)", type(exc).__name__)
        else:
            if removed:
                log.warning(
                    "logboek opgeschoond: %d toetsen ouder dan %d dagen verwijderd", removed, retention_days
                )
        await asyncio.sleep(PURGE_INTERVAL_SECONDS)
