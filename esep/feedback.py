"""`esep collect --feedback DIR`: each unit's problems written back for it, in its form's language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from esep.pages import collect_shown as collect_progress  # a bar on the terminal for many forms
from ingest.forms import find_inputs
from model import i18n
from model.errors import EsepError
from model.i18n import _, ngettext
from model.plan import Plan
from model.progress import Progress
from render.feedback import (feedback_names, form_language, marked_copy, problems_letter,
                             reminder_letter, reminder_name)

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


def write_feedback(plan: Plan, progress: Progress, inbox: tuple[str, ...], year: int,
                   previous: list[Plan], folder: str, due: date) -> None:
    """Write a marked copy and a letter per unit with problems, a reminder per unit without a form."""
    lang = form_language(plan)
    if lang != i18n.language():  # the problems once more, in the words the unit reads
        with i18n.using(lang):
            progress = collect_progress(plan, inbox, year, previous=previous)
    paths = {name: path for path, name in find_inputs(inbox)}
    marked = reminded = 0
    for unit in progress.units:
        if not unit.returned and not unit.other_version:
            path = Path(folder) / reminder_name(year, unit.unit, lang)
            write_atomically(path, reminder_letter(plan, unit.unit, year, due))
            reminded += 1
            click.echo(_("wrote {path}").format(path=path))
            continue
        problems = [p for p in progress.problems if p.file == unit.file]
        if not problems or unit.file not in paths:  # a file on record only, not given now
            continue
        copy_name, letter_name = feedback_names(unit.file, lang)
        write_atomically(Path(folder) / copy_name, marked_copy(paths[unit.file], problems))
        write_atomically(Path(folder) / letter_name,
                         problems_letter(plan, unit.unit, year, problems, due))
        marked += 1
        click.echo(_("wrote {path}").format(path=Path(folder) / copy_name))
        click.echo(_("wrote {path}").format(path=Path(folder) / letter_name))
    click.echo(_("Feedback in {folder}: {marked}, {reminded}.").format(
        folder=folder,
        marked=ngettext("{n} unit's form marked, with its letter",
                        "{n} units' forms marked, each with its letter", marked).format(n=marked),
        reminded=ngettext("{n} reminder", "{n} reminders", reminded).format(n=reminded)))
