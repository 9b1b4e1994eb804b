"""The one template environment of the web pages (Jinja2, autoescaped; templates are files,
never built from decision text), what every page gets (the caller for the menu, the CSRF
token, the versions in the footer), and `render_page`."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.types import Scope

from triage.version import __version__
from triage.web.auth.principal import PRINCIPAL_SCOPE_KEY

HERE = Path(__file__).parent


def csrf_token(scope: Scope) -> str:
    """The session's CSRF token, made when a page first needs it."""
    session = scope.get("session")
    if session is None:
        return ""
    if not isinstance(session.get("csrf"), str):
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def page_context(request: Request) -> dict[str, Any]:
    """What every page template gets: the caller (for the menu) and the CSRF token."""
    return {"principal": request.scope.get(PRINCIPAL_SCOPE_KEY), "csrf_token": csrf_token(request.scope)}


_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=_env, context_processors=[page_context])


def render_page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """A page of this app: `name` with `context`, the footer's versions and the menu."""
    book = request.app.state.service.engine.book
    full = {"version": __version__, "rules_version": book.version, **context}
    return templates.TemplateResponse(request, name, full, status_code=status)
