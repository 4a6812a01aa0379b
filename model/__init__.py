"""The records esep works on: the plan, and the progress units report on it.

Nothing here reads or writes documents of the ministry's own; `ingest` turns files into
these records and `render` turns them into documents.
"""

from .errors import EsepError
from .plan import (Deadline, Executors, GlossaryEntry, Measure, Plan, PlanWarning,
                   Section, Source, Task)

__all__ = ["EsepError", "Deadline", "Executors", "GlossaryEntry", "Measure", "Plan",
           "PlanWarning", "Section", "Source", "Task"]
