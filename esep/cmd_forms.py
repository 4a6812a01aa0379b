"""`esep forms` makes each unit's Excel form for a year; `esep collect` reads them back filled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from esep.pages import read_plan_shown as read_plan  # a bar on the terminal for a long PDF
from model.errors import EsepError
from model.i18n import N_, _, ngettext
from model.forms import check_due, check_year, default_due, form_filename, form_units, unit_measures
from model.plan import Plan
from model.progress import LEAD, Progress, progress_to_json
from model.text import match_code
from render.files import write_set_atomically

from .cli import (DATE, cli, load_plan, open_workspace, refuse_overwriting, warn,
                  workspace_options, write_atomically)
from .cmd_stage import carried_to, read_progress, workspace_progress
from .feedback import refuse_feedback_folder, write_feedback

EXIT_STRICT = 3


FORMS_HELP = N_("""Write one Excel form per unit listed in PLAN, with its measures for --year.

    PLAN is the plan file (.docx, .pdf, .txt or plan .json). Each form holds the measures the
    unit leads or co-executes whose period meets the year, locked, and yellow cells to answer in.
    With --last-year, a grey locked column shows what the unit answered the year before.

    \b
    Example:
      esep forms samples/plan-ky.docx --year 2025 -o out/forms/2025
      esep forms samples/plan-ky-v2.docx --year 2026 -o out/forms/2026 \\
          --last-year progress-2025.json --previous-plan samples/plan-ky.docx
    """)


@cli.command(help=FORMS_HELP)
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--year", type=int, required=True, help=N_("The reporting year, e.g. 2025."))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help=N_("Folder to write the forms into (made if missing); all forms are written or "
                      "none, and a form already there is replaced only with --force."))
@click.option("--due", type=DATE,
              help=N_("The date the forms are due back (default: 15 January after the year)."))
@click.option("--unit", "only", multiple=True, help=N_("Make only this unit's form (repeatable)."))
@click.option("--force", is_flag=True,
              help=N_("Replace forms already in the folder (they may be returned, filled ones); "
                      "without it nothing is written when one is there."))
@click.option("--last-year", "last_year_file", type=click.Path(exists=True, dir_okay=False),
              help=N_("Progress of the year before (from `esep collect -o`): each unit's answer "
                      "then is shown, locked, beside each measure (with --workspace: taken from "
                      "it when not given)."))
@click.option("--previous-plan", "previous", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help=N_("The older plan version --last-year was collected against (repeatable)."))
@workspace_options
def forms(plan: str, year: int, out_dir: str, due: date | None, only: tuple[str, ...],
          force: bool, last_year_file: str | None, previous: tuple[str, ...],
          workspace: str | None, db_url: str | None) -> None:
    """Run `esep forms` (its help is FORMS_HELP, in the messages' language)."""
    from render.forms import form_bytes  # openpyxl is loaded only by the commands that use it
    ws = open_workspace(workspace, db_url)
    records = load_plan(plan)
    check_year(records, year)
    last_year = _last_year(records, year, last_year_file, previous, ws)
    units = form_units(records, year)
    if only:
        codes = {u: match_code(u, records.units(), shortened=False) for u in only}
        unknown = [u for u, code in codes.items() if code is None]
        if unknown:
            raise EsepError(_("no unit {codes} in the plan; its units are {units}")
                            .format(codes=", ".join(unknown), units=", ".join(records.units())),
                            file=plan)
        units = tuple(u for u in units if u in codes.values())
    if not units:
        raise EsepError(_("no measure of {units} is to be reported for {year}")
                        .format(units=", ".join(only), year=year), file=plan)
    due_date = due
    if due_date:
        check_due(due_date, year)
    paths = {unit: Path(out_dir) / form_filename(unit, year) for unit in units}
    if not force:
        taken = next((p for p in paths.values() if p.exists()), None)
        if taken is not None:  # checked for all before writing any: no half-replaced folder
            raise EsepError(_("exists (a returned form?): give another folder, or --force to "
                              "replace it"), file=str(taken))
    write_set_atomically(out_dir, ((path.name, form_bytes(records, unit, year, due_date, last_year))
                                   for unit, path in paths.items()))
    for unit, path in paths.items():
        rows = unit_measures(records, unit, year)
        lead = sum(1 for r in rows if r.role == LEAD)
        click.echo(ngettext("wrote {path}  ({n} measure: {lead} as lead, {co} as co-executor)",
                            "wrote {path}  ({n} measures: {lead} as lead, {co} as co-executor)",
                            len(rows)).format(path=path, n=len(rows), lead=lead,
                                              co=len(rows) - lead))
    click.echo(ngettext("{n} form for {year} in {folder}", "{n} forms for {year} in {folder}",
                        len(units)).format(n=len(units), year=year, folder=out_dir))
    if ws is not None:
        ws.add_plan(records, plan)
        ws.record_forms(records, year, paths.items())
        click.echo(ngettext("workspace {workspace}: {n} form kept in forms/{year}/",
                            "workspace {workspace}: {n} forms kept in forms/{year}/",
                            len(units)).format(workspace=workspace, n=len(units), year=year))
    if last_year is not None:
        told = (_("each form shows the unit's answers of {year} from {source}") if last_year_file
                else _("each form shows the unit's answers of {year} from the workspace {source}"))
        click.echo(told.format(year=last_year.year, source=last_year_file or workspace))


def _last_year(plan: Plan, year: int, path: str | None, previous: tuple[str, ...],
               ws=None) -> Progress | None:
    """Return the progress in `path` (or, without it, the workspace's of the year before),
    carried to `plan`'s measures; None when there is neither."""
    if path is None:
        if previous:
            raise click.UsageError(_("--previous-plan goes with --last-year"))
        return workspace_progress(ws, year - 1, plan) if ws is not None else None
    progress = read_progress(path)
    if progress.year >= year:
        raise EsepError(_("this is the progress of {found}; --last-year takes a year before "
                          "{year}").format(found=progress.year, year=year), file=path)
    return carried_to(progress, plan, map(read_plan, previous), path)


COLLECT_HELP = N_("""Read the filled forms in INBOX (files or folders) and merge them per measure.

    Every problem is listed with its file, sheet and cell. When a unit sent several files, the
    newest counts (by the date typed in the form, else the file's time). Input files are only read.
    Forms made from an older plan version are carried over when that version is given with
    --previous-plan; each carried row is listed.

    \b
    Example:
      esep collect samples/plan-ky.docx samples/submissions/2025 --year 2025 -o progress.json
    """)


@cli.command(help=COLLECT_HELP)
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.argument("inbox", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--year", type=int, required=True, help=N_("The reporting year the forms are for."))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help=N_("Write the progress JSON here ('-': stdout, and the summary to stderr)."
                      " An existing file of that name is replaced whole (never an input)."))
@click.option("--strict", is_flag=True, help=N_("Exit with code 3 when any error stands."))
@click.option("--previous-plan", "previous", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help=N_("An older version of the plan that some forms were made from (repeatable): "
                   "their rows are carried to this plan's measures."))
@click.option("--feedback", type=click.Path(file_okay=False),
              help=N_("Folder to write, for each unit whose form has problems, a marked copy of "
                   "it and a letter, and for each unit that sent nothing, a reminder."))
@click.option("--due", type=DATE,
              help=N_("The date the letters ask for the form by (default: 15 January after the year)."))
@workspace_options
@click.pass_context
def collect(ctx: click.Context, plan: str, inbox: tuple[str, ...], year: int,
            output: str | None, strict: bool, previous: tuple[str, ...], feedback: str | None,
            due: date | None, workspace: str | None, db_url: str | None) -> None:
    """Run `esep collect` (its help is COLLECT_HELP, in the messages' language)."""
    from .pages import collect_shown as collect_progress  # the workbook readers, only here
    if output and output != "-":
        refuse_overwriting(output, plan, *previous, *inbox)
    if feedback:
        refuse_feedback_folder(feedback, inbox)
    ws = open_workspace(workspace, db_url)
    records = load_plan(plan)
    older = [read_plan(p) for p in previous]
    to_stderr = output == "-"
    if ws is None:
        progress = collect_progress(records, inbox, year, previous=older)
    else:
        progress, new = collect_with(ws, plan, records, inbox, year, older)
        click.echo(ngettext("workspace {workspace}: {n} new file recorded; the summary is of "
                            "every form on record for {year}",
                            "workspace {workspace}: {n} new files recorded; the summary is of "
                            "every form on record for {year}", new)
                   .format(workspace=workspace, n=new, year=year), err=to_stderr)
    for line in progress.summary(records.unit_name):
        click.echo(line, err=to_stderr)
    if output == "-":
        click.echo(progress_to_json(progress), nl=False)
    elif output:
        write_atomically(output, progress_to_json(progress))
        click.echo(_("wrote {path}").format(path=output))
    if feedback:
        write_feedback(records, progress, inbox, year, older, feedback,
                       due or default_due(year))
    if strict and progress.errors:
        click.echo(ngettext("--strict: {n} error stands", "--strict: {n} errors stand",
                            len(progress.errors)).format(n=len(progress.errors)), err=True)
        ctx.exit(EXIT_STRICT)


def collect_with(ws, plan_file: str, plan: Plan, inbox: tuple[str, ...], year: int,
                 older: list[Plan]) -> tuple[Progress, int]:
    """Return the year's progress on record after collecting `inbox` into `ws`, and new files."""
    from store.collect import collect_into

    from .pages import forms_bar
    ws.add_plan(plan, plan_file)
    with forms_bar() as bar:
        return collect_into(ws, plan, inbox, year, previous=older,
                            on_file=lambda n, total, name: bar(n, total))


