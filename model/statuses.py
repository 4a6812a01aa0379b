"""Reading a status as a clerk types it: Kyrgyz or Russian, any case, stray spaces, common synonyms.

The drop-down offers the labels of ``model.progress.STATUS_LABELS``; people still paste, retype or
use the words of last year's form, so the reader accepts the synonyms below as well.
"""

from __future__ import annotations

from .progress import DONE, IN_PROGRESS, NOT_DONE, NOT_YET_DUE, STATUS_LABELS, STATUSES
from .text import normalize

# Compared as `model.text.normalize` folds them (any case, ё as е, no end punctuation).
SYNONYMS: dict[str, tuple[str, ...]] = {
    DONE: ("аткарылды", "аткарылган", "толук аткарылды", "бүткөрүлдү",
           "выполнено", "выполнен", "выполнена", "исполнено", "исполнен", "исполнена",
           "выполнено полностью", "done"),
    IN_PROGRESS: ("аткарылууда", "аткарылып жатат", "аткаруу процессинде", "иш жүрүүдө",
                  "жарым-жартылай аткарылды", "жарым жартылай аткарылды",
                  "в процессе исполнения", "в процессе выполнения", "в процессе", "выполняется",
                  "исполняется", "в работе", "частично выполнено", "in progress", "in_progress"),
    NOT_DONE: ("аткарылган жок", "аткарылбады", "аткарылган эмес",
               "не выполнено", "не выполнен", "не исполнено", "не исполнен", "не выполнена",
               "not done", "not_done"),
    NOT_YET_DUE: ("мөөнөтү келе элек", "мөөнөтү келген жок", "мөөнөтү жете элек",
                  "срок не наступил", "срок исполнения не наступил", "срок не истек",
                  "not yet due", "not_yet_due"),
}

_LOOKUP = {normalize(word): key for key, words in SYNONYMS.items() for word in words}


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


def labels(language: str) -> tuple[str, ...]:
    """Return the drop-down labels for a plan in `language` ("ky" or "ru"), in STATUSES order."""
    table = STATUS_LABELS.get(language, STATUS_LABELS["ky"])
    return tuple(table[key] for key in STATUSES)


def label(key: str, language: str) -> str:
    """Return the label a clerk reads for status `key` in `language`."""
    return STATUS_LABELS.get(language, STATUS_LABELS["ky"])[key]
