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
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "bench" / "data"
sys.path.insert(0, str(REPO / "bench"))

from run_audit_bench import TIME, count_lines, machine_probe, tree_rss  # noqa: E402

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
            if not xlsx.exists():
                import polars as pl

                pl.read_csv(csv_file, infer_schema=False, truncate_ragged_lines=True).write_excel(xlsx)
            found.append(("Excel 100k (rows the CSV reader could split)", xlsx, []))
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


def run(path: Path, options: list[str], out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    os.sync()
    time.sleep(1)
    probe = machine_probe()
    command = [sys.executable, "-m", "triage", "audit", str(path), "--out", str(out), *options]
    time_file = out.parent / f"{out.name}.time"
    argv = [str(TIME), "-f", "%M %U %S", "-o", str(time_file), *command] if TIME.exists() else command
    load, peak = os.getloadavg()[0], 0
    began = time.perf_counter()
    process = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def poll() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid, include_root=not TIME.exists()))
            time.sleep(0.2)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - began
    poller.join()
    if process.returncode not in (0,):
        raise SystemExit(f"{command} failed ({process.returncode}):\n{stderr}")
    largest = cpu = None
    if TIME.exists():
        kilobytes, user, system = time_file.read_text().split()[-3:]
        largest, cpu = int(kilobytes) / 1024, float(user) + float(system)
        time_file.unlink()
    totals = json.loads((out / "summary.json").read_text(encoding="utf-8"))["totals"]
    lines = count_lines(out / "outcomes.jsonl") + count_lines(out / "errors.jsonl")
    assert totals["reconciled"] and lines == totals["outcomes"] + totals["errors"], totals
    return {
        "seconds": seconds,
        "rows": totals["input_rows"],
        "set_aside": totals.get("set_aside", 0),
        "tree_mb": peak / 2**20,
        "largest_mb": largest,
        "cpu": cpu,
        "load": load,
        "probe": probe,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per input (median)")
    parser.add_argument("--skip-1m", action="store_true")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    columns = "input | rows | median s | decisions/s | peak RSS, all processes | largest process | CPU s"
    print(f"| {columns} | load before |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    for label, path, options in inputs(args.skip_1m):
        runs = [run(path, options, DATA / "format-out") for _ in range(args.repeat)]
        middle = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
        seconds = statistics.median(r["seconds"] for r in runs)
        largest = f"{middle['largest_mb']:,.0f} MB" if middle["largest_mb"] is not None else "—"
        cpu = f"{middle['cpu']:.1f}" if middle["cpu"] is not None else "—"
        loads = ", ".join(f"{r['load']:.1f}" for r in runs)
        print(
            f"| {label} | {middle['rows']:,} | {seconds:.2f} | {middle['rows'] / seconds:,.0f} | "
            f"{max(r['tree_mb'] for r in runs):,.0f} MB | {largest} | {cpu} | "
            f"{loads} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
