"""Translation memory: what a mission has already translated → proposals for new segments.

In: the project's PO files (every document, every year), TMX 1.4b files and PO compendia
dropped in ``tm/``, and pairs aligned from legacy editions.  Out: matches for an English
segment, in the order a translator trusts them (context, exact, figure-adapted, fuzzy), and
catalogs pre-translated with them.

- :mod:`~reply_i18n.memory.units`: the translation unit and how units come out of catalogs;
- :mod:`~reply_i18n.memory.tmx`: reading TMX 1.4b (multilingual units included);
- :mod:`~reply_i18n.memory.index`: the SQLite index (FTS5 candidates, rebuilt when inputs change);
- :mod:`~reply_i18n.memory.adapt`: figure adaptation of a stored translation;
- :mod:`~reply_i18n.memory.match`: lookup and match bands;
- :mod:`~reply_i18n.memory.pretranslate`: filling untranslated entries, match statistics.
"""
