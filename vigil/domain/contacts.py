"""Who the hotline writes to about a confirmed URL, and in which languages it can write."""

from __future__ import annotations

from enum import StrEnum


class ContactKind(StrEnum):
    """The three kinds of recipient of a notice; each gets a text of its own register."""

    HOST_ABUSE = "host_abuse"
    """A hosting provider's abuse desk: asked to remove the material (notice and takedown)."""
    POLICE = "police"
    """The police of the foundation's own country: told of material hosted there."""
    PARTNER_HOTLINE = "partner_hotline"
    """The hotline of the country that hosts the material: the URL is referred to it."""


NOTICE_LANGUAGES = ("nl", "fr", "de", "en")
"""The languages a notice can be written in, as ISO 639-1 codes."""
