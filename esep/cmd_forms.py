"""`esep forms` makes each unit's Excel form for a year; `esep collect` reads them back filled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ingest import read_plan
from ingest.forms import collect as collect_progress
from model.errors import EsepError
from model.i18n import N_, _, ngettext
from model.forms import check_due, default_due, check_year, form_filename, form_units, unit_measures
from render.forms import form_bytes
from model.plan import Plan
from model.progress import LEAD, OUTCOMES, Progress, progress_to_json
from model.text import match_code

from .cli import (DATE, cli, load_plan, open_workspace, refuse_overwriting, workspace_options,
                  write_atomically)
from .feedback import refuse_feedback_folder, write_feedback

OUTCOME_WORDS = {"done": N_("done"), "in_progress": N_("in progress"), "not_done": N_("not done"),
                 "overdue": N_("overdue"), "no_info": N_("no information"),
                 "not_yet_due": N_("not yet due")}
EXIT_STRICT = 3


FORMS_HELP = N_("""Write one Excel form per unit listed in PLAN, with its measures for --year.

    PLAN is the plan file (.docx, .pdf, .txt or plan .json). Each form holds the measures the
    unit leads or co-executes whose period meets the year, locked, and yellow cells to answer in.

    \b
    Example:
      esep forms samples/plan-ky.docx --year 2025 -o out/forms/2025
    """)


@cli.command(help=FORMS_HELP)
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("--year", type=int, required=True, help=N_("The reporting year, e.g. 2025."))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help=N_("Folder to write the forms into (made if missing)."))
@click.option("--due", type=DATE,
              help=N_("The date the forms are due back (default: 15 January after the year)."))
@click.option("--unit", "only", multiple=True, help=N_("Make only this unit's form (repeatable)."))
@click.option("--force", is_flag=True,
              help=N_("Replace forms already in the folder (they may be returned, filled ones)."))
@workspace_options
def forms(plan: str, year: int, out_dir: str, due: date | None, only: tuple[str, ...],
          force: bool, workspace: str | None, db_url: str | None) -> None:
    """Run `esep forms` (its help is FORMS_HELP, in the messages' language)."""
    ws = open_workspace(workspace, db_url)
    records = load_plan(plan)
    check_year(records, year)
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
    for unit, path in paths.items():
        write_atomically(path, form_bytes(records, unit, year, due_date))
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
              help=N_("Write the progress JSON here ('-': stdout, and the summary to stderr)."))
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
    for line in summary_lines(progress, records):
        click.echo(line, err=to_stderr)
    if output == "-":
        click.echo(progress_to_json(progress), nl=False)
    elif output:
        write_atomically(output, progress_to_json(progress))
        click.echo(_("wrote {path}").format(path=output))
    if feedback:
        write_feedback(records, progress, inbox, year, older, feedback,
                       due or default_due(year))
    errors = sum(1 for p in progress.problems if p.severity == "error")
    if strict and errors:
        click.echo(ngettext("--strict: {n} error stands", "--strict: {n} errors stand",
                            errors).format(n=errors), err=True)
        ctx.exit(EXIT_STRICT)


def collect_with(ws, plan_file: str, plan: Plan, inbox: tuple[str, ...], year: int,
                 older: list[Plan]) -> tuple[Progress, int]:
    """Return the year's progress on record after collecting `inbox` into `ws`, and the new files."""
    from store.collect import collect_into
    ws.add_plan(plan, plan_file)
    return collect_into(ws, plan, inbox, year, previous=older)


def summary_lines(progress: Progress, plan: Plan) -> list[str]:
    """Return the summary a person reads: returns, outcomes, missing units, problems."""
    returned = [u for u in progress.units if u.returned]
    other = [u for u in progress.units if u.other_version]
    missing = [u for u in progress.units if not u.returned and not u.other_version]
    counts = progress.counts()
    due = sum(1 for m in progress.measures if m.due)
    measures = ngettext("{n} measure in the year ({due} due by its end).",
                        "{n} measures in the year ({due} due by its end).",
                        len(progress.measures)).format(n=len(progress.measures), due=due)
    units = ngettext("{year}: {returned} of {n} unit returned its form;",
                     "{year}: {returned} of {n} units returned their form;",
                     len(progress.units)).format(year=progress.year, returned=len(returned),
                                                 n=len(progress.units))
    another = ngettext("{n} returned a form of another plan version;",
                       "{n} returned a form of another plan version;",
                       len(other)).format(n=len(other)) + " " if other else ""
    lines = [f"{units} {another}{measures}"]
    told = ", ".join(f"{_(OUTCOME_WORDS[o])} {counts[o]}" for o in OUTCOMES)
    lines.append(_("Outcomes: {counts}.").format(counts=told))
    if other:
        lines.append(_("Returned, another version: {units} (give the plan version they were made "
                       "from with --previous-plan, or collect with --workspace holding it).")
                     .format(units=", ".join(u.unit for u in other)))
    if missing:
        names = "; ".join(f"{u.unit} ({plan.unit_name(u.unit)})" for u in missing)
        lines.append(_("Not returned: {units}.").format(units=names))
    for u in returned:
        if u.superseded:
            lines.append(_("{unit}: {file} counts; superseded: {files}.").format(
                unit=u.unit, file=u.file, files=", ".join(u.superseded)))
    errors = [p for p in progress.problems if p.severity == "error"]
    warnings = [p for p in progress.problems if p.severity != "error"]
    if not progress.problems:
        lines.append(_("No problems found."))
        return lines
    lines.append(_("Problems: {errors}, {warnings}:").format(
        errors=ngettext("{n} error", "{n} errors", len(errors)).format(n=len(errors)),
        warnings=ngettext("{n} warning", "{n} warnings", len(warnings)).format(n=len(warnings))))
    error_word, warning_word = _("error:"), _("warning:")
    width = max(len(error_word), len(warning_word)) + 1
    lines.extend(f"  {error_word:<{width}}{p}" for p in errors)
    lines.extend(f"  {warning_word:<{width}}{p}" for p in warnings)
    return lines
