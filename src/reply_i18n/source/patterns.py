"""Patterns shared by the readers and the structure parser: document symbols and page numbers.

They describe page furniture and identifiers, not questionnaire structure, so a reader may
use them to drop running headers and page numbers.
"""

from __future__ import annotations

import re

#: An OSCE document symbol: ``FSC.EMI/122/25``, ``PC.DEL/456/24/Corr.1``.
SYMBOL_RE = re.compile(r"^[A-Z]{2,}(?:\.[A-Z]{2,})*/\d+/\d{2}(?:/[A-Za-z]+\.?\d*)*$")
#: A page number line: ``- 2 -``, ``Page 3``, ``Page 3 of 9``.
PAGE_NUMBER_RE = re.compile(r"^[-–—]\s*\d{1,3}\s*[-–—]$|^Page\s+\d{1,3}(?:\s+of\s+\d{1,3})?$")
