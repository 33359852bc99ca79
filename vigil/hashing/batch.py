"""Hash many files on every core: folders walked recursively, results in a stable order.

Each worker process hashes one file at a time with numpy kept to one thread, so N jobs
use N cores. A bad file gives a result with its error; the batch never stops for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from vigil.hashing.signals import FileHashes, HashOptions, hash_file


def walk(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file under ``paths`` (folders recursively, in name order). A path that does
    not exist is yielded as it is, so that it gets its own 'cannot read' result."""
    for path in paths:
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs.sort()
                yield from (Path(folder) / name for name in sorted(names))
        else:
            yield path


def _single_threaded() -> None:
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"


def hash_files(files: list[Path], options: HashOptions, jobs: int = 0) -> Iterator[FileHashes]:
    """Hash ``files`` on ``jobs`` processes (0: one per core), yielding in their order."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < 2:
        yield from (hash_file(f, options) for f in files)
        return
    work = partial(hash_file, options=options)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_single_threaded) as pool:
        yield from pool.map(work, files, chunksize=4)
