"""`esep status` and `esep history`: what the workspace holds, and one measure's story."""

from __future__ import annotations

import click

from model.progress import STATUS_LABELS
from model.text import cut

from .cli import cli, open_workspace, workspace_options


@cli.command()
@workspace_options
def status(workspace: str | None, db_url: str | None) -> None:
    """Print where the workspace stands: plan versions, and for each year the forms sent and
    returned, the units missing, the problems standing and the reports issued; then the stage
    summaries issued.

    \b
    Example:
      esep status --workspace ministry-esep
    """
    ws = open_workspace(workspace, db_url, required=True)
    with ws:
        for line in status_lines(ws.status(), {v.id: len(list(ws.records(v).measures()))
                                               for v in ws.plans()}):
            click.echo(line)


def status_lines(status, sizes: dict[int, int]) -> list[str]:
    """Return the status as lines a person reads."""
    lines = [f"Workspace {status.folder} (database {status.database})"]
    if not status.plans:
        lines.append("No plan version yet: esep ingest PLAN --workspace DIR records one.")
    else:
        lines.append("Plan versions (the last given is current):")
        for i, v in enumerate(status.plans, start=1):
            current = "  ← current" if i == len(status.plans) else ""
            lines.append(f"  {i}. {v.file_name}, given {v.given_on.isoformat()}, "
                         f"{sizes.get(v.id, 0)} measures{current}")
    for y in status.years:
        against = f" (read against {y.plan.file_name})" if y.plan else ""
        lines.append(f"{y.year}{against}:")
        sent = (f"forms sent to {len(y.units_sent)} units" if y.units_sent
                else "no forms made with this workspace")
        lines.append(f"  {sent}; returned by {len(y.units_returned)}; "
                     f"{y.files_received} file(s) received")
        if y.units_other_version:
            lines.append("  returned a form of a plan version not on record: "
                         + ", ".join(y.units_other_version))
        if y.units_missing:
            lines.append("  not returned: " + ", ".join(y.units_missing))
        if y.errors or y.warnings:
            lines.append(f"  problems standing: {y.errors} error(s), {y.warnings} warning(s) "
                         f"(esep collect … --year {y.year} --workspace DIR lists them)")
        elif y.plan:
            lines.append("  no problems standing")
        if y.reports:
            for r in y.reports:
                lines.append(f"  report issued{_letter(r)} on {r.issued_at[:10]}: {r.stored_as}")
        else:
            lines.append("  report not issued yet")
    for r in status.stages:
        lines.append(f"Stage {r.span}: summary issued{_letter(r)} on {r.issued_at[:10]}: "
                     f"{r.stored_as}")
    return lines


def _letter(r) -> str:
    """Return " No 01-12/345 of 28.01.2026" for a report's letter, as much as is known."""
    number = f" No {r.outgoing_number}" if r.outgoing_number else ""
    return number + (f" of {r.outgoing_date}" if r.outgoing_date else "")


@cli.command()
@click.argument("measure_id")
@workspace_options
def history(measure_id: str, workspace: str | None, db_url: str | None) -> None:
    """Print one measure's story: every year's status and answers by unit, with the files they
    came from, across plan versions (matched as `esep diff` matches them).

    MEASURE_ID is the measure's number in the newest plan version that has it.

    \b
    Example:
      esep history 6.2.1 --workspace ministry-esep
    """
    ws = open_workspace(workspace, db_url, required=True)
    with ws:
        lines = ws.history(measure_id)
        version = next(v for v in reversed(ws.plans()) if ws.records(v).measure(measure_id))
        plan = ws.records(version)
        click.echo(f"Measure {measure_id}: {cut(plan.measure(measure_id).text, 200)}")
        if not lines:
            click.echo("No answer on record for it yet.")
        labels = STATUS_LABELS.get(plan.language, STATUS_LABELS["ky"])
        year = None
        for line in lines:
            if line.year != year:
                year = line.year
                click.echo(f"{year}:")
            was = "" if line.measure_id == measure_id else f", {line.measure_id} in that version"
            counts = "" if line.counts else "; superseded by a newer form, or not in use"
            click.echo(f"  {line.unit} ({'lead' if line.role == 'lead' else 'co-executor'}): "
                       f"{labels.get(line.status, 'no status') if line.status else 'no status'}")
            for label, text in (("done", line.done), ("figures", line.figures),
                                ("documents", line.documents), ("reasons", line.reasons)):
                if text:
                    click.echo(f"      {label}: {cut(text, 300)}")
            click.echo(f"      from {line.file_name}, sheet '{line.sheet}', cell {line.cell} "
                       f"(kept as {line.stored_as}; plan {line.plan.file_name}{was}{counts})")
