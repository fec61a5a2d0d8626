"""What an object is (a client, an instance of a project class, an SDK's resource), where a function runs
(its ``Frame``), and the functions a call reaches and their parameters."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from . import project
from .flow import LocalFlow
from .memo import node_cache, per_function
from .project import ClassInfo, ModuleInfo
from .sdks import Sdk
from .syntax import walk
from .text import Text


@dataclass(frozen=True)
class Construction:
    """Where an object of a project class was made (``Client(base_url=...)``), and the frame its arguments
    are read in: what its ``__init__`` stores on ``self`` comes from there."""

    call: ast.Call
    frame: Frame = field(compare=False, hash=False)


@dataclass(frozen=True)
class Kind:
    """What an object is, as far as sending requests goes."""

    qualname: str | None = None  # "requests.Session", or "module:requests" for a module
    cls: ClassInfo | None = field(default=None, compare=False)  # an instance of a project class
    made: Construction | None = field(default=None, compare=False)  # where that instance was made, if seen
    base: Text | None = None  # the base URL a client was bound to
    sdks: tuple[Sdk, ...] = ()  # a community SDK's client (or one of its resources), when these SDKs fit:
    sdk_path: tuple[str, ...] = ()  # the attributes taken from the client so far (("deals",))


MOCK = Kind("mock")


def sdk_kind(sdks: tuple[Sdk, ...], qualname: str) -> Kind | None:
    """An SDK client (or model class) made by ``qualname``; its attribute path starts at its root."""
    roots = {sdk.root(qualname) for sdk in sdks}
    return Kind(sdks=sdks, sdk_path=roots.pop()) if len(roots) == 1 else None


def sdk_call_kind(owner: Kind, attr: str) -> Kind:
    """What a call in an SDK chain returns: an object further down the table (``deals.products(1)`` is
    ``deals.products()``), or the model itself for a model method that returns one (``Deals.get(id=1)``)."""
    called = ".".join((*owner.sdk_path, attr))
    if owner.sdk_path and all(called in sdk.returns_model for sdk in owner.sdks):
        return Kind(sdks=owner.sdks, sdk_path=owner.sdk_path[:1])
    return Kind(sdks=owner.sdks, sdk_path=(*owner.sdk_path, attr + "()"))


@dataclass(frozen=True)
class Target:
    """A project function or method that a call reaches."""

    function: ast.FunctionDef | ast.AsyncFunctionDef
    cls: ClassInfo | None  # what ``self`` is inside it
    bound: bool  # called on an instance: its first parameter is not passed
    module: ModuleInfo  # where it is defined (its names resolve there)
    made: Construction | None = None  # the instance's construction, when the call is on a known one


@dataclass
class Frame:
    module: ModuleInfo
    function: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    bindings: dict[str, Text] = field(default_factory=dict)  # parameters
    self_class: ClassInfo | None = None
    made: Construction | None = None  # where ``self`` was made, when known

    def key(self, what: str, node: ast.AST) -> tuple[str, int, int, int, int, int]:
        """Identifies a question about a node in this context, for cycle detection (frames are made afresh
        for each lookup, so the context is what identifies one)."""
        return (
            what, id(node), id(self.module), id(self.function), id(self.self_class.node) if self.self_class else 0,
            id(self.made.call) if self.made else 0,
        )  # fmt: skip

    @property
    def flow(self) -> LocalFlow | None:
        return per_function(_LOCALS, self.function, LocalFlow) if self.function else None

    @property
    def locals(self) -> dict[str, list[ast.AST]]:
        return self.flow.bindings if self.function else {}

    @property
    def conditions(self) -> dict[int, tuple]:
        return self.flow.conditions if self.function else {}

    def reaching(self, name: ast.Name) -> list[ast.AST]:
        """The local bindings of a name that may hold its value where it is read."""
        return self.flow.reaching(name.id, name) if self.function else []

    @property
    def imports(self) -> dict[str, project.Import]:
        """The module's imports, and those the function makes in its own body."""
        if self.function is None:
            return self.module.imports
        inside = per_function(_IMPORTS, self.function, lambda f: project.function_imports(f, self.module.path))
        return {**self.module.imports, **inside} if inside else self.module.imports


_LOCALS = node_cache()
_IMPORTS = node_cache()  # per function: the imports in its body
_SELF_USE = node_cache()


# -- functions and their parameters ----------------------------------------------------------------
def args_map(call: ast.Call) -> tuple[list[ast.expr], dict[str, ast.expr]]:
    return list(call.args), {kw.arg: kw.value for kw in call.keywords if kw.arg}


def argument(call: ast.Call, position: int | None, keyword: str) -> ast.expr | None:
    positional, keywords = args_map(call)
    if keyword in keywords:
        return keywords[keyword]
    if position is not None and position < len(positional) and not isinstance(positional[position], ast.Starred):
        if not any(isinstance(arg, ast.Starred) for arg in positional[:position]):
            return positional[position]
    return None


def parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.arg]:
    args = function.args
    return [*args.posonlyargs, *args.args, *args.kwonlyargs]


def parameter_annotation(function: ast.AST | None, name: str) -> ast.expr | None:
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    for arg in parameters(function):
        if arg.arg == name:
            return arg.annotation
    return None


def defaults(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr]:
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    found = dict(zip([a.arg for a in positional[len(positional) - len(args.defaults) :]], args.defaults))
    found.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    return found


def is_property(function) -> bool:
    return any(
        (isinstance(d, ast.Name) and d.id in ("property", "cached_property"))
        or (isinstance(d, ast.Attribute) and d.attr == "cached_property")
        for d in function.decorator_list
    )


def is_static(function) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in function.decorator_list)


@dataclass(frozen=True)
class SelfUse:
    """How a method uses its instance (or class): the attributes it names on ``self``, ``cls`` or ``super()``
    (``self.path``, ``super().fetch``), and whether the object goes where what is read off it cannot be known
    from the method alone: returned, yielded, bound to another name or looped over, given to a constructor."""

    names: frozenset[str]
    escapes: bool


def self_use(function: ast.FunctionDef | ast.AsyncFunctionDef) -> SelfUse:
    return per_function(_SELF_USE, function, _self_use)


def _self_use(function: ast.FunctionDef | ast.AsyncFunctionDef) -> SelfUse:
    positional = [*function.args.posonlyargs, *function.args.args]
    if not positional or is_static(function):
        return SelfUse(frozenset(), False)
    name = positional[0].arg
    names: set[str] = set()
    escapes = False
    for node in walk(function):
        if isinstance(node, ast.Attribute):
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            is_super = isinstance(root, ast.Call) and isinstance(root.func, ast.Name) and root.func.id == "super"
            if is_super or (isinstance(root, ast.Name) and root.id == name):
                names.add(node.attr)
        elif isinstance(node, ast.Call):
            # The instance given to a constructor is what the new object's __init__ receives (DealsApi(self));
            # ``cls(...)``, ``type(self)(...)`` and ``self.__class__(...)`` make another instance of the subclass.
            func = node.func
            callee = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            given = [*node.args, *(k.value for k in node.keywords)]
            escapes |= (callee[:1].isupper() and any(_names(arg, name) for arg in given)) or _makes_another(func, name)
        elif isinstance(node, _HANDING_ON):
            escapes |= _names(node.value, name)
        elif isinstance(node, _LOOPING):
            escapes |= _names(node.iter, name)
    return SelfUse(frozenset(names), escapes)


# Where a value goes on to the caller or to another name, whose reads the method alone does not show.
_HANDING_ON = (ast.Return, ast.Yield, ast.YieldFrom, ast.Assign, ast.AnnAssign, ast.NamedExpr, ast.AugAssign)
_LOOPING = (ast.For, ast.AsyncFor, ast.comprehension)


def _makes_another(func: ast.expr, name: str) -> bool:
    """Whether a callee is the instance's class: ``cls``, ``type(self)``, ``self.__class__``."""
    if isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and func.func.id == "type":
        return any(_names(arg, name) for arg in func.args)
    if isinstance(func, ast.Attribute) and func.attr == "__class__":
        return _names(func.value, name)
    return _names(func, name)


def _names(expr: ast.AST | None, name: str) -> bool:
    """Whether an expression may be the name's value, or a literal collection holding it."""
    if isinstance(expr, ast.Name):
        return expr.id == name
    if isinstance(expr, ast.IfExp):
        return _names(expr.body, name) or _names(expr.orelse, name)
    if isinstance(expr, ast.BoolOp):
        return any(_names(item, name) for item in expr.values)
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return any(_names(item, name) for item in expr.elts)
    if isinstance(expr, ast.Dict):
        return any(_names(item, name) for item in expr.values)
    return isinstance(expr, ast.Starred) and _names(expr.value, name)


def own_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = function.args
    return [a.arg for a in parameters(function)] + [a.arg for a in (args.vararg, args.kwarg) if a is not None]


def is_none(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None
