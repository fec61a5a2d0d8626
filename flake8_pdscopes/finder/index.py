"""The project index: what each module of a project gives to the requests of the others.

Real integrations fix an endpoint in one module and send it from another: ``EntitySpec("deals", "/v1/deals")``
in a table, ``client.iter_collection(spec.list_path)`` in a sync loop. Reading one file cannot see that, so
the finder asks the index about the project's candidate modules (those the pre-filter passes):

- **Constructor summaries**, per class when first asked: the texts each constructor parameter (or dataclass
  field) receives anywhere in the project, each marked with the place it was written. An object whose
  construction is not visible where it is used (a parameter, an annotation) reads its fields from them.
- **Calls fixed in a module.** A module's own requests, plus those other modules send for values written
  here: a constructor's argument, a class attribute read by its name, or a path a helper writes for a caller
  that only picks it (``get_fields("deal")``). Each module that sends is read once; the calls it places
  elsewhere are filed under the module that fixed them, which takes those from modules whose text names it
  (its name, its classes, those attributes).

Each module's answer is kept on disk in ``.pdscopes_cache/`` at the project root, keyed by the tool's own files
and the path, size and mtime of every Python file of the project, so a run on one file (an editor,
pre-commit) reads the project's answers instead of the project. Any change to the project starts a new set of
entries.
"""
from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import sys
from collections import deque
from dataclasses import replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .. import cache
from ..model import ApiCall
from ..urls import HOLE, is_other_host
from . import memo, project
from .origins import Origin, first_origin, plain, with_origin

# Files that mark a project's root folder; an application without packaging still has its requirements.
PROJECT_FILES = (
    "pyproject.toml", "setup.cfg", "setup.py", ".git", ".hg", "requirements.txt", "Pipfile", "tox.ini",
    "poetry.lock", "uv.lock",
)  # fmt: skip
MAX_FILES = 20_000  # Python files looked at under a project root; past it the rest of the tree is not indexed
MAX_MODULES = 2_000  # candidate modules indexed
MAX_TEXTS = 64  # texts kept per constructor parameter; past it the parameter is unknown
MAX_CACHED_FUNCTIONS = 200  # per-function results kept while other modules are read for one check
CACHE_FORMAT = 3
SKIPPED_FOLDERS = frozenset(
    {".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", "node_modules", "__pycache__", "build", "dist",
     ".mypy_cache", ".pytest_cache", "site-packages"}
)  # fmt: skip

Key = tuple  # (absolute module path, class name)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CLASS_NAME = re.compile(r"^[ \t]*class[ \t]+(\w+)", re.M)


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


def _texts(files: list[tuple[str, int, int]]) -> Iterator[tuple[tuple[str, int, int], str]]:
    """The text of each readable module of a bounded size."""
    for entry in files:
        if entry[1] > project.MAX_MODULE_BYTES:
            continue
        try:
            with open(entry[0], "rb") as handle:
                yield entry, handle.read().decode("utf-8", "replace")
        except OSError:
            continue


class ProjectIndex:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = _python_files(root)
        self.key = self._key()
        # Constructor summaries, made per class when first asked (from the modules whose text constructs it).
        self.arguments: dict[Key, dict[str, tuple[str, ...]]] = {}
        self._sent: dict[str, list[ApiCall]] = {}  # module -> the calls it sends (``file``: where fixed)
        self._placed: dict[str, list[tuple[str, ApiCall]]] = {}  # module -> (sender, call) fixed there
        self._defers: set[str] = set()  # modules with a function that leaves requests to its callers
        self._defined: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # module -> _definitions, once read
        self._unread: dict[str, None] = {}  # candidate modules not read as senders yet, in the project's order
        self._by_field: dict[str, tuple[str, ...] | None] = {}
        self._passed: dict[tuple[str, str, str], tuple[str, str] | None] = {}  # see constructor_class
        self._constructions: dict[str, dict[Key, dict[str, tuple[str, ...]]]] = {}
        self._names: frozenset[str] | None = None
        self._identifiers: dict[str, frozenset[str]] | None = None
        self._modules_by_word: dict[str, list[str]] | None = None  # the inverse of _identifiers, made when asked

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

    def constructor_class(self, cls: project.ClassInfo, parameter: str) -> project.ClassInfo | None:
        """The project class whose instances every construction of ``cls`` in the project passes as
        ``parameter``; None when none passes one, or they differ."""
        if cls.module.path is None:
            return None
        key = (str(cls.module.path), cls.name, parameter)
        if key not in self._passed:
            from .values import Evaluator

            self._passed[key] = None  # asked again while it is being made: nothing, rather than a cycle
            reader = Evaluator()  # without the index: a construction's own arguments are read where written
            found = set()
            for path in self._naming(cls.name):
                module = project.load_module(path)
                for kind in reader.construction_kinds(module, cls, parameter) if module else ():
                    passed = kind.cls if kind is not None else None
                    found.add((str(passed.module.path), passed.name) if passed and passed.module.path else None)
            self._passed[key] = found.pop() if len(found) == 1 else None
        # Held by place, not as a class: the module that defines it may be freed between checks.
        place = self._passed[key]
        module = project.load_module(place[0]) if place else None
        return module.classes.get(place[1]) if module else None

    def texts_by_field(self, name: str) -> tuple[str, ...] | None:
        """What an attribute of that name holds in any project class (a class attribute, what its constructor
        parameter receives, or what its methods store on ``self``): the reading of ``x.name`` on an object whose
        class is unknown where it is read (``def sync(stream): ... stream.endpoint``, ``self.api.base_url``). It
        counts only where the URL it takes part in names a known endpoint."""
        if name not in self._by_field:
            from .objects import Frame
            from .text import PARAM, marked
            from .values import Evaluator

            found: dict[str, None] = {}
            reader = Evaluator()
            words = self._words()
            for path in self._naming(name):
                module = project.load_module(path) if "class" in words[path] else None
                for cls in module.classes.values() if module else ():
                    given: tuple[str, ...] = ()
                    stored: Iterable[tuple[ast.expr, tuple[str, ...]]] = ()  # (expression, its texts), unmarked
                    if name in cls.attributes:
                        frame = Frame(module, self_class=cls)
                        stored = [(value, reader.text(value, frame)) for value in cls.attributes[name]]
                    elif name in reader.constructor_parameters(cls):
                        given = self.constructor_texts(cls, name) or ()
                    elif name in cls.instance:
                        stored = reader.stored_texts(cls, name)
                    given += tuple(
                        marked(text, Origin(path, value.lineno, value.col_offset, via="constant"))
                        for value, texts in stored for text in texts
                    )  # fmt: skip
                    for text in given:
                        # A parameter of the method that stored it is not the reader's caller's to give.
                        text = text.replace(PARAM, HOLE)
                        origin = first_origin(text)
                        found[with_origin(text, replace(origin, by_name=True)) if origin else text] = None
            # A name that holds another service's URL in some class is not Pipedrive's by its name alone.
            foreign = any(is_other_host(plain(text)) for text in found)
            self._by_field[name] = tuple(found) if 0 < len(found) <= MAX_TEXTS and not foreign else None
        return self._by_field[name]

    def calls_fixed_in(self, path: str, module, local, from_disk: bool) -> list[ApiCall]:
        """Every call whose endpoint is fixed in the module at ``path`` (``module()``, made when the cache
        cannot answer): what the module sends (``local()``: those calls, and whether a function here leaves
        requests to its callers), and what other modules send for what is written here. ``from_disk``: the
        module is the file as saved, so its answer may come from, and go to, the cache."""
        if from_disk:
            cached = self._read_entry(path)
            if cached is not None:
                return cached
        if from_disk and path in self._sent:  # already read as another module's sender
            sent, defers = self._sent[path], path in self._defers
        else:
            calls, defers = local()
            sent = [call if call.file else replace(call, file=path) for call in calls]
            if from_disk:
                self._store(path, sent)
        found = [replace(call, file=None) for call in sent if call.file == path]
        defined = self._defined.get(path) if from_disk else None
        found += self._sent_elsewhere(path, module, defined or _definitions(module()), defers)
        if from_disk:
            self._write_entry(path, found)
        return found

    # -- building ---------------------------------------------------------------------------------------
    def _key(self) -> str:
        digest = hashlib.sha256(f"{CACHE_FORMAT}:{_tool_stamp()}".encode())
        for path, size, mtime in self.files:
            digest.update(f"{path}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def _read_candidates(self) -> None:
        """One read of the project's modules that pass the pre-filter: the identifiers each one's text holds
        (which classes and modules it names) and the classes they define. Their text is not kept."""
        from . import import_statements, may_talk_to_pipedrive, mentions_pipedrive

        self._identifiers, names, others = {}, set(), []
        for entry, text in _texts(self.files):
            if not mentions_pipedrive(text):
                others.append(entry)
            elif not self._add_candidate(entry[0], text, names):
                break
        # The rest pass only by importing from a module that names Pipedrive (a caller of a project helper):
        # read again only where an import statement names one of those modules, and none when there is none.
        stems = {
            os.path.basename(os.path.dirname(p)) if p.endswith("__init__.py") else _stem(p) for p in self._identifiers
        }
        for (path, _, _), text in _texts(others) if stems else ():
            if not stems.isdisjoint(_WORD.findall(import_statements(text))) and may_talk_to_pipedrive(text, path):
                if not self._add_candidate(path, text, names):
                    break
        self._names = frozenset(names)
        self._unread = dict.fromkeys(path for path in self._identifiers if path not in self._sent)

    def _add_candidate(self, path: str, text: str, class_names: set[str]) -> bool:
        """Whether the module was taken (the index holds at most MAX_MODULES)."""
        if len(self._identifiers) >= MAX_MODULES:
            return False
        # Interned: the same names recur in every module (a big project's sets would hold copies).
        self._identifiers[path] = frozenset(map(sys.intern, _WORD.findall(text)))
        class_names.update(_CLASS_NAME.findall(text))
        return True

    def _summarise(self, cls: project.ClassInfo, key: Key) -> dict[str, tuple[str, ...]]:
        """What each constructor parameter of one class receives, from every module whose text names it."""
        slots: dict[str, tuple[str, ...]] = {}
        for path in self._naming(cls.name):
            for parameter, texts in self._constructions_in(path).get(key, {}).items():
                merged = tuple(dict.fromkeys((*slots.get(parameter, ()), *texts)))
                slots[parameter] = merged if len(merged) <= MAX_TEXTS else ("\ue000",)
        return slots

    def _constructions_in(
        self, path: str, module: Callable[[], project.ModuleInfo] | None = None
    ) -> dict[Key, dict[str, tuple[str, ...]]]:
        """Every construction of a project class in one module, read once (a module's tree is walked once
        however many classes ask); ``module()``: its tree, when the caller has it at hand."""
        if path not in self._constructions:
            from .values import Evaluator

            found: dict[Key, dict[str, tuple[str, ...]]] = {}
            module = module() if module else project.load_module(path)
            # Constructor arguments are read without the index itself, so summaries never wait on each other.
            for key, parameter, texts in Evaluator().constructions(module, self._class_names()) if module else ():
                slot = found.setdefault(key, {})
                slot[parameter] = tuple(dict.fromkeys((*slot.get(parameter, ()), *texts)))
            self._constructions[path] = found
        return self._constructions[path]

    def _words(self) -> dict[str, frozenset[str]]:
        if self._identifiers is None:
            self._read_candidates()
        return self._identifiers

    def _naming(self, name: str) -> list[str]:
        """The candidate modules whose text holds the identifier ``name``, in the project's order: asked for
        each class summarised and each field read by name, so it is looked up, not searched for."""
        if self._modules_by_word is None:
            found: dict[str, list[str]] = {}
            for path, words in self._words().items():
                for word in words:
                    found.setdefault(word, []).append(path)
            self._modules_by_word = found
        return self._modules_by_word.get(name, [])

    def _class_names(self) -> frozenset[str]:
        """The names of the classes the candidate modules define: only a call of one of them, or of a CapWords
        name, is read as a construction."""
        if self._names is None:
            self._read_candidates()
        return self._names

    def _sent_elsewhere(
        self, path: str, module: Callable[[], project.ModuleInfo], defined: tuple[frozenset[str], frozenset[str]],
        defers: bool,
    ) -> list[ApiCall]:
        """The calls other modules send for values written here: what constructions in this module pass, the
        text class attributes of its classes (read by name on objects of unknown class), and, when ``defers``,
        the requests its functions send for a caller that only picks among the paths they write."""
        constructed = self._constructions_in(path, module)
        classes, read_by_name = defined
        if not constructed and not read_by_name and not defers:
            return []
        # A module that reads these objects names their class (an annotation, an import), imports from here,
        # or reads an attribute by the name it has here.
        names = {key[1] for key in constructed} | {_stem(path)} | classes | read_by_name
        words = self._words()
        waiting = {s: None for s in self._unread if s != path and not names.isdisjoint(words[s])}
        order = deque(waiting)
        while order:
            sender = order.popleft()
            if sender not in self._sent:
                # The modules its read loaded that wait too are read next, while the tree cache holds them.
                order.extendleft(loaded for loaded in reversed(self._calls_of(sender)) if loaded in waiting)
        return [
            replace(call, file=None) for sender, call in self._placed.get(path, ())
            if sender != path and not names.isdisjoint(words.get(sender, ()))
        ]  # fmt: skip

    def _calls_of(self, path: str) -> list[str]:
        """Reads a module as a sender, once per process: every call it sends, wherever its endpoint is fixed
        (``file``). Returns the other modules the read loaded (its imports, those its summaries read)."""
        loaded: list[str] = []
        if path not in self._sent:
            self._sent[path] = []  # a module asked while it is read contributes nothing, rather than a cycle
            self._unread.pop(path, None)
            module = project.load_module(path)
            if module is not None:
                self._defined[path] = _definitions(module)
                from ..catalogue import load
                from ..resolve import is_fixed
                from .calls import Finder

                catalogue = load()
                here = str(path)
                finder = Finder(module, lambda m, u: is_fixed(catalogue, m, u), self)
                self._store(here, [call if call.file else replace(call, file=here) for call in finder.calls()])
                if finder.defers:
                    self._defers.add(path)
                loaded = [held for held in memo.held_paths() if held != path]
                # A check may read hundreds of senders: the caches of their functions (which hold their trees)
                # are kept for the next ones only up to a bound.
                memo.end_check(unless_fewer_than=MAX_CACHED_FUNCTIONS)
        return loaded

    def _store(self, path: str, sent: list[ApiCall]) -> None:
        """What a module sends, and each call it places in another module, for that module to find."""
        self._sent[path] = sent
        self._unread.pop(path, None)
        for call in sent:
            if call.file != path:
                self._placed.setdefault(call.file, []).append((path, call))

    # -- the cache --------------------------------------------------------------------------------------
    @cached_property
    def _journal(self) -> cache.Journal | None:
        """This project state's entries; None when caching is off."""
        base = cache.base_folder(self.root)
        if base is None:
            return None
        return cache.Journal(base / f"{cache.name_of(str(self.root), 12)}-{self.key[:20]}", self._start_entries)

    def _read_entry(self, path: str) -> list[ApiCall] | None:
        data = self._journal.get(path) if self._journal is not None else None
        try:
            if data["format"] != CACHE_FORMAT:
                return None
            return [ApiCall(r[0], r[1], r[2], tuple(r[3]), r[4]) for r in data["calls"]]
        except (KeyError, TypeError, IndexError):
            return None  # missing, corrupt, foreign or unreadable: read the project instead

    def _write_entry(self, path: str, calls: list[ApiCall]) -> None:
        if self._journal is None:
            return
        rows = [[c.line, c.col, c.method, list(c.urls), c.via] for c in calls]
        try:
            self._journal.add(path, {"format": CACHE_FORMAT, "calls": rows})
        except OSError:
            pass  # a read-only checkout: each run reads the project instead

    @staticmethod
    def _start_entries(folder: Path) -> None:
        """A new project state: its folder, the cache's ``.gitignore``, and the old states' entries gone."""
        if folder.is_dir():
            return
        cache.prepare(folder.parent, folder)
        prefix = folder.name.split("-", 1)[0] + "-"
        for old in folder.parent.iterdir():
            if old.is_dir() and old.name.startswith(prefix) and old != folder:
                shutil.rmtree(old, ignore_errors=True)


def _stem(path: str) -> str:
    """A file's name without its extension (``os.path`` rather than a ``Path``: asked for each module)."""
    return os.path.splitext(os.path.basename(path))[0]


def _definitions(module: project.ModuleInfo) -> tuple[frozenset[str], frozenset[str]]:
    """The names of a module's classes, and the attributes of theirs that hold text (a class attribute, or one
    a method stores on ``self``): these are read by name on objects whose class is unknown where they are
    read."""
    read_by_name = {
        attr for cls in module.classes.values()
        for attr, values in (*cls.attributes.items(), *((a, [v for v, _ in s]) for a, s in cls.instance.items()))
        if any(_writes_text(value) for value in values)
    }  # fmt: skip
    return frozenset(module.classes), frozenset(read_by_name)


def _writes_text(value: ast.expr) -> bool:
    """A string, an f-string, a concatenation or a ``format``: an expression that builds text."""
    if isinstance(value, ast.Call):
        return isinstance(value.func, ast.Attribute) and value.func.attr == "format"
    return isinstance(value, (ast.JoinedStr, ast.BinOp)) or (
        isinstance(value, ast.Constant) and isinstance(value.value, str)
    )


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
