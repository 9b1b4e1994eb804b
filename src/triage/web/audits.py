"""Audits started from the web by an auditor: upload an export, the audit runs in the
background, the auditor follows its status and downloads its outputs.

An audit is `triage audit` itself, run as a child process (`python -m triage audit INPUT
--out FOLDER`): the same pipeline, the same output folder with its atomic summary and report,
the same handling of a stop signal. The web server only stores the upload, starts the
process and reads `summary.json`; an audit's CPU and memory never slow the server's answers.

On disk, under the server's data directory (`--data-dir`), every folder 0700 and every file
0600:

    audits/
      .plaats-0 ...                 one per audit that may run at once (`--max-audits`)
      20261204-193000-1a2b3c4d/     one audit: its id is when it started, and chance
        invoer.csv                  the upload (only its extension is kept, never its name,
                                    which may name a client)
        audit.json                  who started it (subject id, never a name), when, the
                                    upload's format and size; the process's exit status
        .bezig                      held locked (flock) by the audit while it runs
        outcomes.jsonl errors.jsonl summary.json report.html    written by `triage audit`

Whether an audit runs is a lock, not a record: the lock is held by the audit process itself
(and the server thread that waits for it), so it is released however the process ends, and
every server process on the same data directory sees it. A free place (`.plaats-N`) is taken
the same way, so the limit on audits at once holds for all servers sharing the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from triage.atomic import replacing
from triage.audit.inputs import FORMATS, UNKNOWN_FORMAT
from triage.audit.output_folder import ERRORS, REPORT, SUMMARY
from triage.audit.places import OUTCOMES
from triage.audit.summary import STATUSES
from triage.exit_status import EXIT_INVALID_INPUT, EXIT_RULES_REFUSED
from triage.presentation import number
from triage.private_files import PRIVATE_FOLDER_MODE, PRIVATE_MODE, create_private_folder, open_private

AUDITS = "audits"
RECORD = "audit.json"
RUNNING_LOCK = ".bezig"
PLACE = ".plaats-{}"
INPUT_STEM = "invoer"
DOWNLOADS = (REPORT, SUMMARY, OUTCOMES, ERRORS)
# what an upload may be: every format of `triage audit` that is one file (a series of iJw
# messages comes as a .zip)
UPLOAD_SUFFIXES = tuple(FORMATS)
_AUDIT_ID = re.compile(r"\d{8}-\d{6}-[0-9a-f]{8}")
RUNNING = "bezig"
# Dutch: the web's status besides the summary's (`summary.STATUSES`)
WEB_STATUSES = {
    RUNNING: "De audit loopt. Vernieuw deze pagina om te zien of hij klaar is.",
    **STATUSES,
}
_EXIT_REASONS = {
    EXIT_INVALID_INPUT: "de invoer of een instelling van de audit is geweigerd",
    EXIT_RULES_REFUSED: "de regelbestanden van de server konden niet geladen worden",
}
NO_SUMMARY = "de audit is gestopt zonder samenvatting (het proces is afgebroken of de server is gestopt)"


@dataclass(frozen=True)
class AuditSettings:
    """Where audits live and how many may run at once; what `triage audit` is given."""

    data_dir: Path = Path("triage-data")
    max_running: int = 1
    max_upload_bytes: int = 100 * 1024 * 1024
    workers: int = 1
    rules_dir: Path | None = None
    pseudonym_key_file: Path | None = None


class AuditsBusy(Exception):
    """Every place for a running audit is taken."""


class UploadRefused(ValueError):
    """An upload that cannot be audited: `reason` in Dutch (never repeating its contents)."""

    def __init__(self, reason: str, status: int = 422):
        super().__init__(reason)
        self.reason = reason
        self.status = status


def upload_suffix(filename: str | None) -> str:
    """The extension of an uploaded file that `triage audit` reads, or UploadRefused."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadRefused(UNKNOWN_FORMAT.format(series="een .zip"))
    return suffix


@dataclass
class AuditView:
    """One audit as the pages and the API show it."""

    id: str
    started_at: str
    started_by: str | None
    format: str
    bytes: int
    status: str
    failure: str | None
    summary: dict[str, Any] | None

    def downloads(self) -> list[str]:
        """The output files to download: those of an audit that ended with a summary."""
        return list(DOWNLOADS) if self.status != RUNNING and self.summary is not None else []

    def as_json(self) -> dict[str, Any]:
        totals = (self.summary or {}).get("totals")
        return {
            "id": self.id,
            "started_at": self.started_at,
            "started_by": self.started_by,
            "format": self.format,
            "bytes": self.bytes,
            "status": self.status,
            "failure": self.failure,
            "totals": totals,
            "refused_inputs": (self.summary or {}).get("refused_inputs", []),
            "files": {name: f"/api/v1/audits/{self.id}/{name}" for name in self.downloads()},
        }


class Audits:
    """The audits in one data directory: start one, list them, read one's status and files."""

    def __init__(self, settings: AuditSettings):
        self.settings = settings
        self.folder = settings.data_dir / AUDITS

    # ------------------------------------------------------------ starting
    def start(self, upload: IO[bytes], suffix: str, subject: str | None) -> str:
        """Store the upload in a new audit folder and start `triage audit` on it; its id.
        AuditsBusy when every place is taken; UploadRefused over the size limit."""
        self._make_folders()
        place = self._take_place()
        audit_id = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(4)
        folder = self.folder / audit_id
        running = None
        try:
            folder.mkdir(mode=PRIVATE_FOLDER_MODE)
            running = _locked(folder / RUNNING_LOCK)
            source = folder / f"{INPUT_STEM}{suffix}"
            size = self._store(upload, source)
            record = {
                "id": audit_id,
                "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "started_by": subject,
                "format": FORMATS[suffix],
                "bytes": size,
                "exit_code": None,
            }
            _write_record(folder, record)
            process = subprocess.Popen(
                self._command(source, folder),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(place, running),  # the audit holds both locks for as long as it runs
                env=_child_environment(),
                start_new_session=True,  # a Ctrl-C meant for the server does not stop the audit
            )
        except BaseException:
            for descriptor in (place, running):
                if descriptor is not None:
                    os.close(descriptor)
            shutil.rmtree(folder, ignore_errors=True)
            raise
        threading.Thread(
            target=self._wait, args=(process, folder, record, (place, running)), daemon=True
        ).start()
        return audit_id

    def _command(self, source: Path, folder: Path) -> list[str]:
        settings = self.settings
        command = [sys.executable, "-m", "triage", "audit", str(source), "--out", str(folder)]
        command += ["--workers", str(settings.workers)]
        if settings.rules_dir is not None:
            command += ["--rules", str(settings.rules_dir)]
        if settings.pseudonym_key_file is not None:
            command += ["--pseudonym-key-file", str(settings.pseudonym_key_file)]
        return command

    def _wait(
        self, process: subprocess.Popen[bytes], folder: Path, record: dict[str, Any], locks: Any
    ) -> None:
        """Wait for the audit to end, note its exit status, then release its place."""
        try:
            code = process.wait()
            with contextlib.suppress(OSError):
                _write_record(folder, {**record, "exit_code": code})
        finally:
            for descriptor in locks:
                os.close(descriptor)

    def _make_folders(self) -> None:
        for folder in (self.settings.data_dir, self.folder):
            create_private_folder(folder)

    def _take_place(self) -> int:
        """A locked place for one running audit (its descriptor), or AuditsBusy."""
        for place in range(self.settings.max_running):
            descriptor = _try_lock(self.folder / PLACE.format(place))
            if descriptor is not None:
                return descriptor
        raise AuditsBusy

    def _store(self, upload: IO[bytes], target: Path) -> int:
        """Copy the upload into the audit folder (0600); its size in bytes."""
        limit = self.settings.max_upload_bytes
        size = 0
        with open_private(target, "wb") as out:
            while block := upload.read(1 << 20):
                size += len(block)
                if size > limit:
                    raise UploadRefused(f"het bestand is groter dan de grens van {number(limit)} bytes", 413)
                out.write(block)
        if size == 0:
            raise UploadRefused("het bestand is leeg")
        return size

    # ------------------------------------------------------------ reading
    def all(self) -> list[AuditView]:
        """Every audit, newest first."""
        if not self.folder.is_dir():
            return []
        names = sorted((p.name for p in self.folder.iterdir() if _AUDIT_ID.fullmatch(p.name)), reverse=True)
        return [view for name in names if (view := self.get(name)) is not None]

    def get(self, audit_id: str) -> AuditView | None:
        """One audit, or None for an id that is no audit's."""
        if not _AUDIT_ID.fullmatch(audit_id):
            return None
        folder = self.folder / audit_id
        try:
            record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        summary = None
        if _is_locked(folder / RUNNING_LOCK):
            status, failure = RUNNING, None
        else:
            try:
                summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
                status, failure = summary["status"], summary.get("failure")
            except (OSError, ValueError, KeyError, TypeError):
                summary = None
                status, failure = "mislukt", _EXIT_REASONS.get(record.get("exit_code"), NO_SUMMARY)
        return AuditView(
            id=audit_id,
            started_at=record["started_at"],
            started_by=record.get("started_by"),
            format=record.get("format", "?"),
            bytes=int(record.get("bytes", 0)),
            status=status,
            failure=failure,
            summary=summary,
        )

    def file(self, audit_id: str, name: str) -> Path | None:
        """An output file of a finished audit, or None."""
        view = self.get(audit_id)
        if view is None or name not in view.downloads():
            return None
        path = self.folder / audit_id / name
        return path if path.is_file() else None


def _child_environment() -> dict[str, str]:
    """The server's environment without its secrets: the audit needs none of them."""
    return {
        name: value
        for name, value in os.environ.items()
        if not any(word in name.upper() for word in ("SECRET", "PASSWORD", "TOKEN"))
    }


def _write_record(folder: Path, record: dict[str, Any]) -> None:
    with replacing(folder / RECORD, private=True) as handle:
        json.dump(record, handle, ensure_ascii=False)


def _locked(path: Path) -> int:
    descriptor = _try_lock(path)
    if descriptor is None:
        raise RuntimeError(f"{path.name} is already locked")
    return descriptor


def _try_lock(path: Path) -> int | None:
    """The descriptor of `path` (0600) with an exclusive lock on it, or None when someone
    else holds that lock."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_MODE)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(descriptor)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return None
        raise
    return descriptor


def _is_locked(path: Path) -> bool:
    if not path.exists():
        return False
    descriptor = _try_lock(path)
    if descriptor is None:
        return True
    os.close(descriptor)
    return False
