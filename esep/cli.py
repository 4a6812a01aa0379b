"""The `esep` command: one subcommand per job, errors turned into one line and an exit code.

Each `cmd_*` module adds its commands to `cli`; the package (``esep/__init__.py``) imports them
all, so `cli` has every command however it is reached, and no module imports one that imports it.
A command module imports at its top only click and model/: each command imports its libraries
(python-docx, openpyxl, docxtpl, SQLAlchemy, Flask) in its body, so `esep --help` loads none
(tests/test_startup.py checks it).

Exit codes: 0 done; 1 bad input (the line on stderr names the file and the cause);
2 wrong usage (unknown option, missing argument); 3 `--strict` and problems stand.
"""

from __future__ import annotations

import gettext
import os
import tempfile
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterator

import click

from model import i18n
from model.errors import EsepError, os_reason
from render.files import write_atomically  # noqa: F401 (the commands write through it)
from model.i18n import N_, _
from model.plan import Plan

from .catalogs import compiled_catalogs

EXIT_HELP = N_("""\b
Exit codes:
  0  done
  1  bad input: one line on stderr names the file (sheet, cell) and the cause
  2  wrong usage: unknown option, missing argument
  3  --strict was given and problems stand in the collected forms
  130  interrupted (Ctrl-C): nothing half-written is left
\b
Outputs: a file esep writes replaces the one of that name, whole or not at all
(written aside, then renamed); an input is never replaced, and a form already
in the folder of `esep forms` (it may be a returned one) only with --force.
""")
EXIT_INTERRUPTED = 130


class BadInput(click.ClickException):
    """An EsepError on its way out: printed as one line, exit code 1 (or the error's own)."""

    def __init__(self, error: EsepError):
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(_("Error: {message}").format(message=self.format_message()), err=True,
                   file=file)


# click's own words that its source does not mark (it passes them through gettext when shown)
CLICK_WORDS = (N_("required"), N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))


@contextmanager
def click_speaks() -> Iterator[None]:
    """Let click's own words ("Usage:", "Error:", "Missing argument") come from esep's catalogs.

    click translates them with the standard library's `gettext.gettext` as it shows them, so for
    the run the gettext domain is esep's and LANGUAGE (the variable gettext reads first) names
    the messages' language; `--lang` moves it (`follow_language`). All is as before afterwards.
    """
    domain, folder = gettext.textdomain(), gettext.bindtextdomain(i18n.DOMAIN)
    language = os.environ.get("LANGUAGE")
    i18n.use_catalogs(compiled_catalogs())
    gettext.bindtextdomain(i18n.DOMAIN, str(i18n.catalog_dir()))
    gettext.textdomain(i18n.DOMAIN)
    follow_language()
    try:
        yield
    finally:
        gettext.textdomain(domain)
        gettext.bindtextdomain(i18n.DOMAIN, folder)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language


def follow_language() -> None:
    """Make click's words follow the messages' language as it is now."""
    os.environ["LANGUAGE"] = i18n.language()


def _variable_named(param: click.Parameter, ctx: click.Context | None) -> str:
    """Return " (env var: 'ESEP_LANG')" in the messages' language when `param`'s value came
    from its environment variable, else "": click writes those words in English, always."""
    source = ctx.get_parameter_source(param.name) if ctx is not None and param.name else None
    if not param.envvar or source is not click.core.ParameterSource.ENVIRONMENT:
        return ""
    names = [param.envvar] if isinstance(param.envvar, str) else param.envvar
    return " (" + _("env var: {var}").format(var=", ".join(f"'{n}'" for n in names)) + ")"


class EnvOption(click.Option):
    """An option that may come from an environment variable, named in its error when it did."""

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return click.Parameter.get_error_hint(self, ctx) + _variable_named(self, ctx)


class EnvArgument(click.Argument):
    """An argument that may come from an environment variable, named in its error when it did."""

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return super().get_error_hint(ctx) + _variable_named(self, ctx)


def _choose_language(ctx: click.Context, param: click.Parameter, lang: str | None) -> str | None:
    """Take --lang (or ESEP_LANG) before any other option is read, so all of click speaks it."""
    i18n.choose(lang)
    follow_language()
    return lang


class _Usage:
    """The usage line's placeholders in the messages' language ("[OPTIONS]" as click has it)."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        shown = (self.options_metavar, getattr(self, "subcommand_metavar", None))
        return [_(piece) if piece in shown else piece for piece in pieces]


HELP_OPTION = N_("Show this message and exit.")  # click's, kept from the first language it met
# the value an option takes, as click names it by its type ("--year INTEGER")
TYPE_NAMES = {"integer": N_("INTEGER"), "text": N_("TEXT"), "file": N_("FILE"),
              "directory": N_("DIRECTORY"), "path": N_("PATH"), "integer range": N_("INTEGER")}


@contextmanager
def translated_help(command: click.Command, ctx: click.Context | None = None) -> Iterator[None]:
    """Show `command`'s help texts in the current language while its help is written."""
    saved = [(command, "help", command.help), (command, "epilog", command.epilog)]
    saved += [(param, "help", getattr(param, "help", None)) for param in command.params]
    helper = command.get_help_option(ctx) if ctx is not None else None
    if helper is not None:
        saved.append((helper, "help", helper.help))
    typed = [(p, "metavar", None) for p in command.params if isinstance(p, click.Option)
             and p.metavar is None and p.type.name in TYPE_NAMES]
    saved += typed
    try:
        for owner, name, text in saved:
            if text:
                setattr(owner, name, _(HELP_OPTION if owner is helper else text))
        for param, _name, _none in typed:
            param.metavar = _(TYPE_NAMES[param.type.name])
        yield
    finally:
        for owner, name, text in saved:
            setattr(owner, name, text)


class EsepCommand(_Usage, click.Command):
    """A command whose --help is written in the messages' language."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with translated_help(self, ctx):
            super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with translated_help(self):
            return super().get_short_help_str(limit)


class EsepGroup(_Usage, click.Group):
    """A click group that turns EsepError and OSError into one line and an exit code."""

    command_class = EsepCommand

    def main(self, *args, **kwargs):
        with click_speaks():
            return super().main(*args, **kwargs)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with translated_help(self, ctx):
            super().format_help(ctx, formatter)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except EsepError as exc:
            raise BadInput(exc) from None
        except OSError as exc:  # unreadable path, full disk: still one line, not a traceback
            reason = os_reason(exc)
            raise BadInput(EsepError(reason, file=exc.filename and str(exc.filename))) from None
        except KeyboardInterrupt:  # every write is aside-then-rename: nothing is left half-made
            error = EsepError(_("interrupted: nothing was half-written; run the command again"))
            error.exit_code = EXIT_INTERRUPTED
            raise BadInput(error) from None


CLI_HELP = N_("Read the anti-corruption action plan, collect the units' progress, write the report.")


@click.group(cls=EsepGroup, epilog=EXIT_HELP, help=CLI_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="esep")
@click.option("--lang", type=click.Choice(i18n.LANGUAGES, case_sensitive=False), envvar=i18n.ENV,
              cls=EnvOption, show_envvar=True, is_eager=True, callback=_choose_language,
              help=N_("Language of esep's messages (default: the system's, else the plan's)."))
def cli(lang: str | None) -> None:
    """Run esep (its help is CLI_HELP, in the messages' language)."""
    i18n.choose(lang)
    i18n.set_plan_language(None)
    if i18n.language() in i18n.missing_catalogs():
        raise EsepError(_("the messages in '{lang}' are missing from this installation (no "
                          "esep.mo or esep.po in {folder}): install esep again")
                        .format(lang=i18n.language(), folder=i18n.LOCALE_DIR))


def refuse_overwriting(output: str | Path, *inputs: str | Path) -> None:
    """Raise EsepError when `output` is one of the `inputs`, or a form inside an input folder.

    Every command calls this before it reads anything: an output never replaces a file the
    clerk gave as input (the plan, a progress file, a returned form), and a place that
    cannot be written is said before any work is done.
    """
    check_writable(output)
    target = Path(output).resolve()
    for item in map(Path, inputs):
        item = item.resolve()
        if target == item or (target.exists() and item.is_file() and os.path.samefile(target, item)):
            raise EsepError(_("this is also an input file; write the output under another name"),
                            file=str(output))
        if item.is_dir() and item in target.parents and target.suffix.lower() in (".xlsx", ".xlsm"):
            raise EsepError(_("the output would join the forms being read; write it elsewhere"),
                            file=str(output))


def check_writable(output: str | Path) -> None:
    """Raise EsepError when `output` cannot be written: a folder, a device, or no writable folder."""
    path = Path(output)
    if path.exists() and not path.is_file():
        raise EsepError(_("this is not a regular file (a folder or a device); give a file name"),
                        file=str(output))
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise EsepError(_("cannot write here (Not a directory)"), file=str(output))
    if not os.access(folder, os.W_OK):
        raise EsepError(_("cannot write here (Permission denied)"), file=str(output))


def workspace_options(fn):
    """Add --workspace and --db (or ESEP_WORKSPACE, ESEP_DB) to a command."""
    fn = click.option("--db", "db_url", envvar="ESEP_DB", metavar="URL", cls=EnvOption,
                      help=N_("The workspace's database on a server: postgresql://user@host/db "
                           "(or ESEP_DB; default: esep.sqlite in the workspace)."))(fn)
    return click.option("--workspace", "workspace", envvar="ESEP_WORKSPACE", metavar="DIR",
                        type=click.Path(file_okay=False), cls=EnvOption,
                        help=N_("The folder that keeps every plan version, form and report "
                             "(or ESEP_WORKSPACE); without it nothing is recorded."))(fn)


def open_workspace(workspace: str | None, db_url: str | None, required: bool = False):
    """Return the open workspace named by the options, or None when none is given."""
    if not workspace:
        if required:
            raise click.UsageError(_("give the workspace: --workspace DIR (or ESEP_WORKSPACE)"))
        if db_url:
            raise click.UsageError(_("--db needs --workspace DIR: the folder keeps the files"))
        return None
    from store import Workspace  # SQLAlchemy is loaded only when a workspace is used
    return Workspace.open(workspace, db_url)


class DayMonthYear(click.ParamType):
    """A date typed as the forms print it, ДД.ММ.ГГГГ (also accepted: YYYY-MM-DD)."""

    name = "date"

    def get_metavar(self, param, ctx=None) -> str:
        return _("DD.MM.YYYY")

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(str(value).strip(), pattern).date()
            except ValueError:
                continue
        self.fail(_("'{value}' is not a date: write it as DD.MM.YYYY, e.g. 15.01.2026")
                  .format(value=value), param, ctx)


DATE = DayMonthYear()


def warn(message: str) -> None:
    """Print one warning line on stderr."""
    click.echo(_("warning: {message}").format(message=message), err=True)


def load_plan(path: str) -> Plan:
    """Return the plan read from `path`; its language is the messages' last resort."""
    from .pages import read_plan_shown  # pages imports nothing of cli; a bar for a long PDF
    plan = read_plan_shown(path)
    i18n.set_plan_language(plan.language)
    return plan


def main() -> None:
    """Run the command line (the installed `esep` script)."""
    cli(prog_name="esep")


def write_public(html_path: Path, html: str, pdf_path: Path,
                 make_pdf: Callable[[], bytes]) -> None:
    """Write the public HTML page, then the PDF `make_pdf()` gives; when no PDF can be made,
    the HTML stays and no PDF of an earlier run is left to pass for this one's."""
    stale = pdf_path.is_file()
    pdf_path.unlink(missing_ok=True)
    write_atomically(html_path, html)
    click.echo(_("wrote {path}").format(path=html_path))
    try:
        pdf = make_pdf()
    except EsepError as exc:
        exc.message += " " + (
            _("(the HTML page {html} was written; the out-of-date {pdf} was removed)") if stale
            else _("(the HTML page {html} was written)")).format(html=html_path, pdf=pdf_path)
        raise
    write_atomically(pdf_path, pdf)
    click.echo(_("wrote {path}").format(path=pdf_path))
