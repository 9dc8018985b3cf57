"""On-disk cache of compiled rule sets, so a large pack compiles once, not at every start.

The key is a hash of every input file's path and contents plus the engine's own
fingerprint (version, the package's source files, the grammar, Python and
lemminflect versions): any change to rules or engine gives a new key, so a stale
entry is never read. A missing, truncated or corrupt entry is ignored and the
rules are compiled again; the cache can never make loading fail.

Location: $EVENTRULES_CACHE_DIR, else $XDG_CACHE_HOME/eventrules, else
~/.cache/eventrules. EVENTRULES_NO_CACHE=1 turns it off. Entries are pickles
written by this user into this user's cache directory, like pip's or mypy's.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from eventrules.resources import grammar_path

NO_CACHE_ENV = "EVENTRULES_NO_CACHE"
CACHE_DIR_ENV = "EVENTRULES_CACHE_DIR"
KEEP = 16  # entries kept; older ones are removed when a new one is written
_SUFFIX = ".ruleset.pickle"
_PKG = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """Where compiled rule sets are kept (None: caching is turned off)."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventrules"


@functools.cache
def engine_fingerprint() -> str:
    """A hash of everything besides the rule files that shapes a compiled rule set."""
    from eventrules import __version__

    h = hashlib.sha256()
    try:
        lemminflect = version("lemminflect")
    except PackageNotFoundError:
        lemminflect = "?"
    h.update(f"{__version__}|{sys.version}|{lemminflect}|{pickle.HIGHEST_PROTOCOL}".encode())
    sources = sorted(p for p in _PKG.rglob("*") if p.suffix in (".py", ".yaml", ".lark") and p.is_file())
    with contextlib.suppress(FileNotFoundError):
        sources.append(grammar_path())
    for p in sources:
        h.update(p.name.encode() + b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def key_for(files: Sequence[Path], options: str = "") -> str | None:
    """The cache key for compiling these files (None if one cannot be read: let the compiler report it)."""
    h = hashlib.sha256(engine_fingerprint().encode())
    h.update(options.encode())
    for p in files:
        try:
            data = p.read_bytes()
        except OSError:
            return None
        h.update(b"\0" + str(p).encode() + b"\0" + str(len(data)).encode() + b"\0")
        h.update(data)
    return h.hexdigest()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Building or unpickling ~100k small objects triggers the cyclic GC over and over;
    pausing it makes both several times faster (reference counting still frees memory)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load(key: str) -> Any | None:
    """The cached object for `key`, or None (absent, unreadable or corrupt)."""
    d = cache_dir()
    if d is None:
        return None
    path = d / (key + _SUFFIX)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        with gc_paused():
            stored_key, obj = pickle.loads(data)
    except Exception:  # a corrupt or foreign entry: recompile (it is overwritten on store)
        return None
    return obj if stored_key == key else None


def store(key: str, obj: Any) -> None:
    """Write an entry atomically; a cache that cannot be written is silently skipped."""
    d = cache_dir()
    if d is None:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((key, obj), protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, d / (key + _SUFFIX))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(d)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return


def _prune(d: Path) -> None:
    entries = sorted(d.glob("*" + _SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
