"""Best-of-N wall and CPU time for functions compared side by side, within a time budget.

The functions compared are run in turn (a, b, a, b, ...), so a burst of load on the
machine falls on all of them alike; the best run of each counts, as with `timeit`. The
CPU time (`time.process_time`) is measured beside the wall time: on a machine shared with
other work, waiting for a processor inflates the wall time but not the CPU time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Timing:
    """The best wall time of a function in seconds, how many runs it took, its last result,
    and its best CPU time in seconds."""

    best: float
    runs: int
    result: Any
    cpu: float = 0.0


def best_of(fns: dict[str, Callable[[], Any]], *, repeats: int = 3,
            budget: float = 60.0) -> dict[str, Timing]:
    """Return the best of up to `repeats` runs of each of `fns`, by name.

    After the first round, another round is run only if it is expected to end within
    `budget` seconds of the start (a slow read is timed once rather than not at all).
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    results: dict[str, Any] = {}
    start = time.perf_counter()
    for _ in range(repeats):
        round_start = time.perf_counter()
        for name, fn in fns.items():
            t0, c0 = time.perf_counter(), time.process_time()
            results[name] = fn()
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
        now = time.perf_counter()
        if now - start + (now - round_start) > budget:
            break
    return {name: Timing(min(t), len(t), results[name], min(cpu[name]))
            for name, t in times.items()}
