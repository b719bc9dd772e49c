"""Compiled catalogs: PO data to GNU .mo bytes, through polib's MO writer."""

from __future__ import annotations

import os
import tempfile

import polib

from reply_i18n.po.pofile import Catalog, parse_header


def compile_mo(catalog: Catalog, *, use_fuzzy: bool = False) -> bytes:
    """The .mo file of a catalog; untranslated and (by default) fuzzy entries are left out."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = parse_header(catalog.header.msgstr)
    # polib encodes every string in UTF-8, whatever charset the PO file was read in
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for m in catalog.messages:
        if m.obsolete or not m.has_translation or (m.fuzzy and not use_fuzzy):
            continue
        entry = polib.POEntry(msgid=m.msgid, msgstr=m.msgstr, msgctxt=m.msgctxt)
        if m.msgid_plural is not None:
            entry = polib.POEntry(
                msgid=m.msgid,
                msgid_plural=m.msgid_plural,
                msgstr_plural=dict(m.msgstr_plural),
                msgctxt=m.msgctxt,
            )
        po.append(entry)
    fd, tmp = tempfile.mkstemp(suffix=".mo")
    os.close(fd)
    try:
        po.save_as_mofile(tmp)
        with open(tmp, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(tmp)
