"""Patterns shared by the readers and the structure parser: document symbols and page furniture.

They describe page furniture and identifiers, not questionnaire structure, so a reader may
use them to drop running headers and page numbers.
"""

from __future__ import annotations

import re

_OSCE_SYMBOL = r"[A-Z]{2,}(?:\.[A-Z]{2,})*/\d+/\d{2}(?:/[A-Za-z]+\.?\d*)*"
# A United Nations symbol: at least two slashes and a figure somewhere, every part opening
# with a capital or a figure ("N/A", "and/or" and "mine/ERW" are not symbols).
_UN_SYMBOL = r"(?=[^\s]*\d)[A-Z]{1,8}(?:\.[A-Z0-9]+)*(?:/[A-Z0-9][A-Za-z0-9.()-]*){2,}"
_SYMBOL = rf"(?:{_OSCE_SYMBOL}|{_UN_SYMBOL})"

#: A document symbol, OSCE (``FSC.EMI/122/25``, ``PC.DEL/456/24/Corr.1``) or United Nations
#: (``CCW/AP.II/CONF.6/INF.1``, ``A/RES/71/67``, ``S/2004/329``).
SYMBOL_RE = re.compile(rf"^{_SYMBOL}$")
#: A line that opens with a document symbol, and what follows it (a date, a page number).
SYMBOL_HEAD_RE = re.compile(rf"^({_SYMBOL})(?:\s+(.*))?$")
#: A page number line: ``- 2 -``, ``Page 3``, ``Page 3 of 9``.
PAGE_NUMBER_RE = re.compile(r"^[-–—]\s*\d{1,3}\s*[-–—]$|^Page\s+\d{1,3}(?:\s+of\s+\d{1,3})?$")
#: A United Nations job number, printed at the foot of the first page and in running
#: headers: ``GE.04-63995``, ``GE.04-63995 (E) 150904``, ``GE.16-17001(E)``,
#: ``GE.04-63995 Page 2``, ``GE.04-63995 CCW/AP.II/CONF.6/NAR.14 Page 2``.
JOB_NUMBER_RE = re.compile(
    rf"^GE\.\d{{2}}-\d{{4,6}}(?:\s*\([A-Z]\)|\s+(?:\d{{6}}|\*\d+\*|Page\s+\d{{1,3}}|{_SYMBOL}))*$"
)
