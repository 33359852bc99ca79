"""`vigil report YEAR`: the yearly report and press release in a language and a format;
`vigil report edit YEAR`: the editor's own words of its press release."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from typer.core import TyperGroup

from vigil.cli.context import actor, console, current_settings, reports_errors, session
from vigil.domain.parsing import parse_date
from vigil.errors import InputError
from vigil.reports import export_report
from vigil.reports.editions import TEXT_FIELDS, EditorWords, editor_words, save_words
from vigil.reports.service import check_format
from vigil.reports.texts import check_language


class YearOrCommand(TyperGroup):
    """`vigil report 2024 ...` writes the report (the command ``write``); `vigil report edit
    2024 ...` edits the words of its press release."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # click's Context (vendored)
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["write", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=YearOrCommand,
    help="The annual report and press release of a year: `vigil report YEAR` writes it, "
    "`vigil report edit YEAR` gives its press release the editor's own words.",
    no_args_is_help=True,
)


@app.command("write")
@reports_errors
def write(
    year: int = typer.Argument(..., help="The calendar year, e.g. 2023: it must be over."),
    lang: str = typer.Option("", "--lang", help="nl, fr, de or en (default: VIGIL_LANGUAGE)."),
    fmt: str = typer.Option("html", "--format", help="html, pdf, md, json or csv."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file (default: standard output)."
    ),
    organisation: str = typer.Option(
        "", "--organisation", help="The foundation's name as the report writes it."
    ),
) -> None:
    """Write the annual report and press release of YEAR, from the files in the database."""
    settings = current_settings()
    lang = check_language(lang or settings.language)
    check_format(fmt)
    if fmt == "pdf" and output is None and sys.stdout.isatty():
        output = Path(f"report-{year}-{lang}.pdf")
    with session() as s:
        name = organisation.strip() or settings.organisation
        body = export_report(
            s, year, lang, fmt, by=actor(), organisation=name, min_base=settings.report_min_base
        )
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    output.write_bytes(body)
    console.print(f"Wrote the {year} report ({lang}, {fmt}) to {output}", highlight=False)


TEXT_HELP = "Text; @FILE reads it from FILE; blank lines part paragraphs; '' clears it."


@app.command("edit")
@reports_errors
def edit(
    year: int = typer.Argument(..., help="The year of the report."),
    lang: str = typer.Option("", "--lang", help="Language of the words (default: VIGIL_LANGUAGE)."),
    published: str | None = typer.Option(None, "--published", help="Publication day, YYYY-MM-DD."),
    compare_with: str | None = typer.Option(
        None, "--compare-with", help="The year to compare with (default: the year before)."
    ),
    order: str | None = typer.Option(
        None, "--order", help="Paragraphs first, e.g. 'quote,sextortion,missing'."
    ),
    quote_by: str | None = typer.Option(None, "--quote-by", help="Who is quoted (any language)."),
    quote_role: str | None = typer.Option(None, "--quote-role", help="Their role."),
    quote: str | None = typer.Option(None, "--quote", help=TEXT_HELP),
    context: str | None = typer.Option(None, "--context", help=TEXT_HELP),
    prevention: str | None = typer.Option(None, "--prevention", help=TEXT_HELP),
    contacts: str | None = typer.Option(None, "--contacts", help=TEXT_HELP),
    boilerplate: str | None = typer.Option(None, "--boilerplate", help=TEXT_HELP),
    sentence: list[str] = typer.Option(
        [],
        "--sentence",
        help="KEY=TEXT, the sentence that tells a figure: 'calls_received=The 116 000 line "
        "took {value} calls, {comparison}.' (again for another key; KEY= removes one).",
    ),
) -> None:
    """Give the press release of YEAR the editor's own words in a language, and show them.

    Only the fields given change; without any, the words are shown as they are."""
    lang = check_language(lang or current_settings().language)
    changes: dict[str, Any] = {}
    if published is not None:
        changes["published_on"] = _day(published)
    if compare_with is not None:
        changes["compare_with"] = _year(compare_with)
    texts = {"order": order, "quote_by": quote_by, "quote_role": quote_role, "quote": quote}
    texts |= {"context": context, "prevention": prevention, "contacts": contacts}
    texts |= {"boilerplate": boilerplate}
    changes |= {name: _text(value) for name, value in texts.items() if value is not None}
    if sentence:
        changes["sentences"] = dict(_sentence(s) for s in sentence)
    with session() as s:
        if changes:
            words = save_words(s, year, lang, changes, by=actor())
        else:
            words = editor_words(s, year, lang)
        console.print(_table(words))


def _day(raw: str) -> Any:
    try:
        return parse_date(raw)
    except InputError as exc:
        raise InputError("--published: %(problem)s", field="published_on", problem=exc) from None


def _year(raw: str) -> int | None:
    if not raw.strip():
        return None
    if not raw.strip().isdigit():
        raise InputError("--compare-with '%(raw)s' is not a year", field="compare_with", raw=raw)
    return int(raw)


def _text(raw: str | None) -> str | None:
    if raw is None or not raw.startswith("@"):
        return raw
    path = Path(raw[1:])
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            "%(path)s: cannot read it (%(why)s)", path=path, why=exc.strerror
        ) from None


def _sentence(raw: str) -> tuple[str, str]:
    key, sep, text = raw.partition("=")
    if not sep:
        raise InputError(
            "--sentence '%(raw)s' has no =; write KEY=TEXT", field="sentences", raw=raw
        )
    return key.strip(), _text(text) or ""


def _table(words: EditorWords) -> Table:
    title = f"Words of the {words.year} press release ({words.lang})"
    table = Table(title=title, show_header=False)
    table.add_column("field", style="bold")
    table.add_column("words")
    rows = {
        "published": str(words.published_on or "(the day it is written)"),
        "compared with": str(words.compare_with or f"{words.year - 1} (the year before)"),
        "order": ", ".join(words.order) or "(the default)",
        "quote by": words.quote_by,
        **{name.replace("_", " "): getattr(words, name) for name in TEXT_FIELDS},
        **{f"sentence {key}": text for key, text in sorted(words.sentences.items())},
    }
    for field, text in rows.items():
        table.add_row(field, text or "—")
    return table
