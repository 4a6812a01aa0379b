"""The heading above the plan table: the title and the approval stamp above it."""

import pytest

from ingest.title import read_heading

KY_STAMP = ("Тиркеме", "Кыргыз Республикасынын Өзгөчө кырдаалдар министрлигинин",
            "2025-жылдын 15-январындагы № 12 буйругу менен бекитилген")
RU_STAMP = ("Приложение", "к приказу МЧС КР", "от 15 января 2025 года № 12-п")


@pytest.mark.parametrize("stamp, title", [
    (KY_STAMP, "2025–2027-жылдарга иш-чаралар планы"),
    (RU_STAMP, "План мероприятий (в редакции приказа № 45)"),
    (("Утвержден приказом МЧС КР от «__» ________ 2025 года № ___",), "План мероприятий"),
    (("Тиркеме 2",), "Иш-чаралар планы"),
])
def test_stamp_and_title(stamp, title):
    assert read_heading(stamp + (title,)) == (title, " ".join(stamp), ())


def test_a_stamp_run_into_the_title_in_one_paragraph():
    # a PDF's right-aligned stamp lines reach the margin: its reader may join them to the title
    assert read_heading((" ".join(KY_STAMP) + " Иш-чаралар планы",)) == \
        ("Иш-чаралар планы", " ".join(KY_STAMP), ())


def test_no_stamp():
    assert read_heading(("Иш-чаралар", "планы")) == ("Иш-чаралар планы", "", ())


def test_a_stamp_without_its_end_is_a_warning_and_no_guess():
    title, stamp, warnings = read_heading(("Утвержден приказом МЧС КР", "План мероприятий"))
    assert (title, stamp) == ("Утвержден приказом МЧС КР План мероприятий", "")
    assert warnings[0].where == "title" and "approval stamp" in warnings[0].message
