"""The on-disk cache: ``.pdscopes_cache/`` at a project's root (or ``PDSCOPES_CACHE_DIR``; none with
``PDSCOPES_NO_CACHE=1``). The folder holds a ``.gitignore`` of ``*``, as pytest's and ruff's do. Entries are
written atomically (safe under ``flake8 --jobs``); a missing, corrupt or unwritable entry is never an error."""
from __future__ import annotations

import json
import os
from pathlib import Path


def base_folder(root: Path) -> Path | None:
    """Where a project's cache lives; None when caching is off."""
    if os.environ.get("PDSCOPES_NO_CACHE") == "1":
        return None
    folder = os.environ.get("PDSCOPES_CACHE_DIR")
    return Path(folder) if folder else root / ".pdscopes_cache"


def name_of(text: str, length: int = 24) -> str:
    """A short, stable file name for a path or a key."""
    import hashlib  # imported when an entry is touched: a run over code without Pipedrive never is

    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:length]


def read_json(path: Path) -> object | None:
    """An entry's content; None when it is missing, unreadable or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def prepare(base: Path, folder: Path) -> None:
    """Make ``folder`` (``base`` or a folder in it) and the cache's ``.gitignore`` in ``base``."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = base / ".gitignore"
    if not ignore.exists():
        atomic_write(ignore, "# written by flake8-pdscopes\n*\n")


def atomic_write(target: Path, text: str) -> None:
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
