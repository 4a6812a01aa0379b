"""Time and peak memory of the report for a 2,000-measure plan with 500 forms' progress.

Usage: python bench/report_bench.py [N_MEASURES] [N_FORMS] [--pdf]
Prints one line per step: wall time and the peak of Python's allocations (tracemalloc) during it,
then the process's peak resident memory, which counts lxml's own allocations too.
--pdf adds the LibreOffice conversion (slow: about a minute and a half).
"""

from __future__ import annotations

import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

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


def measure(label: str, fn):
    """Run `fn`, print its wall time and Python peak memory, return its result."""
    tracemalloc.start()
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {label:<34} {elapsed:7.2f} s   peak {peak / 2**20:7.1f} MiB")
    return result


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    n = int(args[0]) if args else 2000
    forms = int(args[1]) if len(args) > 1 else 500
    plan = load_plan(n)
    progress = synthetic_progress(plan, forms)
    print(f"report: {n}-measure plan, {forms} forms' progress, {len(progress.measures)} measures "
          f"in {YEAR}")
    data = measure("report data", lambda: report_data(plan, progress, YEAR))
    docx = measure("DOCX (template + main table)", lambda: render_data(data))
    html = measure("HTML page", lambda: render_html(data))
    print(f"  sizes: DOCX {len(docx) / 2**10:.0f} KiB, HTML {len(html.encode()) / 2**10:.0f} KiB")
    if "--pdf" in argv:
        pdf = measure("PDF (LibreOffice)", lambda: docx_to_pdf(docx))
        print(f"  PDF {len(pdf) / 2**10:.0f} KiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
    print(f"  peak resident memory of the whole run (lxml included): {rss:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
