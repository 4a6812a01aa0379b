"""Whole-process times of the commands a clerk runs most, beside the floors of the machine.

Each case is started as a process of its own, as the clerk starts it (the installed `esep`
script), best of 5 taken in turn: the wall time, and the CPU time the process used (user +
system, from `os.wait4`), which waiting for a busy processor does not count. The floors:
`python -c pass` (the interpreter alone) and python-docx importing and opening the sample plan
(what `esep ingest plan.docx` cannot do without). Then `python -X importtime` of
`esep --version`: the slowest imports by their own time.

The processes run with their bytecode cached, as after an install (pip compiles what it
installs): in bench/data/pycache, written by one round run first and not counted, so a
PYTHONDONTWRITEBYTECODE in the environment does not make every start compile esep's sources.

Usage: python bench/startup_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
TOP_IMPORTS = 5
SAMPLE_DOCX = "samples/plan-ky.docx"
SAMPLE_TXT = "samples/plan-ky.txt"
PYCACHE = ROOT / "bench" / "data" / "pycache"


def child_env() -> dict[str, str]:
    """Return the environment of the processes measured: bytecode written to and read from
    bench/data/pycache."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def esep_command() -> list[str]:
    """Return the command that starts esep as installed: the script beside this Python."""
    script = Path(sys.executable).with_name("esep")
    if script.exists():
        return [str(script)]
    found = shutil.which("esep")
    return [found] if found else [sys.executable, "-m", "esep"]


def cases() -> list[tuple[str, list[str]]]:
    """Return the (label, command) pairs measured, the floors first."""
    esep = esep_command()
    return [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("python: import docx, open the sample", [sys.executable, "-c",
                                                  f"import docx; docx.Document({SAMPLE_DOCX!r})"]),
        ("esep --version", [*esep, "--version"]),
        (f"esep ingest {SAMPLE_TXT}", [*esep, "ingest", SAMPLE_TXT]),
        (f"esep ingest {SAMPLE_DOCX}", [*esep, "ingest", SAMPLE_DOCX]),
    ]


def run_once(command: list[str]) -> tuple[float, float]:
    """Return the wall and CPU seconds of one run of `command`; raise if it fails."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(command)} exited {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def best_of(commands: list[list[str]], runs: int) -> list[tuple[float, float]]:
    """Return the best wall and the best CPU seconds of each command, run in turn `runs` times."""
    walls = [[] for _ in commands]
    cpus = [[] for _ in commands]
    for command in commands:  # writes the bytecode; not counted
        run_once(command)
    for _ in range(runs):
        for i, command in enumerate(commands):
            wall, cpu = run_once(command)
            walls[i].append(wall)
            cpus[i].append(cpu)
    return [(min(w), min(c)) for w, c in zip(walls, cpus)]


def slowest_imports(command: list[str], top: int, runs: int = 3) -> list[tuple[int, int, str]]:
    """Return the `top` imports of `command` by their own time (µs, best of `runs`), with
    their cumulative time: (self, cumulative, module)."""
    if command[0] != sys.executable:  # the script is a Python file: run it under -X importtime
        command = [sys.executable, *command]
    best: dict[str, tuple[int, int]] = {}
    for _ in range(runs):
        done = subprocess.run([command[0], "-X", "importtime", *command[1:]], cwd=ROOT,
                              env=child_env(), capture_output=True, text=True, check=True)
        for line in done.stderr.splitlines():
            found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
            if found:
                own, total, name = int(found[1]), int(found[2]), found[4]
                if name not in best or own < best[name][0]:
                    best[name] = (own, total)
    ranked = sorted(((own, total, name) for name, (own, total) in best.items()), reverse=True)
    return ranked[:top]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    measured = cases()
    print(f"   whole processes, best of {args.runs} taken in turn: wall, and the CPU time the "
          "process used (user + system)")
    results = best_of([command for _, command in measured], args.runs)
    floor_wall, floor_cpu = results[0]
    print(f"   {'':<40} {'wall':>8} {'CPU':>8}   {'CPU over python -c pass':>23}")
    for (label, _), (wall, cpu) in zip(measured, results):
        over = f"{cpu - floor_cpu:>+9.3f} s" if label != measured[0][0] else ""
        print(f"   {label:<40} {wall:>6.3f} s {cpu:>6.3f} s   {over:>23}")
    version = next(command for label, command in measured if label == "esep --version")
    print(f"\n   the {TOP_IMPORTS} slowest imports of `esep --version` (python -X importtime, "
          "best of 3), by their own time:")
    print(f"   {'own':>9} {'with theirs':>12}  module")
    for own, total, name in slowest_imports(version, TOP_IMPORTS):
        print(f"   {own / 1000:>6.1f} ms {total / 1000:>9.1f} ms  {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
