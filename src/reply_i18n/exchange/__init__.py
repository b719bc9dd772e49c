"""Review exchange: catalogs → documents a reviser or a CAT tool works in → catalogs.

- :mod:`~reply_i18n.exchange.trail`: the revision trail kept in PO translator comments;
- :mod:`~reply_i18n.exchange.xliff`: XLIFF 2.1 (and 1.2) export and import;
- :mod:`~reply_i18n.exchange.review`: the bilingual Word review table, out and back;
- :mod:`~reply_i18n.exchange.apply`: applying returned edits to a catalog under the conflict
  rules (an entry changed since export is never overwritten).
"""
