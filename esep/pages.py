"""A progress bar on stderr while a long PDF is read or many forms are collected, for a person
at a terminal only: nothing goes into a pipe or a log."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from model.i18n import _
from model.plan import Plan

MIN_PAGES = 5   # a shorter PDF is read before a bar would be seen
MIN_FILES = 20  # so are fewer forms


class PageBar:
    """The callback `read_plan` and `collect` call with (done, in all); a bar when worth one.

    No bar for `minimum` items or fewer, nor when `stream` (stderr) is not a terminal.
    """

    def __init__(self, label: str, stream=None, minimum: int = MIN_PAGES):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.minimum = minimum
        self.bar = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total <= self.minimum or not self.stream.isatty():
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
    with shown_bar(_("reading {name}").format(name=Path(path).name)) as bar:
        yield bar


@contextmanager
def shown_bar(label: str, minimum: int = MIN_PAGES):
    """Yield a PageBar with `label` on stderr; the bar ends with the block."""
    bar = PageBar(label, minimum=minimum)
    try:
        yield bar
    finally:
        bar.close()


def forms_bar():
    """Return the bar for collecting forms: a block yielding the callback `collect` takes."""
    return shown_bar(_("reading forms"), MIN_FILES)


def read_plan_shown(path: str | Path) -> Plan:
    """Return `read_plan(path)`, with a bar on stderr while the pages of a long PDF are read."""
    from ingest import read_plan  # the readers load when a plan is read, not for --help
    with page_bar(path) as bar:
        return read_plan(path, progress=bar)


def collect_shown(plan: Plan, inputs, year: int, previous=()):
    """Return `ingest.forms.collect(...)`, with a bar on stderr while many forms are read."""
    from ingest.forms import collect

    with forms_bar() as bar:
        return collect(plan, inputs, year, previous, progress=bar)
