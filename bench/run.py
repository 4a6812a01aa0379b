"""The benchmarks of esep in one run: ingest beside the bare library reads, collect, report.

Ingest: synthetic plans of 500, 1,000 and 2,000 measures (bench/make_plan.py, as .docx and
.pdf, cached in bench/data/), each read by `ingest.read_plan` and by the bare library read of
the same file — `docx.Document(path)`, or pypdfium2 reading every character with its box and
every path's bounds on every page (pdfplumber's `open()` and `extract_tables()` on every page
beside them, once, for the record). Printed: seconds, the ratio ingest/bare (limit 1.5x for
.docx, 2x for .pdf), time per measure, growth of the time per measure from the smallest plan
to the largest (over +30% is not linear), and whether the plan read back holds the measures
generated (a fast broken read is worth nothing).
Collect, report, the workspace, the page and the start-up: `main([])` of bench/collect_bench.py,
bench/report_bench.py, bench/store_bench.py, bench/web_bench.py and bench/startup_bench.py,
when present.

Each part runs in a fresh interpreter: a process's peak memory (ru_maxrss) is carried over
into the processes it starts, so a part run after the PDF reads would report theirs.

Usage: python bench/run.py [ingest] [collect] [report] [store] [web] [startup]
                           [--sizes 500,1000,2000] [--no-pdfplumber]
Exits 0 whatever the numbers; non-zero only when a benchmark itself fails.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import subprocess
import sys
import time
from datetime import date
from dataclasses import replace
from functools import partial
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
sys.path[:0] = [str(ROOT), str(BENCH)]

SIZES = (500, 1000, 2000)
FORMATS = ("docx", "pdf")
REPEATS = 3
# A read timed for scale (python-docx's every cell) is repeated only while it fits in this
# many seconds.
ROUND_BUDGET = 60.0
# The ingest's rounds read every size and format, each size as long as the largest (about
# 50 s of CPU a round on 2 cores): three rounds when the machine is quiet, fewer when shared.
INGEST_BUDGET = 240.0
RATIO_LIMIT = 1.5
RATIO_LIMITS = {"docx": RATIO_LIMIT, "pdf": 2.0}
GROWTH_LIMIT = 0.30
# The plans are made again when any of these changes, so a cached plan is never stale.
GENERATORS = (BENCH / "make_plan.py", ROOT / "samples" / "plan_docx.py",
              ROOT / "samples" / "plan-ky.expected.json")
PARTS = {"ingest": "1. Ingest (issue 3)", "collect": "2. Collect (issue 4)",
         "report": "3. Report (issue 5)", "store": "4. Workspace (issue 12)",
         "web": "5. The page, esep serve (issue 14)",
         "startup": "6. Start-up: esep as whole processes (issue 15)"}
OTHER_BENCHES = {"collect": "collect_bench", "report": "report_bench", "store": "store_bench",
                 "web": "web_bench", "startup": "startup_bench"}


def _generators_digest() -> str:
    digest = hashlib.sha256()
    for path in GENERATORS:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def plan_files(n: int) -> dict[str, Path]:
    """Return the synthetic plan of `n` measures as .docx, .pdf and .json, made once and cached."""
    files = {kind: DATA / f"plan-{n}.{kind}" for kind in ("docx", "pdf", "json")}
    stamp = DATA / f"plan-{n}.stamp"
    digest = _generators_digest()
    if all(p.exists() for p in files.values()) and stamp.exists() \
            and stamp.read_text() == digest:
        return files
    print(f"   making the {n:,}-measure plan (.docx, and .pdf with LibreOffice) ...", flush=True)
    DATA.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(BENCH / "make_plan.py"), str(n), str(DATA)], check=True)
    stamp.write_text(digest)
    print(f"   made in {time.perf_counter() - start:.0f} s", flush=True)
    return files


def bare_docx(path: Path) -> None:
    """Load the file with python-docx, nothing more."""
    import docx
    docx.Document(path)


def bare_pdf(path: Path) -> int:
    """Return the number of pages, after PDFium's read of every character's code and box and
    every path's bounds on every one (what the ingest needs of a page, and no more)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    document = pdfium.PdfDocument(path)
    rect = pdfium_c.FS_RECTF()
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        raw = textpage.raw
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            pdfium_c.FPDFText_GetUnicode(raw, i)
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect)
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            obj.get_bounds()
        textpage.close()
        page.close()
    pages = len(document)
    document.close()
    return pages


def pdfplumber_tables(path: Path) -> int:
    """Return the number of pages, after pdfplumber's `extract_tables()` on every one."""
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()  # as the ingest does: without it 600 pages' objects stay in memory
        return len(pdf.pages)


def _once(fn, path: Path) -> float:
    """Return the seconds one call of `fn(path)` takes."""
    start = time.perf_counter()
    fn(path)
    return time.perf_counter() - start


def docx_cell_texts(path: Path) -> int:
    """Return the number of cells read through python-docx's own API: every cell's text."""
    import docx
    return sum(len(cell.text) >= 0 for table in docx.Document(path).tables
               for row in table.rows for cell in row.cells)


def read_back(plan, expected) -> tuple[int, int]:
    """Return how many measures `plan` holds, and how many equal the generated ones."""
    wanted = {m.id: m for m in expected.measures()}
    got = list(plan.measures())
    return len(got), sum(1 for m in got if wanted.get(m.id) == m)


def bench_ingest(sizes: tuple[int, ...], plumber: bool = True) -> list[dict]:
    """Return one row per plan size and format, printing each as it is measured (pdfplumber's
    read beside the PDF's unless `plumber` is False)."""
    import docx  # noqa: F401  imported before timing, so that no timed run pays for it
    import ingest.docx  # noqa: F401
    import ingest.pdf  # noqa: F401
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401
    from _timing import best_of
    from ingest import read_plan
    from model.plan import plan_from_json

    print("   ingest.read_plan beside the bare library read of the same file: docx.Document(path);")
    print("   for .pdf, pypdfium2 reading every character's code and box and every path's bounds")
    print("   (and, for the record, pdfplumber's extract_tables() on every page, run once).")
    print(f"   Best of up to {REPEATS} rounds; a round reads every size and format in turn, ingest")
    print("   then bare, so a change in the machine's load falls on every size alike, and a")
    print("   smaller plan as many times as the largest is larger (each timed run about as long,")
    print("   so that none is short enough to fit in a lull of the load); as many rounds as fit")
    print(f"   in {INGEST_BUDGET:.0f} s (at least one). Times are per read. Ratio limit "
          f"{RATIO_LIMIT}x (.pdf: {RATIO_LIMITS['pdf']}x).")
    files = {n: plan_files(n) for n in sizes}
    print("   CPU time (time.process_time) beside the wall time: on a shared machine waiting for")
    print("   a processor inflates the wall time, not the CPU time; the ratio's verdict is")
    print("   the CPU's.")
    print()
    reads = {}
    times = {n: max(1, round(sizes[-1] / n)) for n in sizes}
    for n in sizes:
        for kind in FORMATS:
            path = files[n][kind]
            bare = bare_docx if kind == "docx" else bare_pdf
            reads[n, kind, "ingest"] = partial(_times, times[n], read_plan, path)
            reads[n, kind, "bare"] = partial(_times, times[n], bare, path)
    t = {key: _per_read(timing, times[key[0]])
         for key, timing in best_of(reads, repeats=REPEATS, budget=INGEST_BUDGET).items()}
    print(f"   {'measures':>8}  {'format':<6} {'size':>9} {'pages':>5}  {'ingest':>9}  {'bare':>9}"
          f"  {'ratio':>5}  {'cpu ingest':>10}  {'cpu bare':>9}  {'cpu ratio':>10}"
          f"  {'per measure':>11}  {'runs':>4}  {'pdfplumber':>10}  read back")
    rows = []
    for n in sizes:
        expected = plan_from_json(files[n]["json"].read_text(encoding="utf-8"))
        for kind in FORMATS:
            path = files[n][kind]
            mine, library = t[n, kind, "ingest"], t[n, kind, "bare"]
            found, exact = read_back(mine.result, expected)
            row = {"n": n, "format": kind, "ingest": mine.best, "bare": library.best,
                   "cpu ingest": mine.cpu, "cpu bare": library.cpu,
                   "runs": mine.runs, "found": found, "exact": exact,
                   "pages": library.result if kind == "pdf" else None}
            rows.append(row)
            record = (f"{_once(pdfplumber_tables, path):>8.3f} s" if kind == "pdf" and plumber
                      else f"{'-':>10}")
            print(_ingest_line(row, path, record), flush=True)
    largest = next(r for r in rows if r["n"] == sizes[-1] and r["format"] == "docx")
    docx_scale(files[sizes[-1]]["docx"], largest["ingest"])
    return rows


def _times(k: int, fn, path: Path):
    """Return the result of `fn(path)`, called `k` times."""
    for _ in range(k):
        result = fn(path)
    return result


def _per_read(timing, k: int):
    """Return `timing` of `k` reads as the timing of one."""
    return replace(timing, best=timing.best / k, cpu=timing.cpu / k)


def _ingest_line(row: dict, path: Path, plumber: str) -> str:
    """Return the printed line of one plan size and format."""
    n, kind = row["n"], row["format"]
    cpu_ratio = row["cpu ingest"] / row["cpu bare"]
    verdict = "OK" if cpu_ratio <= RATIO_LIMITS[kind] else "OVER"
    found, exact = row["found"], row["exact"]
    exact_verdict = "OK" if exact == found == n else "WRONG"
    return (f"   {n:>8,}  {kind:<6} {path.stat().st_size / 2**10:>5,.0f} KiB"
            f" {row['pages'] or '-':>5}  {row['ingest']:>7.3f} s  {row['bare']:>7.3f} s"
            f"  {row['ingest'] / row['bare']:>4.2f}x  {row['cpu ingest']:>8.3f} s"
            f"  {row['cpu bare']:>7.3f} s  {cpu_ratio:>5.2f}x {verdict:<4}"
            f"  {1000 * row['ingest'] / n:>8.3f} ms  {row['runs']:>4}  {plumber}"
            f"  {found:,}/{n:,} measures, {exact:,} exact  {exact_verdict}")


def docx_scale(path: Path, ingest_s: float) -> None:
    """Print, for scale, the time python-docx's own API takes to read every cell's text."""
    from _timing import best_of
    t = best_of({"cells": lambda: docx_cell_texts(path)}, repeats=REPEATS,
                budget=ROUND_BUDGET)["cells"]
    print(f"\n   For scale: python-docx reading every cell's text (table.rows, row.cells, "
          f"cell.text) in {path.name}:\n"
          f"   {t.best:.3f} s, {t.best / ingest_s:.1f}x the ingest's {ingest_s:.3f} s")


def print_growth(rows: list[dict]) -> None:
    """Print how the time per measure grows from the smallest plan to the largest."""
    sizes = sorted({r["n"] for r in rows})
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    print()
    print(f"   Time per measure at {large:,} against {small:,} measures: linear if it grows "
          f"by at most {GROWTH_LIMIT:.0%}")
    print("   (a fall is a fixed cost, such as opening the file, spread over more measures)")
    for kind in FORMATS:
        at = {r["n"]: r for r in rows if r["format"] == kind}
        parts = []
        for what in ("ingest", "bare", "cpu ingest", "cpu bare"):
            growth = (at[large][what] / large) / (at[small][what] / small) - 1
            flag = ("OK" if growth <= GROWTH_LIMIT else "OVER") if "ingest" in what else ""
            parts.append(f"{what} {growth:+5.0%} {flag:<4}")
        print(f"   {kind:<6} " + "   ".join(parts))


def run_other(module: str) -> None:
    """Call bench/<module>.py's `main([])`, or say that it is not there."""
    if not (BENCH / f"{module}.py").exists():
        print(f"   {module.removesuffix('_bench')} benchmark: not available")
        return
    __import__(module).main([])


def run_here(part: str, sizes: tuple[int, ...], plumber: bool = True) -> None:
    """Run one part of the benchmark in this process."""
    print(PARTS[part], flush=True)
    if part == "ingest":
        print_growth(bench_ingest(sizes, plumber))
    else:
        run_other(OTHER_BENCHES[part])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="esep benchmarks (see bench/README.md)")
    parser.add_argument("parts", nargs="*", metavar="{ingest,collect,report,store,web,startup}",
                        help="which benchmarks to run (all by default)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="plan sizes in measures for the ingest (default %(default)s)")
    parser.add_argument("--no-pdfplumber", action="store_true",
                        help="leave out pdfplumber's read of the PDFs (minutes of the ingest part)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if set(args.parts) - set(PARTS):
        parser.error(f"unknown part: {', '.join(sorted(set(args.parts) - set(PARTS)))}")
    parts = [p for p in PARTS if p in args.parts or not args.parts]
    sizes = tuple(sorted(int(s) for s in args.sizes.split(",")))
    if args.child:
        run_here(parts[0], sizes, not args.no_pdfplumber)
        return 0
    print(f"esep benchmark, {date.today()}: {os.cpu_count()} cores, {platform.machine()}, "
          f"Python {platform.python_version()}, python-docx {version('python-docx')}, "
          f"pypdfium2 {version('pypdfium2')}, pdfplumber {version('pdfplumber')}, openpyxl {version('openpyxl')}", flush=True)
    start = time.perf_counter()
    failed = []
    for part in parts:
        print(flush=True)
        part_start = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, part, "--sizes", args.sizes, "--child"]
                              + ["--no-pdfplumber"] * args.no_pdfplumber,
                              cwd=ROOT)
        if done.returncode:
            failed.append(part)
            print(f"   {part} benchmark FAILED (exit {done.returncode})")
        print(f"   ({part}: {time.perf_counter() - part_start:.0f} s)", flush=True)
    print(f"\nTotal {time.perf_counter() - start:.0f} s"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
