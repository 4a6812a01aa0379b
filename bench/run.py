"""The benchmarks of esep, in one run: ingest beside the bare library reads, then collect and report.

Ingest: synthetic plans of 500, 1,000 and 2,000 measures (bench/make_plan.py, as .docx and
.pdf, cached in bench/data/), each read by `ingest.read_plan` and by the bare library read of
the same file — `docx.Document(path)`, or `pdfplumber.open(path)` and `extract_tables()` on
every page. Printed: seconds, the ratio ingest/bare (limit 1.5x), time per measure, growth of
the time per measure from the smallest plan to the largest (limit ±30%: linear), and whether
the plan read back holds the measures generated (a fast broken read is worth nothing).
Collect and report: bench/collect_bench.py and bench/report_bench.py, when present, each in a
fresh interpreter so that its peak memory is its own.

Usage: python bench/run.py [ingest] [collect] [report] [--sizes 500,1000,2000]
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
from importlib.metadata import version
from pathlib import Path

import docx
import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
sys.path[:0] = [str(ROOT), str(BENCH)]

import ingest.docx  # noqa: E402,F401  imported here so no timed run pays for the import
import ingest.pdf  # noqa: E402,F401
from _timing import best_of  # noqa: E402
from ingest import read_plan  # noqa: E402
from model.plan import plan_from_json  # noqa: E402

SIZES = (500, 1000, 2000)
FORMATS = ("docx", "pdf")
REPEATS = 3
# A round (ingest + bare read) is repeated only while it fits in this many seconds: one
# read of the 2,000-measure PDF takes minutes, and the whole run should stay near 15.
ROUND_BUDGET = 60.0
RATIO_LIMIT = 1.5
GROWTH_LIMIT = 0.30
# The plans are made again when any of these changes, so a cached plan is never stale.
GENERATORS = (BENCH / "make_plan.py", ROOT / "samples" / "plan_docx.py",
              ROOT / "samples" / "plan-ky.expected.json")
PARTS = ("ingest", "collect", "report")
OTHER_BENCHES = (("Collect (issue 4)", "collect_bench"), ("Report (issue 5)", "report_bench"))


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
    print(f"  making the {n:,}-measure plan (.docx, and .pdf with LibreOffice) ...", flush=True)
    DATA.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(BENCH / "make_plan.py"), str(n), str(DATA)], check=True)
    stamp.write_text(digest)
    print(f"  made in {time.perf_counter() - start:.0f} s", flush=True)
    return files


def bare_docx(path: Path) -> None:
    """Load the file with python-docx, nothing more."""
    docx.Document(path)


def bare_pdf(path: Path) -> int:
    """Return the number of pages, after pdfplumber's `extract_tables()` on every one."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()  # as the ingest does: without it 600 pages' objects stay in memory
        return len(pdf.pages)


def read_back(plan, expected) -> tuple[int, int]:
    """Return how many measures `plan` holds, and how many equal the generated ones."""
    wanted = {m.id: m for m in expected.measures()}
    got = list(plan.measures())
    return len(got), sum(1 for m in got if wanted.get(m.id) == m)


def bench_ingest(sizes: tuple[int, ...]) -> list[dict]:
    """Return one row per plan size and format, printing each as it is measured."""
    print("1. Ingest: ingest.read_plan beside the bare library read of the same file")
    print(f"   best of up to {REPEATS} runs, run in turn, as many as fit in {ROUND_BUDGET:.0f} s "
          f"(at least one); ratio limit {RATIO_LIMIT}x")
    files = {n: plan_files(n) for n in sizes}
    print()
    print(f"   {'measures':>8}  {'format':<6} {'size':>9} {'pages':>5}  {'ingest':>9}  {'bare':>9}"
          f"  {'ratio':>11}  {'per measure':>11}  {'runs':>4}  read back")
    rows = []
    for n in sizes:
        expected = plan_from_json(files[n]["json"].read_text(encoding="utf-8"))
        for kind in FORMATS:
            path = files[n][kind]
            bare = bare_docx if kind == "docx" else bare_pdf
            t = best_of({"ingest": lambda: read_plan(path), "bare": lambda: bare(path)},
                        repeats=REPEATS, budget=ROUND_BUDGET)
            found, exact = read_back(t["ingest"].result, expected)
            row = {"n": n, "format": kind, "ingest": t["ingest"].best, "bare": t["bare"].best,
                   "runs": t["ingest"].runs, "found": found, "exact": exact,
                   "pages": t["bare"].result if kind == "pdf" else None}
            rows.append(row)
            ratio = row["ingest"] / row["bare"]
            readback = f"{found:,}/{n:,} measures, {exact:,} exact"
            print(f"   {n:>8,}  {kind:<6} {path.stat().st_size / 2**10:>5,.0f} KiB"
                  f" {row['pages'] or '-':>5}  {row['ingest']:>7.3f} s  {row['bare']:>7.3f} s"
                  f"  {ratio:>5.2f}x {'OK' if ratio <= RATIO_LIMIT else 'OVER':<4}"
                  f"  {1000 * row['ingest'] / n:>8.3f} ms  {row['runs']:>4}  {readback}"
                  f"  {'OK' if exact == found == n else 'WRONG'}", flush=True)
    return rows


def print_growth(rows: list[dict]) -> None:
    """Print how the time per measure grows from the smallest plan to the largest."""
    sizes = sorted({r["n"] for r in rows})
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    print()
    print(f"   Growth of the time per measure from {small:,} to {large:,} measures "
          f"(linear: within ±{GROWTH_LIMIT:.0%})")
    for kind in FORMATS:
        at = {r["n"]: r for r in rows if r["format"] == kind}
        parts = []
        for what in ("ingest", "bare"):
            growth = (at[large][what] / large) / (at[small][what] / small) - 1
            flag = "OK" if abs(growth) <= GROWTH_LIMIT else "OVER"
            parts.append(f"{what} {growth:+6.0%} {flag if what == 'ingest' else '':<4}")
        print(f"   {kind:<6} " + "   ".join(parts))


def run_other(title: str, module: str) -> bool:
    """Run bench/<module>.py's `main([])` in a fresh interpreter; return False if it failed."""
    print(f"\n{title}: bench/{module}.py")
    if not (BENCH / f"{module}.py").exists():
        print(f"   {title.split()[0].lower()} benchmark: not available")
        return True
    code = (f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(BENCH)!r}]; "
            f"import {module}; {module}.main([])")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT)
    print(f"   ({time.perf_counter() - start:.0f} s)" if done.returncode == 0 else
          f"   {title.split()[0].lower()} benchmark FAILED (exit {done.returncode})", flush=True)
    return done.returncode == 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="esep benchmarks")
    parser.add_argument("parts", nargs="*", metavar="{ingest,collect,report}",
                        help="which benchmarks to run (all by default)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="plan sizes in measures for the ingest (default %(default)s)")
    args = parser.parse_args(argv)
    parts = args.parts or list(PARTS)
    if set(parts) - set(PARTS):
        parser.error(f"unknown part: {', '.join(sorted(set(parts) - set(PARTS)))}")
    sizes = tuple(sorted(int(s) for s in args.sizes.split(",")))
    print(f"esep benchmark, {date.today()}: {os.cpu_count()} cores, {platform.machine()}, "
          f"Python {platform.python_version()}, python-docx {version('python-docx')}, "
          f"pdfplumber {version('pdfplumber')}, openpyxl {version('openpyxl')}\n")
    start = time.perf_counter()
    ok = True
    if "ingest" in parts:
        print_growth(bench_ingest(sizes))
    for (title, module), part in zip(OTHER_BENCHES, ("collect", "report")):
        if part in parts:
            ok = run_other(title, module) and ok
    print(f"\nTotal {time.perf_counter() - start:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
