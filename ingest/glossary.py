"""What follows the plan table: the note ("Эскертүү" / "Примечание") and the glossary of codes."""

from __future__ import annotations

import re

from model.plan import GlossaryEntry
from model.text import DASH, DASHES, fold


_GLOSSARY_HEADING = re.compile(
    r"^(колдонулган\s+)?кыскартуулар|^(используемые\s+|принятые\s+)?сокращения", re.IGNORECASE)
_NOTE_START = re.compile(r"^(эскертүү|примечани)", re.IGNORECASE)
_DASH_SPLIT = re.compile(r"\s+" + DASH + r"\s+|\s*\t\s*")


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


def read_backmatter(paragraphs: tuple[str, ...]) -> tuple[str, tuple[GlossaryEntry, ...]]:
    """Return the note and the glossary from the paragraphs after the plan table.

    The note runs from its "Эскертүү" / "Примечание" paragraph to the glossary heading (a
    note a page break split is joined); every paragraph after the heading is one entry.
    """
    note_parts: list[str] = []
    glossary: list[GlossaryEntry] = []
    in_note = in_glossary = False
    for paragraph in paragraphs:
        text = paragraph.strip()
        if not text:
            continue
        if _GLOSSARY_HEADING.match(text):
            in_glossary, in_note = True, False
            rest = text.split(":", 1)[1] if ":" in text else ""
            entry = read_glossary_entry(rest) if rest.strip() else None
            if entry:
                glossary.append(entry)
            continue
        if in_glossary:
            entry = read_glossary_entry(paragraph)
            if entry:
                glossary.append(entry)
        elif in_note or _NOTE_START.match(text):
            in_note = True
            note_parts.append(text)
    return fold(" ".join(note_parts)), tuple(glossary)
