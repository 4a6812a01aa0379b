"""What follows the plan table: the note ("Эскертүү" / "Примечание") and the glossary of codes."""

from __future__ import annotations

import re

from model.plan import GlossaryEntry
from model.text import DASH, DASHES, fold

from .layout import join_words

_GLOSSARY_HEADING = re.compile(
    r"^(колдонулган\s+)?кыскартуулар|^(используемые\s+|принятые\s+)?сокращения", re.IGNORECASE)
_NOTE_START = re.compile(r"^(эскертүү|примечани)", re.IGNORECASE)
# a long dash glued to a code ("УК– …", as LibreOffice's XHTML writes a tab); never a hyphen
_GLUED = "[\u2012\u2013\u2014\u2015]"
# between a code and its name: a spaced dash, a tab, or a long dash glued to the code
_DASH_SPLIT = re.compile(r"\s+" + DASH + r"\s+|\s*\t\s*|(?<=[\w»\"])" + _GLUED + r"\s+")
# a code (one word, a capital or a quote first) and a dash: where an entry starts
_CODE = r"[«\"]?[^\W\d_a-zа-яёөүң]\S*?"
_ENTRY_START = re.compile(rf"^{_CODE}(?:\s+{DASH}\s|\s*\t|{_GLUED}\s)")
# the same inside a line that ran into the one above (a PDF's full-width line)
_ENTRY_INSIDE = re.compile(rf"(?<=\S)\s+(?={_CODE}\s+{DASH}\s)")


def read_glossary_entry(paragraph: str) -> GlossaryEntry | None:
    """Return the entry a glossary paragraph ("КБ<tab>– КР ӨКМдин Кадр башкармалыгы") holds."""
    text = paragraph.strip()
    if not text:
        return None
    parts = _DASH_SPLIT.split(text, maxsplit=1)
    if len(parts) == 1:
        parts = text.split(None, 1)
    if len(parts) == 1:
        return None
    code = fold(parts[0])
    name = fold(parts[1]).lstrip(DASHES).strip()
    name = re.sub(r"[.;,]+$", "", name).strip()
    return GlossaryEntry(code=code, name=name) if code and name else None


def glossary_pieces(paragraph: str) -> list[tuple[str, bool]]:
    """Return the paragraph's pieces, each with True where it starts an entry.

    A paragraph starts an entry unless it goes on in lower case; inside it, each line (and
    each stretch of a line) that starts with a code and a dash starts one, whatever reader
    gave the paragraph: Word's line breaks, a web page's <br>, a PDF's lines run together.
    """
    pieces: list[tuple[str, bool]] = []
    for n, line in enumerate(paragraph.split("\n")):
        for k, piece in enumerate(_ENTRY_INSIDE.split(line)):
            piece = piece.strip()
            if not piece:
                continue
            first = n == 0 and k == 0
            starts = bool(_ENTRY_START.match(piece)) or (first and not piece[:1].islower())
            pieces.append((piece, starts))
    return pieces


def read_glossary(paragraphs: list[str]) -> tuple[GlossaryEntry, ...]:
    """Return the glossary entries from the paragraphs under its heading."""
    texts: list[str] = []
    for paragraph in paragraphs:
        for piece, starts in glossary_pieces(paragraph):
            if starts or not texts:
                texts.append(piece)
            else:
                texts[-1] = join_words(texts[-1], piece)
    return tuple(e for e in map(read_glossary_entry, texts) if e)


def read_backmatter(paragraphs: tuple[str, ...]) -> tuple[str, tuple[GlossaryEntry, ...]]:
    """Return the note and the glossary from the paragraphs after the plan table.

    The note runs from its "Эскертүү" / "Примечание" paragraph to the glossary heading (a
    note a page break split is joined); after the heading come the entries (`read_glossary`).
    """
    note_parts: list[str] = []
    entries: list[str] = []
    in_note = in_glossary = False
    for paragraph in paragraphs:
        text = paragraph.strip()
        if not text:
            continue
        if _GLOSSARY_HEADING.match(text):
            in_glossary, in_note = True, False
            rest = text.split(":", 1)[1] if ":" in text else ""
            if rest.strip():
                entries.append(rest.strip())
            continue
        if in_glossary:
            entries.append(paragraph)
        elif in_note or _NOTE_START.match(text):
            in_note = True
            note_parts.append(fold(text))
    return fold(" ".join(note_parts)), read_glossary(entries)
