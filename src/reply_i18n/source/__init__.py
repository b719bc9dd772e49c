"""A reply's file → :class:`~reply_i18n.model.Document`.

Readers turn the bytes of a ``.txt``, ``.md``, ``.docx`` or ``.pdf`` file into layout blocks
(:mod:`reply_i18n.source.blocks`); :mod:`reply_i18n.source.structure` turns blocks into the
questionnaire structure with stable segment IDs; :mod:`reply_i18n.source.recognise` then
matches its questionnaires with the templates of :mod:`reply_i18n.source.templates`, whose
keys and question IDs they take; :mod:`reply_i18n.source.outline` shows the result.
"""
