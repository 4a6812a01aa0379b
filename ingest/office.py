"""The one place LibreOffice is called: a file converted to another format, headless.

Each call runs ``soffice`` with a profile of its own in a temporary folder (so it runs beside
an open LibreOffice and beside other conversions), in a process group of its own, under a
time limit. On a timeout, an error, Ctrl+C or SIGTERM the whole group is ended and the
temporary folder removed: no LibreOffice is left running and nothing is left on disk.

>>> from ingest.office import convert
>>> pdf = convert(open("samples/plan-ky.docx", "rb").read(), "docx", "pdf", file="plan-ky.docx")
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from model.errors import EsepError
from model.i18n import _

DEFAULT_TIMEOUT = 300  # seconds; a 2,000-measure report takes about 90 s to print to PDF
_GRACE = 5.0  # seconds the group has to end after SIGTERM before it gets SIGKILL

# LibreOffice's export filter for each target; the others are told by the suffix alone.
_FILTERS = {"docx": "docx:MS Word 2007 XML"}
_WINDOWS_PLACES = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                   r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


class OfficeError(EsepError):
    """LibreOffice could not convert the file."""


class OfficeMissing(OfficeError):
    """LibreOffice (soffice) is not installed."""


def find_soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice``, or None when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if sys.platform == "win32":
        return next((p for p in _WINDOWS_PLACES if os.path.isfile(p)), None)
    return None


def convert(data: bytes, source: str, target: str, *, file: str, timeout: float = DEFAULT_TIMEOUT,
            missing: str | None = None,
            failed: str | None = None) -> bytes:
    """Return `data` (a `source` file, e.g. "doc") converted by LibreOffice to `target` ("docx", "pdf").

    `target` may name LibreOffice's filter after the suffix: "html:XHTML Writer File:UTF8".

    `file` names the input in messages; `missing` says what to do when LibreOffice is not
    installed, `failed` when it cannot convert the file. Raises OfficeMissing, or OfficeError
    when LibreOffice fails or runs over `timeout` seconds.
    """
    missing = missing or _("install LibreOffice, or save the file as .docx")
    failed = failed or _("open it in Word or LibreOffice and save it as .docx")
    soffice = find_soffice()
    if soffice is None:
        raise OfficeMissing(_("LibreOffice is not installed: {then}").format(then=missing),
                            file=file)
    with tempfile.TemporaryDirectory(prefix="esep-office-") as tmp:
        work = Path(tmp)
        given = work / f"in.{source}"
        given.write_bytes(data)
        out = work / "out"
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", _FILTERS.get(target, target), "--outdir", str(out), str(given)]
        code, detail = _run(command, timeout, file, failed)
        made = out / f"in.{target.split(':', 1)[0]}"
        if code != 0 or not made.is_file():
            told = (_("LibreOffice could not convert the file: {detail}; {then}") if detail
                    else _("LibreOffice could not convert the file; {then}"))
            raise OfficeError(told.format(detail=detail, then=failed), file=file)
        return made.read_bytes()


def _run(command: list[str], timeout: float, file: str, failed: str) -> tuple[int, str]:
    """Run `command` in a process group of its own; return its exit code and last line of output."""
    options = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32"
               else {"start_new_session": True})
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, **options)
    try:
        with _signals_end(proc):
            output, _errors = proc.communicate(timeout=timeout)  # stderr joins stdout
    except subprocess.TimeoutExpired:
        raise OfficeError(_("LibreOffice did not finish in {seconds} seconds and was stopped; "
                            "{then}").format(seconds=f"{timeout:g}", then=failed),
                          file=file) from None
    finally:
        end_group(proc)
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return proc.returncode, (lines[-1] if lines else "")


class _Signalled(BaseException):
    """SIGTERM arrived while LibreOffice ran: unwind so its group is ended, then exit."""


@contextmanager
def _signals_end(proc: subprocess.Popen):
    """Turn SIGTERM into an exception while `proc` runs (Ctrl+C already raises one)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the caller's own handling applies
        return

    def stop(signum, frame):
        raise _Signalled(signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except _Signalled:
        end_group(proc)
        # unwinding removes the temporary folder; then the process ends as SIGTERM asked
        raise SystemExit(128 + signal.SIGTERM) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def end_group(proc: subprocess.Popen) -> None:
    """End `proc` and every process it started (its process group), and wait for them."""
    if sys.platform == "win32":
        if proc.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
        proc.wait()
        return
    # the group outlives its leader: soffice.bin may still run after the soffice script ended
    for sig, wait in ((signal.SIGTERM, _GRACE), (signal.SIGKILL, _GRACE)):
        if not _group_alive(proc):
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while _group_alive(proc) and time.monotonic() < deadline:
            time.sleep(0.05)
    if proc.poll() is None:
        proc.wait()


def _group_alive(proc: subprocess.Popen) -> bool:
    """Return True while a process of `proc`'s group still runs (zombies do not count)."""
    proc.poll()  # reap the leader if it has ended
    proc_dir = Path("/proc")
    if not proc_dir.is_dir():
        try:
            os.killpg(proc.pid, 0)
            return True
        except ProcessLookupError:
            return False
    for entry in proc_dir.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (name) state ppid pgrp ...": the name may hold spaces, so split after ')'
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 2 and int(fields[2]) == proc.pid and fields[0] != "Z":
            return True
    return False
