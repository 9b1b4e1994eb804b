"""report.html: escaping, reconciliation, the interrupted banner, no network, and a real browser."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from chromium import needs_chromium, open_in_chromium
from triage.audit.report import TOP_PROVIDERS, render_report
from triage.audit.summary import (
    STATUSES,
    AuditSummary,
    Breakdown,
    ErrorCount,
    InputFile,
    Offender,
    PrincipleCount,
    Receipt,
    RuleCount,
    Totals,
)

EVIL = "<script>alert(1)</script>"


def _verdicts(total: int, shares: tuple[float, float, float]) -> dict[str, int]:
    """Split `total` decisions over the four verdicts; conform takes the rest."""
    exc, mot, niet = (round(total * s) for s in shares)
    return {
        "conform": total - exc - mot - niet,
        "conform_met_uitzondering": exc,
        "motivering_vereist": mot,
        "niet_conform": niet,
    }


def _summary(**changes: object) -> AuditSummary:
    """A realistic summary of a million-row audit over a region's exports."""
    input_rows, errors = 1_000_000, 1_234
    outcomes = input_rows - errors
    verdicts = _verdicts(outcomes, (0.061, 0.083, 0.027))
    municipalities = [
        ("Zwolle", 312_400),
        ("Kampen", 121_050),
        ("Deventer", 268_900),
        ("Raalte", 88_200),
        ("Dalfsen", 64_800),
        ("Hardenberg", 143_416),
    ]
    municipalities[-1] = ("Hardenberg", outcomes - sum(n for _, n in municipalities[:-1]))
    by_municipality = [
        Breakdown(
            key=name,
            label="IJsselland" if i < 4 else "Vechtdal",
            decisions=n,
            verdicts=_verdicts(n, (0.05 + i / 200, 0.07 + i / 100, 0.02 + i / 300)),
            findings=round(n * (0.11 + i / 60)),
        )
        for i, (name, n) in enumerate(municipalities)
    ]
    provider_names = [EVIL, "Zorggroep De Linde B.V.", "Jeugdhulp & Co", "Stichting 'Samen Verder'"]
    provider_names += [f"Aanbieder {i:03d}" for i in range(4, 80)]
    by_provider = []
    for i, name in enumerate(provider_names):
        n = 80_000 // (i + 1) + 500
        by_provider.append(
            Breakdown(
                key=f"{98_000_000 + 137 * i:08d}",
                label=name,
                decisions=n,
                verdicts=_verdicts(n, (0.05, 0.06 + (i % 7) / 50, 0.02 + (i % 5) / 40)),
                findings=round(n * 0.15),
            )
        )
    months = [f"{2026 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}" for m in range(3, 17)]
    per_month = outcomes // len(months)
    by_month = [
        Breakdown(
            key=key,
            label=None,
            decisions=per_month + (outcomes - per_month * len(months) if i == len(months) - 1 else 0),
            verdicts=_verdicts(per_month, (0.06, 0.08 - i / 500, 0.03)),
            findings=round(per_month * 0.13),
        )
        for i, key in enumerate(months)
    ]
    rules = [
        ("ZOU-5.4-max-uren", "Meer uren dan het maximum voor dit product", "P3", "ZOU-2027 §5.4"),
        ("ZOU-3.1-netwerk", "Eigen netwerk niet betrokken", "P1", "ZOU-2027 §3.1"),
        ("ZOU-6.2-looptijd", "Looptijd langer dan twaalf maanden", "P4", "ZOU-2027 §6.2"),
        ("ZOU-4.3-contract", "Aanbieder zonder contract voor dit product", "P2", "Inkoopkader 2027 §4.3"),
        ("ZOU-2.2-verwijzer", "Verwijzer ontbreekt bij jeugdhulp", "P2", "ZOU-2027 §2.2"),
    ]
    by_rule = [
        RuleCount(
            rule=rule,
            title=title,
            principle=principle,
            region="IJsselland",
            source=source,
            applied=outcomes - 40_000 * i,
            findings=f,
            outcomes={
                "signaal": f // 5,
                "conform_met_uitzondering": f // 5,
                "motivering_vereist": f // 3,
                "niet_conform": f - f // 5 - f // 5 - f // 3,
            },
        )
        for i, ((rule, title, principle, source), f) in enumerate(
            zip(rules, [21_300, 64_020, 3_150, 40_800, 9_900], strict=True)
        )
    ]
    by_principle = [
        PrincipleCount(
            principle=p,
            name=name,
            findings=f,
            outcomes={"motivering_vereist": f // 2, "niet_conform": f - f // 2},
        )
        for p, name, f in [
            ("P1", "Eigen kracht en netwerk eerst", 64_020),
            ("P2", "Alleen gecontracteerde zorg", 50_700),
            ("P3", "Passend, niet meer dan nodig", 21_300),
            ("P4", "Tijdelijk waar het kan", 3_150),
        ]
    ]
    fields = dict(
        status="voltooid",
        receipt=Receipt(
            engine_version="0.1.0",
            rules_version="sha256:9f2c4e71b0d35a8e6c1f0a9b7d2e4c6a8b0d1e3f5a7c9e1b3d5f7a9c1e3b5d7f",
            rules_in_force_on="per beschikking",
            generated_at=dt.datetime(2027, 3, 14, 9, 26, 53, tzinfo=dt.UTC),
            inputs=[
                InputFile(path="export/ijsselland-2026.csv", format="csv", sha256="a" * 64, rows=640_000),
                InputFile(path="export/vechtdal-2026.xlsx", format="xlsx", sha256="b" * 64, rows=360_000),
            ],
            pseudonymisation=(
                "BSN's in meldingen zijn vervangen door een pseudoniem met een geheime sleutel (HMAC-SHA256)."
            ),
        ),
        totals=Totals(input_rows=input_rows, outcomes=outcomes, errors=errors, reconciled=True),
        verdicts=verdicts,
        priorities={"crisis": 4_210, "voorrang": 61_880, "regulier": outcomes - 4_210 - 61_880},
        by_rule=by_rule,
        by_principle=by_principle,
        by_municipality=by_municipality,
        by_provider=by_provider,
        by_month=by_month,
        worst_offenders=[
            Offender(
                kind="aanbieder", key="98000137", label=EVIL, decisions=40_500, not_fitting=9_720, share=0.24
            ),
            Offender(
                kind="gemeente",
                key="Raalte",
                label="IJsselland",
                decisions=88_200,
                not_fitting=11_907,
                share=0.135,
            ),
        ],
        errors_by_field=[
            ErrorCount(
                field="start_date", rows=811, example="regel 17: start_date '31-02-2026' is geen datum"
            ),
            ErrorCount(field="volume.amount", rows=423, example="rij 5: volume.amount 'veel' is geen getal"),
        ],
        seconds=125.4,
    )
    fields.update(changes)
    return AuditSummary(**fields)


def test_provider_names_are_escaped() -> None:
    page = render_report(_summary())
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Jeugdhulp &amp; Co" in page
    assert "Stichting &#39;Samen Verder&#39;" in page  # Jinja's escaping, as on the web page


def test_every_text_from_the_summary_is_escaped() -> None:
    base = _summary()
    evil_breakdown = Breakdown(
        key=EVIL, label=EVIL, decisions=10, verdicts={EVIL: 3, "conform": 7}, findings=1
    )
    rule = base.by_rule[0].model_copy(
        update={"rule": EVIL, "title": EVIL, "principle": EVIL, "region": EVIL, "source": EVIL}
    )
    receipt = base.receipt.model_copy(
        update={
            "engine_version": EVIL,
            "rules_version": EVIL,
            "rules_in_force_on": EVIL,
            "pseudonymisation": EVIL,
            "inputs": [InputFile(path=EVIL, format=EVIL, sha256=EVIL, rows=1)],
        }
    )
    page = render_report(
        _summary(
            status=EVIL,
            receipt=receipt,
            verdicts={EVIL: 1, "conform": 2},
            priorities={EVIL: 1},
            by_rule=[rule],
            by_principle=[PrincipleCount(principle=EVIL, name=EVIL, findings=1, outcomes={EVIL: 1})],
            by_municipality=[evil_breakdown],
            by_provider=[evil_breakdown],
            by_month=[evil_breakdown],
            worst_offenders=[
                Offender(kind=EVIL, key=EVIL, label=EVIL, decisions=1, not_fitting=1, share=1.0)
            ],
            errors_by_field=[ErrorCount(field=EVIL, rows=1, example=EVIL)],
        )
    )
    assert "<script" not in page.lower()
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 20


def test_reconciliation_adds_up() -> None:
    page = render_report(_summary())
    assert "✓ klopt" in page and "✗ klopt niet" not in page
    assert "1.000.000" in page and "998.766" in page and "1.234" in page


def test_reconciliation_fails_when_totals_do_not_add_up() -> None:
    totals = Totals(input_rows=1_000_000, outcomes=998_000, errors=1_234, reconciled=False)
    page = render_report(_summary(totals=totals))
    assert "✗ klopt niet" in page and "✓ klopt" not in page
    assert "766 rijen zonder uitkomst of fout" in page


def test_reconciliation_does_not_trust_the_flag_alone() -> None:
    totals = Totals(input_rows=1_000_000, outcomes=998_000, errors=1_234, reconciled=True)
    assert "✗ klopt niet" in render_report(_summary(totals=totals))


@pytest.mark.parametrize("status", ["onderbroken", "onvolledig", "mislukt"])
def test_a_run_that_is_not_complete_says_so_in_a_banner(status: str) -> None:
    assert "Status: " not in render_report(_summary())
    page = render_report(_summary(status=status))
    assert f"Status: {status}." in page
    assert html.escape(STATUSES[status]) in page


def test_long_provider_list_is_cut_with_a_note() -> None:
    page = render_report(_summary())
    assert "Aanbieder 049" in page and "Aanbieder 050" not in page
    assert f"En nog {80 - TOP_PROVIDERS} aanbieders" in page


def test_findings_per_rule_sorted_by_findings() -> None:
    page = render_report(_summary())
    order = [page.index(r) for r in ("ZOU-3.1-netwerk", "ZOU-4.3-contract", "ZOU-5.4-max-uren")]
    assert order == sorted(order)


def test_page_references_nothing_on_the_network() -> None:
    page = render_report(_summary())
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", page, re.I)
    assert "<script" not in page.lower() and "<link" not in page.lower()


def test_page_is_accessible_in_structure() -> None:
    page = render_report(_summary())
    assert '<html lang="nl">' in page
    assert page.count("<table>") == page.count("<caption>")
    assert 'scope="col"' in page and 'scope="row"' in page
    assert page.count("<svg") == page.count('role="img"') >= 2


@needs_chromium
def test_report_in_headless_chromium(tmp_path: Path) -> None:
    """Open the page in Debian's Chromium: nothing leaves the page, no errors, key numbers visible."""
    report = tmp_path / "report.html"
    report.write_text(render_report(_summary(status="onderbroken")), encoding="utf-8")
    page = open_in_chromium(report, "report.png")
    blocked, requests, errors = page.blocked, page.requests, page.errors
    text, heading = page.text, page.heading
    artifacts = page.screenshot.parent

    assert blocked == [], f"the page tried to reach the network: {blocked}"
    assert all(u.startswith("file://") for u in requests), requests
    assert errors == []
    assert "Auditrapport triage" in heading
    assert "Status: onderbroken." in text
    for shown in ("1.000.000", "998.766", "1.234", "✓ klopt", "invoerrijen", "uitkomsten", "fouten"):
        assert shown in text, shown
    assert EVIL in text  # shown as text, not run
    assert (artifacts / "report.png").stat().st_size > 10_000


def test_population_figures_per_provider_are_cut_with_signals_first() -> None:
    from triage.population.figures import PopulationEntry, Scope, SourceCite

    def entry(provider: str | None, denominator: int, outcome: str) -> PopulationEntry:
        scope = Scope(region="zuidoost-utrecht", year=2027)
        if provider is not None:
            scope["provider"] = provider
        return PopulationEntry(
            rule="ZOU-POP-01",
            principle="groepsaanbod-tenzij",
            scope=scope,
            measure="share_group",
            numerator=1,
            denominator=denominator,
            value=round(1 / denominator, 4),
            threshold=0.8,
            outcome=outcome,
            message="Cijfer.",
            source=SourceCite(document="ZOU-2027", section="5.3"),
            title="Groepsaanbod",
            label=f"Aanbieder {provider}" if provider else "Regio Zuidoost Utrecht",
            compare="share",
            previous=None,
            growth=None,
            remedy=None,
        )

    # 120 providers: two with a signal and small populations, the rest larger, without one
    providers = [entry(f"{10_000_000 + n}", 2 + n, "conform") for n in range(118)]
    providers += [entry("20000001", 1, "signaal"), entry("20000002", 1, "signaal")]
    page = render_report(_summary(population=[entry(None, 5_000, "conform"), *providers]))
    assert "Per aanbieder (120 cijfers)" in page
    assert "Aanbieder 20000001" in page and "Aanbieder 20000002" in page  # signals first
    assert "Aanbieder 10000117" in page  # then the largest populations
    assert "Aanbieder 10000000" not in page
    assert f"En nog {120 - TOP_PROVIDERS} cijfers per aanbieder;" in page
    assert "Alle cijfers staan in summary.json (population)." in page
