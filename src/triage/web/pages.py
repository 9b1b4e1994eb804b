"""The consultant's web page: a form (or a pasted/uploaded decision) in, the outcome in plain
Dutch out, with one-click suggestions and the filled form below to adjust and check again.

Server-rendered Jinja2 (autoescape on; templates are files, never built from decision text),
no JavaScript. Invalid input re-renders the form with HTTP 422 and the CLI's Dutch words next
to the fields. The page never shows a BSN, and never echoes an exception's motivation in the
explanation (only in its own textarea, so the consultant does not lose it).
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from triage.decision import Decision, DecisionError, parse_decision
from triage.explanation import citation_text, ground_text, in_words
from triage.outcome import Finding, Outcome
from triage.presentation import FINDING_LABELS, LEVELS, label, value_text
from triage.privacy import contains_bsn
from triage.suggestion import apply_change, field_changes, suggestion_label
from triage.version import __version__
from triage.vocabulary import Outcome as Level
from triage.web import form_data, form_options
from triage.web.access_pages import start_tasks
from triage.web.auth.principal import Role, current_principal, requires
from triage.web.form_data import RowMeta
from triage.web.forms import FormView
from triage.web.rendering import HERE, render_page, templates
from triage.web.service import CheckService
from triage.yaml_source import load_json, load_yaml, syntax_problem

CHANNEL = "pagina"
MAX_FIELDS = 500  # a form has ~40 fields and a few exception rows

router = APIRouter(include_in_schema=False)
CONSULENT = requires(Role.consulent)


def mount(app: FastAPI) -> None:
    """Add the page routes and static files to the app."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def _service(request: Request) -> CheckService:
    return request.app.state.service


# ---------------------------------------------------------------- routes
@router.get("/", response_class=HTMLResponse)
def form_page(request: Request, voorbeeld: str | None = None) -> Response:
    """The empty form, or prefilled with an example (`?voorbeeld=zou`); someone signed in
    without the consultant's role gets the start page of their roles."""
    principal = current_principal(request)
    if not principal.may([Role.consulent]):
        tasks = start_tasks(principal)
        return render_page(request, "start.html", {"tasks": tasks}, status=200 if tasks else 403)
    data = form_data.EXAMPLES.get(voorbeeld or "", {})
    return _render(request, data=data)


@router.get("/toets")
@router.get("/toets/tekst")
@router.get("/toets/voorstel")
def back_to_form() -> Response:
    """A reload or a bookmark of a result page: back to the form."""
    return RedirectResponse("/", status_code=303)


@router.post("/toets", response_class=HTMLResponse, dependencies=[CONSULENT])
async def check_form(request: Request) -> Response:
    """The filled form: the result page, or the form with errors (422)."""
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    data, meta = form_data.form_to_data(form)
    return await _check(request, data, meta)


@router.post("/toets/tekst", response_class=HTMLResponse, dependencies=[CONSULENT])
async def check_text(request: Request) -> Response:
    """A pasted or uploaded decision (JSON or YAML): the same result page."""
    form = await request.form(max_files=1, max_fields=MAX_FIELDS)
    text = form.get("tekst")
    text = text if isinstance(text, str) else ""
    upload = form.get("bestand")
    name = ""
    if isinstance(upload, UploadFile) and upload.filename:
        name = upload.filename
        raw = await upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _text_error(request, "", "(bestand)", "onleesbaar: geen UTF-8-tekst")
    if not text.strip():
        return _text_error(request, "", "(tekst)", "plak een beschikking of kies een bestand")
    try:
        if name.lower().endswith(".json") or (not name and text.lstrip().startswith("{")):
            data = load_json(text)
        else:
            data = load_yaml(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        return _text_error(request, text, "(tekst)", syntax_problem(exc))
    except RecursionError:
        return _text_error(request, "", "(tekst)", "te diep genest voor een beschikking")
    if not isinstance(data, dict):
        return _text_error(request, text, "(beschikking)", "verwacht een object met velden")
    try:
        data = _plain(data)
    except _TooBig:
        return _text_error(request, "", "(tekst)", "te groot of te diep genest voor een beschikking")
    return await _check(request, data, {}, pasted=text)


@router.post("/toets/voorstel", response_class=HTMLResponse, dependencies=[CONSULENT])
async def apply_suggestion(request: Request) -> Response:
    """One click on a suggestion: change the decision as checked and check again; or, for an
    exception, add its row to the form and leave the motivation to the consultant."""
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    try:
        data = _plain(json.loads(str(form.get("beschikking") or "")))
        choice = _plain(json.loads(str(form.get("wijziging") or "")))
    except (json.JSONDecodeError, RecursionError, _TooBig):
        data, choice = None, None
    if not isinstance(data, dict) or not isinstance(choice, dict):
        return _render(
            request,
            problems=[("(voorstel)", "het voorstel is niet leesbaar; vul het formulier opnieuw in")],
            status=422,
        )
    rule = str(choice.get("rule") or "")
    exception = choice.get("exception")
    if isinstance(exception, dict) and exception.get("principle"):
        principle = str(exception["principle"])
        grounds = [str(g) for g in exception.get("grounds") or []]
        data, row, meta = form_data.add_exception_row(data, principle, grounds)
        view_name = FormView(_service(request).engine.book).principle_name(principle)
        notice = {"rule": rule, "principle_name": view_name, "grounds": grounds, "row": row}
        return _render(request, data=data, meta=meta, focus_row=row, notice=notice)
    change = choice.get("change")
    if not isinstance(change, dict):
        return _render(request, data=data, problems=[("(voorstel)", "onbekend voorstel")], status=422)
    return await _check(request, apply_change(data, change), {})


# ---------------------------------------------------------------- checking and rendering
async def _check(
    request: Request, data: dict[str, Any], meta: dict[int, RowMeta], pasted: str = ""
) -> Response:
    problems = form_data.remove_bsn(data)
    try:
        decision = parse_decision(data, "beschikking")
    except DecisionError as error:
        found = [p for p in error.problems if not (problems and p[0] == "client.id")]
        # the pasted text is only shown again when the form cannot hold it
        return _render(request, data=data, meta=meta, problems=problems + found, status=422)
    if problems:
        return _render(request, data=data, meta=meta, problems=problems, status=422)
    try:
        subject = current_principal(request).subject
        outcome, check_id = await run_in_threadpool(_service(request).check, decision, CHANNEL, None, subject)
    except DecisionError as error:  # unknown municipality, region that does not fit
        return _render(request, data=data, meta=meta, problems=error.problems, status=422)
    return _render(
        request,
        data=data if not pasted else form_data.decision_data(decision),
        meta=meta,
        outcome=outcome,
        check_id=check_id,
        decision_json=form_data.decision_json(decision),
        summary=_summary(decision),
    )


def _summary(decision: Decision) -> list[tuple[str, str]]:
    """What was checked, in a few words, above the findings (never an exception's motivation)."""
    end = f"tot en met {decision.end_date}" if decision.end_date else "zonder einddatum"
    return [
        (
            "Voorziening",
            f"{form_options.SERVICE_LABELS[decision.service]} ({form_options.LAW_LABELS[decision.law]})",
        ),
        ("Termijn", f"{decision.start_date} {end}"),
    ]


def _text_error(request: Request, text: str, name: str, reason: str) -> Response:
    # the unreadable text is shown again to be corrected, unless it holds what may be a BSN
    shown = "" if contains_bsn(text) else text
    return _render(request, problems=[(name, reason)], pasted=shown, status=422)


class _TooBig(ValueError):
    pass


MAX_NODES = 5_000  # a decision has a few dozen values; YAML aliases could multiply them
MAX_DEPTH = 12


def _plain(value: Any) -> Any:
    """YAML's line-remembering dicts as plain data, refusing anything far bigger or deeper
    than a decision (aliases that expand a few lines into millions of values)."""
    budget = [MAX_NODES]

    def copy(node: Any, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0 or depth > MAX_DEPTH:
            raise _TooBig
        if isinstance(node, dict):
            return {str(k): copy(v, depth + 1) for k, v in node.items()}
        if isinstance(node, list):
            return [copy(v, depth + 1) for v in node]
        return node

    return copy(value, 0)


def _render(
    request: Request,
    *,
    data: dict[str, Any] | None = None,
    meta: dict[int, RowMeta] | None = None,
    problems: list[tuple[str, str]] | None = None,
    outcome: Outcome | None = None,
    check_id: int | None = None,
    decision_json: str = "",
    focus_row: int | None = None,
    notice: dict[str, Any] | None = None,
    pasted: str = "",
    summary: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> Response:
    book = _service(request).engine.book
    view = FormView(book, data or {}, meta, form_data.safe_problems(problems or []), focus_row)
    context = {
        "f": view,
        "form_options": form_options,
        "result": _result(outcome, check_id, book) if outcome is not None else None,
        "decision_json": decision_json,
        "summary": summary or [],
        "notice": notice,
        "pasted": pasted,
        "version": __version__,
        "rules_version": book.version,
    }
    return templates.TemplateResponse(request, "page.html", context, status_code=status)


def _result(outcome: Outcome, check_id: int | None, book: Any) -> dict[str, Any]:
    """The outcome as the result template shows it."""
    verdict = LEVELS[outcome.verdict]
    region = book.regions.get(outcome.region)
    return {
        "outcome": outcome,
        "verdict": outcome.verdict.value,
        "verdict_label": verdict.label,
        "verdict_meaning": verdict.asks,
        "verdict_symbol": verdict.symbol,
        "region_name": region.name if region else outcome.region,
        "check_id": check_id,
        "findings": [_finding(f, book) for f in outcome.findings],
        "counted": sum(1 for f in outcome.findings if f.outcome != Level.SIGNAAL),
    }


def _finding(finding: Finding, book: Any) -> dict[str, Any]:
    source = finding.source
    buttons = []
    suggestion = finding.suggestion or {}
    changes = field_changes(suggestion)
    if changes:
        buttons.append(
            {
                "kind": "change",
                "label": suggestion_label(changes),
                "value": json.dumps({"rule": finding.rule, "change": changes}, ensure_ascii=False),
            }
        )
    exception = suggestion.get("exception")
    if isinstance(exception, dict) and exception.get("principle"):
        grounds = list(exception.get("grounds") or [])
        buttons.append(
            {
                "kind": "exception",
                "label": "Leg een uitzondering vast",
                "grounds": [ground_text(g, book) for g in grounds],
                "value": json.dumps(
                    {
                        "rule": finding.rule,
                        "exception": {"principle": exception["principle"], "grounds": grounds},
                    },
                    ensure_ascii=False,
                ),
            }
        )
    return {
        "f": finding,
        "outcome": finding.outcome.value,
        "mark": FINDING_LABELS[finding.outcome].lower(),
        "symbol": LEVELS[finding.outcome].symbol,
        "principle_name": _principle(finding.principle, book),
        "citation": citation_text(source.document, source.section, source.status, source.title),
        "facts": [
            (
                label(name, book.parameter_descriptions),
                name,
                value_text(in_words(value, book.labels.get(name, {}))),
            )
            for name, value in finding.facts.items()
            if "motivation" not in name
        ],
        "buttons": buttons,
    }


def _principle(principle: str, book: Any) -> str:
    try:
        return book.principle_name(principle)
    except StopIteration:
        return principle
