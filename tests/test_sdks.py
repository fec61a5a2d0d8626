"""SDK calls: a file calling every method of a table yields exactly the table's endpoints; decoys yield nothing."""
import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from helpers import pdscopes

RULES = Path(__file__).resolve().parent.parent / "rules" / "sdks"


def table(package):
    return yaml.safe_load((RULES / f"{package}.yaml").read_text(encoding="utf-8"))


def shape(path):
    return re.sub(r"\{[^}]*\}", "{}", path)


def scan(folder, source):
    (folder / "app.py").write_text(textwrap.dedent(source))
    process = pdscopes("scan", "--format", "json", "app.py", cwd=folder)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)["calls"]


TABLES = sorted(p.stem for p in RULES.glob("*.yaml") if table(p.stem)["shape"] == "table")


@pytest.mark.parametrize("package", TABLES)
def test_every_method_of_a_table_yields_its_endpoint(tmp_path, package):
    sdk = table(package)
    constructor = sdk["constructors"][0]
    lines = [f"import {constructor.rsplit('.', 1)[0]}", "", f"client = {constructor}('token')"]
    lines += [f"client.{name}(1, 2, 3)" for name in sdk["methods"]]
    calls = scan(tmp_path, "\n".join(lines) + "\n")
    found = [(c["method"], shape(c["endpoint"]), c["via"]) for c in calls]
    expected = [(*value.split(" ", 1), f"sdk:{package}") for value in sdk["methods"].values()]
    assert found == [(method, shape(path), via) for method, path, via in expected]


def test_the_tables_are_complete():
    assert TABLES == ["onepipepy", "pipedrive-python-lib"]
    assert len(table("pipedrive-python-lib")["methods"]) == 93
    assert len(table("onepipepy")["methods"]) == 12


def test_pipedrive_python_lib_client_however_it_reaches_the_call(tmp_path):
    (tmp_path / "pd.py").write_text(
        "from pipedrive.client import Client\nclient = Client(domain='https://acme.pipedrive.com')\n"
    )
    calls = scan(
        tmp_path,
        """\
        from pipedrive.client import Client
        from pd import client as shared


        class Sync:
            def __init__(self):
                self.client = Client("id", "secret")

            def run(self, deal_id):
                self.client.deals.get_deal(deal_id)
                (self.client
                    .persons
                    .create_person({}))
                self.client.exchange_code("https://app.example/cb", "code")
                shared.notes.get_all_notes()
        """,
    )
    assert [(c["line"], c["method"], c["endpoint"], c["api_version"]) for c in calls] == [
        (10, "GET", "/deals/{id}", "v1"),
        (11, "POST", "/persons", "v1"),
        (15, "GET", "/notes", "v1"),
    ]


def test_python_pipedrive_attribute_path_and_method_keyword(tmp_path):
    rule = table("python-pipedrive")
    assert rule["shape"] == "attribute-path" and rule["method_argument"]["default"] == "GET"
    calls = scan(
        tmp_path,
        """\
        from pipedrive import Pipedrive

        p = Pipedrive("token")
        p.persons_find({"term": "x"}, method="GET")
        p.deals({"title": "x"}, method="POST")
        p.organizations()
        p.activityTypes({}, "PUT")
        """,
    )
    assert [(c["method"], c["endpoint"], c["via"]) for c in calls] == [
        ("GET", "/persons/find", "sdk:python-pipedrive"),
        ("POST", "/deals", "sdk:python-pipedrive"),
        ("GET", "/organizations", "sdk:python-pipedrive"),
        ("PUT", "/activityTypes", "sdk:python-pipedrive"),
    ]


DECOYS = {
    # a project's own class with the SDK's method names
    "own-class": "class Deals:\n    def create_deal(self, d): return d\nclass Api:\n    deals = Deals()\n"
    "Api().deals.create_deal({})\n",
    # pipedrive-api installs the same pipedrive.Pipedrive, built with keywords: no table, no guess
    "pipedrive-api": "from pipedrive import Pipedrive\np = Pipedrive(domain='acme', api_token='t')\np.deals.get(1)\n",
    # a call shape python-pipedrive's client does not have
    "wrong-shape": "from pipedrive import Pipedrive\np = Pipedrive('t')\np.deals.get(1)\n",
}


@pytest.mark.parametrize("name", sorted(DECOYS))
def test_decoys_yield_nothing(tmp_path, name):
    assert scan(tmp_path, DECOYS[name]) == []


def test_a_project_module_called_pipedrive_is_the_projects_own(tmp_path):
    (tmp_path / "pipedrive").mkdir()
    (tmp_path / "pipedrive" / "__init__.py").write_text("")
    (tmp_path / "pipedrive" / "client.py").write_text(
        "class Deals:\n    def get_deal(self, i): return i\nclass Client:\n    deals = Deals()\n"
    )
    assert scan(tmp_path, "from pipedrive.client import Client\nClient().deals.get_deal(1)\n") == []


def test_pipedrive_0_2_and_python_pipedrive_told_apart_by_call_shape(tmp_path):
    rule = table("pipedrive")
    assert rule["actions"] == {"get": "GET", "create": "POST", "update": "PUT", "delete": "POST"}
    calls = scan(
        tmp_path,
        """\
        from pipedrive import Pipedrive

        p = Pipedrive("token")
        p.get_deals()
        p.create_persons({"name": "x"})
        p.update_deals({"id": 5, "title": "y"})
        p.persons_find({"term": "x"}, method="GET")
        p.deals({}, method="POST")
        """,
    )
    assert [(c["method"], c["endpoint"], c["via"]) for c in calls] == [
        ("GET", "/deals", "sdk:pipedrive"),
        ("POST", "/persons", "sdk:pipedrive"),
        ("PUT", "/deals/{id}", "sdk:pipedrive"),
        ("GET", "/persons/find", "sdk:python-pipedrive"),
        ("POST", "/deals", "sdk:python-pipedrive"),
    ]
