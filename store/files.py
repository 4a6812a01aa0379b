"""The workspace's files: copied in once, under a name that is never reused for other content."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

CHUNK = 1 << 20


def sha256_of(path: Path) -> tuple[str, int]:
    """Return the sha256 and size of the file at `path`, read in chunks (memory stays flat)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def keep(src: Path, folder: Path, name: str, sha256: str) -> Path:
    """Return where the file `src` (of `sha256`) is kept in `folder`, copying it there if new.

    It goes under `name`; where that name holds other content, under ``stem.<sha8>.suffix``.
    A kept file is never written over: the copy is made beside it and linked in (which fails
    rather than replace), then made read-only.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists() and sha256_of(target)[0] != sha256:
        target = folder / f"{Path(name).stem}.{sha256[:8]}{Path(name).suffix}"
    if target.exists():
        return target
    fd, tmp = tempfile.mkstemp(prefix=".incoming.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as fh:
            while chunk := fh.read(CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        try:
            os.link(tmp, target)
        except FileExistsError:
            pass  # another run kept the same content under this name meanwhile
        except OSError:  # a file system without hard links (a FAT stick): rename, if still free
            if not target.exists():
                os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target
