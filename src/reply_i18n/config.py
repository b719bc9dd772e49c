"""Project configuration: ``reply-i18n.toml`` at the project root.

Every key is optional; see the README for the list.  Command-line options override it.
Every value is type-checked, and every path must stay inside the project directory: a
path that is absolute, climbs out with ``..`` or leads out through a symbolic link is a
:class:`~reply_i18n.errors.ConfigError`, as is an edition naming a locale that is not
configured.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from reply_i18n.errors import ConfigError

CONFIG_NAME = "reply-i18n.toml"

#: output formats of ``build`` (kept in step with ``publish.render.MODULES`` by a test)
FORMATS = ("html", "md", "docx", "pdf", "tmx")
#: values of ``[catalog] locations``, as msgcat's ``--add-location=full|file|never``
LOCATIONS = ("full", "file", "never")


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
    formats: tuple[str, ...] = FORMATS
    source_language: str = "en"
    conventions: dict[str, dict[str, object]] = field(default_factory=dict)
    """``[build.conventions.<lang>]``: note number and date rules per locale."""
    locations: str = "full"
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
    "build": {"editions", "formats", "conventions"},
    "catalog": {"locations"},
    "questionnaires": {"dir", "keys"},
    "tm": {"auto", "min_score"},
}
_KEY_RE = re.compile(r"^(?!(?:front|body)$)[a-z][a-z0-9-]{0,31}$")


def _error(message: str) -> ConfigError:
    return ConfigError(message, path=CONFIG_NAME)


def _string(value: object, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _error(f"{key} must be a non-empty string, not {_shown(value)}")
    return value


def _strings(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error(f"{key} must be a list of strings, not {_shown(value)}")
    return tuple(value)


def _checks(names: tuple[str, ...]) -> tuple[str, ...]:
    from reply_i18n.qa.names import CHECK_NAMES

    for name in names:
        if name not in CHECK_NAMES:
            raise _error(
                f'check.disable: unknown check "{name}": choose from {", ".join(CHECK_NAMES)}'
            )
    return names


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return repr(value)


def inside(root: Path, value: str, key: str) -> str:
    """Check that ``value``, a path from the configuration, stays inside ``root``.

    Absolute paths (POSIX or Windows), paths that climb out with ``..``, and paths that
    lead out through a symbolic link are refused with a :class:`ConfigError`.
    """
    if (
        PurePosixPath(value).is_absolute()
        or PureWindowsPath(value).is_absolute()
        or PureWindowsPath(value).drive
        or value.startswith("~")
    ):
        raise _error(f'{key} = "{value}" is absolute: give a path inside the project directory')
    if "\x00" in value:
        raise _error(f"{key} contains a NUL character")
    try:
        base = root.resolve()
        target = (root / value).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise _error(f'{key} = "{value}" cannot be resolved: {exc}') from None
    if target != base and base not in target.parents:
        raise _error(
            f'{key} = "{value}" leads out of the project directory '
            f"(to {target}); give a path inside it"
        )
    return value


def load_config(root: Path) -> Config:
    """Read and check ``reply-i18n.toml`` in ``root``; the defaults when there is none.

    Raises :class:`ConfigError` naming the file (and line, for TOML syntax errors).
    """
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
            raise _error(f"unknown table [{table}]")
        unknown = set(value) - _KEYS[table]
        if unknown:
            raise _error(f"unknown key(s) in [{table}]: {', '.join(sorted(unknown))}")
    project = data.get("project", {})
    check = data.get("check", {})
    build = data.get("build", {})
    catalog = data.get("catalog", {})
    questionnaires = data.get("questionnaires", {})

    def path_key(table: dict[str, object], name: str, default: str, key: str) -> str:
        return inside(root, _string(table.get(name, default), key), key)

    min_value = check.get("min", 100)
    if isinstance(min_value, bool) or not isinstance(min_value, int | float):
        raise _error(f"check.min must be a number from 0 to 100, not {_shown(min_value)}")
    if not 0 <= min_value <= 100:
        raise _error(f"check.min must be a number from 0 to 100, not {min_value}")
    strict = check.get("strict", False)
    if not isinstance(strict, bool):
        raise _error(f"check.strict must be true or false, not {_shown(strict)}")
    formats = _strings(build.get("formats", list(FORMATS)), "build.formats")
    for fmt in formats:
        if fmt not in FORMATS:
            raise _error(f'build.formats: unknown format "{fmt}": choose from {", ".join(FORMATS)}')
    if not formats:
        raise _error(f"build.formats is empty: choose from {', '.join(FORMATS)}")
    raw_editions = build.get("editions", [])
    if not isinstance(raw_editions, list):
        raise _error("build.editions must be a list of lists of language codes")
    editions = tuple(_strings(e, "build.editions[]") for e in raw_editions)
    locales = _strings(project.get("locales", []), "project.locales")
    source_language = _string(project.get("source_language", "en"), "project.source_language")
    if locales:
        known = {source_language, *locales}
        for edition in editions:
            for lang in edition:
                if lang not in known:
                    raise _error(
                        f'build.editions names "{lang}", which is not in project.locales; '
                        f"add it there or remove the edition"
                    )
    locations = _string(catalog.get("locations", "full"), "catalog.locations")
    if locations not in LOCATIONS:
        raise _error(f'catalog.locations = "{locations}": choose from {", ".join(LOCATIONS)}')
    tm = data.get("tm", {})
    tm_auto = tm.get("auto", False)
    if not isinstance(tm_auto, bool):
        raise _error(f"tm.auto must be true or false, not {_shown(tm_auto)}")
    tm_min = tm.get("min_score", 75)
    if isinstance(tm_min, bool) or not isinstance(tm_min, int | float) or not 0 <= tm_min <= 100:
        raise _error(f"tm.min_score must be a number from 0 to 100, not {_shown(tm_min)}")
    return Config(
        tm_auto=tm_auto,
        tm_min_score=float(tm_min),
        source_dir=path_key(project, "source_dir", "source", "project.source_dir"),
        locale_dir=path_key(project, "locale_dir", "locale", "project.locale_dir"),
        build_dir=path_key(project, "build_dir", "build", "project.build_dir"),
        locales=locales,
        source_language=source_language,
        min_percent=float(min_value),
        strict=strict,
        disable=_checks(_strings(check.get("disable", []), "check.disable")),
        glossary=path_key(check, "glossary", "locale/glossary.csv", "check.glossary"),
        editions=editions,
        formats=formats,
        locations=locations,
        questionnaire_dir=path_key(questionnaires, "dir", "questionnaires", "questionnaires.dir"),
        questionnaire_keys=_pins(questionnaires.get("keys", {})),
        conventions=_conventions(build.get("conventions", {})),
    )


def add_locale(root: Path, code: str) -> str | None:
    """Add ``code`` to ``[project] locales`` of the configuration, keeping its comments,
    order and layout (tomlkit).

    Returns the new text of the file, or None when nothing needs to change (no file, no
    ``locales`` key, or the code is already listed).  The caller writes the file.
    """
    import tomlkit

    path = root / CONFIG_NAME
    if not path.exists():
        return None
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    project = doc.get("project")
    if project is None or "locales" not in project:
        return None
    locales = project["locales"]
    if code in [str(x) for x in locales]:
        return None
    locales.append(code)
    return tomlkit.dumps(doc)


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


def _conventions(value: object) -> dict[str, dict[str, object]]:
    """``[build.conventions]``: a table of tables, one per locale (keys checked by the
    edition builder, which knows them)."""
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ConfigError(
            "build.conventions must hold one table per locale, such as [build.conventions.az]",
            path=CONFIG_NAME,
        )
    return {str(k): dict(v) for k, v in value.items()}
