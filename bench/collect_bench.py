"""`esep collect` beside the bare calamine read of the same forms: 100, 250 and 500 filled forms
of a 2,000-measure plan, written by esep and the same forms re-saved by LibreOffice.

The bare read is what collect cannot do without: for each file, calamine's values of the form's
sheet and zipfile's read of the identity parts (xl/workbook.xml, docProps/custom.xml), parsed.
Both are timed in turn, best of 5 within 90 seconds, in wall time and in CPU time
(`time.process_time`, which time spent waiting for a shared processor does not count); their
ratio is OK within 1.5x. Collect's peak memory is taken in a run of its own, under tracemalloc.
The two kinds of file must give the same progress: a fast wrong read is worth nothing.

The forms are the plan's units' forms, every row filled; the 500 files are those forms sent
again and again (as units do), so collect reads every file and keeps the newest per unit, whose
rows alone it checks (nothing of a replaced form's rows is shown). LibreOffice's copies hold their text as shared strings, as Excel writes them.

Usage: python bench/collect_bench.py [N_MEASURES] [SIZES] [--profile]   e.g. 2000 100,250,500
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
import zipfile
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

from defusedxml import ElementTree
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from make_plan import make_plan  # noqa: E402
from ingest.forms import collect  # noqa: E402
from ingest.office import convert  # noqa: E402
from model.form_layout import COLUMNS  # noqa: E402
from model.form_layout import FIRST_ROW, field_cell  # noqa: E402
from model.forms import form_units, unit_measures  # noqa: E402
from render.forms import form_bytes  # noqa: E402
from model.plan import Plan  # noqa: E402
from model.progress import Progress, progress_to_dict  # noqa: E402

YEAR = 2025
RATIO_LIMIT = 1.5
REPEATS, BUDGET = 5, 90.0  # rounds of the two reads in turn, at most, and the seconds they may take
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
DONE_TEXT = ("Иш-чара боюнча ведомстволук бөлүмдөрдүн кызматкерлери менен {n} окуу семинары "
             "өткөрүлдү, ички тескөөчү актылар кабыл алынды жана жыйынтыгы сайтка жарыяланды.")


def filled_form(plan: Plan, unit: str, year: int = YEAR) -> bytes:
    """Return `unit`'s form for `year` with every row answered."""
    wb = load_workbook(io.BytesIO(form_bytes(plan, unit, year)))
    ws = wb.worksheets[0]
    ws[field_cell("filled_on")] = date(year + 1, 1, 14)
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


def make_resaved(plan: Plan, sizes: list[int], folder: Path) -> dict[int, Path]:
    """Return, per size, a folder of the same forms as `make_inboxes`, re-saved by LibreOffice."""
    make_inboxes(plan, sizes, folder)
    originals, resaved = folder / "originals", folder / "resaved"
    if not resaved.is_dir():
        _build(resaved, lambda tmp: [
            (tmp / f.name).write_bytes(convert(f.read_bytes(), "xlsx", "xlsx", file=f.name))
            for f in sorted(originals.iterdir())])
    inboxes = {}
    for size in sizes:
        inbox = folder / f"resaved-{size}"
        if not inbox.is_dir() or len(list(inbox.iterdir())) != size:
            _build(inbox, lambda tmp: _copies(resaved, form_units(plan, YEAR), size, tmp))
        inboxes[size] = inbox
    return inboxes


def bare_read(inbox: Path) -> int:
    """Return the cells calamine reads of every form in `inbox`, with the identity parts parsed."""
    cells = 0
    for path in sorted(inbox.iterdir()):
        with zipfile.ZipFile(path) as archive:
            ElementTree.fromstring(archive.read("xl/workbook.xml"))
            ElementTree.fromstring(archive.read("docProps/custom.xml"))
        with CalamineWorkbook.from_path(str(path)) as book:
            for row in book.get_sheet_by_index(0).to_python(skip_empty_area=False):
                cells += len(row)
    return cells


def clocked(fns: dict[str, Callable[[], Any]], repeats: int = 3,
            budget: float = 60.0) -> dict[str, tuple[float, float, Any]]:
    """Return the best wall and CPU seconds of each of `fns` and its result, run in turn.

    Another round is run only if it is expected to end within `budget` seconds of the start.
    """
    best: dict[str, list] = {name: [float("inf"), float("inf"), None] for name in fns}
    start = time.perf_counter()
    for _ in range(repeats):
        round_start = time.perf_counter()
        for name, fn in fns.items():
            wall, cpu = time.perf_counter(), time.process_time()
            result = fn()
            got = best[name]
            got[0] = min(got[0], time.perf_counter() - wall)
            got[1] = min(got[1], time.process_time() - cpu)
            got[2] = result
        now = time.perf_counter()
        if now - start + (now - round_start) > budget:
            break
    return {name: tuple(got) for name, got in best.items()}


def peak_mib(fn) -> float:
    """Return the peak MiB Python allocates while `fn()` runs (tracemalloc, a run of its own)."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def same_reading(a: Progress, b: Progress) -> bool:
    """Return True when two inboxes of the same forms gave the same progress."""
    return progress_to_dict(a) == progress_to_dict(b)


def run(n_measures: int = 2000, sizes: tuple[int, ...] = (100, 250, 500)) -> list[dict]:
    """Return one row per kind of file and size: collect's and the bare read's times, ratios."""
    plan = make_plan(n_measures)
    folder = ROOT / "bench" / "data" / f"collect-{n_measures}"
    kinds = {"esep": make_inboxes(plan, list(sizes), folder),
             "LibreOffice": make_resaved(plan, list(sizes), folder)}
    rows = []
    for size in sizes:
        got = {}
        for kind, inboxes in kinds.items():
            inbox = inboxes[size]
            times = clocked({"collect": lambda: collect(plan, [inbox], YEAR),
                             "bare": lambda: bare_read(inbox)}, repeats=REPEATS, budget=BUDGET)
            got[kind] = times["collect"][2]
            rows.append({"kind": kind, "forms": size,
                         "collect_s": times["collect"][0], "collect_cpu": times["collect"][1],
                         "bare_s": times["bare"][0], "bare_cpu": times["bare"][1],
                         "collect_mib": peak_mib(lambda: collect(plan, [inbox], YEAR))})
        rows[-1]["same"] = rows[-2]["same"] = same_reading(got["esep"], got["LibreOffice"])
    return rows


def profile(n_measures: int = 2000, size: int = 100, kind: str = "esep") -> None:
    """Print where collect's time goes on `size` forms (cProfile, the 25 costliest by own time)."""
    import cProfile
    import pstats

    plan = make_plan(n_measures)
    folder = ROOT / "bench" / "data" / f"collect-{n_measures}"
    make = make_inboxes if kind == "esep" else make_resaved
    inbox = make(plan, [size], folder)[size]
    profiler = cProfile.Profile()
    profiler.runcall(collect, plan, [inbox], YEAR)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main(argv: list[str]) -> None:
    if "--profile" in argv:
        profile(*[int(a) for a in argv if a.isdigit()][:2])
        return
    n = int(argv[0]) if argv else 2000
    sizes = tuple(int(s) for s in argv[1].split(",")) if len(argv) > 1 else (100, 250, 500)
    plan = make_plan(n)
    rows_per_form = [len(unit_measures(plan, u, YEAR)) for u in form_units(plan, YEAR)]
    print(f"collect: {n}-measure plan, {len(rows_per_form)} units, "
          f"{min(rows_per_form)}-{max(rows_per_form)} rows per form; python-calamine "
          f"{version('python-calamine')}")
    print(f"  {'forms':>5}  {'written by':<11} {'collect':>9} {'cpu':>8}   {'bare calamine':>13}"
          f" {'cpu':>8}   {'ratio cpu':>9} {'wall':>6}  {'peak':>9}  {'per form':>8}  read back")
    for row in run(n, sizes):
        ratio = row["collect_cpu"] / row["bare_cpu"]
        flag = "OK" if ratio <= RATIO_LIMIT else "OVER"
        print(f"  {row['forms']:>5}  {row['kind']:<11} {row['collect_s']:7.2f} s"
              f" {row['collect_cpu']:6.2f} s"
              f"   {row['bare_s']:11.2f} s {row['bare_cpu']:6.2f} s"
              f"   {ratio:5.2f}x {flag:<4} {row['collect_s'] / row['bare_s']:4.2f}x"
              f"  {row['collect_mib']:5.1f} MiB  {1000 * row['collect_cpu'] / row['forms']:5.0f} ms"
              f"  {'same' if row['same'] else 'DIFFERENT'}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
    print(f"  ratio: CPU time of collect / of the bare read, OK within {RATIO_LIMIT}x; per form: "
          "collect's CPU time")
    print(f"  peak resident memory of the whole run: {rss:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
