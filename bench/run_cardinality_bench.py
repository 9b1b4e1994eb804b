"""Does the audit's cost depend on how many distinct values a column holds?

    python bench/run_cardinality_bench.py               # 100,000 rows, 3 runs per file
    python bench/run_cardinality_bench.py --rows 20000 --repeat 1

The same generated decisions (`generate_audit_input.py`, 1% broken) are written once per
column and cardinality: the provider ids, client ids, goals or decision ids replaced by
`--few` (400) distinct values taken in turn, or by one distinct value per row. Each file is
audited by its own `triage audit` process (after `sync`); the script prints, per column, the
median wall time with few and with many distinct values and their ratio (the target: at most
1.3), and checks that every run reconciles. The values look like the real ones: eight-digit
AGB codes (never a possible BSN: those have nine digits or pass the elfproef, and the codes
here are chosen to fail it), pseudonymous client ids, goals as text, decision ids as
`XX-2027-0000000`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "bench" / "data"
sys.path.insert(0, str(REPO / "bench"))


def _agb(n: int) -> str:
    """An eight-digit AGB-like code that is no possible BSN (fails the elfproef)."""
    for candidate in range(n * 11, n * 11 + 11):
        digits = f"{10_000_000 + candidate % 89_999_999:08d}"
        padded = "0" + digits
        if sum(int(d) * w for d, w in zip(padded, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True)) % 11:
            return digits
    raise AssertionError(n)


def _values(column: str, count: int) -> list[str]:
    if column == "provider.id":
        return [_agb(n) for n in range(count)]
    if column == "client.id":
        return [f"c-{n:07d}" for n in range(count)]
    if column == "goals":
        return [f"Doel nummer {n}; Nog een doel {n % 7}" for n in range(count)]
    return [f"ZZ-2027-{n:07d}" for n in range(count)]


COLUMNS = ("provider.id", "client.id", "goals", "id")


def write_variants(rows: int, few: int) -> dict[tuple[str, str], Path]:
    """The base file and one file per column and cardinality."""
    from generate_audit_input import write_csv

    base = DATA / f"cardinality-{rows}.csv"
    if not base.exists():
        write_csv(base, rows, seed=20261122, broken_share=0.01)
    header, *lines = base.read_text(encoding="utf-8").splitlines(keepends=True)
    columns = next(csv.reader([header]))
    paths = {}
    for column in COLUMNS:
        for label, distinct in (("few", few), ("many", rows)):
            path = DATA / f"cardinality-{rows}-{column}-{label}.csv"
            paths[column, label] = path
            if path.exists():
                continue
            values = _values(column, distinct)
            position = columns.index(column)
            buffer = io.StringIO()
            buffer.write(header)
            writer = csv.writer(buffer, lineterminator="\n")
            for index, line in enumerate(lines):
                cells = next(csv.reader([line]))
                if len(cells) != len(columns) or line.count('"') % 2:  # a broken line stays as it is
                    buffer.write(line)
                    continue
                cells[position] = values[index % distinct]
                writer.writerow(cells)
            path.write_text(buffer.getvalue(), encoding="utf-8")
    return paths


def audit(path: Path, out: Path) -> tuple[float, dict]:
    subprocess.run(["sync"], check=False)
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "triage", "audit", str(path), "--out", str(out)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    seconds = time.perf_counter() - began
    return seconds, json.loads((out / "summary.json").read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--few", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--columns", nargs="*", default=list(COLUMNS), choices=COLUMNS)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    paths = write_variants(args.rows, args.few)
    print(f"{args.rows:,} rows, {args.few} vs {args.rows:,} distinct values; load {os.getloadavg()[0]:.2f}")
    print("| column | few: median s | many: median s | ratio | runs |")
    print("|---|--:|--:|--:|---|")
    worst = 0.0
    for column in args.columns:
        times: dict[str, list[float]] = {"few": [], "many": []}
        for _ in range(args.repeat):
            for label in ("few", "many"):  # alternating, so that a slow moment hits both
                seconds, summary = audit(paths[column, label], DATA / "cardinality-out")
                assert summary["totals"]["reconciled"], (column, label)
                times[label].append(seconds)
        few, many = statistics.median(times["few"]), statistics.median(times["many"])
        worst = max(worst, many / few)
        runs = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(times["few"], times["many"], strict=True))
        print(f"| {column} | {few:.2f} | {many:.2f} | {many / few:.2f} | {runs} |")
    print(f"worst ratio {worst:.2f} (target at most 1.3); load {os.getloadavg()[0]:.2f}")
    return 0 if worst <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
