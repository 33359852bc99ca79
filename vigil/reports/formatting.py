"""Numbers, percentages and dates written the way each report language writes them (Babel).

Each language names its Babel locale (``LOCALES`` in vigil/reports/texts.py): Belgian
Dutch, French and German, British English. So
2147 is written 2.147 in Dutch and German, 2,147 in English, and in French with the narrow
no-break space (U+202F) that Babel takes from CLDR and French typography prescribes: it never
breaks a number over two lines. Output keeps that character; docs/reports.md says so for
those who copy figures into other tools.

A fall is written with the true minus sign (U+2212, "−5,0%"), not a hyphen; a date keeps its
day and month on one line (a no-break space between them), and French writes the first of a
month "1er".
"""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

DASH = "—"
MINUS = "\u2212"
NBSP = "\u00a0"
"""What a table shows where a figure has no value (a change against a year without files)."""


class Numbers:
    """The number and date formats of one Babel locale ('nl_BE')."""

    def __init__(self, locale: str) -> None:
        self.locale = Locale.parse(locale)
        pattern = self.locale.percent_formats[None].pattern.split(";")[0].replace("0", "0.0", 1)
        self._signed_pct = f"+{pattern};-{pattern}"

    def count(self, value: int) -> str:
        """2147 -> '2.147' (nl), '2 147' (fr, narrow no-break space), '2,147' (en)."""
        return format_decimal(value, locale=self.locale)

    def decimal(self, value: float | None, digits: int = 1) -> str:
        """A value with up to ``digits`` decimals ('2,38'); the dash for None."""
        if value is None:
            return DASH
        pattern = "#,##0." + "#" * digits
        return format_decimal(value, format=pattern, locale=self.locale)

    def fixed(self, value: float, digits: int = 2) -> str:
        """A value with exactly ``digits`` decimals ('2,40')."""
        return format_decimal(value, format="#,##0." + "0" * digits, locale=self.locale)

    def change(self, pct: float | None) -> str:
        """A change in percent with its sign and one decimal ('+20,9%'); the dash for None."""
        if pct is None:
            return DASH
        written = format_percent(pct / 100, format=self._signed_pct, locale=self.locale)
        return written.replace("-", MINUS)

    def percent(self, pct: float) -> str:
        """A whole percentage without sign, for sentences ('21%', '21 %' in fr and de)."""
        return format_percent(round_half_up(abs(pct)) / 100, locale=self.locale)

    def figure(self, value: float | None, kind: str) -> str:
        """A table's figure by its kind (vigil.reports.model.Kind); the dash for None."""
        if value is None:
            return DASH
        if kind == "change":
            return self.change(value)
        if kind == "rate":
            return self.fixed(value, 2)
        if kind == "days":
            return self.decimal(value, 1)
        return self.count(int(value))

    def date(self, day: date) -> str:
        """'10 mei 2022', '10 mai 2022', '10. Mai 2022', '10 May 2022', '1er mai 2022'; the
        day and the month joined by a no-break space."""
        written = format_date(day, format="long", locale=self.locale)
        if self.locale.language == "fr" and day.day == 1:
            written = written.replace("1", "1er", 1)
        return written.replace(" ", NBSP, 1)

    def plural_form(self, n: float) -> str:
        """CLDR's plural category of ``n`` in this language ('one', 'other', ...)."""
        return str(self.locale.plural_form(n))


def round_half_up(value: float) -> int:
    """Round to a whole number, halves away from zero (21.5 -> 22), as people expect."""
    whole = int(abs(value) + 0.5)
    return whole if value >= 0 else -whole
