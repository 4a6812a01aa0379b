"""A page's ruling lines to its tables' cells: edges → intersections → cells → tables → rows.

The chain is pdfplumber's (`table.py`, the "lines" strategy with its default tolerances),
written over plain tuples so that it runs fast and stands on its own. Coordinates are
points from the page's top-left corner: x to the right, `top` down.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple

SNAP_TOLERANCE = 3.0         # edges this close on the same line are one line
JOIN_TOLERANCE = 3.0         # pieces of a line this close end to end are one edge
EDGE_MIN_LENGTH = 3.0        # shorter edges are not ruling lines
INTERSECTION_TOLERANCE = 3.0

BBox = tuple[float, float, float, float]   # x0, top, x1, bottom


class Edge(NamedTuple):
    """A ruling line: "h" (from `x0` to `x1` at `top`) or "v" (from `top` to `bottom` at `x0`)."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class TableRow:
    """A row of a table: its cells' boxes, None where a merged cell covers a column."""

    cells: tuple[BBox | None, ...]
    bbox: BBox


@dataclass(frozen=True)
class Table:
    """A table found on a page: its rows, top to bottom, and its box."""

    rows: tuple[TableRow, ...]
    bbox: BBox


def _snap(values: list[float], tolerance: float) -> list[float]:
    """Return `values` with each cluster (neighbours within `tolerance`) moved to its mean."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = list(values)
    start = 0
    for i in range(1, len(order) + 1):
        if i == len(order) or values[order[i]] - values[order[i - 1]] > tolerance:
            cluster = order[start:i]
            mean = sum(values[j] for j in cluster) / len(cluster)
            for j in cluster:
                result[j] = mean
            start = i
    return result


def merge_edges(edges: list[Edge], snap: float = SNAP_TOLERANCE,
                join: float = JOIN_TOLERANCE, min_length: float = EDGE_MIN_LENGTH) -> list[Edge]:
    """Return `edges` snapped to common lines and joined end to end, short ones dropped."""
    merged: list[Edge] = []
    for orientation in ("h", "v"):
        group = [e for e in edges if e.orientation == orientation]
        if not group:
            continue
        if orientation == "h":
            ys = _snap([e.top for e in group], snap)
            lines = [(y, e.x0, e.x1) for y, e in zip(ys, group)]
        else:
            xs = _snap([e.x0 for e in group], snap)
            lines = [(x, e.top, e.bottom) for x, e in zip(xs, group)]
        lines.sort()
        current = None
        for at, start, end in lines + [(None, 0.0, 0.0)]:
            if current and at == current[0] and start <= current[2] + join:
                current[2] = max(current[2], end)
                continue
            if current and current[2] - current[1] >= min_length:
                a, s, e = current
                merged.append(Edge("h", s, a, e, a) if orientation == "h" else Edge("v", a, s, a, e))
            current = [at, start, end] if at is not None else None
    return merged


def edges_to_intersections(edges: list[Edge], tolerance: float = INTERSECTION_TOLERANCE
                           ) -> dict[tuple[float, float], tuple[set[int], set[int]]]:
    """Return the points where a vertical and a horizontal edge cross, with the edges (by index)."""
    vertical = sorted((e.x0, e.top, i) for i, e in enumerate(edges) if e.orientation == "v")
    xs = [v[0] for v in vertical]
    points: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for h_index, h in enumerate(edges):
        if h.orientation != "h":
            continue
        for k in range(bisect_left(xs, h.x0 - tolerance), bisect_right(xs, h.x1 + tolerance)):
            v = edges[vertical[k][2]]
            if v.top - tolerance <= h.top <= v.bottom + tolerance:
                vs, hs = points.setdefault((v.x0, h.top), (set(), set()))
                vs.add(vertical[k][2])
                hs.add(h_index)
    return points


def intersections_to_cells(points: dict[tuple[float, float], tuple[set[int], set[int]]]
                           ) -> list[BBox]:
    """Return the smallest rectangles whose four corners are points joined by edges."""
    columns: dict[float, list[float]] = {}
    lines: dict[float, list[float]] = {}
    for x, y in points:
        columns.setdefault(x, []).append(y)
        lines.setdefault(y, []).append(x)
    for values in (*columns.values(), *lines.values()):
        values.sort()

    def joined(a: tuple[float, float], b: tuple[float, float], axis: int) -> bool:
        return bool(points[a][axis] & points[b][axis])

    cells = []
    for (x, y) in sorted(points):
        below = [yy for yy in columns[x] if yy > y]
        right = [xx for xx in lines[y] if xx > x]
        found = None
        for yy in below:
            if not joined((x, y), (x, yy), 0):
                continue
            for xx in right:
                if not joined((x, y), (xx, y), 1):
                    continue
                corner = (xx, yy)
                if corner in points and joined(corner, (xx, y), 0) and joined(corner, (x, yy), 1):
                    found = (x, y, xx, yy)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def cells_to_tables(cells: list[BBox]) -> list[list[BBox]]:
    """Return the cells grouped into tables (cells sharing a corner), top to bottom; a lone
    cell is no table."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[BBox]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    tables = [g for g in groups.values() if len(g) > 1]
    return sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))


def _bbox(boxes) -> BBox:
    boxes = [b for b in boxes if b is not None]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def table_of(cells: list[BBox]) -> Table:
    """Return the table of `cells`: a row per distinct top, a column per distinct left edge."""
    xs = sorted({c[0] for c in cells})
    rows: dict[float, dict[float, BBox]] = {}
    for cell in sorted(cells, key=lambda c: (c[1], c[0])):
        rows.setdefault(cell[1], {})[cell[0]] = cell
    table_rows = []
    for top in sorted(rows):
        boxes = tuple(rows[top].get(x) for x in xs)
        table_rows.append(TableRow(cells=boxes, bbox=_bbox(boxes)))
    return Table(rows=tuple(table_rows), bbox=_bbox(cells))


def edges_to_tables(edges: list[Edge]) -> list[Table]:
    """Return the tables that a page's ruling lines draw, top to bottom."""
    cells = intersections_to_cells(edges_to_intersections(merge_edges(edges)))
    return [table_of(group) for group in cells_to_tables(cells)]
