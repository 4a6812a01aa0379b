"""`esep diff OLD NEW`: what changed between two plan versions, in the terminal, as JSON or DOCX."""

from __future__ import annotations

import json
import textwrap
from datetime import datetime, timezone

import click

from esep.pages import read_plan_shown as read_plan  # a bar on the terminal for a long PDF
from model.diff import (ADDED, DELETE, INSERT, KINDS, MOVED, REMOVED, Change, changes_to_dict,
                        diff_plans, summary)

from model.errors import EsepError
from model.i18n import N_, _, ngettext

from .cli import (cli, open_workspace, refuse_overwriting, workspace_options,
                  write_atomically)

WIDTH = 100
FIELD_NAMES = {"title": N_("title"), "text": N_("text"), "deadline": N_("deadline"),
               "expected_result": N_("expected result"), "executors": N_("executors"),
               "funding": N_("funding")}
KIND_NAMES = {"added": N_("added"), "removed": N_("removed"), "moved": N_("moved"),
              "reworded": N_("reworded"), "changed": N_("changed")}
LEVEL_NAMES = {"section": N_("section"), "task": N_("task"), "measure": N_("measure")}


DIFF_HELP = N_("""Show what changed from the plan OLD to the plan NEW (.docx, .pdf, .txt or plan .json each).

    Sections, tasks and measures are matched by their text and place, so a measure renumbered
    by an insertion above it is "moved", not removed and added. A match that is not clear is
    listed as uncertain with its candidates.

    \b
    Example:
      esep diff samples/plan-ky.docx samples/plan-ky-v2.pdf --docx out/diff-v1-v2.docx
    """)


@cli.command(help=DIFF_HELP)
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True,
              help=N_('Print {"changes": [...]} instead of the view.'))
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False),
              help=N_("Also write the changes as a DOCX marked like Word's compare. An existing "
                      "file of that name is replaced whole (never an input)."))
@workspace_options
def diff(old: str, new: str, as_json: bool, docx_path: str | None, workspace: str | None,
         db_url: str | None) -> None:
    """Run `esep diff` (its help is DIFF_HELP, in the messages' language)."""
    if docx_path:
        refuse_overwriting(docx_path, old, new)
        if not docx_path.lower().endswith(".docx"):
            raise EsepError(_("the comparison is a Word file; give --docx a name ending in "
                              ".docx"),
                            file=docx_path)
    ws = open_workspace(workspace, db_url)
    old_plan, new_plan = read_plan(old), read_plan(new)
    if ws is not None:  # versions new to it are recorded in this order: NEW the later one
        ws.add_plan(old_plan, old)
        ws.add_plan(new_plan, new)
    changes = diff_plans(old_plan, new_plan)
    if docx_path:
        from render.diff_docx import changes_to_docx  # python-docx is loaded only when asked
        write_atomically(docx_path, changes_to_docx(changes, old_plan, new_plan, old, new,
                                                    when=datetime.now(timezone.utc)))
    if as_json:
        click.echo(json.dumps(changes_to_dict(changes), ensure_ascii=False, indent=2))
    else:
        click.echo(terminal_view(changes, old, new))
    if docx_path:
        click.echo(_("wrote {path}").format(path=docx_path), err=as_json)


def terminal_view(changes: tuple[Change, ...], old: str, new: str) -> str:
    """Return the changes as a person reads them in the terminal: one block per change."""
    if not changes:
        return _("{old} and {new} hold the same plan: no changes.").format(old=old, new=new)
    counts = summary(changes)
    told = ", ".join(f"{counts[k]} {_(KIND_NAMES[k])}" for k in KINDS if counts[k])
    if counts["uncertain"]:
        told += ("; " if told else "") + _("{n} uncertain, check by hand").format(
            n=counts["uncertain"])
    lines = [ngettext("{n} change from {old} to {new}: {told}.",
                      "{n} changes from {old} to {new}: {told}.", len(changes))
             .format(n=len(changes), old=old, new=new, told=told), ""]
    for change in changes:
        lines += _block(change)
    return "\n".join(lines).rstrip()


def _block(change: Change) -> list[str]:
    ids = (change.old_id if change.new_id in (None, change.old_id)
           else change.new_id if change.old_id is None else f"{change.old_id} -> {change.new_id}")
    level = _(LEVEL_NAMES[change.level])
    if not change.certain:
        head = (_("? {level} {ids} uncertain: it may be {candidates} in the new version; check "
                  "by hand").format(level=level, ids=ids,
                                    candidates=_(" or ").join(change.candidates)))
        return [click.style(head, fg="yellow"), _indent(change.text), ""]
    what = _(KIND_NAMES[change.kind]) + (
        ": " + ", ".join(_(FIELD_NAMES[f]) for f in change.fields) if change.fields else "")
    mark = {ADDED: "+", REMOVED: "-"}.get(change.kind, "~")
    color = {ADDED: "green", REMOVED: "red"}.get(change.kind)
    lines = [click.style(f"{mark} {level} {ids} {what}", fg=color, bold=True)]
    if change.kind in (ADDED, REMOVED):
        lines.append(_indent(change.text))
    elif change.kind == MOVED:
        lines.append(_indent(textwrap.shorten(change.text, WIDTH - 4, placeholder=" …")))
    for detail in change.details:
        marked = "".join(_span(s.op, s.text) for s in detail.spans)
        lines.append(_indent(f"{_(FIELD_NAMES[detail.name])}: {marked}"))
    return lines + [""]


def _span(op: str, text: str) -> str:
    if op == DELETE:
        return click.style(f"[-{text}-]", fg="red", strikethrough=True)
    if op == INSERT:
        return click.style(f"{{+{text}+}}", fg="green", underline=True)
    return text


def _indent(text: str) -> str:
    if "\x1b" in text:  # wrapping would cut through the colour codes
        return "    " + text
    return textwrap.fill(text, WIDTH, initial_indent="    ", subsequent_indent="    ")

