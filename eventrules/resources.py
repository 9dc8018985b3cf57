"""Where the grammar and the bundled rules live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # A wheel carries them inside the package; a checkout (or editable install)
    # keeps them at the repository's top level, beside the package.
    for cand in (_PKG / name, _PKG.parent / name):
        if cand.is_dir():
            return cand
    raise FileNotFoundError(f"eventrules: cannot find its {name}/ directory")


def grammar_path() -> Path:
    return _find("grammar") / "eventrules.lark"


def bundled_rules_dir() -> Path:
    return _find("rules")
