"""Whole-project answers through real pdscopes processes: check, suggest, SARIF, pyproject, monorepos."""
import json
import shutil
import textwrap
from pathlib import Path

import jsonschema
import pytest
from helpers import flake8, pdscopes

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((Path(__file__).parent / "sarif-2.1.0-subset.schema.json").read_text())

APP = textwrap.dedent(
    """\
    import requests

    BASE = "https://api.pipedrive.com/api/v2"


    def sync(deal_id):
        requests.get(f"{BASE}/deals/{deal_id}")
        requests.get(f"{BASE}/persons")
        routes = {"deals": "deals", "products": "products"}
        requests.get(f"{BASE}/{routes[input()]}")
    """
)


@pytest.fixture
def app(tmp_path):
    (tmp_path / "app.py").write_text(APP)
    return tmp_path


def out(process):
    return process.stdout.splitlines()


def test_check_reports_unused_and_broader_scopes(app):
    (app / "pdscopes.yaml").write_text("scopes: [deals:full, contacts:read, goals:read]\n")
    process = pdscopes("check", ".", cwd=app)
    assert out(process) == [
        "pdscopes.yaml:1:1: PDS300 goals:read grants none of the calls found",
        "pdscopes.yaml:1:1: PDS301 deals:full is broader than needed: deals:read would do",
    ]
    assert process.returncode == 1


def test_check_is_clean_with_the_least_privilege_manifest(app):
    (app / "pdscopes.yaml").write_text("scopes: [deals:read, contacts:read]\n")
    process = pdscopes("check", ".", cwd=app)
    assert (out(process), process.returncode) == ([], 0)


def test_suggest_prints_least_privilege_with_reasons_and_unresolved(app):
    process = pdscopes("suggest", ".", cwd=app)
    assert out(process) == [
        "scopes:",
        "  - contacts:read  # GET /api/v2/persons (app.py:8)",
        "  - deals:read     # GET /api/v2/deals/{id} (app.py:7)",
        "# unresolved, not counted: GET /api/v2/{…} (app.py:10) "
        "(candidates: GET /deals (v2), GET /products (v2))",
    ]


def test_suggest_write_keeps_comments_and_ignore_and_is_atomic(app):
    manifest = app / "pdscopes.yaml"
    manifest.write_text("# our app\nscopes: [admin]  # too much\nignore:\n  - GET /some/undocumented  # legacy\n")
    process = pdscopes("suggest", ".", "--write", cwd=app)
    assert process.returncode == 0
    text = manifest.read_text()
    assert text.startswith(
        "# our app\nscopes:\n  - contacts:read  # GET /api/v2/persons (app.py:8)\n"
        "  - deals:read     # GET /api/v2/deals/{id} (app.py:7)\n"
    )
    assert "  - GET /some/undocumented  # legacy\n" in text
    assert sorted(p.name for p in app.iterdir()) == [".pdscopes_cache", "app.py", "pdscopes.yaml"]  # no temporary
    assert (app / ".pdscopes_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert pdscopes("check", ".", cwd=app).returncode == 0


def test_suggest_on_examples_written_and_rechecked_leaves_no_scope_finding(tmp_path):
    examples = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", examples)
    assert pdscopes("suggest", ".", "--write", cwd=examples).returncode == 0
    check = pdscopes("check", ".", cwd=examples)
    codes = {line.split()[1] for line in out(check)}
    assert codes == {"PDS102"}  # the example keeps its deprecated v1 call on purpose; no scope is missing or spare


def test_sarif_of_check_and_scan_is_valid(app):
    (app / "pdscopes.yaml").write_text("scopes: [goals:read]\n")
    for command in ("check", "scan"):
        log = json.loads(pdscopes(command, "--format", "sarif", ".", cwd=app).stdout)
        jsonschema.validate(log, SCHEMA)
        results = log["runs"][0]["results"]
        assert results, command
    check = json.loads(pdscopes("check", "--format", "sarif", ".", cwd=app).stdout)
    first = check["runs"][0]["results"][0]
    assert first["ruleId"] == "PDS100"
    assert first["message"]["text"] == (
        "PDS100 GET /deals/{id} (v2) needs deals:read or deals:full; pdscopes.yaml grants goals:read"
    )
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 5}
    rules = check["runs"][0]["tool"]["driver"]["rules"]
    assert rules[first["ruleIndex"]]["id"] == "PDS100"


def test_pyproject_table_is_a_manifest_and_two_manifests_are_an_error(app):
    (app / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.pdscopes]\nscopes = ["deals:read"]\n')
    assert out(flake8("app.py", cwd=app)) == [
        "app.py:8:5: PDS100 GET /persons (v2) needs contacts:read or contacts:full; pyproject.toml grants deals:read"
    ]
    (app / "pdscopes.yaml").write_text("scopes: []\n")
    assert out(flake8("app.py", cwd=app)) == [
        "app.py:7:5: PDS201 manifest invalid: pdscopes.yaml and pyproject.toml: two manifests in one folder; keep one"
    ]


def test_monorepo_each_file_by_its_nearest_manifest(tmp_path):
    for name, scopes in (("billing", "[deals:read]"), ("crm", "[contacts:read]")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pdscopes.yaml").write_text(f"scopes: {scopes}\n")
        (tmp_path / name / "app.py").write_text(APP)
    check = pdscopes("check", ".", cwd=tmp_path)
    assert out(check) == [
        "billing/app.py:8:5: PDS100 GET /persons (v2) needs contacts:read or contacts:full; "
        "billing/pdscopes.yaml grants deals:read",
        "crm/app.py:7:5: PDS100 GET /deals/{id} (v2) needs deals:read or deals:full; "
        "crm/pdscopes.yaml grants contacts:read",
    ]
    suggest = pdscopes("suggest", ".", cwd=tmp_path)
    assert out(suggest).count("  - deals:read     # GET /api/v2/deals/{id} (billing/app.py:7)") == 1
    assert "# for the files judged by crm/pdscopes.yaml" in out(suggest)
