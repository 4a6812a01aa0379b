"""Best-of-N wall time for functions compared side by side, within a time budget.

The functions compared are run in turn (a, b, a, b, ...), so a burst of load on the
machine falls on all of them alike; the best run of each counts, as with `timeit`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Timing:
    """The best wall time of a function in seconds, how many runs it took, its last result."""

    best: float
    runs: int
    result: Any


def best_of(fns: dict[str, Callable[[], Any]], *, repeats: int = 3,
            budget: float = 60.0) -> dict[str, Timing]:
    """Return the best of up to `repeats` runs of each of `fns`, by name.

    After the first round, another round is run only if it is expected to end within
    `budget` seconds of the start (a slow read is timed once rather than not at all).
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    results: dict[str, Any] = {}
    start = time.perf_counter()
    for _ in range(repeats):
        round_start = time.perf_counter()
        for name, fn in fns.items():
            t0 = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t0)
        now = time.perf_counter()
        if now - start + (now - round_start) > budget:
            break
    return {name: Timing(min(t), len(t), results[name]) for name, t in times.items()}
