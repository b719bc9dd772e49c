"""Catalogs of a document: the POT template, a new translation, and the merge behind ``update``.

Pure functions over :mod:`reply_i18n.po.pofile` data; the caller reads and writes files.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale

from reply_i18n import __version__
from reply_i18n.model import Document
from reply_i18n.po.pofile import Catalog, Message, format_catalog, format_header, parse_header

#: how PO headers write dates (``2025-05-06 00:00+0000``)
HEADER_DATE = "%Y-%m-%d %H:%M%z"


def _stamp(when: datetime.datetime) -> str:
    return when.strftime(HEADER_DATE)


def header_date(catalog: Catalog, name: str) -> datetime.datetime | None:
    """A date field of the header (``POT-Creation-Date``…), or None if absent or unset."""
    try:
        return datetime.datetime.strptime(catalog.header_fields().get(name, ""), HEADER_DATE)
    except ValueError:
        return None


def template(doc: Document, *, created: datetime.datetime, source_path: str) -> Catalog:
    """The POT template of a document: one message per translatable segment."""
    title = doc.symbol or doc.name
    header = Message(
        msgid="",
        msgstr=format_header(
            [
                ("Project-Id-Version", f"{doc.name}"),
                ("Report-Msgid-Bugs-To", ""),
                ("POT-Creation-Date", _stamp(created)),
                ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
                ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
                ("Language-Team", "LANGUAGE <LL@li.org>"),
                ("Language", ""),
                ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"),
                ("Content-Transfer-Encoding", "8bit"),
                ("X-Generator", f"reply-i18n {__version__}"),
            ]
        ),
        comments=[
            f"Translation template for {title}.",
            "Each message is one segment of the reply; msgctxt is its stable segment ID.",
            "Keep *emphasis* markers, numbers and cross-references as in the English text.",
        ],
        flags=["fuzzy"],
    )
    messages = [
        Message(
            msgid=seg.text,
            msgctxt=seg.id,
            auto_comments=seg.where.split("\n") if seg.where else [],
            references=[f"{source_path}:{seg.line}"],
        )
        for seg in doc.translatable()
    ]
    return Catalog(header=header, messages=messages)


def same_content(a: Catalog, b: Catalog, *, ignore: Sequence[str] = ("POT-Creation-Date",)) -> bool:
    """True when two catalogs differ at most in the named header fields."""

    def strip(cat: Catalog) -> str:
        text = format_catalog(cat)
        for name in ignore:
            text = re.sub(rf'"{re.escape(name)}: [^"\\]*\\n"', "", text)
        return text

    return strip(a) == strip(b)


# --------------------------------------------------------------------------- locales

_LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|\d{3}))?(?:@[a-z]+)?$")


def validate_locale(code: str) -> Locale:
    """Parse a locale code such as ``az``, ``ru_RU`` or ``az_Latn``; refuse anything else."""
    from reply_i18n.errors import ConfigError

    shown = code.encode("unicode_escape").decode("ascii")
    if not _LOCALE_RE.match(code):
        raise ConfigError(
            f"invalid locale code '{shown}': expected a language code such as "
            "'az', 'ru', 'az_Latn' or 'ru_RU'"
        )
    try:
        return Locale.parse(code)
    except Exception:  # babel raises UnknownLocaleError or ValueError
        raise ConfigError(f"unknown language '{shown}': Babel has no locale data for it") from None


def plural_forms(locale: Locale) -> tuple[int, str]:
    """``(nplurals, expression)`` for a locale, from Babel's gettext plural data."""
    from babel.messages.plurals import get_plural

    rule = get_plural(locale)
    return rule.num_plurals, rule.plural_expr


def new_translation(pot: Catalog, locale: Locale, code: str) -> Catalog:
    """A fresh PO catalog for ``locale`` from a template."""
    fields = pot.header_fields()
    nplurals, expr = plural_forms(locale)
    native = locale.get_display_name(locale) or code
    english = locale.get_display_name("en") or code
    title = pot.header.comments[0] if pot.header.comments else ""
    lang_title = title.replace("Translation template for", f"{english} translation of")
    header = Message(
        msgid="",
        msgstr=format_header(
            [
                ("Project-Id-Version", fields.get("Project-Id-Version", "")),
                ("Report-Msgid-Bugs-To", fields.get("Report-Msgid-Bugs-To", "")),
                ("POT-Creation-Date", fields.get("POT-Creation-Date", "")),
                ("PO-Revision-Date", fields.get("POT-Creation-Date", "")),
                ("Last-Translator", ""),
                ("Language-Team", f"{native} <{code}@li.org>"),
                ("Language", code),
                ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"),
                ("Content-Transfer-Encoding", "8bit"),
                ("Plural-Forms", f"nplurals={nplurals}; plural={expr};"),
                ("X-Generator", f"reply-i18n {__version__}"),
            ]
        ),
        comments=[lang_title, *pot.header.comments[1:]] if title else [],
    )
    messages = [
        Message(
            msgid=m.msgid,
            msgctxt=m.msgctxt,
            msgid_plural=m.msgid_plural,
            msgstr_plural={i: "" for i in range(nplurals)} if m.msgid_plural is not None else {},
            auto_comments=list(m.auto_comments),
            references=list(m.references),
            flags=[f for f in m.flags if f != "fuzzy"],
        )
        for m in pot.messages
        if not m.obsolete
    ]
    return Catalog(header=header, messages=messages)


def check_plurals(catalog: Catalog, locale: Locale, *, path: str) -> list[str]:
    """Warnings about the catalog's plural forms; an error if an entry has the wrong number.

    A header without ``Plural-Forms`` is a warning, and Babel's rule for the language is
    used in its place.
    """
    from reply_i18n.errors import CatalogError

    n, declared = expected_plurals(catalog, locale)
    warnings = []
    if not declared:
        warnings.append(f"no Plural-Forms in the header; using Babel's rule ({n} forms)")
    for m in catalog.messages:
        if m.msgid_plural is not None and m.msgstr_plural and len(m.msgstr_plural) != n:
            raise CatalogError(
                f"plural entry has {len(m.msgstr_plural)} forms, the language has {n}",
                path=path,
                line=m.line,
            )
    return warnings


def expected_plurals(catalog: Catalog, locale: Locale | None) -> tuple[int | None, bool]:
    """Number of plural forms the catalog declares (or Babel's, if it declares none)."""
    fields = catalog.header_fields()
    m = re.search(r"nplurals\s*=\s*(\d+)", fields.get("Plural-Forms", ""))
    if m:
        return int(m.group(1)), True
    if locale is not None:
        return plural_forms(locale)[0], False
    return None, False


# --------------------------------------------------------------------------- merging


@dataclass(slots=True)
class MergeStats:
    """What ``update`` did to one catalog."""

    kept: int = 0
    new: int = 0
    fuzzy: int = 0
    obsolete: int = 0
    revived: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "kept": self.kept,
            "new": self.new,
            "fuzzy": self.fuzzy,
            "obsolete": self.obsolete,
            "revived": self.revived,
        }


def header_with(catalog: Catalog, **updates: str) -> Message:
    """A copy of the catalog's header message with some fields replaced."""
    fields = parse_header(catalog.header.msgstr)
    keys = list(fields)
    for k, v in updates.items():
        name = k.replace("_", "-")
        if name not in fields:
            keys.append(name)
        fields[name] = v
    h = catalog.header
    return Message(
        msgid="",
        msgstr=format_header((k, fields[k]) for k in keys),
        comments=list(h.comments),
        flags=list(h.flags),
        line=h.line,
    )


def _scope(ctxt: str | None) -> str:
    """The question a segment ID belongs to: ``apm.part1.q3.answer.x`` → ``apm.part1.q3``."""
    if not ctxt:
        return ""
    for role in (".answer.", ".question", ".condition", ".intro.", ".if-"):
        i = ctxt.find(role)
        if i >= 0:
            return ctxt[:i]
    return ctxt.rsplit(".", 1)[0]


def _carry(new: Message, old: Message) -> None:
    """Give ``new`` the translator's work from ``old``."""
    new.msgstr = old.msgstr
    new.msgstr_plural = dict(old.msgstr_plural) if old.msgstr_plural else new.msgstr_plural
    new.comments = list(old.comments)
    new.flags = list(old.flags)


def merge(po: Catalog, pot: Catalog, *, similarity: float = 70.0) -> tuple[Catalog, MergeStats]:
    """Bring a translation in step with a new template, never losing a translation.

    Messages are matched by segment ID (msgctxt) first, then by identical text, then by
    similar text (rapidfuzz), preferring candidates of the same question.  A changed text
    keeps its translation as fuzzy with the previous msgid; a vanished one becomes
    obsolete; an obsolete one whose segment returns is revived.
    """
    from rapidfuzz import fuzz, process

    stats = MergeStats()
    old_active = {m.msgctxt: m for m in po.messages if not m.obsolete}
    old_obsolete = [m for m in po.messages if m.obsolete]
    used: set[int] = set()
    out: list[Message] = []
    unmatched: list[tuple[int, Message]] = []  # (position in out, new message)

    def fresh(src: Message) -> Message:
        return Message(
            msgid=src.msgid,
            msgctxt=src.msgctxt,
            msgid_plural=src.msgid_plural,
            auto_comments=list(src.auto_comments),
            references=list(src.references),
            flags=[f for f in src.flags if f != "fuzzy"],
        )

    # pass 1: same segment ID
    for tmpl in pot.messages:
        new = fresh(tmpl)
        old = old_active.get(tmpl.msgctxt)
        if old is not None and old.has_translation:
            used.add(id(old))
            _carry(new, old)
            if old.source == new.source:
                if new.fuzzy and old.previous_msgid == new.msgid:
                    new.fuzzy = False  # an edit was reverted
                elif new.fuzzy:
                    new.previous_msgctxt = old.previous_msgctxt
                    new.previous_msgid = old.previous_msgid
                stats.kept += 1
            else:
                base, base_plural = old.previous_source
                if (base, base_plural) == new.source:
                    new.fuzzy = False
                    stats.kept += 1
                else:
                    # a changed msgid_plural needs review too (msgmerge keeps such an
                    # entry as translated, since it matches by msgid alone)
                    new.fuzzy = True
                    new.previous_msgid = base
                    new.previous_msgid_plural = base_plural
                    stats.fuzzy += 1
        else:
            if old is not None:
                used.add(id(old))
                new.comments = list(old.comments)
            unmatched.append((len(out), new))
        out.append(new)

    # pass 2: the same segment returning from the obsolete section, or identical text
    pool = [m for m in po.messages if id(m) not in used and m.has_translation]
    by_key = {(m.msgctxt, m.msgid): m for m in pool}
    by_text: dict[str, list[Message]] = {}
    for m in pool:
        by_text.setdefault(m.msgid, []).append(m)
    still: list[tuple[int, Message]] = []
    for pos, new in unmatched:
        old = by_key.get((new.msgctxt, new.msgid))
        if old is None:
            same = [m for m in by_text.get(new.msgid, []) if id(m) not in used]
            old = same[0] if same else None
        if old is None or id(old) in used:
            still.append((pos, new))
            continue
        used.add(id(old))
        _carry(new, old)
        if old.obsolete:
            stats.revived += 1
        else:
            stats.kept += 1  # the same text under a new ID
        if new.fuzzy and old.previous_msgid == new.msgid:
            new.fuzzy = False
        elif new.fuzzy:
            new.previous_msgctxt, new.previous_msgid = old.previous_msgctxt, old.previous_msgid

    # pass 3: similar text, same question first, then anywhere in the document
    candidates = [m for m in pool if id(m) not in used]
    by_scope: dict[str, list[Message]] = {}
    for m in candidates:
        by_scope.setdefault(_scope(m.msgctxt), []).append(m)
    for _pos, new in still:
        best: Message | None = None
        for group in (by_scope.get(_scope(new.msgctxt), []), candidates):
            choices = [m.msgid for m in group if id(m) not in used]
            if not choices:
                continue
            live = [m for m in group if id(m) not in used]
            hit = process.extractOne(new.msgid, choices, scorer=fuzz.ratio, score_cutoff=similarity)
            if hit is not None:
                best = live[hit[2]]
                break
        if best is None:
            stats.new += 1
            continue
        used.add(id(best))
        _carry(new, best)
        if best.fuzzy and best.previous_msgid == new.msgid:
            # an edit (of the first words, so the ID changed too) was reverted
            new.fuzzy = False
            if best.obsolete:
                stats.revived += 1
            else:
                stats.kept += 1
            continue
        new.fuzzy = True
        new.previous_msgid = (
            best.previous_msgid if best.fuzzy and best.previous_msgid else best.msgid
        )
        if best.msgctxt != new.msgctxt:
            new.previous_msgctxt = best.msgctxt
        stats.fuzzy += 1

    # what is left becomes (or stays) obsolete; nothing translated is dropped.  An entry
    # without a translation has nothing to keep, and msgcat would drop it as obsolete.
    obsolete = [m for m in old_obsolete if id(m) not in used and m.has_translation]
    for m in po.messages:
        if not m.obsolete and id(m) not in used and m.has_translation:
            stats.obsolete += 1
            obsolete.append(_obsoleted(m))
    fields = po.header_fields()
    updates: dict[str, str] = {}
    if "POT-Creation-Date" in fields:
        updates["POT-Creation-Date"] = pot.header_fields().get("POT-Creation-Date", "")
    charset = re.search(r"charset=([^\s;]+)", fields.get("Content-Type", ""))
    if charset and charset[1].upper() not in ("UTF-8", "UTF8"):
        # the writer writes UTF-8: a file read in another charset must say so from now on
        updates["Content-Type"] = "text/plain; charset=UTF-8"
    header = header_with(po, **updates) if updates else po.header
    return Catalog(header=header, messages=out + obsolete), stats


def _obsoleted(m: Message) -> Message:
    return Message(
        msgid=m.msgid,
        msgstr=m.msgstr,
        msgctxt=m.msgctxt,
        msgid_plural=m.msgid_plural,
        msgstr_plural=dict(m.msgstr_plural),
        comments=list(m.comments),
        flags=list(m.flags),
        previous_msgctxt=m.previous_msgctxt,
        previous_msgid=m.previous_msgid,
        previous_msgid_plural=m.previous_msgid_plural,
        obsolete=True,
    )
