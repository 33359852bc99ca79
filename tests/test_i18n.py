"""One catalogue of words per language (vigil/locale): every message that any room marks is
extracted and translated into Dutch, French and German with its placeholders, and every
error is raised with a literal template, so that it can be translated wherever it is raised."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from vigil import errors, i18n
from vigil.domain.case_types import CaseType, parse_case_type
from vigil.domain.outcomes import Outcome

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "vigil"
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE]
PLACEHOLDER = re.compile(r"%\(\w+\)s")
ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.VigilError)
}
TEMPLATE_AT = {"ImportFileError": (3, "problem")}
"""Where an error's template is, when it is not its first argument."""


def source_messages() -> set[str | tuple[str, ...]]:
    """Every message the code and the templates mark, as `make messages` extracts them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(ROOT, method_map, options_map)
    return {message for _file, _line, message, _comments, _context in found if message}


def catalog(lang: str):  # type: ignore[no-untyped-def]
    with (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "vigil.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_every_room_marks_its_words_for_the_one_catalogue():
    messages = source_messages()
    assert "Open files by type" in messages  # a page
    assert "Non-consensual sexting" in messages  # a case type, named once in the domain
    assert ("%(num)s file", "%(num)s files") in messages  # a plural
    assert "file %(reference)s is already open" in messages  # a domain rule's error
    assert "the username, password or code is wrong; try again" in messages  # marked N_
    assert "%(value)s is not a date that exists" in messages  # an import's error
    assert "%(reference)s appears again (first on line %(first)s)" in messages  # ImportFileError
    assert "no hash list '%(name)s'; there is none yet" in messages  # the hotline's lists
    assert "%(name)s='%(raw)s' is not true or false" in messages  # a setting


def _problems(entry, message) -> list[str]:  # type: ignore[no-untyped-def]
    if entry is None:
        return [f"missing: {message!r}"]
    singulars = message if isinstance(message, tuple) else (message,)
    wanted = {p for text in singulars for p in PLACEHOLDER.findall(text)}
    strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    found = []
    for text in strings:
        written = set(PLACEHOLDER.findall(text))
        if not text.strip():
            found.append(f"empty: {message!r}")
        elif written != wanted and not (isinstance(message, tuple) and written <= wanted):
            found.append(f"placeholders differ: {message!r} -> {text!r}")
    if entry.fuzzy:
        found.append(f"fuzzy: {message!r}")
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_has_a_translation_with_its_placeholders(lang):
    """A plural's forms may leave out the number ('één dossier' for 1)."""
    translations = catalog(lang)
    problems = []
    for message in sorted(source_messages(), key=str):
        problems += _problems(translations.get(message), message)
    assert not problems, f"{lang}: " + "; ".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_case_type_and_outcome_is_named_in_every_language(lang):
    words = i18n.Words(lang)
    for code in [*CaseType, *Outcome]:
        assert words.label(code) != i18n.Words("en").label(code) or code in {
            CaseType.GROOMING,
            CaseType.SEXTORTION,
        }, code


def test_an_error_is_shown_in_the_readers_language_with_a_translated_problem_inside():
    error = errors.ImportFileError(
        "cases.csv", 3, "opened_at", "%(value)s is not a date that exists", value="2023-02-30"
    )
    assert error.message == (
        "cases.csv, line 3, column opened_at: 2023-02-30 is not a date that exists"
    )
    assert i18n.error_message(error, "fr") == (
        "cases.csv, ligne 3, colonne opened_at : 2023-02-30 n’est pas une date qui existe"
    )


def test_a_word_given_as_a_value_is_translated_too():
    with pytest.raises(errors.InputError) as caught:
        parse_case_type("walk")
    assert caught.value.message.startswith("unknown type 'walk'; use one of runaway, ")
    assert i18n.error_message(caught.value, "de").startswith("unbekannter Wert für Art: 'walk'")


def test_an_unknown_language_is_refused_naming_the_known_ones():
    with pytest.raises(errors.InputError, match="no language 'es'; use one of en, nl, fr, de"):
        i18n.Words("es")


# -- every error is raised with a literal template ------------------------------------------


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _is_literal(node: ast.expr | None) -> bool:
    """A string literal, or ``N_("a string literal")``."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return (
        isinstance(node, ast.Call)
        and _name(node.func) == "N_"
        and len(node.args) == 1
        and _is_literal(node.args[0])
    )


class Templates(ast.NodeVisitor):
    """The errors raised in one module whose template is not a literal, and the parameters
    through which a caller hands a template on (checked at every call of that function)."""

    def __init__(self, tree: ast.Module) -> None:
        self.constants = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign) and _is_literal(node.value)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        self.functions: list[ast.FunctionDef] = []
        self.bad: list[tuple[int, str]] = []
        self.handed_on: list[tuple[str, int, str]] = []
        self.visit(tree)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.functions.append(node)
        self.generic_visit(node)
        self.functions.pop()

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if name in ERRORS:
            position, keyword = TEMPLATE_AT.get(name, (0, "message"))
            template = _argument(node, position, keyword)
            if not (_is_literal(template) or self._constant_or_handed_on(template)):
                self.bad.append((node.lineno, ast.unparse(node)[:90]))
        self.generic_visit(node)

    def _constant_or_handed_on(self, template: ast.expr | None) -> bool:
        if not isinstance(template, ast.Name):
            return False
        if template.id in self.constants:
            return True
        function = self.functions[-1] if self.functions else None
        if function is None:
            return False
        parameters = [a.arg for a in function.args.posonlyargs + function.args.args]
        if template.id not in parameters:
            return False
        self.handed_on.append((function.name, parameters.index(template.id), template.id))
        return True


def _calls(trees: dict[Path, ast.Module], function: str) -> list[tuple[Path, ast.Call]]:
    return [
        (path, node)
        for path, tree in trees.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _name(node.func) == function
    ]


def test_every_error_is_raised_with_a_literal_template_not_an_f_string():
    """An f-string, a variable or a ``%`` or ``+`` expression cannot be extracted, so the
    message could not be translated: pass the values as keywords (``%(name)s``), keep a
    template in a constant marked ``N_``, or hand a literal on through a parameter."""
    paths = [p for p in sorted(PACKAGE.rglob("*.py")) if p != PACKAGE / "errors.py"]
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
    bad = []
    for path, tree in trees.items():
        found = Templates(tree)
        bad += [f"{path.relative_to(ROOT)}:{line}: {code}" for line, code in found.bad]
        for function, position, parameter in found.handed_on:
            for caller, call in _calls(trees, function):
                if not _is_literal(_argument(call, position, parameter)):
                    bad.append(f"{caller.relative_to(ROOT)}:{call.lineno}: {function}(...)")
    assert len(trees) > 100 and not bad, "not a literal template:\n" + "\n".join(bad)


def test_the_scan_finds_what_cannot_be_translated():
    code = """
from vigil.errors import N_, InputError
KEPT = N_("kept")
def bad(x):
    raise InputError(f"{x} is wrong")
def worse(x):
    raise InputError("a " + x)
def fine(x, message):
    raise InputError(KEPT if x else "%(x)s", x=x) from InputError(message)
"""
    found = Templates(ast.parse(code))
    assert [line for line, _ in found.bad] == [5, 7, 9]
    fine = Templates(ast.parse(code.replace('KEPT if x else "%(x)s"', "KEPT")))
    assert [line for line, _ in fine.bad] == [5, 7]
    assert fine.handed_on == [("fine", 1, "message")]
