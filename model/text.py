"""Text rules every reader, check and message shares: the one place for folding text.

Two ways to compare, built from the same pieces:

- `canonical(text)` keeps the words as printed (case too) and unifies only what print varies
  without meaning: Unicode composition, dashes, quotes, runs of spaces. Plan versions are
  compared so (``model.matching``, ``model.diff``).
- `normalize(text)` is the key for matching what a clerk typed against a known word: a status,
  a column header, a unit's code or name. On top of `canonical`: lower case, ё as е, Latin
  letters that look Cyrillic read as Cyrillic (a "KБ" typed with a Latin K is "КБ"), spaces
  around a dash dropped, punctuation at the ends dropped.

`match_code(token, codes)` is the one reading of a unit's code, for the plan's executors cell
(``ingest.executors.CodeBook``) and for a returned form's unit (``model.answers``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASH = "[" + re.escape(DASHES) + "]"          # a regex class matching any one of DASHES
_TO_HYPHEN = dict.fromkeys(map(ord, DASHES[1:]), "-")
_QUOTES = dict.fromkeys(map(ord, "«»“”„‟″"), '"') | dict.fromkeys(map(ord, "‘’‚‛′"), "'")
# Latin letters that look Cyrillic: a code typed on the wrong keyboard is still the code.
# Applied after lower case, so a word reads the same in capitals ("NOT DONE" is "not done").
_LOOKALIKES = str.maketrans("abcehkmoptxy", "авсенкмортху")
_SPACES = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"\s\s|[^\S ]")
_SPACED_DASH = re.compile(r"\s*-\s*")
_EDGE_PUNCT = " .;,!?«»\"'"
_CODE_EDGE = "().,;:"


def fold(text: str) -> str:
    """Return `text` with every run of whitespace folded to one space, ends stripped."""
    if _ODD_SPACE.search(text) is None:  # most text has single plain spaces already
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def unify_dashes(text: str) -> str:
    """Return `text` with every kind of dash in DASHES written as "-"."""
    return text.translate(_TO_HYPHEN)


def canonical(text: str) -> str:
    """Return `text` as compared across versions: NFC, one kind of dash and quote, spaces folded.

    The DOCX and the PDF of one plan may print a dash or a quote differently; that is no amendment.
    """
    text = unicodedata.normalize("NFC", text)
    return " ".join(unify_dashes(text).translate(_QUOTES).split())


def normalize(text: object) -> str:
    """Return `text` folded as the key that typed text is matched by.

    >>> normalize("  Выполнено. ") == normalize("выполнено")
    True
    """
    text = canonical(str(text).replace("\u00a0", " ")).lower().translate(_LOOKALIKES)
    text = _SPACED_DASH.sub("-", text.replace("ё", "е"))
    return text.strip(_EDGE_PUNCT)


def match_code(token: str, codes: Iterable[str], *, shortened: bool = True) -> str | None:
    """Return the code of `codes` that `token` stands for, or None.

    Exact first; then the same code folded by `normalize` (another case, Latin look-alike
    letters); with `shortened`, a code of three letters or more short of its last letter.
    """
    return CodeMatcher(codes).match(token, shortened=shortened)


class CodeMatcher:
    """`match_code` over one set of codes, their keys computed once."""

    def __init__(self, codes: Iterable[str]):
        self.codes = tuple(codes)
        self._by_key = {normalize(c): c for c in self.codes}

    def match(self, token: str, *, shortened: bool = True) -> str | None:
        """Return the code `token` stands for (see `match_code`), or None."""
        token = token.strip(_CODE_EDGE)
        if not token:
            return None
        if token in self.codes:
            return token
        key = normalize(token)
        if key in self._by_key:
            return self._by_key[key]
        if shortened and len(key) >= 3:
            longer = [c for k, c in self._by_key.items()
                      if k.startswith(key) and len(k) - len(key) == 1]
            if len(longer) == 1:
                return longer[0]
        return None


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


_CONTROL_CHAR = re.compile(f"[{re.escape(_CONTROL)}]")


def has_controls(text: str) -> bool:
    """Return True when `text` holds a control character other than tab and newline."""
    return not text.isprintable() and _CONTROL_CHAR.search(text) is not None


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
