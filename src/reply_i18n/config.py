"""Project configuration: ``reply-i18n.toml`` at the project root.

Every key is optional; see the README for the list.  Command-line options override it.
Every value is type-checked, and every path must stay inside the project directory: a
path that is absolute, climbs out with ``..`` or leads out through a symbolic link is a
:class:`~reply_i18n.errors.ConfigError`, as is an edition naming a locale that is not
configured.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from reply_i18n.errors import ConfigError
from reply_i18n.tomllines import item_line, key_line, syntax_error

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
    text: str = field(default="", repr=False, compare=False)
    """The text of ``reply-i18n.toml`` (empty without one), to find the line of a key."""

    def error(self, key: str, message: str, *, item: int | None = None) -> ConfigError:
        """A :class:`ConfigError` about ``key`` (``"project.locales"``), at its line in
        ``reply-i18n.toml`` (or the line of its ``item``-th element, from 0)."""
        return located(self.text, key, message, item=item)


_KEYS = {
    "project": {"source_dir", "locale_dir", "build_dir", "locales", "source_language"},
    "check": {"min", "strict", "disable", "glossary"},
    "build": {"editions", "formats", "conventions"},
    "catalog": {"locations"},
    "questionnaires": {"dir", "keys"},
    "tm": {"auto", "min_score"},
}
_KEY_RE = re.compile(r"^(?!(?:front|body)$)[a-z][a-z0-9-]{0,31}$")


def located(text: str, key: str, message: str, *, item: int | None = None) -> ConfigError:
    """A :class:`ConfigError` for ``key`` (``"build.editions"``), naming the configuration
    file and the line of the key in ``text`` (or of its ``item``-th element, from 0, for
    an array written over several lines); no line when ``text`` does not define the key."""
    parts = key.split(".")
    line = key_line(text, parts) if item is None else item_line(text, parts, item)
    return ConfigError(message, path=CONFIG_NAME, line=line)


class _Checker:
    """Type checks of the values of one configuration text, each error at its line."""

    def __init__(self, text: str) -> None:
        self.text = text

    def error(self, key: str, message: str, *, item: int | None = None) -> ConfigError:
        return located(self.text, key, message, item=item)

    def string(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"{key} must be a non-empty string, not {_shown(value)}")
        return value

    def strings(
        self, value: object, key: str, *, shown: str | None = None, item: int | None = None
    ) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.error(
                key, f"{shown or key} must be a list of strings, not {_shown(value)}", item=item
            )
        for n, element in enumerate(value):
            if not isinstance(element, str):
                raise self.error(
                    key,
                    f"{shown or key} must be a list of strings: element {n + 1} is "
                    f"{_shown(element)}",
                    item=n if item is None else item,
                )
        return tuple(value)

    def flag(self, value: object, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.error(key, f"{key} must be true or false, not {_shown(value)}")
        return value

    def percent(self, value: object, key: str) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value <= 100  # NaN too
        ):
            raise self.error(key, f"{key} must be a number from 0 to 100, not {_shown(value)}")
        return float(value)

    def choices(
        self, values: tuple[str, ...], key: str, known: Sequence[str], what: str
    ) -> tuple[str, ...]:
        """``values``, each one of ``known`` (else an error at its element's line)."""
        for n, value in enumerate(values):
            if value not in known:
                raise self.error(
                    key,
                    f'{key}: unknown {what} "{value}": choose from {", ".join(known)}',
                    item=n,
                )
        return values

    def checks(self, names: tuple[str, ...]) -> tuple[str, ...]:
        from reply_i18n.qa.names import CHECK_NAMES

        return self.choices(names, "check.disable", CHECK_NAMES, "check")

    def editions(self, value: object) -> tuple[tuple[str, ...], ...]:
        """``[build] editions``: lists of language codes, none empty, none naming a
        language twice, no edition twice."""
        key = "build.editions"
        if not isinstance(value, list):
            raise self.error(key, "build.editions must be a list of lists of language codes")
        editions: list[tuple[str, ...]] = []
        for n, raw in enumerate(value):
            edition = self.strings(raw, key, shown="build.editions[]", item=n)
            shown = "[" + ", ".join(f'"{lang}"' for lang in edition) + "]"
            if not edition:
                raise self.error(
                    key,
                    f"build.editions: edition {n + 1} is empty: list the languages it shows, "
                    'such as ["en", "az"]',
                    item=n,
                )
            twice = [lang for lang in dict.fromkeys(edition) if edition.count(lang) > 1]
            if twice:
                raise self.error(
                    key,
                    f'build.editions: edition {shown} names "{twice[0]}" twice: an edition '
                    "shows each language once",
                    item=n,
                )
            if edition in editions:
                raise self.error(key, f"build.editions: edition {shown} is listed twice", item=n)
            editions.append(edition)
        return tuple(editions)


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


def inside(root: Path, value: str, key: str, *, text: str = "") -> str:
    """Check that ``value``, a path from the configuration, stays inside ``root``.

    Absolute paths (POSIX or Windows), paths that climb out with ``..``, and paths that
    lead out through a symbolic link are refused with a :class:`ConfigError`, at the line
    of ``key`` in the configuration ``text``.
    """

    def error(message: str) -> ConfigError:
        return located(text, key, message)

    if (
        PurePosixPath(value).is_absolute()
        or PureWindowsPath(value).is_absolute()
        or PureWindowsPath(value).drive
        or value.startswith("~")
    ):
        raise error(f'{key} = "{value}" is absolute: give a path inside the project directory')
    if "\x00" in value:
        raise error(f"{key} contains a NUL character")
    try:
        base = root.resolve()
        target = (root / value).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise error(f'{key} = "{value}" cannot be resolved: {exc}') from None
    if target != base and base not in target.parents:
        raise error(
            f'{key} = "{value}" leads out of the project directory '
            f"(to {target}); give a path inside it"
        )
    return value


def load_config(root: Path) -> Config:
    """Read and check ``reply-i18n.toml`` in ``root``; the defaults when there is none.

    Raises :class:`ConfigError` naming the file and, for every error but an unreadable
    file, the line: of a TOML syntax error as :mod:`tomllib` reports it, else of the key
    whose value is wrong (of the element, for an array written over several lines).
    """
    path = root / CONFIG_NAME
    if not path.exists():
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = syntax_error(exc)
        raise ConfigError(f"invalid TOML: {message}", path=CONFIG_NAME, line=line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=CONFIG_NAME) from None
    check_ = _Checker(text)
    for table, value in data.items():
        if table in _KEYS and isinstance(value, list):
            raise check_.error(table, f"[[{table}]] is an array of tables: write [{table}], once")
        if table not in _KEYS or not isinstance(value, dict):
            raise check_.error(table, f"unknown table [{table}]")
        unknown = sorted(set(value) - _KEYS[table])
        if unknown:
            raise check_.error(
                f"{table}.{unknown[0]}", f"unknown key(s) in [{table}]: {', '.join(unknown)}"
            )
    project = data.get("project", {})
    check = data.get("check", {})
    build = data.get("build", {})
    catalog = data.get("catalog", {})
    questionnaires = data.get("questionnaires", {})

    def path_key(table: dict[str, object], name: str, default: str, key: str) -> str:
        return inside(root, check_.string(table.get(name, default), key), key, text=text)

    min_value = check_.percent(check.get("min", 100), "check.min")
    strict = check_.flag(check.get("strict", False), "check.strict")
    formats = check_.strings(build.get("formats", list(FORMATS)), "build.formats")
    check_.choices(formats, "build.formats", FORMATS, "format")
    if not formats:
        raise check_.error(
            "build.formats", f"build.formats is empty: choose from {', '.join(FORMATS)}"
        )
    editions = check_.editions(build.get("editions", []))
    locales = check_.strings(project.get("locales", []), "project.locales")
    for n, code in enumerate(locales):
        if code in locales[:n]:
            raise check_.error("project.locales", f'project.locales names "{code}" twice', item=n)
    source_language = check_.string(project.get("source_language", "en"), "project.source_language")
    if locales:
        known = {source_language, *locales}
        for n, edition in enumerate(editions):
            for lang in edition:
                if lang not in known:
                    raise check_.error(
                        "build.editions",
                        f'build.editions names "{lang}", which is not in project.locales; '
                        f"add it there or remove the edition",
                        item=n,
                    )
    locations = check_.string(catalog.get("locations", "full"), "catalog.locations")
    if locations not in LOCATIONS:
        raise check_.error(
            "catalog.locations",
            f'catalog.locations = "{locations}": choose from {", ".join(LOCATIONS)}',
        )
    tm = data.get("tm", {})
    tm_auto = check_.flag(tm.get("auto", False), "tm.auto")
    tm_min = check_.percent(tm.get("min_score", 75), "tm.min_score")
    return Config(
        tm_auto=tm_auto,
        tm_min_score=tm_min,
        source_dir=path_key(project, "source_dir", "source", "project.source_dir"),
        locale_dir=path_key(project, "locale_dir", "locale", "project.locale_dir"),
        build_dir=path_key(project, "build_dir", "build", "project.build_dir"),
        locales=locales,
        source_language=source_language,
        min_percent=min_value,
        strict=strict,
        disable=check_.checks(check_.strings(check.get("disable", []), "check.disable")),
        glossary=path_key(check, "glossary", "locale/glossary.csv", "check.glossary"),
        editions=editions,
        formats=formats,
        locations=locations,
        questionnaire_dir=path_key(questionnaires, "dir", "questionnaires", "questionnaires.dir"),
        questionnaire_keys=_pins(questionnaires.get("keys", {}), check_),
        conventions=_conventions(build.get("conventions", {}), check_),
        text=text,
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


def _pins(value: object, check: _Checker) -> tuple[tuple[str, str], ...]:
    """``[questionnaires] keys``: a table of title pattern → key, checked."""
    if not isinstance(value, dict):
        raise check.error(
            "questionnaires.keys", 'questionnaires.keys must be a table of "title pattern" = "key"'
        )
    out = []
    for pattern, key in value.items():
        where = ("questionnaires", "keys", pattern)
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise ConfigError(
                f"questionnaires.keys: key {key!r} for {pattern!r} must be lowercase letters, "
                "digits and '-', starting with a letter",
                path=CONFIG_NAME,
                line=key_line(check.text, where),
            )
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"questionnaires.keys: {pattern!r} is not a valid pattern: {exc}",
                path=CONFIG_NAME,
                line=key_line(check.text, where),
            ) from None
        out.append((pattern, key))
    return tuple(out)


#: the keys of ``[build.conventions.<lang>]``, and the ``{placeholders}`` each template
#: may hold (None: a CLDR date pattern, not a template);
#: :class:`reply_i18n.publish.conventions.Convention` has a field for each
CONVENTION_KEYS: dict[str, frozenset[str] | None] = {
    "note_number": frozenset({"number"}),
    "date_pattern": None,
    "dateline": frozenset({"date", "year_suffix"}),
}


def _conventions(value: object, check: _Checker) -> dict[str, dict[str, object]]:
    """``[build.conventions]``: a table of tables, one per locale, each of
    :data:`CONVENTION_KEYS` with a string value; a template may use its placeholders
    only (Python's format syntax: ``{number}``, braces doubled to be printed)."""
    wrong = (
        [k for k, v in value.items() if not isinstance(v, dict)] if isinstance(value, dict) else []
    )
    if not isinstance(value, dict) or wrong:
        raise check.error(
            f"build.conventions.{wrong[0]}" if wrong else "build.conventions",
            "build.conventions must hold one table per locale, such as [build.conventions.az]",
        )
    for lang, values in value.items():
        table = f"build.conventions.{lang}"
        unknown = sorted(set(values) - set(CONVENTION_KEYS))
        if unknown:
            raise check.error(
                f"{table}.{unknown[0]}",
                f"unknown key(s) in [{table}]: {', '.join(unknown)}: "
                f"choose from {', '.join(CONVENTION_KEYS)}",
            )
        for key, text in values.items():
            if not isinstance(text, str):
                raise check.error(
                    f"{table}.{key}", f"{table}.{key} must be a string, not {_shown(text)}"
                )
            allowed = CONVENTION_KEYS[key]
            if allowed is not None:
                problem = _template_problem(text, allowed)
                if problem:
                    raise check.error(f"{table}.{key}", f"{table}.{key} = {text!r}: {problem}")
    return {str(k): dict(v) for k, v in value.items()}


def _template_problem(text: str, allowed: frozenset[str]) -> str | None:
    """What is wrong with a ``str.format`` template that may use ``allowed`` only."""
    names = ", ".join("{" + n + "}" for n in sorted(allowed))
    try:
        used = [
            name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None
        ]
    except ValueError as exc:
        return f"{exc}: write {{{{ and }}}} for a brace printed as it is"
    for name in used:
        if name not in allowed:
            shown = "{" + name + "}" if name else "{}"
            return f"unknown placeholder {shown}: use {names}"
    return None
