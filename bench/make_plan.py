"""Make a synthetic action plan of any size, for measuring the ingest on big files.

The records look like the real plan's: sections of about ten tasks (more in a plan so big that
it would need over 99 sections), tasks of one to three measures, texts of the real lengths made
of the real plan's words, the deadlines in their printed forms, executors from the real glossary.
The same `n_measures` always gives the same plan.

Usage: python bench/make_plan.py N OUTDIR   (writes OUTDIR/plan-N.docx, .pdf and .json)
"""

from __future__ import annotations

import math
import random
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "samples"), str(ROOT)]

from model.plan import (Deadline, Executors, Measure, Plan, Section, Task,  # noqa: E402
                        plan_from_json, plan_to_json)
from plan_docx import _write_atomically, convert_to_pdf, write_plan_docx  # noqa: E402

REAL = ROOT / "samples" / "plan-ky.expected.json"
TASKS_PER_SECTION = 10
MAX_SECTIONS = 99        # a plan numbers its sections with two digits at most
MEASURES_PER_TASK = (1, 1, 1, 2, 2, 3)
SEED = 2025

# (printed, start, end, annual, ongoing) in the forms the real plan prints
DEADLINES = [
    ("2025-жылдын I жарым жылдыгы", date(2025, 1, 1), date(2025, 6, 30), False, False),
    ("2026-жылдын II жарым жылдыгы", date(2026, 7, 1), date(2026, 12, 31), False, False),
    ("2027-жылдын II жарым жылы", date(2027, 7, 1), date(2027, 12, 31), False, False),
    ("2025-жылдын III кварталы", date(2025, 7, 1), date(2025, 9, 30), False, False),
    ("2026-жылдын I кварталы", date(2026, 1, 1), date(2026, 3, 31), False, False),
    ("2025-жыл", date(2025, 1, 1), date(2025, 12, 31), False, False),
    ("2026-жыл", date(2026, 1, 1), date(2026, 12, 31), False, False),
    ("2025–2026-жылдар", date(2025, 1, 1), date(2026, 12, 31), False, False),
    ("2025–2027-жылдар", date(2025, 1, 1), date(2027, 12, 31), False, False),
    ("2026–2027-жылдар", date(2026, 1, 1), date(2027, 12, 31), False, False),
    ("2025–2027-жылдар (жыл сайын)", date(2025, 1, 1), date(2027, 12, 31), True, False),
    ("Туруктуу", None, None, False, True),
]
OTHERS = ["ведомстволук жана аймактык бөлүмдөр", "тартылган ведомстволук жана аймактык бөлүктөр",
          "ведомстволук жана аймактык бөлүмдөр (мамлекеттик кызмат көрсөтүүчүлөр)"]
NOT_BODIES = ("«Түндүк»", "Эксперттер")


class _Writer:
    """Texts of the real plan's words and lengths, drawn from one seeded generator."""

    def __init__(self, real: Plan, rng: random.Random):
        self.rng = rng
        self.words = [w for m in real.measures() for w in (m.text + " " + m.expected_result).split()
                      if w[0].isalpha()]
        self.lengths = {
            "task": [len(t.text.split()) for t in real.tasks()],
            "measure": [len(m.text.split()) for m in real.measures()],
            "result": [len(m.expected_result.split()) for m in real.measures()],
            "section": [len(s.title.split()) for s in real.sections],
        }

    def text(self, kind: str) -> str:
        n = self.rng.choice(self.lengths[kind])
        start = self.rng.randrange(len(self.words) - n)
        words = self.words[start:start + n]  # a run of real words reads like the plan
        return " ".join([words[0][0].upper() + words[0][1:]] + words[1:])


def make_plan(n_measures: int, *, seed: int = SEED) -> Plan:
    """Return a synthetic plan of `n_measures` measures in the real plan's form."""
    real = plan_from_json(REAL.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    write = _Writer(real, rng)
    codes = [g.code for g in real.glossary if g.code not in NOT_BODIES]
    fundings = sorted({m.funding for m in real.measures() if m.funding})

    def shared():
        printed, start, end, annual, ongoing = rng.choice(DEADLINES)
        chosen = rng.sample(codes, rng.randint(1, 4))
        others = [rng.choice(OTHERS)] if rng.random() < 0.5 else []
        return (Deadline(printed, start, end, annual, ongoing), write.text("result"),
                Executors(" ".join(chosen + others), tuple(chosen), tuple(others)),
                rng.choice(fundings))

    expected_tasks = n_measures * len(MEASURES_PER_TASK) / sum(MEASURES_PER_TASK)
    per_section = max(TASKS_PER_SECTION, math.ceil(expected_tasks / MAX_SECTIONS) + 2)
    sections, left, s_no = [], n_measures, 0
    while left > 0:
        s_no += 1
        tasks = []
        for t_no in range(1, per_section + 1):
            if left <= 0:
                break
            count = min(left, rng.choice(MEASURES_PER_TASK))
            left -= count
            together = rng.random() < 0.4  # measures sharing one row, numbered by Word
            values = shared()
            measures = []
            for m_no in range(1, count + 1):
                if m_no > 1 and not together:  # a row of its own, some cells merged with above
                    values = tuple(old if rng.random() < 0.5 else new
                                   for old, new in zip(values, shared()))
                deadline, result, executors, funding = values
                measures.append(Measure(f"{s_no}.{t_no}.{m_no}", m_no, write.text("measure"),
                                        deadline, result, executors, funding))
            tasks.append(Task(f"{s_no}.{t_no}", t_no, write.text("task"), tuple(measures)))
        sections.append(Section(s_no, write.text("section"), tuple(tasks)))
    return Plan(title=real.title, language="ky", sections=tuple(sections),
                glossary=real.glossary, note=real.note)


def main(argv: list[str]) -> None:
    """Write OUTDIR/plan-N.docx, .pdf and .json (the records the ingest must give)."""
    if len(argv) != 2 or not argv[0].isdigit():
        raise SystemExit("usage: python bench/make_plan.py N OUTDIR")
    n, out = int(argv[0]), Path(argv[1])
    plan = make_plan(n)
    docx = out / f"plan-{n}.docx"
    _write_atomically(out / f"plan-{n}.json", plan_to_json(plan).encode("utf-8"))
    write_plan_docx(plan, docx)
    convert_to_pdf(docx, docx.with_suffix(".pdf"))


if __name__ == "__main__":
    main(sys.argv[1:])
