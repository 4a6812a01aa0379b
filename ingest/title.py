"""The heading above the plan table: the title, and the approval stamp printed above it.

A plan annexed to an order carries a stamp at the top right, "Тиркеме / КР ӨКМдин 2025-жылдын
15-январындагы № 12 буйругу менен бекитилген" or "Приложение / Утвержден приказом МЧС КР от
15 января 2025 года № 12", then the centred title. The stamp is told by its words, not by where
it stands, so the rule holds for every reader (a PDF's lines may run the stamp into the title).
"""

from __future__ import annotations

import re

from model import plan_warnings as W
from model.plan import PlanWarning
from model.text import fold

_STAMP_START = re.compile(r"^\s*(тиркеме|приложение|бекитилген|бекитилди|бекитемин|утвержд)",
                          re.IGNORECASE)
# where a stamp ends: Kyrgyz "… буйругу менен бекитилген", else the order's number "№ 12"
_KY_END = re.compile(r"\b(бекитилген|бекитилди)\b\.?", re.IGNORECASE)
_NUMBER_END = re.compile(r"№\s*(?:[\w/-]*\d[\w/-]*|_+)(?:\s+(?:буйру|токтом|тескеме)\w*(?:\s+менен)?)?",
                         re.IGNORECASE)
_ANNEX_ONLY = re.compile(r"^\s*(тиркеме|приложение)\s*(№\s*)?\d*\s*$", re.IGNORECASE)
_STAMP_REACH = 400  # characters: a stamp is a few short lines


def read_heading(paragraphs: tuple[str, ...]) -> tuple[str, str, tuple[PlanWarning, ...]]:
    """Return the title, the approval stamp ("" if none) and warnings from the heading paragraphs."""
    text = "\n".join(p.strip() for p in paragraphs if p.strip())
    if not _STAMP_START.match(text):
        return fold(text), "", ()
    head = text[:_STAMP_REACH]
    end = _KY_END.search(head) or _NUMBER_END.search(head)
    first_line = text.split("\n", 1)[0]
    if end is None and _ANNEX_ONLY.match(first_line):
        return fold(text[len(first_line):]), fold(first_line), ()
    if end is None:
        return fold(text), "", (W.STAMP_END_NOT_FOUND(W.place("title"), start=fold(text)[:40]),)
    stamp, title = fold(text[:end.end()]), fold(text[end.end():])
    if not title:
        return stamp, "", (W.STAMP_ONLY(W.place("title")),)
    return title, stamp, ()

