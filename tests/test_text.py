"""The one text-folding module: dashes, quotes, case, spaces and look-alike letters."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from model.text import DASH, DASHES, CodeMatcher, canonical, fold, match_code, normalize

CODES = ("КБ", "ККББ", "ӨӨЖААБ", "ЭАКБ")


def test_every_dash_is_one_dash():
    assert {unify for unify in map(canonical, DASHES)} == {"-"}
    assert all(re.fullmatch(DASH, d) for d in DASHES)
    assert not re.fullmatch(DASH, "_")


def test_canonical_keeps_case_and_words_but_folds_print():
    assert canonical("«Түндүк»  ВЭӨС\u00a0– 2025\u20132027") == '"Түндүк" ВЭӨС - 2025-2027'
    assert canonical("Е\u0308") == "Ё"  # composed as one letter


def test_normalize_folds_what_a_clerk_types_differently():
    assert normalize("  Выполнено. ") == normalize("выполнено")
    assert normalize("АТКАРЫЛДЫ") == normalize("аткарылды")
    assert normalize("жарым – жартылай") == normalize("жарым-жартылай")
    assert normalize("Всё") == normalize("все")
    assert normalize("«Статус»") == normalize("статус")
    assert normalize("Аткарылды") != normalize("Аткарылбады")


def test_a_latin_look_alike_letter_reads_as_the_cyrillic_one():
    assert normalize("KБ") == normalize("КБ")          # Latin K
    assert match_code("KБ", CODES) == "КБ"
    assert match_code("EAKB", CODES) is None             # B is a Latin В, not Б
    assert match_code("ЭAKБ", CODES) == "ЭАКБ"


def test_a_code_short_of_its_last_letter_is_read_only_when_asked():
    assert match_code("ӨӨжАА", CODES) == "ӨӨЖААБ"
    assert match_code("ӨӨжАА", CODES, shortened=False) is None
    assert match_code("ККБ", CODES) == "ККББ"
    assert match_code("КБ", CODES) == "КБ"                # exact before shortened
    assert CodeMatcher(CODES).match("(КБ),") == "КБ"


@given(st.text(max_size=40))
def test_normalize_is_a_fixed_point(text):
    assert normalize(normalize(text)) == normalize(text)


@given(st.text(max_size=40))
def test_fold_leaves_no_double_or_odd_space(text):
    folded = fold(text)
    assert "  " not in folded and folded == folded.strip()
    assert not re.search(r"[^\S ]", folded)


@given(st.text(alphabet="кбКБ KBkb.-", max_size=12), st.sampled_from(DASHES))
def test_the_kind_of_dash_never_matters(text, dash):
    assert normalize(text.replace("-", dash)) == normalize(text)
    assert canonical(text.replace("-", dash)) == canonical(text)
