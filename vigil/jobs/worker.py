"""Running the queue's tasks: `vigil worker` in the foreground (production, on Redis), or a
consumer inside `vigil serve` for the embedded default, so that the README's first command
gives a working hotline."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from vigil.jobs.queue import Jobs

log = logging.getLogger("vigil.jobs")


def run_worker(jobs: Jobs, workers: int = 1) -> None:
    """Work the queue until interrupted, with ``workers`` processes (each its own Python,
    so that hashing uses as many cores); the sweep runs in this one."""
    kind = "process" if workers > 1 else "thread"
    jobs.huey.create_consumer(workers=workers, worker_type=kind).run()


@contextmanager
def embedded(jobs: Jobs, workers: int = 1) -> Iterator[None]:
    """Work the queue in this process's threads while the block runs (`vigil serve` on the
    embedded default); stop them when it ends, letting a task under way finish."""
    consumer = jobs.huey.create_consumer(workers=workers, worker_type="thread")
    consumer.start()
    log.info("the hotline's jobs run in this process (%s thread)", workers)
    try:
        yield
    finally:
        consumer.stop(graceful=True)
