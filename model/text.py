"""Text rules every reader, check and message shares."""

from __future__ import annotations


def cut(text: str, limit: int) -> str:
    """Return `text` cut to about `limit` characters at a word's end, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


QUOTE_LIMIT = 80
# C0 and C1 control characters, DEL, and the line and paragraph separators; tab and newline are
# text. XML 1.0 forbids most of them, and on a terminal ESC or CR can forge what the clerk sees.
_CONTROL = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]
                   if chr(c) not in "\t\n")
_CONTROL_TABLE = str.maketrans("", "", _CONTROL)


def has_controls(text: str) -> bool:
    """Return True when `text` holds a control character other than tab and newline."""
    return not text.isprintable() and any(c in _CONTROL for c in text)


def strip_controls(text: str) -> str:
    """Return `text` without control characters other than tab and newline (CR LF becomes LF)."""
    if text.isprintable():
        return text
    return text.replace("\r\n", "\n").translate(_CONTROL_TABLE)


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Return `text` as a message may quote it: control characters escaped, at most `limit` long.

    Example: ``quote("done\\r error: x")`` gives ``'done\\\\r error: x'``, so a CR in a cell cannot
    start a forged line on the clerk's terminal.
    """
    shown = text if text.isprintable() else "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in text)
    return shown if len(shown) <= limit else shown[:limit - 1].rstrip() + "…"
