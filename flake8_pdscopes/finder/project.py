"""What one module defines (constants, imports, classes, functions), and how to find its project siblings.

Other modules of the project are read and parsed here with ``ast`` (never imported or executed), only
when a name that a candidate call needs is imported from them; each is parsed once per process.
"""
from __future__ import annotations

import ast
import atexit
import gc
import os
import warnings
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from . import memo
from .flow import assignment_pairs, comprehension_targets, loop_targets

MAX_MODULE_BYTES = 2_000_000  # a larger sibling module is not read for constants
YOUNG_COLLECTION_EVERY = 10_000  # new objects between two young collections while modules are read (CPython: 700)


@dataclass
class Import:
    module: str  # absolute dotted name, or "" when it could not be made absolute
    name: str | None  # the imported attribute; None for "import module"
    level: int
    source_dir: Path | None  # the importing file's folder (for relative imports)


@dataclass
class ClassInfo:
    name: str
    node: ast.ClassDef
    home: weakref.ReferenceType[ModuleInfo]  # see ``module``
    attributes: dict[str, list[ast.expr]] = field(default_factory=dict)  # class-level assignments
    instance: dict[str, list[tuple[ast.expr, ast.FunctionDef]]] = field(default_factory=dict)  # self.x = ...
    methods: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)  # annotated class-level names, in order (dataclass fields)
    classes: dict[str, ClassInfo] = field(default_factory=dict)  # nested classes: ``class Meta: entity = "deals"``

    def members(self) -> tuple:
        """The names the class defines, by kind (what a subclass's may stand in for): body assignments, what its
        methods store on ``self``, methods, annotated fields and nested classes."""
        return (self.attributes, self.instance, self.methods, self.fields, self.classes)

    @property
    def module(self) -> ModuleInfo:
        """The module that defines the class, held weakly: a module and its classes would form a cycle, and a
        cycle's trees are freed only by the garbage collector's full passes (on the generated project's cold run
        they took 0.1-0.2 s, against 0.02 s in plain flake8). Whoever holds a class got it through its module,
        and ``load_module`` holds what it returns until the check ends (``memo.hold``)."""
        module = self.home()
        assert module is not None, f"the module of class {self.name} was freed while the class is in use"
        return module


@dataclass
class ModuleInfo:
    path: Path | None
    tree: ast.Module
    constants: dict[str, list[ast.expr]] = field(default_factory=dict)
    imports: dict[str, Import] = field(default_factory=dict)
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)


def _walk_statements(body: list[ast.stmt]):
    """Statements of a body, descending into if/try/with/for blocks but not into functions or classes."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for name in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(node, name, None)
            if isinstance(children, list):
                stack.extend(reversed([c for c in children if isinstance(c, (ast.stmt, ast.excepthandler))]))


def _absolute_module(module: str | None, level: int, path: Path | None) -> str:
    if level == 0:
        return module or ""
    if path is None:
        return ""
    package = path.parent
    for _ in range(level - 1):
        package = package.parent
    parts = []
    while (package / "__init__.py").exists() and package != package.parent:
        parts.append(package.name)
        package = package.parent
    base = ".".join(reversed(parts))
    return ".".join(p for p in (base, module or "") if p)


def imported(node: ast.Import | ast.ImportFrom, path: Path | None) -> Iterator[tuple[str, Import]]:
    """The local names an import statement binds, and what each one imports."""
    folder = path.parent if path else None
    if isinstance(node, ast.Import):
        for alias in node.names:
            local = alias.asname or alias.name.split(".")[0]
            yield local, Import(alias.name if alias.asname else alias.name.split(".")[0], None, 0, folder)
    else:
        absolute = _absolute_module(node.module, node.level, path)
        for alias in node.names:
            yield alias.asname or alias.name, Import(absolute, alias.name, node.level, folder)


def function_imports(function: ast.FunctionDef | ast.AsyncFunctionDef, path: Path | None) -> dict[str, Import]:
    """The imports a function makes in its own body (``from .helpers import pd_get as get`` inside it)."""
    return {
        local: imp
        for node in _walk_statements(function.body) if isinstance(node, (ast.Import, ast.ImportFrom))
        for local, imp in imported(node, path)
    }  # fmt: skip


def index_module(tree: ast.Module, path: Path | None) -> ModuleInfo:
    info = ModuleInfo(path, tree)
    for node in _walk_statements(tree.body):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            info.imports.update(imported(node, path))
        elif isinstance(node, ast.ClassDef):
            info.classes[node.name] = _index_class(node, info)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            info.functions[node.name] = node
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            for name, value, _ in loop_targets(node, (0, 0)):
                info.constants.setdefault(name, []).append(value)
        elif isinstance(node, (ast.With, ast.AsyncWith)):  # with Pipedrive(...) as p: at module level
            for item in node.items:
                if isinstance(item.optional_vars, ast.Name):
                    info.constants.setdefault(item.optional_vars.id, []).append(item.context_expr)
        else:
            for target, value in assignment_pairs(node):
                if isinstance(target, ast.Name):
                    info.constants.setdefault(target.id, []).append(value)
            for name, value, _ in comprehension_targets(node):
                info.constants.setdefault(name, []).append(value)
    return info


def _index_class(node: ast.ClassDef, module: ModuleInfo) -> ClassInfo:
    info = ClassInfo(node.name, node, weakref.ref(module))
    for statement in _walk_statements(node.body):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            info.methods[statement.name] = statement
            for inner in _walk_statements(statement.body):
                for target, value in assignment_pairs(inner):
                    if (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                    ):
                        info.instance.setdefault(target.attr, []).append((value, statement))
        elif isinstance(statement, ast.ClassDef):
            info.classes[statement.name] = _index_class(statement, module)
        else:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                if not _names_class_var(statement.annotation):
                    info.fields.append(statement.target.id)
            for target, value in assignment_pairs(statement):
                if isinstance(target, ast.Name):
                    info.attributes.setdefault(target.id, []).append(value)
    return info


def _names_class_var(annotation: ast.expr) -> bool:
    """``ClassVar[...]``, ``typing.ClassVar``, or a string annotation that names it."""
    return any(
        getattr(node, "id", None) == "ClassVar" or getattr(node, "attr", None) == "ClassVar"
        or (isinstance(node, ast.Constant) and isinstance(node.value, str) and "ClassVar" in node.value)
        for node in ast.walk(annotation)
    )  # fmt: skip


def source_path(filename: str) -> Path | None:
    """The checked file's absolute path (not resolved through links: that costs a stat per component)."""
    if not filename or filename in ("-", "stdin"):
        return None
    return _absolute(filename, os.getcwd())


@lru_cache(maxsize=1024)  # asked several times per checked file; a Path costs more to make than to look up
def _absolute(filename: str, folder: str) -> Path:
    return Path(os.path.normpath(os.path.join(folder, filename)))


def nested_functions(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.FunctionDef]:
    """The functions defined in a function's own body, by name (the last definition of a name wins)."""
    return {
        node.name: node for node in _walk_statements(function.body)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }  # fmt: skip


def returned_values(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr]:
    """The expressions a function returns (not those of the functions nested in it)."""
    return [node.value for node in _walk_statements(function.body) if isinstance(node, ast.Return) and node.value]


def parse(source: str | bytes, filename: str = "<unknown>", mode: str = "exec") -> ast.AST:
    """``ast.parse``, quiet: the warnings Python gives about someone else's code (an invalid escape in a
    regex, on 3.12) are theirs to see when they run it, not ours to print for code we only read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(source, filename=filename, mode=mode)


@contextmanager
def reading_modules() -> Iterator[None]:
    """Fewer garbage collections while a check reads other modules: each parse makes thousands of nodes
    that live on (in the tree cache), and at CPython's default every 700 new objects start a collection
    that walks them again, and every hundredth may walk the whole heap, flake8's included. Collections come
    ten times less often meanwhile (as mypy has them for its whole run); the setting is put back after,
    and a collector the user turned off (a threshold of 0) is left so."""
    threshold = gc.get_threshold()
    if 0 < threshold[0] < YOUNG_COLLECTION_EVERY:
        gc.set_threshold(YOUNG_COLLECTION_EVERY, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


@lru_cache(maxsize=4096)
def module_file(module: str, start: Path) -> Path | None:
    """The project file that defines ``module``, looked for beside the importing file and a few folders above."""
    if not module:
        return None
    relative = os.path.join(*module.split("."))
    folder = str(start)
    for _ in range(6):  # the file's folder and its ancestors: where a project's top-level packages sit
        for candidate in (os.path.join(folder, relative + ".py"), os.path.join(folder, relative, "__init__.py")):
            if os.path.isfile(candidate):
                return Path(candidate)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return None


@lru_cache(maxsize=128)  # sibling modules parsed for their constants and helpers; bounded, as trees are large
def _load(path: str, mtime: float) -> ModuleInfo | None:
    try:
        with open(path, "rb") as handle:
            source = handle.read(MAX_MODULE_BYTES + 1)
        if len(source) > MAX_MODULE_BYTES:
            return None
        return index_module(parse(source, path), Path(path))
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None


# A run over a project ends with up to 128 trees in the cache, and the interpreter's last collections would walk
# them all, pass after pass, before freeing them: released first, they go by reference count alone.
atexit.register(_load.cache_clear)


def load_module(path: str | Path) -> ModuleInfo | None:
    key = os.fspath(path)
    module = memo.held(key)  # read for this check already: not looked at on disk again
    if module is not None:
        return module  # type: ignore[return-value]
    try:
        mtime = os.stat(key).st_mtime
    except OSError:
        return None
    module = _load(key, mtime)
    if module is not None:
        memo.hold(key, module)  # past the tree cache's bound, until the check ends: its classes may still be in use
    return module


def imported_module(imp: Import) -> ModuleInfo | None:
    """The project module an import refers to (for ``from x import name``: x itself), if it is in the project."""
    if imp.source_dir is None:
        return None
    path = module_file(imp.module, imp.source_dir)
    return load_module(path) if path else None


def submodule(imp: Import) -> ModuleInfo | None:
    """For ``from package import name`` where name is itself a module of the project."""
    if imp.source_dir is None or imp.name is None:
        return None
    path = module_file(f"{imp.module}.{imp.name}" if imp.module else imp.name, imp.source_dir)
    return load_module(path) if path else None
