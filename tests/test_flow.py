"""Stages alone: reaching definitions, verbs read from names, values named after Pipedrive, dict receivers,
who writes a wrapper's endpoint."""
import ast
import textwrap

import pytest

from flake8_pdscopes.finder.calls import _body_writes
from flake8_pdscopes.finder.flow import LocalFlow
from flake8_pdscopes.finder.origins import Origin, mark, path_origin
from flake8_pdscopes.finder.http import verb_of_name
from flake8_pdscopes.finder.objects import SelfUse, self_use
from flake8_pdscopes.finder.text import PIPEDRIVE_DOMAIN_BASE, named_value
from flake8_pdscopes.urls import HOLE


def _reaching(source: str, name: str, line: int) -> list[str]:
    """The source of each binding of ``name`` that reaches its use on ``line`` of the function."""
    function = ast.parse(textwrap.dedent(source)).body[0]
    use = next(n for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == name and n.lineno == line
               and isinstance(n.ctx, ast.Load))  # fmt: skip
    return [ast.unparse(b) for b in LocalFlow(function).reaching(name, use)]


def test_a_later_assignment_does_not_reach_back():
    source = """
    def f():
        url = "A"
        send(url)
        url = "B"
        send(url)
    """
    assert _reaching(source, "url", 4) == ["'A'"]
    assert _reaching(source, "url", 6) == ["'B'"]


def test_a_comprehension_binds_its_target_to_its_for_clause():
    function = ast.parse("def f():\n    return [send(d) for d in records() if d]").body[0]
    (clause,) = LocalFlow(function).bindings["d"]
    assert isinstance(clause, ast.comprehension) and ast.unparse(clause.iter) == "records()"


def test_branches_may_both_reach_and_an_enclosing_assignment_replaces_them():
    source = """
    def f(x):
        url = "A"
        if x:
            url = "B"
        send(url)
        url = "C"
        if x:
            send(url)
    """
    assert _reaching(source, "url", 6) == ["'A'", "'B'"]
    assert _reaching(source, "url", 9) == ["'C'"]


def test_a_loop_sees_what_its_body_assigns_later():
    source = """
    def f():
        url = "first"
        while url:
            send(url)
            url = following()
    """
    assert _reaching(source, "url", 5) == ["'first'", "following()"]


def test_try_and_handler_both_reach():
    source = """
    def f():
        try:
            url = "A"
        except KeyError:
            url = "B"
        send(url)
    """
    assert _reaching(source, "url", 7) == ["'A'", "'B'"]


def _use(function: ast.AST, name: str, line: int) -> ast.Name:
    return next(n for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == name and n.lineno == line
                and isinstance(n.ctx, ast.Load))  # fmt: skip


def test_a_parameter_holds_its_argument_until_an_enclosing_assignment_replaces_it():
    source = textwrap.dedent("""
    def f(base=None, path=""):
        if base is None:
            base = "DEFAULT"
        send(base)
        path = "fixed"
        send(path)
    """)
    function = ast.parse(source).body[0]
    flow = LocalFlow(function)
    # A parameter assigned once in the body is not that assignment everywhere: before it, it is the argument.
    assert [ast.unparse(b) for b in flow.reaching("base", _use(function, "base", 3))] == []
    assert flow.entry_reaches("base", _use(function, "base", 5))  # the default may not have run
    assert [ast.unparse(b) for b in flow.reaching("base", _use(function, "base", 5))] == ["'DEFAULT'"]
    assert not flow.entry_reaches("path", _use(function, "path", 7))


def test_statements_after_a_branch_that_returns_run_under_its_test_failing():
    source = textwrap.dedent("""
    def f(verb):
        if verb == "post":
            return post()
        elif verb == "delete":
            return delete()
        if verb == "put":
            put()
        return get()
    """)
    function = ast.parse(source).body[0]
    calls = {n.func.id: n for n in ast.walk(function) if isinstance(n, ast.Call)}
    guards = {name: [(ast.unparse(test), taken) for test, taken in LocalFlow(function).guards(call)]
              for name, call in calls.items()}  # fmt: skip
    assert guards == {
        "post": [("verb == 'post'", True)],
        "delete": [("verb == 'post'", False), ("verb == 'delete'", True)],
        "put": [("verb == 'post'", False), ("verb == 'delete'", False), ("verb == 'put'", True)],
        "get": [("verb == 'post'", False), ("verb == 'delete'", False)],  # put() does not return
    }


@pytest.mark.parametrize(
    "name, verb",
    [("_get", "GET"), ("_delete", "DELETE"), ("http_get", "GET"), ("pipedrive_post", "POST"),
     ("get_json", "GET"), ("post_json", "POST"), ("put_data", "PUT"), ("get", None), ("get_cached", None),
     ("get_url", None), ("delete_cache_entry", None), ("postpone", None), ("target", None)],
)  # fmt: skip
def test_verb_of_name(name, verb):
    assert verb_of_name(name) == verb


@pytest.mark.parametrize(
    "name, value",
    [("api_domain", PIPEDRIVE_DOMAIN_BASE), ("PIPEDRIVE_DOMAIN", f"{HOLE}.pipedrive.com"),
     ("pipedriveHost", f"{HOLE}.pipedrive.com"), ("PIPEDRIVE_API_URL", "https://api.pipedrive.com"),
     ("PIPEDRIVE_URL", PIPEDRIVE_DOMAIN_BASE),
     ("pipedrive_base", PIPEDRIVE_DOMAIN_BASE), ("PIPEDRIVE_TOKEN", None), ("HUBSPOT_DOMAIN", None),
     ("base_url", None)],
)  # fmt: skip
def test_named_value(name, value):
    assert named_value(name) == (None if value is None else (value,))


def _resolve(method, *urls):
    from flake8_pdscopes import catalogue
    from flake8_pdscopes.model import ApiCall
    from flake8_pdscopes.resolve import resolve

    resolved = resolve(ApiCall(1, 0, method, urls, "literal"), catalogue.load())
    return resolved.status, resolved.version, resolved.path, resolved.scopes


def test_candidates_that_need_the_same_scopes_are_judged_as_one_call():
    v1, v2 = "https://api.pipedrive.com/v1/deals", "https://api.pipedrive.com/api/v2/deals"
    assert _resolve("POST", v1, v2) == ("known", "v1 or v2", "/deals", ("deals:full",))
    assert _resolve("GET", v1, "https://api.pipedrive.com/v1/persons")[0] == "unresolved"  # other scopes


def test_one_path_through_two_bases_is_one_path():
    company, central = "https://\ue000.pipedrive.com/api/v1/dealz", "https://api.pipedrive.com/v1/dealz"
    assert _resolve("GET", company, central)[:3] == ("unknown", "v1", "/dealz")


API = "https://api.pipedrive.com/v1"


@pytest.mark.parametrize(
    "url, argument, body_writes",
    [(f"{API}/dealFields", "deal", True),  # f"{BASE}/{kind}Fields": the caller named an entity
     (f"{API}/organizationFields", "org", True),  # PATHS[kind]: the argument is not in the URL at all
     (f"{API}/deals", "/deals", False),  # get("/deals"): the caller wrote the path
     (f"{API}/deals/{HOLE}/flow", f"deals/{HOLE}/flow", False),
     (f"{API}/deals", f"{API}/deals", False),  # a whole URL
     (f"{API}/deals/7", "7", True),  # an id alone names nothing
     (f"{API}/{HOLE}", HOLE, False),  # nothing in the path is the body's own
     (f"{API}/\ue001Fields", "\ue001", True)],  # a caller's own parameter, glued to the body's text
)  # fmt: skip
def test_who_writes_the_endpoint_of_a_wrapper(url, argument, body_writes):
    assert _body_writes((url,), {"kind": (argument,)}) is body_writes


def test_a_marker_in_the_host_fixes_no_path_and_one_before_the_path_does():
    domain = Origin("/p/server.py", 6, 40)
    path = Origin("/p/deals.py", 9, 12)
    host_marked = f"https://{mark('acme', domain)}.pipedrive.com/api/v2/deals"
    assert path_origin(host_marked) is None
    assert path_origin(f"https://{mark('acme', domain)}.pipedrive.com{mark('/deals', path)}") == path
    assert path_origin(mark("https://api.pipedrive.com", domain) + "/v1/deals") is None


@pytest.mark.parametrize(
    "body, names, escapes",
    [
        ("return requests.get(self.base + self.path)", {"base", "path"}, False),
        ("return super().fetch(self.session.headers)", {"fetch", "session", "headers"}, False),
        ("if isinstance(self, Stream):\n    log(self)", set(), False),  # a plain function gets its texts only
        ("return self", set(), True),  # the caller reads what it likes off the instance
        ("this = self\nreturn this.path", set(), True),
        ("return [self, other]", set(), True),
        ("return other or (self if other is None else None)", set(), True),
        ("for item in (self, other):\n    send(item.path)", set(), True),
        ("return DealsApi(client=self)", set(), True),  # the new object's __init__ stores it
        ("return type(self)()", set(), True),  # another instance of the subclass
        ("return type(self).__name__", set(), False),  # its class's name only
        ("return self.__class__()", {"__class__"}, True),
    ],
)
def test_what_a_method_reads_off_its_instance_and_whether_the_instance_goes_elsewhere(body, names, escapes):
    method = ast.parse("def method(self, other):\n" + textwrap.indent(body, "    ")).body[0]
    use = self_use(method)
    assert (set(use.names), use.escapes) == (names, escapes)


def test_a_class_method_that_makes_an_instance_gives_the_class_away():
    method = ast.parse("@classmethod\ndef build(cls, path):\n    return cls(path)").body[0]
    assert self_use(method) == SelfUse(frozenset(), True)
