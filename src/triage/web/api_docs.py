"""`/api/docs`: Swagger UI from this app's own files, for a browser with no internet.

The Swagger UI files come from the `swagger-ui-bundle-v2` package (Apache-2.0) and are
served under `/static/api-docs/`; the page starts them with `/static/api-docs.js` (no
inline script), so the app's Content-Security-Policy (`script-src 'self'`, `style-src
'self'`, `connect-src 'self'`) allows exactly these files and nothing from elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from triage.web.rendering import templates

router = APIRouter(include_in_schema=False)
DOCS_PATH = "/api/docs"
ASSETS_PATH = "/static/api-docs"


@router.get(DOCS_PATH, response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """The page that starts Swagger UI on this API's OpenAPI file."""
    return templates.TemplateResponse(request, "api_docs.html", {})


def mount(app: FastAPI) -> None:
    app.include_router(router)
    # mounted before /static, which would otherwise take these paths
    app.mount(ASSETS_PATH, StaticFiles(directory=Path(str(swagger_ui_path))), name="api-docs")
