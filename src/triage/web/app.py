"""`create_app`: the FastAPI application of `triage serve`.

Safety: bodies over `MAX_BODY_BYTES` get 413, invalid input 422 with the field named in the
CLI's words (never a stack trace), every response carries security headers, and templates
escape everything (no template is ever built from decision text).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from triage import __version__
from triage.engine.engine import Engine
from triage.shown_text import shown
from triage.validation_messages import MAX_PROBLEMS, describe_error, more_problems
from triage.web import api
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
    features_dir: Path | None = None,
) -> FastAPI:
    """The app with its engine (loaded once), check log, and the scenarios of `features_dir`
    (default: `features/` of this checkout, or $TRIAGE_FEATURES) for the Regels pages."""
    app = FastAPI(
        title="triage",
        version=__version__,
        summary="Toets voorgenomen beschikkingen (Jeugdwet, Wmo) aan het regionale inkoopkader.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.service = CheckService(engine or Engine.load(rules_dir), CheckLog(db))
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.include_router(api.router)
    _include_pages(app, features_dir)
    # the last added runs outermost: security headers go on every answer, the 413 included
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    return app


def _include_pages(app: FastAPI, features_dir: Path | None) -> None:
    from triage.web import pages, rules_pages  # the HTML side: templates and static files

    app.state.scenarios = rules_pages.RuleScenarios.read(features_dir or rules_pages.default_features_dir())
    pages.mount(app)
    app.include_router(rules_pages.router)
