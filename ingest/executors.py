"""Executor codes read against the glossary (codes are matched by `model.text.match_code`)."""

from __future__ import annotations

import re

from model.plan import Executors, GlossaryEntry
from model.text import CodeMatcher, fold, quote


_TOKEN = re.compile(r"[^\s,;]+")
_EDGE_PUNCT = "().,;:"
# Words of a name that make a glossary entry a body (a unit that can be an executor).
_BODY_WORDS = re.compile(
    r"башкармалы|бөлүм|кызмат|борбор|министрлиг|агенттиг|комитет|инспекция|департамент|"
    r"управлени|отдел|служб|центр|министерств|агентств|комитет|департамент|инспекци|сектор",
    re.IGNORECASE)


def is_body(entry: GlossaryEntry) -> bool:
    """Return True when a glossary entry names a body that can be an executor.

    «Түндүк» (a system) and "Эксперттер" (independent experts) are glossary entries but not
    units; a quoted code never is one, an all-capitals abbreviation always is.
    """
    code = entry.code.strip()
    if not code or code[0] in "«\"“'":
        return False
    letters = [c for c in code if c.isalpha()]
    if len(letters) >= 2 and sum(c.isupper() for c in letters) >= len(letters) - 1:
        return True
    return bool(_BODY_WORDS.search(entry.name))


class CodeBook:
    """The glossary's executor codes, and how a printed token maps onto one of them."""

    def __init__(self, glossary: tuple[GlossaryEntry, ...]):
        self.codes = tuple(g.code for g in glossary if is_body(g))
        self._matcher = CodeMatcher(self.codes)

    def match(self, token: str) -> str | None:
        """Return the code `token` stands for: exact, another case, or a code short of its last letter."""
        return self._matcher.match(token)


def read_executors(text: str, book: CodeBook) -> tuple[Executors, list[tuple[str, str]]]:
    """Return the executors cell read into codes and other text, and each code read from
    another spelling, as (the spelling as printed, the code), for a warning.

    Codes keep their printed order (the first is the lead); each run of words that are not
    codes becomes one entry of `others`.

    >>> ex, warnings = read_executors("КБ УКжКААБ тартылган бөлүмдөр", CodeBook(...))
    """
    printed = fold(text)
    codes: list[str] = []
    others: list[str] = []
    warnings: list[tuple[str, str]] = []
    run_start = run_end = None
    for m in _TOKEN.finditer(printed):
        code = book.match(m.group())
        if code is None:
            run_start = m.start() if run_start is None else run_start
            run_end = m.end()
            continue
        if run_start is not None:
            others.append(printed[run_start:run_end])
            run_start = None
        if code not in codes:
            codes.append(code)
        if m.group().strip(_EDGE_PUNCT) != code:
            warnings.append((quote(m.group().strip(_EDGE_PUNCT)), code))
    if run_start is not None:
        others.append(printed[run_start:run_end])
    return Executors(text=printed, codes=tuple(codes), others=tuple(others)), warnings
