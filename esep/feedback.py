"""`esep collect --feedback DIR`: each unit's problems written back for it, in its form's language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from model import i18n
from model.errors import EsepError
from model.i18n import _, ngettext
from model.plan import Plan
from model.progress import Progress

from .cli import check_writable, write_atomically


def refuse_feedback_folder(folder: str, inbox: tuple[str, ...]) -> None:
    """Raise EsepError when `folder` is an inbox folder or inside one: the copies would be read."""
    target = Path(folder).resolve()
    if target.exists() and not target.is_dir():
        raise EsepError(_("this is a file, not a folder: give a folder for the feedback"),
                        file=folder)
    for item in map(Path, inbox):
        item = item.resolve()
        if item.is_dir() and (target == item or item in target.parents):
            raise EsepError(_("the feedback would join the forms being read; give a folder "
                              "outside {inbox}").format(inbox=item), file=folder)
    check_writable(target / "x.docx")


def feedback_files(plan: Plan, files: list[tuple[Path, str]], year: int, previous: list[Plan],
                   due: date, progress: Progress | None = None) -> tuple[list[tuple[str, bytes]],
                                                                     int, int]:
    """Return the feedback of `year` as (file name, bytes), with how many units were marked and
    reminded: a marked copy and a letter per unit with problems, a reminder per unit without a form.

    `files` are the forms (path, the name the clerk knows it by); `progress` their collection,
    collected again here when it is not given or not in the words the unit reads.
    """
    # the form readers and python-docx are loaded only when feedback is asked for
    from ingest.forms import collect_files
    from render.feedback import (feedback_names, form_language, marked_copy, problems_letter,
                                 reminder_letter, reminder_name)
    lang = form_language(plan)
    if progress is None or lang != i18n.language():
        with i18n.using(lang):
            progress = collect_files(plan, files, year, previous=previous)
    paths = {name: path for path, name in files}
    out: list[tuple[str, bytes]] = []
    marked = reminded = 0
    for unit in progress.units:
        if not unit.returned and not unit.other_version:
            out.append((reminder_name(year, unit.unit, lang),
                        reminder_letter(plan, unit.unit, year, due)))
            reminded += 1
            continue
        problems = [p for p in progress.problems if p.file == unit.file]
        if not problems or unit.file not in paths:  # a file on record only, not given now
            continue
        copy_name, letter_name = feedback_names(unit.file, lang)
        out.append((copy_name, marked_copy(paths[unit.file], problems)))
        out.append((letter_name, problems_letter(plan, unit.unit, year, problems, due)))
        marked += 1
    return out, marked, reminded


def write_feedback(plan: Plan, progress: Progress, inbox: tuple[str, ...], year: int,
                   previous: list[Plan], folder: str, due: date) -> None:
    """Write a marked copy and a letter per unit with problems, a reminder per unit without a form."""
    from ingest.forms import find_inputs
    made, marked, reminded = feedback_files(plan, find_inputs(inbox), year, previous, due,
                                            progress)
    for name, data in made:
        write_atomically(Path(folder) / name, data)
        click.echo(_("wrote {path}").format(path=Path(folder) / name))
    click.echo(_("Feedback in {folder}: {marked}, {reminded}.").format(
        folder=folder,
        marked=ngettext("{n} unit's form marked, with its letter",
                        "{n} units' forms marked, each with its letter", marked).format(n=marked),
        reminded=ngettext("{n} reminder", "{n} reminders", reminded).format(n=reminded)))
