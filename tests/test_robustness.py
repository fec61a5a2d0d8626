"""Never crash, never hang: generated programs, the standard library, adversarial inputs, bad manifests."""
import ast
import os
import sysconfig
import time
from pathlib import Path

import pytest
from helpers import flake8, pdscopes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_pdscopes import catalogue, engine
from flake8_pdscopes.engine import Settings, analyse
from flake8_pdscopes.finder import find_calls
from flake8_pdscopes.finder.project import parse
from flake8_pdscopes.resolve import is_fixed, resolve

URL = "https://api.pipedrive.com/v1/deals"
CATALOGUE = catalogue.load()


def calls_of(tree, filename="module.py"):
    """The finder and resolver on a module, without the cheap pre-filter (so they really run)."""
    found = find_calls(tree, filename, lambda method, url: is_fixed(CATALOGUE, method, url))
    return [r for r in (resolve(c, CATALOGUE) for c in found) if r is not None]


def parse_or_skip(source):
    try:
        return parse(source)  # quiet about the analysed code's own warnings, as the tool is
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_generated_programs_never_crash_and_find_nothing(data):
    import hypothesmith

    source = data.draw(hypothesmith.from_grammar())
    tree = parse_or_skip(source)
    if tree is not None:
        assert calls_of(tree) == []
        assert analyse(tree, source, "generated.py", Settings()).findings == []


def stdlib_files():
    root = Path(sysconfig.get_paths()["stdlib"])
    return sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts)


def test_standard_library_has_no_pipedrive_call():
    checked = 0
    for path in stdlib_files():
        tree = parse_or_skip(path.read_bytes())
        if tree is None:
            continue
        assert calls_of(tree, str(path)) == [], path
        checked += 1
    assert checked > 1000


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def assert_analysed(result):
    """The engine never raises, so a failure inside it shows as this PDS103 instead."""
    assert not [f for f in result.findings if "could not analyse" in f.message]


def module_with(expression):
    """``import requests; requests.get(<expression>)`` as an AST built directly (deeper than the parser allows)."""
    tree = ast.parse("import requests\nrequests.get(None)\n")
    tree.body[1].value.args[0] = expression
    stack = [expression]  # ast.fix_missing_locations recurses, and these trees are deeper than the stack
    while stack:
        node = stack.pop()
        node.lineno, node.col_offset, node.end_lineno, node.end_col_offset = 2, 13, 2, 14
        stack.extend(ast.iter_child_nodes(node))
    return tree


def test_hundred_thousand_term_concatenation():
    expression = ast.Constant(URL)
    for _ in range(100_000):
        expression = ast.BinOp(expression, ast.Add(), ast.Constant("/x"))
    result, seconds = timed(lambda: analyse(module_with(expression), "pipedrive", "big.py", Settings()))
    assert seconds < 20
    assert_analysed(result)
    # past the evaluator's bounds the tail is a hole: the call is seen, but no endpoint is claimed
    assert [c.status for c in result.calls] in ([], ["unresolved"], ["unknown"])


def test_thousand_deep_calls_and_fstrings():
    call = ast.Constant(URL)
    for _ in range(1000):
        call = ast.Call(ast.Name("f", ast.Load()), [call], [])
    fstring = ast.Constant(URL)
    for _ in range(1000):
        fstring = ast.JoinedStr([ast.FormattedValue(fstring, -1, None)])
    for expression in (call, fstring):
        result, seconds = timed(lambda: analyse(module_with(expression), "pipedrive", "deep.py", Settings()))
        assert seconds < 20
        assert_analysed(result)


def test_ten_megabyte_string_literal():
    source = f'import requests\nrequests.get("{URL}/" + "{"x" * 10_000_000}")\n'
    result, seconds = timed(lambda: analyse(ast.parse(source), source, "huge.py", Settings()))
    # Too long to be part of a URL: the literal is a hole, and the call is GET /deals/{id}.
    assert [(c.status, c.endpoints[0].template) for c in result.calls] == [("known", "/deals/{id}")]
    assert seconds < 20
    assert_analysed(result)


def test_cycle_of_modules_importing_each_others_constants(tmp_path):
    (tmp_path / "a.py").write_text("from b import B\nA = B + '/deals'\n")
    (tmp_path / "b.py").write_text("from a import A\nB = A + '/x'\n")
    (tmp_path / "c.py").write_text("import requests\nfrom a import A\nrequests.get(A)  # pipedrive\n")
    (tmp_path / "pdscopes.yaml").write_text("scopes: []\n")
    process = flake8("--select", "PDS", ".", cwd=tmp_path)
    assert process.stdout == "" and process.stderr == ""


def test_self_referential_class_hierarchy(tmp_path):
    source = (
        "import requests\n"
        "class A(B):\n    endpoint = 'deals'\n    def read(self):\n"
        "        return requests.get('https://api.pipedrive.com/v1/' + self.endpoint + self.more)\n"
        "class B(A):\n    more = ''\n"
        "class C(C):\n    pass\n"
    )
    result, seconds = timed(lambda: analyse(ast.parse(source), source, str(tmp_path / "h.py"), Settings()))
    assert seconds < 20
    assert_analysed(result)


def test_a_class_derived_from_its_own_nested_class_is_read(tmp_path):
    source = (
        "import requests\n"
        "class A(A.Inner):\n"
        "    class Inner:\n        path = '/v1/deals'\n"
        "    def read(self):\n        return requests.get('https://api.pipedrive.com' + self.Inner.path)\n"
    )
    result = analyse(ast.parse(source), source, str(tmp_path / "n.py"), Settings())
    assert_analysed(result)
    assert [(c.call.line, c.call.method, c.path) for c in result.calls] == [(6, "GET", "/deals")]


def test_null_bytes_and_invalid_utf8_are_flake8s_business(tmp_path):
    (tmp_path / "nul.py").write_bytes(b"import requests\x00\nrequests.get('https://api.pipedrive.com/v1/deals')\n")
    (tmp_path / "latin.py").write_bytes(b"# \xff\xfe\nrequests.get('https://api.pipedrive.com/v1/deals')\n")
    process = flake8(".", cwd=tmp_path)
    assert "PDS" not in process.stdout
    # flake8 before Python 3.11.4 crashes on NUL bytes by itself (ast.parse raises ValueError in its
    # processor, plugin or not); whatever happens, no trace comes from this plugin
    assert "flake8_pdscopes" not in process.stderr


APP = "import requests\nrequests.get('https://api.pipedrive.com/api/v2/deals')\n"


def test_hundred_megabyte_manifest_is_refused_without_reading_it(tmp_path):
    (tmp_path / "app.py").write_text(APP)
    with open(tmp_path / "pdscopes.yaml", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    process, seconds = timed(lambda: flake8("app.py", cwd=tmp_path))
    assert process.stdout.splitlines() == [
        "app.py:2:1: PDS201 manifest invalid: pdscopes.yaml: too large (104857600 bytes; a manifest is at most 1000000)"
    ]
    assert seconds < 30


def test_yaml_alias_bomb_is_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    (tmp_path / "pdscopes.yaml").write_text(bomb + "scopes: []\n")
    (tmp_path / "app.py").write_text(APP)
    process, seconds = timed(lambda: pdscopes("check", "app.py", cwd=tmp_path))
    assert process.returncode == 2
    assert "aliases are not allowed in a manifest" in process.stdout
    assert seconds < 30


def test_manifest_that_is_a_directory_or_a_symlink_loop_is_skipped(tmp_path):
    (tmp_path / "pdscopes.yaml").write_text("scopes: [deals:read]\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pdscopes.yaml").mkdir()
    os.symlink(inner / ".pdscopes.yaml", inner / ".pdscopes.yaml")
    (inner / "app.py").write_text(APP)
    process = flake8("inner/app.py", cwd=tmp_path)
    assert process.stdout == "" and process.stderr == ""


def test_pd_manifest_that_is_a_directory_is_one_line(tmp_path):
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "dir.yaml").mkdir()
    process = pdscopes("check", "--manifest", "dir.yaml", "app.py", cwd=tmp_path)
    assert process.returncode == 2
    assert process.stderr == "pdscopes: error: --manifest dir.yaml: no such file\n"


def test_internal_failure_is_one_pds103_and_debug_shows_the_trace(monkeypatch, capsys):
    def broken(*args):
        raise ValueError("boom")

    monkeypatch.setattr(engine, "find_calls", broken)
    result = analyse(ast.parse(APP), APP, "app.py", Settings())
    assert [f.text() for f in result.findings] == [
        "PDS103 could not analyse this file (ValueError: boom); set PDSCOPES_DEBUG=1 for the trace"
    ]
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("PDSCOPES_DEBUG", "1")
    analyse(ast.parse(APP), APP, "app.py", Settings())
    assert "Traceback" in capsys.readouterr().err


def test_a_file_the_analysis_failed_on_is_listed_as_an_error_by_pdscopes(tmp_path, monkeypatch):
    from flake8_pdscopes.cli import analyse_paths

    def broken(*args):
        raise ValueError("boom")

    (tmp_path / "app.py").write_text(APP)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(engine, "find_calls", broken)
    results, errors = analyse_paths(["app.py"], Settings())
    assert [r.calls for r in results] == [[]]
    assert errors == [{"file": "app.py", "error": "could not analyse this file (ValueError: boom)"}]


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_jobs_under_every_start_method(tmp_path, method):
    (tmp_path / "pdscopes.yaml").write_text("scopes: []\n")
    for index in range(4):
        (tmp_path / f"m{index}.py").write_text(APP)
    runner = (
        "import multiprocessing, sys\n"
        f"multiprocessing.set_start_method({method!r}, force=True)\n"
        "from flake8.main.cli import main\n"
        "sys.exit(main(['--jobs', '2', '--select', 'PDS', '.']))\n"
    )
    from helpers import run
    import sys

    process = run([sys.executable, "-c", runner], tmp_path)
    assert process.stderr == ""
    assert len(process.stdout.splitlines()) == 4
    assert all("PDS100 GET /deals (v2) needs deals:read or deals:full" in line for line in process.stdout.splitlines())
