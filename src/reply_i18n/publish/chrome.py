"""Chrome: the words an edition adds around the document, in the reader's language.

Column labels, edition titles, page numbers, the language line of a translation, the draft
banner and the status tags come from the tool's own gettext catalogs,
``reply_i18n/locale/<lang>/LC_MESSAGES/reply_i18n.po`` (package data).  A catalog is read
with the project's PO reader, compiled to GNU ``.mo`` bytes in memory and loaded with Python's
:mod:`gettext`, so the lookup is exactly gettext's; nothing is written to disk.  The template
``reply_i18n/locale/reply_i18n.pot`` is :func:`template` written out, and the catalogs are
kept in step with it by the tool's own ``update`` and judged by its ``check`` (see the tests).

A message missing from a language's catalog falls back to English, except language names,
which fall back to Babel's name of the language in the reader's language.
"""

from __future__ import annotations

import datetime
import functools
import gettext
import io
import math
from importlib import resources

from babel import Locale
from babel.numbers import format_percent

from reply_i18n.catalog import template_header
from reply_i18n.model import LanguageCoverage
from reply_i18n.po.mo import compile_mo
from reply_i18n.po.pofile import Catalog, Message, parse_po

DOMAIN = "reply_i18n"

#: Every message of the chrome: (ID, the msgctxt; English msgid; note for translators).
MESSAGES: tuple[tuple[str, str, str], ...] = (
    ("language.en", "English", "Name of the language, as a column label: 'English language'."),
    ("language.az", "Azerbaijani", "Name of the language, as a column label."),
    ("language.ru", "Russian", "Name of the language, as a column label."),
    (
        "edition.single",
        "Edition in this language",
        "Title of a monolingual edition, naming the language of this catalog.",
    ),
    ("edition.parallel", "Parallel edition", "Title of an edition with one column per language."),
    (
        "language-line",
        "Translation from English",
        "Replaces 'ENGLISH only' in the front matter of a translated edition.",
    ),
    ("page", "Page {page} of {pages}", "Page number at the foot of each printed page."),
    ("draft.title", "Draft", "Word printed at the top of an edition with missing translations."),
    (
        "draft.coverage",
        "{language}: {translated} of {total} segments translated ({percent}).",
        "Coverage of one language in a draft edition.",
    ),
    (
        "draft.explanation",
        "Segments without a current translation are shown in English and marked.",
        "Explains the marked English text in a draft edition.",
    ),
    (
        "draft.previous",
        "Previous translation",
        "Label of the old translation shown in a fuzzy cell.",
    ),
    ("tag.missing", "untranslated", "Tag of a segment shown in English for want of a translation."),
    ("tag.fuzzy", "fuzzy", "Tag of a segment whose translation must be revised."),
)

#: msgid of each message ID.
MSGIDS = {ident: msgid for ident, msgid, _note in MESSAGES}


def template(created: datetime.datetime) -> Catalog:
    """The POT template of the chrome: one message per entry of :data:`MESSAGES`."""
    header = Message(
        msgid="",
        msgstr=template_header(DOMAIN, created, generator=False),
        comments=[
            "Words that reply-i18n adds to an edition: titles, labels, page numbers, banners.",
            "Keep {placeholders} as they are; use the formal register of official documents.",
        ],
        flags=["fuzzy"],
    )
    messages = [
        Message(
            msgid=msgid,
            msgctxt=ctxt,
            auto_comments=[note],
            flags=["python-brace-format"] if "{" in msgid else [],
        )
        for ctxt, msgid, note in MESSAGES
    ]
    return Catalog(header=header, messages=messages)


def catalog_path(lang: str) -> resources.abc.Traversable:
    """Where the package keeps the chrome catalog of ``lang``."""
    return resources.files("reply_i18n") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """Python's gettext over the chrome catalog of ``lang`` (language code, region dropped);
    a language without a catalog gets the English messages."""
    code = Locale.parse(lang).language
    path = catalog_path(code)
    if not path.is_file():
        return gettext.NullTranslations()
    shown = f"{DOMAIN}/locale/{code}/LC_MESSAGES/{DOMAIN}.po"
    catalog, _warnings = parse_po(path.read_bytes().decode("utf-8"), path=shown)
    return gettext.GNUTranslations(io.BytesIO(compile_mo(catalog)))


def text(lang: str, ident: str, **values: object) -> str:
    """Message ``ident`` of :data:`MESSAGES` in ``lang``, its placeholders filled in.

    Raises KeyError for an ID that is not in :data:`MESSAGES`.
    """
    found = translations(lang).pgettext(ident, MSGIDS[ident])
    return found.format(**values) if values else found


def language_name(code: str, in_lang: str) -> str:
    """The name of language ``code`` as a label in ``in_lang`` ("Azərbaycan dili").

    From the chrome catalog of ``in_lang`` when it names the language, else Babel's name,
    capitalised.
    """
    loc = Locale.parse(code)
    ident = f"language.{loc.language}"
    if ident in MSGIDS:
        found = text(in_lang, ident)
        if found != MSGIDS[ident] or Locale.parse(in_lang).language == "en":
            return found
    name = loc.get_display_name(Locale.parse(in_lang)) or code
    return name[:1].upper() + name[1:]


def percent(cov: LanguageCoverage, lang: str) -> str:
    """Coverage as a whole percentage in ``lang``'s form, rounded down (only 100% is 100%)."""
    return format_percent(math.floor(cov.percent) / 100, locale=Locale.parse(lang))


def coverage_line(cov: LanguageCoverage, lang: str) -> str:
    """``Azərbaycan dili: 71 seqmentdən 70 seqment tərcümə edilmişdir (98%).`` in ``lang``."""
    return text(
        lang,
        "draft.coverage",
        language=language_name(cov.lang, lang),
        translated=cov.translated,
        total=cov.total,
        percent=percent(cov, lang),
    )


def banner(coverage: tuple[LanguageCoverage, ...], lang: str) -> str:
    """The draft banner in ``lang``, or "" when every language is complete."""
    gaps = [c for c in coverage if c.missing]
    if not gaps:
        return ""
    parts = [
        text(lang, "draft.title") + ".",
        *(coverage_line(c, lang) for c in gaps),
        text(lang, "draft.explanation"),
    ]
    return " ".join(parts)


def tag(status: str, lang: str) -> str:
    """``[untranslated]``/``[fuzzy]`` in ``lang`` for a cell showing the English fallback."""
    ident = f"tag.{status}"
    return f"[{text(lang, ident)}]" if ident in MSGIDS else ""


def page_parts(lang: str) -> list[str]:
    """ "Page {page} of {pages}" in ``lang``, cut at its placeholders: literal text and the
    names ``{page}``/``{pages}``, in order, for CSS ``content``."""
    message = text(lang, "page")
    out: list[str] = []
    rest = message
    while rest:
        start = rest.find("{")
        end = rest.find("}", start)
        if start < 0 or end < 0:
            out.append(rest)
            break
        if start:
            out.append(rest[:start])
        out.append(rest[start : end + 1])
        rest = rest[end + 1 :]
    return out
