"""`report.html`: the audit summary as one self-contained page for auditors.

The page is rendered from `AuditSummary` alone, so it never says anything `summary.json`
does not. It loads nothing: no scripts, fonts, images or style sheets from anywhere; the
charts are inline SVG and every number is also written out as text. It is a Jinja template
(`templates/report.html`, autoescaped: every text that comes from the summary, and so in the
end from input files, is escaped), like the web page; this module orders and measures what
the template shows. Labels, colours and Dutch numbers are `triage.presentation`'s.
"""

from __future__ import annotations

import heapq
import math
import operator
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from triage import presentation
from triage.audit.summary import (
    FINDING_OUTCOMES,
    PRIORITY_CLASSES,
    STATUSES,
    VERDICTS,
    AuditSummary,
    Breakdown,
)
from triage.population.figures import PopulationEntry

TOP_PROVIDERS = 50
TEMPLATES = Path(__file__).parent / "templates"
# Nothing may load: no scripts, fonts, images or style sheets; only the inline style.
CSP = "default-src 'none'; style-src 'unsafe-inline'"
CSS = (TEMPLATES / "report.css").read_text(encoding="utf-8")


def report_environment(folder: Path) -> Environment:
    """A Jinja environment for a report's templates in `folder`, with the Dutch formats and
    labels of `triage.presentation` as filters (the audit and impact reports share it)."""
    env = Environment(
        loader=FileSystemLoader([folder, TEMPLATES]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        n=presentation.number,
        pct=presentation.percentage,
        share=presentation.share,
        points=presentation.points,
        moment=presentation.moment_words,
        duration=presentation.duration_words,
        in_force=presentation.in_force_words,
        verdict=presentation.verdict_label,
        finding=presentation.finding_label,
        priority=presentation.priority_label,
        colour=presentation.colour,
        month=lambda key, short=False: " ".join(p for p in presentation.month_words(key, short) if p),
        short_hash=_short_hash,
    )
    env.globals.update(csp=CSP, css=CSS, verdicts=VERDICTS)
    return env


def prepare_report() -> None:
    """Compile the report's template now (Jinja keeps it for `render_report`): the audit
    does it while the worker processes make the population figures."""
    _ENV.get_template("report.html")


def render_report(summary: AuditSummary) -> str:
    """The whole report as one self-contained HTML page (no network, no scripts)."""
    return _ENV.get_template("report.html").render(
        s=summary,
        statuses=STATUSES,
        file_rows=sum(f.rows for f in summary.receipt.inputs),
        verdict_total=sum(summary.verdicts.values()),
        verdict_chart=_verdict_chart(summary.verdicts),
        priorities=_ordered(summary.priorities, PRIORITY_CLASSES),
        rules=_rules(summary),
        principles=_principles(summary),
        municipalities=sorted(summary.by_municipality, key=lambda b: (-b["decisions"], b["key"])),
        providers=_top_providers(summary.by_provider),
        verdict_heads=[(presentation.verdict_label(v), "num") for v in VERDICTS],
        month_chart=_month_chart(summary.by_month) if summary.by_month else None,
        errors=sorted(summary.errors_by_field, key=lambda r: (-r.rows, r.field)),
        population=_population(summary.population),
    )


_DECISIONS = operator.itemgetter("decisions")
_DENOMINATOR = operator.itemgetter("denominator")


def _top_providers(rows: Sequence[Breakdown]) -> dict[str, Any]:
    """The `TOP_PROVIDERS` providers with the most decisions, and how many more there are
    with how many decisions (summary.json has them all; there may be a hundred thousand)."""
    shown = rows[:TOP_PROVIDERS]  # the summary lists them most decisions first
    return {
        "shown": shown,
        "total": len(rows),
        "rest": len(rows) - len(shown),
        "rest_decisions": sum(map(_DECISIONS, rows[TOP_PROVIDERS:])),
    }


def _population(entries: Sequence[PopulationEntry]) -> list[dict[str, Any]]:
    """Population figures per rule: the region and municipalities, and the providers apart
    (shown in a fold-out table: up to `TOP_PROVIDERS` of them, those with a signal first,
    then the largest populations); growth columns where a rule compares with last year."""
    by_rule: dict[str, list[PopulationEntry]] = {}
    for entry in entries:
        by_rule.setdefault(entry["rule"], []).append(entry)
    rules = []
    for rule, found in by_rule.items():
        wide = [e for e in found if "provider" not in e["scope"]]
        providers = [e for e in found if "provider" in e["scope"]]
        signalled = [e for e in providers if e["outcome"] == "signaal"]
        shown = providers
        if len(providers) > TOP_PROVIDERS:  # (nlargest keeps the order of equal populations)
            shown = heapq.nlargest(TOP_PROVIDERS, signalled, key=_DENOMINATOR)
            if len(shown) < TOP_PROVIDERS:
                others = [e for e in providers if e["outcome"] != "signaal"]
                shown += heapq.nlargest(TOP_PROVIDERS - len(shown), others, key=_DENOMINATOR)
        signals = len(signalled)
        growth = any(e["compare"] == "growth" for e in found)
        rules.append(
            {
                "rule": rule,
                "first": found[0],
                "wide": (f"{rule}: regio en gemeenten", wide, growth),
                "providers": (f"{rule}: per aanbieder", shown, growth),
                "provider_total": len(providers),
                "rest": len(providers) - len(shown),
                "rest_signals": signals - sum(e["outcome"] == "signaal" for e in shown),
            }
        )
    return rules


def _ordered(counts: dict[str, int], known: Sequence[str]) -> list[str]:
    """Known keys in their fixed order, then any other key the summary has, sorted."""
    return [*known, *sorted(k for k in counts if k not in known)]


def _short_hash(value: str) -> str:
    """The first 12 characters of a hash, keeping an 'algorithm:' prefix whole."""
    prefix, _, digest = value.rpartition(":")
    return f"{prefix}:{digest[:12]}" if prefix else digest[:12]


def _rules(summary: AuditSummary) -> dict[str, Any]:
    """Findings per rule, most findings first; the region column only when there are several."""
    rules = _by_findings(summary.by_rule, lambda r: r.rule)
    regions = sorted({r.region for r in summary.by_rule})
    return {
        **rules,
        "one_region": regions[0] if len(regions) == 1 else None,
        "principle_names": {p.principle: p.name for p in summary.by_principle},
    }


def _principles(summary: AuditSummary) -> dict[str, Any]:
    """Findings per principle, most findings first."""
    return _by_findings(summary.by_principle, lambda p: p.principle)


def _by_findings(rows: Sequence[Any], key: Any) -> dict[str, Any]:
    """Rows with `findings` and `outcomes` (finding outcome -> count), most findings first:
    the rows, the largest count (for the bars) and the outcome columns."""
    ordered = sorted(rows, key=lambda row: (-row.findings, key(row)))
    outcomes = _ordered({k: 0 for row in ordered for k in row.outcomes}, FINDING_OUTCOMES)
    return {
        "rows": ordered,
        "top": max((row.findings for row in ordered), default=0) or 1,
        "outcomes": outcomes,
        "outcome_heads": [(presentation.finding_label(o), "num") for o in outcomes],
    }


def _verdict_chart(verdicts: dict[str, int]) -> dict[str, Any]:
    """Horizontal bars of decisions per verdict: the geometry of each row."""
    keys = _ordered(verdicts, VERDICTS)
    top = max([verdicts.get(k, 0) for k in keys] + [1])
    row_h, label_w, bar_w, width = 34, 215, 250, 630
    rows = [
        {
            "key": key,
            "count": verdicts.get(key, 0),
            "y": 4 + i * row_h,
            "w": bar_w * verdicts.get(key, 0) / top,
        }
        for i, key in enumerate(keys)
    ]
    return {"rows": rows, "label_w": label_w, "bar_w": bar_w, "width": width, "height": row_h * len(keys) + 6}


def _nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) that splits 0..top in about `ticks` parts."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return max(1, factor * power)
    return max(1, 10 * power)


def _month_chart(rows: Sequence[Breakdown]) -> dict[str, Any]:
    """Stacked columns of decisions per month of start date, split by verdict: the geometry."""
    width, height = 1040, 300
    left, right, top_pad, bottom = 64, 12, 14, 44
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    peak = max([b["decisions"] for b in rows] + [1])
    step = _nice_step(peak)
    y_max = step * math.ceil(peak / step)
    slot = plot_w / len(rows)
    col_w = min(44.0, slot * 0.72)
    every = max(1, math.ceil(len(rows) / 24))

    def y(value: float) -> float:
        return top_pad + plot_h * (1 - value / y_max)

    ticks = []
    tick = 0.0
    while tick <= y_max + 1e-9:
        ticks.append({"value": tick, "y": y(tick)})
        tick += step
    columns = []
    for i, b in enumerate(rows):
        x = left + i * slot + (slot - col_w) / 2
        month, year = presentation.month_words(b["key"], short=True)
        bars, base = [], 0
        for verdict in VERDICTS:
            count = b["verdicts"].get(verdict, 0)
            if count > 0:
                bars.append(
                    {"verdict": verdict, "y": y(base + count), "h": max(0.0, y(base) - y(base + count))}
                )
                base += count
        columns.append(
            {
                "row": b,
                "x": x,
                "month": presentation.month_words(b["key"])[0],
                "year": year,
                "bars": bars,
                "axis": month if i % every == 0 else None,
                "show_year": i % every == 0 and (i == 0 or month == "jan" or not year),
            }
        )
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": right,
        "bottom": bottom,
        "col_w": col_w,
        "ticks": ticks,
        "columns": columns,
        "first": presentation.month_words(rows[0]["key"]),
        "last": presentation.month_words(rows[-1]["key"]),
    }


_ENV = report_environment(TEMPLATES)
