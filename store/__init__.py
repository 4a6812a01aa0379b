"""The workspace: every plan version, form sent, file received, answer read and report issued.

See `store.workspace` for the folder's layout and the API; `store.collect.collect_into` collects
an inbox into it. SQLite in the folder by default, PostgreSQL by URL (`store.db`).
"""

from .db import StoreError
from .records import (HistoryLine, IssuedReport, PlanVersion, ReceivedFile, SentForm,
                      WorkspaceStatus, YearStatus)
from .workspace import Workspace

__all__ = ["Workspace", "StoreError", "PlanVersion", "ReceivedFile", "SentForm", "IssuedReport",
           "YearStatus", "WorkspaceStatus", "HistoryLine"]
