"""PDF lines read back into the plan's words."""

from ingest.layout import Para, join_words
from ingest.pdf import _cell_paras, _is_broken


def test_pdf_lines_join_after_an_attached_dash_only():
    assert join_words("2025–2027-", "жылдар", hyphens=True) == "2025–2027-жылдар"
    assert join_words("иш-", "чаралар", hyphens=True) == "иш-чаралар"
    assert join_words("(мындан ары –", "ТКА)", hyphens=True) == "(мындан ары – ТКА)"
    assert join_words("иш-", "чаралар") == "иш- чаралар"


def test_pdf_word_broken_at_the_cell_edge_is_joined():
    paras = _cell_paras([("Санариптештирүүнү", 0.56), ("н алкагында", None)], vocabulary={"алкагында"})
    assert paras == (Para("Санариптештирүүнүн алкагында"),)


def test_pdf_word_that_just_fits_keeps_its_space():
    assert _cell_paras([("предусмотренных", 0.99), ("бюджетных средств", None)], set()) == \
        (Para("предусмотренных бюджетных средств"),)


def test_pdf_a_whole_word_elsewhere_is_not_joined_however_tight():
    assert not _is_broken("автоматташтырылган", "маалыматтык системаны", 0.22, {"маалыматтык"})
    assert not _is_broken("регламенттешпирген", "документтерге", 0.7, {"регламенттешпирген"})
    assert _is_broken("Автоматташтырылга", "н маалыматты", 0.73, {"маалыматты"})


def test_pdf_word_cut_by_a_page_break_is_joined_across_the_pages():
    from ingest.assemble import _join_cells
    head = _cell_paras([("Жана толук иштөөсү.", None), ("Идентификацияланга", 0.32)], {"жана"})
    assert head[-1].open_end
    tail = _cell_paras([("н адамдардын", None)], set())
    assert _join_cells(head, tail, hyphens=True)[-1].text == \
        "Жана толук иштөөсү. Идентификацияланган адамдардын"
    whole = _cell_paras([("Жана", None), ("автоматташтырылган", 0.5)], {"автоматташтырылган"})
    assert not whole[-1].open_end
