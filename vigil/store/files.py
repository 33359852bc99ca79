"""Files that hold Vigil's data or secrets: readable by Vigil's own user only.

The SQLite database, its backups and the secret key are made 0600 in a directory made 0700,
whatever the umask: they hold case files, second-factor secrets and the key to them, and a
machine's other accounts (a web server, a shared login) must not read them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """Make the directory ``path`` (0700) if it is missing; an existing one is left as it
    is (it may be shared, e.g. /srv). Its missing parents are made as usual."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        path.chmod(PRIVATE_DIR)  # mkdir's mode is masked by the umask
    return path


def keep_private(path: Path) -> None:
    """Make an existing file of ours 0600 if others may read it (an installation of an
    earlier version left its database 0644). A file another user owns is left alone."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return
    if found.st_uid == os.getuid() and found.st_mode & 0o077:
        path.chmod(PRIVATE_FILE)


def create_private(path: Path) -> None:
    """Create ``path`` empty and 0600 in a private directory if it is missing; make it
    0600 if it exists."""
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        keep_private(path)


def open_private(path: Path) -> BinaryIO:
    """Open ``path`` for writing from its start, created or made 0600 before anything is
    written to it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)
    return os.fdopen(fd, "wb")
