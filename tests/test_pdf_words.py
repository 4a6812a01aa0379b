"""A word is joined across a PDF line only on evidence; a doubtful reading is a warning.

The PDFs in tests/data/pdf-words/ are LibreOffice's exports of Word files made by
tests/data/make_pdf_words.py; each Word file is the truth its PDF is read against.
"""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest import read_plan
from ingest.pdf_words import BROKEN_SLACK, Judgement, judge

DATA = Path(__file__).parent / "data" / "pdf-words"


def _fields(plan) -> dict[str, tuple]:
    return {m.id: (m.text, m.deadline.text, m.expected_result, m.executors.text, m.funding)
            for m in plan.measures()}


def _doubts(plan) -> list[str]:
    return [str(w) for w in plan.warnings if "a line of the PDF ends there" in w.message]


@pytest.mark.parametrize("stem", ["funding-tight-ky", "funding-tight-ky-evidence", "broken-word-ru"])
def test_pdf_reads_every_field_as_its_word_file(stem):
    assert _fields(read_plan(DATA / f"{stem}.pdf")) == _fields(read_plan(DATA / f"{stem}.docx"))


def test_a_whole_word_filling_a_narrow_funding_column_keeps_its_space_and_is_flagged():
    plan = read_plan(DATA / "funding-tight-ky.pdf")
    assert {m.funding for m in plan.measures()} == {"каражаттардын чегинде"}
    assert _doubts(plan) == [
        f"1.1.{n}: funding: read 'каражаттардын чегинде' (or 'каражаттардынчегинде'? "
        "a line of the PDF ends there)" for n in (1, 2, 3)]


def test_the_word_printed_whole_elsewhere_settles_it_without_a_warning():
    plan = read_plan(DATA / "funding-tight-ky-evidence.pdf")
    assert {m.funding for m in plan.measures()} == {"каражаттардын чегинде"}
    assert _doubts(plan) == []


def test_a_word_broken_at_the_column_edge_is_joined_when_printed_whole_elsewhere():
    plan = read_plan(DATA / "broken-word-ru.pdf")
    assert {m.funding for m in plan.measures()} == {"Средства республиканского бюджета"}
    assert _doubts(plan) == []


def test_judge_weighs_the_evidence():
    # the joined form printed elsewhere
    assert judge("республикан", "ского бюджета", 0.2, {"республиканского"}) == Judgement(True, True)
    # a piece printed whole elsewhere, or room for another letter: two words
    assert not judge("каражаттардын", "чегинде", 0.3, {"каражаттардын"}).join
    assert not judge("каражаттардын", "чегинде", 0.3, {"чегинде"}).join
    assert judge("каражаттардын", "чегинде", 0.9, set()).certain
    # a single letter that is no word: the end of a word
    verdict = judge("Санариптештирүүнү", "н алкагында", 0.56, set())
    assert verdict.join and verdict.certain
    # no evidence: the likelier reading, not certain
    assert judge("каражаттардын", "чегинде", 0.3, set()) == Judgement(False, False)
    short = judge("Идентификациялан", "ган адамдардын", 0.3, set())
    assert short.join and not short.certain
    # a one-letter Russian word opens a line as a word
    assert not judge("полномочий", "в сфере", 0.3, set()).join


_WORD = st.text(alphabet="абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя", min_size=1, max_size=12)


@given(_WORD, _WORD, st.floats(min_value=0, max_value=30, allow_nan=False),
       st.sets(_WORD, max_size=5))
def test_room_for_a_letter_never_joins_unless_the_joined_word_is_printed(head, tail, slack, vocabulary):
    verdict = judge(head, tail, slack, vocabulary)
    if slack >= BROKEN_SLACK and head + tail not in vocabulary:
        assert not verdict.join and verdict.certain
    if head in vocabulary and head + tail not in vocabulary:
        assert not verdict.join
    if verdict.join:
        assert head + tail in vocabulary or slack < BROKEN_SLACK
