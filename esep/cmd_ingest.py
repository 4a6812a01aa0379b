"""`esep ingest`: read a plan file and print or save its records."""

from __future__ import annotations

import shutil

import click

from esep.pages import read_plan_shown as read_plan  # a bar on the terminal for a long PDF
from model.i18n import N_, _
from model.plan import Plan, plan_to_json
from model.plan_warnings import shown, shown_message

from .cli import (DATE, cli, load_plan, open_workspace, refuse_overwriting, warn,
                  workspace_options, write_atomically)

_LANGUAGES = {"ky": N_("Kyrgyz"), "ru": N_("Russian")}


def _period(measure) -> str:
    return _clip(measure.deadline.text or "—", 28)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def overview(plan: Plan, width: int) -> str:
    """Return the plan as lines a person reads: sections, tasks, measures, deadlines, leads.

    Each warning stands under the measure it names (marked "!"), the others under the title,
    so the plan is checked once, by eye, in one place.
    """
    measures = list(plan.measures())
    tasks = list(plan.tasks())
    notes: dict[str, list[str]] = {}
    for w in plan.warnings:
        notes.setdefault(w.where if plan.measure(w.where) else "", []).append(
            shown_message(w) if plan.measure(w.where) else shown(w))
    lines = [f"{_clip(plan.title, width)}"]
    if plan.approved_by:
        lines.append(_clip(_("(approved by: {who})").format(who=plan.approved_by), width))
    language = _LANGUAGES.get(plan.language)
    lines.append(_("{sections} sections, {tasks} tasks, {measures} measures ({language}), "
                   "{warnings} warning(s)")
                 .format(sections=len(plan.sections), tasks=len(tasks), measures=len(measures),
                         language=_(language) if language else plan.language,
                         warnings=len(plan.warnings)))
    lines += [_clip(f"  ! {n}", width) for n in notes.get("", ())] + [""]
    for section in plan.sections:
        lines.append(_clip(f"{section.number}. {section.title}", width))
        for task in section.tasks:
            lines.append(_clip(f"  {task.id}  {task.text}", width))
            for m in task.measures:
                head = f"    {m.id:<8} {_period(m):<29} {(m.executors.lead or '—'):<14} "
                lines.append(head + _clip(m.text, max(width - len(head), 10)))
                lines += [_clip(f"{'':13}! {n}", width) for n in notes.get(m.id, ())]
    return "\n".join(lines)


INGEST_HELP = N_("""Read the plan (.docx, .doc, .odt, .rtf, .pdf, .html or .txt export) into records.

    Prints the plan as JSON (the interchange format, docs/plan-json.md), or with --table an
    overview for a person, each warning under its measure. Without --table, warnings go to
    stderr, one line each, naming the measure.

    \b
    Example:
      esep ingest samples/plan-ky.docx -o plan.json
      esep ingest samples/plan-ky.pdf --table
    """)


@cli.command(help=INGEST_HELP)
@click.argument("plan", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help=N_("Write the JSON to this file instead of printing it. An existing file of "
                      "that name is replaced whole (never an input)."))
@click.option("--table", is_flag=True, help=N_("Print a readable overview instead of JSON."))
@click.option("--given-on", "given_on", type=DATE,
              help=N_("With --workspace: the date this version of the plan was given (default "
                      "today); the version given last is the current one."))
@workspace_options
def ingest(plan: str, output: str | None, table: bool, given_on, workspace: str | None,
           db_url: str | None) -> None:
    """Run `esep ingest` (its help is INGEST_HELP, in the messages' language)."""
    if output:
        refuse_overwriting(output, plan)
    ws = open_workspace(workspace, db_url)
    records = load_plan(plan)
    if ws is not None:
        known = ws.version_of(records)
        version = known or ws.add_plan(records, plan, given_on)
        told = (_("workspace {workspace}: plan version already on record as {label}") if known
                else _("workspace {workspace}: plan version recorded: {label}"))
        click.echo(told.format(workspace=workspace, label=version.label), err=True)
    if not table:  # with --table each warning stands beside its measure
        for warning in records.warnings:
            warn(shown(warning))
    if table:
        click.echo(overview(records, shutil.get_terminal_size((120, 40)).columns))
    if output:
        write_atomically(output, plan_to_json(records))
        click.echo(_("wrote {path}").format(path=output), err=True)
    elif not table:
        click.echo(plan_to_json(records), nl=False)
