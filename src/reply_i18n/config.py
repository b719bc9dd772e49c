"""Project configuration: ``reply-i18n.toml`` at the project root.

Every key is optional; see the README for the list.  Command-line options override it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reply_i18n.errors import ConfigError

CONFIG_NAME = "reply-i18n.toml"

#: What ``build`` writes when ``[build] formats`` is not given.
DEFAULT_FORMATS = ("html", "md", "docx", "pdf", "tmx")


@dataclass(frozen=True, slots=True)
class Config:
    source_dir: str = "source"
    locale_dir: str = "locale"
    build_dir: str = "build"
    locales: tuple[str, ...] = ()
    min_percent: float = 100.0
    strict: bool = False
    disable: tuple[str, ...] = ()
    glossary: str = "locale/glossary.csv"
    editions: tuple[tuple[str, ...], ...] = ()
    formats: tuple[str, ...] = DEFAULT_FORMATS
    source_language: str = "en"
    conventions: dict[str, dict[str, object]] = field(default_factory=dict)
    """``[build.conventions.<lang>]``: note number and date rules per locale."""
    extra: dict[str, object] = field(default_factory=dict)


_KEYS = {
    "project": {"source_dir", "locale_dir", "build_dir", "locales", "source_language"},
    "check": {"min", "strict", "disable", "glossary"},
    "build": {"editions", "formats", "conventions"},
}


def load_config(root: Path) -> Config:
    path = root / CONFIG_NAME
    if not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(f"invalid TOML: {exc}", path=CONFIG_NAME, line=line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=CONFIG_NAME) from None
    for table, value in data.items():
        if table not in _KEYS or not isinstance(value, dict):
            raise ConfigError(f"unknown table [{table}]", path=CONFIG_NAME)
        unknown = set(value) - _KEYS[table]
        if unknown:
            raise ConfigError(
                f"unknown key(s) in [{table}]: {', '.join(sorted(unknown))}", path=CONFIG_NAME
            )
    project = data.get("project", {})
    check = data.get("check", {})
    build = data.get("build", {})

    def strs(value: object, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key} must be a list of strings", path=CONFIG_NAME)
        return tuple(value)

    try:
        editions = tuple(strs(e, "build.editions[]") for e in build.get("editions", []))
        min_percent = float(check.get("min", 100.0))
    except (TypeError, ValueError):
        raise ConfigError("check.min must be a number", path=CONFIG_NAME) from None
    if not 0 <= min_percent <= 100:
        raise ConfigError("check.min must be between 0 and 100", path=CONFIG_NAME)
    return Config(
        source_dir=str(project.get("source_dir", "source")),
        locale_dir=str(project.get("locale_dir", "locale")),
        build_dir=str(project.get("build_dir", "build")),
        locales=strs(project.get("locales", []), "project.locales"),
        source_language=str(project.get("source_language", "en")),
        min_percent=min_percent,
        strict=bool(check.get("strict", False)),
        disable=strs(check.get("disable", []), "check.disable"),
        glossary=str(check.get("glossary", "locale/glossary.csv")),
        editions=editions,
        formats=strs(build.get("formats", list(DEFAULT_FORMATS)), "build.formats"),
        conventions=_conventions(build.get("conventions", {})),
    )


def _conventions(value: object) -> dict[str, dict[str, object]]:
    """``[build.conventions]``: a table of tables, one per locale (keys checked by the
    edition builder, which knows them)."""
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ConfigError(
            "build.conventions must hold one table per locale, such as [build.conventions.az]",
            path=CONFIG_NAME,
        )
    return {str(k): dict(v) for k, v in value.items()}
