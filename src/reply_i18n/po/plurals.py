"""The ``Plural-Forms`` header field of a PO file, read and checked as ``msgfmt --check`` does.

The field reads ``nplurals=N; plural=EXPRESSION;`` (GNU gettext manual, "Additional
functions for plural forms"): ``N`` is how many forms the language has, and the expression,
in the C syntax of GNU gettext's plural grammar (``n``, integer constants, ``! * / % + - <
> <= >= == != && || ?:`` and parentheses), picks the form for a count ``n``.  It is parsed
by :func:`gettext.c2py`, the parser Python's :class:`gettext.GNUTranslations` uses when it
loads a ``.mo`` file, so an expression accepted here is one Python (and libintl, whose
grammar it shares) can load.  Like ``msgfmt --check``, the expression is then evaluated
for ``n`` = 0 to :data:`CHECKED_UP_TO`: it must not divide by zero, and every value must be
a form index from 0 to ``nplurals - 1``.
"""

from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass

from reply_i18n.errors import CatalogError

#: the largest count the expression is evaluated for (``msgfmt --check`` goes as far)
CHECKED_UP_TO = 1000

_NPLURALS = re.compile(r"\bnplurals\s*=\s*([^;]*?)\s*(?:;|$)")
_PLURAL = re.compile(r"(?<![\w])plural\s*=\s*([^;]*?)\s*(?:;|$)")
#: the placeholder xgettext writes in a template's header, for msginit to fill in
TEMPLATE_PLACEHOLDER = re.compile(
    r"\s*nplurals\s*=\s*INTEGER\s*;\s*plural\s*=\s*EXPRESSION\s*;?\s*"
)


@dataclass(frozen=True, slots=True)
class PluralForms:
    """A checked ``Plural-Forms`` value: the number of forms and the C expression."""

    nplurals: int
    expression: str


@functools.lru_cache(maxsize=64)
def parse_plural_forms(value: str, *, python: bool = False) -> PluralForms:
    """Read and check the value of a ``Plural-Forms`` header field.

    With ``python``, also refuse what Python's :mod:`gettext` cannot load though GNU
    msgfmt takes it (the fields in another order, no ``plural=``, a space before its
    ``=``): a ``.mo`` file is checked so, a catalog being read is not.  A field without
    ``plural=`` has GNU's default, ``n != 1``.

    Raises :class:`~reply_i18n.errors.CatalogError` (without a path: the caller knows the
    file and the line) when there is no ``nplurals=N``, when ``N`` is not a positive
    integer, when the expression is not in the plural grammar, or when for some ``n`` from
    0 to :data:`CHECKED_UP_TO` it divides by zero or gives a value outside ``0..N-1``.
    """
    counted = _NPLURALS.search(value)
    if counted is None:
        raise CatalogError(
            f"invalid Plural-Forms {value.strip()!r}: expected 'nplurals=N; plural=EXPRESSION;'"
        )
    # Python's gettext reads the expression after "plural=" in the second ';'-separated
    # part of the field, and nothing else of it
    parts = value.split(";")
    if python and (len(parts) < 2 or "plural=" not in parts[1]):
        raise CatalogError(
            f"Plural-Forms {value.strip()!r} cannot be loaded by Python's gettext: write "
            "'nplurals=N; plural=EXPRESSION;' in that order, with no space before '='"
        )
    count = counted.group(1)
    chosen = _PLURAL.search(value)
    expression = chosen.group(1) if chosen is not None else "n != 1"
    if not count.isascii() or not count.isdigit():
        raise CatalogError(
            f"invalid nplurals value {count!r} in Plural-Forms: expected a whole number such "
            "as 2 or 3"
        )
    nplurals = int(count)
    if nplurals < 1:
        raise CatalogError(
            "invalid nplurals value 0 in Plural-Forms: a language has 1 form or more"
        )
    try:
        choose = gettext.c2py(expression)
    except (ValueError, RecursionError):
        raise CatalogError(
            f"invalid plural expression {expression!r} in Plural-Forms: expected C syntax "
            "such as 'n != 1' or 'n%10==1 && n%100!=11 ? 0 : 1'"
        ) from None
    for n in range(CHECKED_UP_TO + 1):
        try:
            index = choose(n)
        except ZeroDivisionError:
            raise CatalogError(
                f"the plural expression {expression!r} in Plural-Forms divides by zero for n = {n}"
            ) from None
        if not 0 <= index < nplurals:
            raise CatalogError(
                f"the plural expression {expression!r} in Plural-Forms gives {index} for "
                f"n = {n}, but nplurals = {nplurals} allows forms 0 to {nplurals - 1} only"
            )
    return PluralForms(nplurals, expression)
