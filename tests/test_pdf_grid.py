"""Ruling lines to cells: the pure chain on its own, then against pdfplumber's on real PDFs."""

from pathlib import Path

import pdfplumber
import pytest

from ingest.pdf_grid import (Edge, cells_to_tables, edges_to_intersections, edges_to_tables,
                             intersections_to_cells, merge_edges, table_of)
from ingest.pdf_page import open_document, read_page

ROOT = Path(__file__).parent.parent
PDFS = [ROOT / "samples" / "plan-ky.pdf", ROOT / "samples" / "plan-ky-v2.pdf",
        ROOT / "tests" / "data" / "plan-ru.pdf"]


def _grid(xs, ys) -> list[Edge]:
    return [Edge("h", xs[0], y, xs[-1], y) for y in ys] + \
        [Edge("v", x, ys[0], x, ys[-1]) for x in xs]


def test_a_ruled_grid_gives_its_cells_row_by_row():
    edges = _grid([0, 10, 30], [0, 5, 20])
    cells = intersections_to_cells(edges_to_intersections(edges))
    assert sorted(cells) == [(0, 0, 10, 5), (0, 5, 10, 20), (10, 0, 30, 5), (10, 5, 30, 20)]
    table = table_of(cells)
    assert [row.cells for row in table.rows] == [((0, 0, 10, 5), (10, 0, 30, 5)),
                                                  ((0, 5, 10, 20), (10, 5, 30, 20))]
    assert table.bbox == (0, 0, 30, 20)


def test_lines_a_little_apart_snap_and_pieces_join():
    edges = [Edge("h", 0, 0.0, 12, 0.0), Edge("h", 13, 1.5, 30, 1.5), Edge("h", 0, 20, 30, 20),
             Edge("v", 0, 0, 0, 20), Edge("v", 30.5, 0, 30.5, 20), Edge("v", 5, 50, 5, 51)]
    merged = merge_edges(edges)
    assert Edge("h", 0, 0.75, 30, 0.75) in merged
    assert all(e.x0 != 5 for e in merged)  # shorter than a ruling line
    assert len(edges_to_tables(edges)) == 0  # one cell is no table
    assert [len(t) for t in cells_to_tables([(0, 0, 1, 1), (1, 0, 2, 1), (5, 5, 6, 6)])] == [2]


def test_a_merged_cell_leaves_none_under_the_columns_it_covers():
    edges = _grid([0, 10, 20], [0, 5, 10])
    # the top row is one cell across both columns: no line between them there
    edges = [e for e in edges if not (e.orientation == "v" and e.x0 == 10)]
    edges.append(Edge("v", 10, 5, 10, 10))
    (table,) = edges_to_tables(edges)
    assert [row.cells for row in table.rows] == [((0, 0, 20, 5), None),
                                                  ((0, 5, 10, 10), (10, 5, 20, 10))]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_the_cells_pdfium_lines_give_are_pdfplumbers(path):
    document = open_document(str(path))
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            theirs = [[[None if c is None else tuple(round(v) for v in c) for c in row.cells]
                       for row in t.rows] for t in page.find_tables()]
            ours = [[[None if c is None else tuple(round(v) for v in c) for c in row.cells]
                     for row in t.rows]
                    for t in edges_to_tables(list(read_page(document, index).edges))]
            assert ours == theirs, f"page {index + 1}"
    document.close()
