"""Which assignments of a function's local names reach a given use of them (reaching definitions).

A name's value at a call is what was assigned to it before that call on some path, never a later
assignment: ``url = TOKEN_URL; post(url); ...; url = f"{BASE}/users/me"`` sends the token URL first. The
reading is structural, on the AST, with no control-flow graph: an assignment in a block that encloses the use
(the same body, or one the use is nested in) replaces the assignments before it; assignments in other
branches, ``try`` handlers or earlier loop iterations all may reach.
"""
from __future__ import annotations

import ast
from typing import Iterator, Union

from .syntax import child_nodes, walk

# ((if-test, taken when true?), ...) around a statement, so a caller's argument can pick a branch.
Conditions = tuple
# The blocks that enclose a statement, outermost first: (id of the compound statement, field, is a loop body).
Path = tuple
Position = tuple  # (line, column)

_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def assignment_pairs(node: ast.stmt) -> list[tuple[ast.expr, ast.expr]]:
    """(target, value) pairs of an assignment statement; tuple unpacking pairs element-wise."""
    if isinstance(node, ast.Assign):
        pairs = []
        for target in node.targets:
            if isinstance(target, (ast.Tuple, ast.List)) and isinstance(node.value, (ast.Tuple, ast.List)):
                pairs.extend(zip(target.elts, node.value.elts))
            else:
                pairs.append((target, node.value))
        return pairs
    if isinstance(node, ast.AnnAssign) and node.value is not None:
        return [(node.target, node.value)]
    return []


Loop = Union[ast.For, ast.AsyncFor, ast.comprehension]  # a statement or a comprehension's ``for``: target, iter
LOOPS = (ast.For, ast.AsyncFor, ast.comprehension)


class Unpacked:
    """One name of a loop's tuple target: ``path`` in ``for path, entity in ENDPOINTS``."""

    def __init__(self, loop: Loop, index: int) -> None:
        self.loop = loop
        self.index = index


def loop_targets(node: Loop, effect: Position) -> Iterator[tuple[str, ast.AST, Position]]:
    """The names a ``for`` binds: the loop itself for a plain name, an ``Unpacked`` per name of a tuple."""
    if isinstance(node.target, ast.Name):
        yield node.target.id, node, effect
    elif isinstance(node.target, (ast.Tuple, ast.List)):
        for index, element in enumerate(node.target.elts):
            if isinstance(element, ast.Name):
                yield element.id, Unpacked(node, index), effect  # type: ignore[misc]


# Nested statements are their own; names, constants and the like are leaves (most of a statement's children).
_HOLDS_NO_COMPREHENSION = (ast.stmt, ast.Name, ast.Constant, ast.arguments, ast.alias)


def comprehension_targets(node: ast.stmt) -> Iterator[tuple[str, ast.AST, Position]]:
    """The names the comprehensions in a statement's own expressions bind (``[d.save() for d in records]``),
    each to its ``for`` clause like a loop's; nested statements are their own."""
    for child in child_nodes(node):
        if isinstance(child, _HOLDS_NO_COMPREHENSION):
            continue
        for expr in walk(child):  # an expression holds no statement: walked whole
            if isinstance(expr, ast.comprehension):
                yield from loop_targets(expr, (expr.iter.end_lineno or 0, expr.iter.end_col_offset or 0))


def _bound(node: ast.stmt) -> Iterator[tuple[str, ast.AST, Position]]:
    """The local names a statement binds, with what each is bound to and where the binding takes effect."""
    yield from comprehension_targets(node)
    end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
    for target, value in assignment_pairs(node):
        if isinstance(target, ast.Name):
            yield target.id, value, end
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
        yield node.target.id, node, end
    elif isinstance(node, (ast.For, ast.AsyncFor)):
        yield from loop_targets(node, (node.iter.end_lineno or node.lineno, node.iter.end_col_offset or 0))
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        for item in node.items:
            if isinstance(item.optional_vars, ast.Name):
                expr = item.context_expr
                yield item.optional_vars.id, expr, (expr.end_lineno or node.lineno, expr.end_col_offset or 0)


def _blocks(node: ast.stmt) -> Iterator[tuple[list[ast.stmt], tuple, Conditions]]:
    """The statement lists nested in a compound statement: (body, its path element, the test that guards it)."""
    if isinstance(node, ast.If):
        yield node.body, (id(node), "body", False), ((node.test, True),)
        yield node.orelse, (id(node), "orelse", False), ((node.test, False),)
        return
    for field in ("body", "orelse", "finalbody"):
        children = getattr(node, field, None)
        if isinstance(children, list) and children and isinstance(children[0], ast.stmt):
            yield children, (id(node), field, field == "body" and isinstance(node, _LOOPS)), ()
    for handler in getattr(node, "handlers", None) or ():
        yield handler.body, (id(handler), "body", False), ()
    for case in getattr(node, "cases", None) or ():  # match statements (3.10+)
        yield case.body, (id(case), "body", False), ()


def _ends(body: list[ast.stmt]) -> bool:
    """Whether a block always leaves the function (its last statement returns or raises, on every branch)."""
    last = body[-1] if body else None
    if isinstance(last, ast.If):
        return _ends(last.body) and _ends(last.orelse)
    return isinstance(last, (ast.Return, ast.Raise))


def _guards_after(node: ast.If) -> Conditions:
    """The tests the statements after an ``if`` run under when one of its branches returns or raises
    (``if verb == "post": return requests.post(url)`` ... ``return requests.get(url)``), ``elif``s included."""
    body_ends, else_ends = _ends(node.body), _ends(node.orelse)
    if body_ends and not else_ends:
        chained = node.orelse[0] if len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If) else None
        return ((node.test, False), *(_guards_after(chained) if chained else ()))
    if else_ends and not body_ends:
        return ((node.test, True),)
    return ()


class LocalFlow:
    """A function's local bindings, the ``if`` tests each depends on, and which reach a use."""

    def __init__(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.bindings: dict[str, list[ast.AST]] = {}
        self.conditions: dict[int, Conditions] = {}
        self._where: dict[int, tuple[Position, Path]] = {}  # binding id -> where it takes effect, its blocks
        self._statements: list[tuple[Position, Position, Path, Conditions]] = []
        self._reaching: dict[tuple[str, int], list[ast.AST]] = {}
        self._guards: dict[int, Conditions] = {}  # node id -> guards (the function holds its nodes)
        given = function.args
        self._parameters = {
            a.arg for a in (*given.posonlyargs, *given.args, *given.kwonlyargs, given.vararg, given.kwarg) if a
        }  # fmt: skip
        self._walk(function.body, (), ())

    def _walk(self, body: list[ast.stmt], path: Path, conditions: Conditions) -> None:
        for node in body:
            start = (node.lineno, node.col_offset)
            end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
            self._statements.append((start, end, path, conditions))
            for name, value, effect in _bound(node):
                self.bindings.setdefault(name, []).append(value)
                self._where[id(value)] = (effect, path)
                if conditions:
                    self.conditions[id(value)] = conditions
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for children, element, guard in _blocks(node):
                self._walk(children, (*path, element), (*conditions, *guard))
            if isinstance(node, ast.If):
                conditions = (*conditions, *_guards_after(node))

    def _innermost(self, node: ast.AST) -> tuple[Path, Conditions] | None:
        """The blocks around the innermost statement that contains a node, and the tests that guard it."""
        position = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        best: tuple[Path, Conditions] | None = None
        for start, end, path, conditions in self._statements:
            if start <= position < end and (best is None or len(path) >= len(best[0])):
                best = (path, conditions)
        return best

    def _path_of(self, use: ast.AST) -> Path | None:
        found = self._innermost(use)
        return found[0] if found else None

    def guards(self, node: ast.AST) -> Conditions:
        """The ``if`` tests a node of this function runs under (a request sent in one branch of a dispatch on
        the verb: ``if method == "POST": requests.post(...)``)."""
        guards = self._guards.get(id(node))
        if guards is None:  # asked for each call of every reading of the function
            found = self._innermost(node)
            guards = self._guards[id(node)] = found[1] if found else ()
        return guards

    def reaching(self, name: str, use: ast.AST | None) -> list[ast.AST]:
        """The bindings of ``name`` that may hold its value at ``use``; all of them when the use is not in
        this function's body (a binding read for itself, a node of another tree)."""
        every = self.bindings.get(name, [])
        if use is None or (len(every) < 2 and name not in self._parameters):  # a parameter holds a value before
            return every
        key = (name, id(use))
        if key not in self._reaching:
            self._reaching[key] = self._compute(every, use)
        return self._reaching[key]

    def encloses(self, binding: ast.AST, other: ast.AST) -> bool:
        """Whether ``binding`` is in a block around ``other`` (both bindings of this function): it runs
        whenever ``other`` does, short of a return or raise between them."""
        outer, inner = self._where[id(binding)][1], self._where[id(other)][1]
        return inner[: len(outer)] == outer

    def entry_reaches(self, name: str, use: ast.AST | None) -> bool:
        """Whether a parameter may still hold the value it was called with at ``use``: no assignment before the
        use, in a block that encloses it, replaced it (``if base is None: base = DEFAULT`` may not run)."""
        use_path = self._path_of(use) if use is not None else None
        if use_path is None:
            return True
        at = (use.lineno, use.col_offset)  # type: ignore[attr-defined]
        for binding in self.bindings.get(name, ()):
            effect, path = self._where[id(binding)]
            if effect <= at and use_path[: len(path)] == path:  # "url += x" too: it reads the value itself
                return False
        return True

    def _compute(self, every: list[ast.AST], use: ast.AST) -> list[ast.AST]:
        use_path = self._path_of(use)
        if use_path is None:
            return every
        at = (use.lineno, use.col_offset)
        loops = {element for element in use_path if element[2]}
        before = [b for b in every if self._where[id(b)][0] <= at]
        # A later iteration of a loop around the use sees the assignments further down in that loop.
        carried = [b for b in every if self._where[id(b)][0] > at and loops.intersection(self._where[id(b)][1])]
        kept = []
        # A later binding in a block around the use replaces the earlier ones; "url += x" too, as it reads
        # them itself (its value is what reached it, extended).
        for index, binding in enumerate(before):
            replaced = any(
                use_path[: len(self._where[id(later)][1])] == self._where[id(later)][1]
                for later in before[index + 1 :]
            )
            if not replaced:
                kept.append(binding)
        return kept + carried
