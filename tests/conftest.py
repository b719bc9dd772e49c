"""Shared test support: golden files under ``tests/golden/``.

``golden.check("render/case/out.html", actual)`` compares ``actual`` (text or bytes) with the
stored file; ``pytest --update-golden`` rewrites the stored files instead, so that the change
can be reviewed in the diff like code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ instead of comparing with them",
    )


class Golden:
    """Compares outputs with the files under :data:`GOLDEN_DIR`, or rewrites them."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def path(self, name: str) -> Path:
        return GOLDEN_DIR / name

    def check(self, name: str, actual: str | bytes) -> None:
        """Assert that ``actual`` equals the golden file ``name`` (relative to tests/golden)."""
        path = self.path(name)
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
            return
        if not path.exists():
            pytest.fail(f"no golden file {path}; run pytest with --update-golden to create it")
        expected = path.read_bytes()
        if isinstance(actual, str):
            # Compared as text, so that pytest shows a readable diff.
            assert actual == expected.decode("utf-8"), f"differs from {path}"
        else:
            assert data == expected, f"differs from {path}"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Golden-file comparison; ``--update-golden`` makes it rewrite the files."""
    return Golden(bool(request.config.getoption("--update-golden")))


@pytest.fixture
def shipped_project(tmp_path: Path) -> Path:
    """A copy of the shipped project (sources, catalogs, glossary, questionnaire templates,
    configuration)."""
    root = GOLDEN_DIR.parent.parent
    for name in ("source", "locale", "questionnaires"):
        shutil.copytree(root / name, tmp_path / name)
    shutil.copy(root / "reply-i18n.toml", tmp_path / "reply-i18n.toml")
    return tmp_path
