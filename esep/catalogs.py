"""The messages' compiled catalogs, wherever esep was installed from: the one place they are made
at run time.

`make install` and the build of a package compile each ``model/locale/<lang>/LC_MESSAGES/esep.po``
beside itself. A copy of the code run as it is, or a package built without that step, holds the
.po files only: then they are compiled into a folder of the temp dir named by their content (made
once, then reused), so the messages never fall to English unseen.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from model.i18n import DOMAIN, LOCALE_DIR, TRANSLATED, mo_file


def compiled_catalogs(source: Path = LOCALE_DIR) -> Path:
    """Return a folder holding every catalog of `source` compiled (`source` itself when it does)."""
    sources = [source / lang / "LC_MESSAGES" / f"{DOMAIN}.po" for lang in TRANSLATED]
    if all(mo_file(source, lang).is_file() for lang in TRANSLATED) \
            or not any(po.is_file() for po in sources):
        return source
    digest = hashlib.sha256(b"".join(po.read_bytes() for po in sources if po.is_file()))
    folder = Path(tempfile.gettempdir()) / f"esep-locale-{digest.hexdigest()[:16]}"
    for lang, po in zip(TRANSLATED, sources):
        if po.is_file() and not mo_file(folder, lang).is_file():
            _compile(po, mo_file(folder, lang))
    return folder


def _compile(po: Path, mo: Path) -> None:
    """Compile the catalog `po` into `mo`, written aside and renamed (another run may race)."""
    from babel.messages.mofile import write_mo  # Babel is needed only where no .mo was installed
    from babel.messages.pofile import read_po
    with po.open("rb") as source:
        compiled = read_po(source)
    mo.parent.mkdir(parents=True, exist_ok=True)
    aside = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
    with aside.open("wb") as target:
        write_mo(target, compiled)
    os.replace(aside, mo)
