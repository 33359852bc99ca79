"""The shape of a language's texts, shared by every language module."""

from __future__ import annotations

Words = dict[str, str | dict[str, str]]
"""Key -> a ``str.format`` template, or for a counted noun phrase, CLDR plural category
('one', 'other', ...) -> template with ``{n}``. 'other' is required in each plural entry."""
