"""The on-disk cache: ``.pdscopes_cache/`` at a project's root (or ``PDSCOPES_CACHE_DIR``; none with
``PDSCOPES_NO_CACHE=1``). The folder holds a ``.gitignore`` of ``*``, as pytest's and ruff's do. Entries are
written atomically (safe under ``flake8 --jobs``); a missing, corrupt or unwritable entry is never an error."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable


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


class Journal:
    """Many small entries in one folder. Each process appends its own to a file of its own, one JSON line per
    entry: a cold run over a project writes hundreds, and a line costs a write where a file costs a file's
    creation. A line counts once its closing newline is written, so a line being written, or cut short, is
    never read. The folder is read once per process, on the first lookup; what other processes add later is
    computed again rather than waited for."""

    def __init__(self, folder: Path, start: Callable[[Path], None]) -> None:
        self.folder = folder
        self._start = start  # makes the folder, the first time this process writes to it
        self._entries: dict[str, dict] | None = None
        self._out: tuple[int, int] | None = None  # (pid, file descriptor): a forked worker opens its own

    def get(self, key: str) -> dict | None:
        if self._entries is None:
            self._entries = self._read()
        return self._entries.get(key)

    def add(self, key: str, entry: dict) -> None:
        """Append an entry (it is written with its key, under "key"); OSError when the folder cannot be
        written."""
        line = (json.dumps({"key": key, **entry}, separators=(",", ":")) + "\n").encode()
        if self._out is None or self._out[0] != os.getpid():
            import secrets

            self._start(self.folder)
            name = f"{os.getpid()}-{secrets.token_hex(4)}.jsonl"
            self._out = (os.getpid(), os.open(self.folder / name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644))
        os.write(self._out[1], line)

    def _read(self) -> dict[str, dict]:
        found: dict[str, dict] = {}
        try:
            files = [e.path for e in os.scandir(self.folder) if e.name.endswith(".jsonl")]
        except OSError:
            return found
        for file in files:
            try:
                with open(file, "rb") as handle:
                    lines = handle.read().split(b"\n")[:-1]  # the last piece has no newline yet
            except OSError:
                continue
            for line in lines:
                try:
                    entry = json.loads(line)
                    found.setdefault(entry["key"], entry)
                except (ValueError, KeyError, TypeError):
                    continue
        return found
