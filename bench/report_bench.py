"""Time and peak memory of the report for a 2,000-measure plan with 500 forms' progress.

Usage: python bench/report_bench.py [N_MEASURES] [N_FORMS] [--pdf]
Prints one line per step. Time and memory are measured in separate passes, since tracemalloc
slows what it traces (it made the DOCX step three times longer): first each step's wall and CPU
time, best of 3, with nothing tracing; then each step once more with tracemalloc on, for the
peak of Python's allocations, and the peak resident memory during the step (Linux's VmHWM, reset
before it), which counts lxml's own allocations too.
--pdf adds the LibreOffice conversion (slow: about a minute and a half), timed once.
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from model.plan import (Deadline, Executors, GlossaryEntry, Measure, Plan, Section,  # noqa: E402
                        Task)
from model.progress import (CO_EXECUTOR, DONE, IN_PROGRESS, LEAD, NOT_DONE, Entry,  # noqa: E402
                            MeasureProgress, Progress, UnitReturn)
from model.progress import outcome  # noqa: E402
from render.publish import docx_to_pdf, render_html  # noqa: E402
from render.report import render_data, report_data  # noqa: E402

YEAR = 2025
SENTENCE = ("Иш-чара боюнча ведомстволук бөлүмдөрдүн кызматкерлери менен {n} окуу семинары "
            "өткөрүлдү, ички тескөөчү актылар кабыл алынды жана жыйынтыгы сайтка жарыяланды.")


def synthetic_plan(n: int) -> Plan:
    """Return a plan of `n` measures (used when bench/make_plan.py is not there)."""
    units = [f"Б{i}" for i in range(1, 41)]
    rnd = random.Random(1)
    sections, made = [], 0
    for s in range(1, 100):
        tasks = []
        for t in range(1, 11):
            measures = []
            for k in range(1, 3):
                if made == n:
                    break
                made += 1
                codes = tuple(rnd.sample(units, rnd.randint(1, 4)))
                measures.append(Measure(f"{s}.{t}.{k}", k, SENTENCE.format(n=k) * 2,
                                        Deadline("2025-жыл", annual=True), "", Executors(
                                            " ".join(codes), codes), ""))
            if measures:
                tasks.append(Task(f"{s}.{t}", t, f"Милдет {s}.{t}", tuple(measures)))
        if tasks:
            sections.append(Section(s, f"Бөлүм {s}", tuple(tasks)))
        if made == n:
            break
    return Plan("Синтетикалык план", "ky", tuple(sections),
                tuple(GlossaryEntry(u, f"{u} башкармалыгы") for u in units))


def load_plan(n: int) -> Plan:
    """Return bench/make_plan.py's plan of `n` measures, or a synthetic one."""
    try:
        from make_plan import make_plan
    except ImportError:
        return synthetic_plan(n)
    return make_plan(n)


def synthetic_progress(plan: Plan, forms: int) -> Progress:
    """Return progress as if `forms` forms had been collected, answers spread over the units."""
    rnd = random.Random(2)
    units = list(plan.units())
    silent = set(rnd.sample(units, max(1, len(units) // 10)))
    per_unit = max(1, forms // max(len(units), 1))  # forms sent per unit, the newest counts
    measures = []
    for m in plan.measures():
        if not m.deadline.meets_year(YEAR):
            continue
        ended = m.deadline.is_due_in(YEAR) and not (m.deadline.annual or m.deadline.ongoing)
        entries = []
        for code in m.executors.codes:
            if code in silent:
                continue
            lead = code == m.executors.lead
            status = rnd.choice([DONE, DONE, IN_PROGRESS, NOT_DONE]) if lead else None
            entries.append(Entry(m.id, code, LEAD if lead else CO_EXECUTOR, status,
                                 done=SENTENCE.format(n=rnd.randint(1, 30)),
                                 reasons="Каражат бөлүнгөн жок." if status == NOT_DONE else ""))
        lead_status = next((e.status for e in entries if e.role == LEAD), None)
        measures.append(MeasureProgress(m.id, m.deadline.is_due_in(YEAR),
                                        outcome(lead_status, ended), lead_status, tuple(entries)))
    returns = tuple(UnitReturn(u, u not in silent, None if u in silent else f"{u}-{per_unit}.xlsx",
                               tuple(f"{u}-{i}.xlsx" for i in range(1, per_unit)))
                    for u in units)
    return Progress(YEAR, plan.fingerprint(), plan.title, tuple(measures), returns)


REPEATS = 3
STEPS = ("report data", "DOCX (template + main table)", "HTML page")


def step_functions(plan: Plan, progress: Progress) -> dict[str, Callable[[], object]]:
    """Return each step of the report on `plan` and `progress` as a function of nothing."""
    data = report_data(plan, progress, YEAR)
    return dict(zip(STEPS, (lambda: report_data(plan, progress, YEAR),
                            lambda: render_data(data), lambda: render_html(data))))


def timed(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float, object]:
    """Return the best wall and CPU seconds of `repeats` runs of `fn`, and its result."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def python_peak(fn: Callable[[], object]) -> int:
    """Return the peak of Python's allocations while `fn` runs (tracemalloc on for it only)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith(field))


def resident_rise(step: str, n: int, forms: int) -> str:
    """Return, as words, the resident memory of a fresh process at its peak during `step` and
    its rise over what the inputs held before it (Linux: VmRSS, then VmHWM reset before it)."""
    code = (f"import sys; sys.argv[1:] = []; sys.path[:0] = {[str(ROOT / 'bench')]!r}\n"
            f"import report_bench as b; print(*b.fresh_resident({step!r}, {n}, {forms}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode or not done.stdout.strip():
        return "n/a"
    before, peak = map(int, done.stdout.split())
    return f"{peak / 2**20:4.0f} MiB (+{(peak - before) / 2**20:.0f})"


def fresh_resident(step: str, n: int, forms: int) -> tuple[int, int]:
    """Return this process's resident bytes before `step` and at its peak during it."""
    plan = load_plan(n)
    fn = step_functions(plan, synthetic_progress(plan, forms))[step]
    before = _status("VmRSS:")
    with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")  # VmHWM back to what is resident now
    fn()
    return before, _status("VmHWM:")


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    n = int(args[0]) if args else 2000
    forms = int(args[1]) if len(args) > 1 else 500
    plan = load_plan(n)
    progress = synthetic_progress(plan, forms)
    steps = step_functions(plan, progress)
    print(f"report: {n}-measure plan, {forms} forms' progress, {len(progress.measures)} measures "
          f"in {YEAR}")
    print(f"  time: best of {REPEATS}, nothing tracing; then, in passes of their own, the peak of "
          "Python's\n  allocations (tracemalloc) and the resident memory of a fresh process at "
          "its peak during the step")
    results = {}
    for step, fn in steps.items():
        wall, cpu, results[step] = timed(fn)
        print(f"  {step:<30} {wall:6.2f} s  CPU {cpu:6.2f} s   Python peak "
              f"{python_peak(fn) / 2**20:5.1f} MiB   resident {resident_rise(step, n, forms)}",
              flush=True)
    docx, html = results[STEPS[1]], results[STEPS[2]]
    print(f"  sizes: DOCX {len(docx) / 2**10:.0f} KiB, HTML {len(html.encode()) / 2**10:.0f} KiB")
    if "--pdf" in argv:
        wall, cpu, pdf = timed(lambda: docx_to_pdf(docx), repeats=1)
        print(f"  {'PDF (LibreOffice, once)':<30} {wall:6.2f} s  (LibreOffice's CPU is its own "
              f"process's)\n  PDF {len(pdf) / 2**10:.0f} KiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
    print(f"  peak resident memory of the whole run (lxml included): {rss:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
