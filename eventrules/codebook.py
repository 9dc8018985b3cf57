"""The CAMEO event codebook: every event code eventrules can assign, with its label and scores.

The data lives in ``eventrules/data/codebook.yaml`` (see its header for sources and for the five
Goldstein values that are our own). ``load_codebook()`` reads it once and caches the result.

>>> cb = load_codebook()
>>> cb.get("163").name
'Impose embargo, boycott, or sanctions'
>>> [c.code for c in cb.search("07")][:3]
['07', '070', '071']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = ["CODEBOOK_PATH", "Code", "Codebook", "load_codebook", "parse_codebook", "quad_for_root"]

CODEBOOK_PATH = Path(__file__).parent / "data" / "codebook.yaml"

_CODE_RE = re.compile(r"^(?:0[1-9]|1[0-9]|20)[0-9]{0,2}$")
_WORD_RE = re.compile(r"[^\W_]+")
_REQUIRED_KEYS = frozenset({"code", "name", "goldstein", "quad", "root"})
_KNOWN_KEYS = _REQUIRED_KEYS | {"description"}


def quad_for_root(root: str) -> int:
    """GDELT's quad class for a two-digit root: 01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4."""
    n = int(root)
    if not 1 <= n <= 20:
        raise ValueError(f"not a CAMEO root code: {root!r}")
    return 1 if n <= 5 else 2 if n <= 9 else 3 if n <= 14 else 4


@dataclass(frozen=True, slots=True)
class Code:
    """One CAMEO event code."""

    code: str
    name: str
    root: str
    goldstein: float
    quad: int
    description: str = ""

    @property
    def level(self) -> int:
        """1 for a root ("07"), 2 for a three-digit code ("072"), 3 for a four-digit code ("0721")."""
        return len(self.code) - 1

    @property
    def parent(self) -> str | None:
        """The code one level up ("0721" -> "072", "072" -> "07"), or None for a root."""
        return self.code[:-1] if len(self.code) > 2 else None


def _stem(word: str) -> str:
    """A deliberately crude stem, so that sanction/sanctions/sanctioned or bomb/bombing compare equal."""
    w = word.casefold()
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    for suffix in ("ing", "ed", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance that also counts a swap of two adjacent characters as one edit."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for ca, cb in zip(a, b, strict=False):
        if ca != cb:
            break
        n += 1
    return n


class Codebook:
    """The CAMEO event codes, in CAMEO order (a root, its three-digit codes, each followed by its children)."""

    __slots__ = ("_by_code", "_codes", "_words")

    def __init__(self, codes: Iterable[Code]) -> None:
        by_code: dict[str, Code] = {}
        for c in codes:
            if c.code in by_code:
                raise ValueError(f"duplicate CAMEO code {c.code!r}")
            by_code[c.code] = c
        # Sorting the codes as strings gives CAMEO order, since each code extends its parent's digits.
        self._codes: tuple[Code, ...] = tuple(sorted(by_code.values(), key=lambda c: c.code))
        self._by_code: dict[str, Code] = {c.code: c for c in self._codes}
        self._words: dict[str, frozenset[str]] = {
            c.code: frozenset(_stem(w) for w in _WORD_RE.findall(f"{c.name} {c.description}")) for c in self._codes
        }

    def get(self, code: str) -> Code | None:
        """The entry for ``code`` (surrounding spaces ignored), or None if there is none."""
        return self._by_code.get(code.strip())

    def __getitem__(self, code: str) -> Code:
        found = self.get(code)
        if found is None:
            raise KeyError(code)
        return found

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip() in self._by_code

    def __iter__(self) -> Iterator[Code]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"<Codebook: {len(self)} CAMEO codes>"

    def roots(self) -> list[Code]:
        """The twenty root codes, "01" to "20"."""
        return [c for c in self._codes if len(c.code) == 2]

    def children(self, code: str) -> list[Code]:
        """The codes exactly one level below ``code``."""
        code = code.strip()
        return [c for c in self._codes if c.parent == code]

    def search(self, query: str) -> list[Code]:
        """Codes matching every term of ``query``, in CAMEO order.

        A term of digits matches codes that start with it ("07" -> root 07 and all its children).
        Any other term matches codes whose name or description has a word with the same crude
        stem, or one that begins with it, case-insensitively ("sanction" finds "sanctions",
        "bomb" finds "bombing"). An empty query matches every code.
        """
        terms = _WORD_RE.findall(query)
        prefixes = [t for t in terms if t.isdigit()]
        stems = [_stem(t) for t in terms if not t.isdigit()]
        found: list[Code] = []
        for c in self._codes:
            if not all(c.code.startswith(p) for p in prefixes):
                continue
            words = self._words[c.code]
            if all(any(w.startswith(s) for w in words) for s in stems):
                found.append(c)
        return found

    def nearest(self, code: str, n: int = 3) -> list[Code]:
        """Up to ``n`` suggestions for a code that may not exist, best first.

        Codes that share more leading digits with ``code`` come first; among codes sharing as many,
        an ancestor of ``code`` comes before the rest, which are ranked by edit distance (a swap of
        two adjacent digits counts as one edit). So "1839" gives its parent 183, then 183's
        children 1831-1834, then the root 18. Ties keep CAMEO order. A code that exists is its own
        best suggestion; a query without any digit gets none.
        """
        query = code.strip()
        if n <= 0 or not any(ch.isdigit() for ch in query):
            return []

        def rank(c: Code) -> tuple[int, int, int]:
            shared = _common_prefix(query, c.code)
            is_ancestor = query.startswith(c.code)
            return (-shared, 0 if is_ancestor else 1, _edit_distance(query, c.code))

        # sorted() is stable, so equal ranks stay in CAMEO order.
        return sorted(self._codes, key=rank)[:n]


def _code_from_entry(entry: object, index: int) -> Code:
    where = f"codebook entry {index + 1}"
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where}: expected a mapping, got {type(entry).__name__}")
    keys = set(entry)
    if missing := _REQUIRED_KEYS - keys:
        raise ValueError(f"{where}: missing key(s) {', '.join(sorted(missing))}")
    if unknown := keys - _KNOWN_KEYS:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    code, name, root = entry["code"], entry["name"], entry["root"]
    description = entry.get("description", "")
    goldstein, quad = entry["goldstein"], entry["quad"]
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise ValueError(f'{where}: code must be a quoted CAMEO code string such as "072", got {code!r}')
    where = f"codebook entry {code!r}"
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{where}: name must be a non-empty string")
    if not isinstance(description, str):
        raise ValueError(f"{where}: description must be a string")
    if not isinstance(root, str) or root != code[:2]:
        raise ValueError(f"{where}: root must be {code[:2]!r}, got {root!r}")
    if isinstance(goldstein, bool) or not isinstance(goldstein, int | float) or not -10.0 <= goldstein <= 10.0:
        raise ValueError(f"{where}: goldstein must be a number from -10 to 10, got {goldstein!r}")
    if isinstance(quad, bool) or not isinstance(quad, int) or quad != quad_for_root(root):
        raise ValueError(f"{where}: quad must be {quad_for_root(root)} for root {root}, got {quad!r}")
    return Code(code=code, name=name, root=root, goldstein=float(goldstein), quad=quad, description=description)


def _safe_loader() -> type[yaml.SafeLoader]:
    # The libyaml-backed loader is several times faster; both build only plain Python objects.
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader  # type: ignore[no-any-return]


def parse_codebook(text: str) -> Codebook:
    """Build a Codebook from the text of a codebook YAML file (a mapping with a ``codes`` list)."""
    data = yaml.load(text, Loader=_safe_loader())  # a safe loader: plain Python objects only
    if not isinstance(data, Mapping) or not isinstance(data.get("codes"), list):
        raise ValueError("codebook: expected a mapping with a 'codes' list")
    codes = [_code_from_entry(entry, i) for i, entry in enumerate(data["codes"])]
    book = Codebook(codes)
    for c in book:
        if c.parent is not None and c.parent not in book:
            raise ValueError(f"codebook entry {c.code!r}: its parent {c.parent!r} is missing")
    return book


@functools.cache
def load_codebook() -> Codebook:
    """The bundled CAMEO codebook, read once from ``eventrules/data/codebook.yaml``."""
    return parse_codebook(CODEBOOK_PATH.read_text(encoding="utf-8"))
