"""The worker processes of `triage audit` (see `triage.audit.pipeline`).

A worker is started fresh ("spawn": polars' threads do not survive a fork), with its own
environment (`WORKER_ENVIRONMENT`), and without the main module of the command line. Its
start-up (imports, rule book, polars expressions) takes about a second, so `triage audit`
starts the workers first thing when an input is big enough to share out (`start_early`):
they start up while the main process imports the pipeline, loads the rule book and cuts
the first batches. This module therefore imports only the
standard library; a worker imports the evaluator when it starts (`_start_worker`).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import signal
import sys
import types
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import SpawnContext, SpawnProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triage.audit.places import OutcomePlaces

if TYPE_CHECKING:
    from triage.audit.options import AuditOptions
    from triage.rulebook.loader import Rulebook

# Memory of a worker process: every batch needs about as much as the one before, so the
# allocators keep what a batch freed for the next one instead of handing it back to the
# system and faulting it in again page by page: far fewer page faults and less system time,
# for some more memory per worker (bench/README.md, "Figures behind the code").
# jemalloc, polars' allocator: never return freed pages (by default, allocations over 8 MB
# are returned at once and the rest within a second), one arena and no background thread
# (a worker runs one polars thread).
WORKER_MALLOC_CONF = "dirty_decay_ms:-1,muzzy_decay_ms:-1,narenas:1,background_thread:false"
# glibc's malloc, Python's allocator for large objects (the batch's text as it arrives):
# allocations up to 32 MB from the heap instead of a fresh mapping each, and the heap kept.
WORKER_GLIBC_TUNABLES = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456"
# The environment a worker process starts with: also one polars thread, so that the workers
# share the CPUs without contention. Each of these is read once, when the process starts,
# so they are set while a worker is started (`WorkerProcess`).
WORKER_ENVIRONMENT = {
    "POLARS_MAX_THREADS": "1",
    "_RJEM_MALLOC_CONF": WORKER_MALLOC_CONF,
    "GLIBC_TUNABLES": WORKER_GLIBC_TUNABLES,
}

# About the size of a batch of CSV (`inputs.BATCH_ROWS` lines of `inputs.BYTES_PER_ROW`
# bytes): the guess of `start_early`, which costs time if wrong, never outcomes.
BATCH_BYTES = 50_000 * 330
BATCH_JSON_BYTES = 50_000 * 700  # the same for JSON Lines (`inputs.BYTES_PER_JSON_LINE`)


def start_early(
    count: int, inputs: list[Path], rules: Path | None, options: AuditOptions
) -> WorkerPool | None:
    """Worker processes for inputs that hold several batches of CSV or JSON Lines, started now: one per
    batch, up to `count`. They start before this process has loaded the rule book (from
    `rules`), so each loads it itself. None for other inputs: the pipeline starts their
    workers once a second batch shows up."""
    batch_bytes = {".csv": BATCH_BYTES, ".jsonl": BATCH_JSON_BYTES, ".ndjson": BATCH_JSON_BYTES}
    batches = sum(
        -(-path.stat().st_size // batch_bytes[path.suffix.lower()])
        for path in inputs
        if path.suffix.lower() in batch_bytes and path.is_file()
    )
    if count == 1 or batches < 2:
        return None
    return start_workers(count, rules, options, now=min(count, batches))


# what sets up a worker process: "module:function", called with the rule book (or what
# `setup` takes instead), the options and the places (imported once the worker has started)
AUDIT_SETUP = "triage.audit.evaluator:start_worker"


class WorkerPool(ProcessPoolExecutor):
    """Worker processes, and the places in `outcomes.jsonl` they share with the main
    process (`places`, see `triage.audit.places`). `setup` names the function that sets up
    each worker (default: an audit's, `evaluator.start_worker`; `triage impact` has its own)."""

    def __init__(
        self,
        count: int,
        book: Any,
        options: Any,
        places: OutcomePlaces | None = None,
        setup: str = AUDIT_SETUP,
    ):
        context = WorkerContext()
        self.places = places or OutcomePlaces(context)
        super().__init__(
            count,
            mp_context=context,
            initializer=_start_worker,
            initargs=(book, options, self.places, setup),
        )

    def processes(self) -> int:
        """The worker processes started so far (the pool starts them as work comes in)."""
        return len(self._processes or {})


def start_workers(
    count: int,
    book: Rulebook | Path | None,
    options: AuditOptions,
    now: int = 0,
    places: OutcomePlaces | None = None,
    setup: str = AUDIT_SETUP,
) -> WorkerPool:
    """A pool of up to `count` worker processes: `now` of them start at once, the others
    as batches are submitted while the ones there are busy. `book` is the rule book, or its
    folder (None: the default) for the workers to load it themselves (see
    `evaluator.start_worker`); `places` those of an audit under way (default: new ones);
    `setup` see `WorkerPool`."""
    pool = WorkerPool(count, book, options, places, setup)
    for _ in range(now):  # the pool starts a process per call while none is idle
        pool.submit(os.getpid)
    return pool


def _start_worker(book: Any, options: Any, places: OutcomePlaces, setup: str) -> None:
    """Set up a worker process (the pool's initializer)."""
    # Ctrl-C and SIGTERM (which systemd sends to every process of the service) are the main
    # process's to handle: it stops after the running batches and writes the summary
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    end_with_parent()
    # what is made during start-up (modules, the rule book, the evaluator) lives as long as
    # the process: no cycle collections while it is made, and none that look at it later
    gc.disable()
    module, _, function = setup.partition(":")
    # polars and the engine: imported here
    getattr(importlib.import_module(module), function)(book, options, places)
    gc.freeze()
    gc.enable()


def run_batch(work: Any, number: int, rules_version: str) -> Any:
    """Evaluate a batch in a worker process (`evaluator.run_in_worker`; named here so that
    the main process can hand it to the pool without importing the evaluator)."""
    from triage.audit.evaluator import run_in_worker

    return run_in_worker(work, number, rules_version)


def run_population(*arguments: Any) -> Any:
    """The population figures of an audit, made in a worker process while the main process
    makes the rest of the summary (`evaluator.population_in_worker`)."""
    from triage.audit.evaluator import population_in_worker

    with collector_paused():
        return population_in_worker(*arguments)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while an audit's summary and report are made (in the
    main process, and the population figures in a worker): they are a few hundred thousand
    new dictionaries and lists without cycles when an export names a hundred thousand
    providers, and the collector would go through the whole heap again and again while they
    are made (bench/README.md: a quarter of a second)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_PR_SET_PDEATHSIG = 1  # prctl(2)


def end_with_parent() -> None:
    """End this process as soon as the process that started it ends, also when that one is
    killed (SIGKILL) and cannot shut its workers down: on Linux the kernel sends SIGKILL
    (`PR_SET_PDEATHSIG`); elsewhere a thread watches the parent."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    expected = parent.pid if parent is not None else os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        watched_by_kernel = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        watched_by_kernel = False
    if os.getppid() != expected:  # the parent ended before the watch was set
        os._exit(1)
    if not watched_by_kernel:
        import threading
        import time

        def watch() -> None:
            while os.getppid() == expected:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _without_main_module() -> Iterator[None]:
    """Start a process without this one's main module (hidden only while it is started). A
    spawned process runs the parent's main module again (as `__mp_main__`) so that functions
    defined there can be unpickled; a worker runs only functions of triage's modules, and the
    main module of `triage audit` is the `triage` script, which would import the whole
    command line (typer, rich) in every worker."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")  # no __file__, no __spec__
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class WorkerProcess(SpawnProcess):
    """A worker process, started fresh with `WORKER_ENVIRONMENT` added to this process's
    environment and without its main module.

    It starts with SIGINT and SIGTERM blocked (a new process inherits the signal mask), so a
    Ctrl-C on the terminal, which reaches every process of the command, cannot break off its
    start-up; this process gets the signal as soon as the new one has been started."""

    @staticmethod
    def _Popen(process_obj: Any) -> Any:
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, set(STOP_SIGNALS))
        try:
            with _environment(WORKER_ENVIRONMENT), _without_main_module():
                return SpawnProcess._Popen(process_obj)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def run(self) -> None:
        """Serve the pool, then end the process at once: every result has been handed back
        by then (the pool's result queue writes to its pipe directly), and tearing down the
        interpreter (the modules, polars' memory) would only keep the main process waiting."""
        super().run()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        os._exit(0)


class WorkerContext(SpawnContext):
    Process = WorkerProcess
