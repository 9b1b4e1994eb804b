"""The audit's output folder: cleared of an earlier run first, results written last.

An auditor signs what `summary.json` and `report.html` say, so the folder must never show a
summary that is not about the outcomes beside it:

- `clear_output` removes what an earlier run left (its report, then its summary, part files
  and temporary files of a run that was killed) before anything new is written;
- `write_results` writes the summary and the report each to a temporary file, flushes them
  to disk and only then renames them into place (the summary first). A run that is killed or
  runs out of disk space before that leaves no summary at all.

So at every moment a report is there only beside its own summary, and a summary only beside
the outcomes it counts. Every output file is created with mode 0600 (`triage.private_files`).

Only the standard library: the main process of an audit does not import polars.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from triage.audit.places import OUTCOMES, PARTS
from triage.private_files import open_private

if TYPE_CHECKING:
    from triage.audit.summary import AuditSummary

SUMMARY = "summary.json"
REPORT = "report.html"
ERRORS = "errors.jsonl"
OUTPUT_FILES = (OUTCOMES, ERRORS, SUMMARY, REPORT)
_TEMPORARY = ".tmp"  # suffix of a result file being written: `.summary.json.tmp`


def clear_output(folder: Path) -> None:
    """Remove the summary, report, part files and temporary files of an earlier run (the
    outcomes and errors are replaced as the new run writes them)."""
    for name in (REPORT, SUMMARY):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    for name in OUTPUT_FILES:
        for leftover in (f".{name}{_TEMPORARY}", f".{name}.old"):
            with contextlib.suppress(FileNotFoundError):
                (folder / leftover).unlink()
    parts = folder / PARTS
    if parts.is_dir():
        for part in parts.iterdir():
            part.unlink()
        parts.rmdir()


def write_results(folder: Path, summary: AuditSummary, render_report: Callable[[AuditSummary], str]) -> None:
    """Write `summary.json`, then `report.html` (made by `render_report` while the summary is
    written: tens of megabytes when an export names a hundred thousand providers), each
    atomically (temporary file, flushed to disk, renamed). On an error nothing half-written
    is left, and the error is raised."""
    from triage.audit.summary import summary_json

    staged: list[tuple[Path, Path]] = []
    try:
        summary_file, report_file = (_staged(folder, name, staged) for name in (SUMMARY, REPORT))
        with ThreadPoolExecutor(1, thread_name_prefix="summary") as writer:
            written = writer.submit(_write_synced, summary_file, summary_json(summary))
            report = render_report(summary).encode()
            written.result()
        _write_synced(report_file, report)
        for temporary, final in staged:
            os.replace(temporary, final)
        _sync_folder(folder)
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise


def _staged(folder: Path, name: str, staged: list[tuple[Path, Path]]) -> Path:
    """The temporary file of result `name`, noted in `staged` (to rename, or to remove)."""
    temporary = folder / f".{name}{_TEMPORARY}"
    staged.append((temporary, folder / name))
    return temporary


def _write_synced(path: Path, data: bytes) -> None:
    """Write `data` to a new private file and flush it to disk."""
    with open_private(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (a folder's entries are flushed with the folder)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def describe_failure(exc: BaseException) -> str:
    """What stopped a run, in Dutch, for the summary and the terminal: the kind of failure
    only, never the exception's own text (which may quote input)."""
    from triage.audit.inputs import InputError

    if isinstance(exc, InputError):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "de schijf is vol: de uitvoer kon niet (helemaal) geschreven worden"
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "geen schrijfrechten (meer) in de uitvoermap"
    if isinstance(exc, OSError):
        return f"schrijf- of leesfout van het systeem ({errno.errorcode.get(exc.errno or 0, 'onbekend')})"
    if isinstance(exc, MemoryError):
        return "te weinig geheugen"
    if type(exc).__name__ == "BrokenProcessPool":
        return "een werkproces is onverwacht gestopt (bijvoorbeeld door te weinig geheugen)"
    return f"interne fout ({type(exc).__name__}); meld dit bij de beheerder van triage"
