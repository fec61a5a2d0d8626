"""Find: the Pipedrive API calls of one module, as ``ApiCall`` values (never judged here)."""
from __future__ import annotations

import ast
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import memo, project
from .project import source_path
from .sdks import sdk_modules

if TYPE_CHECKING:
    from ..model import ApiCall
    from .calls import IsFixed

# A module can talk to Pipedrive only if it names it, holds an OAuth api_domain, names an SDK's
# module, or imports something from a project module that does.
_MENTIONS = ("pipedrive", "api_domain")
# Imports of the standard library are not followed by the pre-filter: a project module that
# shadows one (a local "secrets.py") is rare, and following them all costs every file a few stats.
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ()))


def mentions_pipedrive(source: str) -> bool:
    lowered = source.lower()  # ~20 us for a 100 kB module; a case-insensitive regex takes ten times that
    return any(word in lowered for word in _MENTIONS) or any(module in lowered for module in sdk_modules())


@lru_cache(maxsize=4096)
def _file_mentions(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return mentions_pipedrive(handle.read(project.MAX_MODULE_BYTES).decode("utf-8", "replace"))
    except OSError:
        return False


def _imports_pipedrive(statements: list[ast.stmt], path: Path) -> bool:
    """Whether a module's top-level imports take something from a project module that names Pipedrive (a
    base URL, a client, a helper)."""
    for node in statements:
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        for _, imp in project.imported(node, path):
            if imp.source_dir is None or (imp.level == 0 and imp.module.split(".")[0] in _STDLIB):
                continue
            names = [imp.module] + ([f"{imp.module}.{imp.name}" if imp.module else imp.name] if imp.name else [])
            for name in names:
                found = project.module_file(name, imp.source_dir)
                if found is not None and _file_mentions(found):
                    return True
    return False


def is_candidate(source: str, tree: ast.Module, filename: str) -> bool:
    """Cheap test run on every file: could this module send anything to Pipedrive?"""
    if mentions_pipedrive(source):
        return True
    path = source_path(filename)
    return path is not None and _imports_pipedrive(tree.body, path)


# Import statements, found in text: a parenthesised list may span lines.
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+[.\w]+[ \t]+import[ \t]+(?:\([^)]*\)|[^\n]*)|import[ \t]+[^\n]*)", re.M)


def import_statements(source: str) -> str:
    """A module's import statements, found in its text, one per line."""
    return "\n".join(match.group(0).strip().split("#", 1)[0] for match in _IMPORT.finditer(source))


# Verdicts on files that do not name Pipedrive, by absolute path and text: ``pdscopes`` asks for every file it
# reads, and the project index again for every file of the project.
_VERDICTS: dict[tuple[str, int, int], bool] = {}


def may_talk_to_pipedrive(source: str, filename: str) -> bool:
    """The pre-filter for a file not parsed yet (``pdscopes`` over a monorepo): its text, and its import
    statements alone parsed, so a file that cannot matter is never parsed whole."""
    if mentions_pipedrive(source):
        return True
    path = source_path(filename)
    if path is None:
        return False
    key = (str(path), len(source), hash(source))
    if key not in _VERDICTS:
        try:
            _VERDICTS[key] = _imports_pipedrive(project.parse(import_statements(source)).body, path)
        except (SyntaxError, ValueError):
            _VERDICTS[key] = True  # an import this reading cannot take apart: let the whole file's parse decide
    return _VERDICTS[key]


def find_calls(tree: ast.Module, filename: str, is_fixed: IsFixed, saved: bool = False) -> list[ApiCall]:
    """Every Pipedrive API call whose endpoint is fixed in a module: the requests it sends, and those other
    modules of its project send for endpoints written here. ``is_fixed`` tells whether a holed URL already
    names an endpoint; ``saved``: the tree is the file as saved (not an editor's unsaved buffer), so the project
    index, which reads files from disk, may answer for it."""
    from .index import index_for

    path = source_path(filename)
    index = index_for(filename) if path is not None and os.path.isfile(path) else None

    @lru_cache(maxsize=None)  # a file the cache answers for is never indexed
    def module() -> project.ModuleInfo:
        return project.index_module(tree, path)

    def local() -> tuple[list[ApiCall], bool]:
        # The analysis proper is imported by the first module the cache cannot answer for: a run over code
        # that never talks to Pipedrive, or one answered from a warm cache, does not pay for importing it.
        from .calls import Finder

        finder = Finder(module(), is_fixed, index)
        return finder.calls(), finder.defers

    memo.end_check()  # what was read outside a check (a script, a test) is not taken as read for this one
    try:
        with project.reading_modules():
            if index is None:
                return _unique([call for call in local()[0] if call.file is None])
            return _unique(index.calls_fixed_in(str(path), module, local, saved))
    finally:
        memo.end_check()  # no tree outlives its file's check


def _unique(calls: list[ApiCall]) -> list[ApiCall]:
    """One call per place, method and URLs, in the order of the file (all of this module: ``file`` is None)."""
    unique = {(c.line, c.col, c.method, c.urls): c for c in calls}
    return sorted(unique.values(), key=lambda c: (c.line, c.col, c.method or "", c.urls))
