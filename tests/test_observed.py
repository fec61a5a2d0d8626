"""Observed calls: the pytest recorder run through real pytest (each client, each mock library, async, xdist,
failing tests, secrets, off), and ``pdscopes … --observed`` joining its records to the static findings."""
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import pdscopes

HERE = Path(__file__).resolve().parent
TOKEN = "TOKEN-5f3a9c"  # must never reach a record file

CALLS = f"""\
import urllib.request

import aiohttp
import httpx
import requests
import urllib3

URL = "https://acme.pipedrive.com/api/v2/deals?api_token={TOKEN}&limit=5"
PERSONS = "https://acme.pipedrive.com/api/v2/persons"
HEADERS = {{"Authorization": "Bearer {TOKEN}"}}


def with_requests():
    return requests.get(URL, headers=HEADERS, json={{"token": "{TOKEN}"}})


def with_session():
    return requests.Session().post(PERSONS, data={{"token": "{TOKEN}"}})


def with_httpx():
    return httpx.get(URL, headers=HEADERS)


async def with_async_httpx():
    async with httpx.AsyncClient() as client:
        return await client.delete(PERSONS + "/7")


async def with_aiohttp():
    async with aiohttp.ClientSession() as session:
        async with session.patch(PERSONS + "/8", json={{"token": "{TOKEN}"}}) as response:
            return await response.json()


def with_urllib3():
    return urllib3.PoolManager().request("GET", URL, retries=False)


def with_urllib():
    return urllib.request.urlopen(urllib.request.Request(PERSONS, method="PUT"))


def elsewhere():
    return requests.get("https://api.example.com/v1/deals")
"""

MOCKED = """\
import asyncio
import re

import pytest
import responses
import respx
from aioresponses import aioresponses

from app import calls

ANY = re.compile(r"https://acme\\.pipedrive\\.com/.*")


@responses.activate
def test_requests_under_responses():
    responses.get(ANY, json={})
    responses.get("https://api.example.com/v1/deals", json={})
    calls.with_requests()
    calls.elsewhere()


def test_session_under_requests_mock(requests_mock):
    requests_mock.post(calls.PERSONS, json={})
    calls.with_session()


def test_httpx_under_respx():
    with respx.mock:
        respx.get(url__regex=ANY.pattern).respond(200, json={})
        calls.with_httpx()


def test_async_httpx_under_respx():
    with respx.mock:
        respx.delete(url__regex=ANY.pattern).respond(200, json={})
        asyncio.run(calls.with_async_httpx())


def test_aiohttp_under_aioresponses():
    with aioresponses() as mocked:
        mocked.patch(ANY, payload={})
        asyncio.run(calls.with_aiohttp())


@responses.activate
def test_that_fails():
    responses.get(ANY, json={})
    calls.with_requests()
    assert False


@pytest.fixture
def broken():
    with responses.RequestsMock() as mocked:
        mocked.post(calls.PERSONS, json={})
        calls.with_session()
    raise RuntimeError("the fixture breaks")


def test_that_errors(broken):
    pass
"""

UNMOCKED = """\
import asyncio

import pytest

from app import calls


@pytest.mark.parametrize("send", [calls.with_requests, calls.with_httpx, calls.with_urllib3, calls.with_urllib])
def test_unmocked(send):
    with pytest.raises(Exception):  # the guard refuses the connection; the request was recorded before
        send()


@pytest.mark.parametrize("send", [calls.with_aiohttp, calls.with_async_httpx])
def test_unmocked_async(send):
    with pytest.raises(Exception):
        asyncio.run(send())
"""

DEALS = "https://acme.pipedrive.com/api/v2/deals?api_token=REDACTED&limit=5"
PERSONS = "https://acme.pipedrive.com/api/v2/persons"


def sent(name: str) -> int:
    """The line of app/calls.py where the function ``name`` sends its request."""
    lines = CALLS.splitlines()
    start = next(n for n, line in enumerate(lines) if f"def {name}(" in line)
    return next(n for n in range(start, len(lines)) if "return" in lines[n] or "session." in lines[n]) + 1


@pytest.fixture
def project(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "calls.py").write_text(CALLS)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_mocked.py").write_text(MOCKED)
    (tmp_path / "tests" / "test_unmocked.py").write_text(UNMOCKED)
    return tmp_path


def pytest_run(project: Path, *args: str, record_env: str | None = None) -> subprocess.CompletedProcess:
    """Real pytest in the project, with sockets and name lookups refused (tests/guard), logged to guard.log."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE / "guard"), str(project)]),
        "PDSCOPES_GUARD_LOG": str(project / "guard.log"),
        "PDSCOPES_GUARD_MODULES": "",
    }
    env.pop("PDSCOPES_RECORD", None)
    if record_env:
        env["PDSCOPES_RECORD"] = record_env
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--rootdir", str(project), *args]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)


def records(path: Path) -> set[tuple]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == 1
    return {(c["test"].split("::")[-1], c["method"], c["url"], c["file"], c["line"]) for c in document["calls"]}


MOCKED_RECORDS = {
    ("test_requests_under_responses", "GET", DEALS, "app/calls.py", sent("with_requests")),
    ("test_session_under_requests_mock", "POST", PERSONS, "app/calls.py", sent("with_session")),
    ("test_httpx_under_respx", "GET", DEALS, "app/calls.py", sent("with_httpx")),
    ("test_async_httpx_under_respx", "DELETE", PERSONS + "/7", "app/calls.py", sent("with_async_httpx")),
    ("test_aiohttp_under_aioresponses", "PATCH", PERSONS + "/8", "app/calls.py", sent("with_aiohttp")),
    ("test_that_fails", "GET", DEALS, "app/calls.py", sent("with_requests")),
    ("test_that_errors", "POST", PERSONS, "app/calls.py", sent("with_session")),
}


def test_each_client_under_each_mock_library_is_recorded_and_nothing_connects(project):
    process = pytest_run(project, "--pdscopes-record", "observed.json", "tests/test_mocked.py")
    assert "1 failed, 5 passed, 1 error" in process.stdout, process.stdout + process.stderr
    assert records(project / "observed.json") == MOCKED_RECORDS  # example.com is not Pipedrive: not recorded
    assert not (project / "guard.log").exists()  # neither the recorder nor the mocked clients reached the network


def test_unmocked_clients_are_recorded_before_they_fail_to_connect(project):
    process = pytest_run(project, "tests/test_unmocked.py", record_env="observed.json")
    assert "6 passed" in process.stdout, process.stdout + process.stderr
    assert {(method, url, line) for _, method, url, _, line in records(project / "observed.json")} == {
        ("DELETE", PERSONS + "/7", sent("with_async_httpx")),
        ("GET", DEALS, sent("with_requests")),
        ("GET", DEALS, sent("with_httpx")),
        ("GET", DEALS, sent("with_urllib3")),  # once: urllib3's pool under its PoolManager is the same request
        ("PUT", PERSONS, sent("with_urllib")),
        ("PATCH", PERSONS + "/8", sent("with_aiohttp")),
    }


def test_the_record_holds_no_secret_and_frames_lead_out_to_the_test(project):
    pytest_run(project, "--pdscopes-record", "out/observed.json", "tests/test_mocked.py", "tests/test_unmocked.py")
    raw = (project / "out" / "observed.json").read_bytes()
    assert TOKEN.encode() not in raw and b"Bearer" not in raw
    call = next(c for c in json.loads(raw)["calls"] if c["test"].endswith("test_requests_under_responses"))
    # paths are relative to the record file's folder; the innermost frame first, then the test that called it
    assert call["frames"][0] == ["../app/calls.py", sent("with_requests")]
    assert call["frames"][1][0] == "../tests/test_mocked.py"


def test_xdist_workers_records_are_merged_into_one_file(project):
    process = pytest_run(project, "-n", "2", "--pdscopes-record", "observed.json", "tests/test_mocked.py")
    assert "1 failed, 5 passed, 1 error" in process.stdout, process.stdout + process.stderr
    assert records(project / "observed.json") == MOCKED_RECORDS


def test_off_unless_asked_nothing_patched_nothing_written(project):
    (project / "tests" / "test_patched.py").write_text(
        textwrap.dedent(
            """\
            import os

            import httpx
            import requests


            def test_clients_are_patched_only_when_recording():
                recording = bool(os.environ.get("EXPECT_RECORDING"))
                assert hasattr(requests.Session.request, "__wrapped__") is recording
                assert hasattr(httpx.Client.send, "__wrapped__") is recording
            """
        )
    )
    off = pytest_run(project, "tests/test_patched.py", "tests/test_mocked.py")
    assert "1 failed, 6 passed, 1 error" in off.stdout, off.stdout + off.stderr
    assert sorted(p.name for p in project.iterdir()) == ["app", "tests"]
    os.environ["EXPECT_RECORDING"] = "1"
    try:
        on = pytest_run(project, "tests/test_patched.py", record_env="observed.json")
    finally:
        del os.environ["EXPECT_RECORDING"]
    assert "1 passed" in on.stdout, on.stdout + on.stderr


def test_a_failure_of_the_recorder_warns_once_and_the_run_goes_on(project):
    (project / "taken").mkdir()
    (project / "taken" / "observed.json").mkdir()  # a folder where the file should go: the write fails
    process = pytest_run(project, "--pdscopes-record", "taken/observed.json", "tests/test_mocked.py",
                         "-k", "not fails and not errors")  # fmt: skip
    assert process.returncode == 0, process.stdout + process.stderr
    assert process.stdout.count("pdscopes: recording failed") == 1


# -- pdscopes … --observed ---------------------------------------------------------------------------------
APP = """\
import os

import requests

BASE = "https://acme.pipedrive.com/api/v2"


def pd_get(path):
    return requests.get(BASE + path)


def listing():
    return pd_get("/deals")


def configured():
    return requests.get(f"{BASE}/{os.environ['PD_ENTITY']}")
"""


def observed_project(tmp_path, calls):
    (tmp_path / "pdscopes.yaml").write_text("scopes: [deals:read]\n")
    (tmp_path / "app.py").write_text(APP)
    document = {"format": 1, "tool": "flake8-pdscopes", "calls": calls}
    (tmp_path / "observed.json").write_text(json.dumps(document))
    return tmp_path


def call(method, path, line, *outer, test="tests/test_app.py::test_sync"):
    url = f"https://acme.pipedrive.com/api/v2{path}"
    return {"method": method, "url": url, "test": test, "file": "app.py", "line": line,
            "frames": [["app.py", line], *outer]}  # fmt: skip


def test_check_reports_what_static_analysis_missed_and_what_the_manifest_does_not_grant(tmp_path):
    project = observed_project(tmp_path, [
        call("GET", "/deals", 9, ["app.py", 13]),  # through the wrapper: found statically at its call site
        call("GET", "/persons", 17),  # the entity comes from the environment: static analysis cannot tell
        call("GET", "/persons", 17, test="tests/test_app.py::test_other"),
        call("GET", "/stages", 17),  # granted: PDS104 alone
    ])  # fmt: skip
    process = pdscopes("check", "app.py", "--observed", "observed.json", cwd=project)
    assert process.stdout.splitlines() == [
        "app.py:17:1: PDS100 GET /persons (v2) needs contacts:read or contacts:full; pdscopes.yaml grants deals:read",
        "app.py:17:1: PDS104 GET /persons (v2) observed at run time in tests/test_app.py::test_sync and 1 more but "
        "not found statically",
        "app.py:17:1: PDS104 GET /stages (v2) observed at run time in tests/test_app.py::test_sync but not found "
        "statically",
    ]
    assert process.returncode == 1
    assert pdscopes("check", "app.py", cwd=project).stdout == ""  # without the records: nothing to say


def test_scan_lists_observed_calls_with_their_tests_and_suggest_counts_them(tmp_path):
    project = observed_project(tmp_path, [call("GET", "/deals", 9, ["app.py", 13]), call("GET", "/persons", 17)])
    rows = json.loads(pdscopes("scan", "--format", "json", "app.py", "--observed", "observed.json",
                               cwd=project).stdout)["calls"]  # fmt: skip
    observed = [(r["line"], r["endpoint"], r["tests"]) for r in rows if r["via"] == "observed"]
    test = ["tests/test_app.py::test_sync"]
    assert observed == [(9, "/deals", test), (17, "/persons", test)]
    assert pdscopes("suggest", "app.py", cwd=project).stdout.startswith("scopes:\n  - deals:read ")
    suggested = pdscopes("suggest", "app.py", "--observed", "observed.json", cwd=project).stdout
    scopes = [line.split("#")[0].strip() for line in suggested.splitlines() if line.startswith("  - ")]
    assert scopes == ["- contacts:read", "- deals:read"]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("{not json", "observed.json: not a pdscopes record file (invalid JSON: "),
        ('{"format": 9, "calls": []}', "observed.json: written in record format 9 by a newer flake8-pdscopes; "
                                       "this one reads format 1: upgrade it"),
        ('{"format": 1, "calls": [{"method": "GET"}]}', "observed.json: call 1 needs a method and a url"),
        ('["calls"]', "observed.json: not a pdscopes record file (no format number)"),
    ],
)
def test_a_bad_record_file_is_one_line_exit_2_and_nothing_is_written(tmp_path, content, error):
    project = observed_project(tmp_path, [])
    (project / "observed.json").write_text(content)
    for command in (["check", "app.py"], ["scan", "app.py"], ["suggest", "--write", "app.py"]):
        process = pdscopes(*command, "--observed", "observed.json", cwd=project)
        assert process.returncode == 2
        assert process.stderr.startswith(f"pdscopes: error: {error}") and process.stderr.count("\n") == 1
    assert (project / "pdscopes.yaml").read_text() == "scopes: [deals:read]\n"


def test_the_example_app_loop_records_its_tests_and_check_joins_them(tmp_path):
    examples = tmp_path / "examples"
    shutil.copytree(HERE.parent / "examples", examples, ignore=shutil.ignore_patterns(".pdscopes_cache"))
    process = pytest_run(examples, "--pdscopes-record", ".pdscopes-observed.json")
    assert "1 passed" in process.stdout, process.stdout + process.stderr
    assert not (examples / "guard.log").exists()
    check = pdscopes("check", ".", "--observed", ".pdscopes-observed.json", cwd=examples)
    test = "tests/test_sync.py::test_won_deals_are_copied_marked_and_noted"
    assert check.stdout.splitlines()[-2:] == [
        "dealsync/client.py:31:1: PDS100 GET /persons/{id} (v2) needs contacts:read or contacts:full; pdscopes.yaml "
        "grants deals:read",
        f"dealsync/client.py:31:1: PDS104 GET /persons/{{id}} (v2) observed at run time in {test} but not found "
        "statically",
    ]
    assert len(check.stdout.splitlines()) == 5  # the three static findings come first, as flake8 shows them


def test_an_ignored_endpoint_is_not_reported_when_observed_either(tmp_path):
    project = observed_project(tmp_path, [call("GET", "/stages", 17), call("GET", "/persons", 17)])
    (project / "pdscopes.yaml").write_text('scopes: [deals:read]\nignore: ["GET /api/v2/persons"]\n')
    process = pdscopes("check", "app.py", "--observed", "observed.json", cwd=project)
    assert process.stdout.splitlines() == [
        "app.py:17:1: PDS104 GET /stages (v2) observed at run time in tests/test_app.py::test_sync but not found "
        "statically",
    ]
