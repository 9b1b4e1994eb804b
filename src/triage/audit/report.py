"""`report.html`: the audit summary as one self-contained page for auditors.

The page is rendered from `AuditSummary` alone, so it never says anything `summary.json`
does not. It loads nothing: no scripts, fonts, images or style sheets from anywhere; the
charts are inline SVG and every number is also written out as text. Every text that comes
from the summary (and so, in the end, from input files) goes through `html.escape`.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable, Sequence

from triage.audit.summary import (
    FINDING_OUTCOMES,
    PRIORITY_CLASSES,
    STATUSES,
    VERDICTS,
    AuditSummary,
    Breakdown,
    Receipt,
    Totals,
)
from triage.population.figures import PopulationEntry

TOP_PROVIDERS = 50

VERDICT_LABEL = {
    "conform": "Conform",
    "conform_met_uitzondering": "Conform met uitzondering",
    "motivering_vereist": "Motivering vereist",
    "niet_conform": "Niet conform",
}
FINDING_LABEL = {
    "signaal": "Signaal",
    "conform_met_uitzondering": "Uitzonde\u00adring",  # soft hyphen: narrow column headers
    "motivering_vereist": "Motivering vereist",
    "niet_conform": "Niet conform",
}
PRIORITY_LABEL = {"crisis": "Crisis", "voorrang": "Voorrang", "regulier": "Regulier"}
OFFENDER_KIND = {"aanbieder": "Aanbieder", "gemeente": "Gemeente"}
POPULATION_OUTCOME = {"signaal": "Signaal", "conform": "Conform"}
# Each colour has at least 4.5:1 contrast on white; the words always say the same thing.
COLOUR = {
    "conform": "#2e7d32",
    "conform_met_uitzondering": "#1565c0",
    "motivering_vereist": "#b45309",
    "niet_conform": "#b91c1c",
    "signaal": "#4b5563",
}
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTH_ABBR = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

# Nothing may load: no scripts, fonts, images or style sheets; only the inline style.
CSP = "default-src 'none'; style-src 'unsafe-inline'"
CSS = """
:root { --ink:#1f2328; --muted:#4f5964; --line:#d0d7de; --soft:#f4f6f8; --accent:#0b4f8a;
  --ok:#1a6b2f; --bad:#b91c1c; }
* { box-sizing: border-box; }
html { color: var(--ink); background: #fff; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
  Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 2px; letter-spacing: -0.01em; }
h2 { font-size: 18px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0; }
.sub { color: var(--muted); margin: 0; }
.status { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 12.5px;
  font-weight: 600; border: 1px solid currentColor; vertical-align: 3px; margin-left: 8px; }
.status.voltooid { color: var(--ok); }
.status.onderbroken, .status.onvolledig, .status.mislukt { color: #8a4b00; }
.banner { margin: 16px 0 0; padding: 12px 16px; border: 2px solid #8a4b00; border-left-width: 8px;
  background: #fff6e5; color: #4a2a00; }
.banner strong { display: block; font-size: 15px; }
nav { margin: 14px 0 0; font-size: 13px; color: var(--muted); }
nav a { color: var(--accent); margin-right: 12px; white-space: nowrap; }
.recon { margin: 22px 0 0; padding: 16px 20px; border: 2px solid var(--ink); border-radius: 6px;
  display: flex; flex-wrap: wrap; align-items: center; gap: 6px 22px; }
.recon.klopt-niet { border-color: var(--bad); background: #fdf0f0; }
.recon h2 { border: 0; margin: 0; padding: 0; font-size: 13px; text-transform: uppercase;
  letter-spacing: .06em; color: var(--muted); flex-basis: 100%; }
.eq { display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap; }
.eq .term { display: flex; flex-direction: column; }
.eq .fig { font-size: 30px; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.1; }
.eq .lab { font-size: 12.5px; color: var(--muted); }
.eq .op { font-size: 26px; color: var(--muted); }
.verdict-box { margin-left: auto; font-size: 18px; font-weight: 700; padding: 6px 14px;
  border-radius: 4px; }
.verdict-box.ok { color: var(--ok); background: #e8f3ea; }
.verdict-box.bad { color: #fff; background: var(--bad); }
.recon .note { flex-basis: 100%; margin: 0; font-size: 13px; color: var(--muted); }
.recon.klopt-niet .note { color: #7a1010; }
dl.receipt { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 0; }
dl.receipt dt { color: var(--muted); }
dl.receipt dd { margin: 0; }
code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
  font-size: 0.92em; }
.hash { word-break: break-all; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 4px 0 6px; }
caption { text-align: left; color: var(--muted); font-size: 12.5px; padding: 0 0 4px; caption-side: top; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; vertical-align: bottom;
  font-size: 12.5px; }
tbody th { font-weight: 600; }
tfoot td, tfoot th { border-top: 2px solid var(--ink); border-bottom: 0; font-weight: 600; }
tbody tr:nth-child(even) { background: var(--soft); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
.nowrap { white-space: nowrap; }
.wide { min-width: 12em; }
.scroll { overflow-x: auto; }
.hashcol { width: 40%; }
.muted { color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px;
  vertical-align: 0; }
.minibar { display: inline-block; width: 60px; height: 8px; background: #e6e9ed; margin-left: 8px;
  vertical-align: 1px; }
.minibar > span { display: block; height: 100%; background: var(--accent); }
.stack { display: flex; width: 110px; height: 10px; background: #e6e9ed; margin-top: 4px; }
.stack > span { display: block; height: 100%; }
.grid2 { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 28px; align-items: start; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font-family: inherit; fill: var(--ink); }
svg.chart .axis { fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12.5px; margin: 6px 0; }
.more { font-size: 13px; color: var(--muted); }
footer { margin-top: 40px; padding-top: 8px; border-top: 1px solid var(--line); font-size: 12px;
  color: var(--muted); }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media (max-width: 820px) { .grid2 { grid-template-columns: 1fr; } main { padding: 16px; } }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  table { font-size: 7.5pt; }
  caption, thead th { font-size: 7.5pt; }
  th, td { padding: 2px 4px; }
  .wide { min-width: 9em; }
  .minibar { width: 28px; margin-left: 4px; }
  .stack { width: 56px; }
  nav { display: none; }
  h2 { break-after: avoid; }
  svg, .recon, .banner { break-inside: avoid; }
  .scroll { overflow: visible; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  tbody tr:nth-child(even) { background: #f4f6f8; }
}
"""


# ---------------------------------------------------------------- formatting helpers


def _e(value: object) -> str:
    """HTML-escape any value as text (quotes too, so it is safe in attributes)."""
    return html.escape(str(value), quote=True)


def _n(value: float) -> str:
    """A whole number with Dutch thousands separators: 1000000 -> '1.000.000'."""
    return f"{round(value):,}".replace(",", ".")


def _pct(part: float, whole: float) -> str:
    """A share as a Dutch percentage with one decimal: '12,3%' ('0%' for nothing, '<0,1%' for a trace)."""
    if whole <= 0 or part <= 0:
        return "0%"
    share = 100 * part / whole
    if share < 0.05:
        return "<0,1%"
    return f"{share:.1f}".replace(".", ",") + "%"


def _date(day: dt.date) -> str:
    """A date in Dutch words: '17 maart 2027'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _datetime(moment: dt.datetime) -> str:
    """A moment in Dutch words, with its UTC offset when it has one."""
    text = f"{_date(moment)}, {moment:%H:%M:%S}"
    if moment.utcoffset() is not None:
        offset = moment.strftime("%z")
        text += " UTC" if offset == "+0000" else f" (UTC{offset[:3]}:{offset[3:]})"
    return text


def _duration(seconds: float) -> str:
    """Wall-clock time in Dutch: '42,3 s', '3 min 05 s', '1 u 02 min'."""
    if seconds < 60:
        return f"{seconds:.1f}".replace(".", ",") + " s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} u {minutes:02d} min"
    return f"{minutes} min {secs:02d} s"


def _month(key: str, short: bool = False) -> tuple[str, str]:
    """A YYYY-MM key as (month, year) in Dutch; an unreadable key is returned as it is."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", key)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return key, ""
    names = MONTH_ABBR if short else MONTHS
    return names[int(match.group(2)) - 1], match.group(1)


def _label(mapping: dict[str, str], key: str) -> str:
    """A Dutch label for a known key; an unknown key readable as it is."""
    return mapping.get(key, key.replace("_", " ").capitalize())


def _ordered(counts: dict[str, int], known: Sequence[str]) -> list[str]:
    """Known keys in their fixed order, then any other key the summary has, sorted."""
    return [*known, *sorted(k for k in counts if k not in known)]


def _swatch(key: str) -> str:
    """A small colour square that repeats what the label next to it says."""
    return f'<span class="swatch" style="background:{COLOUR.get(key, "#6b7280")}" aria-hidden="true"></span>'


def _minibar(value: float, top: float) -> str:
    """A small bar after a number (decoration: the number itself is the information)."""
    width = 0.0 if top <= 0 else max(0.0, min(100.0, 100 * value / top))
    return f'<span class="minibar" aria-hidden="true"><span style="width:{width:.1f}%"></span></span>'


def _stack(verdicts: dict[str, int], total: int) -> str:
    """A thin stacked bar of a row's verdict mix (decoration next to the counts)."""
    if total <= 0:
        return ""
    parts = "".join(
        f'<span style="width:{100 * verdicts.get(v, 0) / total:.2f}%;background:{COLOUR[v]}"></span>'
        for v in VERDICTS
        if verdicts.get(v, 0) > 0
    )
    return f'<span class="stack" aria-hidden="true">{parts}</span>'


def _table(
    caption: str,
    head: Sequence[tuple[str, str]],
    body: Iterable[Sequence[str]],
    foot: Sequence[str] | None = None,
) -> str:
    """A table: `head` is (plain text, CSS class of the column); cells are ready HTML.

    The first cell of each row heads its row. Class "num" right-aligns a column of numbers.
    """
    classes = [f' class="{cls}"' if cls else "" for _, cls in head]
    ths = "".join(f'<th scope="col"{classes[i]}>{_e(text)}</th>' for i, (text, _) in enumerate(head))

    def row(cells: Sequence[str]) -> str:
        out = [
            f'<th scope="row"{classes[i]}>{cell}</th>' if i == 0 else f"<td{classes[i]}>{cell}</td>"
            for i, cell in enumerate(cells)
        ]
        return "<tr>" + "".join(out) + "</tr>"

    rows = "\n".join(row(cells) for cells in body)
    tfoot = f"<tfoot>{row(foot)}</tfoot>" if foot else ""
    return (
        f'<div class="scroll"><table><caption>{_e(caption)}</caption><thead><tr>{ths}</tr></thead>'
        f"<tbody>\n{rows}\n</tbody>{tfoot}</table></div>"
    )


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


# ---------------------------------------------------------------- sections


def _header(summary: AuditSummary) -> str:
    """Title, status, when and what; a banner when the run was interrupted."""
    status = summary.status
    status_text = status
    receipt = summary.receipt
    out = [
        "<header>",
        f'<h1>Auditrapport triage <span class="status {_e(status)}">{_e(status_text)}</span></h1>',
        f'<p class="sub">Gemaakt op <time datetime="{_e(receipt.generated_at.isoformat())}">'
        f"{_e(_datetime(receipt.generated_at))}</time> · regels geldig op "
        f"{_e(_in_force(receipt.rules_in_force_on))} · triage {_e(receipt.engine_version)}</p>",
    ]
    if status != "voltooid":
        failure = f" Oorzaak: {_e(summary.failure)}." if summary.failure else ""
        out.append(
            f'<div class="banner" role="note"><strong>Status: {_e(status)}.</strong> '
            f"{_e(STATUSES.get(status, ''))}{failure} De aantallen in dit rapport gaan alleen over wat "
            "hierboven en hieronder staat; draai de audit opnieuw voor een volledig beeld.</div>"
        )
    for refused in summary.refused_inputs:
        out.append(
            f'<div class="banner" role="note"><strong>Geweigerd bestand:</strong> {_e(refused.path)}: '
            f"{_e(refused.reason)}</div>"
        )
    out.append(
        '<nav aria-label="Inhoud"><a href="#aansluiting">Aansluiting</a><a href="#bonnetje">Bonnetje</a>'
        '<a href="#oordelen">Oordelen</a><a href="#regels">Regels</a><a href="#principes">Principes</a>'
        '<a href="#gemeenten">Gemeenten</a><a href="#aanbieders">Aanbieders</a>'
        '<a href="#maanden">Maanden</a><a href="#afwijkers">Afwijkers</a><a href="#populatie">Populatie</a>'
        '<a href="#fouten">Fouten</a></nav>'
    )
    out.append("</header>")
    return "\n".join(out)


def _in_force(value: str) -> str:
    """The rules' reference date in words (plain text, not yet escaped)."""
    try:
        return _date(dt.date.fromisoformat(value))
    except ValueError:
        if value == "per beschikking":
            return "per beschikking (de beslisdatum van elke beschikking)"
        return value


def _reconciliation(totals: Totals) -> str:
    """The prominent check: every input row ended as an outcome or as an error."""
    ok = totals.reconciled and totals.input_rows == totals.outcomes + totals.errors + totals.set_aside
    diff = totals.input_rows - totals.outcomes - totals.errors - totals.set_aside
    if ok:
        mark = '<div class="verdict-box ok">✓ klopt</div>'
        note = "Elke invoerrij is óf beoordeeld (uitkomst) óf met een reden afgewezen (fout); niets is zoek."
    elif diff:
        mark = '<div class="verdict-box bad">✗ klopt niet</div>'
        what = "zonder uitkomst of fout" if diff > 0 else "te veel geteld"
        note = f"Verschil: {_n(abs(diff))} rijen {what}. Gebruik de uitkomsten pas als dit is uitgezocht."
    else:
        mark = '<div class="verdict-box bad">✗ klopt niet</div>'
        note = "De getallen tellen op, maar de audit meldt dat de telling niet sluit. Zoek dit uit."

    def term(value: int, label: str) -> str:
        return (
            f'<span class="term"><span class="fig">{_n(value)}</span><span class="lab">{label}</span></span>'
        )

    def op(sign: str) -> str:
        return f'<span class="op" aria-hidden="true">{sign}</span>'

    eq = (
        term(totals.input_rows, "invoerrijen")
        + op("=")
        + term(totals.outcomes, "uitkomsten")
        + op("+")
        + term(totals.errors, "fouten")
    )
    spoken = (
        f"{_n(totals.input_rows)} invoerrijen is {_n(totals.outcomes)} uitkomsten "
        f"plus {_n(totals.errors)} fouten"
    )
    if totals.set_aside:
        eq += op("+") + term(totals.set_aside, "eerdere versies terzijde")
        spoken += f" plus {_n(totals.set_aside)} eerdere versies van een toewijzing, terzijde gelegd"
        note += (
            f" {_n(totals.set_aside)} eerdere versies van een toewijzing zijn terzijde gelegd "
            "(--latest-only): alleen de laatste versie van elke toewijzing is getoetst."
        )
    heading_extra = " + eerdere versies" if totals.set_aside else ""
    cls = "recon klopt" if ok else "recon klopt-niet"
    return (
        f'<section class="{cls}" id="aansluiting" aria-labelledby="h-aansluiting">'
        f'<h2 id="h-aansluiting">Aansluiting: invoerrijen = uitkomsten + fouten{heading_extra}</h2>'
        f'<div class="eq" role="group" aria-label="{_e(spoken)}">{eq}</div>{mark}'
        f'<p class="note">{_e(note)}</p></section>'
    )


def _receipt(receipt: Receipt, totals: Totals, seconds: float) -> str:
    """The bonnetje: everything needed to repeat this audit and get the same answer."""
    rate = f"{_n(totals.input_rows / seconds)} beschikkingen per seconde" if seconds > 0 else "—"
    items = [
        ("Versie van triage", f"<code>{_e(receipt.engine_version)}</code>"),
        ("Versie van de regels", f'<code class="hash">{_e(receipt.rules_version)}</code>'),
        ("Regels geldig op", _e(_in_force(receipt.rules_in_force_on))),
        ("Gemaakt op", _e(_datetime(receipt.generated_at))),
        ("Looptijd", f"{_e(_duration(seconds))} ({_e(rate)})"),
    ]
    if receipt.pseudonymisation:
        items.append(("Pseudonimisering", _e(receipt.pseudonymisation)))
    for note in receipt.notes:
        items.append(("Aanname", _e(note)))
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items)
    file_rows = sum(f.rows for f in receipt.inputs)
    table = _table(
        "Invoerbestanden, met de SHA-256 van de inhoud zoals gelezen",
        [("Bestand", ""), ("Formaat", ""), ("SHA-256", ""), ("Rijen", "num")],
        (
            [_e(f.path), _e(f.format), f'<code class="hash">{_e(f.sha256)}</code>', _n(f.rows)]
            for f in receipt.inputs
        ),
        foot=["Totaal", "", "", _n(file_rows)] if len(receipt.inputs) > 1 else None,
    )
    warn = ""
    if file_rows != totals.input_rows:
        warn = (
            f"<p><strong>Let op:</strong> de bestanden tellen samen {_n(file_rows)} rijen, "
            f"de aansluiting {_n(totals.input_rows)}.</p>"
        )
    return _section(
        "bonnetje", "Bonnetje: waarmee deze audit is gemaakt", f'<dl class="receipt">{dl}</dl>{table}{warn}'
    )


def _verdict_chart(verdicts: dict[str, int], total: int) -> str:
    """Inline SVG horizontal bars of decisions per verdict, with counts and shares as text."""
    keys = _ordered(verdicts, VERDICTS)
    top = max([verdicts.get(k, 0) for k in keys] + [1])
    row_h, label_w, bar_w, width = 34, 215, 250, 630
    height = row_h * len(keys) + 6
    spoken = "; ".join(
        f"{_label(VERDICT_LABEL, k)}: {_n(verdicts.get(k, 0))} ({_pct(verdicts.get(k, 0), total)})"
        for k in keys
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="t-verd d-verd" '
        f'style="max-width:{width}px">',
        '<title id="t-verd">Beschikkingen per oordeel</title>',
        f'<desc id="d-verd">{_e(spoken)}</desc>',
    ]
    for i, key in enumerate(keys):
        count = verdicts.get(key, 0)
        y = 4 + i * row_h
        w = bar_w * count / top
        fill = COLOUR.get(key, "#6b7280")
        parts.append(
            f'<text x="{label_w - 10}" y="{y + 19}" text-anchor="end" font-size="14">'
            f"{_e(_label(VERDICT_LABEL, key))}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="22" fill="#eef0f3"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="22" fill="{fill}"/>'
            f'<text x="{label_w + bar_w + 10}" y="{y + 19}" font-size="14">'
            f'<tspan font-weight="700">{_n(count)}</tspan>'
            f'<tspan class="axis" dx="6">{_e(_pct(count, total))}</tspan></text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _verdicts(summary: AuditSummary) -> str:
    """Verdict distribution (chart) and priorities (table)."""
    verdicts = summary.verdicts
    total = sum(verdicts.values())
    note = ""
    if total != summary.totals.outcomes:
        note = (
            f"<p><strong>Let op:</strong> de oordelen tellen op tot {_n(total)}, "
            f"niet tot het aantal uitkomsten ({_n(summary.totals.outcomes)}).</p>"
        )
    prios = summary.priorities
    prio_total = sum(prios.values())
    top = max([*prios.values(), 1])
    prio_table = _table(
        "Beschikkingen per prioriteit",
        [("Prioriteit", ""), ("Beschikkingen", "num"), ("Aandeel", "num")],
        (
            [
                _e(_label(PRIORITY_LABEL, k)),
                _n(prios.get(k, 0)) + _minibar(prios.get(k, 0), top),
                _pct(prios.get(k, 0), prio_total),
            ]
            for k in _ordered(prios, PRIORITY_CLASSES)
        ),
    )
    return _section(
        "oordelen",
        "Oordelen en prioriteit",
        '<div class="grid2"><div><h3>Beschikkingen per oordeel</h3>'
        f"{_verdict_chart(verdicts, total)}"
        f'<p class="muted">Percentages van {_n(total)} beoordeelde beschikkingen.</p>{note}</div>'
        f"<div><h3>Prioriteit</h3>{prio_table}</div></div>",
    )


def _rules(summary: AuditSummary) -> str:
    """Findings per rule, most findings first, with a small bar per row.

    When every rule is of one region, the caption says so instead of repeating it in a column.
    """
    principle_names = {p.principle: p.name for p in summary.by_principle}
    rules = sorted(summary.by_rule, key=lambda r: (-r.findings, r.rule))
    if not rules:
        return _empty("regels", "Bevindingen per regel", "Geen regels toegepast.")
    top = max(r.findings for r in rules) or 1
    outcomes = _ordered({k: 0 for r in rules for k in r.outcomes}, FINDING_OUTCOMES)
    regions = sorted({r.region for r in rules})
    one_region = len(regions) == 1

    def principle(code: str) -> str:
        name = principle_names.get(code)
        return f'<abbr title="{_e(name)}">{_e(code)}</abbr>' if name else _e(code)

    head = [
        ("Regel", "nowrap"),
        ("Titel", "wide"),
        ("Principe", ""),
        *([] if one_region else [("Regio", "")]),
        ("Bron", ""),
        ("Toegepast", "num"),
        ("Bevindingen", "num"),
        *[(_label(FINDING_LABEL, o), "num") for o in outcomes],
    ]
    body = (
        [
            f"<code>{_e(r.rule)}</code>",
            _e(r.title),
            principle(r.principle),
            *([] if one_region else [_e(r.region)]),
            _e(r.source),
            _n(r.applied),
            _n(r.findings) + _minibar(r.findings, top),
            *[_n(r.outcomes.get(o, 0)) for o in outcomes],
        ]
        for r in rules
    )
    caption = (
        "Per regel: op hoeveel beschikkingen de regel van toepassing was en hoeveel bevindingen dat gaf, "
        "gesorteerd op bevindingen"
    )
    if one_region:
        caption += f". Alle regels zijn van regio {regions[0]}."
    return _section("regels", "Bevindingen per regel", _table(caption, head, body))


def _principles(summary: AuditSummary) -> str:
    """Findings per principle of the regional policy."""
    rows = sorted(summary.by_principle, key=lambda p: (-p.findings, p.principle))
    if not rows:
        return _empty("principes", "Bevindingen per principe", "Geen bevindingen per principe.")
    top = max(p.findings for p in rows) or 1
    outcomes = _ordered({k: 0 for p in rows for k in p.outcomes}, FINDING_OUTCOMES)
    table = _table(
        "Per principe van het regionale beleid, gesorteerd op bevindingen",
        [("Principe", ""), ("Naam", ""), ("Bevindingen", "num")]
        + [(_label(FINDING_LABEL, o), "num") for o in outcomes],
        (
            [_e(p.principle), _e(p.name), _n(p.findings) + _minibar(p.findings, top)]
            + [_n(p.outcomes.get(o, 0)) for o in outcomes]
            for p in rows
        ),
    )
    return _section("principes", "Bevindingen per principe", table)


def _breakdown_table(caption: str, key_head: str, label_head: str, rows: Sequence[Breakdown]) -> str:
    """A table of decisions, verdict counts and findings for municipalities or providers."""
    head = [
        (key_head, "nowrap"),
        (label_head, ""),
        ("Beschikkingen", "num"),
        *[(VERDICT_LABEL[v], "num") for v in VERDICTS],
        ("Bevindingen", "num"),
        ("Verdeling", ""),
    ]
    body = (
        [
            _e(b.key),
            _e(b.label or ""),
            _n(b.decisions),
            *[_n(b.verdicts.get(v, 0)) for v in VERDICTS],
            _n(b.findings),
            _stack(b.verdicts, b.decisions),
        ]
        for b in rows
    )
    return _table(caption, head, body)


def _municipalities(summary: AuditSummary) -> str:
    """Per municipality: decisions, verdicts and findings."""
    rows = sorted(summary.by_municipality, key=lambda b: (-b.decisions, b.key))
    if not rows:
        return _empty("gemeenten", "Per gemeente", "Geen gemeenten in de uitkomsten.")
    table = _breakdown_table(
        "Per gemeente, gesorteerd op aantal beschikkingen; bevindingen zonder signalen",
        "Gemeente",
        "Regio",
        rows,
    )
    return _section("gemeenten", "Per gemeente", table)


def _providers(summary: AuditSummary) -> str:
    """Per provider: the top by decisions, and how many more there are."""
    rows = sorted(summary.by_provider, key=lambda b: (-b.decisions, b.key))
    if not rows:
        return _empty("aanbieders", "Per aanbieder", "Geen aanbieders in de uitkomsten.")
    shown, rest = rows[:TOP_PROVIDERS], rows[TOP_PROVIDERS:]
    caption = (
        f"De {len(shown)} aanbieders met de meeste beschikkingen"
        if rest
        else "Per aanbieder, gesorteerd op aantal beschikkingen"
    ) + "; bevindingen zonder signalen"
    table = _breakdown_table(caption, "AGB-code", "Naam", shown)
    more = ""
    if rest:
        more = (
            f'<p class="more">En nog {_n(len(rest))} aanbieders met samen '
            f"{_n(sum(b.decisions for b in rest))} beschikkingen. Alle aanbieders staan in summary.json.</p>"
        )
    return _section("aanbieders", "Per aanbieder", table + more)


def _month_chart(rows: Sequence[Breakdown]) -> str:
    """Inline SVG stacked columns: decisions per month of start date, split by verdict."""
    width, height = 1040, 300
    left, right, top_pad, bottom = 64, 12, 14, 44
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    peak = max([b.decisions for b in rows] + [1])
    step = _nice_step(peak)
    y_max = step * math.ceil(peak / step)
    slot = plot_w / len(rows)
    col_w = min(44.0, slot * 0.72)
    every = max(1, math.ceil(len(rows) / 24))

    def y(value: float) -> float:
        return top_pad + plot_h * (1 - value / y_max)

    first, last = _month(rows[0].key)[0], _month(rows[-1].key)[0]
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="t-mnd">',
        f'<title id="t-mnd">Beschikkingen per maand van de startdatum, gestapeld per oordeel, '
        f"{_e(first)} {_e(_month(rows[0].key)[1])} tot en met {_e(last)} {_e(_month(rows[-1].key)[1])}; "
        "de cijfers staan in de tabel eronder</title>",
    ]
    tick = 0.0
    while tick <= y_max + 1e-9:
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{"#57606a" if tick == 0 else "#d8dde3"}" stroke-width="1"/>'
            f'<text class="axis" x="{left - 8}" y="{ty + 4:.1f}" text-anchor="end" font-size="12">'
            f"{_n(tick)}</text>"
        )
        tick += step
    for i, b in enumerate(rows):
        x = left + i * slot + (slot - col_w) / 2
        month, year = _month(b.key, short=True)
        tip = f"{_month(b.key)[0]} {year}: {_n(b.decisions)} beschikkingen; " + "; ".join(
            f"{VERDICT_LABEL[v].lower()} {_n(b.verdicts.get(v, 0))}" for v in VERDICTS
        )
        parts.append(f"<g><title>{_e(tip)}</title>")
        base = 0
        for v in VERDICTS:
            count = b.verdicts.get(v, 0)
            if count <= 0:
                continue
            y0, y1 = y(base), y(base + count)
            parts.append(
                f'<rect x="{x:.1f}" y="{y1:.1f}" width="{col_w:.1f}" height="{max(0.0, y0 - y1):.1f}" '
                f'fill="{COLOUR[v]}" stroke="#fff" stroke-width="0.6"/>'
            )
            base += count
        parts.append("</g>")
        if i % every == 0:
            cx = x + col_w / 2
            parts.append(
                f'<text class="axis" x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="12">{_e(month)}</text>'
            )
            if i == 0 or month == "jan" or not year:
                parts.append(
                    f'<text class="axis" x="{cx:.1f}" y="{height - bottom + 31}" text-anchor="middle" '
                    f'font-size="12" font-weight="600">{_e(year)}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def _legend() -> str:
    """The verdict colours, in words."""
    items = "".join(f"<span>{_swatch(v)}{_e(VERDICT_LABEL[v])}</span>" for v in VERDICTS)
    return f'<div class="legend" aria-hidden="true">{items}</div>'


def _months(summary: AuditSummary) -> str:
    """Per month of start date: a stacked column chart and the table behind it."""
    rows = summary.by_month
    if not rows:
        return _empty("maanden", "Per maand", "Geen maanden in de uitkomsten.")
    head = [
        ("Maand", ""),
        ("Beschikkingen", "num"),
        *[(VERDICT_LABEL[v], "num") for v in VERDICTS],
        ("Bevindingen", "num"),
    ]
    body = (
        [
            _e(" ".join(p for p in _month(b.key) if p)),
            _n(b.decisions),
            *[_n(b.verdicts.get(v, 0)) for v in VERDICTS],
            _n(b.findings),
        ]
        for b in rows
    )
    table = _table("Per maand van de startdatum; bevindingen zonder signalen", head, body)
    return _section("maanden", "Per maand (startdatum)", _legend() + _month_chart(rows) + table)


def _offender_name(kind: str, key: str, label: str | None) -> str:
    """A provider by name with its AGB code after it; a municipality by name with its region."""
    if kind == "aanbieder" and label:
        return f'{_e(label)} <span class="muted">· AGB {_e(key)}</span>'
    return _e(key) + (f' <span class="muted">· {_e(label)}</span>' if label else "")


def _offenders(summary: AuditSummary) -> str:
    """Providers and municipalities with the largest share of decisions that do not fit."""
    rows = summary.worst_offenders
    if not rows:
        return _empty("afwijkers", "Grootste afwijkers", "Geen aanbieders of gemeenten met afwijkingen.")
    table = _table(
        "Niet passend = oordeel ‘motivering vereist’ of ‘niet conform’",
        [
            ("Soort", ""),
            ("Naam", ""),
            ("Beschikkingen", "num"),
            ("Niet passend", "num"),
            ("Aandeel", "num"),
        ],
        (
            [
                _e(_label(OFFENDER_KIND, o.kind)),
                _offender_name(o.kind, o.key, o.label),
                _n(o.decisions),
                _n(o.not_fitting),
                _e(_pct(o.share, 1)) + _minibar(o.share, 1),
            ]
            for o in rows
        ),
    )
    return _section("afwijkers", "Grootste afwijkers", table)


def _population(summary: AuditSummary) -> str:
    """Population rules: each figure with the counts that make it, per rule; the region and
    municipalities in a table, the providers in a fold-out table below it."""
    heading = "Populatie: cijfers per regio, gemeente, aanbieder en jaar"
    if not summary.population:
        return _empty("populatie", heading, "Geen beschikkingen die een populatieregel telt.")
    by_rule: dict[str, list[PopulationEntry]] = {}
    for entry in summary.population:
        by_rule.setdefault(entry.rule, []).append(entry)
    parts = [
        '<p class="muted">Elk cijfer is teller / noemer: de noemer telt de beschikkingen waar de regel over '
        "gaat, de teller de beschikkingen die in het cijfer vallen (jaar = jaar van de startdatum). Een "
        "drempel staat er alleen waar het document een getal noemt.</p>"
    ]
    for rule, entries in by_rule.items():
        first = entries[0]
        parts.append(
            f"<h3>{_e(rule)} · {_e(first.title)} "
            f'<span class="muted">({_e(first.source.document)} §{_e(first.source.section)})</span></h3>'
        )
        wide = [e for e in entries if e.scope.provider is None]
        providers = [e for e in entries if e.scope.provider is not None]
        parts.append(_population_table(f"{rule}: regio en gemeenten", wide))
        if providers:
            parts.append(
                f"<details><summary>Per aanbieder ({_n(len(providers))} cijfers)</summary>"
                f"{_population_table(f'{rule}: per aanbieder', providers)}</details>"
            )
    return _section("populatie", heading, "\n".join(parts))


def _population_table(caption: str, entries: Sequence[PopulationEntry]) -> str:
    growth = any(e.compare == "growth" for e in entries)
    head = [("Bereik", ""), ("Jaar", "num"), ("Teller", "num"), ("Noemer", "num"), ("Cijfer", "num")]
    if growth:
        head += [("Vorig jaar", "num"), ("Verschil", "num")]
    head += [("Drempel", "num"), ("Uitkomst", ""), ("Toelichting", "")]

    def row(e: PopulationEntry) -> list[str]:
        cells = [
            _e(e.label),
            _e(e.scope.year),
            _n(e.numerator),
            _n(e.denominator),
            _e(f"{_n(e.numerator)} van {_n(e.denominator)} = {_share(e.value)}"),
        ]
        if growth:
            before = e.previous
            cells += [
                _e(f"{_n(before.numerator)} van {_n(before.denominator)} = {_share(before.value)}")
                if before
                else "—",
                _e(_points(e.growth)) if e.growth is not None else "—",
            ]
        threshold = "—"
        if e.threshold is not None:
            threshold = _points(e.threshold) if e.compare == "growth" else _share(e.threshold)
        cells += [_e(threshold), _e(_label(POPULATION_OUTCOME, e.outcome)), _e(e.message)]
        return cells

    return _table(caption, head, (row(e) for e in entries))


def _share(value: float) -> str:
    return f"{value * 100:.1f}".replace(".", ",") + "%"


def _points(value: float) -> str:
    return f"{value * 100:+.1f}".replace(".", ",") + " procentpunt"


def _errors(summary: AuditSummary) -> str:
    """Rows that could not be assessed, by field, with a pointer to errors.jsonl."""
    rows = sorted(summary.errors_by_field, key=lambda r: (-r.rows, r.field))
    pointer = (
        '<p class="muted">Elke fout staat afzonderlijk, met de plaats in het invoerbestand en de reden, '
        "in <code>errors.jsonl</code> naast dit rapport.</p>"
    )
    if not rows:
        return _empty("fouten", "Fouten per veld", "Geen fouten: elke invoerrij leverde een uitkomst op.")
    table = _table(
        "Invoerrijen die niet beoordeeld konden worden, per veld (een rij kan bij meer velden tellen)",
        [("Veld", ""), ("Rijen", "num"), ("Voorbeeld van de reden", "")],
        ([f"<code>{_e(r.field)}</code>", _n(r.rows), _e(r.example)] for r in rows),
    )
    return _section("fouten", "Fouten per veld", table + pointer)


def _unmapped(summary: AuditSummary) -> str:
    """iJw/iWmo products whose category has no service: rows per category, with the reason."""
    rows = summary.unmapped_categories
    if not rows:
        return ""
    table = _table(
        "Producten uit iJw/iWmo-berichten waarvan de productcategorie geen dienst heeft, per categorie",
        [("Codelijst", ""), ("Categorie", ""), ("Rijen", "num"), ("Reden", "")],
        ([_e(r.code_list), f"<code>{_e(r.category)}</code>", _n(r.rows), _e(r.reason)] for r in rows),
    )
    return _section("categorieen", "Productcategorieën zonder dienst", table)


def _empty(anchor: str, heading: str, text: str) -> str:
    """A section that has nothing to show says so."""
    return _section(anchor, heading, f'<p class="muted">{_e(text)}</p>')


def _section(anchor: str, heading: str, inner: str) -> str:
    """A report section: an anchor for the contents, a level-2 heading, then ready HTML."""
    return (
        f'<section id="{anchor}" aria-labelledby="h-{anchor}">'
        f'<h2 id="h-{anchor}">{_e(heading)}</h2>\n{inner}</section>'
    )


def _short_hash(value: str) -> str:
    """The first 12 characters of a hash, keeping an 'algorithm:' prefix whole."""
    prefix, _, digest = value.rpartition(":")
    return f"{prefix}:{digest[:12]}" if prefix else digest[:12]


def _footer(summary: AuditSummary) -> str:
    """Where the numbers come from."""
    return (
        "<footer>Dit rapport is gemaakt uit <code>summary.json</code> in dezelfde map; beide komen uit "
        f"dezelfde audit (triage {_e(summary.receipt.engine_version)}, regels "
        f"<code>{_e(_short_hash(summary.receipt.rules_version))}</code>).</footer>"
    )


def render_report(summary: AuditSummary) -> str:
    """The whole report as one self-contained HTML page (no network, no scripts)."""
    body = "\n".join(
        [
            _header(summary),
            _reconciliation(summary.totals),
            _receipt(summary.receipt, summary.totals, summary.seconds),
            _verdicts(summary),
            _rules(summary),
            _principles(summary),
            _municipalities(summary),
            _providers(summary),
            _months(summary),
            _offenders(summary),
            _population(summary),
            _errors(summary),
            _unmapped(summary),
            _footer(summary),
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>Auditrapport triage – {_e(_datetime(summary.receipt.generated_at))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
