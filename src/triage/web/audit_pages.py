"""Audits on the web, for auditors (`triage.web.audits` runs them): the Audits page (upload
an export, see every audit and its status), one audit's page, its files to download, and
the same in the API: `POST /api/v1/audits` (multipart, field `bestand`), `GET
/api/v1/audits`, `GET /api/v1/audits/{id}`, `GET /api/v1/audits/{id}/{file}`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as FormFile

from triage.audit.places import OUTCOMES
from triage.presentation import number
from triage.web.audits import (
    DOWNLOADS,
    RUNNING,
    UPLOAD_SUFFIXES,
    WEB_STATUSES,
    Audits,
    AuditsBusy,
    AuditView,
    UploadRefused,
    upload_suffix,
)
from triage.web.auth.principal import AsAuditor, current_principal
from triage.web.rendering import render_page

UPLOAD_PATHS = ("/audits", "/api/v1/audits")
BUSY = "Er lopen al {} audit(s), het maximum tegelijk. Probeer het over een paar minuten opnieuw."
NOT_FOUND = "Deze audit bestaat niet."
page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["api"])
FILE_TYPES = {OUTCOMES: "application/x-ndjson", "errors.jsonl": "application/x-ndjson"}
FILE_TYPES.update({"summary.json": "application/json", "report.html": "text/html"})


def _audits(request: Request) -> Audits:
    return request.app.state.audits


async def _start(request: Request, upload: Any) -> str:
    """Start an audit of the uploaded file; its id. UploadRefused or AuditsBusy."""
    if not isinstance(upload, FormFile) or not upload.filename:
        raise UploadRefused("kies een bestand met beschikkingen")
    suffix = upload_suffix(upload.filename)
    subject = current_principal(request).subject
    return await run_in_threadpool(_audits(request).start, upload.file, suffix, subject)


def _busy(request: Request) -> str:
    return BUSY.format(_audits(request).settings.max_running)


# ---------------------------------------------------------------- the pages
@page_router.get("/audits", response_class=HTMLResponse)
def audits_page(request: Request, _: AsAuditor) -> Response:
    return _render_list(request)


@page_router.post("/audits", response_class=HTMLResponse)
async def start_audit_page(request: Request, _: AsAuditor) -> Response:
    """An uploaded export: the audit starts, and the browser goes to its page."""
    async with request.form(max_files=1, max_fields=5) as form:
        try:
            audit_id = await _start(request, form.get("bestand"))
        except UploadRefused as exc:
            return _render_list(request, problem=exc.reason, status=exc.status)
        except AuditsBusy:
            return _render_list(request, problem=_busy(request), status=503)
    return RedirectResponse(f"/audits/{audit_id}", status_code=303)


@page_router.get("/audits/{audit_id}", response_class=HTMLResponse)
def audit_page(request: Request, audit_id: str, _: AsAuditor) -> Response:
    view = _audits(request).get(audit_id)
    if view is None:
        return render_page(request, "audit.html", {"audit": None}, status=404)
    return render_page(request, "audit.html", {"audit": _shown(view)})


@page_router.get("/audits/{audit_id}/{name}")
def audit_file_page(request: Request, audit_id: str, name: str, _: AsAuditor) -> Response:
    return _file(request, audit_id, name)


def _render_list(request: Request, problem: str | None = None, status: int = 200) -> Response:
    audits = _audits(request)
    context = {
        "audits": [_shown(view) for view in audits.all()],
        "problem": problem,
        "accept": ",".join(UPLOAD_SUFFIXES),
        "max_mb": audits.settings.max_upload_bytes // (1024 * 1024),
        "max_running": audits.settings.max_running,
    }
    return render_page(request, "audits.html", context, status=status)


def _shown(view: AuditView) -> dict[str, Any]:
    """An audit as the templates show it: Dutch numbers, the status explained."""
    totals = (view.summary or {}).get("totals") or {}
    return {
        "view": view,
        "started": view.started_at[:16].replace("T", " "),
        "size": number(view.bytes),
        "meaning": WEB_STATUSES.get(view.status, ""),
        "running": view.status == RUNNING,
        "totals": {key: number(value) for key, value in totals.items() if isinstance(value, int)},
        "reconciled": totals.get("reconciled"),
        "verdicts": {key: number(value) for key, value in (view.summary or {}).get("verdicts", {}).items()},
        "refused": (view.summary or {}).get("refused_inputs", []),
    }


# ---------------------------------------------------------------- the API
@api_router.post(
    "/audits",
    status_code=202,
    summary="Start een audit van een export",
    responses={
        413: {"description": "Het bestand is groter dan de grens van de server"},
        422: {"description": "Geen bestand, of een formaat dat triage audit niet leest"},
        503: {"description": "Er lopen al zoveel audits als de server tegelijk toestaat"},
    },
)
async def start_audit(
    request: Request,
    _: AsAuditor,
    bestand: Annotated[
        UploadFile, File(description="Een export: .csv, .xlsx, .jsonl, .xml of een .zip met .xml-berichten.")
    ],
) -> Any:
    """The audit runs in the background; follow it at `GET /api/v1/audits/{id}`."""
    try:
        audit_id = await _start(request, bestand)
    except UploadRefused as exc:
        return JSONResponse({"message": exc.reason}, status_code=exc.status)
    except AuditsBusy:
        return JSONResponse({"message": _busy(request)}, status_code=503, headers={"retry-after": "60"})
    view = _audits(request).get(audit_id)
    assert view is not None
    return JSONResponse(view.as_json(), status_code=202, headers={"location": f"/api/v1/audits/{audit_id}"})


@api_router.get("/audits", summary="Alle audits, de nieuwste eerst")
def list_audits(request: Request, _: AsAuditor) -> Any:
    return {"audits": [view.as_json() for view in _audits(request).all()]}


@api_router.get("/audits/{audit_id}", summary="De status van een audit")
def get_audit(request: Request, audit_id: str, _: AsAuditor) -> Any:
    """`status`: bezig, then what summary.json says (voltooid, onvolledig, onderbroken,
    mislukt); mislukt without a summary when the audit process ended without one."""
    view = _audits(request).get(audit_id)
    if view is None:
        return JSONResponse({"message": NOT_FOUND}, status_code=404)
    return view.as_json()


@api_router.get(
    "/audits/{audit_id}/{name}",
    summary="Een uitvoerbestand van een audit",
    response_class=Response,
    description="`name`: " + ", ".join(DOWNLOADS) + ".",
)
def audit_file(request: Request, audit_id: str, name: str, _: AsAuditor) -> Response:
    return _file(request, audit_id, name)


def _file(request: Request, audit_id: str, name: str) -> Response:
    path = _audits(request).file(audit_id, name)
    if path is None:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"message": NOT_FOUND}, status_code=404)
        return render_page(request, "audit.html", {"audit": None}, status=404)
    # always a download: the report's own styles would be blocked by this app's CSP
    return FileResponse(
        path,
        media_type=FILE_TYPES[name],
        filename=f"audit-{audit_id}-{name}",
        content_disposition_type="attachment",
    )
