"""Long work (reading a large PDF, collecting many forms, LibreOffice's export) off the request.

A job runs in a worker thread; its page shows how far it got and sends the clerk on when it is
done. An EsepError ends a job with its one line; anything else with a short sentence, and the
details go to the server's log.
"""

from __future__ import annotations

import contextvars
import logging
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from model.errors import EsepError
from model.i18n import _

RUNNING, DONE, FAILED = "running", "done", "failed"
KEEP = 200  # finished jobs remembered, for the pages that link to them

log = logging.getLogger("esep.web")


@dataclass
class Job:
    """One piece of long work: what it is, how far it got, how it ended and where to go next."""

    id: str
    title: str
    next_url: str
    state: str = RUNNING
    done: int = 0
    total: int = 0
    step: str = ""
    message: str = ""
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    def advance(self, done: int, total: int, step: str = "") -> None:
        """Note progress: `done` of `total` steps, the current one named `step`."""
        self.done, self.total, self.step = done, total, step

    @property
    def seconds(self) -> int:
        """Return the seconds the job has run (or ran)."""
        return int((self.finished or time.monotonic()) - self.started)

    def as_dict(self) -> dict:
        """Return what the job page's script polls."""
        return {"id": self.id, "state": self.state, "done": self.done, "total": self.total,
                "step": self.step, "message": self.message, "seconds": self.seconds,
                "next": self.next_url}


class Jobs:
    """The running and recent jobs, run on a small pool of threads."""

    def __init__(self, workers: int = 2):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="esep-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, title: str, next_url: str, work: Callable[[Job], str | None]) -> Job:
        """Start `work(job)` in the background and return its Job; `work` may return a next URL."""
        job = Job(secrets.token_hex(8), title, next_url)
        with self._lock:
            self._jobs[job.id] = job
            for old in list(self._jobs)[:-KEEP]:
                del self._jobs[old]
        # the job writes in the language of the page that started it
        self._pool.submit(contextvars.copy_context().run, self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        """Return the job `job_id`, or None when there is no such job."""
        return self._jobs.get(job_id)

    @staticmethod
    def _run(job: Job, work: Callable[[Job], str | None]) -> None:
        try:
            job.next_url = work(job) or job.next_url
            job.state = DONE
        except EsepError as exc:
            job.message, job.state = str(exc), FAILED
        except MemoryError:
            job.message, job.state = _("the file is too large to read here"), FAILED
        except Exception:  # noqa: BLE001  (the page says it; the log keeps the trace)
            log.exception("job %s (%s) failed", job.id, job.title)
            job.message = _("esep failed on this step; the server's window shows why")
            job.state = FAILED
        finally:
            job.finished = time.monotonic()

    def wait(self, job: Job, timeout: float = 600) -> Job:
        """Return `job` once it has finished (for tests and the bench)."""
        end = time.monotonic() + timeout
        while job.state == RUNNING and time.monotonic() < end:
            time.sleep(0.02)
        return job
