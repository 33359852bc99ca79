"""Text cells of a CSV file that a spreadsheet would run, and how they are kept inert.

A spreadsheet opening a CSV file runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and some run one that starts with a tab or a carriage return) as a formula:
``=HYPERLINK(...)`` or ``+cmd|...`` typed into a summary by anyone would run on the
computer of whoever opens the export. As OWASP recommends, such a cell is written with a
single quote in front, which spreadsheets show as text. A number (``-12.5``) is left alone:
it runs nothing and must stay a number.

To read such files back unchanged, the quote is taken off again, and only there: a value
is quoted when, without its leading quotes, it starts like a formula. So ``'=x`` (a value
that really starts with a quote) is written ``''=x``, and ``'t Hooft`` stays as it is.
"""

from __future__ import annotations

import re

RUNS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _would_run(text: str) -> bool:
    bare = text.lstrip(QUOTE)
    return bare.startswith(RUNS) and _NUMBER.fullmatch(bare) is None


def neutralise(value: str) -> str:
    """The cell to write for ``value``: quoted if a spreadsheet would run it."""
    return QUOTE + value if _would_run(value) else value


def restore(cell: str) -> str:
    """The value a cell written by :func:`neutralise` holds (any other cell unchanged)."""
    return cell[1:] if cell.startswith(QUOTE) and _would_run(cell) else cell
