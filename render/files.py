"""Writing an output file: whole or not at all, the one way every command and script writes."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

from model.errors import EsepError, os_reason
from model.i18n import _


def write_atomically(path: str | Path, data: bytes | str) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename.

    A reader never sees half a file, and a failed write leaves the old file as it was. The
    new file gets the permissions any new file gets (the umask), not the temporary's.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise EsepError(_("this is not a regular file (a folder or a device); give a file name"),
                        file=str(path))
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise EsepError(_("cannot write here ({reason})").format(reason=os_reason(exc)),
                        file=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path.resolve() if path.is_symlink() else path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise EsepError(_("cannot write ({reason})").format(reason=os_reason(exc)),
                        file=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_set_atomically(folder: str | Path, files: Iterable[tuple[str, bytes]]) -> list[Path]:
    """Write each (name, data) of `files` into `folder` as one set: all of them or none.

    The set is written into a hidden temporary folder beside the outputs, then each file is
    renamed into place, so an interruption (Ctrl-C, a full disk) leaves the folder as it was and
    the command can simply run again. Return the paths written, in order.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".esep-", suffix=".tmp", dir=folder))
    except OSError as exc:
        raise EsepError(_("cannot write here ({reason})").format(reason=os_reason(exc)),
                        file=str(folder)) from None
    try:
        names = []
        for name, data in files:
            write_atomically(staging / name, data)
            names.append(name)
        for name in names:
            os.replace(staging / name, folder / name)
        return [folder / name for name in names]
    except OSError as exc:
        raise EsepError(_("cannot write ({reason})").format(reason=os_reason(exc)),
                        file=str(folder)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
