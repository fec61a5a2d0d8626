"""Real flake8 and real pdscopes processes on files in a temporary directory, exact output lines."""
import json
import textwrap
from pathlib import Path

import pytest
from helpers import flake8, pdscopes

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

APP = textwrap.dedent(
    """\
    import requests

    BASE = "https://api.pipedrive.com/api/v2"


    def sync(deal_id):
        requests.get(f"{BASE}/persons/{deal_id}")
        requests.patch(f"{BASE}/deals/{deal_id}")
        requests.get(f"{BASE}/deals/{deal_id}")  # noqa: PDS100
    """
)
PDS100_PATCH = (
    "app.py:8:5: PDS100 PATCH /deals/{id} (v2) needs deals:full; pdscopes.yaml grants contacts:read"
)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "pdscopes.yaml").write_text("scopes: [contacts:read]\n")
    return tmp_path


def lines(process):
    return process.stdout.splitlines()


def test_flake8_reports_ungranted_call_and_honours_noqa(project):
    process = flake8("app.py", cwd=project)
    assert lines(process) == [PDS100_PATCH]
    assert process.returncode == 1


def test_pdscopes_check_agrees_with_flake8_but_ignores_noqa(project):
    process = pdscopes("check", "app.py", cwd=project)
    assert lines(process) == [
        PDS100_PATCH,
        "app.py:9:5: PDS100 GET /deals/{id} (v2) needs deals:read or deals:full; pdscopes.yaml grants contacts:read",
    ]
    assert process.returncode == 1


def test_stdin_buffer_finds_manifest_from_display_name(project):
    (project / "pkg").mkdir()
    (project / "pkg" / "pdscopes.yaml").write_text("scopes: [deals:full, contacts:read]\n")
    process = flake8("--stdin-display-name", "pkg/unsaved.py", "-", cwd=project, stdin=APP)
    assert lines(process) == []
    process = flake8("--stdin-display-name", "unsaved.py", "-", cwd=project, stdin=APP)
    assert lines(process) == [PDS100_PATCH.replace("app.py", "unsaved.py")]


def test_jobs_two_and_a_syntax_error_beside_a_good_file(project):
    (project / "broken.py").write_text("def broken(:\n")
    (project / "other.py").write_text(APP)
    process = flake8("--jobs", "2", "--select", "PDS,E999", ".", cwd=project)
    found = sorted(lines(process))
    # E999's column is the interpreter's own (12 or 13 by Python version); the rest is exact
    assert found[0].startswith("./app.py") and found[1].startswith("./broken.py:1:")
    assert found[1].endswith(": E999 SyntaxError: invalid syntax")
    assert [found[0], found[2]] == ["./" + PDS100_PATCH, "./" + PDS100_PATCH.replace("app.py", "other.py")]


def test_missing_manifest_is_pds200_once_and_no_pds100(tmp_path):
    (tmp_path / "app.py").write_text(APP)
    process = flake8("app.py", cwd=tmp_path)
    assert lines(process) == [
        "app.py:7:5: PDS200 Pipedrive calls found but no pdscopes.yaml in . or any folder above"
    ]


@pytest.mark.parametrize(
    "manifest, problem",
    [
        ("scope: [deals:read]\n", "unknown key 'scope' (did you mean 'scopes'?); allowed keys: scopes, ignore"),
        ("scopes: [deals:raed]\n", "unknown scope 'deals:raed' (did you mean 'deals:read'?)"),
        ("scopes: [deals:read\n", "YAML error (line 2): expected ',' or ']', but got '<stream end>'"),
        ("a: &a [x]\nscopes: *a\n", "YAML error (line 2): aliases are not allowed in a manifest"),
    ],
)
def test_invalid_manifest_is_pds201_and_check_exits_2(tmp_path, manifest, problem):
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "pdscopes.yaml").write_text(manifest)
    process = flake8("app.py", cwd=tmp_path)
    assert lines(process) == [f"app.py:7:5: PDS201 manifest invalid: pdscopes.yaml: {problem}"]
    assert pdscopes("check", "app.py", cwd=tmp_path).returncode == 2


def test_pd_scopes_option_and_config(project):
    assert lines(flake8("--pd-scopes", "deals:full,contacts:read", "app.py", cwd=project)) == []
    (project / "setup.cfg").write_text("[flake8]\npd-scopes = contacts:read\n")
    assert lines(flake8("app.py", cwd=project)) == [
        PDS100_PATCH.replace("pdscopes.yaml grants", "--pd-scopes grants")
    ]


def test_missing_pd_manifest_stops_flake8_with_one_line(project):
    process = flake8("--pd-manifest", "nowhere.yaml", "app.py", cwd=project)
    assert process.returncode == 1
    assert process.stderr == ""
    assert lines(process) == [
        "There was a critical error during execution of Flake8:",
        "--pd-manifest nowhere.yaml: no such file",
    ]


def test_pds103_is_off_by_default_and_on_when_selected(tmp_path):
    (tmp_path / "pdscopes.yaml").write_text("scopes: []\n")
    (tmp_path / "choice.py").write_text(
        "import sys\n"
        "import requests\n"
        "ROUTES = {'deals': 'deals', 'persons': 'persons'}\n"
        "requests.get(f'https://api.pipedrive.com/api/v2/{ROUTES[sys.argv[1]]}')\n"
    )
    assert lines(flake8("choice.py", cwd=tmp_path)) == []
    assert lines(flake8("--select", "PDS", "choice.py", cwd=tmp_path)) == [
        "choice.py:4:1: PDS103 Pipedrive call whose endpoint cannot be determined statically; "
        "candidates: GET /deals, GET /persons"
    ]


def test_a_loop_over_a_literal_sends_every_value_each_judged_where_written(tmp_path):
    (tmp_path / "pdscopes.yaml").write_text("scopes: [contacts:read]\n")
    (tmp_path / "loop.py").write_text(
        "import requests\n"
        "for name in ['deals',\n"
        "             'persons']:\n"
        "    requests.get(f'https://api.pipedrive.com/api/v2/{name}')\n"
    )
    assert lines(flake8("loop.py", cwd=tmp_path)) == [
        "loop.py:2:14: PDS100 GET /deals (v2) needs deals:read or deals:full; pdscopes.yaml grants contacts:read"
    ]


def test_scan_json_contract(project):
    (project / "broken.py").write_text("def pipedrive_sync(:\n")
    (project / "unrelated.py").write_text("def never_read(:\n")  # cannot talk to Pipedrive: never parsed
    process = pdscopes("scan", "--format", "json", ".", cwd=project)
    assert process.returncode == 0
    document = json.loads(process.stdout)
    assert document["errors"] == [{"file": "broken.py", "error": "syntax error on line 1: invalid syntax"}]
    assert document["calls"][1] == {
        "file": "app.py",
        "line": 8,
        "col": 5,
        "method": "PATCH",
        "api_version": "v2",
        "endpoint": "/deals/{id}",
        "status": "known",
        "via": "fstring",
        "scopes": ["deals:full"],
    }
    assert [c["line"] for c in document["calls"]] == [7, 8, 9]


def test_examples_show_pds100_and_pds102_and_check_agrees():
    process = flake8("--select", "PDS", "examples", cwd=EXAMPLES.parent)
    codes = {line.split()[1] for line in lines(process)}
    assert {"PDS100", "PDS102"} <= codes
    check = pdscopes("check", "examples", cwd=EXAMPLES.parent)
    assert sorted(lines(check)) == sorted(lines(process))


def test_explain_endpoint_and_scope(tmp_path):
    process = pdscopes("explain", "GET /api/v2/deals/42?x=1", cwd=tmp_path)
    assert lines(process)[:2] == [
        "GET /api/v2/deals/{id}  (v2, operationId getDeal)",
        "  granted by any of (least privileged first): deals:read, deals:full",
    ]
    scope = pdscopes("explain", "projects:read", cwd=tmp_path)
    assert scope.returncode == 0 and "GET /api/v2/projects" in scope.stdout


@pytest.mark.parametrize(
    "subject, message",
    [
        (["deals:raed"], "pdscopes: error: 'deals:raed': not a known scope or endpoint; did you mean"),
        (["GET /dealz/{id}"], "pdscopes: error: GET /dealz/{id} (v1): no such Pipedrive endpoint; nearest known:"),
    ],
)
def test_explain_unknown_is_one_line_exit_2(tmp_path, subject, message):
    process = pdscopes("explain", *subject, cwd=tmp_path)
    assert process.returncode == 2
    assert process.stderr.startswith(message) and process.stderr.count("\n") == 1


def test_the_plugin_lints_itself_clean():
    root = EXAMPLES.parent
    process = flake8("flake8_pdscopes", "scripts", "benchmarks", "tests", cwd=root)
    assert (process.stdout, process.returncode) == ("", 0)


def test_pd_manifest_in_config_is_relative_to_the_config_file(project):
    (project / "conf").mkdir()
    (project / "conf" / "scopes.yaml").write_text("scopes: [contacts:read]\n")
    (project / "pdscopes.yaml").unlink()
    (project / "setup.cfg").write_text("[flake8]\npd-manifest = conf/scopes.yaml\n")
    (project / "sub").mkdir()
    (project / "sub" / "app.py").write_text(APP)
    process = flake8("app.py", cwd=project / "sub")  # flake8 finds setup.cfg in the folder above
    assert lines(process) == [PDS100_PATCH.replace("pdscopes.yaml grants", "../conf/scopes.yaml grants")]


def test_check_json_lists_findings_with_their_codes(project):
    process = pdscopes("check", "--format", "json", ".", cwd=project)
    document = json.loads(process.stdout)
    assert document["errors"] == []
    assert [(f["file"], f["line"], f["col"], f["code"]) for f in document["findings"]] == [
        ("app.py", 8, 5, "PDS100"),
        ("app.py", 9, 5, "PDS100"),
    ]
    assert process.returncode == 1


def test_python_warnings_about_the_analysed_code_are_not_printed(tmp_path):
    # On 3.12 an invalid escape in someone else's regex is a SyntaxWarning at every parse: not ours to print.
    (tmp_path / "pdscopes.yaml").write_text("scopes: [deals:read]\n")
    (tmp_path / "app.py").write_text(
        'import re\nimport requests\nPATTERN = re.compile("\\d+\\.pipedrive")\n'
        'requests.get("https://api.pipedrive.com/api/v2/deals")\n'
    )
    process = pdscopes("scan", ".", cwd=tmp_path)
    found = "app.py:4:1: GET /deals (v2) [known, via literal] deals:read or deals:full\n"
    assert (process.stdout, process.stderr) == (found, "")


def test_messages_say_what_was_meant_and_whether_the_endpoint_still_answers(tmp_path):
    (tmp_path / "pdscopes.yaml").write_text("scopes: [deals:full]\n")
    (tmp_path / "legacy.py").write_text(
        textwrap.dedent(
            """\
            import requests

            BASE = "https://api.pipedrive.com/v1"
            requests.post(f"{BASE}/deals/7")
            requests.get(f"{BASE}/deals")
            requests.get(f"{BASE}/deals/archived")
            """
        )
    )
    assert lines(flake8("legacy.py", cwd=tmp_path)) == [
        "legacy.py:4:1: PDS101 POST /deals/7 (v1) matches no known Pipedrive endpoint; did you mean "
        "PUT /deals/{id} (v1) or PATCH /api/v2/deals/{id}?",
        "legacy.py:5:1: PDS102 GET /deals (v1) is retired (in the 2026-01-14 spec, gone from the 2026-08-18 spec): "
        "the call fails now; use GET /api/v2/deals",
        "legacy.py:6:1: PDS102 GET /deals/archived (v1) is deprecated (flagged deprecated in the 2026-08-18 spec); "
        "use GET /api/v2/deals/archived",
    ]
    assert lines(pdscopes("explain", "GET /v1/deals", cwd=tmp_path))[-1] == (
        "  retired: in the 2026-01-14 spec, gone from the 2026-08-18 spec; a call fails now; "
        "replacement: GET /api/v2/deals"
    )


def test_a_guessed_base_counts_only_in_a_project_with_a_manifest(tmp_path):
    (tmp_path / "crm.py").write_text(
        textwrap.dedent(
            """\
            import requests
            from django.conf import settings  # the base URL lives in settings.yaml


            def pipedrive_get(path):
                return requests.get(settings.CRM_BASE + path)


            pipedrive_get("/api/v2/deals")
            """
        )
    )
    assert lines(flake8("crm.py", cwd=tmp_path)) == []
    assert lines(pdscopes("scan", "crm.py", cwd=tmp_path)) == []
    (tmp_path / "pdscopes.yaml").write_text("scopes: [contacts:read]\n")
    assert lines(flake8("crm.py", cwd=tmp_path)) == [
        "crm.py:9:1: PDS100 GET /deals (v2) needs deals:read or deals:full; pdscopes.yaml grants contacts:read"
    ]
    assert lines(pdscopes("scan", "crm.py", cwd=tmp_path)) == [
        "crm.py:9:1: GET /deals (v2) [known, via guessed-base] deals:read or deals:full"
    ]
