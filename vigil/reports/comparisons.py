"""How the press release compares a figure with the same figure of an earlier year.

- The comparison year is the year before, unless the editor picks another
  (vigil.reports.editions: the seed compared 2021's hotline with 2019, before the pandemic).
- A change is said in percent only on a base of at least ``min_base`` (the setting
  VIGIL_REPORT_MIN_BASE, 30 by default): "52% more than in 2019". On a smaller base, or when
  the figure itself is none, both counts are said instead: "8 files, against 6 in 2023" (a
  change from 6 to 8 is "33% more", which says more than the counts can carry).
- Under ``STABLE_BELOW`` percent either way the change is "about as many"; the same figure is
  "as many".
- A change of at least ``NOTABLE_FROM`` percent is notable: it may make the headline.
- Without a figure for the comparison year (nothing recorded, or no file at all that year)
  nothing is compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from vigil.reports.texts import Texts

MIN_BASE = 30
"""The default of VIGIL_REPORT_MIN_BASE."""
STABLE_BELOW = 2
"""A change smaller than this, in percent either way, is told as "about as many"."""
NOTABLE_FROM = 10
"""A change of at least this, in percent either way, on a base of ``min_base``, is notable."""


@dataclass(frozen=True)
class Comparison:
    """``value`` in the report's year against ``base`` in ``base_year`` (None: no figure)."""

    value: int
    base: int | None
    base_year: int
    min_base: int = MIN_BASE

    @property
    def in_percent(self) -> bool:
        """Whether the change is said in percent (a base large enough, a figure not none)."""
        return self.base is not None and self.base >= self.min_base and self.value > 0

    @property
    def change(self) -> Fraction | None:
        """The exact change in percent, where it is said in percent."""
        if not self.in_percent or self.base is None:
            return None
        return Fraction(self.value - self.base, self.base) * 100

    @property
    def stable(self) -> bool:
        change = self.change
        return change is not None and abs(change) < STABLE_BELOW

    @property
    def notable(self) -> bool:
        change = self.change
        return change is not None and abs(change) >= NOTABLE_FROM

    @property
    def difference(self) -> int:
        return abs(self.value - (self.base or 0))

    def phrase(self, texts: Texts) -> str | None:
        """'24% more than in 2023', 'about as many as in 2023', 'as many as in 2023',
        'against 6 in 2023', 'against none in 2023'; None without a base."""
        if self.base is None:
            return None
        year = self.base_year
        change = self.change
        if self.value == self.base:
            return texts._("as many as in %(year)s", year=year)
        if change is None:
            if self.base == 0:
                return texts._("against none in %(year)s", year=year)
            return texts._(
                "against %(base)s in %(year)s", base=texts.numbers.count(self.base), year=year
            )
        if self.stable:
            return texts._("about as many as in %(year)s", year=year)
        pct = texts.numbers.percent(float(change))
        if change > 0:
            return texts._("%(pct)s more than in %(year)s", pct=pct, year=year)
        return texts._("%(pct)s fewer than in %(year)s", pct=pct, year=year)

    def percent(self, texts: Texts) -> str:
        """The change as a whole percentage without sign ('24%'); only where in percent."""
        change = self.change
        assert change is not None, "a change said in percent needs a base"
        return texts.numbers.percent(float(change))
