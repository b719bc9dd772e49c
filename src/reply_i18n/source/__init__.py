"""A reply's file → :class:`~reply_i18n.model.Document`.

Readers turn the bytes of a ``.txt``, ``.md``, ``.docx`` or ``.pdf`` file into layout blocks
(:mod:`reply_i18n.source.blocks`); :mod:`reply_i18n.source.structure` turns blocks into the
questionnaire structure with stable segment IDs; :mod:`reply_i18n.source.recognise` then
matches its questionnaires with the templates of :mod:`reply_i18n.source.templates`, whose
keys and question IDs they take; :mod:`reply_i18n.source.outline` shows the result.
"""

TEXT_SUFFIXES = (".txt", ".md")
WORD_SUFFIXES = (".docx", ".docm")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + WORD_SUFFIXES + PDF_SUFFIXES
"""The suffixes of the source files the readers take, in order of preference (here, not
in :mod:`.read`, so that knowing them does not load the readers)."""
