"""Editions: Document + catalogs → :class:`~reply_i18n.model.Edition` (rows × languages) →
rendered files (HTML, Markdown, DOCX, TMX), one renderer per format under ``render/``."""
