"""`report.html` of `triage impact`: one self-contained page for policy staff (a Jinja
template, autoescaped; no scripts, fonts, images or style sheets from anywhere). It shows the
rule changes, the reconciliation, the verdict before × after matrix, the changes per rule,
principle, municipality and provider, and the first changed decisions with both
explanations side by side. The look, the Dutch labels and the number format are the audit
report's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from triage.audit.report import (
    COLOUR,
    CSP,
    CSS,
    FINDING_LABEL,
    PRIORITY_LABEL,
    VERDICT_LABEL,
)
from triage.audit.report import _datetime as dutch_moment
from triage.audit.report import _in_force as dutch_in_force
from triage.audit.report import _n as dutch_number
from triage.audit.summary import VERDICTS
from triage.impact.summary import ImpactSummary

TOP_GROUPS = 50
_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["n"] = dutch_number
_env.filters["moment"] = dutch_moment
_env.filters["in_force"] = dutch_in_force


def render_report(summary: ImpactSummary, changes: list[dict[str, Any]]) -> str:
    """The page; `changes` are the first lines of changes.jsonl (shown side by side)."""
    return _env.get_template("impact.html").render(
        s=summary,
        csp=CSP,
        css=CSS,
        verdicts=VERDICTS,
        verdict_label=VERDICT_LABEL,
        finding_label=FINDING_LABEL,
        priority_label=PRIORITY_LABEL,
        colour=COLOUR,
        decisions=[_side_by_side(change) for change in changes],
        top=TOP_GROUPS,
    )


def _side_by_side(change: dict[str, Any]) -> dict[str, Any]:
    """A changed decision with, per side, its findings marked as new, gone or changed."""
    before, after = change["before"], change["after"]
    outcomes_before = {f["rule"]: f["outcome"] for f in before["findings"]}
    outcomes_after = {f["rule"]: f["outcome"] for f in after["findings"]}

    def marked(findings: list[dict], other: dict[str, str], gone_word: str) -> list[dict]:
        result = []
        for finding in findings:
            if finding["rule"] not in other:
                mark = gone_word
            elif other[finding["rule"]] != finding["outcome"]:
                mark = "andere uitkomst"
            else:
                mark = ""
            result.append({**finding, "mark": mark})
        return result

    return {
        **change,
        "findings_before": marked(before["findings"], outcomes_after, "vervalt"),
        "findings_after": marked(after["findings"], outcomes_before, "nieuw"),
    }
