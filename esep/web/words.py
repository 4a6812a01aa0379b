"""The page's own words, marked for the catalogs; the plan's texts never pass through here.

Each key names one English text (the context "page" keeps the page's words apart from the command
line's); its Kyrgyz and Russian are in model/locale/*/LC_MESSAGES/esep.po beside every other
message. A new word: add it here, run `make messages`, translate it in both .po files.
Status and outcome names are the forms' and the report's own (model.progress, render.labels), so
the page says what the units type and what the report prints.
"""

from __future__ import annotations

from model import i18n
from model.i18n import NP_, catalog
from model.progress import STATUS_LABELS
from render.labels import labels_for

LANGS = ("ky", "ru", "en")
DEFAULT = "ky"  # the page's language when the process was told none


def page_language(chosen: str | None) -> str:
    """Return the page's language: the one `chosen` on it, else the one esep was told to speak
    (`--lang`, ESEP_LANG, the system's), else Kyrgyz."""
    if chosen in LANGS:
        return chosen
    told = i18n.told_language()
    return told if told in LANGS else DEFAULT

WORDS: dict[str, tuple[str, str]] = {
    "nav_plan": NP_("page", "Plan"),
    "nav_forms": NP_("page", "Forms"),
    "nav_inbox": NP_("page", "Inbox"),
    "nav_progress": NP_("page", "Progress"),
    "nav_report": NP_("page", "Report"),
    "error_title": NP_("page", "That did not work"),
    "go_back": NP_("page", "Back"),
    "login_title": NP_("page", "Sign in"),
    "password": NP_("page", "Password"),
    "login": NP_("page button", "Sign in"),
    "wrong_password": NP_("page", "Wrong password."),
    "seconds": NP_("page", "s"),
    "job_note": NP_("page", "You may leave this page and go on working."),
    "plan_heading": NP_("page", "The action plan"),
    "drop_plan": NP_("page", "Drop the plan file here (Word, PDF, text, a web page) or choose it:"),
    "read_plan": NP_("page", "Read the plan"),
    "limits": NP_("page", "At most {files} file(s), {mb} MB each."),
    "versions": NP_("page", "Plan versions"),
    "file": NP_("page", "File"),
    "given_on": NP_("page", "Added"),
    "measures": NP_("page", "Measures"),
    "current": NP_("page", "current"),
    "download": NP_("page", "download"),
    "what_changed": NP_("page", "What changed from “{old}” to “{new}”"),
    "no_changes": NP_("page", "The two versions hold the same plan."),
    "diff_docx": NP_("page", "Changes as a Word file (tracked)"),
    "what": NP_("page", "What"),
    "number": NP_("page", "No."),
    "change": NP_("page", "Change"),
    "uncertain": NP_("page", "uncertain"),
    "may_be": NP_("page", "In the new version it may be {ids}; check by hand."),
    "kind_added": NP_("page", "added"),
    "kind_removed": NP_("page", "removed"),
    "kind_moved": NP_("page", "moved"),
    "kind_reworded": NP_("page", "reworded"),
    "kind_changed": NP_("page", "changed"),
    "kind_uncertain": NP_("page", "uncertain"),
    "level_section": NP_("page", "section"),
    "level_task": NP_("page", "task"),
    "level_measure": NP_("page", "measure"),
    "field_title": NP_("page", "title"),
    "field_text": NP_("page", "text"),
    "field_deadline": NP_("page", "deadline"),
    "field_expected_result": NP_("page", "expected result"),
    "field_executors": NP_("page", "executors"),
    "field_funding": NP_("page", "funding"),
    "plan_counts": NP_("page", "{sections} sections, {tasks} tasks, {measures} measures"),
    "n_warnings": NP_("page", "{n} warning(s)"),
    "measure": NP_("page", "Measure"),
    "deadline": NP_("page", "Deadline"),
    "executors": NP_("page", "Executors"),
    "warnings": NP_("page", "Warnings"),
    "no_plan_yet": NP_("page", "No plan yet: give the plan file on the Plan page first."),
    "year": NP_("page", "Year"),
    "show": NP_("page", "Show"),
    "forms_heading": NP_("page", "Forms for the units"),
    "due": NP_("page", "Due back"),
    "make_forms": NP_("page", "Make the forms"),
    "forms_made": NP_("page", "The {n} forms for {year} are made, due back {due}."),
    "all_forms_zip": NP_("page", "All forms (.zip)"),
    "units_of_year": NP_("page", "Units reporting for {year}"),
    "unit": NP_("page", "Unit"),
    "section": NP_("page", "Section"),
    "made_on": NP_("page", "made {when}"),
    "unit_name": NP_("page", "Name"),
    "form_xlsx": NP_("page", "form (.xlsx)"),
    "inbox_heading": NP_("page", "Forms returned for {year}"),
    "drop_forms": NP_("page", "Drop the filled forms here (many at once) or choose them:"),
    "receive": NP_("page", "Receive"),
    "board": NP_("page", "Units: {returned} of {total} returned their form"),
    "problems_count": NP_("page", "{errors} error(s), {warnings} warning(s)"),
    "state": NP_("page", "State"),
    "problems": NP_("page", "Problems"),
    "returned": NP_("page", "returned"),
    "missing": NP_("page", "not returned"),
    "other_version": NP_("page", "returned, another plan version"),
    "superseded": NP_("page", "superseded"),
    "other_problems": NP_("page", "Other problems: files not read, the plan itself"),
    "received_files": NP_("page", "Files received: {n}"),
    "reading_plan": NP_("page", "Reading the plan file {name}"),
    "reading_forms": NP_("page", "Reading the forms for {year} ({n} new file(s))"),
    "making_forms": NP_("page", "Making the forms for {year}"),
    "making_public": NP_("page", "Making the PDF and HTML of {year}'s report"),
    "progress_heading": NP_("page", "Progress in {year}"),
    "no_forms_yet": NP_("page", "No forms for this year yet: give them on the Inbox page."),
    "chart": NP_("page", "Outcomes by section"),
    "all": NP_("page", "all"),
    "status": NP_("page", "Status (lead)"),
    "status_none": NP_("page", "no status"),
    "only_overdue": NP_("page", "overdue only"),
    "filter": NP_("page", "Filter"),
    "information": NP_("page", "Information"),
    "outcome": NP_("page", "Outcome"),
    "nothing_matches": NP_("page", "No measure matches the filters."),
    "report_heading": NP_("page", "The report for {year}"),
    "set_lang": NP_("page", "Report language"),
    "plan_language": NP_("page", "the plan's"),
    "set_addressee": NP_("page", "Addressee"),
    "set_outgoing_number": NP_("page", "Outgoing number"),
    "set_outgoing_date": NP_("page", "Outgoing date"),
    "set_signer_position": NP_("page", "Signer's position"),
    "set_signer_name": NP_("page", "Signer's name"),
    "set_report_date": NP_("page", "Date under the signature"),
    "set_preparer_name": NP_("page", "Prepared by"),
    "set_preparer_phone": NP_("page", "Preparer's phone (not published)"),
    "save": NP_("page", "Save"),
    "saved": NP_("page", "Saved."),
    "downloads": NP_("page", "Downloads"),
    "official_docx": NP_("page", "Official report (.docx)"),
    "make_public": NP_("page", "Make the PDF, HTML and page 1 preview"),
    "make_public_note": NP_("page", "The public version, without phone numbers; LibreOffice makes the PDF."),
    "public_pdf": NP_("page", "Public version (.pdf)"),
    "public_html": NP_("page", "Public version (.html)"),
    "page_one": NP_("page", "Page 1"),
    "bad_due": NP_("page", "Give the due date as a date."),
    "nothing_to_report": NP_("page", "Nothing to report for {year} yet: give the plan and the forms first."),
    "no_file": NP_("page", "No file was given: drop or choose one."),
    "too_many": NP_("page", "At most {files} files at once ({given} given): give them in parts."),
    "file_too_large": NP_("page", "larger than {mb} MB: not a form or a plan as esep knows them; "
                               "ask for the right file"),
    "too_large": NP_("page", "Too much at once (up to {mb} MB and {files} files): give the files in parts."),
    "not_found": NP_("page", "No such page."),
    "not_allowed": NP_("page", "This page does not take that kind of request."),
    "wrong_host": NP_("page", "This address is not esep's: open the address esep serve printed."),
    "no_secret": NP_("page", "No access: open the full address esep serve printed in its window."),
    "cross_site": NP_("page", "A request from another site was refused."),
    "no_csrf": NP_("page", "The request carries no valid token: reload the page and try again."),
    "nav_stage": NP_("page", "Stage summary"),
    "template_heading": NP_("page", "The report's template"),
    "template_builtin": NP_("page", "The report is made from esep's built-in template."),
    "template_current": NP_("page", "The report is made from the template “{name}” (given {when})."),
    "template_drop": NP_("page", "Drop a template edited in Word (.docx) here or choose it; esep "
                                 "checks it by filling it as the report:"),
    "template_give": NP_("page", "Use this template"),
    "template_use_builtin": NP_("page", "Go back to the built-in template"),
    "checking_template": NP_("page", "Checking the template {name}"),
    "feedback_heading": NP_("page", "Feedback to the units"),
    "feedback_due": NP_("page", "Send back by"),
    "feedback_make": NP_("page", "Make the letters and marked copies"),
    "feedback_note": NP_("page", "For each unit with problems a marked copy and a letter; for "
                                 "each unit that sent nothing a reminder."),
    "feedback_zip": NP_("page", "Feedback to the units (.zip)"),
    "making_feedback": NP_("page", "Making the feedback to the units for {year}"),
    "stage_heading": NP_("page", "The summary of the stage {first}–{last}"),
    "stage_note": NP_("page", "The plan's years in one document: a table by year, each "
                              "measure's status every year and the year it was done."),
    "stage_needs": NP_("page", "The summary needs the forms of every year; none yet for {years}."),
    "stage_make": NP_("page", "Make the summary {first}–{last} (DOCX, PDF, HTML)"),
    "stage_docx": NP_("page", "Official summary (.docx)"),
    "making_stage": NP_("page", "Making the summary of the stage {first}–{last}"),
}


def say(key: str, lang: str, **values) -> str:
    """Return the words for `key` in `lang` (ky, ru or en), with `values` filled in."""
    lang = lang if lang in LANGS else DEFAULT
    if key.startswith("outcome_") or key.startswith("status_") and key != "status_none":
        text = _model_word(key, lang)
    elif key in WORDS:
        text = catalog(lang).pgettext(*WORDS[key])
    else:
        text = key
    return text.format(**values) if values else text


_EN_OUTCOMES = {"done": "done", "in_progress": "in progress", "not_done": "not done",
                "overdue": "overdue", "no_info": "no information", "not_yet_due": "not yet due"}


def _model_word(key: str, lang: str) -> str:
    kind, name = key.split("_", 1)
    if lang == "en":
        return _EN_OUTCOMES[name]
    if kind == "outcome":
        return labels_for(lang)[key]
    return STATUS_LABELS[lang][name]
