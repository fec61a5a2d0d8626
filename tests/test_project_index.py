"""Whole-project analysis through real flake8 and pdscopes: an endpoint fixed in one module and sent from
another is reported where it is fixed, whatever file flake8 is given, with a cold, warm, corrupt, foreign
or unwritable cache."""
import ast
import gc
import json
import os
import stat
import sys
import textwrap
import weakref
from pathlib import Path

import pytest
from helpers import flake8, pdscopes, run

from flake8_pdscopes import cache
from flake8_pdscopes.engine import Settings, analyse
from flake8_pdscopes.finder import memo, project
from flake8_pdscopes.finder.index import ProjectIndex, project_root
from flake8_pdscopes.finder.origins import first_origin, plain

FILES = {
    "pyproject.toml": '[project]\nname = "crm-sync"\n',
    "pdscopes.yaml": "scopes: [contacts:read]\n",
    "crm/__init__.py": "",
    # The table names no host: only the sender knows the base.
    "crm/specs.py": """\
        \"\"\"The Pipedrive entities the sync copies.\"\"\"
        from dataclasses import dataclass


        @dataclass(frozen=True)
        class Spec:
            name: str
            path: str
            page_size: int = 100


        SPECS = (
            Spec("deals", "/v1/deals"),
            Spec("persons", "/v1/persons/collection"),
            Spec("notes", path="/v1/notes", page_size=50),
        )
        """,
    "crm/client.py": """\
        import requests


        class Client:
            def __init__(self, base_url, token):
                self.base = base_url.rstrip("/")
                self.token = token

            def fetch(self, path):
                return requests.get(self.base + path, params={"api_token": self.token})
        """,
    "crm/sync.py": """\
        from crm.client import Client
        from crm.specs import SPECS, Spec


        def pull(client: Client, spec: Spec):
            return client.fetch(spec.path)


        def main():
            client = Client("https://api.pipedrive.com/", "token")
            for spec in SPECS:
                pull(client, spec)
        """,
    # The same shapes aimed at another API: nothing.
    "ledger/__init__.py": "",
    "ledger/tables.py": """\
        from dataclasses import dataclass


        @dataclass
        class Table:
            path: str


        TABLES = [Table("/v1/deals")]
        """,
    "ledger/pull.py": """\
        import requests

        from ledger.tables import TABLES, Table


        def pull(table: Table):
            return requests.get("https://api.ledger.example" + table.path)


        for table in TABLES:
            pull(table)
        """,
}

EXPECTED = [
    "crm/specs.py:13:19: PDS100 GET /deals (v1) needs deals:read or deals:full; pdscopes.yaml grants contacts:read",
    "crm/specs.py:13:19: PDS102 GET /deals (v1) is retired (in the 2026-01-14 spec, gone from the 2026-08-18 "
    "spec): the call fails now; use GET /api/v2/deals",
    "crm/specs.py:14:21: PDS102 GET /persons/collection (v1) is retired (in the 2026-01-14 spec, gone from the "
    "2026-08-18 spec): the call fails now; use GET /api/v2/persons",
]  # /v1/notes (line 15) is granted by contacts:read and still served: no finding


def write_project(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


@pytest.fixture
def crm(tmp_path):
    return write_project(tmp_path, FILES)


def lines(process):
    assert process.stderr == ""
    return process.stdout.splitlines()


def pds(process):
    return [line.removeprefix("./") for line in lines(process) if ": PDS" in line]


def test_a_table_module_alone_reports_what_other_modules_send(crm):
    assert pds(flake8("crm/specs.py", cwd=crm)) == EXPECTED
    assert pds(flake8("crm/sync.py", "crm/client.py", cwd=crm)) == []  # generic code fixes nothing itself
    assert pds(flake8("ledger", cwd=crm)) == []


def test_cold_and_warm_cache_and_jobs_agree(crm):
    cold = pds(flake8("--jobs", "2", ".", cwd=crm))
    cache = crm / ".pdscopes_cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    states = [p for p in cache.iterdir() if p.is_dir() and p.name != "manifests"]
    assert len(states) == 1 and len(entries(states[0])) == 2  # specs.py and sync.py name Pipedrive
    assert len(list((cache / "manifests").glob("*.json"))) == 1  # the manifest, parsed once
    warm = pds(flake8("--jobs", "2", ".", cwd=crm))
    single = pds(flake8("crm/specs.py", cwd=crm))
    assert cold == warm == single == EXPECTED


def test_files_saved_with_crlf_a_bom_or_another_encoding_are_answered_from_the_cache(crm):
    """What flake8 checks is compared with the file as Python reads it: newlines and encoding as flake8
    gives them, or each run would read the project again for such files."""
    specs = crm / "crm" / "specs.py"
    specs.write_bytes(b"\xef\xbb\xbf" + specs.read_bytes().replace(b"\n", b"\r\n"))
    sync = crm / "crm" / "sync.py"
    sync.write_bytes(b"# -*- coding: latin-1 -*-\n# d\xe9j\xe0 vu\n" + sync.read_bytes())
    assert pds(flake8(".", cwd=crm)) == EXPECTED
    state = next(p for p in (crm / ".pdscopes_cache").iterdir() if p.is_dir() and p.name != "manifests")
    assert sorted(Path(entry["key"]).name for entry in entries(state)) == ["specs.py", "sync.py"]


def test_no_cache_when_asked_or_elsewhere_when_moved(crm, tmp_path_factory):
    assert pds(flake8("crm/specs.py", cwd=crm, env={"PDSCOPES_NO_CACHE": "1"})) == EXPECTED
    assert not (crm / ".pdscopes_cache").exists()
    elsewhere = tmp_path_factory.mktemp("cache")
    assert pds(flake8("crm/specs.py", cwd=crm, env={"PDSCOPES_CACHE_DIR": str(elsewhere)})) == EXPECTED
    assert not (crm / ".pdscopes_cache").exists()
    assert entries(next(p for p in elsewhere.iterdir() if p.is_dir() and p.name != "manifests"))


def entries(state: Path) -> list[dict]:
    """The entries of one project state, whichever process wrote them."""
    return [json.loads(line) for log in state.glob("*.jsonl") for line in log.read_text().splitlines()]


def test_a_journal_reads_whole_lines_of_every_process(tmp_path):
    started = []
    writer = cache.Journal(tmp_path / "state", lambda folder: (folder.mkdir(), started.append(folder)))
    writer.add("a.py", {"calls": [1]})
    writer.add("b.py", {"calls": [2]})
    assert started == [tmp_path / "state"]  # once per process
    (tmp_path / "state" / "other-process.jsonl").write_text('{"key":"c.py","calls":[3]}\n{"key":"d.py","calls":[4]}')
    reader = cache.Journal(tmp_path / "state", started.append)
    assert [reader.get(key) for key in ("a.py", "b.py", "c.py", "d.py")] == [
        {"key": "a.py", "calls": [1]}, {"key": "b.py", "calls": [2]}, {"key": "c.py", "calls": [3]}, None
    ]  # fmt: skip  (d.py's line is still being written: no newline yet)
    writer.add("e.py", {"calls": [5]})
    assert reader.get("e.py") is None  # read once: a later entry is computed again, not waited for
    assert cache.Journal(tmp_path / "none", started.append).get("a.py") is None


@pytest.mark.parametrize("damage", ["garbage", "other-format", "being-written", "cut-short", "another-file"])
def test_a_corrupt_or_foreign_cache_is_ignored(crm, damage):
    assert pds(flake8("crm/specs.py", cwd=crm)) == EXPECTED
    logs = list((crm / ".pdscopes_cache").glob("*/*.jsonl"))
    assert logs
    for log in logs:
        text = log.read_text()
        entry = json.loads(text.splitlines()[0])
        if damage == "garbage":
            log.write_bytes(b"\x00\xffnot json\n")
        elif damage == "cut-short":  # a line whose end was lost, then another process's line after it
            log.write_text(text[: len(text) // 2] + text)
        else:  # another version's entry, or another file's, or one whose closing newline is not written yet
            entry["format" if damage == "other-format" else "key"] = "elsewhere"
            entry["calls"] = [[1, 0, "GET", ["https://api.pipedrive.com/v1/users"], "literal"]]
            if damage == "being-written":
                entry["key"] = json.loads(text.splitlines()[0])["key"]
            log.write_text(json.dumps(entry) + ("" if damage == "being-written" else "\n"))
    assert pds(flake8("crm/specs.py", cwd=crm)) == EXPECTED


def test_a_new_project_state_replaces_the_old_entries(crm):
    assert pds(flake8("crm/specs.py", cwd=crm)) == EXPECTED
    (crm / "crm" / "extra.py").write_text("VALUE = 1\n")
    assert pds(flake8("crm/specs.py", cwd=crm)) == EXPECTED
    assert len([p for p in (crm / ".pdscopes_cache").iterdir() if p.is_dir() and p.name != "manifests"]) == 1


def test_an_edited_manifest_is_read_again_not_taken_from_the_cache(crm):
    assert pds(flake8("crm/specs.py", cwd=crm)) == EXPECTED
    manifest = crm / "pdscopes.yaml"
    manifest.write_text(manifest.read_text().replace("contacts:read", "contacts:read, deals:read"))
    assert pds(flake8("crm/specs.py", cwd=crm)) == [line for line in EXPECTED if "PDS100" not in line]
    manifest.write_text("scopes: [deals:raed]\n")
    invalid = "PDS201 manifest invalid: pdscopes.yaml: unknown scope 'deals:raed' (did you mean 'deals:read'?)"
    assert any(line.endswith(invalid) for line in pds(flake8("crm/specs.py", cwd=crm)))


def test_an_edited_file_is_read_again(crm):
    assert pds(flake8("crm/specs.py", cwd=crm)) == EXPECTED
    specs = crm / "crm" / "specs.py"
    specs.write_text(specs.read_text().replace('    Spec("deals", "/v1/deals"),\n', ""))
    assert pds(flake8("crm/specs.py", cwd=crm)) == [EXPECTED[2].replace("14:21", "13:21")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_checkout_still_works(crm):
    for folder in (crm, crm / "crm", crm / "ledger"):
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert pds(flake8("crm/specs.py", cwd=crm)) == EXPECTED
    finally:
        for folder in (crm, crm / "crm", crm / "ledger"):
            folder.chmod(stat.S_IRWXU)


def test_an_unwritable_cache_folder_still_works(crm):
    (crm / ".pdscopes_cache").write_text("a file where the folder should be")
    assert pds(flake8("crm/specs.py", cwd=crm)) == EXPECTED
    # Root writes anywhere but /proc: the same failure a read-only checkout gives a user.
    assert pds(flake8("crm/specs.py", cwd=crm, env={"PDSCOPES_CACHE_DIR": "/proc/pdscopes"})) == EXPECTED


def test_pdscopes_scan_lists_the_call_where_it_is_fixed(crm):
    calls = json.loads(pdscopes("scan", "--format", "json", ".", cwd=crm).stdout)["calls"]
    assert [(c["file"], c["line"], c["endpoint"], c["via"]) for c in calls] == [
        ("crm/specs.py", 13, "/deals", "constructor"),
        ("crm/specs.py", 14, "/persons/collection", "constructor"),
        ("crm/specs.py", 15, "/notes", "constructor"),
    ]


def test_constructor_summaries_carry_where_each_argument_is_written(crm):
    index = ProjectIndex(project_root(crm / "crm"))
    specs = project.load_module(crm / "crm" / "specs.py")
    texts = index.constructor_texts(specs.classes["Spec"], "path")
    assert [(plain(t), first_origin(t).line) for t in texts] == [
        ("/v1/deals", 13), ("/v1/persons/collection", 14), ("/v1/notes", 15)
    ]
    assert [plain(t) for t in index.constructor_texts(specs.classes["Spec"], "page_size")] == ["50"]
    assert index.constructor_texts(specs.classes["Spec"], "missing") is None
    assert project_root(crm / "crm") == Path(crm)


def test_the_trees_of_a_check_go_when_it_ends_without_the_garbage_collector(crm, monkeypatch):
    """A tree in a reference cycle is freed only by the garbage collector's full passes, which grow with what
    they free; the checked file's tree and those of the modules read for it must go when their last user does."""
    monkeypatch.setenv("PDSCOPES_NO_CACHE", "1")
    specs = crm / "crm" / "specs.py"
    source = specs.read_text()
    tree = ast.parse(source)
    gc.disable()
    try:
        result = analyse(tree, source, str(specs), Settings())
        assert [(f.line, f.code) for f in result.findings] == [(13, "PDS100"), (13, "PDS102"), (14, "PDS102")]
        # The modules read for it (the sender and its client) stay in the tree cache until its bound.
        read = [project.load_module(crm / "crm" / name) for name in ("sync.py", "client.py")]
        assert list(read[1].classes) == ["Client"]  # a class refers to its module: no cycle for all that
        gone = [weakref.ref(tree), *(weakref.ref(module.tree) for module in read)]
        del tree, read
        memo.end_check()
        project._load.cache_clear()  # as the tree cache's bound would
        assert [ref() for ref in gone] == [None, None, None]
    finally:
        gc.enable()


@pytest.mark.parametrize("threshold", [(700, 10, 10), (0, 10, 10), (50_000, 5, 5)])
def test_collections_are_rarer_while_modules_are_read_and_the_setting_is_put_back(crm, monkeypatch, threshold):
    """While a check reads other modules, a young collection comes at most every YOUNG_COLLECTION_EVERY new
    objects; a collector the user turned off (0) or made rarer is left so; after the check, or a failure in
    it, flake8 has its own setting back."""
    monkeypatch.setenv("PDSCOPES_NO_CACHE", "1")
    specs = crm / "crm" / "specs.py"
    source = specs.read_text()
    parse, during = project.parse, []
    monkeypatch.setattr(project, "parse", lambda *a: during.append(gc.get_threshold()) or parse(*a))
    project._load.cache_clear()  # the modules the check reads are parsed, not taken from an earlier test
    saved = gc.get_threshold()
    gc.set_threshold(*threshold)
    try:
        result = analyse(ast.parse(source), source, str(specs), Settings())
        assert [(f.line, f.code) for f in result.findings] == [(13, "PDS100"), (13, "PDS102"), (14, "PDS102")]
        after = gc.get_threshold()
        with pytest.raises(RuntimeError), project.reading_modules():
            raise RuntimeError("a failure inside a check")
        after_failure = gc.get_threshold()
    finally:
        gc.set_threshold(*saved)
    rarer = threshold[0] if threshold[0] in (0, 50_000) else project.YOUNG_COLLECTION_EVERY
    assert during and set(during) == {(rarer, *threshold[1:])}  # the sender (sync.py) and its imports were read
    assert after == after_failure == threshold


def test_the_tree_cache_is_emptied_before_the_interpreter_s_last_collections(crm):
    """A flake8 run ends with the trees the index read still cached: they are let go at exit, before the
    interpreter's final collections would walk them. The probe's own exit hook, registered first, runs last."""
    probe = textwrap.dedent("""\
        import atexit
        atexit.register(lambda: print("cached at exit:", project._load.cache_info().currsize))
        from flake8.main.cli import main
        from flake8_pdscopes.finder import project
        try:
            main(["--select", "PDS", "crm/specs.py"])
        finally:
            print("cached after the run:", project._load.cache_info().currsize)
    """)
    result = run([sys.executable, "-c", probe], crm, env={"PDSCOPES_NO_CACHE": "1"})
    lines = result.stdout.splitlines()
    assert lines[0].startswith("crm/specs.py:13:19: PDS100 GET /deals (v1)")
    counts = {line.split(":")[0]: int(line.split(":")[1]) for line in lines if line.startswith("cached")}
    assert counts["cached after the run"] > 0 and counts["cached at exit"] == 0


def test_a_module_a_sender_loaded_is_read_next_while_its_tree_is_cached(tmp_path, monkeypatch):
    """Senders are read in the project's order, except that the modules one sender's read loaded (its imports)
    and that wait to be read too come next: the tree cache still holds them, so none is parsed twice."""
    monkeypatch.setenv("PDSCOPES_NO_CACHE", "1")
    write_project(tmp_path, {
        "pyproject.toml": "",
        "app/__init__.py": "",
        "app/specs.py": 'class Spec:\n    path = "/v1/deals"  # Pipedrive\n',
        "app/a_sync.py": "import requests\nfrom app.z_table import ROWS\n\n\ndef pull():  # the table's path\n"
        '    return requests.get("https://api.pipedrive.com/v1/" + ROWS[0])\n',
        "app/m_other.py": "# Pipedrive\npath = None\n",
        "app/z_table.py": "# Pipedrive\nROWS = ['path']\n",
    })  # fmt: skip
    read = []
    calls_of = ProjectIndex._calls_of

    def reading(index, path):
        read.append(Path(path).name)
        return calls_of(index, path)

    monkeypatch.setattr(ProjectIndex, "_calls_of", reading)
    specs = tmp_path / "app" / "specs.py"
    analyse(ast.parse(specs.read_text()), specs.read_text(), str(specs), Settings())
    assert read == ["a_sync.py", "z_table.py", "m_other.py"]  # in the project's order: z_table.py last


def test_a_subclass_reads_only_the_inherited_methods_its_members_can_change(tmp_path, monkeypatch):
    """A subclass of a large hierarchy (a framework's base classes, a company's own) is read only through the
    inherited methods that read what it defines: the others send what they send for any subclass, and
    reading them would read every module they call."""
    monkeypatch.setenv("PDSCOPES_NO_CACHE", "1")
    write_project(tmp_path, {
        "pyproject.toml": "",
        "pdscopes.yaml": "scopes: [base]\n",
        "app/__init__.py": "",
        "app/base.py": """\
            import requests

            from app.formats import pretty


            class Resource:
                def fetch(self):
                    return requests.get(self.base + self.path)

                def describe(self):
                    return pretty(type(self).__name__)
            """,
        "app/formats.py": "def pretty(name):\n    return name.title()\n",
        "app/deals.py": """\
            from app.base import Resource


            class Deals(Resource):
                base = "https://api.pipedrive.com/api/v2"
                path = "/deals"
            """,
    })  # fmt: skip
    parse, parsed = project.parse, []

    def recording(text, name="?", *rest):
        parsed.append(Path(name).name)
        return parse(text, name, *rest)

    monkeypatch.setattr(project, "parse", recording)
    project._load.cache_clear()
    deals = tmp_path / "app" / "deals.py"
    result = analyse(ast.parse(deals.read_text()), deals.read_text(), str(deals), Settings())
    assert [(f.line, f.code, f.message.split(" needs")[0]) for f in result.findings] == [
        (4, "PDS100", "GET /deals (v2)")
    ]
    assert "base.py" in parsed and "formats.py" not in parsed
    assert pds(flake8("app/deals.py", "app/base.py", cwd=tmp_path)) == [
        "app/deals.py:4:1: PDS100 GET /deals (v2) needs deals:read or deals:full; pdscopes.yaml grants no scope"
    ]  # and generic base code fixes nothing itself


CYCLES = {
    "pyproject.toml": "",
    "pdscopes.yaml": "scopes: [deals:read]\n",
    # Two modules that import each other, classes that derive from each other, constructors that build each
    # other and helpers that call each other: the index and the finder stop, and what they can read is found.
    "loop/a.py": """\
        \"\"\"Pipedrive, one half.\"\"\"
        import requests

        from loop.b import B, ping


        class A(B):
            def __init__(self, path="/v1/deals"):
                self.path = path
                self.other = B(self)

            def send(self):
                return requests.get("https://api.pipedrive.com" + self.path)


        def pong(n):
            return ping(n - 1) if n else requests.get("https://api.pipedrive.com/api/v2/deals")


        A("/api/v2/stages")
        """,
    "loop/b.py": """\
        \"\"\"Pipedrive, the other half.\"\"\"
        from loop.a import A, pong


        class B(A):
            def __init__(self, a):
                self.a = A(a)


        def ping(n):
            return pong(n)
        """,
}


def test_cycles_of_imports_classes_constructors_and_calls_end(tmp_path):
    for name, text in CYCLES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    calls = json.loads(pdscopes("scan", "--format", "json", ".", cwd=tmp_path).stdout)["calls"]
    assert {(c["file"], c["line"], c["endpoint"]) for c in calls} >= {
        ("loop/a.py", 17, "/deals"),  # the helper's own request
        ("loop/a.py", 20, "/stages"),  # the construction that fixes A.path
    }
    assert pds(flake8("loop", cwd=tmp_path)) != []


def test_ten_thousand_modules_are_bounded_and_the_checked_file_still_found(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "pdscopes.yaml").write_text("scopes: []\n")
    for folder in range(100):
        package = tmp_path / f"pkg{folder}"
        package.mkdir()
        for number in range(100):
            # Every module names Pipedrive, so the index meets its bound on candidate modules.
            (package / f"m{number}.py").write_text(f'"""Pipedrive notes, part {number}."""\nVALUE = {number}\n')
    (tmp_path / "app.py").write_text('import requests\nrequests.get("https://api.pipedrive.com/api/v2/deals")\n')
    assert pds(flake8("app.py", cwd=tmp_path)) == [
        "app.py:2:1: PDS100 GET /deals (v2) needs deals:read or deals:full; pdscopes.yaml grants no scope"
    ]


def test_an_unreadable_module_is_passed_over(crm):
    secret = crm / "crm" / "secret.py"
    secret.write_text('"""Pipedrive."""\n')
    secret.chmod(0)
    try:
        assert pds(flake8("crm/specs.py", cwd=crm)) == EXPECTED
    finally:
        secret.chmod(0o644)


STREAMS = {
    "pyproject.toml": "",
    "pdscopes.yaml": "scopes: [contacts:read]\n",
    "app/__init__.py": "",
    "app/streams.py": """\
        \"\"\"Streams of the Pipedrive sync.\"\"\"


        class DealsStream:
            endpoint = "deals"
            api_version = "api/v2"


        class PersonsStream:
            endpoint = "persons"
            api_version = "api/v2"


        class LedgerAccounts:  # the same attribute names, but no Pipedrive endpoint: never reported
            endpoint = "ledger-accounts"
            api_version = "v1"
        """,
    # The sender cannot see which class it is given: each attribute is read by its name.
    "app/sync.py": """\
        import requests

        from app.streams import DealsStream, PersonsStream

        BASE = "https://api.pipedrive.com"


        def sync(stream):
            return requests.get(f"{BASE}/{stream.api_version}/{stream.endpoint}")


        for each in [DealsStream(), PersonsStream()]:
            sync(each)
        """,
}


def test_attributes_of_objects_of_unknown_class_are_read_by_name(tmp_path):
    write_project(tmp_path, STREAMS)
    # Read by name, an attribute may hold what any class gives it: LedgerAccounts' "v1" with DealsStream's
    # "deals" is a real endpoint too, and as both versions need the same scopes the call is judged once.
    assert pds(flake8("app/streams.py", cwd=tmp_path)) == [
        "app/streams.py:5:16: PDS100 GET /deals (v2 or v1) needs deals:read or deals:full; "
        "pdscopes.yaml grants contacts:read"
    ]
    calls = json.loads(pdscopes("scan", "--format", "json", ".", cwd=tmp_path).stdout)["calls"]
    assert [(c["file"], c["line"], c["endpoint"], c["via"]) for c in calls] == [
        ("app/streams.py", 5, "/deals", "constant"),
        ("app/streams.py", 10, "/persons", "constant"),
    ]


PICKED = {
    "pyproject.toml": "",
    "pdscopes.yaml": "scopes: [deals:read]\n",
    "app/__init__.py": "",
    # The paths are written here; callers only name an entity.
    "app/fields.py": """\
        \"\"\"Custom fields of Pipedrive entities.\"\"\"
        import requests

        BASE = "https://api.pipedrive.com/v1"
        PATHS = {"deal": "dealFields", "person": "personFields", "org": "organizationFields"}


        def list_fields(entity):
            return requests.get(f"{BASE}/{entity}Fields")


        def add_field(entity, name):
            return requests.post(f"{BASE}/{PATHS[entity]}", json={"name": name})


        def ledger_fields(entity):  # the same shape aimed at another API: nothing
            return requests.get(f"https://ledger.example/v1/{entity}Fields")
        """,
    # A caller that never names Pipedrive itself.
    "app/setup.py": """\
        from app.fields import add_field, ledger_fields, list_fields


        def main():
            list_fields("deal")
            list_fields("person")
            add_field("org", "tier")
            ledger_fields("person")
        """,
}


def test_a_request_is_reported_where_the_body_writes_the_path_its_caller_picks(tmp_path):
    write_project(tmp_path, PICKED)
    expected = [
        "app/fields.py:9:12: PDS100 GET /personFields (v1) needs contacts:read, contact-fields:full, "
        "contacts:full or admin; pdscopes.yaml grants deals:read",
        "app/fields.py:13:12: PDS100 POST /organizationFields (v1) needs contact-fields:full or admin; "
        "pdscopes.yaml grants deals:read",
    ]  # GET /dealFields is granted by deals:read
    cold = pds(flake8("--jobs", "2", ".", cwd=tmp_path))
    assert cold == pds(flake8("--jobs", "2", ".", cwd=tmp_path)) == pds(flake8("app/fields.py", cwd=tmp_path))
    assert cold == expected
    assert pds(flake8("app/setup.py", cwd=tmp_path)) == []
    fields = tmp_path / "app/fields.py"
    fields.write_text(fields.read_text().replace('{entity}Fields")\n', '{entity}Fields")  # noqa: PDS100\n', 1))
    assert pds(flake8("app/fields.py", cwd=tmp_path)) == expected[1:]


MODELS = {
    "pyproject.toml": "",
    "pdscopes.yaml": "scopes: [contacts:read]\n",
    "crm/__init__.py": "",
    # One client per resource, its base defaulted in the body, its verb picked by the method called.
    "crm/records.py": """\
        from urllib.parse import urljoin

        import requests


        class RecordClient:
            def __init__(self, resource=None, base_url=None):
                self.resource = resource
                if base_url is None:
                    base_url = "https://api.pipedrive.com/v1/"
                self.base_url = base_url

            def _send(self, verb, path, body=None):
                url = urljoin(self.base_url, path)
                if verb == "POST":
                    return requests.post(url, json=body)
                if verb == "DELETE":
                    return requests.delete(url)
                return requests.get(url, params=body)

            def all(self, **filters):
                return self._send("GET", self.resource, filters)

            def remove(self, record_id):
                return self._send("DELETE", f"{self.resource}/{record_id}")


        class LedgerClient(RecordClient):  # the same client aimed at another API: nothing
            def __init__(self, resource=None, base_url=None):
                super().__init__(resource, base_url or "https://api.ledger.example/v1/")
        """,
    # Models hold their client as a class attribute; the shared base class sends through it.
    "crm/models.py": """\
        from crm.records import LedgerClient, RecordClient


        class Mirrored:
            remote_id = None

            @classmethod
            def pull_all(cls):
                return cls.remote.all(start=0)

            def drop(self):
                return self.remote.remove(self.remote_id)


        class Note(Mirrored):
            remote = RecordClient("notes")


        class Activity(Mirrored):
            remote = RecordClient(resource="activities")


        class Invoice(Mirrored):
            remote = LedgerClient("invoices")
        """,
}


def test_a_client_made_per_model_sends_its_resource_with_each_method_s_verb(tmp_path):
    write_project(tmp_path, MODELS)
    expected = [
        "crm/models.py:16:27: PDS100 DELETE /notes/{id} (v1) needs contacts:full or deals:full; "
        "pdscopes.yaml grants contacts:read",
        "crm/models.py:20:36: PDS100 DELETE /activities/{id} (v1) needs activities:full; "
        "pdscopes.yaml grants contacts:read",
        "crm/models.py:20:36: PDS100 GET /activities (v1) needs activities:read or activities:full; "
        "pdscopes.yaml grants contacts:read",
    ]  # GET /notes is granted by contacts:read
    process = flake8("--select", "PDS100,PDS101,PDS103", "crm/models.py", cwd=tmp_path)
    assert pds(process) == expected
    assert pds(flake8("--select", "PDS100,PDS101,PDS103", "--jobs", "2", ".", cwd=tmp_path)) == expected
    calls = json.loads(pdscopes("scan", "--format", "json", ".", cwd=tmp_path).stdout)["calls"]
    assert sorted((c["line"], c["method"], c["endpoint"]) for c in calls) == [
        (16, "DELETE", "/notes/{id}"), (16, "GET", "/notes"), (20, "DELETE", "/activities/{id}"),
        (20, "GET", "/activities"),
    ]  # fmt: skip


DOMAIN = {
    "pyproject.toml": "",
    "pdscopes.yaml": "scopes: [deals:full]\n",
    "mcp/__init__.py": "",
    # The company's domain is given to the constructor; each version's path is one branch of get_url.
    "mcp/base.py": """\
        import httpx


        class BaseClient:
            def __init__(self, token: str, company_domain: str, http: httpx.AsyncClient):
                self.domain = f"https://{company_domain}.pipedrive.com"
                self.api_version = "v2"
                self.http = http

            def get_url(self, endpoint, version=None):
                version = version or self.api_version
                if version == "v2":
                    return f"{self.domain}/api/v2{endpoint}"
                elif version == "v1":
                    return f"{self.domain}/v1{endpoint}"
                raise ValueError(version)

            async def request(self, method, endpoint, payload=None, version=None):
                return await self.http.request(method, self.get_url(endpoint, version), json=payload)
        """,
    "mcp/deals.py": """\
        from mcp.base import BaseClient


        class DealClient:
            def __init__(self, base: BaseClient):
                self.base = base

            async def update(self, deal_id, payload, custom_fields=None):
                if custom_fields:
                    return await self.base.request("PUT", f"/deals/{deal_id}", payload, version="v1")
                return await self.base.request("PATCH", f"/deals/{deal_id}", payload)

            async def products(self, deal_id):
                return await self.base.request("GET", f"/deals/{deal_id}/products", version="v1")
        """,
    # Where the client is made fixes its host, not an endpoint.
    "mcp/server.py": """\
        import httpx

        from mcp.base import BaseClient
        from mcp.deals import DealClient

        deals = DealClient(BaseClient("token", "acme", httpx.AsyncClient()))
        """,
}


def test_a_company_domain_given_to_a_constructor_fixes_no_endpoint(tmp_path):
    write_project(tmp_path, DOMAIN)
    findings = [line.split(" needs ")[0].split(" is retired ")[0] for line in pds(flake8(".", cwd=tmp_path))]
    # Each call keeps its version: the caller's "v1", or the client's default "v2" (PUT is v1's alone).
    assert findings == [
        "mcp/deals.py:10:26: PDS102 PUT /deals/{id} (v1)",
        "mcp/deals.py:14:22: PDS100 GET /deals/{id}/products (v1)",
        "mcp/deals.py:14:22: PDS102 GET /deals/{id}/products (v1)",
    ]
    calls = json.loads(pdscopes("scan", "--format", "json", ".", cwd=tmp_path).stdout)["calls"]
    assert [(c["file"], c["line"], c["method"], c["api_version"], c["endpoint"]) for c in calls] == [
        ("mcp/deals.py", 10, "PUT", "v1", "/deals/{id}"),
        ("mcp/deals.py", 11, "PATCH", "v2", "/deals/{id}"),
        ("mcp/deals.py", 14, "GET", "v1", "/deals/{id}/products"),
    ]


RESOURCES = {
    "pyproject.toml": "",
    "pdscopes.yaml": "scopes: [contacts:read]\n",
    "crm_pipedrive/__init__.py": "",
    # Resources build their URLs from the client they are given; the helper lives in a mixin.
    "crm_pipedrive/paths.py": """\
        class PathsMixin:
            def _collection(self):
                return f"{self.owner.base_url}{self.resource}"

            def _item(self, item_id):
                return f"{self.owner.base_url}{self.resource}/{item_id}"
        """,
    "crm_pipedrive/resources.py": """\
        import requests

        from crm_pipedrive.paths import PathsMixin


        class Notes(PathsMixin):
            def __init__(self, owner):
                self.owner = owner
                self.resource = "notes"

            def add(self, content):
                return requests.post(self._collection(), json={"content": content})

            def remove(self, note_id):
                return requests.delete(self._item(note_id))
        """,
    # The client stores its base on itself and hands itself to each resource.
    "crm_pipedrive/client.py": """\
        from crm_pipedrive.resources import Notes


        class Client:
            def __init__(self, token):
                self.base_url = "https://api.pipedrive.com/v1/"
                self.token = token
                self.notes = Notes(self)
        """,
    # The same shape aimed at another service, in a module that names Pipedrive: nothing. Its base is read
    # through the object its resource is given, never by the attribute's name (which two classes share).
    "crm_pipedrive/billing.py": """\
        \"\"\"Invoices for the deals won in Pipedrive, sent to the billing service.\"\"\"
        import requests


        class Billing:
            def __init__(self, token):
                self.base_url = "https://billing.example.com/v1/"
                self.invoices = Invoices(self)


        class Invoices:
            def __init__(self, service):
                self.service = service

            def add(self, amount):
                return requests.post(f"{self.service.base_url}pipelines", json={"amount": amount})
        """,
    # A stream that chooses its endpoint in a method, read by name where the stream's class is unknown.
    "crm_pipedrive/streams.py": """\
        \"\"\"Streams of the Pipedrive export.\"\"\"


        class DealChanges:
            template = "deals/{}/flow"

            def focus(self, deal_id):
                self.endpoint = self.template.format(deal_id)
        """,
    "crm_pipedrive/sync.py": """\
        import requests

        BASE = "https://api.pipedrive.com/v1"


        def pull(stream):
            return requests.get(f"{BASE}/{stream.endpoint}")
        """,
}


def test_objects_handed_to_a_constructor_and_attributes_stored_by_a_method(tmp_path):
    write_project(tmp_path, RESOURCES)
    process = flake8("--select", "PDS100,PDS101,PDS103", "--enable-extensions", "PDS103", ".", cwd=tmp_path)
    assert pds(process) == [
        "crm_pipedrive/resources.py:12:16: PDS100 POST /notes (v1) needs contacts:full or deals:full; "
        "pdscopes.yaml grants contacts:read",
        "crm_pipedrive/resources.py:15:16: PDS100 DELETE /notes/{id} (v1) needs contacts:full or deals:full; "
        "pdscopes.yaml grants contacts:read",
        "crm_pipedrive/streams.py:8:25: PDS100 GET /deals/{id}/flow (v1) needs recents:read; "
        "pdscopes.yaml grants contacts:read",
    ]
    # The stream's endpoint is fixed where the method stores it: that file alone reports it.
    assert [line.split(" needs ")[0] for line in pds(flake8("--select", "PDS100", "crm_pipedrive/streams.py",
                                                            cwd=tmp_path))] == [
        "crm_pipedrive/streams.py:8:25: PDS100 GET /deals/{id}/flow (v1)"
    ]  # fmt: skip


def test_an_attribute_name_that_also_holds_another_service_s_url_is_not_read_by_name(tmp_path):
    files = {**RESOURCES, "crm_pipedrive/sync.py": """\
        import requests


        def pull(service):
            \"\"\"The deals of Pipedrive, or of whatever service has a base_url.\"\"\"
            return requests.get(service.base_url + "deals")
        """}  # fmt: skip
    write_project(tmp_path, files)
    assert pds(flake8("--select", "PDS100,PDS101", "crm_pipedrive/sync.py", cwd=tmp_path)) == []


MOCKED = {
    "pyproject.toml": "",
    "pdscopes.yaml": "scopes: [deals:read]\n",
    "app/__init__.py": "",
    "app/client.py": """\
        import httpx


        class Client:
            def __init__(self, http: httpx.Client):
                self.http = http

            def get(self, path):
                return self.http.get("https://api.pipedrive.com/v1" + path)
        """,
    # The mocked transport comes from a fixture of a conftest.py above the test module.
    "tests/conftest.py": """\
        from unittest import mock

        import httpx
        import pytest


        @pytest.fixture
        def transport():
            return mock.create_autospec(httpx.Client, instance=True)
        """,
    "tests/unit/client_test.py": """\
        from app.client import Client


        def test_a_dummy_path(transport):
            Client(transport).get("/not-an-endpoint")


        def test_a_real_client_still_counts():
            import httpx

            Client(httpx.Client()).get("/deals")
        """,
}


def test_a_client_given_a_mock_by_a_conftest_fixture_sends_nothing(tmp_path):
    write_project(tmp_path, MOCKED)
    assert pds(flake8("--select", "PDS100,PDS101", "tests/unit/client_test.py", cwd=tmp_path)) == []
    calls = json.loads(pdscopes("scan", "--format", "json", ".", cwd=tmp_path).stdout)["calls"]
    assert [(c["file"], c["line"], c["endpoint"]) for c in calls] == [("tests/unit/client_test.py", 11, "/deals")]


OPTIONS = {
    "pyproject.toml": "",
    "pdscopes.yaml": "scopes: [contacts:read]\n",
    "crm/__init__.py": "",
    # A client whose version is looked up by its constructor's argument, its verbs bound as partial methods.
    "crm/api.py": """\
        from functools import partialmethod

        import requests

        PREFIXES = {"v1": "v1", "v2": "api/v2"}


        class Api:
            def __init__(self, version="v2"):
                self.session = requests.Session()
                self.root = f"https://api.pipedrive.com/{PREFIXES[version]}/"

            def request(self, method, uri, json=None):
                return self.session.request(method=method, url=self.root + uri, json=json)

            get = partialmethod(request, "GET")
            delete = partialmethod(request, "DELETE")
        """,
    # The generic base: every model names its resource and version in a nested Options class, read by name.
    "crm/orm.py": """\
        from crm.api import Api


        class Model:
            @classmethod
            def option(cls, name, default=None):
                if not hasattr(cls.Options, name):
                    return default
                return getattr(cls.Options, name)

            @classmethod
            def api(cls, version=None):
                return Api(cls.option("version", "v2") if version is None else version)

            @classmethod
            def remove(cls, record_id):
                return cls.api().delete(f"{cls.option('resource')}/{record_id}")
        """,
    "crm/models.py": """\
        from crm.api import PREFIXES
        from crm.orm import Model


        class Deal(Model):
            class Options:
                resource = "deals"

            @classmethod
            def summary(cls):
                return cls.api(version="v1").get(f"{cls.option('resource')}/summary")


        class Person(Model):
            class Options:
                resource = "persons"
                version = "v1"
        """,
}


def test_models_configured_by_a_nested_class_send_through_the_base_s_helpers(tmp_path):
    write_project(tmp_path, OPTIONS)
    expected = [
        "crm/models.py:5:1: PDS100 DELETE /deals/{id} (v2) needs deals:full; pdscopes.yaml grants contacts:read",
        "crm/models.py:11:16: PDS100 GET /deals/summary (v1) needs deals:read or deals:full; "
        "pdscopes.yaml grants contacts:read",
        "crm/models.py:14:1: PDS100 DELETE /persons/{id} (v1) needs contacts:full; pdscopes.yaml grants contacts:read",
    ]
    assert pds(flake8("--select", "PDS100", "crm/models.py", cwd=tmp_path)) == expected  # cold
    assert pds(flake8("--select", "PDS100", "crm/models.py", cwd=tmp_path)) == expected  # warm
    assert pds(flake8("--select", "PDS100", "--jobs", "2", ".", cwd=tmp_path)) == expected
    assert pds(flake8("--select", "PDS100", "crm/orm.py", "crm/api.py", cwd=tmp_path)) == []  # generic code
