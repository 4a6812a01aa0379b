"""Time and peak memory of `esep collect` on 100, 250 and 500 filled forms of a 2,000-measure plan.

Beside each, openpyxl's bare read-only load of the same files (every cell value read, nothing
checked), so the cost of esep's own work shows. The forms are the plan's units' forms, every row
filled; the 500 files are those forms sent again and again (as units do), so collect reads and
checks every file and keeps the newest per unit.

Usage: python bench/collect_bench.py [N_MEASURES] [SIZES]     e.g. 2000 100,250,500
The forms are cached in bench/data/collect-N/ (`make clean` removes them).
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from make_plan import make_plan  # noqa: E402
from ingest.forms import collect  # noqa: E402
from model.form_layout import COLUMNS  # noqa: E402
from model.form_layout import FIRST_ROW  # noqa: E402
from model.forms import form_units, unit_measures  # noqa: E402
from render.forms import form_bytes  # noqa: E402
from model.plan import Plan  # noqa: E402

YEAR = 2025
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
DONE_TEXT = ("Иш-чара боюнча ведомстволук бөлүмдөрдүн кызматкерлери менен {n} окуу семинары "
             "өткөрүлдү, ички тескөөчү актылар кабыл алынды жана жыйынтыгы сайтка жарыяланды.")


def filled_form(plan: Plan, unit: str, year: int = YEAR) -> bytes:
    """Return `unit`'s form for `year` with every row answered."""
    wb = load_workbook(io.BytesIO(form_bytes(plan, unit, year)))
    ws = wb.worksheets[0]
    ws["C6"] = date(year + 1, 1, 14)
    for i, _ in enumerate(unit_measures(plan, unit, year)):
        r = FIRST_ROW + i
        ws.cell(r, COL["status"], ("аткарылды", "аткарылууда", "аткарылган жок")[i % 3])
        ws.cell(r, COL["done"], DONE_TEXT.format(n=i % 9 + 1))
        ws.cell(r, COL["figures"], f"{i % 40 + 1} семинар, {i * 7 % 300} катышуучу")
        ws.cell(r, COL["documents"], f"Буйрук № {i + 100}, 12.03.2025")
        ws.cell(r, COL["reasons"], "Каржылоо кечиктирилди." if i % 3 == 2 else None)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def make_inboxes(plan: Plan, sizes: list[int], folder: Path) -> dict[int, Path]:
    """Return a folder of `size` filled forms per size, made once and cached under `folder`."""
    units = form_units(plan, YEAR)
    originals = folder / "originals"
    if not originals.is_dir():
        _build(originals, lambda tmp: [(tmp / f"{unit}.xlsx").write_bytes(filled_form(plan, unit))
                                       for unit in units])
    inboxes = {}
    for size in sizes:
        inbox = folder / f"inbox-{size}"
        if not inbox.is_dir() or len(list(inbox.iterdir())) != size:
            _build(inbox, lambda tmp: _copies(originals, units, size, tmp))
        inboxes[size] = inbox
    return inboxes


def _copies(originals: Path, units: tuple[str, ...], size: int, folder: Path) -> None:
    for i in range(size):
        unit = units[i % len(units)]
        target = folder / f"{i:04d}-{unit}.xlsx"
        shutil.copyfile(originals / f"{unit}.xlsx", target)
        os.utime(target, (1_760_000_000 + i, 1_760_000_000 + i))


def _build(folder: Path, fill) -> None:
    """Fill a fresh temporary folder and put it in place of `folder` (another run may share it)."""
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    fill(tmp)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


def bare_read(inbox: Path) -> int:
    """Return the number of cells read by openpyxl's read-only load of every file in `inbox`."""
    cells = 0
    for path in sorted(inbox.iterdir()):
        wb = load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    return cells


def timed(fn) -> tuple[float, float]:
    """Return the wall time of `fn()` and, from a second run under tracemalloc, its peak MiB."""
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 2**20


def run(n_measures: int = 2000, sizes: tuple[int, ...] = (100, 250, 500)) -> list[dict]:
    """Return one row per size: collect's and the bare load's time (s) and peak memory (MiB)."""
    plan = make_plan(n_measures)
    inboxes = make_inboxes(plan, list(sizes), ROOT / "bench" / "data" / f"collect-{n_measures}")
    rows = []
    for size in sizes:
        collect_s, collect_mib = timed(lambda: collect(plan, [inboxes[size]], YEAR))
        bare_s, bare_mib = timed(lambda: bare_read(inboxes[size]))
        rows.append({"forms": size, "collect_s": collect_s, "collect_mib": collect_mib,
                     "bare_s": bare_s, "bare_mib": bare_mib})
    return rows


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 2000
    sizes = tuple(int(s) for s in argv[1].split(",")) if len(argv) > 1 else (100, 250, 500)
    plan = make_plan(n)
    rows_per_form = [len(unit_measures(plan, u, YEAR)) for u in form_units(plan, YEAR)]
    print(f"collect: {n}-measure plan, {len(rows_per_form)} units, "
          f"{min(rows_per_form)}-{max(rows_per_form)} rows per form")
    print(f"  {'forms':>5}  {'collect':>9} {'peak':>10}   {'bare openpyxl':>13} {'peak':>10}"
          f"   {'per form':>8}")
    for row in run(n, sizes):
        print(f"  {row['forms']:>5}  {row['collect_s']:7.2f} s {row['collect_mib']:6.1f} MiB"
              f"   {row['bare_s']:11.2f} s {row['bare_mib']:6.1f} MiB"
              f"   {1000 * row['collect_s'] / row['forms']:5.0f} ms")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
    print(f"  peak resident memory of the whole run: {rss:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
