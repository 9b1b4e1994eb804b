"""Benchmark `triage audit`: the plain-Python baseline, durable_rules and the fast path, in one go.

    python bench/run_audit_bench.py            # all six configurations (needs about 5 minutes)
    python bench/run_audit_bench.py --quick    # without the 1,000,000-row run
    python bench/run_audit_bench.py --repeat 3 # median of three runs per configuration
    python bench/run_audit_bench.py --repeat-1m 5  # median of five runs of the 1M configuration

Generates `bench/data/audit-100k.csv` and `bench/data/audit-1m.csv` if missing (seed 20261122,
1% broken rows), runs every configuration as its own `triage audit` subprocess and writes a
Markdown table to `bench/results/audit-<UTC date>-<HHMM>.md` (and prints it).

Per run: wall time (time.perf_counter around the subprocess, so start-up, rule loading and
writing every output file included), decisions/s (input rows / wall time), and peak memory
two ways: the sum of RSS over the whole process tree (polled from /proc every 0.2 s; shared
copy-on-write pages count once per process, so an upper bound; this is the "peak RSS" column)
and the max RSS of the largest single process (`/usr/bin/time -f %M`, if present); the CPU
time of all its processes (user + system, `/usr/bin/time`); and, just before it, the CPU time
of a fixed Python loop (`machine_probe`), because this machine's speed drifts. Reconciled
means input rows == lines in outcomes.jsonl + lines in errors.jsonl == what summary.json says.
The outcomes.jsonl of the five 100k configurations must be identical line for line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from itertools import zip_longest
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "bench" / "data"
RESULTS = REPO / "bench" / "results"
SEED = 20261122
BROKEN = 0.01
INPUTS = {"100k": 100_000, "1m": 1_000_000}
TIME = Path("/usr/bin/time")
PAGE = os.sysconf("SC_PAGE_SIZE")
TARGET_RATE, TARGET_MEMORY_MB = 100_000, 2048  # the target for the 1M fast run


@dataclass
class Config:
    """One benchmark configuration: a `triage audit` invocation."""

    name: str
    engine: str
    workers: int
    size: str  # key of INPUTS

    @property
    def slug(self) -> str:
        return f"{self.engine}-w{self.workers}-{self.size}"


@dataclass
class Run:
    """What one subprocess measured."""

    load: float  # 1-minute load average just before the run
    probe: float  # CPU seconds of `machine_probe` just before the run: the machine's speed then
    seconds: float
    cpu_seconds: float | None  # user + system time of the run's processes (`/usr/bin/time`)
    tree_mb: float
    largest_mb: float | None
    totals: dict
    reconciled: bool
    note: str = ""
    waits: tuple[float, float] | None = None  # the machine's iowait and steal seconds during the run


@dataclass
class Result:
    """A configuration with its (median) measurements."""

    config: Config
    command: list[str]
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def rate(self) -> float:
        return INPUTS[self.config.size] / self.seconds

    @property
    def cpu_seconds(self) -> float | None:
        known = [run.cpu_seconds for run in self.runs if run.cpu_seconds is not None]
        return statistics.median(known) if known else None


def machine_ticks() -> list[int] | None:
    """The machine's CPU time counters (`/proc/stat`, in clock ticks), where there are any."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            return [int(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None


def machine_waits(before: list[int] | None) -> tuple[float, float] | None:
    """Seconds of CPU time, summed over the CPUs, that the machine spent waiting for the
    disk (iowait) and that the host gave to others (steal) since `before`: a run that took
    long for either reason shows it here."""
    after = machine_ticks()
    if before is None or after is None or len(after) < 8:
        return None
    tick = os.sysconf("SC_CLK_TCK")
    return (after[4] - before[4]) / tick, (after[7] - before[7]) / tick


def machine_probe() -> float:
    """CPU seconds of a fixed pure-Python loop (about a second): this machine's speed varies
    by ±10–15% within minutes, so every run records how fast it was just before."""
    began = time.process_time()
    sum(i * i for i in range(10**7))
    return time.process_time() - began


def configs(workers: int, quick: bool) -> list[Config]:
    """The six configurations of the issue (five with --quick)."""
    found = [
        Config("plain Python (baseline)", "python", 1, "100k"),
        Config("durable_rules, 1 worker", "durable", 1, "100k"),
        Config(f"durable_rules, {workers} workers", "durable", workers, "100k"),
        Config("fast path, 1 worker", "fast", 1, "100k"),
        Config(f"fast path, {workers} workers", "fast", workers, "100k"),
    ]
    if not quick:
        found.append(Config(f"fast path, {workers} workers", "fast", workers, "1m"))
    return found


def input_path(size: str) -> Path:
    """The CSV for a size key, generated (fixed seed, 1% broken) if missing."""
    path = DATA / f"audit-{size}.csv"
    if not path.exists():
        generator = REPO / "bench" / "generate_audit_input.py"
        command = [sys.executable, str(generator), str(INPUTS[size]), str(path)]
        subprocess.run([*command, "--seed", str(SEED), "--broken", str(BROKEN)], check=True)
    return path


def triage_executable() -> str:
    """The `triage` script of the interpreter running this benchmark (falls back to PATH)."""
    local = Path(sys.executable).parent / "triage"
    return str(local) if local.exists() else shutil.which("triage") or "triage"


def tree_rss(root: int, include_root: bool) -> int:
    """Sum of RSS in bytes over `root`'s descendants (and `root` itself if asked), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat[stat.rfind(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    pids, todo = ([root] if include_root else []), list(children.get(root, []))
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def count_lines(path: Path) -> int:
    """Newlines in a file, read in 16 MB blocks."""
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            count += block.count(b"\n")
    return count


@dataclass
class Measured:
    """What one subprocess cost (see `measure`)."""

    load: float
    probe: float
    seconds: float
    cpu_seconds: float | None
    tree_mb: float
    largest_mb: float | None
    waits: tuple[float, float] | None


def measure(command: list[str], time_file: Path, name: str) -> Measured:
    """Run a command as its own process, after `sync` and a `machine_probe`, and measure it:
    wall time, CPU time and the largest process's memory (`/usr/bin/time`, written to
    `time_file`), peak memory over the process tree; stop (naming it) if it fails."""
    # the previous run's output (about 1 GB for the 1M run) is written back to disk first,
    # so that its write-back does not run during this one
    os.sync()
    time.sleep(1)
    probe = machine_probe()
    wrapped = TIME.exists()
    argv = [str(TIME), "-f", "%M %U %S", "-o", str(time_file), *command] if wrapped else command
    peak, load = 0, os.getloadavg()[0]
    ticks = machine_ticks()
    began = time.perf_counter()
    process = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def poll() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid, include_root=not wrapped))
            time.sleep(0.2)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - began
    waits = machine_waits(ticks)
    poller.join()
    if process.returncode != 0:
        raise SystemExit(f"{name} failed ({process.returncode}):\n{stderr}")
    largest = cpu = None
    if wrapped:
        kilobytes, user, system = time_file.read_text().split()[-3:]
        largest, cpu = int(kilobytes) / 1024, float(user) + float(system)
        time_file.unlink()
    return Measured(load, probe, seconds, cpu, peak / 2**20, largest, waits)


def run_once(config: Config, command: list[str], out: Path, rows: int | None = None) -> Run:
    """Run one `triage audit` subprocess and measure it (`rows`: the input rows, when the
    configuration's size is not one of `INPUTS`)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cost = measure(command, out.parent / f"{out.name}.time", shlex.join(command))
    totals = json.loads((out / "summary.json").read_text(encoding="utf-8"))["totals"]
    outcomes, errors = count_lines(out / "outcomes.jsonl"), count_lines(out / "errors.jsonl")
    rows = INPUTS[config.size] if rows is None else rows
    reconciled = (
        totals["reconciled"]
        and rows == totals["input_rows"] == outcomes + errors + totals.get("set_aside", 0)
        and (outcomes, errors) == (totals["outcomes"], totals["errors"])
    )
    note = "" if reconciled else f"files: {outcomes} outcomes + {errors} errors; summary: {totals}"
    return Run(
        cost.load,
        cost.probe,
        cost.seconds,
        cost.cpu_seconds,
        cost.tree_mb,
        cost.largest_mb,
        totals,
        reconciled,
        note,
        cost.waits,
    )


def same_json(one: str | None, other: str | None) -> bool:
    """Whether two lines hold the same JSON value (False if either is missing or not JSON)."""
    try:
        return one is not None and other is not None and json.loads(one) == json.loads(other)
    except ValueError:
        return False


def first_difference(left: Path, right: Path) -> str | None:
    """None if the two files are identical; else the first line whose JSON value differs or,
    if every line parses to the same value, the first line that differs in bytes only."""
    if filecmp.cmp(left, right, shallow=False):
        return None
    bytes_only = None
    with left.open(encoding="utf-8") as a, right.open(encoding="utf-8") as b:
        for number, (one, other) in enumerate(zip_longest(a, b), start=1):
            if one == other:
                continue
            if same_json(one, other):
                bytes_only = bytes_only or number
                continue
            show = [repr((line or "<end of file>").rstrip("\n")[:200]) for line in (one, other)]
            return f"line {number}: {show[0]} vs {show[1]}"
    return f"same JSON on every line, formatted differently (first at line {bytes_only})"


def compare_outcomes(results: list[Result], work: Path) -> str:
    """'identical' if the 100k runs wrote the same outcomes.jsonl, else the first difference."""
    runs = [result for result in results if result.config.size == "100k"]
    reference = work / runs[0].config.slug / "outcomes.jsonl"
    notes = []
    for result in runs[1:]:
        difference = first_difference(reference, work / result.config.slug / "outcomes.jsonl")
        if difference:
            notes.append(f"{runs[0].config.name} vs {result.config.name}: {difference}")
    return "identical" if not notes else "NOT identical: " + "; ".join(notes)


def machine() -> list[str]:
    """CPU, Python, polars and the git commit (with a mark if src/ has uncommitted changes)."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    python = subprocess.run([sys.executable, "-V"], capture_output=True, text=True).stdout.strip()

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()

    dirty = " + uncommitted changes in src/" if git("status", "--porcelain", "--", "src") else ""
    return [
        f"CPUs: {os.cpu_count()} ({cpu})",
        f"Python: {python}; polars {version('polars')}; durable-rules {version('durable-rules')}",
        f"git: {git('rev-parse', 'HEAD')}{dirty}",
    ]


def table(results: list[Result], outcome_note: str, repeat: int, setup: list[str]) -> str:
    """The Markdown report: table, notes, machine (`setup`: as it was at the start) and commands."""
    baseline = results[0].rate
    lines = [
        "| configuration | rows | seconds | decisions/s | × baseline | CPU s | peak RSS (tree sum) "
        "| largest process | reconciled |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for result in results:
        runs = result.runs
        largest = [run.largest_mb for run in runs if run.largest_mb is not None]
        lines.append(
            f"| {result.config.name} | {INPUTS[result.config.size]:,} | {result.seconds:.2f} "
            f"| {result.rate:,.0f} | {result.rate / baseline:.1f} "
            f"| {f'{result.cpu_seconds:.1f}' if result.cpu_seconds is not None else '—'} "
            f"| {max(r.tree_mb for r in runs):,.0f} MB "
            f"| {f'{max(largest):,.0f} MB' if largest else '—'} "
            f"| {'yes' if all(r.reconciled for r in runs) else 'NO'} |"
        )
    notes = [
        "Seconds: wall time of the whole `triage audit` process, median of its runs (each run "
        "after `sync`); "
        "decisions/s = input rows / seconds. Peak RSS (tree sum): RSS summed over all processes of "
        "the run, polled every 0.2 s (shared pages counted per process: an upper bound), maximum "
        "over the runs; largest process: `/usr/bin/time -f %M`. CPU s: user + system time of all "
        "the run's processes (`/usr/bin/time`), median of its runs.",
        f"outcomes.jsonl of the 100k configurations: {outcome_note}",
        "1-minute load average before each run (other work on the machine skews the figures): "
        + ", ".join(f"{run.load:.1f}" for result in results for run in result.runs),
        "Machine speed just before each run (CPU seconds of a fixed Python loop, `machine_probe`; "
        "lower is faster): " + ", ".join(f"{run.probe:.2f}" for result in results for run in result.runs),
        "The machine's waits during each run (CPU seconds over both CPUs from `/proc/stat`: waiting "
        "for the disk / taken by the host): "
        + ", ".join(
            f"{run.waits[0]:.2f}/{run.waits[1]:.2f}" if run.waits else "?"
            for result in results
            for run in result.runs
        ),
    ]
    notes += [
        f"{r.config.name} ({INPUTS[r.config.size]:,} rows), every run: "
        + ", ".join(
            f"{run.seconds:.2f} s"
            + (
                f" ({run.cpu_seconds:.1f} CPU s, probe {run.probe:.2f})"
                if run.cpu_seconds is not None
                else ""
            )
            for run in r.runs
        )
        for r in results
        if len(r.runs) > 1
    ]
    notes += [f"{r.config.name}: {run.note}" for r in results for run in r.runs if run.note]
    target = next((r for r in results if r.config.size == "1m"), None)
    if target:
        memory = max(run.tree_mb for run in target.runs)
        met = target.rate >= TARGET_RATE and memory < TARGET_MEMORY_MB
        notes.append(
            f"Target (1M fast, ≥{TARGET_RATE:,}/s and < 2 GB): {'met' if met else 'NOT met'} "
            f"({target.rate:,.0f}/s, {memory:,.0f} MB)"
        )
    now = machine()
    if now != setup:
        notes.append(f"The checkout changed during the benchmark; at the end: {now[-1]}")
    commands = [f"    {shlex.join(result.command)}" for result in results]
    return "\n".join(
        [
            f"# triage audit benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
            "",
            *lines,
            "",
            *[f"- {note}" for note in notes],
            "",
            "Machine:",
            "",
            *[f"- {line}" for line in setup],
            "",
            f"Inputs: `bench/generate_audit_input.py N bench/data/audit-<size>.csv --seed {SEED} "
            f"--broken {BROKEN}`. Commands (in this order, each a separate process):",
            "",
            *commands,
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1,000,000-row run")
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration (median)")
    parser.add_argument(
        "--repeat-1m", type=int, default=None, help="runs of the 1,000,000-row configuration (median)"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="N (default: CPUs)")
    parser.add_argument("--work", type=Path, default=DATA / "runs", help="output folders of the runs")
    args = parser.parse_args(argv)
    began, setup = time.perf_counter(), machine()
    results = []
    for config in configs(args.workers, args.quick):
        out = args.work.resolve() / config.slug
        shown = out.relative_to(REPO) if out.is_relative_to(REPO) else out
        command = [
            triage_executable(), "audit", str(input_path(config.size).relative_to(REPO)),
            "--out", str(shown), "--workers", str(config.workers), "--engine", config.engine,
        ]  # fmt: skip
        result = Result(config, command)
        repeat = args.repeat_1m if config.size == "1m" and args.repeat_1m else args.repeat
        for number in range(1, repeat + 1):
            run = run_once(config, command, out)
            result.runs.append(run)
            print(
                f"{config.name} ({config.size}) run {number}: {run.seconds:.2f} s, "
                f"{run.tree_mb:,.0f} MB, reconciled {run.reconciled}, probe {run.probe:.2f}"
                + (f", iowait {run.waits[0]:.2f} s, steal {run.waits[1]:.2f} s" if run.waits else ""),
                file=sys.stderr,
            )
        results.append(result)
    report = table(results, compare_outcomes(results, args.work.resolve()), args.repeat, setup)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"audit-{dt.datetime.now(dt.UTC):%Y-%m-%d-%H%M}.md"
    path.write_text(report, encoding="utf-8")
    print(report)
    took = time.perf_counter() - began
    print(f"{path.relative_to(REPO)} written; the benchmark took {took:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
