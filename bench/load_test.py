"""Load test of `triage serve` on loopback: concurrent clients POST decisions to `/api/v1/check`.

Each client is a thread with its own `httpx.Client`; the clients send the decisions of
`examples/*.yaml|json` round-robin, every request with its own decision id (the example's id
plus a run tag and a sequence number), until `--seconds` have passed or `--max-requests` have
been sent. Every response is recorded: status, latency and, for a 200, the log id of the check
(`X-Triage-Check-Id`). Reported: requests/s, latency p50/p90/p99/max of the 200 responses,
errors by kind, and the acknowledged check ids.

Error kinds: `http_<status>` (any answer but 200), `connection` (refused, reset, closed
mid-response), `timeout`, `wrong_outcome` (a 200 whose outcome names another decision or has
no check id; still counted as a 200), `other`.

Usage (from the repository root, with the development venv)::

    # against a server that is already running
    python bench/load_test.py --url http://127.0.0.1:8000 --clients 20 --seconds 60

    # start `python -m triage serve` on a free port with a temporary log (or --db PATH), run
    # the load, stop the server, then check the log: one row per 200 response, and every
    # acknowledged check id in `triage log export` with the decision id that was sent
    # (the server's own output goes to server-<port>.log next to the log database)
    python bench/load_test.py --start-server --clients 20 --seconds 60 --json result.json

    # a fixed number of requests instead of a time limit (the time limit still applies)
    python bench/load_test.py --start-server --max-requests 2000

    # the log in PostgreSQL, two server processes on it, signed in with an API key (made
    # with `triage keys create`); the clients are spread over the servers
    python bench/load_test.py --start-server --servers 2 --api-key \
        --db postgresql+psycopg://triage:triage@127.0.0.1:5432/triage --seconds 30

The servers started here run in single-user mode (`--no-auth`) unless `--api-key` is given:
then they run signed in (API keys only) and every request carries a new key with the
consultant's role (the rate limit is switched off for the run).

Exit status: 0 when there were no errors (and, with --start-server, the log matched), else 1.

From Python (the tests add bench/ to `sys.path`)::

    from load_test import Server, export_log, run_load
    with Server(tmp_path / "log.sqlite3") as server:
        result = run_load(server.url, clients=20, seconds=5)
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from triage.yaml_source import load_yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = ROOT / "examples"
CHECK_PATH = "/api/v1/check"
READY_PATH = "/healthz"
CHECK_ID_HEADER = "X-Triage-Check-Id"
CONNECTION_ERROR_PAUSE = 0.05  # seconds a client waits after a connection error (no busy loop)


# --- the decisions ---------------------------------------------------------------------------


def example_files(directory: Path = EXAMPLES_DIR) -> list[Path]:
    """The decision files directly under `directory` (.yaml, .yml, .json), sorted by name."""
    return sorted(
        path for path in directory.iterdir() if path.is_file() and path.suffix in (".yaml", ".yml", ".json")
    )


def load_decision_data(path: Path) -> dict[str, Any]:
    """One decision file as JSON-ready data (YAML read as `triage check` reads it)."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else load_yaml(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a decision (expected a mapping)")
    return json.loads(json.dumps(data))  # plain dicts; fails early on anything not JSON-ready


def load_examples(directory: Path = EXAMPLES_DIR) -> list[dict[str, Any]]:
    """Every example decision, in file-name order."""
    return [load_decision_data(path) for path in example_files(directory)]


# --- the load --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One request: when it was sent (seconds after the run started), how long it took, and
    what came back. `check_id` is set for a 200 with the check-id header."""

    decision_id: str
    sent_at: float
    latency: float
    status: int | None
    error: str | None
    check_id: int | None = None


@dataclass
class LoadResult:
    """Every request of one run, and the figures derived from them."""

    url: str
    clients: int
    started: float  # time.perf_counter() at the start of the run
    elapsed: float  # seconds from the start until the last client stopped
    samples: list[Sample] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.samples)

    @property
    def successes(self) -> int:
        """Responses with status 200 (each one an acknowledged, logged check)."""
        return sum(1 for sample in self.samples if sample.status == 200)

    @property
    def acknowledged(self) -> dict[int, str]:
        """Check id -> decision id, for every 200 response that carried a check id."""
        return {s.check_id: s.decision_id for s in self.samples if s.check_id is not None}

    @property
    def acknowledged_ids(self) -> list[int]:
        return sorted(self.acknowledged)

    @property
    def errors(self) -> dict[str, int]:
        """Error kind -> count (empty when every request got a correct 200)."""
        return dict(Counter(sample.error for sample in self.samples if sample.error is not None))

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.elapsed if self.elapsed > 0 else 0.0

    def latency_ms(self) -> dict[str, float | None]:
        """p50/p90/p99/max latency of the 200 responses, in milliseconds (nearest rank)."""
        latencies = sorted(sample.latency * 1000 for sample in self.samples if sample.status == 200)

        def rank(percent: float) -> float | None:
            if not latencies:
                return None
            return round(latencies[max(0, math.ceil(percent / 100 * len(latencies)) - 1)], 2)

        return {"p50": rank(50), "p90": rank(90), "p99": rank(99), "max": rank(100)}

    def summary(self) -> dict[str, Any]:
        """The figures as JSON-ready data (without the id list)."""
        return {
            "url": self.url,
            "clients": self.clients,
            "elapsed_s": round(self.elapsed, 3),
            "requests": self.requests,
            "successes": self.successes,
            "requests_per_second": round(self.requests_per_second, 1),
            "latency_ms": self.latency_ms(),
            "errors": self.errors,
            "acknowledged_count": len(self.acknowledged),
        }


class _Budget:
    """Hands out request sequence numbers, at most `limit` of them (None: no limit)."""

    def __init__(self, limit: int | None):
        self._limit = limit
        self._numbers = itertools.count()
        self._lock = threading.Lock()

    def take(self) -> int | None:
        with self._lock:
            number = next(self._numbers)
        return number if self._limit is None or number < self._limit else None


def _classify(response: httpx.Response, decision_id: str) -> tuple[str | None, int | None]:
    """(error kind or None, check id or None) of one response."""
    if response.status_code != 200:
        return f"http_{response.status_code}", None
    header = response.headers.get(CHECK_ID_HEADER, "")
    check_id = int(header) if header.isdigit() else None
    try:
        outcome = response.json()
    except ValueError:
        outcome = None
    named = outcome.get("decision") if isinstance(outcome, dict) else None
    if check_id is None or named != decision_id:
        return "wrong_outcome", check_id
    return None, check_id


def _client(
    url: str,
    decisions: list[dict[str, Any]],
    tag: str,
    budget: _Budget,
    started: float,
    deadline: float,
    stop: threading.Event,
    timeout: float,
    samples: list[Sample],
    headers: dict[str, str] | None = None,
) -> None:
    """One client: send decisions until the deadline, the budget or `stop`."""
    with httpx.Client(base_url=url, timeout=timeout, headers=headers) as http:
        while not stop.is_set() and time.perf_counter() < deadline:
            number = budget.take()
            if number is None:
                return
            template = decisions[number % len(decisions)]
            decision_id = f"{template['id']}-{tag}-{number:07d}"
            body = {**template, "id": decision_id}
            sent = time.perf_counter()
            status: int | None = None
            check_id: int | None = None
            try:
                response = http.post(CHECK_PATH, json=body)
            except httpx.TimeoutException:
                error: str | None = "timeout"
            except httpx.TransportError:
                error = "connection"
            except httpx.HTTPError:
                error = "other"
            else:
                status = response.status_code
                error, check_id = _classify(response, decision_id)
            done = time.perf_counter()
            samples.append(Sample(decision_id, sent - started, done - sent, status, error, check_id))
            if error == "connection":
                stop.wait(CONNECTION_ERROR_PAUSE)


def run_load(
    url: str | list[str],
    clients: int = 20,
    seconds: float = 60.0,
    max_requests: int | None = None,
    *,
    decisions: list[dict[str, Any]] | None = None,
    timeout: float = 10.0,
    stop: threading.Event | None = None,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """Run `clients` threads against the server at `url` for `seconds` (or until
    `max_requests` were sent, or `stop` is set) and return every response. `url` may be a
    list of servers: client i sends to server i modulo their number. `headers` go with
    every request (an API key, say).

    Decision ids are made unique per run (a random tag) and per request (a sequence number),
    so runs against the same log never collide."""
    decisions = decisions if decisions is not None else load_examples()
    if not decisions:
        raise ValueError("no decisions to send")
    stop = stop or threading.Event()
    budget = _Budget(max_requests)
    tag = f"L{secrets.token_hex(3)}"
    samples: list[Sample] = []  # list.append is atomic: the clients share it
    started = time.perf_counter()
    deadline = started + seconds
    urls = [url] if isinstance(url, str) else list(url)
    threads = [
        threading.Thread(
            target=_client,
            args=(
                urls[index % len(urls)].rstrip("/"),
                decisions,
                tag,
                budget,
                started,
                deadline,
                stop,
                timeout,
                samples,
                headers,
            ),
            name=f"load-client-{index}",
            daemon=True,
        )
        for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return LoadResult(url=", ".join(urls), clients=clients, started=started, elapsed=elapsed, samples=samples)


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`python -m triage serve --port P --db DB` as a subprocess (default host: loopback), in
    single-user mode (`--no-auth`) unless `auth_args` are given: then signed in, with those
    options (`[]`: API keys only). `db` is a path or a database URL.

    Use as a context manager, or `start()` / `stop()`; `kill()` sends SIGKILL. Its output goes
    to `server-<port>.log` in `log_dir` (default: next to an SQLite database, else a
    temporary folder)."""

    def __init__(
        self,
        db: Path | str,
        port: int | None = None,
        *,
        auth_args: list[str] | None = None,
        env: dict[str, str] | None = None,
        log_dir: Path | None = None,
    ):
        self.db = db if is_url(db) else Path(db)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        folder = log_dir or (
            Path(tempfile.mkdtemp(prefix="triage-server-")) if is_url(db) else Path(db).parent
        )
        self.log_path = folder / f"server-{self.port}.log"
        self.auth_args = auth_args
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None, "server not started"
        return self.process.pid

    def start(self, timeout: float = 30.0) -> Server:
        """Start the server and wait until `GET /api/v1/regions` answers 200."""
        command = [sys.executable, "-m", "triage", "serve", "--port", str(self.port), "--db", str(self.db)]
        command += ["--no-auth"] if self.auth_args is None else self.auth_args
        environment = {**os.environ, **(self.env or {})}
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=environment
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.output()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + READY_PATH, timeout=2).status_code == 200:
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server not ready after {timeout} s:\n{self.output()}")

    def output(self) -> str:
        """What the server wrote to stdout/stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL, no chance to clean up; waits until the process is gone."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM (uvicorn shuts down gracefully), SIGKILL if it takes over `timeout`."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> Server:
        return self.start() if self.process is None else self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def is_url(db: Path | str) -> bool:
    return "://" in str(db)


def create_api_key(db: Path | str, role: str = "consulent") -> str:
    """A new API key with `role` in the log at `db`, through `triage keys create`."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "triage",
            "keys",
            "create",
            "--name",
            "load test",
            "--role",
            role,
            "--db",
            str(db),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def export_log(db: Path | str) -> dict[int, dict[str, Any]]:
    """The check log through `triage log export`: log id -> entry (empty if there is no log)."""
    if not is_url(db) and not Path(db).is_file():
        return {}
    done = subprocess.run(
        [sys.executable, "-m", "triage", "log", "export", "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    entries = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {entry["id"]: entry for entry in entries}


@dataclass
class LogCheck:
    """The log after a run compared with the responses of the run."""

    rows: int  # rows added during the run
    successes: int
    missing: list[int]  # acknowledged ids that are not in the log
    wrong_decision: list[int]  # acknowledged ids whose log entry names another decision

    @property
    def ok(self) -> bool:
        return self.rows == self.successes and not self.missing and not self.wrong_decision

    def summary(self) -> dict[str, Any]:
        return {
            "log_rows": self.rows,
            "successes": self.successes,
            "missing_ids": self.missing,
            "wrong_decision_ids": self.wrong_decision,
            "ok": self.ok,
        }


def compare_log(result: LoadResult, before: dict[int, Any], after: dict[int, dict[str, Any]]) -> LogCheck:
    """Rows added between two exports against the 200 responses of `result`."""
    added = {log_id: entry for log_id, entry in after.items() if log_id not in before}
    acknowledged = result.acknowledged
    return LogCheck(
        rows=len(added),
        successes=result.successes,
        missing=sorted(log_id for log_id in acknowledged if log_id not in after),
        wrong_decision=sorted(
            log_id
            for log_id, decision_id in acknowledged.items()
            if log_id in after and after[log_id]["decision_id"] != decision_id
        ),
    )


# --- the command line ------------------------------------------------------------------------


def _report(result: LoadResult, log_check: LogCheck | None) -> str:
    summary = result.summary()
    latency = summary["latency_ms"]
    ids = result.acknowledged_ids
    lines = [
        f"{result.clients} clients, {summary['elapsed_s']} s against {result.url}",
        f"requests: {result.requests} ({summary['requests_per_second']}/s), 200 OK: {result.successes}",
        "latency of 200s (ms): "
        + (", ".join(f"{name} {value}" for name, value in latency.items()) if result.successes else "none"),
        f"errors: {sum(result.errors.values())} {result.errors or ''}".rstrip(),
        f"acknowledged check ids: {len(ids)}" + (f" ({ids[0]}..{ids[-1]})" if ids else ""),
    ]
    if log_check is not None:
        lines.append(
            f"log: {log_check.rows} new rows for {log_check.successes} successes; "
            f"acknowledged ids missing: {len(log_check.missing)}, "
            f"naming another decision: {len(log_check.wrong_decision)} -> {'OK' if log_check.ok else 'FAIL'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """The command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--url", help="base URL of a running server, e.g. http://127.0.0.1:8000")
    target.add_argument("--start-server", action="store_true", help="start `triage serve` on a free port")
    parser.add_argument(
        "--db", help="log database (path or URL) for --start-server (default: a temporary one)"
    )
    parser.add_argument("--servers", type=int, default=1, help="server processes on the one log (default 1)")
    parser.add_argument(
        "--api-key", action="store_true", help="signed-in servers; the clients use a new API key"
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--seconds", type=float, default=60.0, help="duration (default 60)")
    parser.add_argument("--max-requests", type=int, help="stop after this many requests")
    parser.add_argument("--timeout", type=float, default=10.0, help="per-request timeout in seconds")
    parser.add_argument("--examples", type=Path, default=EXAMPLES_DIR, help="directory of decision files")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the result as JSON")
    args = parser.parse_args(argv)

    decisions = load_examples(args.examples)
    log_check: LogCheck | None = None
    if args.url:
        result = run_load(
            args.url, args.clients, args.seconds, args.max_requests, decisions=decisions, timeout=args.timeout
        )
    else:
        with tempfile.TemporaryDirectory(prefix="triage-load-") as scratch:
            db = args.db or Path(scratch) / "log.sqlite3"
            headers = None
            auth_args = None
            if args.api_key:
                headers = {"X-API-Key": create_api_key(db)}
                auth_args = ["--rate-limit", "0"]
            before = export_log(db)
            servers = [Server(db, auth_args=auth_args, log_dir=Path(scratch)) for _ in range(args.servers)]
            with contextlib.ExitStack() as running:
                for server in servers:
                    print(f"starting {server.url} (log {db})", file=sys.stderr)
                    running.enter_context(server)
                result = run_load(
                    [server.url for server in servers],
                    args.clients,
                    args.seconds,
                    args.max_requests,
                    decisions=decisions,
                    timeout=args.timeout,
                    headers=headers,
                )
            log_check = compare_log(result, before, export_log(db))

    print(_report(result, log_check))
    if args.json:
        data = {**result.summary(), "acknowledged_ids": result.acknowledged_ids}
        if log_check is not None:
            data["log"] = log_check.summary()
        # one key a line, each value compact (the id list stays one line)
        lines = [f"  {json.dumps(key)}: {json.dumps(value)}" for key, value in data.items()]
        args.json.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    failed = bool(result.errors) or (log_check is not None and not log_check.ok)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
