"""What the cross-format tests share: the folder of format fixtures, and the script that
makes them (``tests/fixtures/formats/make_fixtures.py``) loaded as a module."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"


def make_fixtures() -> ModuleType:
    """``make_fixtures.py``, loaded (it lives beside the fixtures, not on the path)."""
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_fixtures"] = module
    spec.loader.exec_module(module)
    return module
