"""Renderers: one module per output format, each with ``render(edition) -> bytes``.

A new format is one new module here and one line in :data:`MODULES`; the parser, the
catalogs and the alignment do not change.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from reply_i18n.errors import ConfigError
from reply_i18n.model import Edition

Renderer = Callable[[Edition], bytes]

#: format name → (module in this package, file suffix)
MODULES: dict[str, tuple[str, str]] = {
    "html": ("html", ".html"),
    "md": ("markdown", ".md"),
    "docx": ("word", ".docx"),
    "pdf": ("pdf", ".pdf"),
    "tmx": ("tmx", ".tmx"),
}


def renderer(fmt: str) -> Renderer:
    """The ``render`` function of a format."""
    if fmt not in MODULES:
        raise ConfigError(f"unknown format {fmt!r}: choose from {', '.join(MODULES)}")
    module = importlib.import_module(f"reply_i18n.publish.render.{MODULES[fmt][0]}")
    func: Renderer = module.render
    return func


def suffix(fmt: str) -> str:
    return MODULES[fmt][1]
