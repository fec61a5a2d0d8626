"""The project index: what each module of a project gives to the requests of the others.

Real integrations fix an endpoint in one module and send it from another: ``EntitySpec("deals", "/v1/deals")``
in a table, ``client.iter_collection(spec.list_path)`` in a sync loop. Reading one file cannot see that, so
the index reads the project's candidate modules (those the pre-filter passes) in two passes:

1. **Constructions.** Every construction of a project class, as a summary: for each class, the texts each
   constructor parameter (or dataclass field) receives anywhere in the project, each marked with the place it
   was written. An object whose construction is not visible where it is used (a parameter, an annotation)
   reads its fields from this union.
2. **Calls.** The finder over every candidate module, its calls grouped by the file where each endpoint is
   fixed: a module's own calls, and the calls other modules send for it.

Both are kept on disk in ``.pdscopes_cache/`` at the project root, keyed by the tool's version and the path,
size and mtime of every Python file of the project; a run on one file (an editor, pre-commit) reads that
instead of the project. The key covers every file, so any change rebuilds the whole index once.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..model import ApiCall
from . import project
from .origins import Origin, first_origin, mark, plain, with_origin

# Files that mark a project's root folder; an application without packaging still has its requirements.
PROJECT_FILES = (
    "pyproject.toml", "setup.cfg", "setup.py", ".git", ".hg", "requirements.txt", "Pipfile", "tox.ini",
    "poetry.lock", "uv.lock",
)  # fmt: skip
MAX_FILES = 20_000  # Python files looked at under a project root; past it the rest of the tree is not indexed
MAX_MODULES = 2_000  # candidate modules indexed
MAX_TEXTS = 64  # texts kept per constructor parameter; past it the parameter is unknown
CACHE_FORMAT = 1
SKIPPED_FOLDERS = frozenset(
    {".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", "node_modules", "__pycache__", "build", "dist",
     ".mypy_cache", ".pytest_cache", "site-packages"}
)  # fmt: skip

Key = tuple  # (absolute module path, class name)


@lru_cache(maxsize=1)
def _tool_stamp() -> str:
    """The size and mtime of the tool's own files: a new version, or an editable install whose code changed,
    must not read an index that other code made."""
    package = Path(__file__).resolve().parent.parent
    stamps = []
    for folder in (package, package / "finder", package / "rules", package / "rules" / "sdks"):
        try:
            stamps += [f"{e.name}:{e.stat().st_size}:{e.stat().st_mtime_ns}" for e in os.scandir(folder) if e.is_file()]
        except OSError:
            continue
    return hashlib.sha256("|".join(sorted(stamps)).encode()).hexdigest()[:16]


# Folders the user named as a whole (``pdscopes scan DIR``): a project root where no project file is nearer.
_named_roots: set[Path] = set()


def name_roots(folders: list[Path]) -> None:
    _named_roots.update(Path(os.path.abspath(folder)) for folder in folders)
    project_root.cache_clear()


@lru_cache(maxsize=1024)
def project_root(folder: Path) -> Path:
    """The folder of the nearest project file above ``folder``, or of a folder the user named; the
    manifest's folder; else ``folder`` itself."""
    current = folder
    while True:
        if current in _named_roots or any(os.path.exists(os.path.join(current, name)) for name in PROJECT_FILES):
            return current
        if current.parent == current:
            break
        current = current.parent
    from ..manifest import find_manifest  # the manifest module is the engine's; imported only here

    manifest = find_manifest(folder)
    return manifest.parent if manifest is not None else folder


def _python_files(root: Path) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of the project's Python files, hidden and environment folders left out."""
    found: list[tuple[str, int, int]] = []
    stack = [str(root)]
    while stack and len(found) < MAX_FILES:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not name.startswith(".") and name not in SKIPPED_FOLDERS and not name.endswith(".egg-info"):
                        stack.append(entry.path)
                elif name.endswith(".py") and entry.is_file():
                    stat = entry.stat()
                    found.append((entry.path, stat.st_size, stat.st_mtime_ns))
            except OSError:
                continue
    return found[:MAX_FILES]


def _dump_text(text: str) -> list:
    """A marked text as it is kept on disk (markers hold process-local numbers)."""
    origin = first_origin(text)
    return [plain(text)] if origin is None else [plain(text), origin.path, origin.line, origin.col, origin.by_name]


def _load_text(item: list) -> str:
    return item[0] if len(item) == 1 else mark(item[0], Origin(item[1], item[2], item[3], item[4]))


class ProjectIndex:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = _python_files(root)
        self.key = self._key()
        # Constructor summaries, made per class when first asked (from the modules whose text constructs it).
        self.arguments: dict[Key, dict[str, tuple[str, ...]]] = {}
        self._calls: dict[str, list[ApiCall]] | None = None
        self._indexed: set[str] = set()
        self._texts: dict[str, str] | None = None  # candidate module -> its text, while the index is built
        self._by_field: dict[str, tuple[str, ...] | None] = {}
        self._read_cache()

    # -- what the rest of the finder asks ---------------------------------------------------------------
    def constructor_texts(self, cls: project.ClassInfo, parameter: str) -> tuple[str, ...] | None:
        """The texts a constructor parameter of a project class receives across the project, each marked
        with where it was written; None when no construction of the class gives it."""
        if cls.module.path is None:
            return None
        key = (str(cls.module.path), cls.name)
        if key not in self.arguments:
            self.arguments[key] = {}  # asked again while it is being made: nothing, rather than a cycle
            self.arguments[key] = self._summarise(cls, key)
        return self.arguments[key].get(parameter)

    def texts_by_field(self, name: str) -> tuple[str, ...] | None:
        """What a constructor parameter or dataclass field of that name receives in any project class: the
        reading of an attribute on an object whose class is unknown. It counts only where it names a known
        endpoint."""
        if name not in self._by_field:
            from .values import Evaluator

            found: dict[str, None] = {}
            reader = Evaluator()
            for path, text in self._candidate_texts().items():
                module = project.load_module(Path(path)) if name in text and "class " in text else None
                for cls in module.classes.values() if module else ():
                    if name not in reader.constructor_parameters(cls):
                        continue
                    for given in self.constructor_texts(cls, name) or ():
                        origin = first_origin(given)
                        found[with_origin(given, replace(origin, by_name=True)) if origin else given] = None
            self._by_field[name] = tuple(found) if 0 < len(found) <= MAX_TEXTS else None
        return self._by_field[name]

    def calls_for(self, path: str) -> list[ApiCall] | None:
        """Every call whose endpoint is fixed in ``path``, wherever it is sent; None when ``path`` is not one
        of the indexed modules."""
        calls = self._ensure_calls()
        return list(calls.get(path, [])) if path in self._indexed else None

    def remote_calls_for(self, path: str) -> list[ApiCall]:
        """The calls that other modules send for endpoints fixed in ``path`` (each names its sender)."""
        return [call for call in self._ensure_calls().get(path, []) if call.file is not None]

    # -- building ---------------------------------------------------------------------------------------
    def _key(self) -> str:
        digest = hashlib.sha256(f"{CACHE_FORMAT}:{_tool_stamp()}".encode())
        for path, size, mtime in self.files:
            digest.update(f"{path}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def _candidate_texts(self) -> dict[str, str]:
        """The project's modules that pass the pre-filter, with their text (read once per process)."""
        if self._texts is None:
            from . import mentions_pipedrive  # the pre-filter the engine applies to every file

            self._texts = {}
            for path, size, _ in self.files:
                if size > project.MAX_MODULE_BYTES:
                    continue
                try:
                    with open(path, "rb") as handle:
                        text = handle.read().decode("utf-8", "replace")
                except OSError:
                    continue
                if mentions_pipedrive(text):
                    self._texts[path] = text
                    if len(self._texts) >= MAX_MODULES:
                        break
        return self._texts

    def _summarise(self, cls: project.ClassInfo, key: Key) -> dict[str, tuple[str, ...]]:
        """What each constructor parameter of one class receives, from every module whose text constructs it."""
        from .values import Evaluator

        reader = Evaluator()  # constructor arguments are read without the index itself
        needle = cls.name + "("
        slots: dict[str, tuple[str, ...]] = {}
        for path, text in self._candidate_texts().items():
            module = project.load_module(Path(path)) if needle in text else None
            for found, parameter, texts in reader.constructions(module, cls.name) if module else ():
                if found == key:
                    merged = tuple(dict.fromkeys((*slots.get(parameter, ()), *texts)))
                    slots[parameter] = merged if len(merged) <= MAX_TEXTS else ("\ue000",)
        return slots

    def _ensure_calls(self) -> dict[str, list[ApiCall]]:
        if self._calls is None:
            from ..catalogue import load
            from ..resolve import is_fixed
            from .calls import Finder
            from .values import forget_functions

            catalogue = load()
            self._calls = {}
            for path in self._candidate_texts():
                module = project.load_module(Path(path))
                if module is None:
                    continue
                self._indexed.add(path)
                forget_functions()
                sender = str(path)
                for call in Finder(module, lambda m, u: is_fixed(catalogue, m, u), self).calls():
                    home = call.file or sender
                    # Kept under the file that fixes the endpoint; ``file`` then names the sender, if another.
                    elsewhere = None if home == sender else sender
                    kept = ApiCall(call.line, call.col, call.method, call.urls, call.via, elsewhere)
                    self._calls.setdefault(home, []).append(kept)
            self._write_cache()
            self._texts = None  # what was read to build it is not kept
        return self._calls

    # -- the cache --------------------------------------------------------------------------------------
    def _cache_file(self) -> Path | None:
        if os.environ.get("PDSCOPES_NO_CACHE") == "1":
            return None
        folder = os.environ.get("PDSCOPES_CACHE_DIR")
        base = Path(folder) if folder else self.root / ".pdscopes_cache"
        name = hashlib.sha256(str(self.root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        return base / f"index-{name}.json"

    def _read_cache(self) -> bool:
        target = self._cache_file()
        if target is None:
            return False
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT or data.get("key") != self.key:
                return False
            # Checked whole now, decoded when asked: a run on one file reads one file's calls.
            calls = {path: _LazyCalls(found) for path, found in data["calls"].items()}
            self._check_rows(data["calls"].values())
            arguments = {
                (entry[0], entry[1]): {name: tuple(map(_load_text, texts)) for name, texts in entry[2].items()}
                for entry in data["arguments"]
            }
            indexed = set(data["indexed"])
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError):
            return False  # missing, corrupt, stale or unreadable: built afresh
        self.arguments, self._calls, self._indexed = arguments, calls, indexed
        return True

    @staticmethod
    def _check_rows(groups) -> None:
        for rows in groups:
            for row in rows:
                assert len(row) == 6 and isinstance(row[0], int) and isinstance(row[3], list)

    def _write_cache(self) -> None:
        target = self._cache_file()
        if target is None or self._calls is None or not self._indexed:
            return  # nothing Pipedrive here: no folder is written into code that never talks to it
        data = {
            "format": CACHE_FORMAT,
            "key": self.key,
            "arguments": [
                [key[0], key[1], {name: [_dump_text(t) for t in texts] for name, texts in slots.items()}]
                for key, slots in self.arguments.items()
            ],
            "calls": {
                path: [[c.line, c.col, c.method, list(c.urls), c.via, c.file] for c in found]
                for path, found in self._calls.items()
            },
            "indexed": sorted(self._indexed),
        }
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            ignore = target.parent / ".gitignore"
            if not ignore.exists():
                _atomic_write(ignore, "# written by flake8-pdscopes\n*\n")
            _atomic_write(target, json.dumps(data, separators=(",", ":")))
        except OSError:
            pass  # a read-only checkout: the index is rebuilt by each run instead


class _LazyCalls:
    """A file's calls as the cache holds them, made into ``ApiCall`` values when first read."""

    def __init__(self, rows: list) -> None:
        self._rows = rows
        self._calls: list[ApiCall] | None = None

    def __iter__(self):
        if self._calls is None:
            self._calls = [ApiCall(r[0], r[1], r[2], tuple(r[3]), r[4], r[5]) for r in self._rows]
        return iter(self._calls)


def _atomic_write(target: Path, text: str) -> None:
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


_INDEXES: dict[Path, ProjectIndex] = {}


def index_for(filename: str) -> ProjectIndex | None:
    """The index of the project a checked file belongs to (one per project root and process)."""
    path = project.source_path(filename)
    if path is None:
        return None
    root = project_root(path.parent)
    index = _INDEXES.get(root)
    if index is None:
        index = _INDEXES[root] = ProjectIndex(root)
    return index
