"""Hash-list files: reading them strictly and writing them back.

Formats (:class:`ListFormat`):

* ``text``: one hash per line.
* ``signal-lines``: ``<signal> <hash>`` per line, e.g. ``pdq 3f2e...`` (what
  ``threatexchange hash`` prints).
* ``csv``: a header with at least ``hash``; ``signal``, ``label``, ``source`` when known.
* ``threatexchange``: the ThreatExchange CLI's ``dataset -P --csv`` export, with the
  header ``collab,signal_type,signal_str,category,tags``.

In every format blank lines and lines starting with ``#`` are skipped. A malformed hash
(wrong length, not hexadecimal, a signal that does not belong) stops the whole file
with an ImportFileError naming the line: nothing of a bad file reaches a list or an
index.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from vigil.errors import ImportFileError, InputError
from vigil.hashing.signals import Signal, check_hash


class ListFormat(enum.StrEnum):
    TEXT = "text"
    SIGNAL_LINES = "signal-lines"
    CSV = "csv"
    THREATEXCHANGE = "threatexchange"


TE_HEADER = ("collab", "signal_type", "signal_str", "category", "tags")
CSV_HEADER = ("hash", "signal", "label", "source")
# ThreatExchange's signal type names, and what Vigil calls them.
TE_SIGNALS = {"pdq": Signal.PDQ, "video_md5": Signal.MD5, "photo_md5": Signal.MD5}
_BY_LENGTH = {32: Signal.MD5, 40: Signal.SHA1, 64: Signal.PDQ}


@dataclass(frozen=True)
class ListEntry:
    """One hash of a list file and where it came from (``line`` of the file)."""

    hash: str
    signal: Signal
    label: str = ""
    source: str = ""
    line: int = 0


def detect(first_line: str) -> ListFormat:
    """Guess a file's format from its first meaningful line."""
    lowered = first_line.strip().lower()
    if lowered.replace(" ", "").startswith(",".join(TE_HEADER)):
        return ListFormat.THREATEXCHANGE
    if "," in lowered and "hash" in [c.strip() for c in lowered.split(",")]:
        return ListFormat.CSV
    if len(lowered.split()) == 2 and lowered.split()[0] in {s.value for s in Signal}:
        return ListFormat.SIGNAL_LINES
    return ListFormat.TEXT


def read_list(
    path: Path, signal: Signal | None = None, list_format: ListFormat | None = None
) -> list[ListEntry]:
    """Read every entry of the file at ``path``. ``signal`` is what a line that does not
    say its signal holds (guessed from the length otherwise: 32 md5, 40 sha1, 64 pdq).
    Raise ImportFileError for the first bad line, or if the file cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileError(
            path, 0, None, "cannot read the file: %(why)s", why=str(exc)
        ) from None
    return parse(io.StringIO(text), path, signal, list_format)


def parse(
    stream: TextIO,
    path: Path | str,
    signal: Signal | None = None,
    list_format: ListFormat | None = None,
) -> list[ListEntry]:
    lines = list(_meaningful(stream))
    if not lines:
        return []
    chosen = list_format or detect(lines[0][1])
    readers = {
        ListFormat.TEXT: _read_text,
        ListFormat.SIGNAL_LINES: _read_signal_lines,
        ListFormat.CSV: _read_csv,
        ListFormat.THREATEXCHANGE: _read_threatexchange,
    }
    return list(readers[chosen](lines, str(path), signal))


Lines = list[tuple[int, str]]


def _meaningful(stream: TextIO) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line.rstrip("\r\n")


def _entry(
    path: str,
    line: int,
    column: str | None,
    text: str,
    signal: Signal | None,
    label: str = "",
    source: str = "",
) -> ListEntry:
    kind = signal or _BY_LENGTH.get(len(text.strip()))
    if kind is None:
        raise ImportFileError(
            path,
            line,
            column,
            "'%(text)s' is not a hash: expected 32 (md5), 40 (sha1) or 64 (pdq, sha256) hex "
            "characters",
            text=text.strip()[:80],
        )
    try:
        value = check_hash(kind, text)
    except InputError as exc:
        exc.field = column
        raise ImportFileError.of(path, line, exc) from None
    return ListEntry(value, kind, label.strip(), source.strip(), line)


def _read_text(lines: Lines, path: str, signal: Signal | None) -> Iterator[ListEntry]:
    """Without ``signal``, the first hash's length decides it for the whole file."""
    for number, line in lines:
        entry = _entry(path, number, None, line, signal)
        signal = signal or entry.signal
        yield entry


def _read_signal_lines(lines: Lines, path: str, signal: Signal | None) -> Iterator[ListEntry]:
    for number, line in lines:
        parts = line.split()
        if len(parts) != 2:
            raise ImportFileError(
                path, number, None, "expected '<signal> <hash>', e.g. 'pdq f8f8...'"
            )
        yield _entry(path, number, None, parts[1], _signal(path, number, "signal", parts[0]))


def _signal(path: str, line: int, column: str, name: str) -> Signal:
    try:
        return Signal(name.strip().lower())
    except ValueError:
        known = ", ".join(s.value for s in Signal)
        raise ImportFileError(
            path,
            line,
            column,
            "unknown signal '%(name)s'; expected %(known)s",
            name=name,
            known=known,
        ) from None


def _rows(lines: Lines, path: str, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader([line for _, line in lines])
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFileError(
            path, lines[0][0], None, "the header lacks %(columns)s", columns=", ".join(missing)
        )
    for (number, _), row in zip(lines[1:], reader, strict=True):
        if len(row) != len(header):
            raise ImportFileError(
                path,
                number,
                None,
                "%(count)s columns, the header has %(wanted)s",
                count=len(row),
                wanted=len(header),
            )
        yield number, dict(zip(header, row, strict=True))


def _read_csv(lines: Lines, path: str, signal: Signal | None) -> Iterator[ListEntry]:
    for number, row in _rows(lines, path, ["hash"]):
        named = row.get("signal", "").strip()
        kind = _signal(path, number, "signal", named) if named else signal
        yield _entry(
            path, number, "hash", row["hash"], kind, row.get("label", ""), row.get("source", "")
        )


def _read_threatexchange(lines: Lines, path: str, signal: Signal | None) -> Iterator[ListEntry]:
    for number, row in _rows(lines, path, TE_HEADER):
        kind = TE_SIGNALS.get(row["signal_type"].strip().lower())
        if kind is None:
            raise ImportFileError(
                path,
                number,
                "signal_type",
                "signal type '%(name)s' is not one Vigil matches (%(known)s)",
                name=row["signal_type"],
                known=", ".join(TE_SIGNALS),
            )
        label = " ".join(x for x in (row["category"], row["tags"]) if x.strip())
        yield _entry(path, number, "signal_str", row["signal_str"], kind, label, row["collab"])


def write_list(entries: Iterable[ListEntry], out: TextIO, list_format: ListFormat) -> None:
    """Write ``entries`` in ``list_format`` (what :func:`parse` reads back)."""
    if list_format is ListFormat.TEXT:
        out.writelines(f"{e.hash}\n" for e in entries)
    elif list_format is ListFormat.SIGNAL_LINES:
        out.writelines(f"{e.signal} {e.hash}\n" for e in entries)
    elif list_format is ListFormat.CSV:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        writer.writerows((e.hash, e.signal, e.label, e.source) for e in entries)
    else:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(TE_HEADER)
        te_name = {Signal.PDQ: "pdq", Signal.MD5: "photo_md5"}
        writer.writerows(
            (e.source, te_name.get(e.signal, e.signal.value), e.hash, e.label, "") for e in entries
        )
