"""What changed between two versions of the plan, item by item, with the changed words marked.

Every section, task and measure matched across the versions (``model.matching``) is compared field
by field, after folding spaces, dashes and quotes (``model.text.canonical``). Its change has one kind:

- ``added`` / ``removed``: the item is only in the new / only in the old version;
- ``reworded``: its own text (a section's title, a task's or measure's text) changed;
- ``changed``: its text is the same but another field changed (a measure's deadline, expected
  result, executors or funding);
- ``moved``: nothing but its id changed. An id change alone always counts as moved, whatever
  caused it: renumbered by an item inserted or removed before it, or put under another task or
  section. A task that moves takes its measures' ids with it, and each of them is listed as moved
  too, because the units' forms cite measures by id.

``fields`` names the compared fields that differ (a measure's ``text``, ``deadline``,
``expected_result``, ``executors``, ``funding``; a task's ``text``; a section's ``title``); it is
empty for added, removed and moved items. An id change shows as ``old_id`` != ``new_id``, whatever
the kind. An item that cannot be matched with certainty is listed once, from the old version, with
``certain`` false, no ``new_id`` and the new ids it may be in ``candidates``; its kind is ``moved``
when one of them has the very same text, else ``reworded``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from .matching import MEASURE, SECTION, TASK, Match, Matching, match_plans
from .text import canonical
from .plan import Plan

ADDED, REMOVED, MOVED, REWORDED, CHANGED = "added", "removed", "moved", "reworded", "changed"
KINDS = (ADDED, REMOVED, MOVED, REWORDED, CHANGED)

# The compared fields of each level; the first is the item's own text.
FIELDS = {
    SECTION: ("title",),
    TASK: ("text",),
    MEASURE: ("text", "deadline", "expected_result", "executors", "funding"),
}

EQUAL, DELETE, INSERT = "equal", "delete", "insert"


@dataclass(frozen=True)
class Span:
    """A run of words kept, deleted or inserted."""

    op: str    # EQUAL, DELETE or INSERT
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value, and the words that changed."""

    name: str
    old: str
    new: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Change:
    """One item added, removed, moved, reworded or changed."""

    kind: str
    level: str
    old_id: str | None
    new_id: str | None
    fields: tuple[str, ...] = ()
    certain: bool = True
    candidates: tuple[str, ...] = ()
    details: tuple[FieldChange, ...] = ()
    old: dict[str, str] | None = None    # the old item's fields, as compared
    new: dict[str, str] | None = None    # the new item's fields

    @property
    def text(self) -> str:
        """Return the item's own text, the new one where there is one."""
        values = self.new or self.old or {}
        return values.get(FIELDS[self.level][0], "")


def word_spans(old: str, new: str) -> tuple[Span, ...]:
    """Return `old` turned into `new` as runs of equal, deleted and inserted words.

    Joining the equal and deleted runs gives `old`, the equal and inserted runs `new` (spaces,
    dashes and quotes folded as in ``model.text.canonical``).
    """
    a, b = _tokens(old), _tokens(new)
    raw: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            raw.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            raw.append((INSERT, "".join(b[j1:j2])))
    return tuple(Span(op, text) for op, text in _merge(raw))


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]+|\s+", canonical(text))


def _merge(raw: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return the runs with each stretch of changes as one deletion and one insertion.

    A space kept between two changes belongs to both sides of the stretch; without this,
    "a b" -> "c d" reads as two changes around a kept space.
    """
    merged: list[tuple[str, str]] = []
    deleted: str | None = None
    inserted = ""
    for i, (op, text) in enumerate(raw):
        between = (op == EQUAL and not text.strip() and deleted is not None
                   and i + 1 < len(raw) and raw[i + 1][0] != EQUAL)
        if op == EQUAL and not between:
            if deleted is not None:
                merged += [(k, t) for k, t in ((DELETE, deleted), (INSERT, inserted)) if t]
                deleted, inserted = None, ""
            merged.append((EQUAL, text))
            continue
        deleted = deleted or ""
        if op != INSERT:
            deleted += text
        if op != DELETE:
            inserted += text
    if deleted is not None:
        merged += [(k, t) for k, t in ((DELETE, deleted), (INSERT, inserted)) if t]
    return merged


def _values(plan: Plan, level: str) -> dict[str, dict[str, str]]:
    if level == SECTION:
        return {str(s.number): {"title": s.title} for s in plan.sections}
    if level == TASK:
        return {t.id: {"text": t.text} for t in plan.tasks()}
    return {m.id: {"text": m.text, "deadline": m.deadline.text,
                   "expected_result": m.expected_result, "executors": m.executors.text,
                   "funding": m.funding}
            for m in plan.measures()}


def _compare(match: Match, old: dict[str, str], new: dict[str, str]) -> Change | None:
    level = match.level
    own = FIELDS[level][0]
    details = tuple(FieldChange(f, old[f], new[f], word_spans(old[f], new[f]))
                    for f in FIELDS[level] if canonical(old[f]) != canonical(new[f]))
    renumbered = match.old_id != match.new_id
    if not details and not renumbered:
        return None
    fields = tuple(d.name for d in details)
    kind = REWORDED if any(d.name == own for d in details) else CHANGED if details else MOVED
    return Change(kind, level, match.old_id, match.new_id, fields, True, (), details, old, new)


def _uncertain(match: Match, old: dict[str, str], new_values: dict[str, dict[str, str]]) -> Change:
    own = FIELDS[match.level][0]
    same_text = any(canonical(new_values[c][own]) == canonical(old[own]) for c in match.candidates)
    kind, fields = (MOVED, ()) if same_text else (REWORDED, (own,))
    return Change(kind, match.level, match.old_id, None, fields, False, match.candidates,
                  old=old)


def _order(old: Plan, new: Plan) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """Return the position of every item in each plan's reading order, keyed by (level, id)."""
    def walk(plan: Plan) -> dict[tuple[str, str], int]:
        keys = []
        for s in plan.sections:
            keys.append((SECTION, str(s.number)))
            for t in s.tasks:
                keys.append((TASK, t.id))
                keys.extend((MEASURE, m.id) for m in t.measures)
        return {k: i for i, k in enumerate(keys)}
    return walk(old), walk(new)


def diff_plans(old: Plan, new: Plan, matching: Matching | None = None) -> tuple[Change, ...]:
    """Return the changes that turn `old` into `new`, in the new plan's reading order.

    Identical plans (whatever file each came from) give an empty tuple.
    """
    matching = matching or match_plans(old, new)
    changes: list[tuple[tuple, Change]] = []
    old_pos, new_pos = _order(old, new)
    matched_old = {(m.level, m.old_id): new_pos[(m.level, m.new_id)] for m in matching.matches
                   if m.old_id is not None and m.new_id is not None}

    def anchor(level: str, old_id: str) -> tuple:
        """Sort an item only in the old plan after the matched item that came before it."""
        here = old_pos[(level, old_id)]
        before = [new for (lv, oid), new in matched_old.items() if old_pos[(lv, oid)] < here]
        return (max(before, default=-1), 1, here)

    for level in (SECTION, TASK, MEASURE):
        olds, news = _values(old, level), _values(new, level)
        for m in matching.of_level(level):
            if m.old_id is not None and m.new_id is not None:
                change = _compare(m, olds[m.old_id], news[m.new_id])
                key = (new_pos[(level, m.new_id)], 0, 0)
            elif m.old_id is not None:
                change = (_uncertain(m, olds[m.old_id], news) if not m.certain
                          else Change(REMOVED, level, m.old_id, None, old=olds[m.old_id]))
                key = anchor(level, m.old_id)
            elif m.certain:
                change = Change(ADDED, level, None, m.new_id, new=news[m.new_id])
                key = (new_pos[(level, m.new_id)], 0, 0)
            else:
                continue  # a candidate of an uncertain old item: listed with it
            if change is not None:
                changes.append((key, change))
    changes.sort(key=lambda kc: kc[0])
    return tuple(c for _, c in changes)


def change_to_dict(change: Change) -> dict[str, Any]:
    """Return one change as its JSON object (the keys of ``esep diff --json``)."""
    return {
        "kind": change.kind,
        "level": change.level,
        "old_id": change.old_id,
        "new_id": change.new_id,
        "fields": list(change.fields),
        "certain": change.certain,
        "candidates": list(change.candidates),
        "values": {d.name: {"old": d.old, "new": d.new} for d in change.details},
        "words": {d.name: [[s.op, s.text] for s in d.spans] for d in change.details},
    }


def changes_to_dict(changes: tuple[Change, ...]) -> dict[str, Any]:
    """Return ``{"changes": [...]}``, the object ``esep diff --json`` prints."""
    return {"changes": [change_to_dict(c) for c in changes]}


def summary(changes: tuple[Change, ...]) -> dict[str, int]:
    """Return the number of certain changes of each kind, and under "uncertain" the others.

    Every kind is present, zero or not; the counts add up to the number of changes.
    """
    counts = {k: 0 for k in KINDS}
    counts["uncertain"] = 0
    for c in changes:
        counts[c.kind if c.certain else "uncertain"] += 1
    return counts

