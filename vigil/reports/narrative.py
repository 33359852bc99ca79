"""The press release, written from the figures and the editor's words: the story first.

**Headline** (the first rule that applies):

1. the type with the most new files, when its change against the comparison year is notable
   ("24% more runaway files in 2024");
2. else the type with a notable change on a large base (said in percent, see
   vigil.reports.comparisons) that changed by the most files;
3. else the year's new files, with their change where it is said in percent ("The
   foundation opened 1,286 new files in 2024, 9% more than in 2023").

**Lead**: the year's new and handled files (with the change of the new ones), the largest
type and its change, and the type of headline rule 2 where it is another one.

**Paragraphs**, in the editor's order (vigil.reports.editions; by default missing children
by volume, the time to closing, the editor's context and quote, exploitation by volume, the
hotline, the figures recorded by hand, prevention news): one per type with a file handled,
saying what was opened (with its comparison and a rate in words), what was handled, and for
parental abductions the international and national ones with the effective abductions, for
unaccompanied minors the files still open at the end of the year. A clause about none is
left out ("of which 0" is never written); a type with no new file says "no new ...".

The release ends with the boilerplate about the foundation and the press contacts, where the
editor gave them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from vigil.domain.case_types import EXPLOITATION_TYPES, MISSING_TYPES, CaseType
from vigil.errors import N_, Nn_
from vigil.reports.comparisons import Comparison
from vigil.reports.editions import DEFAULT_ORDER, EditorWords
from vigil.reports.model import Narrative, Paragraph
from vigil.reports.rates import Qualifier, rate_in_words
from vigil.reports.texts import Texts
from vigil.reports.told import PARTS, tell, told_figures

FILES: dict[CaseType, tuple[str, str]] = {
    CaseType.RUNAWAY: Nn_("%(num)s runaway file", "%(num)s runaway files"),
    CaseType.PARENTAL_ABDUCTION: Nn_(
        "%(num)s parental abduction file", "%(num)s parental abduction files"
    ),
    CaseType.CRIMINAL_ABDUCTION: Nn_(
        "%(num)s criminal abduction file", "%(num)s criminal abduction files"
    ),
    CaseType.LOST_INJURED: Nn_(
        "%(num)s file of a lost, injured or otherwise missing child",
        "%(num)s files of lost, injured or otherwise missing children",
    ),
    CaseType.UNACCOMPANIED_MINOR: Nn_(
        "%(num)s file of a missing unaccompanied minor",
        "%(num)s files of missing unaccompanied minors",
    ),
    CaseType.SEXUAL_EXPLOITATION: Nn_(
        "%(num)s file of sexual exploitation of a minor",
        "%(num)s files of sexual exploitation of minors",
    ),
    CaseType.SEXTING: Nn_(
        "%(num)s non-consensual sexting file", "%(num)s non-consensual sexting files"
    ),
    CaseType.SEXTORTION: Nn_("%(num)s sextortion file", "%(num)s sextortion files"),
    CaseType.GROOMING: Nn_("%(num)s grooming file", "%(num)s grooming files"),
}
"""The files of each type, counted, as a sentence says them ('727 wegloopdossiers')."""

GROUPS: dict[CaseType, str] = {
    CaseType.RUNAWAY: N_("runaway files"),
    CaseType.PARENTAL_ABDUCTION: N_("parental abduction files"),
    CaseType.CRIMINAL_ABDUCTION: N_("criminal abduction files"),
    CaseType.LOST_INJURED: N_("files of lost, injured or otherwise missing children"),
    CaseType.UNACCOMPANIED_MINOR: N_("files of missing unaccompanied minors"),
    CaseType.SEXUAL_EXPLOITATION: N_("files of sexual exploitation of minors"),
    CaseType.SEXTING: N_("non-consensual sexting files"),
    CaseType.SEXTORTION: N_("sextortion files"),
    CaseType.GROOMING: N_("grooming files"),
}
"""The files of each type, uncounted ('wegloopdossiers'): headlines and 'no new ...'."""

NEW_FILES = Nn_("%(num)s new file", "%(num)s new files")
FILES_ANY = Nn_("%(num)s file", "%(num)s files")
QUALIFIERS = {
    Qualifier.EXACTLY: Nn_("one", "%(num)s"),
    Qualifier.ALMOST: Nn_("almost one", "almost %(num)s"),
    Qualifier.MORE_THAN: Nn_("more than one", "more than %(num)s"),
}
UNITS = {"day": N_("a day"), "week": N_("a week"), "month": N_("a month")}


@dataclass(frozen=True)
class Story:
    """What the release is written from: the figures, the editor's words and the rules'
    settings."""

    figures: dict[str, Any]
    words: EditorWords
    texts: Texts
    org: str
    min_base: int

    @property
    def year(self) -> int:
        return int(self.figures["year"])

    @property
    def base_year(self) -> int:
        return int(self.figures["compared_with"])

    def new(self, code: str) -> int:
        return int(self.figures["cases"][code]["new"])

    def compared(self, code: str) -> Comparison:
        """The new files of type ``code`` against those of the comparison year."""
        return Comparison(self.new(code), self._series(code), self.base_year, self.min_base)

    def total(self) -> Comparison:
        bases = [self._series(code) for code in self.figures["cases"]]
        base = None if None in bases else sum(b or 0 for b in bases)
        return Comparison(self.figures["totals"]["new"], base, self.base_year, self.min_base)

    def _series(self, code: str) -> int | None:
        """New files of ``code`` in the comparison year; None if no file at all was opened
        that year (before the records began: nothing to compare with)."""
        series = self.figures["series"]
        at = series["years"].index(self.base_year)
        if not any(values[at] for values in series["new"].values()):
            return None
        return int(series["new"][code][at])


def write_narrative(
    figures: dict[str, Any], texts: Texts, organisation: str, words: EditorWords, min_base: int
) -> Narrative:
    """Return the press release of ``figures`` with the editor's ``words``."""
    story = Story(figures, words, texts, organisation or texts._("the foundation"), min_base)
    return Narrative(
        headline=capital(headline(story)),
        lead=" ".join(capital(s) for s in lead(story)),
        paragraphs=tuple(paragraphs(story)),
        boilerplate=tuple(_blocks(words.boilerplate)),
        contacts=tuple(_blocks(words.contacts, lines=True)),
    )


def capital(text: str) -> str:
    """``text`` with a capital first letter ('the foundation opened' -> 'The foundation')."""
    return text[:1].upper() + text[1:]


def by_volume(story: Story, types: frozenset[CaseType] | None = None) -> list[str]:
    """The types with a file handled in the year (of ``types``), most new files first."""
    cases = story.figures["cases"]
    codes = [c for c in cases if cases[c]["handled"] and (types is None or c in types)]
    return sorted(codes, key=lambda c: (-cases[c]["new"], list(CaseType).index(CaseType(c))))


def largest(story: Story) -> str | None:
    codes = [c for c in by_volume(story) if story.new(c)]
    return codes[0] if codes else None


def notable(story: Story) -> str | None:
    """The type with a notable change on a large base that changed by the most files."""
    changed = [c for c in by_volume(story) if story.compared(c).notable]
    return max(changed, key=lambda c: story.compared(c).difference, default=None)


def headline(story: Story) -> str:
    t = story.texts
    code = largest(story)
    if code is None or not story.compared(code).notable:
        code = notable(story)
    if code is None:
        values = {
            "org": story.org,
            "new_files": t.counted(NEW_FILES, story.figures["totals"]["new"]),
            "year": story.year,
        }
        total = story.total()
        if total.in_percent and not total.stable:
            return t._(
                "%(org)s opened %(new_files)s in %(year)s, %(comparison)s",
                comparison=total.phrase(t),
                **values,
            )
        return t._("%(org)s opened %(new_files)s in %(year)s", **values)
    compared = story.compared(code)
    values = {"pct": compared.percent(t), "files": t(GROUPS[CaseType(code)]), "year": story.year}
    change = compared.change
    if change is not None and change > 0:
        return t._("%(pct)s more %(files)s in %(year)s", **values)
    return t._("%(pct)s fewer %(files)s in %(year)s", **values)


def lead(story: Story) -> list[str]:
    t, totals = story.texts, story.figures["totals"]
    values = {
        "year": story.year,
        "org": story.org,
        "new_files": _new_files(t, totals["new"]),
        "all_files": t.counted(FILES_ANY, totals["handled"]),
    }
    comparison = story.total().phrase(t)
    if comparison:
        said = t._(
            "In %(year)s, %(org)s opened %(new_files)s, %(comparison)s, "
            "and handled %(all_files)s in all.",
            comparison=comparison,
            **values,
        )
    else:
        said = t._(
            "In %(year)s, %(org)s opened %(new_files)s and handled %(all_files)s in all.", **values
        )
    sentences = [said]
    top, moved = largest(story), notable(story)
    if top is not None and len([c for c in by_volume(story) if story.new(c)]) > 1:
        sentences.append(_largest(story, top))
    if moved is not None and moved != top:
        sentences.append(_moved(story, moved))
    return sentences


def _new_files(t: Texts, n: int) -> str:
    return t.counted(NEW_FILES, n) if n else t._("no new files")


def _largest(story: Story, code: str) -> str:
    t = story.texts
    files = t.counted(FILES[CaseType(code)], story.new(code))
    comparison = story.compared(code).phrase(t)
    if comparison:
        return t._(
            "The largest group were the %(files)s, %(comparison)s.",
            files=files,
            comparison=comparison,
        )
    return t._("The largest group were the %(files)s.", files=files)


def _moved(story: Story, code: str) -> str:
    t = story.texts
    compared = story.compared(code)
    values = {
        "base": story.base_year,
        "files": t(GROUPS[CaseType(code)]),
        "pct": compared.percent(t),
        "num": t.numbers.count(compared.value),
    }
    change = compared.change
    if change is not None and change > 0:
        return t._(
            "Compared with %(base)s, the number of %(files)s rose by %(pct)s, to %(num)s.", **values
        )
    return t._(
        "Compared with %(base)s, the number of %(files)s fell by %(pct)s, to %(num)s.", **values
    )


def ordered_subjects(story: Story) -> list[str]:
    """The body's subjects in order: the editor's first, the rest in the default order;
    a group stands for its types by volume."""
    groups = {
        "missing": by_volume(story, MISSING_TYPES),
        "exploitation": by_volume(story, EXPLOITATION_TYPES),
    }
    subjects: list[str] = []
    for key in (*story.words.order, *DEFAULT_ORDER):
        for subject in groups.get(key, [key]):
            if subject not in subjects:
                subjects.append(subject)
    return subjects


def paragraphs(story: Story) -> list[Paragraph]:
    written: list[Paragraph] = []
    for subject in ordered_subjects(story):
        told = sum(p.key in story.figures["cases"] for p in written)
        written += _paragraphs_of(story, subject, told=told)
    return written


def _paragraphs_of(story: Story, subject: str, *, told: int) -> list[Paragraph]:
    words = story.words
    if subject in story.figures["cases"]:
        text = type_paragraph(story, subject, told=told)
        return [Paragraph(subject, text)] if text else []
    if subject == "closings":
        text = _closings(story)
        return [Paragraph(subject, text)] if text else []
    if subject == "quote":
        source = ", ".join(p for p in (words.quote_by, words.quote_role) if p)
        return [Paragraph(subject, words.quote, source)] if words.quote else []
    if subject in ("context", "prevention"):
        return [Paragraph(subject, block) for block in _blocks(getattr(words, subject))]
    part = next((p for p, key in PARTS.items() if key == subject), None)
    if part is not None:
        text = _told(story, part)
        return [Paragraph(subject, text)] if text else []
    return []


def type_paragraph(story: Story, code: str, *, told: int = 0) -> str:
    """What the files of ``code`` were in the year, in one to four sentences. The first
    type's paragraph names the year; the others (``told`` types came before) follow on from
    it, in turns of two phrasings so that they do not all read alike."""
    f = story.figures["cases"][code]
    if not f["handled"]:
        return ""
    sentences = [_opened(story, code, told), _handled(story, code)]
    if code == CaseType.PARENTAL_ABDUCTION:
        sentences.append(_abductions(story, f))
    if code == CaseType.UNACCOMPANIED_MINOR:
        sentences.append(_still_open(story, f))
    return " ".join(capital(s) for s in sentences if s)


def _opened(story: Story, code: str, told: int) -> str:
    t = story.texts
    comparison = story.compared(code).phrase(t)
    values: dict[str, object] = {"year": story.year, "org": story.org}
    if not story.new(code):
        said = t._(
            "In %(year)s, %(org)s opened no new %(files)s",
            files=t(GROUPS[CaseType(code)]),
            **values,
        )
        return f"{said}, {comparison}." if comparison else f"{said}."
    new = story.new(code)
    values["files"] = t.counted(FILES[CaseType(code)], new)
    rate = rate_phrase(new, story.year, t)
    values["more"] = (f", {comparison}" if comparison else "") + (f" \u2014 {rate}" if rate else "")
    if told == 0:
        return t._("In %(year)s, %(org)s opened %(files)s%(more)s.", **values)
    if told % 2:
        return t._("%(org)s also opened %(files)s%(more)s.", **values)
    pair = Nn_(
        "In addition, %(files)s was opened%(more)s.", "In addition, %(files)s were opened%(more)s."
    )
    return t.plural(pair, new, **values)


def _handled(story: Story, code: str) -> str:
    t, f = story.texts, story.figures["cases"][code]
    handled, new = f["handled"], f["new"]
    if new == handled:
        return ""
    if not new:
        files = t.counted(FILES[CaseType(code)], handled)
        pair = Nn_(
            "%(org)s still handled %(files)s opened in earlier years.",
            "%(org)s still handled %(files)s opened in earlier years.",
        )
        return t.plural(pair, handled, org=story.org, files=files)
    of_them = t.counted(Nn_("%(num)s of them new", "%(num)s of them new"), new)
    pair = Nn_(
        "In all, %(num)s file was handled, %(of_them)s.",
        "In all, %(num)s files were handled, %(of_them)s.",
    )
    return t.plural(pair, handled, num=t.numbers.count(handled), of_them=of_them)


def _abductions(story: Story, f: dict[str, Any]) -> str:
    t = story.texts
    scopes = {
        "international": Nn_(
            "%(num)s international child abduction file",
            "%(num)s international child abduction files",
        ),
        "national": Nn_("%(num)s national abduction file", "%(num)s national abduction files"),
    }
    effective = Nn_("of which %(num)s effective abduction", "of which %(num)s effective abductions")
    parts: list[str] = []
    for scope, pair in scopes.items():
        handled, taken = f[scope]["handled"], f[scope]["handled_effective"]
        if not handled:
            continue
        if parts:
            parts.append(", " if "," in parts[0] else " ")
            parts.append(t._("and") + " ")
        part = t.counted(pair, handled)
        parts.append(f"{part}, {t.counted(effective, taken)}" if taken else part)
    if not parts:
        return ""
    pair = Nn_("Among the files handled was %(files)s.", "Among the files handled were %(files)s.")
    return t.plural(pair, f["handled"], files="".join(parts))


def _still_open(story: Story, f: dict[str, Any]) -> str:
    t, open_files = story.texts, f["open_at_year_end"]
    if not open_files:
        return ""
    pair = Nn_(
        "On %(date)s, %(files)s was still open: such a file is closed only when there is "
        "news of the child.",
        "On %(date)s, %(files)s were still open: such a file is closed only when there is "
        "news of the child.",
    )
    files = t.counted(FILES_ANY, open_files)
    return t.plural(pair, open_files, date=t.numbers.date(date(story.year, 12, 31)), files=files)


def _closings(story: Story) -> str:
    t, figures = story.texts, story.figures
    closed = sum(figures["cases"][c]["closed"] for c in MISSING_TYPES)
    days = figures["median_days_to_close"]["missing_children"]
    if not closed or days is None:
        return ""
    day_count = t.plural(
        Nn_("%(num)s day", "%(num)s days"), 1 if days == 1 else 2, num=t.numbers.decimal(days)
    )
    pair = Nn_(
        "In %(year)s, %(org)s closed %(files)s about a missing child, within %(days)s of its "
        "opening.",
        "In %(year)s, %(org)s closed %(files)s about missing children, half of them within "
        "%(days)s of their opening (the median).",
    )
    files = t.counted(FILES_ANY, closed)
    return capital(
        t.plural(pair, closed, year=story.year, org=story.org, files=files, days=day_count)
    )


def _told(story: Story, part: str) -> str:
    figures = told_figures(story.figures, part, story.texts.lang)
    sentences = [
        tell(
            figure,
            story.texts,
            year=story.year,
            base_year=story.base_year,
            org=story.org,
            min_base=story.min_base,
            sentence=story.words.sentences.get(figure.key),
        )
        for figure in figures
    ]
    return " ".join(capital(s) for s in sentences)


def rate_phrase(count: int, year: int, texts: Texts) -> str | None:
    """'almost three a day', 'more than one a week', 'bijna 3 per maand'... by the rules of
    vigil.reports.rates; small numbers in words; None under one a month."""
    rate = rate_in_words(count, year)
    if rate is None:
        return None
    amount = texts.plural(QUALIFIERS[rate.qualifier], rate.whole, num=texts.in_words(rate.whole))
    return f"{amount} {texts(UNITS[rate.unit.value])}"


def _blocks(text: str, *, lines: bool = False) -> list[str]:
    """The paragraphs of the editor's ``text``, separated by blank lines; with ``lines`` a
    paragraph keeps its lines (an address), else they are joined."""
    joint = "\n" if lines else " "
    found = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        kept = [" ".join(line.split()) for line in block.split("\n")]
        if any(kept):
            found.append(joint.join(line for line in kept if line))
    return found
