"""What the finder keeps only while it checks one file: results per function node, and the modules it read.

Nothing here outlives a check (a file's, or one module's read as another's sender): the entries hold syntax
trees, and a run over a whole project must not hold them all.
"""
from __future__ import annotations

import ast
from typing import Callable

_CACHES: list[dict] = []
# The modules read for the current check, by path. A class holds its module weakly (``project.ClassInfo``), so
# what the finder holds for a check (a class met in one module, its module since dropped from the tree cache)
# keeps its module alive only through this.
_HELD: dict[str, object] = {}


def node_cache() -> dict[int, tuple[ast.AST, object]]:
    """A cache of what is computed once per function (or module) node, emptied when a check ends."""
    cache: dict[int, tuple[ast.AST, object]] = {}
    _CACHES.append(cache)
    return cache


def per_function(cache: dict, function: ast.AST, compute: Callable):
    """``compute(function)``, once however many frames read it (frames are made per lookup).

    The cache holds the node itself, so its id cannot be reused by another node while the entry lives.
    """
    cached = cache.get(id(function))
    if cached is None or cached[0] is not function:
        cached = (function, compute(function))
        cache[id(function)] = cached
    return cached[1]


def hold(path: str, module: object) -> None:
    _HELD[path] = module


def held(path: str) -> object | None:
    """The module at ``path`` if the current check read it already."""
    return _HELD.get(path)


def held_paths() -> list[str]:
    """The paths of the modules read for the current check, in the order first read."""
    return list(_HELD)


def end_check(unless_fewer_than: int = 0) -> None:
    """The end of a check: the modules it read may go (as far as the tree cache lets them), and the caches
    per function are emptied, or only once they hold ``unless_fewer_than`` entries (a check that reads many
    modules as senders keeps them for the next ones)."""
    _HELD.clear()
    if unless_fewer_than and sum(map(len, _CACHES)) < unless_fewer_than:
        return
    for cache in _CACHES:
        cache.clear()
