"""Status words as units write them: Kyrgyz or Russian, any case, stray spaces, plain synonyms."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from model.progress import DONE, IN_PROGRESS, NOT_DONE, NOT_YET_DUE, STATUSES
from model.statuses import SYNONYMS, closest, label, labels, status_key

WORDS = [(word, key) for key, words in SYNONYMS.items() for word in words]


@pytest.mark.parametrize("typed, key", [
    ("в стадии исполнения", IN_PROGRESS), ("частично выполнено", IN_PROGRESS),
    ("исполняется", IN_PROGRESS), ("аткарылуу стадиясында", IN_PROGRESS),
    ("жарым-жартылай аткарылды", IN_PROGRESS), ("Жарым – жартылай аткарылды", IN_PROGRESS),
    ("аткарылбады", NOT_DONE), ("Не исполнено.", NOT_DONE), ("Выполнено полностью", DONE),
    ("Срок ещё не наступил", NOT_YET_DUE), ("мөөнөтү келе элек?", NOT_YET_DUE)])
def test_plain_forms_units_write_read_as_the_status_they_mean(typed, key):
    assert status_key(typed) == key


@given(st.sampled_from(WORDS), st.lists(st.sampled_from([" ", "  ", "\u00a0", "\t"]),
                                        min_size=2, max_size=2),
       st.sampled_from(["", ".", "!", ";"]), st.booleans())
def test_case_spaces_and_end_marks_do_not_change_the_status(word_key, pads, mark, upper):
    word, key = word_key
    typed = pads[0] + word.replace(" ", pads[1]) + mark
    assert status_key(typed.upper() if upper else typed.title()) == key


@given(st.text(max_size=40))
def test_any_text_reads_as_a_status_or_none_and_a_suggestion_is_a_label(text):
    assert status_key(text) in (*STATUSES, None)
    for language in ("ky", "ru"):
        assert closest(text, language) in (*labels(language), None)


@given(st.sampled_from([(w, k) for w, k in WORDS if len(w) > 7 and "_" not in w]),
       st.integers(min_value=1, max_value=6))
def test_a_word_with_a_letter_missing_is_suggested_as_its_status(word_key, at):
    word, key = word_key
    typo = word[:at] + word[at + 1:]
    if status_key(typo) is None:
        assert closest(typo, "ky") == label(key, "ky")


def test_a_word_like_no_status_gets_no_suggestion():
    assert closest("бүттү", "ky") is None and closest("", "ru") is None
    assert closest("Выполнено!!", "ky") == "аткарылды"
    assert closest("аткарылд", "ru") == "выполнено"   # a suggestion in the form's language
