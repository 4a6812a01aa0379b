"""Whether a line of a PDF cell ends inside a word: joined only on evidence.

A renderer wraps a line at a space, and breaks a word only when the word is wider than
the column; then the piece fills the line to its edge. A one-word line ending at the edge
is therefore either a whole word that happened to fill the line, or the head of a broken
word. What decides:

- the joined form printed whole elsewhere in the document: one word (certain);
- either piece printed whole elsewhere, or room for another letter left on the line: two
  words (certain);
- the next line opening with a single letter that stands for no word: one word (certain);
- nothing of that: the likelier reading (a short piece of up to three letters is the end
  of a word, a longer one a word of its own), flagged as uncertain, so that a warning names
  both readings.
"""

from __future__ import annotations

from dataclasses import dataclass

PUNCT = "().,;:«»\"“”'"
BROKEN_SLACK = 0.75  # room left, in letters, under which a one-word line may be a broken word
_SHORT_TAIL = 3      # letters: a piece this short is likelier the end of a word
# one-letter words of Russian (Kyrgyz has none in use): a line may open with one of them
_LETTER_WORDS = frozenset("авикосуя")


@dataclass(frozen=True)
class Judgement:
    """Whether two pieces are one word (`join`), and whether the evidence was firm (`certain`)."""

    join: bool
    certain: bool


def bare(word: str) -> str:
    """Return `word` without the punctuation around it, in lower case (as the vocabulary holds it)."""
    return word.strip(PUNCT).lower()


def judge(word: str, rest: str, slack: float | None, vocabulary: set[str]) -> Judgement:
    """Return whether `word` ending a line and the first word of `rest` on the next are one word.

    `slack` is the room the line leaves in its cell, in letters (None: the line cannot hold
    a broken word); `vocabulary` the words the document prints whole.
    """
    if slack is None or not rest.split():
        return Judgement(False, True)
    first = bare(rest.split()[0])
    head = bare(word)
    if (head + first) in vocabulary and head and first:
        return Judgement(True, True)
    if head in vocabulary or first in vocabulary or slack >= BROKEN_SLACK:
        return Judgement(False, True)
    if len(first) == 1 and first.isalpha():
        # a letter that is no word ends a word; one that is a word likelier is one
        return Judgement(True, True) if first not in _LETTER_WORDS else Judgement(False, False)
    return Judgement(0 < len(first) <= _SHORT_TAIL, False)
