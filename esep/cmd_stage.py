"""`esep report --stage`: the summary of a stage of the plan from the progress of each year."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from esep.pages import read_plan_shown as read_plan  # a bar on the terminal for a long PDF
from model.errors import EsepError
from model.i18n import _, ngettext
from model.plan import Plan
from model.progress import Progress, progress_from_json
from model.stage import StageSummary, parse_stage, stage_summary

from .cli import warn, write_atomically, write_public

if TYPE_CHECKING:  # render/ (docxtpl, jinja2) is loaded only when a stage is written
    from render.report import ReportSettings


def read_progress(path: str) -> Progress:
    """Return the progress saved in the file at `path`; its errors name the file."""
    try:
        return progress_from_json(Path(path).read_text(encoding="utf-8"))
    except EsepError as exc:
        exc.file = exc.file or path
        raise
    except UnicodeDecodeError:
        raise EsepError(_("not UTF-8 text: give the progress.json that esep collect wrote"),
                        file=path) from None


def carried_to(progress: Progress, plan: Plan, previous, path: str) -> Progress:
    """Return `progress` (saved in `path`) carried to `plan`'s measures, through the version of
    `previous` it was collected against; warn of what could not move."""
    if progress.plan_fingerprint == plan.fingerprint():
        return progress
    old = next((p for p in previous if p.fingerprint() == progress.plan_fingerprint), None)
    if old is None:
        raise EsepError(_("collected against another version of the plan: give that "
                          "version with --previous-plan"), file=path)
    from model.carry import carry_progress
    progress, notes = carry_progress(progress, old, plan)
    for note in notes:
        warn(f"{path}: {note}")
    return progress


def workspace_progress(ws, year: int, plan: Plan) -> Progress | None:
    """Return the workspace's progress of `year` carried to `plan`, or None if none was collected;
    warn of what could not move."""
    progress, notes = ws.carried_progress(year, plan)
    for note in notes:
        warn(note)
    return progress


def stage_progress(plan: Plan, span: range, files: tuple[str, ...],
                   previous: tuple[Plan, ...]) -> list[Progress]:
    """Return each year's progress from `files`, carried to `plan`; warn of what could not move."""
    found: dict[int, str] = {}
    years = []
    for path in files:
        progress = read_progress(path)
        if progress.year not in span:
            raise EsepError(_("the progress is for {year}, outside the stage {first}-{last}")
                            .format(year=progress.year, first=span[0], last=span[-1]), file=path)
        if progress.year in found:
            raise EsepError(_("a second progress for {year} (the first is {file}): give one per "
                              "year").format(year=progress.year, file=found[progress.year]),
                            file=path)
        found[progress.year] = path
        years.append(carried_to(progress, plan, previous, path))
    missing = [str(y) for y in span if y not in found]
    if missing:
        raise EsepError(_("no progress for {years}: give --progress once for every year of the "
                          "stage {first}-{last}")
                        .format(years=", ".join(missing), first=span[0], last=span[-1]))
    return years


def _line(summary: StageSummary) -> str:
    final = summary.final_counts()
    never = len(summary.never_returned)
    return (_("stage {first}-{last}: {n} measures, {done} done by its end, {not_done} not")
            .format(first=summary.first, last=summary.last, n=len(summary.measures),
                    done=final["done"], not_done=len(summary.not_done()))
            + "; " + ngettext("{n} unit never reported", "{n} units never reported", never)
            .format(n=never))


def _workspace_years(ws, plan: Plan, span: range) -> list[Progress]:
    years, notes = ws.stage_progress(plan, span)
    for note in notes:
        warn(note)
    return years


def write_stage(plan_file: str, stage: str, files: tuple[str, ...], previous_files: tuple[str, ...],
                settings: ReportSettings, template: str | None, out: Path,
                public_paths: tuple[Path, ...], ws=None) -> None:
    """Write the stage summary to `out` (and its public PDF and HTML to `public_paths`).

    The years' progress comes from `files` (one per year), or else from the workspace `ws`.
    """
    from render.publish import docx_to_pdf
    from render.stage import render_stage, render_stage_html, stage_data
    span = parse_stage(stage)
    if not files and ws is None:
        raise click.UsageError(_("give --progress FILE for every year of the stage {stage} "
                                 "(or --workspace DIR)").format(stage=stage))
    plan = read_plan(plan_file)
    previous = tuple(read_plan(p) for p in previous_files)
    years = (stage_progress(plan, span, files, previous) if files
             else _workspace_years(ws, plan, span))
    summary = stage_summary(plan, years)
    write_atomically(out, render_stage(stage_data(plan, summary, settings), template, warn))
    click.echo(_("wrote {path}  ({summary})").format(path=out, summary=_line(summary)))
    if ws is not None:  # on the record of reports issued, as a year's report is
        ws.add_plan(plan, plan_file)
        issued = ws.record_report(plan, span[-1], out, settings.outgoing_number,
                                  settings.outgoing_date, first_year=span[0])
        click.echo(_("workspace {workspace}: the stage summary is kept as {name}")
                   .format(workspace=ws.folder, name=issued.stored_as))
    if not public_paths:
        return
    pdf_path, html_path = public_paths
    data = stage_data(plan, summary, settings, public=True)
    write_public(html_path, render_stage_html(data), pdf_path,
                 lambda: docx_to_pdf(render_stage(data, template)))
