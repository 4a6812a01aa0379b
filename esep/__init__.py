"""The esep command line: parses options, calls ingest, model and render, prints results.

Importing the package registers every command on `esep.cli.cli` (each `cmd_*` module adds its own).
"""

from . import cmd_diff, cmd_forms, cmd_ingest, cmd_report, cmd_serve, cmd_workspace  # noqa: F401
