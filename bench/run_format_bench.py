"""Benchmark `triage audit` per input format: the same decisions as CSV, JSON Lines and Excel,
and a series of iJw/iWmo messages (a folder and a .zip of single-message files).

    python bench/run_format_bench.py                   # 100k per format, 1M CSV and JSON Lines
    python bench/run_format_bench.py --skip-1m --repeat 1

Inputs (generated once into bench/data/, fixed seeds): `audit-<N>.csv` and `audit-<N>.jsonl`
(`generate_audit_input.py`: the same decisions, the same 1% of rows broken), `audit-100k.xlsx`
(the 100k CSV's rows, written by polars), and `series-20k/` + `series-20k.zip`
(`generate_ijw_series.py`: 20,000 single-message JW301/WMO301 files; these are other decisions,
as a toewijzing cannot hold every field of the decision format). Each run is its own
`triage audit` process (after `sync`), measured as in `run_audit_bench.py`: wall time, input
rows per second, peak RSS summed over the process tree and of the largest process, CPU
seconds, the load average just before; every run must reconcile. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "bench" / "data"
OUT = DATA / "format-out"
sys.path.insert(0, str(REPO / "bench"))

from run_audit_bench import Config, Run, count_lines, run_once  # noqa: E402

SEED, BROKEN = 20261122, 0.01


def inputs(skip_1m: bool) -> list[tuple[str, Path, list[str]]]:
    """(label, path, extra options) of every configuration, generating what is missing."""
    from generate_audit_input import write_csv, write_jsonl
    from generate_ijw_series import write_series, zip_folder

    found = []
    for count, size in ((100_000, "100k"), (1_000_000, "1m")):
        if size == "1m" and skip_1m:
            continue
        csv_file, jsonl_file = DATA / f"audit-{size}.csv", DATA / f"audit-{size}.jsonl"
        if not csv_file.exists():
            write_csv(csv_file, count, SEED, BROKEN)
        if not jsonl_file.exists():
            write_jsonl(jsonl_file, count, SEED, broken_share=BROKEN)
        found += [(f"CSV {size}", csv_file, []), (f"JSON Lines {size}", jsonl_file, [])]
        if size == "100k":
            xlsx = DATA / "audit-100k.xlsx"
            if not xlsx.exists():  # the same decisions, none broken (a CSV line cannot break in Excel)
                import polars as pl

                clean = DATA / "audit-100k-clean.csv"
                write_csv(clean, count, SEED, 0.0)
                pl.read_csv(clean, infer_schema=False).write_excel(xlsx)
            found.append(("Excel 100k (the same decisions, none broken)", xlsx, []))
    series = DATA / "series-20k"
    if not series.exists():
        write_series(20_000, series)
        zip_folder(series)
    key = DATA / "series.key"
    key.write_text("sleutel voor de benchmark", encoding="utf-8")
    message_options = ["--pseudonym-key-file", str(key)]
    found += [
        ("iJw/iWmo series: folder of 20,000 messages", series, message_options),
        ("iJw/iWmo series: .zip of 20,000 messages", series.with_suffix(".zip"), message_options),
        ("iJw/iWmo series: folder, --latest-only", series, [*message_options, "--latest-only"]),
    ]
    return found


def run(label: str, path: Path, options: list[str], rows: int) -> Run:
    """One `triage audit` process, measured by `run_audit_bench.run_once`."""
    command = [sys.executable, "-m", "triage", "audit", str(path), "--out", str(OUT), *options]
    return run_once(Config(label, "fast", os.cpu_count() or 1, label), command, OUT, rows)


def input_rows(path: Path) -> int:
    """The rows an audit of `path` counts: lines of a CSV (less the header) or JSON Lines,
    Excel rows, products of a series of messages."""
    if path.suffix == ".csv":
        return count_lines(path) - 1
    if path.suffix == ".jsonl":
        return count_lines(path)
    if path.suffix == ".xlsx":
        import polars as pl

        return pl.read_excel(path).height
    if path.is_dir():
        return sum(p.read_bytes().count(b"<m:ToegewezenProduct>") for p in sorted(path.iterdir()))
    with zipfile.ZipFile(path) as archive:
        return sum(archive.read(name).count(b"<m:ToegewezenProduct>") for name in archive.namelist())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per input (median)")
    parser.add_argument("--skip-1m", action="store_true")
    parser.add_argument("--only", help="only the inputs whose label holds this text")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    columns = "input | rows | median s | decisions/s | peak RSS, all processes | largest process | CPU s"
    print(f"| {columns} | load before |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    for label, path, options in inputs(args.skip_1m):
        if args.only and args.only not in label:
            continue
        rows = input_rows(path)
        runs = [run(label, path, options, rows) for _ in range(args.repeat)]
        assert all(r.reconciled for r in runs), [r.note for r in runs]
        middle = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
        seconds = statistics.median(r.seconds for r in runs)
        largest = f"{middle.largest_mb:,.0f} MB" if middle.largest_mb is not None else "—"
        cpu = f"{middle.cpu_seconds:.1f}" if middle.cpu_seconds is not None else "—"
        loads = ", ".join(f"{r.load:.1f}" for r in runs)
        print(
            f"| {label} | {rows:,} | {seconds:.2f} | {rows / seconds:,.0f} | "
            f"{max(r.tree_mb for r in runs):,.0f} MB | {largest} | {cpu} | {loads} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
