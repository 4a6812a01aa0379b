"""Reading a status as a clerk types it: Kyrgyz or Russian, any case, stray spaces, common synonyms.

The drop-down offers the labels of ``model.progress.STATUS_LABELS``; people still paste, retype or
use the words of last year's form, so the reader accepts the synonyms below as well.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from .progress import DONE, IN_PROGRESS, NOT_DONE, NOT_YET_DUE, STATUS_LABELS, STATUSES
from .text import normalize

# Compared as `model.text.normalize` folds them (any case, ё as е, no end punctuation).
SYNONYMS: dict[str, tuple[str, ...]] = {
    DONE: ("аткарылды", "аткарылган", "толук аткарылды", "толугу менен аткарылды", "бүткөрүлдү",
           "ишке ашырылды", "выполнено", "выполнен", "выполнена", "исполнено", "исполнен",
           "исполнена", "выполнено полностью", "полностью выполнено", "исполнено полностью",
           "реализовано", "done"),
    # Partly done is still in progress: the measure is not done until it all is.
    IN_PROGRESS: ("аткарылууда", "аткарылып жатат", "аткаруу процессинде", "иш жүрүүдө",
                  "аткарылуу стадиясында", "аткаруу стадиясында", "аткарылуу жараянында",
                  "жарым-жартылай аткарылды", "жарым-жартылай аткарылган", "жартылай аткарылды",
                  "ишке ашырылууда", "в процессе исполнения", "в процессе выполнения",
                  "в процессе", "в стадии исполнения", "в стадии выполнения",
                  "на стадии исполнения", "на стадии выполнения", "выполняется", "исполняется",
                  "в работе", "частично выполнено", "частично исполнено", "выполнено частично",
                  "исполнено частично", "частично", "реализуется", "in progress", "in_progress"),
    NOT_DONE: ("аткарылган жок", "аткарылбады", "аткарылган эмес", "аткарылбай калды",
               "ишке ашырылган жок", "не выполнено", "не выполнен", "не исполнено", "не исполнен",
               "не выполнена", "не исполнена", "не реализовано", "not done", "not_done"),
    NOT_YET_DUE: ("мөөнөтү келе элек", "мөөнөтү келген жок", "мөөнөтү жете элек",
                  "мөөнөтү түшө элек", "срок не наступил", "срок исполнения не наступил",
                  "срок не истек", "срок еще не наступил", "not yet due", "not_yet_due"),
}

_LOOKUP = {normalize(word): key for key, words in SYNONYMS.items() for word in words}


@lru_cache(maxsize=4096)  # a form's statuses are a few words typed again on every row
def status_key(text: object) -> str | None:
    """Return the status key (``done`` …) that `text` means, or None when it means none of them.

    >>> status_key("  Выполнено ")
    'done'
    """
    if text is None:
        return None
    folded = normalize(str(text))
    if folded in _LOOKUP:
        return _LOOKUP[folded]
    return _LOOKUP.get(folded.replace("-", " "))


def closest(text: object, language: str) -> str | None:
    """Return the label in `language` of the status `text` looks most like, or None.

    For the problem line of a word that is not a status: "'аткарылд' is not a status — did
    you mean 'аткарылды'?". Nothing is suggested for a word like none of them.

    >>> closest("аткарылд", "ky")
    'аткарылды'
    """
    folded = normalize(str(text or ""))
    if not folded:
        return None
    match = difflib.get_close_matches(folded, _LOOKUP, n=1, cutoff=0.75)
    return label(_LOOKUP[match[0]], language) if match else None


def labels(language: str) -> tuple[str, ...]:
    """Return the drop-down labels for a plan in `language` ("ky" or "ru"), in STATUSES order."""
    table = STATUS_LABELS.get(language, STATUS_LABELS["ky"])
    return tuple(table[key] for key in STATUSES)


def label(key: str, language: str) -> str:
    """Return the label a clerk reads for status `key` in `language`."""
    return STATUS_LABELS.get(language, STATUS_LABELS["ky"])[key]
