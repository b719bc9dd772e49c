"""PDF of an edition: the HTML edition typeset by WeasyPrint with CSS paged media.

The page is the one :mod:`.html` writes, print rules included (A4, landscape for three
languages or more, the document symbol at the head of each page, "2 / 20" at its foot or the
reader's "Səhifə 2 / 20" in a monolingual edition, rows kept whole where they fit on a page).
This module adds what only a PDF has: bookmarks for questionnaires (titles), parts and
questions, taken from the first column; fonts embedded as subsets (WeasyPrint always embeds
them); a tagged PDF (ISO 32000-1, 14.8: a structure tree of headings, paragraphs, tables, rows
and cells, so that screen readers and text extraction follow the reading order) with the
language of the document in the catalog's ``/Lang`` and the language of each table cell in its
structure element's ``/Lang`` (14.9.2), taken from the cell's ``lang`` in the HTML.  Nothing
is fetched: every URL is refused.

The bytes are reproducible: the creation date is the edition's stamp (``dcterms.created``),
the file identifier is a digest of the content, and the font subsets, whose ``head`` table
fontTools dates with ``SOURCE_DATE_EPOCH`` or else the current time, are dated with the
edition's stamp too.
WeasyPrint needs Pango (``libpango-1.0-0``, ``libpangoft2-1.0-0``) and the fonts the HTML
names (DejaVu Serif and DejaVu Sans, ``fonts-dejavu-core``).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from reply_i18n.errors import ReplyI18nError
from reply_i18n.model import Edition
from reply_i18n.publish.render import html


def _import_weasyprint() -> Any:
    """``import weasyprint``, a sixth of a second sooner on Linux.

    WeasyPrint asks cffi for each C library under several names (``libpango-1.0-0``,
    ``pango-1.0-0``, …, ``libpango-1.0.so.0``), and for every name the loader does not
    take, cffi runs :func:`ctypes.util.find_library`, which starts ``ldconfig -p`` and
    ``gcc`` each time: some twenty processes, 0.15 s of a build's 3.  On Linux whatever
    ``find_library`` finds is a soname the loader takes directly, and the sonames are
    among the names tried, so it is skipped during the import; should the import fail so,
    it is made again as WeasyPrint does it.
    """
    if sys.platform.startswith("linux"):
        import ctypes.util

        original = ctypes.util.find_library
        ctypes.util.find_library = lambda name: None
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # its advice, printed on failure
                import weasyprint

            return weasyprint
        except OSError:
            for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library = original
    import weasyprint

    return weasyprint


try:  # imported with this module, so that worker processes forked later inherit it
    import pydyf

    weasyprint = _import_weasyprint()
except (ImportError, OSError) as exc:  # OSError: the Pango library cannot be loaded
    weasyprint = None
    _MISSING = str(exc)

#: What WeasyPrint needs beyond the page's own stylesheet: the outline of the PDF, and no
#: automatic hyphenation, which in a PDF puts real hyphens into the text (copied,
#: searched and read aloud as "Perman-ent") where a browser's are soft.  WeasyPrint gives
#: these rules the user origin, beneath the page's own: hence !important.
PDF_CSS = """
.k-answer, .k-note, .k-paragraph { hyphens: manual !important; }
h1, h4, .k-letterhead { bookmark-level: none; }
h2 { bookmark-level: 1; }
h3 { bookmark-level: 2; }
[data-bookmark] { bookmark-level: 3; bookmark-label: attr(data-bookmark); }
table.edition td + td h2, table.edition td + td h3 { bookmark-level: none; }
"""


class PdfError(ReplyI18nError):
    """WeasyPrint is missing or cannot typeset the edition."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"the PDF edition fetches nothing ({url})")


@contextmanager
def _source_date(stamp: datetime.datetime) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to ``stamp`` while fontTools writes the font subsets."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=datetime.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _cell_languages(document: Any, pdf: Any) -> None:
    """Give each table cell's structure element the ``/Lang`` of its HTML cell.

    A WeasyPrint finisher: it runs after the structure tree is built, before the file is
    written.  WeasyPrint keeps each cell's structure element on the cell's box (``mark``);
    a cell split across pages has one box, and one element, per page.
    """

    def walk(box: Any) -> None:
        mark = getattr(box, "mark", None)
        element = getattr(box, "element", None)
        if mark is not None and element is not None and element.get("lang"):
            mark["Lang"] = pydyf.String(element.get("lang"))
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)


def render(edition: Edition) -> bytes:
    """The edition as a PDF 1.7 file.

    Raises :class:`PdfError` when WeasyPrint (or the Pango library it loads) is missing.
    """
    if weasyprint is None:
        raise PdfError(f"the PDF edition needs WeasyPrint and Pango: {_MISSING}")
    page = html.render(edition).decode("utf-8")
    document = weasyprint.HTML(string=page, url_fetcher=_refuse).render(
        stylesheets=[weasyprint.CSS(string=PDF_CSS)]
    )
    with _source_date(edition.stamp):
        data: bytes = document.write_pdf(
            pdf_identifier=True, pdf_tags=True, finisher=_cell_languages
        )
    return data
