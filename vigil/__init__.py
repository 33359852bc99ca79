"""Vigil: case work, the abuse-material hotline and the yearly figures of a child
protection foundation."""

__version__ = "0.1.0"
