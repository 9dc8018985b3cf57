"""Shared fixtures: paths, and the read-only ../shared data when it is present."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(autouse=True, scope="session")
def _private_compile_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests compile many small rule files: keep their cache entries out of the user's cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EVENTRULES_CACHE_DIR", str(tmp_path_factory.mktemp("compile-cache")))
        yield
