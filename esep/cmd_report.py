"""`esep report` writes the official DOCX report for a year; `esep publish` its public PDF and HTML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

from esep.pages import read_plan_shown as read_plan  # a bar on the terminal for a long PDF
from model.errors import EsepError
from model.i18n import N_, _, language, ngettext
from model.plan import Plan
from model.progress import OUTCOME_LABELS, Progress
from render.labels import LANGUAGES

from .cli import (cli, load_plan, open_workspace, refuse_overwriting, warn, workspace_options,
                  write_atomically, write_public)
from .cmd_forms import collect_with
from .cmd_stage import read_progress, write_stage

if TYPE_CHECKING:  # the report's libraries (docxtpl, jinja2, Pillow) load only when it is made
    from render.report import ReportSettings

# option name → ReportSettings field
SETTING_OPTIONS = (
    ("--addressee", "addressee", N_("To whom the report goes (default: the authorized body).")),
    ("--outgoing-number", "outgoing_number",
     N_("The letter's outgoing number (default: a blank line).")),
    ("--outgoing-date", "outgoing_date", N_("The letter's date (default: a blank line).")),
    ("--signer-position", "signer_position",
     N_("Position of the person who signs, e.g. 'Башкармалыктын начальниги'.")),
    ("--signer-name", "signer_name",
     N_("Name of the person who signs, printed at the right margin.")),
    ("--date", "report_date", N_("Date under the signature (default: a blank line).")),
    ("--preparer", "preparer_name", N_("Name of the person who prepared the report.")),
    ("--phone", "preparer_phone", N_("The preparer's phone (left out of the public version).")),
)


def report_options(fn: Callable) -> Callable:
    """Add the options `report` and `publish` share."""
    for flag, field, text in reversed(SETTING_OPTIONS):
        fn = click.option(flag, field, help=text)(fn)
    fn = click.option("--config", "config", type=click.Path(exists=True, dir_okay=False),
                      help=N_("TOML file with a [report] table of the settings listed below "
                              "(options win)."))(fn)
    fn = click.option("--template", type=click.Path(exists=True, dir_okay=False),
                      help=N_("An edited copy of the report template (.docx)."))(fn)
    fn = click.option("--lang", type=click.Choice(LANGUAGES),
                      help=N_("Language of the report's own words (default: the plan's)."))(fn)
    fn = click.option("--progress", "progress_files", multiple=True,
                      type=click.Path(exists=True, dir_okay=False),
                      help=N_("Progress saved by `esep collect -o`, instead of INBOX "
                              "(with --stage: one per year)."))(fn)
    fn = click.option("--previous-plan", "previous", multiple=True,
                      type=click.Path(exists=True, dir_okay=False),
                      help=N_("An older plan version some forms were made from (repeatable)."))(fn)
    fn = click.option("--year", type=int, help=N_("The reporting year, e.g. 2025."))(fn)
    fn = workspace_options(fn)
    fn = click.argument("inbox", nargs=-1, type=click.Path(exists=True))(fn)
    fn = click.argument("plan", type=click.Path(exists=True, dir_okay=False))(fn)
    return fn


def _refuse_overwriting(outputs: tuple[Path, ...], plan: str, inbox: tuple[str, ...],
                        progress_files: tuple[str, ...], template: str | None, config: str | None,
                        previous: tuple[str, ...]) -> None:
    inputs = [plan, *inbox, *previous, *progress_files] + [f for f in (template, config) if f]
    for output in outputs:
        refuse_overwriting(output, *inputs)


def _inputs(plan_file: str, inbox: tuple[str, ...], progress_files: tuple[str, ...],
            year: int | None, previous: tuple[str, ...] = (), ws=None) -> tuple[Plan, Progress]:
    if year is None:
        raise click.UsageError(_("give the reporting year with --year (or a stage with --stage)"))
    if inbox and progress_files:
        raise click.UsageError(_("give either INBOX (forms to collect) or --progress, not both"))
    if not inbox and not progress_files and ws is None:
        raise click.UsageError(_("give the filled forms (INBOX...) or --progress progress.json"))
    if len(progress_files) > 1:
        raise click.UsageError(_("give one --progress for a year's report (several: with "
                                 "--stage)"))
    from render.report import check_progress
    plan = read_plan(plan_file)
    if ws is not None and not progress_files:
        progress = _from_workspace(ws, plan_file, plan, inbox, year, previous)
    elif progress_files:
        progress = read_progress(progress_files[0])
        try:
            check_progress(plan, progress, year)
        except EsepError as exc:
            exc.file = exc.file or progress_files[0]
            raise
    else:
        from .pages import collect_shown as collect_progress  # the workbooks, only when given
        progress = collect_progress(plan, inbox, year, previous=[read_plan(p) for p in previous])
    if progress.errors:
        warn(ngettext("{n} problem stands in the collected forms (see `esep collect`); the "
                      "report shows what could be read",
                      "{n} problems stand in the collected forms (see `esep collect`); the "
                      "report shows what could be read", len(progress.errors))
             .format(n=len(progress.errors)))
    return plan, progress


def _from_workspace(ws, plan_file: str, plan: Plan, inbox: tuple[str, ...], year: int,
                    previous: tuple[str, ...]) -> Progress:
    """Return the year's progress on record in `ws`, after collecting `inbox` into it if given."""
    if inbox:
        return collect_with(ws, plan_file, plan, inbox, year, [read_plan(p) for p in previous])[0]
    progress = ws.progress(year, plan)
    if progress is None:
        raise EsepError(_("nothing is collected for {year} against this plan version in the "
                          "workspace: give the filled forms (INBOX...) to collect them")
                        .format(year=year), file=plan_file)
    return progress


def _settings(config: str | None, lang: str | None, values: dict[str, str | None]) -> ReportSettings:
    from render.report import ReportSettings
    settings = ReportSettings.from_toml(config) if config else ReportSettings()
    return settings.updated(lang=lang, **values)


def _summary(progress: Progress, year: int) -> str:
    labels = OUTCOME_LABELS.get(language(), OUTCOME_LABELS["en"])
    parts = [f"{n} {labels[k]}" for k, n in progress.counts().items() if n]
    n = len(progress.measures)
    return ngettext("{n} measure of {year}: {counts}", "{n} measures of {year}: {counts}", n) \
        .format(n=n, year=year, counts=", ".join(parts))


def _publish(plan: Plan, progress: Progress, year: int, settings: ReportSettings,
             template: str | None, pdf_path: Path, html_path: Path,
             warn_links: bool = True) -> None:
    from render.publish import docx_to_pdf, public_data, render_html
    from render.report import render_data
    data = public_data(plan, progress, year, settings)
    write_public(html_path, render_html(data), pdf_path,
                 lambda: docx_to_pdf(render_data(data, template, warn if warn_links else None)))


REPORT_HELP = N_("""Write the official report on PLAN for --year (or the summary of a --stage) as a Word file.

    PLAN is the plan file (.docx, .pdf, .txt or plan .json); INBOX the filled forms (files or
    folders) to collect, or --progress a saved collection.

    \b
    Example:
      esep report samples/plan-ky.docx out/forms --year 2025 -o report.docx \\
          --signer-position "Башкармалыктын начальниги" --signer-name "А. Асанов"
      esep report samples/plan-ky-v2.docx --stage 2025-2027 --progress progress-2025.json \\
          --progress progress-2026.json --progress progress-2027.json \\
          --previous-plan samples/plan-ky.docx -o stage.docx --public
    """)


@cli.command(help=REPORT_HELP)
@report_options
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False), required=True,
              help=N_("The .docx to write (a name ending in .docx; any other is refused, exit 1). "
                      "An existing file of that name is replaced whole (never an input)."))
@click.option("--public", is_flag=True,
              help=N_("Also write the public PDF and HTML beside it (as `esep publish` does)."))
@click.option("--stage", help=N_("Sum up a stage of the plan instead of one year, e.g. "
                                 "2025-2027: give --progress once for every year of it."))
def report(plan: str, inbox: tuple[str, ...], year: int | None, progress_files: tuple[str, ...],
           lang: str | None, template: str | None, config: str | None, out: str, public: bool,
           previous: tuple[str, ...], workspace: str | None, db_url: str | None,
           stage: str | None, **values: str | None) -> None:
    """Run `esep report` (its help is REPORT_HELP, in the messages' language)."""
    from render.report import render_data, report_data
    out_path = Path(out)
    public_paths = (out_path.with_suffix(".pdf"), out_path.with_suffix(".html")) if public else ()
    _refuse_overwriting((out_path, *public_paths), plan, inbox, progress_files, template, config,
                        previous)
    if out_path.suffix.lower() != ".docx":  # a Word file under another name opens nowhere
        raise EsepError(_("the report is a Word file; give -o a name ending in .docx"), file=out)
    ws = open_workspace(workspace, db_url)
    if stage is not None:
        if year is not None or inbox:
            raise click.UsageError(_("--stage takes the years' --progress files (or the "
                                     "workspace); give neither --year nor INBOX with it"))
        write_stage(plan, stage, progress_files, previous, _settings(config, lang, values),
                    template, out_path, public_paths, ws)
        return
    records, progress = _inputs(plan, inbox, progress_files, year, previous, ws)
    settings = _settings(config, lang, values)
    data = report_data(records, progress, year, settings)
    write_atomically(out_path, render_data(data, template, warn))
    click.echo(_("wrote {path}  ({summary})").format(path=out_path,
                                                   summary=_summary(progress, year)))
    if ws is not None:
        ws.add_plan(records, plan)
        issued = ws.record_report(records, year, out_path, settings.outgoing_number,
                                  settings.outgoing_date)
        click.echo(_("workspace {workspace}: the report is kept as {name}")
                   .format(workspace=workspace, name=issued.stored_as))
    if public:
        _publish(records, progress, year, settings, template, *public_paths, warn_links=False)


PUBLISH_HELP = N_("""Write the public version of the report: a PDF and one self-contained HTML page.

    The same summary, chart and table as the official report, without personal phone numbers.
    The PDF is made by LibreOffice (soffice): without it, the HTML page is still written,
    the line on stderr says the PDF could not be made, and the exit code is 1.

    \b
    Example:
      esep publish samples/plan-ky.docx --progress progress.json --year 2025 -o out/site
    """)


@cli.command(help=PUBLISH_HELP)
@report_options
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help=N_("Folder to write report.pdf and report.html into (made if missing). Files "
                      "of those names there are replaced whole."))
def publish(plan: str, inbox: tuple[str, ...], year: int, progress_files: tuple[str, ...],
            lang: str | None, template: str | None, config: str | None, out_dir: str,
            previous: tuple[str, ...], workspace: str | None, db_url: str | None,
            **values: str | None) -> None:
    """Run `esep publish` (its help is PUBLISH_HELP, in the messages' language)."""
    if year is None:
        raise click.UsageError(_("give the reporting year with --year"))
    folder = Path(out_dir)
    pdf_path, html_path = folder / "report.pdf", folder / "report.html"
    _refuse_overwriting((pdf_path, html_path), plan, inbox, progress_files, template, config,
                        previous)
    ws = open_workspace(workspace, db_url)
    records, progress = _inputs(plan, inbox, progress_files, year, previous, ws)
    settings = _settings(config, lang, values)
    _publish(records, progress, year, settings, template, pdf_path, html_path)
