"""Walks over syntax trees, the finder's most repeated work: a module's tree is walked once while it lives.

``ast.iter_child_nodes`` goes through two generators per node, yields the load/store contexts and the
operators (leaves that hold nothing: a third of a module's nodes) and looks into every field; the walks here
skip those leaves and the fields that only ever hold names and numbers.
"""
from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass, field
from typing import Iterator, Union

Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]  # an alias evaluated at run time: no "|" before 3.10

_LEAF_FIELDS = frozenset(
    {"ctx", "op", "ops", "id", "attr", "arg", "module", "level", "kind", "type_comment", "conversion", "is_async",
     "simple"}
)  # fmt: skip
_FIELDS: dict[type, tuple[str, ...]] = {}


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """The nodes directly under ``node``, in the order of the text, contexts and operators left out."""
    kind = node.__class__
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(name for name in kind._fields if name not in _LEAF_FIELDS)
    found: list[ast.AST] = []
    for name in fields:
        value = getattr(node, name, None)
        if value.__class__ is list:
            found += [item for item in value if isinstance(item, ast.AST)]
        elif isinstance(value, ast.AST):
            found.append(value)
    return found


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """``node`` and every node under it, in ``ast.walk``'s order (breadth first)."""
    todo = deque([node])
    while todo:
        node = todo.popleft()
        todo.extend(child_nodes(node))
        yield node


@dataclass
class TreeFacts:
    """What the finder reads off a whole tree, from one walk."""

    # The calls made directly in the module and in each function (not in lambdas or class bodies, which
    # send nothing worth reporting), by the id of the module or function node, in the order they start. The
    # root's entry holds no node: the facts are kept on the root, and a tree in a cycle waits for the garbage
    # collector's full pass instead of going when its last user lets go.
    scopes: dict[int, tuple[ast.AST | None, list[ast.Call]]] = field(default_factory=dict)
    # Every call and every assignment, with the function it is in (None at module or class level), in the
    # order of the text.
    calls: list[tuple[ast.Call, Function | None]] = field(default_factory=list)
    assignments: list[tuple[ast.Assign, Function | None]] = field(default_factory=list)
    # The function each function defined inside another is nested in, by the id of the inner one (a method of a
    # class defined in a function is nested in that function: it reads its names).
    enclosing: dict[int, Function] = field(default_factory=dict)


def facts(tree: ast.AST) -> TreeFacts:
    """The facts of a tree (a module, or a function whose module is not known), walked once while the tree
    lives: kept on the tree itself, as pyflakes keeps its parents, so a module that every checked file reaches
    through a helper (a project's ``utils``) is not walked again for each."""
    found = getattr(tree, "_pdscopes_facts", None)
    if found is None:
        found = _walk_facts(tree)
        tree._pdscopes_facts = found  # type: ignore[attr-defined]
    return found


def _walk_facts(tree: ast.AST) -> TreeFacts:
    result = TreeFacts()
    own: list[ast.Call] = []
    result.scopes[id(tree)] = (None, own)
    function = tree if isinstance(tree, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
    # Depth first, children pushed in reverse: nodes are met in the order of the text.
    stack: list[tuple[ast.AST, Function | None, list[ast.Call] | None]] = [(tree, function, own)]
    while stack:
        node, function, calls = stack.pop()
        if node.__class__ is ast.Call:
            result.calls.append((node, function))  # type: ignore[arg-type]
            if calls is not None:
                calls.append(node)  # type: ignore[arg-type]
        elif node.__class__ is ast.Assign:
            result.assignments.append((node, function))  # type: ignore[arg-type]
        for child in reversed(child_nodes(node)):
            kind = child.__class__
            if kind is ast.Name or kind is ast.Constant:  # most of a tree, and nothing under them
                continue
            if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                if function is not None:
                    result.enclosing[id(child)] = function
                stack.append((child, child, result.scopes.setdefault(id(child), (child, []))[1]))
            elif kind is ast.ClassDef or kind is ast.Lambda:
                stack.append((child, function, None))
            else:
                stack.append((child, function, calls))
    for _, calls in result.scopes.values():
        calls.sort(key=lambda call: (call.lineno, call.col_offset))  # a call's callee may be a call: f(a)(b)
    return result
