"""The finder's tree walks: what they skip, and the facts one walk of a module gives."""
import ast
import textwrap
from pathlib import Path

import pytest

from flake8_pdscopes.finder.syntax import facts, walk

LEAVES = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


@pytest.mark.parametrize("path", sorted(Path(ast.__file__).parent.glob("[a-d]*.py")), ids=lambda p: p.name)
def test_walk_meets_every_node_but_contexts_and_operators_in_ast_walks_order(path):
    tree = ast.parse(path.read_bytes())
    assert list(walk(tree)) == [node for node in ast.walk(tree) if not isinstance(node, LEAVES)]


def test_one_walk_gives_calls_by_scope_and_every_call_and_assignment_with_its_function():
    tree = ast.parse(textwrap.dedent("""\
        setup()
        ROUTES = {}

        def sync(rows):
            ROUTES["deals"] = path("deals")
            send(lambda row: push(row))

        class Stream:
            spec = Spec("persons")

            def read(self):
                return get(fetch())(again())
        """))  # fmt: skip
    found = facts(tree)
    sync, stream = tree.body[2], tree.body[3]
    read = stream.body[1]

    def names(calls):
        return [ast.unparse(call.func) for call in calls]

    # Lambdas and class bodies send nothing worth reporting: their calls are in no scope.
    assert {key: names(calls) for key, (_, calls) in found.scopes.items()} == {
        id(tree): ["setup"], id(sync): ["path", "send"], id(read): ["get(fetch())", "get", "fetch", "again"]
    }  # fmt: skip
    # The facts are kept on the tree: they hold no reference back to it (a cycle would keep the tree alive).
    assert [node for node, _ in found.scopes.values()] == [None, sync, read]
    assert [(ast.unparse(call.func), function) for call, function in found.calls] == [
        ("setup", None), ("path", sync), ("send", sync), ("push", sync), ("Spec", None),
        ("get(fetch())", read), ("get", read), ("fetch", read), ("again", read),
    ]  # fmt: skip
    assert [(node.lineno, function) for node, function in found.assignments] == [(2, None), (5, sync), (9, None)]
    assert facts(tree) is found  # walked once while the tree lives


def test_each_function_defined_in_another_knows_the_one_it_reads_names_from():
    tree = ast.parse(textwrap.dedent("""\
        def outer():
            def inner():
                def innermost():
                    pass

            class Local:
                def method(self):
                    pass

        def alone():
            pass
        """))
    enclosing = facts(tree).enclosing
    named = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    assert {name: enclosing[id(node)].name for name, node in named.items() if id(node) in enclosing} == {
        "inner": "outer", "innermost": "inner", "method": "outer",
    }  # fmt: skip
