"""`report.html` of `triage impact`: one self-contained page for policy staff (a Jinja
template, autoescaped; no scripts, fonts, images or style sheets from anywhere). It shows the
rule changes, the reconciliation, the verdict before × after matrix, the changes per rule,
principle, municipality and provider, and the first changed decisions with both
explanations side by side. The look, the Dutch labels and the number format are the audit
report's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from triage import presentation
from triage.audit.report import report_environment
from triage.audit.summary import FINDING_OUTCOMES, PRIORITY_CLASSES, VERDICTS
from triage.impact.summary import ImpactSummary

TOP_GROUPS = 50
_ENV = report_environment(Path(__file__).parent / "templates")


def render_report(summary: ImpactSummary, changes: list[dict[str, Any]]) -> str:
    """The page; `changes` are the first lines of changes.jsonl (shown side by side)."""
    return _ENV.get_template("impact.html").render(
        s=summary,
        verdict_label={v: presentation.verdict_label(v) for v in VERDICTS},
        finding_label={o: presentation.finding_label(o) for o in FINDING_OUTCOMES},
        priority_label={p: presentation.priority_label(p) for p in PRIORITY_CLASSES},
        colour={o: presentation.colour(o) for o in (*VERDICTS, *FINDING_OUTCOMES)},
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
