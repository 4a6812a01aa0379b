"""Who may use the page: the secret in the opening address, the CSRF token, the password.

The server makes a random secret when it starts and prints the address holding it; opening that
address puts the secret in a cookie (HttpOnly, SameSite=Strict), and every request must carry it.
Every change is a POST with a token derived from the secret. A password, for a page reached from
other computers, is kept only as its scrypt hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from pathlib import Path

from model.errors import EsepError
from model.i18n import _

COOKIE = "esep_key"
PASSWORD_FILE = "web-password.txt"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
MAX_NAME = 200


def new_secret() -> str:
    """Return a fresh random secret for one run of the server."""
    return secrets.token_urlsafe(32)


def csrf_token(secret: str) -> str:
    """Return the token every POST must carry, derived from the run's secret."""
    return hmac.new(secret.encode(), b"csrf", hashlib.sha256).hexdigest()


def same(a: str | None, b: str) -> bool:
    """Return True when `a` equals `b`, compared in constant time."""
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


def hash_password(password: str) -> str:
    """Return the scrypt hash of `password` with a fresh salt, as one line to keep."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    params = f"{_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}"
    return f"scrypt${params}${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def check_password(password: str, stored: str) -> bool:
    """Return True when `password` matches the hash `stored` by hash_password."""
    try:
        kind, n, r, p, salt, key = stored.strip().split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), dklen=32,
                             n=int(n), r=int(r), p=int(p), maxmem=2 ** 26)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(key))


def read_password_hash(workspace: Path) -> str | None:
    """Return the password hash kept in the workspace, or None when none is set."""
    path = workspace / PASSWORD_FILE
    return path.read_text("utf-8").strip() if path.is_file() else None


def shown_name(name: str | None) -> str:
    """Return an uploaded file's name fit to show, or raise EsepError when it names a folder.

    Browsers send a file's own name only; a name with a folder part, "..", or control
    characters did not come from one, and is refused rather than cleaned.
    """
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise EsepError(_("a file came without a name; drop the file itself"))
    if ("/" in name or "\\" in name or name in (".", "..") or name.startswith("..")
            or any(unicodedata.category(c) == "Cc" for c in name)):
        raise EsepError(_("the file name holds a folder part or control characters; give the "
                          "file under its own name"), file=name[:MAX_NAME])
    if len(name) > MAX_NAME:
        raise EsepError(_("the file name is longer than {n} characters; rename the file")
                        .format(n=MAX_NAME),
                        file=name[:MAX_NAME] + "…")
    return name
