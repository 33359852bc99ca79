"""Who may see a file: the rule of restricted files.

A file is restricted as soon as one worker is named on it (a file about a staff member's
own child, say, restricted to two colleagues): then only the workers named see it. Anyone
else, an API token and the command line included, is told there is no such file — the same
answer as for a reference that does not exist, so that a restricted reference cannot be
discovered by asking.
"""

from __future__ import annotations

from collections.abc import Collection


def may_see(named: Collection[int], user_id: int | None) -> bool:
    """True when no worker is named on the file, or ``user_id`` is among those named (an
    actor without an account, None, never is)."""
    return not named or (user_id is not None and user_id in named)
