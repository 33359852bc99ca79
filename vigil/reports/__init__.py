"""The yearly report and press release: figures to text, tables and charts, in four
languages and five formats. Doors call :func:`build_report` and :func:`render`."""

from vigil.reports.service import (
    FORMATS,
    MEDIA_TYPES,
    build_report,
    compose,
    export_report,
    render,
)
from vigil.reports.texts import LANGUAGES

__all__ = [
    "FORMATS",
    "LANGUAGES",
    "MEDIA_TYPES",
    "build_report",
    "compose",
    "export_report",
    "render",
]
