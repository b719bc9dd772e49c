"""Catalogs of a document: the POT template, a new translation, and the merge behind ``update``.

Pure functions over :mod:`reply_i18n.po.pofile` data; the caller reads and writes files.
"""

from __future__ import annotations

import bisect
import datetime
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reply_i18n import __version__
from reply_i18n.model import Document, nfc
from reply_i18n.po.pofile import Catalog, Message, format_catalog, format_header, parse_header

if TYPE_CHECKING:  # Babel is loaded by the commands that need locale data, not at start-up
    from babel import Locale

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


def template_header(project: str, created: datetime.datetime, *, generator: bool = True) -> str:
    """The header entry's text of a POT template, with the fields and placeholders that
    ``xgettext`` writes (GNU gettext manual, "The Format of PO Files"); ``generator`` adds
    ``X-Generator``."""
    fields = [
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", _stamp(created)),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    if generator:
        fields.append(("X-Generator", f"reply-i18n {__version__}"))
    return format_header(fields)


def template(doc: Document, *, created: datetime.datetime, source_path: str) -> Catalog:
    """The POT template of a document: one message per translatable segment."""
    title = doc.symbol or doc.name
    header = Message(
        msgid="",
        msgstr=template_header(doc.name, created),
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
    from babel import Locale

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
    """Give ``new`` the translator's work from ``old`` (strings are shared, not copied)."""
    new.msgstr = old.msgstr
    if old.msgstr_plural:
        new.msgstr_plural = old.msgstr_plural
    new.comments = old.comments
    new.flags = list(old.flags)


def _fresh(src: Message) -> Message:
    """The entry of a template message in the new catalog, sharing the template's strings."""
    return Message(
        msgid=src.msgid,
        msgctxt=src.msgctxt,
        msgid_plural=src.msgid_plural,
        auto_comments=src.auto_comments,
        references=src.references,
        flags=[f for f in src.flags if f != "fuzzy"],
    )


def _same_text(source: tuple[str, str | None]) -> tuple[str, str | None]:
    """A source text ``(msgid, msgid_plural)`` in NFC (UAX #15): canonically equal texts
    (``ə`` as one code point or as ``e`` and a combining mark) are the same paragraph, so
    a file re-saved in another normalisation form keeps its translations as they were."""
    msgid, plural = source
    return nfc(msgid), None if plural is None else nfc(plural)


def _exact_rank(new: Message, old: Message, new_scope: str) -> tuple[bool, bool, bool]:
    """Sort key among old entries of the same text: the same ID, then the same question,
    then an active entry before an obsolete one (``False`` sorts first)."""
    return (old.msgctxt != new.msgctxt, _scope(old.msgctxt) != new_scope, old.obsolete)


#: word n-grams that index old texts for the similarity search
NGRAM = 3
#: a text with more n-grams than this is indexed by one in :data:`SAMPLE` of them only
DENSE = 16
SAMPLE = 4
#: how many of a new text's n-grams are looked up: its rarest ones
RAREST = 16
#: most candidate texts scored per new entry, from the index and from its own question
CANDIDATES = 8
#: most index postings read per new entry
POSTINGS_BUDGET = 2000

_TOKEN_RE = re.compile(r"\w+")


def _grams(text: str) -> list[int]:
    """The distinct word n-grams of a text, in the order they occur, as CRC-32 keys
    (stable from run to run, unlike ``hash``, and smaller than the words)."""
    words = _TOKEN_RE.findall(text.lower())
    if len(words) <= NGRAM:
        return [zlib.crc32(" ".join(words).encode())] if words else []
    keys = (
        zlib.crc32(f"{a} {b} {c}".encode())
        for a, b, c in zip(words, words[1:], words[2:], strict=False)
    )
    return list(dict.fromkeys(keys))


def _indexed(grams: list[int]) -> list[int]:
    """The n-grams an old text is indexed by: all of a short text's, a fixed sample of a
    long one's (the same sample for every text, so that similar texts share keys)."""
    if len(grams) <= DENSE:
        return grams
    return [g for g in grams if g % SAMPLE == 0]


@dataclass(slots=True)
class _Pair:
    score: float
    same_id: bool
    same_scope: bool
    new: int
    old: int

    def key(self) -> tuple[float, bool, bool, int, int]:
        return (-self.score, not self.same_id, not self.same_scope, self.new, self.old)


def _suggestions(
    wanting: list[tuple[int, Message]],
    givers: list[Message],
    id_pairs: dict[int, int],
    similarity: float,
) -> list[_Pair]:
    """Scored candidate pairs (new entry, old translation), best first.

    Each new entry is compared with a bounded number of old texts: those sharing its
    rarest word n-grams (an inverted index of :data:`NGRAM`-grams) and the old texts of its
    own question closest in length, at most :data:`CANDIDATES` in all; an old entry of the
    same ID is always a candidate.  Never all against all.
    """
    from rapidfuzz import fuzz

    index: dict[int, list[int]] = {}
    by_scope: dict[str, list[tuple[int, int]]] = {}  # question → sorted (length, giver)
    scopes = [_scope(old.msgctxt) for old in givers]
    for j, old in enumerate(givers):
        for g in _indexed(_grams(old.msgid)):
            index.setdefault(g, []).append(j)
        by_scope.setdefault(scopes[j], []).append((len(old.msgid), j))
    for members in by_scope.values():
        members.sort()
    pairs: list[_Pair] = []
    for pos, new in wanting:
        scope = _scope(new.msgctxt)
        postings = [p for g in _grams(new.msgid) if (p := index.get(g))]
        postings.sort(key=len)  # stable: ties stay in text order, so the result is too
        hits: Counter[int] = Counter()
        budget = POSTINGS_BUDGET
        for plist in postings[:RAREST]:
            if len(plist) > budget:
                break
            budget -= len(plist)
            hits.update(plist)
        chosen = [j for j, _ in hits.most_common(CANDIDATES)]
        local = by_scope.get(scope)
        if local:  # the old texts of the same question closest in length
            length = len(new.msgid)
            at = bisect.bisect_left(local, (length, -1))
            window = local[max(0, at - CANDIDATES) : at + CANDIDATES]
            window.sort(key=lambda lj: (abs(lj[0] - length), lj[1]))
            chosen.extend(j for _, j in window[:CANDIDATES])
        own = id_pairs.get(pos)
        if own is not None:
            chosen.append(own)
        for j in dict.fromkeys(chosen):
            old = givers[j]
            same_id = j == own
            score = fuzz.ratio(new.msgid, old.msgid, score_cutoff=0 if same_id else similarity)
            if score or same_id:
                pairs.append(_Pair(score, same_id, scopes[j] == scope, pos, j))
    pairs.sort(key=_Pair.key)
    return pairs


def merge(po: Catalog, pot: Catalog, *, similarity: float = 70.0) -> tuple[Catalog, MergeStats]:
    """Bring a translation in step with a new template, never losing a translation.

    ``po`` is the translator's catalog, ``pot`` the new template; neither is modified, and
    the result shares their strings.  Each old translation finds its new entry in this
    order, so that an unchanged paragraph always keeps its own translation:

    1. **identical text**: the entry of the same ID first, then an unused one of the same
       question, then anywhere in the document (active entries before obsolete ones); the
       text an edit made fuzzy counts too, so that reverting an edit clears the fuzzy flag
       it caused.  A translation its own entry already has may serve other entries of the
       same text, marked fuzzy with the ``#| msgctxt`` it came from (as ``msgmerge`` marks a
       change of context); an entry the translator left empty is not filled from elsewhere;
    2. **the best suggestion** among the rest, marked fuzzy with the previous text
       (``#| msgid``): candidate pairs are scored with rapidfuzz's ``ratio`` (an old entry of
       the same ID at any score, others from ``similarity`` up), then assigned best score
       first, the same ID and then the same question winning ties; each old translation
       goes to at most one new entry.  An old entry without a translation, or one that the
       first pass gave to a new entry, is never a candidate.

    An old entry left over becomes obsolete (``#~``) if it has a translation; an obsolete
    one whose segment returns is revived.  The search is bounded per entry (see
    :func:`_suggestions`), so the merge grows linearly with the catalogs.
    """
    stats = MergeStats()
    out = [_fresh(t) for t in pot.messages]
    used: set[int] = set()  # id() of the old entries whose work went somewhere

    # old translated entries by their source text, (msgid, msgid_plural)
    by_text: dict[tuple[str, str | None], list[Message]] = {}
    by_id: dict[str | None, Message] = {}
    for m in po.messages:
        if not m.obsolete:
            by_id[m.msgctxt] = m
        if m.has_translation:
            by_text.setdefault(_same_text(m.source), []).append(m)
            if _same_text(m.previous_source) != _same_text(m.source):
                # the text the translation was made for: reverting the edit finds it
                by_text.setdefault(_same_text(m.previous_source), []).append(m)

    def take(new: Message, old: Message, *, elsewhere: bool) -> None:
        used.add(id(old))
        _carry(new, old)
        if elsewhere:  # one translation, several entries of this text: check it here
            new.fuzzy = True
            # the text the translation was made for, even when it is this entry's own: a
            # previous msgctxt goes with a previous msgid (GNU msgfmt refuses it alone)
            new.previous_msgctxt = old.msgctxt
            new.previous_msgid, new.previous_msgid_plural = old.previous_source
            stats.fuzzy += 1
            return
        reverted = new.fuzzy and old.previous_msgid is not None
        if _same_text(old.source) != _same_text(new.source) or (
            reverted and nfc(old.previous_msgid or "") == nfc(new.msgid)
        ):
            new.fuzzy = False  # an edit was reverted
        elif new.fuzzy:
            new.previous_msgctxt = old.previous_msgctxt
            new.previous_msgid = old.previous_msgid
            new.previous_msgid_plural = old.previous_msgid_plural
        if old.obsolete:
            stats.revived += 1
        else:
            stats.kept += 1

    # pass 1: identical text.  (a) The entry's own: the same ID; (b) an unused one, of the
    # same question first (a paragraph renamed or moved); (c) one another entry already
    # has, marked fuzzy.  An entry the translator left empty is not filled from elsewhere.
    rest: list[tuple[int, Message]] = []
    for pos, new in enumerate(out):
        own = next(
            (m for m in by_text.get(_same_text(new.source), ()) if m.msgctxt == new.msgctxt),
            None,
        )
        if own is not None:
            take(new, own, elsewhere=False)
        else:
            rest.append((pos, new))
    wanting: list[tuple[int, Message]] = []
    shared: list[Message] = []
    for pos, new in rest:
        same = by_text.get(_same_text(new.source))
        blank = by_id.get(new.msgctxt)
        if not same or (blank is not None and _same_text(blank.source) == _same_text(new.source)):
            wanting.append((pos, new))
            continue
        scope = _scope(new.msgctxt)
        free = [m for m in same if id(m) not in used]
        if free:
            take(new, min(free, key=lambda m: _exact_rank(new, m, scope)), elsewhere=False)
        else:
            shared.append(new)
    for new in shared:
        scope = _scope(new.msgctxt)
        old = min(by_text[_same_text(new.source)], key=lambda m: _exact_rank(new, m, scope))
        take(new, old, elsewhere=True)

    # pass 2: the best suggestion for the rest
    # an old entry the first pass left unused: no new entry took it as its own, so its
    # translation is free to go, even when its text is still there (under another ID)
    givers = [m for m in po.messages if m.has_translation and id(m) not in used]
    giver_of = {id(m): j for j, m in enumerate(givers)}
    id_pairs: dict[int, int] = {}
    for pos, new in wanting:
        same_id = by_id.get(new.msgctxt)
        if same_id is None:
            continue
        if id(same_id) in giver_of:
            id_pairs[pos] = giver_of[id(same_id)]
        elif not same_id.has_translation:
            new.comments = same_id.comments  # a translator's note on an untranslated entry
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    for pair in _suggestions(wanting, givers, id_pairs, similarity):
        if pair.new in taken_new or pair.old in taken_old:
            continue
        taken_new.add(pair.new)
        taken_old.add(pair.old)
        new, old = out[pair.new], givers[pair.old]
        used.add(id(old))
        _carry(new, old)
        base, base_plural = old.previous_source
        if _same_text((base, base_plural)) == _same_text(new.source):  # an edit reverted
            new.fuzzy = False
            if old.obsolete:
                stats.revived += 1
            else:
                stats.kept += 1
            continue
        # a changed msgid_plural needs review too (msgmerge, matching by msgid alone, keeps
        # such an entry translated)
        new.fuzzy = True
        new.previous_msgid, new.previous_msgid_plural = base, base_plural
        if old.msgctxt != new.msgctxt:
            new.previous_msgctxt = old.msgctxt
        stats.fuzzy += 1
    stats.new += len(wanting) - len(taken_new)

    # what is left becomes (or stays) obsolete; nothing translated is dropped.  An entry
    # without a translation has nothing to keep, and msgcat would drop it as obsolete.
    obsolete = [m for m in po.messages if m.obsolete and id(m) not in used and m.has_translation]
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
