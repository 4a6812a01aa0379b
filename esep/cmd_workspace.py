"""`esep status` and `esep history`: what the workspace holds, and one measure's story."""

from __future__ import annotations

import click

from model.i18n import N_, _, ngettext
from model.progress import STATUS_LABELS
from model.text import cut

from .cli import cli, open_workspace, workspace_options


STATUS_HELP = N_("""Print where the workspace stands: plan versions, and for each year the forms sent and
    returned, the units missing, the problems standing and the reports issued; then the stage
    summaries issued.

    \b
    Example:
      esep status --workspace ministry-esep
    """)

HISTORY_HELP = N_("""Print one measure's story: every year's status and answers by unit, with the files they
    came from, across plan versions (matched as `esep diff` matches them).

    MEASURE_ID is the measure's number in the newest plan version that has it.

    \b
    Example:
      esep history 6.2.1 --workspace ministry-esep
    """)


@cli.command(help=STATUS_HELP)
@workspace_options
def status(workspace: str | None, db_url: str | None) -> None:
    """Run `esep status` (its help is STATUS_HELP, in the messages' language)."""
    ws = open_workspace(workspace, db_url, required=True)
    with ws:
        for line in status_lines(ws.status(), {v.id: len(list(ws.records(v).measures()))
                                               for v in ws.plans()}):
            click.echo(line)


def status_lines(status, sizes: dict[int, int]) -> list[str]:
    """Return the status as lines a person reads."""
    lines = [_("Workspace {folder} (database {database})")
             .format(folder=status.folder, database=status.database)]
    if not status.plans:
        lines.append(_("No plan version yet: esep ingest PLAN --workspace DIR records one."))
    else:
        lines.append(_("Plan versions (the last given is current):"))
        for i, v in enumerate(status.plans, start=1):
            current = _("  ← current") if i == len(status.plans) else ""
            lines.append(_("  {i}. {file}, given {date}, {n} measures{current}")
                         .format(i=i, file=v.file_name, date=v.given_on.isoformat(),
                                 n=sizes.get(v.id, 0), current=current))
    for y in status.years:
        lines += _year_lines(y)
    for r in status.stages:
        lines.append(_("Stage {span}: summary issued{letter} on {day}: {file}")
                     .format(span=r.span, letter=_letter(r), day=r.issued_at[:10],
                             file=r.stored_as))
    return lines


def _year_lines(y) -> list[str]:
    """Return the status lines of one year."""
    lines = [(_("{year} (read against {file}):") if y.plan else _("{year}:"))
             .format(year=y.year, file=y.plan.file_name if y.plan else "")]
    sent = (_("forms sent to {n} units").format(n=len(y.units_sent)) if y.units_sent
            else _("no forms made with this workspace"))
    lines.append(_("  {sent}; returned by {returned}; {files} file(s) received")
                 .format(sent=sent, returned=len(y.units_returned), files=y.files_received))
    if y.units_other_version:
        lines.append(_("  returned a form of a plan version not on record: {units}")
                     .format(units=", ".join(y.units_other_version)))
    if y.units_missing:
        lines.append(_("  not returned: {units}").format(units=", ".join(y.units_missing)))
    if y.errors or y.warnings:
        lines.append(_("  problems standing: {errors} error(s), {warnings} warning(s) (esep "
                       "collect … --year {year} --workspace DIR lists them)")
                     .format(errors=y.errors, warnings=y.warnings, year=y.year))
    elif y.plan:
        lines.append(_("  no problems standing"))
    for r in y.reports:
        lines.append(_("  report issued{letter} on {day}: {file}")
                     .format(letter=_letter(r), day=r.issued_at[:10], file=r.stored_as))
    if not y.reports:
        lines.append(_("  report not issued yet"))
    return lines


def _letter(r) -> str:
    """Return " No 01-12/345 of 28.01.2026" for a report's letter, as much as is known."""
    number = _(" No {number}").format(number=r.outgoing_number) if r.outgoing_number else ""
    return number + (_(" of {date}").format(date=r.outgoing_date) if r.outgoing_date else "")


@cli.command(help=HISTORY_HELP)
@click.argument("measure_id")
@workspace_options
def history(measure_id: str, workspace: str | None, db_url: str | None) -> None:
    """Run `esep history` (its help is HISTORY_HELP, in the messages' language)."""
    ws = open_workspace(workspace, db_url, required=True)
    with ws:
        lines = ws.history(measure_id)
        version = next(v for v in reversed(ws.plans()) if ws.records(v).measure(measure_id))
        plan = ws.records(version)
        click.echo(_("Measure {measure}: {text}")
                   .format(measure=measure_id, text=cut(plan.measure(measure_id).text, 200)))
        if not lines:
            click.echo(_("No answer on record for it yet."))
        labels = STATUS_LABELS.get(plan.language, STATUS_LABELS["ky"])
        year = None
        for line in lines:
            if line.year != year:
                year = line.year
                click.echo(f"{year}:")
            was = "" if line.measure_id == measure_id else \
                _(", {measure} in that version").format(measure=line.measure_id)
            counts = "" if line.counts else _("; superseded by a newer form, or not in use")
            role = _("lead") if line.role == "lead" else _("co-executor")
            status = labels.get(line.status) if line.status else None
            click.echo(f"  {line.unit} ({role}): {status or _('no status')}")
            for label, text in ((N_("what was done"), line.done), (N_("figures"), line.figures),
                                (N_("documents"), line.documents), (N_("reasons"), line.reasons)):
                if text:
                    click.echo(f"      {_(label)}: {cut(text, 300)}")
            click.echo(_("      from {file}, sheet '{sheet}', cell {cell} (kept as {kept}; plan "
                         "{plan}{was}{counts})")
                       .format(file=line.file_name, sheet=line.sheet, cell=line.cell,
                               kept=line.stored_as, plan=line.plan.file_name, was=was,
                               counts=counts))
