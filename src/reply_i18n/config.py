"""Project configuration: ``reply-i18n.toml`` at the project root.

Every key is optional; see the README for the list.  Command-line options override it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reply_i18n.errors import ConfigError

CONFIG_NAME = "reply-i18n.toml"


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
    formats: tuple[str, ...] = ("html", "md", "docx", "tmx")
    source_language: str = "en"
    questionnaire_dir: str = "questionnaires"
    """Where the questionnaire templates are (``questionnaires/*.toml``)."""
    questionnaire_keys: tuple[tuple[str, str], ...] = ()
    """``[questionnaires] keys``: (title pattern, key) pairs that pin a questionnaire's key."""
    tm_auto: bool = False
    """``[tm] auto``: ``update`` pre-translates from the memory without ``--tm``."""
    tm_min_score: float = 75.0
    """``[tm] min_score``: the lowest fuzzy match proposed, in percent."""
    extra: dict[str, object] = field(default_factory=dict)


_KEYS = {
    "project": {"source_dir", "locale_dir", "build_dir", "locales", "source_language"},
    "check": {"min", "strict", "disable", "glossary"},
    "build": {"editions", "formats"},
    "questionnaires": {"dir", "keys"},
    "tm": {"auto", "min_score"},
}
_KEY_RE = re.compile(r"^(?!(?:front|body)$)[a-z][a-z0-9-]{0,31}$")


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
    questionnaires = data.get("questionnaires", {})

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
    tm = data.get("tm", {})
    tm_auto = tm.get("auto", False)
    if not isinstance(tm_auto, bool):
        raise ConfigError("tm.auto must be true or false", path=CONFIG_NAME)
    tm_min = tm.get("min_score", 75)
    if isinstance(tm_min, bool) or not isinstance(tm_min, int | float) or not 0 <= tm_min <= 100:
        raise ConfigError("tm.min_score must be a number from 0 to 100", path=CONFIG_NAME)
    return Config(
        tm_auto=tm_auto,
        tm_min_score=float(tm_min),
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
        formats=strs(build.get("formats", ["html", "md", "docx", "tmx"]), "build.formats"),
        questionnaire_dir=_string(questionnaires, "dir", "questionnaires"),
        questionnaire_keys=_pins(questionnaires.get("keys", {})),
    )


def _string(table: dict[str, object], key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"questionnaires.{key} must be a string", path=CONFIG_NAME)
    return value


def _pins(value: object) -> tuple[tuple[str, str], ...]:
    """``[questionnaires] keys``: a table of title pattern → key, checked."""
    if not isinstance(value, dict):
        raise ConfigError(
            'questionnaires.keys must be a table of "title pattern" = "key"', path=CONFIG_NAME
        )
    out = []
    for pattern, key in value.items():
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise ConfigError(
                f"questionnaires.keys: key {key!r} for {pattern!r} must be lowercase letters, "
                "digits and '-', starting with a letter",
                path=CONFIG_NAME,
            )
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"questionnaires.keys: {pattern!r} is not a valid pattern: {exc}",
                path=CONFIG_NAME,
            ) from None
        out.append((pattern, key))
    return tuple(out)
