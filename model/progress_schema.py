"""The progress JSON checked against its documented schema (docs/progress-json.md) before use.

A progress file may come from another hand (edited, truncated, crafted); each value is checked
for its type, its allowed words and control characters, and the first that fails is named by its
key path (``measures[3].outcome``), so the clerk reads one line instead of a traceback.
"""

from __future__ import annotations

from typing import Any

from .progress import CO_EXECUTOR, LEAD, OUTCOMES, STATUSES, ProgressFormatError
from .text import has_controls, quote
from .i18n import N_, _


class Optional:
    """A key that may be missing."""

    def __init__(self, spec: Any):
        self.spec = spec


class OneOf:
    """A value that is one of `choices` (None among them for JSON null)."""

    def __init__(self, *choices: Any):
        self.choices = choices


_TEXT_OR_NULL = OneOf(str, None)
_ENTRY = {"unit": str, "role": OneOf(LEAD, CO_EXECUTOR), "status": _TEXT_OR_NULL,
          "done": Optional(str), "figures": Optional(str), "documents": Optional(str),
          "reasons": Optional(str), "file": Optional(str), "row": Optional(int)}
_MEASURE = {"id": str, "due": bool, "outcome": OneOf(*OUTCOMES),
            "status": OneOf(*STATUSES, None), "entries": Optional([_ENTRY])}
_UNIT = {"unit": str, "returned": bool, "file": Optional(_TEXT_OR_NULL),
         "superseded": Optional([str]), "filled_on": Optional(_TEXT_OR_NULL),
         "filled_by": Optional(str), "other_version": Optional(bool)}
_PROBLEM = {"type": str, "message": str, "severity": Optional(OneOf("error", "warning")),
            "file": Optional(str), "sheet": Optional(str), "cell": Optional(str),
            "measure": Optional(str)}
SCHEMA = {"schema_version": int, "year": int, "plan": {"fingerprint": str, "title": str},
          "measures": [_MEASURE], "units": Optional([_UNIT]), "problems": Optional([_PROBLEM])}


def check_progress_json(data: Any) -> None:
    """Raise ProgressFormatError naming the first key of `data` that breaks the schema."""
    _check(data, SCHEMA, "")


def _check(value: Any, spec: Any, path: str) -> None:
    where = path or "the file"
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise ProgressFormatError(_("{where}: an object {braces} expected, not {found}")
                                      .format(where=where, braces="{...}", found=_kind(value)))
        for key, inner in spec.items():
            optional = isinstance(inner, Optional)
            if key not in value:
                if not optional:
                    raise ProgressFormatError(_("{where}: missing").format(where=_join(path, key)))
                continue
            _check(value[key], inner.spec if optional else inner, _join(path, key))
    elif isinstance(spec, list):
        if not isinstance(value, list):
            raise ProgressFormatError(_("{where}: a list [...] expected, not {found}")
                                      .format(where=where, found=_kind(value)))
        for i, item in enumerate(value):
            _check(item, spec[0], f"{path}[{i}]")
    elif isinstance(spec, OneOf):
        if not any(_matches(value, c) for c in spec.choices):
            allowed = ", ".join("null" if c is None else c if isinstance(c, str) else "text"
                                for c in spec.choices)
            raise ProgressFormatError(_("{where}: {value} is not one of: {allowed}")
                                      .format(where=where, value=_shown(value), allowed=allowed))
    elif not _matches(value, spec):
        raise ProgressFormatError(_("{where}: {kind} expected, not {value}")
                                  .format(where=where, kind=_kind(spec()), value=_shown(value)))
    if isinstance(value, str) and has_controls(value):
        raise ProgressFormatError(_("{where}: the text holds control characters ({value}): give "
                                    "the file esep collect wrote")
                                  .format(where=where, value=_shown(value)))


def _matches(value: Any, choice: Any) -> bool:
    if choice is None:
        return value is None
    if isinstance(choice, str):
        return value == choice
    if choice is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, choice)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    names = {dict: N_("an object"), list: N_("a list"), str: N_("text"), bool: N_("true/false"),
             int: N_("a number"), float: N_("a number"), type(None): "null"}
    found = names.get(type(value))
    return _(found) if found else type(value).__name__


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{quote(value, 40)}'"
    return _kind(value)
