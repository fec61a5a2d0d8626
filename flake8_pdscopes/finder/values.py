"""The evaluator: what the expressions that build URLs and HTTP clients hold, as texts (``text``) and as
objects (``objects``), followed through names, attributes, calls, constructors and the project index.
Evaluation is bounded in depth and steps; past a bound a value becomes a hole.
"""
from __future__ import annotations

import ast
import re
import string
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ..urls import HOLE
from . import project
from .http import BASE_ARGUMENT, CLIENTS, MOCK_FIXTURES, MOCK_MODULES, MOCK_OBJECTS
from .flow import LOOPS, Unpacked
from .memo import node_cache, per_function
from .objects import (
    MOCK, Construction, Frame, Kind, Target, args_map, argument, defaults, is_none, is_property, is_static, own_names,
    parameter_annotation, parameters, sdk_call_kind, sdk_kind,
)  # fmt: skip
from .origins import Origin, first_origin, plain
from .project import ClassInfo, ModuleInfo
from .sdks import client_sdks, model_sdks, sdk_constants, sdk_modules
from .syntax import Function, facts, walk
from .text import (
    ABSTRACT, ITEMS, MAX_ALTERNATIVES, MAX_LENGTH, NONE, PARAM, UNKNOWN, Text, concat, join_texts, marked,
    named_value, urljoin,
)  # fmt: skip

if TYPE_CHECKING:
    from .index import ProjectIndex

MAX_DEPTH = 48
MAX_REEXPORTS = 4  # "from .a import X" where a itself imports X: followed this many times
# str methods whose result is still the same text for a URL's purposes, read value by value.
_STRING_METHODS = frozenset(
    {"strip", "lstrip", "rstrip", "upper", "lower", "casefold"}
    | ({"removeprefix", "removesuffix"} if hasattr(str, "removeprefix") else set())
)
_MAPPING_TYPES = frozenset({"dict", "defaultdict", "OrderedDict", "Counter"})


_PERCENT = re.compile(r"%(?:\(([^)]*)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdirfxXeEgGc%]")


_RETURNS = node_cache()  # what a project function returns
_NESTED = node_cache()  # per function: the functions defined in its body
_ADDED = node_cache()  # per module tree: entries added to its dicts
MAX_STEPS = 100_000  # per file: past it every further value is unknown (bounds pathological inputs)


class Evaluator:
    def __init__(self, index: ProjectIndex | None = None) -> None:
        self.index = index  # the project's constructor summaries; None reads one module and its imports
        self._depth = 0
        self._steps = 0
        self._active: set[tuple] = set()
        self._constants: dict[tuple[int, str], Text] = {}
        self._returns: dict[tuple, tuple] = {}  # what a project function returns, per arguments
        self._lineages: dict[int, tuple[ClassInfo, list[ClassInfo]]] = {}
        self._storing: dict[tuple, tuple[tuple, Frame]] = {}
        self._tests: dict[tuple[int, int], tuple[Frame, bool | None]] = {}

    # -- names -------------------------------------------------------------------------------------
    def qualname(self, expr: ast.expr, frame: Frame) -> str | None:
        """The dotted name an expression refers to through the module's imports (``s.get`` is not one)."""
        if isinstance(expr, ast.Name):
            if expr.id in frame.bindings or expr.id in frame.locals:
                return None
            imp = frame.imports.get(expr.id)
            if imp is None:
                return None
            return f"{imp.module}.{imp.name}" if imp.name else imp.module
        if isinstance(expr, ast.Attribute):
            base = self.qualname(expr.value, frame)
            return f"{base}.{expr.attr}" if base else None
        return None

    def assigned(self, name: ast.Name, frame: Frame) -> list[tuple[ast.AST, Frame]]:
        """What a name may be bound to where it is read: its reaching local bindings, else the module's."""
        if name.id in frame.bindings:
            return []
        if name.id in frame.locals:
            return [(binding, frame) for binding in frame.reaching(name)]
        return [(binding, Frame(frame.module)) for binding in frame.module.constants.get(name.id, ())]

    def project_class(self, name: str, module: ModuleInfo, seen: int = 0) -> ClassInfo | None:
        if name in module.classes:
            return module.classes[name]
        imp = module.imports.get(name)
        if imp is None or imp.name is None or seen > 4:
            return None
        other = project.imported_module(imp)
        return self.project_class(imp.name, other, seen + 1) if other else None

    def class_of(self, expr: ast.expr, frame: Frame) -> ClassInfo | None:
        """The project class an expression names (``Client``, ``api.Client`` for an imported module, and a
        class nested in one: ``cls.Meta``, looked up through the lineage, so a subclass's own ``Meta`` wins)."""
        if isinstance(expr, ast.Name):
            return self.project_class(expr.id, frame.module)
        if isinstance(expr, ast.Attribute):
            owner = expr.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and frame.self_class is not None:
                outer = frame.self_class
            else:
                module = self.module_of(owner, frame)
                if module is not None:
                    return module.classes.get(expr.attr)
                outer = self.class_of(owner, frame)
            if outer is not None:
                return next((k.classes[expr.attr] for k in self.mro(outer) if expr.attr in k.classes), None)
        return None

    def _from_project(self, expr: ast.expr, frame: Frame) -> bool:
        """Whether a dotted name comes from an import of the project's own module (a project may have a
        package called ``pipedrive``: its classes are not an SDK's)."""
        while isinstance(expr, ast.Attribute):
            expr = expr.value
        imp = frame.imports.get(expr.id) if isinstance(expr, ast.Name) else None
        return imp is not None and project.imported_module(imp) is not None

    def module_of(self, expr: ast.expr, frame: Frame) -> ModuleInfo | None:
        """The project module a name refers to (``import myapp.api as api``; ``from myapp import api``)."""
        if not isinstance(expr, ast.Name) or expr.id in frame.locals or expr.id in frame.bindings:
            return None
        imp = frame.imports.get(expr.id)
        if imp is None:
            return None
        if imp.name is None:
            return project.imported_module(imp)
        return project.submodule(imp)

    def project_function(self, func: ast.expr, frame: Frame) -> Target | None:
        """The project's own function or method a call targets, with where it is defined."""
        if isinstance(func, ast.Name):
            if func.id in frame.locals or func.id in frame.bindings:
                return None
            scope: Frame | None = frame
            while scope is not None and scope.function is not None:  # a function defined in this one, or around it
                nested = per_function(_NESTED, scope.function, project.nested_functions).get(func.id)
                if nested is not None:
                    return Target(nested, None, False, frame.module)
                scope = self._enclosing_frame(scope)
            if func.id in frame.module.functions:
                return Target(frame.module.functions[func.id], None, False, frame.module)
            imp = frame.imports.get(func.id)
            if imp is not None and imp.name is not None:
                other = project.imported_module(imp)
                if other is not None and imp.name in other.functions:
                    return Target(other.functions[imp.name], None, False, other)
            return None
        if not isinstance(func, ast.Attribute):
            return None
        owner = func.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and frame.self_class is not None:
            return self.method_target(frame.self_class, func.attr, bound=True, made=frame.made)
        if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
            if frame.self_class is None:
                return None
            return self.method_target(frame.self_class, func.attr, bound=True, skip_own=True, made=frame.made)
        module = self.module_of(owner, frame)
        if module is not None and func.attr in module.functions:
            return Target(module.functions[func.attr], None, False, module)
        cls = self.class_of(owner, frame)
        return self.method_target(cls, func.attr, bound=False) if cls is not None else None

    def method_target(
        self, cls: ClassInfo, name: str, bound: bool, skip_own: bool = False, made: Construction | None = None
    ) -> Target | None:
        for known in self.mro(cls)[1 if skip_own else 0 :]:
            if name in known.methods:
                return Target(known.methods[name], cls, bound, known.module, made)
        return None

    def partial_method(self, cls: ClassInfo, name: str) -> ast.Call | None:
        """The ``functools.partialmethod(method, "GET")`` a class attribute is bound to (``get =
        partialmethod(request, "GET")``) when it names a method and fixes only literal arguments: those are
        read where the attribute is called."""
        for known in self.mro(cls):
            values = known.attributes.get(name)
            if values is None:
                continue
            value = values[0] if len(values) == 1 else None
            if (
                isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Name)
                and self.qualname(value.func, Frame(known.module)) == "functools.partialmethod"
                and all(isinstance(a, ast.Constant) for a in (*value.args[1:], *(k.value for k in value.keywords)))
            ):  # fmt: skip
                return value
            return None
        return None

    def bind(self, call: ast.Call, target: Target, frame: Frame) -> dict[str, Text]:
        """The target's parameters as this call gives them (or their defaults; unknown past a ``*args``)."""
        function, cls, bound, module = target.function, target.cls, target.bound, target.module
        names = [a.arg for a in parameters(function)]
        positional = [*function.args.posonlyargs, *function.args.args]
        if bound or (cls is not None and positional and positional[0].arg in ("self", "cls")):
            if positional and not is_static(function):
                names = names[1:]
                positional = positional[1:]
        values: dict[str, Text] = {}
        home = Frame(module)
        for name, expr in defaults(function).items():
            values[name] = self._argument(expr, home)
        starred = False
        for arg, expr in zip(positional, call.args):
            if isinstance(expr, ast.Starred):
                starred = True
            if starred:
                break
            values[arg.arg] = self._argument(expr, frame)
        for keyword in call.keywords:
            if keyword.arg in names:
                values[keyword.arg] = self._argument(keyword.value, frame)
        bound_names = {name: values.get(name, UNKNOWN) for name in names}
        extra = call.args[len(positional) :]
        if function.args.vararg and not starred and not any(isinstance(e, ast.Starred) for e in extra):
            # What *args receives, as one text: only "sep".join(args) reads it (the name itself is unknown).
            bound_names[f"*{function.args.vararg.arg}"] = join_texts(ITEMS, [self._argument(e, frame) for e in extra])
        return bound_names

    def _argument(self, expr: ast.expr, frame: Frame) -> Text:
        """What a parameter holds when given ``expr`` (None: no text, not an unknown one)."""
        return NONE if is_none(expr) else self.text(expr, frame)

    def _returned(self, what: str, call: ast.Call, frame: Frame, read):
        """What a call of the project's own function returns (``url("deals")``, ``make_session()``): ``read``
        of each of its ``return`` expressions with the call's arguments bound, once per function and
        arguments; None when the callee is not the project's or returns nothing."""
        target = self.project_function(call.func, frame)
        if target is None:
            return None
        returns = per_function(_RETURNS, target.function, project.returned_values)
        if not returns:
            return None
        bindings = self.bind(call, target, frame)
        key = (
            what, id(target.function), id(target.cls.node) if target.cls else 0,
            id(target.made.call) if target.made else 0, *sorted(bindings.items()),
        )  # fmt: skip
        cached = self._returns.get(key)
        if cached is None or cached[0] is not target.function:  # holding the node keeps its id from reuse
            inner = Frame(target.module, target.function, bindings, target.cls, target.made)
            cached = (target.function, read([value for value in returns if self.runs(value, inner)], inner))
            self._returns[key] = cached
        return cached[1]

    def mro(self, cls: ClassInfo) -> list[ClassInfo]:
        """The class and its project ancestors, depth first; cycles and depth are bounded. Asked for every
        attribute read: made once per class (the entry holds the class, so its id is not reused)."""
        known = self._lineages.get(id(cls))
        if known is None or known[0] is not cls:
            # Asked again while it is made (``class A(A.Base)`` names its own nested class): the class alone.
            self._lineages[id(cls)] = (cls, [cls])
            known = self._lineages[id(cls)] = (cls, self._lineage(cls))
        return known[1]

    def _lineage(self, cls: ClassInfo) -> list[ClassInfo]:
        order: list[ClassInfo] = []
        stack = [cls]
        while stack and len(order) < 24:
            current = stack.pop(0)
            if any(current.node is known.node for known in order):
                continue
            order.append(current)
            frame = Frame(current.module)
            stack.extend(base for base in map(lambda b: self.class_of(b, frame), current.node.bases) if base)
        return order

    def external_bases(self, cls: ClassInfo) -> list[str]:
        """Qualified names of the non-project classes a project class derives from."""
        names = []
        for known in self.mro(cls):
            frame = Frame(known.module)
            for base in known.node.bases:
                qual = self.qualname(base, frame)
                if qual:
                    names.append(qual)
        return names

    # -- guarded recursion ---------------------------------------------------------------------------
    def _enter(self, key: tuple) -> bool:
        self._steps += 1
        if key in self._active or self._depth >= MAX_DEPTH or self._steps > MAX_STEPS:
            return False
        self._active.add(key)
        self._depth += 1
        return True

    def _leave(self, key: tuple) -> None:
        self._active.discard(key)
        self._depth -= 1

    # -- strings -------------------------------------------------------------------------------------
    def _guarded(self, what: str, compute, expr: ast.AST | None, frame: Frame, fallback):
        """``compute(expr, frame)``, or ``fallback`` when the same question is already being asked further
        up (a cycle) or the depth or step budget is spent."""
        if expr is None:
            return fallback
        key = frame.key(what, expr)
        if not self._enter(key):
            return fallback
        try:
            return compute(expr, frame)
        finally:
            self._leave(key)

    def text(self, expr: ast.AST | None, frame: Frame) -> Text:
        return self._guarded("text", self._text, expr, frame, UNKNOWN)

    def _text(self, expr: ast.AST, frame: Frame) -> Text:
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                return (expr.value,) if len(expr.value) <= MAX_LENGTH else UNKNOWN
            if isinstance(expr.value, (int, float)) and not isinstance(expr.value, bool):
                return (str(expr.value),)
            return UNKNOWN
        if isinstance(expr, ast.JoinedStr):
            return concat(*(self._fstring_part(part, frame) for part in expr.values))
        if isinstance(expr, ast.BinOp):
            if isinstance(expr.op, ast.Add):
                return concat(self.text(expr.left, frame), self.text(expr.right, frame))
            if isinstance(expr.op, ast.Mod):
                return self._percent(expr, frame)
            return UNKNOWN
        if isinstance(expr, ast.IfExp):
            decided = self._condition(expr.test, frame)
            if decided is not None:
                return self.text(expr.body if decided else expr.orelse, frame)
            return self._union([self.text(expr.body, frame), self.text(expr.orelse, frame)])
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            return self._first_true(expr.values, frame)
        if isinstance(expr, ast.Name):
            return self._name(expr.id, frame, use=expr)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, frame)
        if isinstance(expr, ast.Subscript):
            key = expr.slice
            found = self._lookup(expr.value, key, None, frame)
            if found == UNKNOWN and isinstance(key, ast.Constant) and isinstance(key.value, str):
                return named_value(key.value) or UNKNOWN  # os.environ["PIPEDRIVE_DOMAIN"], token["api_domain"]
            return found
        if isinstance(expr, ast.Call):
            return self._call_text(expr, frame)
        if isinstance(expr, LOOPS):
            return self._loop_values(expr.iter, frame)
        if isinstance(expr, Unpacked):
            return self._loop_values(expr.loop.iter, frame, expr.index)
        return UNKNOWN  # an AugAssign is read with its name, in _name

    def _lookup(self, mapping: ast.expr, key_expr: ast.expr, default: ast.expr | None, frame: Frame) -> Text:
        """``ENDPOINTS["deals"]`` or ``ENDPOINTS.get(kind)`` on a dict literal of strings the project defines:
        the value of each key; any value for an unknown key; a parameter's key leaves the choice to each
        caller. Anything else (an empty dict filled at run time, values that are not text) is unknown."""
        found = self._mapping(mapping, frame)
        if found is None or not found[0].keys:
            return UNKNOWN
        literal, home, added = found
        entries: dict[str, Text] = {}
        for key_node, value in [*zip(literal.keys, literal.values), *added]:
            key = self.text(key_node, home) if key_node is not None else UNKNOWN  # None: a **spread
            text = self.text(value, home)
            if len(key) != 1 or HOLE in key[0] or any(HOLE in t for t in text):
                return UNKNOWN
            entries[key[0]] = self._union([entries[key[0]], text]) if key[0] in entries and added else text
        keys = self.text(key_expr, frame)
        if any(PARAM in key for key in keys):
            return (PARAM,)
        values = []
        for key in keys:
            bare = plain(key)  # a key given to a constructor carries where it was written
            if HOLE in bare:
                values += entries.values()
            elif bare in entries:
                # The value is chosen where its key is written: it carries that place (a constructor's argument).
                origin = first_origin(key)
                values.append(tuple(marked(t, origin) for t in entries[bare]) if origin else entries[bare])
            else:
                values.append(self.text(default, frame))
        return self._union(values) if values else UNKNOWN

    def literal(self, expr: ast.expr, frame: Frame) -> tuple[ast.expr, Frame] | None:
        """The dict, list or tuple literal an expression names or a project function returns, and the frame its
        items are read in (a declarative config: ``rest_api_source(make_config())``)."""
        if isinstance(expr, ast.Call):
            found = self._returned("literal", expr, frame, lambda values, inner: [
                (value, inner) for value in values if isinstance(value, (ast.Dict, ast.List, ast.Tuple, ast.Name))
            ])  # fmt: skip
            if not found or len(found) != 1:
                return None
            expr, frame = found[0]
        literal = self._mapping(expr, frame, kinds=(ast.Dict, ast.List, ast.Tuple))
        return literal[:2] if literal is not None else None

    def _mapping(
        self, expr: ast.expr, frame: Frame, hops: int = 0, kinds: tuple[type, ...] = (ast.Dict,)
    ) -> tuple[ast.Dict, Frame, list] | None:
        """The dict literal an expression names (a local, a module constant, a class attribute), the frame its
        entries are read in, and the (key, value) entries the module adds to it elsewhere (``ROUTES["x"] = ...``
        for a module's dict); None unless exactly one literal is bound to it. ``kinds``: the literals taken."""
        if isinstance(expr, kinds):
            return expr, frame, []
        sources: list[tuple[ast.AST, Frame]] = []
        owner: tuple[ModuleInfo, str] | None = None  # the module-level name the dict is bound to
        if isinstance(expr, ast.Name) and expr.id not in frame.bindings:
            if expr.id in frame.locals:
                sources = [(b, frame) for b in frame.reaching(expr)]
            elif expr.id in frame.module.constants:
                sources = [(b, Frame(frame.module)) for b in frame.module.constants[expr.id]]
                owner = (frame.module, expr.id)
            else:
                imp = frame.imports.get(expr.id)
                other = project.imported_module(imp) if imp is not None and imp.name else None
                if other is not None and imp.name in other.constants:
                    sources = [(b, Frame(other)) for b in other.constants[imp.name]]
                    owner = (other, imp.name)
        elif isinstance(expr, ast.Attribute):
            receiver = expr.value
            is_self = isinstance(receiver, ast.Name) and receiver.id in ("self", "cls") and frame.self_class is not None
            cls = frame.self_class if is_self else self.class_of(receiver, frame)
            module = None if cls is not None else self.module_of(receiver, frame)
            if cls is not None:
                known = next((k for k in self.mro(cls) if expr.attr in k.attributes), None)
                if known is not None:
                    sources = [(b, Frame(known.module, self_class=cls)) for b in known.attributes[expr.attr]]
            elif module is not None and expr.attr in module.constants:
                sources = [(b, Frame(module)) for b in module.constants[expr.attr]]
                owner = (module, expr.attr)
        if len(sources) != 1 or hops > MAX_REEXPORTS:
            return None
        source, home = sources[0]
        if isinstance(source, kinds):
            return source, home, _entries_added(*owner) if owner and isinstance(source, ast.Dict) else []
        if isinstance(source, (ast.Name, ast.Attribute)):
            return self._mapping(source, home, hops + 1, kinds)
        return None

    def is_mapping(self, expr: ast.expr, frame: Frame) -> bool:
        """Whether a local or module name is bound to a dict (a literal, a comprehension, ``dict()``)."""
        if not isinstance(expr, ast.Name):
            return False
        bindings = frame.reaching(expr) if expr.id in frame.locals else frame.module.constants.get(expr.id, ())
        return any(
            isinstance(b, (ast.Dict, ast.DictComp))
            or (isinstance(b, ast.Call) and isinstance(b.func, ast.Name) and b.func.id in _MAPPING_TYPES)
            for b in bindings
        )

    def _reachable(self, binding: ast.AST, frame: Frame) -> bool:
        """False for a binding in an ``if`` branch that the known arguments rule out (``version == "v2"``)."""
        return self._allowed(frame.conditions.get(id(binding), ()), frame)

    def runs(self, node: ast.AST, frame: Frame) -> bool:
        """False for a node of the frame's function in an ``if`` branch that the known arguments rule out: only
        tests of what a parameter holds are asked (what a local holds may be a heuristic's reading), and
        ``hasattr`` of a project class (what the class defines is read, not guessed)."""
        guards = frame.flow.guards(node) if frame.function is not None else ()
        return not guards or self._allowed(
            [g for g in guards if self._as_given(_tested(g[0]), frame) or _asks_hasattr(g[0])], frame
        )

    def _allowed(self, conditions: tuple, frame: Frame) -> bool:
        for test, taken in conditions:
            decided = self._decided(test, frame)
            if decided is not None and decided != taken:
                return False
        return True

    def _decided(self, test: ast.expr, frame: Frame) -> bool | None:
        """``_condition``, once per test and frame: a test guards every call and binding under it (the entry
        holds the frame, so its id is not reused)."""
        key = (id(test), id(frame))
        entry = self._tests.get(key)
        if entry is None or entry[0] is not frame:
            entry = self._tests[key] = (frame, self._condition(test, frame))
        return entry[1]

    def _condition(self, test: ast.expr, frame: Frame) -> bool | None:
        """``version == "v2"`` and the like, when both sides are known texts (a wrapper's argument);
        ``path.startswith("/")`` when every value the text may take answers alike."""
        if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and len(test.args) == 1:
            if test.func.attr in ("startswith", "endswith") and not test.keywords:
                affix = self.text(test.args[0], frame)
                texts = [plain(t) for t in self.text(test.func.value, frame)]
                if len(affix) != 1 or HOLE in affix[0] or PARAM in affix[0]:
                    return None
                answers = {getattr(t, test.func.attr)(affix[0]) for t in texts if t and t[0] not in (HOLE, PARAM)}
                return answers.pop() if len(answers) == 1 and len(texts) == len([t for t in texts if t]) else None
            return None
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            truth = self._condition(test.operand, frame)
            return None if truth is None else not truth
        if isinstance(test, ast.BoolOp):  # decided by one operand that decides it, or by all of them
            truths = [self._condition(value, frame) for value in test.values]
            deciding = isinstance(test.op, ast.Or)
            if deciding in truths:
                return deciding
            return None if None in truths else not deciding
        if self.builtin_call(test, "callable", (1,), frame):
            # A value read as text is a string or a number, never callable, once every alternative is known.
            texts = self.text(test.args[0], frame)
            return False if texts and not any(HOLE in t or PARAM in t for t in map(plain, texts)) else None
        if self.builtin_call(test, "hasattr", (2,), frame):
            return self._has_attribute(test.args[0], test.args[1], frame)
        if isinstance(test, ast.Name):  # "if base:", true for any text but the empty one, false for None
            if not self._as_given(test, frame):
                return None
            texts = {plain(t) for t in self.text(test, frame)}
            if texts & {HOLE, PARAM}:
                return None
            truths = {bool(t) for t in texts} or {False}
            return truths.pop() if len(truths) == 1 else None
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
            return None
        left, right = self.text(test.left, frame), test.comparators[0]
        if isinstance(test.ops[0], (ast.Is, ast.IsNot)) and is_none(right):
            # NONE is None; a text is not; a bare hole or parameter may be.
            if not self._as_given(test.left, frame) or {plain(t) for t in left} & {HOLE, PARAM}:
                return None
            return (left == NONE) == isinstance(test.ops[0], ast.Is)
        left = tuple(map(plain, left))
        op = test.ops[0]
        if len(left) != 1 or HOLE in left[0] or PARAM in left[0]:
            return None
        if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.Tuple, ast.List, ast.Set)):
            options = [self.text(item, frame) for item in right.elts]
            if any(len(o) != 1 or HOLE in o[0] or PARAM in o[0] for o in options):
                return None
            inside = any(left[0] == o[0] for o in options)
            return inside if isinstance(op, ast.In) else not inside
        if isinstance(op, (ast.Eq, ast.NotEq)):
            other = tuple(map(plain, self.text(right, frame)))
            if len(other) != 1 or HOLE in other[0] or PARAM in other[0]:
                return None
            return (left[0] == other[0]) == isinstance(op, ast.Eq)
        return None

    @staticmethod
    def _as_given(expr: ast.expr, frame: Frame) -> bool:
        """Whether an expression is a parameter holding what its caller gave (or its default), or a value made
        of it (``version = version or self.api_version``): only then is its text taken to say which branch
        runs (a local's text may be a guess: ``x or ""`` reads as "" when x is unknown)."""
        name = expr.id if isinstance(expr, ast.Name) else None
        if name not in frame.bindings:
            return False
        return name not in frame.locals or all(
            isinstance(binding, ast.expr) and any(isinstance(n, ast.Name) and n.id == name for n in walk(binding))
            for binding in frame.reaching(expr)  # type: ignore[arg-type]
        )  # fmt: skip

    def _first_true(self, values: list[ast.expr], frame: Frame) -> Text:
        """``a or b``: a known non-empty text stops there; None or "" goes on; a caller's parameter may be
        either (``version or self.api_version``: the caller picks, or the default holds). What is unknown
        here (``os.environ.get(X) or DEFAULT``) reads as the default: the value the code is written for."""
        chosen: list[Text] = []
        for value in values[:-1]:
            texts = self.text(value, frame)
            shown = {plain(t) for t in texts}
            if any(HOLE in t and PARAM not in t for t in shown):
                break
            if PARAM in shown:
                chosen.append(tuple(t for t in texts if plain(t)))
                continue
            if shown and "" not in shown:
                return self._union([*chosen, texts])
        return self._union([*chosen, self.text(values[-1], frame)])

    def _fstring_part(self, part: ast.expr, frame: Frame) -> Text:
        if isinstance(part, ast.Constant):
            return (str(part.value),)
        if isinstance(part, ast.FormattedValue):
            return self.text(part.value, frame)
        return UNKNOWN

    @staticmethod
    def _union(values: list[Text]) -> Text:
        out: dict[str, None] = {}
        for value in values:
            out.update(dict.fromkeys(value))
        return tuple(out) if 0 < len(out) <= MAX_ALTERNATIVES else UNKNOWN

    def _name(self, name: str, frame: Frame, hops: int = 0, use: ast.Name | None = None) -> Text:
        if name in frame.bindings and name not in frame.locals:
            return frame.bindings[name]
        if name in frame.locals:
            return self._local(name, frame, use, ())
        outer = self._binding_scope(name, frame)
        if outer is not None:  # a name of the function this one is defined in
            return self._name(name, outer, hops)
        if name in frame.module.constants:
            return self.constant(frame.module, name)
        imp = frame.imports.get(name)
        if imp is not None and imp.name is not None:
            other = project.imported_module(imp)
            if other is not None and imp.name in other.constants:
                return self.constant(other, imp.name)
            if other is not None and imp.name in other.imports and hops < MAX_REEXPORTS:
                return self._name(imp.name, Frame(other), hops + 1)
        return named_value(name) or UNKNOWN

    def _enclosing_frame(self, frame: Frame) -> Frame | None:
        """The frame of the function the frame's function is defined in, its parameters unknown (a nested
        function is read for what its own callers give it, not its enclosing function's), and its ``self`` too:
        the class the inner function belongs to (a class defined in a method) is not the outer one's."""
        outer = facts(frame.module.tree).enclosing.get(id(frame.function)) if frame.function else None
        if outer is None:
            return None
        return Frame(frame.module, outer, {a.arg: UNKNOWN for a in parameters(outer)})

    def _binding_scope(self, name: str, frame: Frame) -> Frame | None:
        """The enclosing function's frame that binds ``name``, when this function does not (a closure)."""
        if frame.function is None or name in frame.bindings:
            return None
        outer = self._enclosing_frame(frame)
        while outer is not None:
            if name in outer.locals or name in outer.bindings:
                return outer
            outer = self._enclosing_frame(outer)
        return None

    def _local(self, name: str, frame: Frame, use: ast.AST | None, skipped: tuple) -> Text:
        """A local's value at ``use``: what its reaching bindings hold. ``url += "/deals"`` holds what reached
        it, extended (itself left out: in a loop it reaches itself) by the ``+=`` in blocks around it: one
        under another ``if`` is left out, so ten optional query parameters are ten alternatives, not a
        thousand."""
        reaching = frame.reaching(use) if use is not None else frame.locals[name]
        bindings = [b for b in reaching if b not in skipped and self._reachable(b, frame)]
        values = [self.text(b, frame) for b in bindings if not isinstance(b, ast.AugAssign)]
        if name in frame.bindings and frame.flow.entry_reaches(name, use):  # a parameter the body reassigns
            given = frame.bindings[name]
            if given == UNKNOWN:  # whatever the body may assign in its place, the value may be this one
                return UNKNOWN
            values.append(given)  # None (NONE) adds nothing: the default the body assigns is the value
        every = frame.locals[name]
        for binding in bindings:
            if isinstance(binding, ast.AugAssign):
                apart = [b for b in every if isinstance(b, ast.AugAssign) and not frame.flow.encloses(b, binding)]
                before = self._local(name, frame, binding.target, (*skipped, binding, *apart))
                values.append(concat(before, self.text(binding.value, frame)))
        return self._union(values) if values else UNKNOWN

    def constant(self, module: ModuleInfo, name: str) -> Text:
        """A module-level name's value; memoised, since it does not depend on where it is used."""
        key = (id(module), name)
        if key not in self._constants:
            self._constants[key] = self._union([self.text(v, Frame(module)) for v in module.constants[name]])
        return self._constants[key]

    def _attribute(self, expr: ast.Attribute, frame: Frame) -> Text:
        owner = expr.value
        if expr.attr == "value" and isinstance(owner, ast.Attribute):  # Endpoint.DEALS.value
            members = self.class_of(owner.value, frame)
            if members is not None and owner.attr in members.attributes and self._is_enum(members):
                return self.member_text(members, owner.attr)
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and frame.self_class is not None:
            return self.member_text(frame.self_class, expr.attr, frame.made)
        cls = self.class_of(owner, frame)
        if cls is not None:
            return self.member_text(cls, expr.attr)
        if self._left_to_subclasses(owner, frame):
            return ABSTRACT
        owner_kind = self.kind(owner, frame)  # an instance of a project class: settings = Settings()
        if owner_kind is not None and owner_kind.cls is not None:
            return self.member_text(owner_kind.cls, expr.attr, owner_kind.made)
        if owner_kind is None and self.index is not None:  # an object of unknown class: by the field's name
            by_name = self.index.texts_by_field(expr.attr)
            if by_name:
                return by_name
        module = self.module_of(owner, frame)
        if module is not None and expr.attr in module.constants:
            return self.constant(module, expr.attr)
        named = named_value(expr.attr)
        if named is not None:
            return named
        qual = self.qualname(expr, frame)  # an SDK's own constant: CustomFieldSource.person
        if qual is None or qual.split(".")[0] not in sdk_modules():
            return UNKNOWN  # not an SDK's name: the SDK tables need not be loaded at all
        return (sdk_constants()[qual],) if qual in sdk_constants() else UNKNOWN

    def _is_enum(self, cls: ClassInfo) -> bool:
        return any(base.startswith("enum.") for base in self.external_bases(cls))

    def _left_to_subclasses(self, owner: ast.expr, frame: Frame) -> bool:
        """Whether ``owner`` is ``self.Meta`` (or ``cls.x``) that no class of a lineage wholly in the project
        defines: the concrete subclass supplies it, so what is read off it is not this class's to know."""
        if not (
            isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name)
            and owner.value.id in ("self", "cls") and frame.self_class is not None
        ):  # fmt: skip
            return False
        return not self._defines(frame.self_class, owner.attr) and not self.external_bases(frame.self_class)

    def member_text(
        self, cls: ClassInfo, attr: str, made: Construction | None = None, call_methods: bool = False
    ) -> Text:
        """A class or instance attribute's value, looked up through the class's project ancestors; what an
        ``__init__`` stores comes from the instance's construction when it is known, and from every
        construction in the project when it is not. A dataclass field is its constructor argument."""
        lineage = self.mro(cls)
        if any(attr in known.fields for known in lineage):
            given = self._constructed(cls, attr, made)
            if given is not None:
                return given
        for known in lineage:
            frame = Frame(known.module, self_class=cls, made=made)
            if attr in known.attributes:
                values = [v for v in known.attributes[attr] if not is_none(v)]
                return self._union([self.text(v, frame) for v in values]) if values else ABSTRACT
            if attr in known.instance:
                return self._union([self.text(value, self._storing_frame(method, cls, known, made))
                                    for value, method in known.instance[attr]])  # fmt: skip
            method = known.methods.get(attr)
            if method is not None and (call_methods or is_property(method)):  # what a property returns
                inner = Frame(known.module, method, defaults_only(method, self, Frame(known.module)), cls, made)
                returns = project.returned_values(method)
                return self._union([self.text(value, inner) for value in returns]) if returns else ABSTRACT
        return named_value(attr) or ABSTRACT

    def stored_texts(self, cls: ClassInfo, attr: str) -> Iterator[tuple[ast.expr, Text]]:
        """What each ``self.attr = ...`` of the class's own methods stores, with the expression that stores
        it (on an instance whose construction is not known)."""
        for value, method in cls.instance.get(attr, ()):
            yield value, self.text(value, self._storing_frame(method, cls, cls, None))

    def _storing_frame(self, method, cls: ClassInfo, known: ClassInfo, made: Construction | None) -> Frame:
        """The frame a method that stores an attribute on ``self`` is read in: an ``__init__`` that the
        construction calls gets its arguments (marked with where they are written), or what the project's
        constructions give when the construction is not known; a parameter that no construction in sight
        gives and that has no default is the constructor's caller's to decide (``ABSTRACT``), as a class
        attribute a subclass supplies is. Any other method reads its parameters' defaults.

        Each attribute read on an instance asks it (``self.base``, then ``self.session``): made once per
        method, class and construction (the entry holds them, so their ids are not reused)."""
        held = (method, cls, made)
        entry = self._storing.get((id(method), id(cls), id(made)))
        if entry is None or any(a is not b for a, b in zip(entry[0], held)):
            entry = self._storing[(id(method), id(cls), id(made))] = (held, self._new_storing_frame(*held, known))
        return entry[1]

    def _new_storing_frame(self, method, cls: ClassInfo, made: Construction | None, known: ClassInfo) -> Frame:
        init = self.method_target(cls, "__init__", bound=True) if method.name == "__init__" else None
        # An ancestor's __init__ that the class's own calls (super().__init__(...)) gets what that call passes:
        # a None default there is not known to be what it receives.
        none = UNKNOWN if init is not None and init.function is not method else NONE
        bindings = defaults_only(method, self, Frame(known.module), none)
        if init is not None and init.function is method:  # the __init__ a construction of cls runs
            with_default = defaults(method)
            for name in bindings:
                given = self._constructed(cls, name, made)
                if given is not None:
                    bindings[name] = given
                elif made is None and name not in with_default:
                    bindings[name] = ABSTRACT
        return Frame(known.module, method, bindings, cls, made)

    def _constructed(self, cls: ClassInfo, name: str, made: Construction | None) -> Text | None:
        """What a constructor parameter (or dataclass field) holds: the argument of the known construction,
        else the union of what the project's constructions pass; None when none gives it."""
        if made is not None:
            expr = self.constructor_arguments(made.call, cls).get(name)
            if expr is None:
                return None
            origin = Origin(str(made.frame.module.path), expr.lineno, expr.col_offset)
            return tuple(marked(text, origin) for text in self.text(expr, made.frame))
        return self.index.constructor_texts(cls, name) if self.index is not None else None

    def constructor_arguments(self, call: ast.Call, cls: ClassInfo) -> dict[str, ast.expr]:
        """The expressions a construction passes, by the name of the ``__init__`` parameter or, for a class
        without one in the project (a dataclass, a settings model), of the annotated field."""
        names, positional = self._constructor_signature(cls)
        given: dict[str, ast.expr] = {}
        for name, expr in zip(positional, call.args):
            if isinstance(expr, ast.Starred):
                break
            given[name] = expr
        given.update({k.arg: k.value for k in call.keywords if k.arg in names})
        return given

    def constructor_parameters(self, cls: ClassInfo) -> list[str]:
        return self._constructor_signature(cls)[0]

    def _constructor_signature(self, cls: ClassInfo) -> tuple[list[str], list[str]]:
        """The names a construction binds (all, and those that may be given by position)."""
        init = self.method_target(cls, "__init__", bound=True)
        if init is None:
            fields = [f for known in reversed(self.mro(cls)) for f in known.fields]
            return fields, fields
        names = [a.arg for a in parameters(init.function)]
        positional = [a.arg for a in (*init.function.args.posonlyargs, *init.function.args.args)]
        if positional and not is_static(init.function):
            names, positional = names[1:], positional[1:]
        return names, positional

    def constructions(self, module: ModuleInfo, names: frozenset[str]) -> Iterator[tuple[tuple[str, str], str, Text]]:
        """Each construction of a project class in a module: ((class module, class name), parameter, the texts
        passed, marked with where they are written). Only calls of a CapWords name, or of one in ``names``
        (classes the project defines), are looked at. A function's own parameters are unknown here."""
        for node, function, cls in self._constructions_in(module, names):
            frame = Frame(module, function, _unknown_parameters(function))
            for parameter, expr in self.constructor_arguments(node, cls).items():
                texts = tuple(t for t in self.text(expr, frame) if plain(t).strip(HOLE + PARAM))
                if texts:
                    origin = Origin(str(module.path), expr.lineno, expr.col_offset)
                    yield (str(cls.module.path), cls.name), parameter, tuple(marked(t, origin) for t in texts)

    def _percent(self, expr: ast.BinOp, frame: Frame) -> Text:
        templates = self.text(expr.left, frame)
        right = expr.right
        items = right.elts if isinstance(right, ast.Tuple) else [right]
        values = [self.text(item, frame) for item in items] if not isinstance(right, ast.Dict) else []
        out = []
        for template in templates:
            pieces: list[Text] = []
            last, index = 0, 0
            for match in _PERCENT.finditer(template):
                pieces.append((template[last : match.start()],))
                if match.group(0) == "%%":
                    pieces.append(("%",))
                else:
                    pieces.append(values[index] if index < len(values) and match.group(1) is None else UNKNOWN)
                    index += 1
                last = match.end()
            pieces.append((template[last:],))
            out.append(concat(*pieces))
        return self._union(out)

    def _call_text(self, call: ast.Call, frame: Frame) -> Text:
        func = call.func
        qual = self.qualname(func, frame)
        if qual in ("urllib.parse.urljoin", "urlparse.urljoin") and len(call.args) == 2:
            bases, paths = self.text(call.args[0], frame), self.text(call.args[1], frame)
            return self._union([(urljoin(b, p),) for b in bases for p in paths])
        if qual in ("os.getenv", "os.environ.get") or (
            isinstance(func, ast.Attribute) and func.attr == "get" and self.qualname(func.value, frame) == "os.environ"
        ):
            # The environment decides; a default is what the code is written for, unless it is empty
            # (os.environ.get("PIPEDRIVE_DOMAIN", "")), and the variable's name may say what it holds.
            default = argument(call, 1, "default")
            if default is not None and not (isinstance(default, ast.Constant) and default.value in ("", None)):
                return self.text(default, frame)
            key = argument(call, 0, "key")
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                return named_value(key.value) or UNKNOWN
            return UNKNOWN
        if isinstance(func, ast.Name) and func.id == "str" and len(call.args) == 1:
            return self.text(call.args[0], frame)
        if qual in ("os.path.join", "posixpath.join") and call.args and not call.keywords:  # a URL built as a path
            out: Text = self.text(call.args[0], frame)
            for part in call.args[1:]:
                texts = self.text(part, frame)
                if len(out) * len(texts) > MAX_ALTERNATIVES:
                    return UNKNOWN
                out = tuple(dict.fromkeys(_path_join(a, b) for a in out for b in texts))
            return out
        if self.builtin_call(call, "getattr", (2, 3), frame):
            return self._getattr(call, frame)
        if isinstance(func, ast.Attribute):
            if func.attr == "format":
                return self._format(call, frame)
            if func.attr == "join" and len(call.args) == 1 and isinstance(call.args[0], (ast.List, ast.Tuple)):
                separators = self.text(func.value, frame)
                items = [self.text(item, frame) for item in call.args[0].elts]
                return self._union([join_texts(separator, items) for separator in separators])
            starred = _starred_items(call.args[0], frame) if func.attr == "join" and len(call.args) == 1 else None
            if starred is not None:  # "/".join(parts), (str(p) for p in parts), map(str, parts) of a *parts
                given = frame.bindings.get(f"*{starred}")
                if given is None:  # the function read for itself: its callers give the items
                    return (PARAM,) if frame.bindings.get(starred) == (PARAM,) else UNKNOWN
                separators = self.text(func.value, frame)
                return self._union([tuple(t.replace(ITEMS, sep) for t in given) for sep in separators])
            if func.attr == "get" and call.args and not isinstance(call.args[0], ast.Starred):
                found = self._lookup(func.value, call.args[0], call.args[1] if len(call.args) > 1 else None, frame)
                if found != UNKNOWN:
                    return found
            if func.attr in _STRING_METHODS and len(call.args) <= 1 and not call.keywords:
                # Applied to each value; a caller's value (PARAM) is re-read with the call's own text, so
                # call("get", "/stages/") in a helper that sends verb.upper() and resource.strip("/") works.
                arguments = [self.text(a, frame) for a in call.args]
                if all(len(a) == 1 and HOLE not in a[0] and PARAM not in a[0] for a in arguments):
                    extra = [a[0] for a in arguments]
                    return tuple(getattr(t, func.attr)(*extra) for t in self.text(func.value, frame))
        returned = self._returned("text", call, frame, lambda values, inner: self._union(
            [self.text(value, inner) for value in values]
        ))  # fmt: skip
        return UNKNOWN if returned is None else returned

    def builtin_call(self, expr: ast.expr, name: str, arguments: tuple[int, ...], frame: Frame) -> bool:
        """Whether ``expr`` calls the builtin ``name`` (not a name the module binds or imports) with one of
        these numbers of positional arguments."""
        return (
            isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == name
            and len(expr.args) in arguments and not expr.keywords
            and not self.assigned(expr.func, frame) and self.qualname(expr.func, frame) is None
            and name not in frame.bindings
        )  # fmt: skip

    def _has_attribute(self, owner: ast.expr, name: ast.expr, frame: Frame) -> bool | None:
        """``hasattr(cls.Meta, "version")`` on a project class whose lineage is wholly the project's: whether
        one of its classes defines the name (None when the class or the name is not known here). On ``self``
        or ``cls`` a name no class defines yet is a subclass's to define: not known either."""
        is_self = isinstance(owner, ast.Name) and owner.id in ("self", "cls")
        cls = frame.self_class if is_self else self.class_of(owner, frame)
        names = [plain(t) for t in self.text(name, frame)]
        if cls is None or not names or not all(n.isidentifier() for n in names) or self.external_bases(cls):
            return None
        answers = {self._defines(cls, n) or (None if is_self else False) for n in names}
        return answers.pop() if len(answers) == 1 else None

    def _defines(self, cls: ClassInfo, name: str) -> bool:
        """Whether the class or a project ancestor defines the name, in its body or on its instances."""
        return any(name in members for known in self.mro(cls) for members in known.members())

    def _getattr(self, call: ast.Call, frame: Frame) -> Text:
        """``getattr(cls.Meta, name)`` where ``name`` is known (a helper's argument: ``_get_meta("entity")``):
        that attribute, or the default when no class in sight defines it."""
        owner, default = call.args[0], call.args[2] if len(call.args) == 3 else None
        values = []
        for name in map(plain, self.text(call.args[1], frame)):
            if not name.isidentifier():
                return UNKNOWN
            found = self.text(ast.copy_location(ast.Attribute(owner, name, ast.Load()), call), frame)
            values.append(self._argument(default, frame) if found == ABSTRACT and default is not None else found)
        return self._union(values) if values else UNKNOWN

    def _format(self, call: ast.Call, frame: Frame) -> Text:
        positional, keywords = args_map(call)
        out = []
        for template in self.text(call.func.value, frame):  # type: ignore[attr-defined]
            pieces: list[Text] = []
            auto = 0
            try:
                parsed = list(string.Formatter().parse(template))
            except ValueError:
                return UNKNOWN
            for literal, field_name, _, _ in parsed:
                pieces.append((literal,))
                if field_name is None:
                    continue
                head = re.split(r"[.\[]", field_name, maxsplit=1)[0]
                if head == "":
                    expr = positional[auto] if auto < len(positional) else None
                    auto += 1
                elif head.isdigit():
                    expr = positional[int(head)] if int(head) < len(positional) else None
                else:
                    expr = keywords.get(head)
                simple = expr is not None and head == field_name and not isinstance(expr, ast.Starred)
                pieces.append(self.text(expr, frame) if simple else UNKNOWN)
            out.append(concat(*pieces))
        return self._union(out)

    def _loop_values(self, iterable: ast.expr, frame: Frame, index: int | None = None) -> Text:
        """The values a loop variable takes, when the loop is over a literal collection (or a name for one):
        each one is sent, so each is marked with where it is written. ``index``: the element's part that a
        tuple target's name takes."""
        for _ in range(4):
            view = _dict_view(iterable)
            if view is not None:  # TABLE.items(), .values(), .keys(): a path table's entries
                found = self._mapping(iterable.func.value, frame)
                if found is None or any(key is None for key in found[0].keys) or (view == "items" and index is None):
                    return UNKNOWN
                literal, frame, added = found
                pairs = [*zip(literal.keys, literal.values), *added]
                if view == "items":
                    iterable = ast.List([ast.Tuple([k, v], ast.Load()) for k, v in pairs], ast.Load())
                else:
                    iterable = ast.List([pair[view == "values"] for pair in pairs], ast.Load())
            if isinstance(iterable, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
                rows = iterable.keys if isinstance(iterable, ast.Dict) else iterable.elts
                items = rows
                if index is not None:
                    items = [i.elts[index] if isinstance(i, (ast.Tuple, ast.List)) and index < len(i.elts) else None
                             for i in rows]  # fmt: skip
                if any(item is None or isinstance(item, ast.Starred) for item in items):
                    return UNKNOWN
                here = str(frame.module.path or "")
                # A row is known by where its first part is written (the rows of .items() are made here).
                places = [
                    Origin(here, item.lineno, item.col_offset, via="literal",
                           row=(row.elts[0].lineno, row.elts[0].col_offset) if index is not None else None)
                    for item, row in zip(items, rows)
                ]  # fmt: skip
                return self._union([
                    tuple(marked(text, place) for text in self.text(item, frame)) for item, place in zip(items, places)
                ])  # fmt: skip
            if isinstance(iterable, ast.Name):
                sources = frame.reaching(iterable) or frame.module.constants.get(iterable.id) or []
                if len(sources) != 1 or not isinstance(sources[0], ast.expr):
                    return UNKNOWN
                iterable = sources[0]
            else:
                return UNKNOWN
        return UNKNOWN

    # -- objects -------------------------------------------------------------------------------------
    def kind(self, expr: ast.AST | None, frame: Frame) -> Kind | None:
        return self._guarded("kind", self._kind, expr, frame, None)

    def _kind(self, expr: ast.AST, frame: Frame) -> Kind | None:
        if isinstance(expr, ast.Await):
            return self.kind(expr.value, frame)
        if isinstance(expr, LOOPS):  # for deal in Deals.all(): an ORM's records are models
            records = self.kind(expr.iter, frame)
            is_model = records is not None and len(records.sdk_path) == 1 and all(s.models for s in records.sdks)
            return records if is_model else None
        if isinstance(expr, ast.Call):
            qual = self.qualname(expr.func, frame)
            if qual in CLIENTS:
                return Kind(qual, base=self._client_base(qual, expr, frame))
            if qual and (qual in MOCK_OBJECTS or qual.split(".")[0] in MOCK_MODULES):
                return MOCK
            cls = self.class_of(expr.func, frame)
            if cls is not None:
                return Kind(cls=cls, made=Construction(expr, frame))
            made = sdk_kind(client_sdks(qual, expr), qual) if qual else None
            if made is not None and not self._from_project(expr.func, frame):
                return made
            if isinstance(expr.func, ast.Attribute):  # a call in an SDK chain: client.deals.products(deal_id)
                owner_kind = self.kind(expr.func.value, frame)
                if owner_kind is not None and owner_kind.sdks:
                    return sdk_call_kind(owner_kind, expr.func.attr)
            # a factory: def make_client(): return Client(...)
            return self._returned("kind", expr, frame, self._first_kind)
        if isinstance(expr, ast.Name):
            if expr.id in MOCK_FIXTURES:
                return MOCK
            given = frame.function is not None and expr.id in frame.bindings  # a parameter
            annotation = parameter_annotation(frame.function, expr.id)
            if annotation is not None:  # what is passed, when seen, says more (a mock for a client)
                return (self._parameter_kind(expr.id, frame) if given else None) or self._annotated(annotation, frame)
            for binding in frame.reaching(expr):
                found = self.kind(binding, frame)
                if found is not None:
                    return found
            if given:
                return self._parameter_kind(expr.id, frame)
            outer = None if expr.id in frame.locals else self._binding_scope(expr.id, frame)
            if outer is not None:  # a client made by the function this one is defined in
                for binding in outer.locals.get(expr.id, ()):
                    found = self.kind(binding, outer)
                    if found is not None:
                        return found
                return None
            if expr.id in frame.module.constants:
                for binding in frame.module.constants[expr.id]:
                    found = self.kind(binding, Frame(frame.module))
                    if found is not None:
                        return found
            qual = self.qualname(expr, frame)
            if qual:
                if qual.split(".")[0] in MOCK_MODULES:
                    return MOCK
                models = model_sdks(qual)
                if models and not self._from_project(expr, frame):
                    return sdk_kind(models, qual)
                imp = frame.imports.get(expr.id)
                other = project.imported_module(imp) if imp and imp.name else None
                if other is not None and imp and imp.name in other.constants:
                    for binding in other.constants[imp.name]:
                        found = self.kind(binding, Frame(other))
                        if found is not None:
                            return found
                return Kind(f"module:{qual}")
            return None
        if isinstance(expr, ast.Attribute):
            owner = expr.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and frame.self_class is not None:
                return self.member_kind(frame.self_class, expr.attr, frame.made)
            owner_kind = self.kind(owner, frame)
            if owner_kind is not None and owner_kind.sdks:
                return Kind(sdks=owner_kind.sdks, sdk_path=(*owner_kind.sdk_path, expr.attr))
            module = self.module_of(owner, frame)
            if module is not None and expr.attr in module.constants:
                for binding in module.constants[expr.attr]:
                    found = self.kind(binding, Frame(module))
                    if found is not None:
                        return found
            qual = self.qualname(expr, frame)
            if qual is None:
                return None
            models = model_sdks(qual)
            if models and not self._from_project(expr, frame):
                return sdk_kind(models, qual)
            return Kind(f"module:{qual}")
        return None

    def _parameter_kind(self, name: str, frame: Frame) -> Kind | None:
        """What object a method's parameter holds: ``self`` is an instance of the method's class; a parameter
        of the ``__init__`` a construction runs holds what the construction passes (``DealsApi(self)`` in the
        client that builds it), or, when the construction is not known, the class whose instances every
        construction in the project passes."""
        fixture = self._fixture(name, frame.module)
        if fixture is not None:  # a test's parameter: what its pytest fixture returns
            inner = Frame(fixture[1], fixture[0], defaults_only(fixture[0], self, Frame(fixture[1])))
            return self._first_kind(project.returned_values(fixture[0]), inner)
        cls = frame.self_class
        if cls is None:
            return None
        if name == "self":
            return Kind(cls=cls, made=frame.made)
        init = self.method_target(cls, "__init__", bound=True)
        if init is None or init.function is not frame.function:
            return None
        if frame.made is not None:
            given = self.constructor_arguments(frame.made.call, cls).get(name)
            return self.kind(given, frame.made.frame) if given is not None else None
        passed = self.index.constructor_class(cls, name) if self.index is not None else None
        return Kind(cls=passed) if passed is not None else None

    def _first_kind(self, values: list[ast.expr], frame: Frame) -> Kind | None:
        """The kind of the first of several values (a function's returns) that has one."""
        return next((k for k in (self.kind(value, frame) for value in values) if k is not None), None)

    def _fixture(self, name: str, module: ModuleInfo) -> tuple[Function, ModuleInfo] | None:
        """The pytest fixture of that name a test in ``module`` receives: defined in the module itself or in a
        ``conftest.py`` of its folder or those above."""
        places = [module, *filter(None, map(project.load_module, _conftests(module.path)))]
        for place in places:
            function = place.functions.get(name)
            if function is not None and any(map(_is_fixture, function.decorator_list)):
                return function, place
        return None

    def construction_kinds(self, module: ModuleInfo, cls: ClassInfo, parameter: str) -> Iterator[Kind | None]:
        """The kind of what each construction of ``cls`` in a module passes as ``parameter`` (a method's
        ``self`` is an instance of its class; other parameters of the enclosing function are unknown)."""
        owners = {id(method): owner for owner in module.classes.values() for method in owner.methods.values()}
        for node, function, made in self._constructions_in(module, frozenset({cls.name})):
            if made.name != cls.name or made.module.path != cls.module.path:
                continue
            given = self.constructor_arguments(node, made).get(parameter)
            if given is not None:
                yield self.kind(given, Frame(module, function, _unknown_parameters(function), owners.get(id(function))))

    def _constructions_in(
        self, module: ModuleInfo, names: frozenset[str]
    ) -> Iterator[tuple[ast.Call, Function | None, ClassInfo]]:
        """Each call in a module that makes an instance of a project class, with the function it is in. Only
        calls of a CapWords name, or of one in ``names``, are looked at."""
        for node, function in facts(module.tree).calls:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if not (called[:1].isupper() or called in names):
                continue
            cls = self.class_of(func, Frame(module))
            if cls is not None and cls.module.path is not None:
                yield node, function, cls

    def _annotated(self, annotation: ast.expr, frame: Frame) -> Kind | None:
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = project.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return None
        qual = self.qualname(annotation, frame)
        if qual in CLIENTS:
            return Kind(qual)
        cls = self.class_of(annotation, frame)
        if cls is not None:
            return Kind(cls=cls)
        return sdk_kind(client_sdks(qual, None), qual) if qual else None

    def member_kind(self, cls: ClassInfo, attr: str, made: Construction | None = None) -> Kind | None:
        for known in self.mro(cls):
            if attr in known.attributes:
                for value in known.attributes[attr]:
                    found = self.kind(value, Frame(known.module, self_class=cls, made=made))
                    if found is not None:
                        return found
            for value, method in known.instance.get(attr, ()):
                found = self.kind(value, self._storing_frame(method, cls, known, made))
                if found is not None:
                    return found
        return None

    def _client_base(self, qual: str, call: ast.Call, frame: Frame) -> Text | None:
        where = BASE_ARGUMENT.get(qual)
        if where is None:
            return None
        expr = argument(call, where[1], where[0])
        if expr is None:
            return None
        base = self.text(expr, frame)
        if qual.startswith("http.client."):
            return tuple(b if "://" in b else f"https://{b}" for b in base)
        return base


def _unknown_parameters(function: Function | None) -> dict[str, Text]:
    """A function's own names, unknown: how a construction inside it is read without its callers."""
    return {own: UNKNOWN for own in own_names(function)} if function is not None else {}


@lru_cache(maxsize=256)  # asked for each parameter whose kind a test module's reading needs
def _conftests(path: Path | None) -> tuple[Path, ...]:
    """The ``conftest.py`` files of a test module's folder and the three above it (pytest's default test files:
    ``test_*.py``, ``*_test.py``); none for any other module."""
    if path is None or not (path.name.startswith("test") or path.name.endswith("_test.py")):
        return ()
    return tuple(folder / "conftest.py" for folder in list(path.parents)[:4] if (folder / "conftest.py").is_file())


def _is_fixture(decorator: ast.expr) -> bool:
    """``@pytest.fixture``, ``@fixture``, ``@pytest.fixture(scope=...)``."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return getattr(target, "attr", getattr(target, "id", None)) == "fixture"


def _tested(test: ast.expr) -> ast.expr:
    """What an ``if`` test asks about: ``x`` in ``not x``, ``x == "v2"``, ``x.startswith("/")``."""
    while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test = test.operand
    if isinstance(test, ast.Compare):
        return test.left
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute):
        return test.func.value
    return test


def _starred_items(iterable: ast.expr, frame: Frame) -> str | None:
    """The name of the function's ``*args`` parameter when ``iterable`` is its items, as they are or each made
    text (``parts``, ``(str(p) for p in parts)``, ``map(str, parts)``); None otherwise."""
    if isinstance(iterable, (ast.GeneratorExp, ast.ListComp)) and len(iterable.generators) == 1:
        loop = iterable.generators[0]
        element = iterable.elt
        if isinstance(element, ast.Call) and _is_name(element.func, "str") and len(element.args) == 1:
            element = element.args[0]
        if loop.ifs or loop.is_async or not isinstance(loop.target, ast.Name) or not _is_name(element, loop.target.id):
            return None
        iterable = loop.iter
    elif isinstance(iterable, ast.Call) and _is_name(iterable.func, "map") and len(iterable.args) == 2:
        if not _is_name(iterable.args[0], "str"):
            return None
        iterable = iterable.args[1]
    vararg = frame.function.args.vararg if frame.function is not None else None
    if vararg is None or not _is_name(iterable, vararg.arg) or vararg.arg in frame.locals:
        return None
    return vararg.arg


def _is_name(expr: ast.expr, name: str) -> bool:
    return isinstance(expr, ast.Name) and expr.id == name


def _path_join(head: str, tail: str) -> str:
    """``os.path.join`` of two texts: a tail that begins with "/" replaces the head."""
    if plain(tail).startswith("/") or not head:
        return tail
    return head + tail if head.endswith("/") else f"{head}/{tail}"


def _asks_hasattr(test: ast.expr) -> bool:
    asked = _tested(test)
    return isinstance(asked, ast.Call) and _is_name(asked.func, "hasattr")


def _dict_view(expr: ast.expr) -> str | None:
    """``"items"``, ``"values"`` or ``"keys"`` for ``d.items()`` and the like; None for anything else."""
    if isinstance(expr, ast.Call) and not expr.args and isinstance(expr.func, ast.Attribute):
        return expr.func.attr if expr.func.attr in ("items", "values", "keys") else None
    return None


def _entries_added(module: ModuleInfo, name: str) -> list[tuple[ast.expr, ast.expr]]:
    """The (key, value) entries a module adds to its module-level dict ``name`` after defining it:
    ``ROUTES["x"] = ...`` and ``ROUTES.update({...})`` or ``update(x=...)``, at module level or in a function
    where ``name`` is not local."""
    return per_function(_ADDED, module.tree, _additions).get(name, [])


def _additions(tree: ast.Module) -> dict[str, list[tuple[ast.expr, ast.expr]]]:
    found: dict[str, list[tuple[ast.expr, ast.expr]]] = {}
    local_names: dict[int, set[str]] = {}  # per function, computed only where an addition is seen

    def is_global(name: str, function: ast.AST | None) -> bool:
        if function is None:
            return True
        if id(function) not in local_names:
            local_names[id(function)] = {a.arg for a in parameters(function)} | {
                n.id for n in walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            }
        return name not in local_names[id(function)]

    known = facts(tree)
    updates = [(call, function) for call, function in known.calls
               if isinstance(call.func, ast.Attribute) and call.func.attr == "update"]  # fmt: skip
    for node, function in sorted([*known.assignments, *updates], key=lambda n: (n[0].lineno, n[0].col_offset)):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                subscript = isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                if subscript and is_global(target.value.id, function):
                    found.setdefault(target.value.id, []).append((target.slice, node.value))
        elif isinstance(node.func.value, ast.Name) and is_global(node.func.value.id, function):
            pairs = [(ast.Constant(k.arg), k.value) for k in node.keywords if k.arg is not None]
            if len(node.args) == 1 and isinstance(node.args[0], ast.Dict):
                pairs += [(k, v) for k, v in zip(node.args[0].keys, node.args[0].values) if k is not None]
            found.setdefault(node.func.value.id, []).extend(pairs)
    return found


def defaults_only(function, evaluator: Evaluator, frame: Frame | None, none: Text = NONE) -> dict[str, Text]:
    """Bindings for a method read for its attribute assignments: parameters hold their defaults (``none`` for a
    None default), or holes."""
    module_frame = Frame(frame.module) if frame else None
    found = defaults(function)
    return {
        arg.arg: (
            (none if is_none(found[arg.arg]) else evaluator.text(found[arg.arg], module_frame))
            if arg.arg in found and module_frame else UNKNOWN
        )
        for arg in parameters(function)
    }  # fmt: skip
