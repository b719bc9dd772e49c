"""The one exception family of reply-i18n.

Every error a user can cause is a :class:`ReplyI18nError`; the command line maps it to a
message and an exit code in one place.  Errors about a file carry its path and, where one
applies, the line, and print as ``file:line: message`` like GNU tools do.
"""

from __future__ import annotations

from pathlib import Path


class ReplyI18nError(Exception):
    """Root of all errors raised by reply-i18n."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return where + self.message


class SourceError(ReplyI18nError):
    """A source document cannot be read or understood."""


class CatalogError(ReplyI18nError):
    """A PO or POT file is malformed."""


class ConfigError(ReplyI18nError):
    """The project configuration or a command-line option is invalid."""


class LockError(ReplyI18nError):
    """Another run holds the project lock."""


class GateError(ReplyI18nError):
    """A quality or completeness gate failed."""


class TemplateError(ReplyI18nError):
    """A questionnaire template is malformed, or cannot be learnt or written."""


class TranslationMemoryError(ReplyI18nError):
    """A translation memory file (TMX, TBX, compendium) or its index cannot be used."""
