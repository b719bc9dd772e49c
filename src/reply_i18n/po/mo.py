"""Compiled catalogs: PO data to the GNU ``.mo`` format, as ``msgfmt`` writes it.

The format (GNU gettext manual, "The Format of GNU MO Files"): a 28-byte header, two
tables of (length, offset) pairs for the original and the translated strings, sorted by
the original's bytes, a hash table for libintl's lookup, then the strings, each followed
by a NUL.  A message with a context is keyed ``msgctxt EOT msgid``; an empty context
(``msgctxt ""``) is a context like any other, so ``pgettext("", msgid)`` finds it and
``gettext(msgid)`` does not.  polib's writer treats an empty context as none, which is
why this module writes the format itself.
"""

from __future__ import annotations

import re
import struct

from reply_i18n.errors import CatalogError
from reply_i18n.po.plurals import parse_plural_forms
from reply_i18n.po.pofile import Catalog, Message

MAGIC = 0x950412DE
_HEADER_SIZE = 28


def _key(m: Message) -> bytes:
    key = m.msgid.encode("utf-8")
    if m.msgid_plural is not None:
        key += b"\0" + m.msgid_plural.encode("utf-8")
    if m.msgctxt is not None:
        key = m.msgctxt.encode("utf-8") + b"\x04" + key
    return key


def _value(m: Message) -> bytes:
    if m.msgid_plural is not None:
        forms = m.msgstr_plural or {0: ""}
        return b"\0".join(forms[i].encode("utf-8") for i in sorted(forms))
    return m.msgstr.encode("utf-8")


def _hashpjw(data: bytes) -> int:
    """The string hash of GNU gettext (``hash-string.c``); like the C code, it stops at the
    first NUL, so a plural entry is hashed by its msgid alone."""
    h = 0
    for byte in data.split(b"\0", 1)[0]:
        h = (h << 4) + byte
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
            h ^= g
    return h


def _is_prime(n: int) -> bool:
    if n < 4:
        return n > 1
    if n % 2 == 0:
        return False
    i = 3
    while i * i <= n:
        if n % i == 0:
            return False
        i += 2
    return True


def _hash_size(count: int) -> int:
    """The hash table size msgfmt chooses: the next prime after 4/3 of the count, >= 3."""
    n = max(3, count * 4 // 3)
    if n % 2 == 0:
        n += 1
    while not _is_prime(n):
        n += 2
    return n


def compile_mo(catalog: Catalog, *, use_fuzzy: bool = False) -> bytes:
    """The ``.mo`` bytes of a catalog, strings in UTF-8 (the header says so).

    Left out: obsolete entries, untranslated ones, and fuzzy ones unless ``use_fuzzy``,
    as with ``msgfmt [--use-fuzzy]``.  The header entry is always written.  Raises
    :class:`~reply_i18n.errors.CatalogError` for a ``Plural-Forms`` field that libintl or
    Python's :mod:`gettext` could not use (:func:`reply_i18n.po.plurals.parse_plural_forms`).
    """
    header = catalog.header
    declared = catalog.header_fields().get("Plural-Forms")
    if declared is not None:
        # a .mo whose plural expression libintl or Python's gettext cannot read is no use
        try:
            parse_plural_forms(declared, python=True)
        except CatalogError as exc:
            raise CatalogError(exc.message, line=header.line or None) from None
    header_text = re.sub(r"(?m)^(Content-Type:[^\n]*?charset=)[^\s;]+", r"\1UTF-8", header.msgstr)
    # msgfmt (since 0.20) leaves POT-Creation-Date out, so that .mo files are reproducible
    header_text = re.sub(r"(?m)^POT-Creation-Date:[^\n]*\n?", "", header_text)
    pairs: dict[bytes, bytes] = {}
    if catalog.has_header or header.msgstr:
        pairs[b""] = header_text.encode("utf-8")
    for m in catalog.messages:
        if m.obsolete or not m.has_translation or (m.fuzzy and not use_fuzzy):
            continue
        pairs[_key(m)] = _value(m)
    keys = sorted(pairs)
    n = len(keys)
    size = _hash_size(n)
    orig_table = _HEADER_SIZE
    trans_table = orig_table + 8 * n
    hash_table = trans_table + 8 * n
    offset = hash_table + 4 * size
    originals, translations = [], []
    for k in keys:
        originals.append((len(k), offset))
        offset += len(k) + 1
    for k in keys:
        v = pairs[k]
        translations.append((len(v), offset))
        offset += len(v) + 1
    table = [0] * size
    for i, k in enumerate(keys):
        h = _hashpjw(k)
        idx = h % size
        incr = 1 + h % (size - 2)
        while table[idx]:
            idx = (idx + incr) % size
        table[idx] = i + 1
    out = [
        struct.pack("<7I", MAGIC, 0, n, orig_table, trans_table, size, hash_table),
        b"".join(struct.pack("<2I", length, off) for length, off in originals),
        b"".join(struct.pack("<2I", length, off) for length, off in translations),
        struct.pack(f"<{size}I", *table),
        b"".join(k + b"\0" for k in keys),
        b"".join(pairs[k] + b"\0" for k in keys),
    ]
    return b"".join(out)
