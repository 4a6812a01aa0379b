"""Which section, task and measure of one plan version is which in another.

An item is matched by its text first and its place second, never by its id alone: a task
inserted in section 6 shifts every id after it, and those items still match. The rules:

- Two items are candidates when their texts are similar (word similarity at least
  MIN_SIMILARITY), or, at the very same place, at least MIN_SIMILARITY_IN_PLACE.
- A text found word for word once in each version is the same item, wherever it stands.
- Other pairs are taken best first, by text similarity, then by evidence: the place (same matched
  parent, same number under it) and, for measures, the other fields (deadline, result,
  executors, funding).
- A pair is certain when no free rival comes close to it: a rival is close when its text
  similarity is within TEXT_MARGIN of the pair's and its evidence within EVIDENCE_MARGIN.
  A pair with a close rival is not guessed: every item in the tie is left unmatched and
  listed as uncertain, with the ids on the other side it may be.
- A task (or section) whose text changed past recognition still matches when every one of
  its matched measures (tasks) went into one and the same unmatched task (section).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from typing import Iterable

from .plan import Measure, Plan
from .text import canonical

SECTION, TASK, MEASURE = "section", "task", "measure"
LEVELS = (SECTION, TASK, MEASURE)

MIN_SIMILARITY = 0.5
MIN_SIMILARITY_IN_PLACE = 0.25
TEXT_MARGIN = 0.05
EVIDENCE_MARGIN = 0.2

def words(text: str) -> list[str]:
    """Return the lower-case words of `text`, punctuation left out."""
    return re.findall(r"\w+", canonical(text).lower())


def similarity(a: str, b: str) -> float:
    """Return how alike two texts are, word by word: 1.0 the same words, 0.0 none in common."""
    wa, wb = words(a), words(b)
    if wa == wb:
        return 1.0
    if not wa or not wb:
        return 0.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


@dataclass(frozen=True)
class Match:
    """One item's fate across versions.

    Both ids: the same item in both versions. Only `old_id`: removed, or (not `certain`) it may be
    any of `candidates` in the new version. Only `new_id`: added, or (not `certain`) it may be any
    of `candidates` in the old version.
    """

    level: str
    old_id: str | None
    new_id: str | None
    certain: bool = True
    candidates: tuple[str, ...] = ()
    similarity: float = 0.0


@dataclass(frozen=True)
class Matching:
    """Every section, task and measure of two plan versions, matched or not."""

    matches: tuple[Match, ...]

    def of_level(self, level: str) -> tuple[Match, ...]:
        """Return the matches of one level (section, task or measure)."""
        return tuple(m for m in self.matches if m.level == level)

    def pairs(self, level: str = MEASURE) -> dict[str, str]:
        """Return {old id: new id} for the items of `level` matched with certainty."""
        return {m.old_id: m.new_id for m in self.of_level(level)
                if m.old_id is not None and m.new_id is not None}

    def of_old(self, old_id: str, level: str = MEASURE) -> Match | None:
        """Return the match of the old version's item `old_id` (None: no such item in the old plan)."""
        return self._by_old.get((level, old_id))

    @cached_property
    def _by_old(self) -> dict[tuple[str, str], Match]:
        return {(m.level, m.old_id): m for m in self.matches if m.old_id is not None}


@dataclass(frozen=True)
class _Item:
    id: str
    text: str
    parent: str        # the parent's id; "" for sections
    number: int
    context: str = ""  # weaker evidence: the measure's other fields


@dataclass(frozen=True)
class _Pair:
    old: _Item
    new: _Item
    sim: float
    evidence: float


def _measure_context(m: Measure) -> str:
    return " | ".join((m.deadline.text, m.expected_result, m.executors.text, m.funding))


def _items(plan: Plan, level: str) -> list[_Item]:
    if level == SECTION:
        return [_Item(str(s.number), s.title, "", s.number) for s in plan.sections]
    if level == TASK:
        return [_Item(t.id, t.text, str(s.number), t.number)
                for s in plan.sections for t in s.tasks]
    return [_Item(m.id, m.text, t.id, m.number, _measure_context(m))
            for t in plan.tasks() for m in t.measures]


def _place(old: _Item, new: _Item, parents: dict[str, str]) -> float:
    """Return 1.0 at the same place (matched parent, same number), 0.5 under that parent, else 0."""
    if parents.get(old.parent) != new.parent:
        return 0.0
    return 1.0 if old.number == new.number else 0.5


def _candidate_pairs(olds: list[_Item], news: list[_Item], parents: dict[str, str]) -> list[_Pair]:
    new_words = [(n, words(n.text)) for n in news]
    pairs = []
    for o in olds:
        ow = words(o.text)
        for n, nw in new_words:
            place = _place(o, n, parents)
            floor = MIN_SIMILARITY_IN_PLACE if place == 1.0 else MIN_SIMILARITY
            if ow == nw:
                sim = 1.0
            else:
                matcher = SequenceMatcher(None, ow, nw, autojunk=False)
                # the cheap upper bounds first: most pairs of a big plan have nothing in common
                if (not ow or not nw or matcher.real_quick_ratio() < floor
                        or matcher.quick_ratio() < floor):
                    continue
                sim = matcher.ratio()
            if sim < floor:
                continue
            context = similarity(o.context, n.context) if (o.context or n.context) else 1.0
            pairs.append(_Pair(o, n, sim, (place + context) / 2))
    pairs.sort(key=lambda p: (-p.sim, -p.evidence, _id_key(p.old.id), _id_key(p.new.id)))
    return pairs


def _unique_exact(olds: list[_Item], news: list[_Item]) -> dict[str, str]:
    """Return {old id: new id} for the texts found word for word once in each version."""
    old_keys = Counter(tuple(words(o.text)) for o in olds)
    by_key = {}
    for n in news:
        key = tuple(words(n.text))
        by_key[key] = None if key in by_key else n.id
    return {o.id: by_key[key] for o in olds
            if (key := tuple(words(o.text))) and old_keys[key] == 1 and by_key.get(key)}


def _close(best: _Pair, rival: _Pair) -> bool:
    return (best.sim - rival.sim < TEXT_MARGIN
            and best.evidence - rival.evidence < EVIDENCE_MARGIN)


def _match_level(level: str, olds: list[_Item], news: list[_Item],
                 parents: dict[str, str]) -> list[Match]:
    exact = _unique_exact(olds, news)
    pairs = _candidate_pairs([o for o in olds if o.id not in exact],
                             [n for n in news if n.id not in exact.values()], parents)
    by_old: dict[str, list[_Pair]] = {}
    by_new: dict[str, list[_Pair]] = {}
    for pair in pairs:
        by_old.setdefault(pair.old.id, []).append(pair)
        by_new.setdefault(pair.new.id, []).append(pair)
    taken_old: dict[str, Match] = {o: Match(level, o, n, True, (), 1.0) for o, n in exact.items()}
    taken_new: dict[str, Match] = {n: taken_old[o] for o, n in exact.items()}
    for pair in pairs:
        if pair.old.id in taken_old or pair.new.id in taken_new:
            continue
        free = [p for p in by_old[pair.old.id] + by_new[pair.new.id] if p is not pair
                and p.old.id not in taken_old and p.new.id not in taken_new]
        rivals = [p for p in free if _close(pair, p)]
        if not rivals:
            match = Match(level, pair.old.id, pair.new.id, True, (), round(pair.sim, 3))
            taken_old[pair.old.id] = taken_new[pair.new.id] = match
            continue
        tie = [pair, *rivals]
        sim = round(pair.sim, 3)
        old_ids = sorted({p.old.id for p in tie}, key=_id_key)
        new_ids = sorted({p.new.id for p in tie}, key=_id_key)
        for old_id in old_ids:
            taken_old[old_id] = Match(level, old_id, None, False, tuple(new_ids), sim)
        for new_id in new_ids:
            taken_new[new_id] = Match(level, None, new_id, False, tuple(old_ids), sim)
    result = [taken_old.get(o.id) or Match(level, o.id, None) for o in olds]
    result += [taken_new[n.id] for n in news
               if n.id in taken_new and taken_new[n.id].old_id is None]
    result += [Match(level, None, n.id) for n in news if n.id not in taken_new]
    return result


def _adopt_parents(level: str, matches: list[Match], child_pairs: dict[str, str],
                   old_children: dict[str, list[str]], new_parent_of: dict[str, str],
                   texts: tuple[dict[str, str], dict[str, str]]) -> list[Match]:
    """Match an unmatched old parent to the one unmatched new parent all its children went to."""
    free_new = {m.new_id for m in matches if m.old_id is None and m.certain}
    adopted: dict[str, str] = {}
    for m in matches:
        if m.new_id is not None or not m.certain:
            continue
        homes = {new_parent_of[child_pairs[c]] for c in old_children.get(m.old_id, ())
                 if c in child_pairs}
        if len(homes) == 1 and (home := homes.pop()) in free_new and home not in adopted.values():
            adopted[m.old_id] = home
    if not adopted:
        return matches
    old_text, new_text = texts
    result = []
    for m in matches:
        if m.old_id in adopted:
            new_id = adopted[m.old_id]
            result.append(Match(level, m.old_id, new_id, True, (),
                                round(similarity(old_text[m.old_id], new_text[new_id]), 3)))
        elif m.old_id is None and m.new_id in adopted.values():
            continue
        else:
            result.append(m)
    return result


def _id_key(item_id: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in item_id.split("."))


def match_plans(old: Plan, new: Plan) -> Matching:
    """Return every section, task and measure of `old` and `new` matched by text and place.

    >>> match_plans(v1, v2).pairs()["6.2.1"]   # a task inserted before it in section 6
    '6.3.1'
    """
    sections = _match_level(SECTION, _items(old, SECTION), _items(new, SECTION), {"": ""})
    section_pairs = _pairs(sections)
    old_tasks, new_tasks = _items(old, TASK), _items(new, TASK)
    tasks = _match_level(TASK, old_tasks, new_tasks, section_pairs)
    old_measures, new_measures = _items(old, MEASURE), _items(new, MEASURE)
    measures = _match_level(MEASURE, old_measures, new_measures, _pairs(tasks))

    tasks = _adopt_parents(TASK, tasks, _pairs(measures), _children(old_measures),
                           {i.id: i.parent for i in new_measures},
                           (_texts(old_tasks), _texts(new_tasks)))
    sections = _adopt_parents(SECTION, sections, _pairs(tasks), _children(old_tasks),
                              {i.id: i.parent for i in new_tasks},
                              (_texts(_items(old, SECTION)), _texts(_items(new, SECTION))))
    return Matching(tuple(sections + tasks + measures))


def _pairs(matches: Iterable[Match]) -> dict[str, str]:
    return {m.old_id: m.new_id for m in matches if m.old_id is not None and m.new_id is not None}


def _children(items: list[_Item]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for item in items:
        children.setdefault(item.parent, []).append(item.id)
    return children


def _texts(items: list[_Item]) -> dict[str, str]:
    return {i.id: i.text for i in items}
