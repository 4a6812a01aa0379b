"""A progress bar on stderr while a long PDF is read, for a person at a terminal only."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from model.plan import Plan

MIN_PAGES = 5  # a shorter PDF is read before a bar would be seen


class PageBar:
    """The callback `read_plan` calls with (pages read, pages in all); a bar when it is worth one."""

    def __init__(self, label: str, stream=None):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.bar = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total <= MIN_PAGES or not self.stream.isatty():
                return
            self.bar = click.progressbar(length=total, label=self.label, file=self.stream)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@contextmanager
def page_bar(path: str | Path):
    """Yield a PageBar labelled with the file's name; the bar ends with the block."""
    bar = PageBar(f"reading {Path(path).name}")
    try:
        yield bar
    finally:
        bar.close()


def read_plan_shown(path: str | Path) -> Plan:
    """Return `read_plan(path)`, with a bar on stderr while the pages of a long PDF are read."""
    from ingest import read_plan  # the readers load when a plan is read, not for --help
    with page_bar(path) as bar:
        return read_plan(path, progress=bar)
