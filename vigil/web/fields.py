"""The form fields of the pages: a label, a hint, the error message and the control, tied
together for screen readers (``aria-describedby``, ``aria-invalid``).

They are Python, not Jinja macros, because a file's page writes fourteen of them on every
visit and a macro call cost more than the field it wrote. ``render`` gives each page an
``f`` bound to the page's ``errors`` and ``form`` values; a page with several forms gives
the failed form's to that form only, as ``errs=`` and ``vals=``. The HTML is put together as
text with each value escaped, then marked safe once (Markup's own ``%`` escapes each argument
through several calls and cost more than the rest of a field). A field without a value or
an error is the same text on every page of a language, and is kept once made (``_blank``):
no value typed by a person is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

Values = Mapping[str, Any]


def _described(name: str, hint: str, error: str) -> str:
    ids = [f"h-{name}"] * bool(hint) + [f"e-{name}"] * bool(error)
    described = f' aria-describedby="{" ".join(ids)}"' if ids else ""
    return described + (' aria-invalid="true"' if error else "")


def _head(name: str, label: str, hint: str, error: str, required: str) -> str:
    """The field's opening, label (``required``: the mark after it), hint and error."""
    html = f'<div class="field{" invalid" if error else ""}">\n'
    html += f'  <label for="f-{name}">{escape(label)}{required}</label>\n'
    if hint:
        html += f'  <p class="hint" id="h-{name}">{escape(hint)}</p>\n'
    if error:
        html += f'  <p class="error" id="e-{name}">{escape(error)}</p>\n'
    return html


def _input(
    name: str, label: str, type: str, hint: str, required: str, attrs: str, value: Any, error: str
) -> str:
    html = _head(name, label, hint, error, required)
    html += f'  <input id="f-{name}" name="{name}" type="{type}" value="{escape(value)}"'
    html += f"{' required' if required else ''}{_described(name, hint, error)}"
    return html + f"{' ' + attrs if attrs else ''}>\n</div>\n"


def _textarea(name: str, label: str, hint: str, rows: int, value: Any, error: str) -> str:
    html = _head(name, label, hint, error, "")
    html += f'  <textarea id="f-{name}" name="{name}" rows="{int(rows)}"'
    return html + f"{_described(name, hint, error)}>{escape(value)}</textarea>\n</div>\n"


def _select(
    name: str,
    label: str,
    options: Iterable[tuple[Any, Any]],
    blank: str | None,
    hint: str,
    required: str,
    chosen: str,
    error: str,
) -> str:
    parts = [
        _head(name, label, hint, error, required),
        f'  <select id="f-{name}" name="{name}"{" required" if required else ""}'
        f"{_described(name, hint, error)}>\n",
    ]
    if blank is not None:
        parts.append(f'    <option value="">{escape(blank)}</option>\n')
    for value, text in options:
        selected = " selected" if chosen == str(value) else ""
        parts.append(f'    <option value="{escape(value)}"{selected}>{escape(text)}</option>\n')
    parts.append("  </select>\n</div>\n")
    return "".join(parts)


_blank = lru_cache(maxsize=2048)
"""Keep the text of fields made without a value or an error (see the module's docstring)."""
_blank_input, _blank_textarea, _blank_select = _blank(_input), _blank(_textarea), _blank(_select)


class Fields:
    """What a page calls ``f``. ``name``, ``type`` and ``attrs`` are written as given: they
    are the template's own literals (``attrs='autocomplete="off"'``), never a request's."""

    def __init__(self, errors: Values, form: Values, required: str) -> None:
        self.errors, self.form = errors, form
        self.required = f' <span class="req">{escape(required)}</span>'

    def message(self, name: str, errs: Values | None = None) -> Markup:
        """The error message of a field written by hand (a group of check boxes)."""
        error = (self.errors if errs is None else errs).get(name)
        if not error:
            return Markup("")
        return Markup(f'<p class="error" id="e-{name}">{escape(error)}</p>')  # noqa: S704

    def described(self, name: str, hint: str, errs: Values | None = None) -> Markup:
        """The aria attributes of a control written by hand."""
        error = (self.errors if errs is None else errs).get(name, "")
        return Markup(_described(name, hint, error))  # noqa: S704

    def input(
        self,
        name: str,
        label: str,
        type: str = "text",
        hint: str = "",
        required: bool = False,
        value: Any = None,
        attrs: str = "",
        errs: Values | None = None,
        vals: Values | None = None,
    ) -> Markup:
        error = (self.errors if errs is None else errs).get(name, "")
        given = (self.form if vals is None else vals).get(name, "") if value is None else value
        make = _blank_input if not (error or given) else _input
        mark = self.required if required else ""
        return Markup(make(name, label, type, hint, mark, attrs, given, error))  # noqa: S704

    def textarea(
        self,
        name: str,
        label: str,
        hint: str = "",
        rows: int = 3,
        errs: Values | None = None,
        vals: Values | None = None,
    ) -> Markup:
        error = (self.errors if errs is None else errs).get(name, "")
        given = (self.form if vals is None else vals).get(name, "")
        make = _blank_textarea if not (error or given) else _textarea
        return Markup(make(name, label, hint, rows, given, error))  # noqa: S704

    def select(
        self,
        name: str,
        label: str,
        options: Iterable[tuple[Any, Any]],
        blank: str | None = None,
        hint: str = "",
        required: bool = False,
        errs: Values | None = None,
        vals: Values | None = None,
    ) -> Markup:
        error = (self.errors if errs is None else errs).get(name, "")
        chosen = str((self.form if vals is None else vals).get(name, ""))
        mark = self.required if required else ""
        if not (error or chosen) and isinstance(options, tuple):  # choices that can be a key
            made = _blank_select(name, label, options, blank, hint, mark, chosen, "")
            return Markup(made)  # noqa: S704
        return Markup(_select(name, label, options, blank, hint, mark, chosen, error))  # noqa: S704
