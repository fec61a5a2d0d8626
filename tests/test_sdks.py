"""SDK calls: a file calling every method of a table yields exactly the table's endpoints; decoys yield nothing."""
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from helpers import pdscopes

from flake8_pdscopes.urls import parse_url

RULES = Path(__file__).resolve().parent.parent / "rules" / "sdks"


def test_compiled_json_equals_the_reviewed_tables():
    sys.path.insert(0, str(RULES.parent.parent / "scripts"))
    from import_sdks import compile_sdks

    assert json.loads((RULES / "sdks.json").read_text(encoding="utf-8")) == compile_sdks(RULES)


def table(package):
    return yaml.safe_load((RULES / f"{package}.yaml").read_text(encoding="utf-8"))


def shape(path):
    return re.sub(r"\{[^}]*\}", "{}", path)


def sent(calls):
    """The requests a scan found: (line, method, endpoint, API version)."""
    return [(c["line"], c["method"], c["endpoint"], c["api_version"]) for c in calls]


def scan(folder, source):
    (folder / "app.py").write_text(textwrap.dedent(source))
    process = pdscopes("scan", "--format", "json", "app.py", cwd=folder)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)["calls"]


TABLES = sorted(p.stem for p in RULES.glob("*.yaml") if table(p.stem)["shape"] == "table")


def requests(value):
    return [value] if isinstance(value, str) else value


def calling_every_method(sdk):
    """A program that calls every method of a table once, and the requests the table says each sends.

    A client is built with as many arguments as its constructor requires; a model's methods are called on the
    model class; ``()`` in a path is a call (``deals.products(1).list``); a named placeholder that the call's
    argument fills (``/v1/{type}Fields``) is given ``"deal"``."""
    lines, expected = [], []
    if sdk.get("models"):
        module = sdk["constructors"][0].rsplit(".", 1)[0]
        lines.append(f"from {module} import {', '.join(c.rsplit('.', 1)[1] for c in sdk['constructors'])}")
        receiver = ""
    else:
        constructor = sdk["constructors"][0]
        required = sdk.get("signature", {"required": 0})["required"]
        construction = ", ".join(["'x'"] * required)
        lines += [f"import {constructor.rsplit('.', 1)[0]}", f"client = {constructor}({construction})"]
        receiver = "client."
    for name, value in sdk["methods"].items():
        filled = sdk.get("arguments", {}).get(name, {})
        arguments = ["1"] * 3
        for position in filled.values():
            arguments[position] = "'deal'"
        lines.append(f"{receiver}{name.replace('()', '(1)')}({', '.join(arguments)})")
        for request in requests(value):
            method, path = request.split(" ", 1)
            for placeholder in filled:
                path = path.replace("{" + placeholder + "}", "deal")
            url = parse_url(re.sub(r"\{[^}]*\}", "1", sdk["base"]).rstrip("/") + "/" + path.lstrip("/"))
            expected.append((len(lines), method, url.version, shape(url.path)))
    return "\n".join(lines) + "\n", expected


@pytest.mark.parametrize("package", TABLES)
def test_every_method_of_a_table_yields_its_endpoint(tmp_path, package):
    sdk = table(package)
    source, expected = calling_every_method(sdk)
    calls = scan(tmp_path, source)
    found = [(c["line"], c["method"], c["api_version"], shape(c["endpoint"])) for c in calls]
    assert sorted(found) == sorted(expected)
    assert {c["via"] for c in calls} == {f"sdk:{package}"}


def test_the_tables_are_complete():
    assert TABLES == ["onepipepy", "pipedrive-api", "pipedrive-python-lib", "pypedrive-async", "pypipedrive-client"]
    assert len(table("pipedrive-python-lib")["methods"]) == 93
    assert len(table("onepipepy")["methods"]) == 12
    assert len(table("pipedrive-api")["methods"]) == 69
    assert len(table("pypedrive-async")["methods"]) == 14
    assert len(table("pypipedrive-client")["methods"]) == 216


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
    assert sent(calls) == [
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
    # a call shape python-pipedrive's client does not have (and pipedrive-api's Pipedrive needs two arguments)
    "wrong-shape": "from pipedrive import Pipedrive\np = Pipedrive('t')\np.deals.get(1)\n",
    # a construction no SDK's Pipedrive accepts
    "no-constructor-fits": "from pipedrive import Pipedrive\np = Pipedrive('a', 'b', 'c')\np.deals.get(1)\n",
    # a method pipedrive-api's endpoints do not have
    "not-in-the-table": "from pipedrive import Pipedrive\np = Pipedrive(domain='a', api_token='t')\n"
    "p.deals.search('x')\np.deals.products(1).create({})\n",
    # pipedrive-api's raw request method given an absolute URL that is not Pipedrive's
    "raw-elsewhere": "from pipedrive import Pipedrive\np = Pipedrive(domain='a', api_token='t')\n"
    "p.get('https://hooks.example.com/deals')\n",
    # the project's own model classes named like pypipedrive-client's
    "own-models": "class Deals:\n    @classmethod\n    def all(cls): return []\n    def save(self): pass\n"
    "Deals.all()\nDeals().save()\n",
    # a model method that raises NotImplementedError in the SDK is not in its table
    "not-implemented": "from pypipedrive.models import Goals, Deals\nGoals.all()\nDeals.batch_delete([1])\n",
    # a client class of another package, with pypedrive-async's method names
    "other-client": "from crm.client import Client\nasync def f():\n    async with Client('t', 'u', 'p') as c:\n"
    "        await c.create_person(None)\n",
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


def test_a_project_package_called_pypipedrive_is_the_projects_own(tmp_path):
    (tmp_path / "pypipedrive").mkdir()
    (tmp_path / "pypipedrive" / "__init__.py").write_text("")
    (tmp_path / "pypipedrive" / "models.py").write_text(
        "class Deals:\n    @classmethod\n    def all(cls): return []\n    def save(self): pass\n"
    )
    source = "from pypipedrive.models import Deals\nimport pypipedrive.models\nDeals.all()\nDeals().save()\n"
    assert scan(tmp_path, source + "pypipedrive.models.Deals.all()\n") == []


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


def test_pipedrive_api_client_however_it_reaches_the_call(tmp_path):
    (tmp_path / "crm.py").write_text(
        "import os\nfrom pipedrive import Pipedrive\n"
        "pd = Pipedrive(domain=os.environ['PD_DOMAIN'], api_token=os.environ['PD_TOKEN'])\n"
    )
    calls = scan(
        tmp_path,
        """\
        from pipedrive import Pipedrive as PD
        from crm import pd


        class Sync:
            def __init__(self, domain, token):
                self.client = PD(domain, token)

            def run(self, deal_id):
                self.client.deals.products(deal_id).stream()
                return self.client.patch(f"/v2/deals/{deal_id}", json={})


        def fields(p: PD):
            return p.persons.fields.list()


        with PD(domain="acme", api_token="t") as p:
            (p.organizations
                .update(1, {}))
        pd.stages.list()
        """,
    )
    assert sent(calls) == [
        (10, "GET", "/deals/{id}/products", "v2"),
        (11, "PATCH", "/deals/{id}", "v2"),
        (15, "GET", "/personFields", "v2"),
        (19, "PATCH", "/organizations/{id}", "v2"),
        (21, "GET", "/stages", "v2"),
    ]
    assert {c["via"] for c in calls} == {"sdk:pipedrive-api"}


def test_pypipedrive_client_models_and_their_records(tmp_path):
    rule = table("pypipedrive-client")
    assert rule["methods"]["Deals.save"] == ["POST /api/v2/deals", "PATCH /api/v2/deals/{id}"]
    assert rule["methods"]["Leads.save"] == ["POST /v1/leads", "PATCH /v1/leads/{id}"]  # its PATCH exception
    calls = scan(
        tmp_path,
        """\
        import pypipedrive.models as pd
        from pypipedrive.models import Deals, Persons


        def close(deal: Deals):
            deal.delete()


        deal = Deals.get(id=1)
        deal.add_follower(5)
        for person in Persons.all():
            person.merge(7)
        pd.Organizations.search("acme")
        Deals(title="new").save()
        """,
    )
    assert sent(calls) == [
        (6, "DELETE", "/deals/{id}", "v2"),
        (9, "GET", "/deals/{id}", "v2"),
        (10, "POST", "/deals/{id}/followers", "v2"),
        (11, "GET", "/persons", "v2"),
        (12, "PUT", "/persons/{id}/merge", "v1"),
        (13, "GET", "/itemSearch", "v2"),
        (14, "PATCH", "/deals/{id}", "v2"),
        (14, "POST", "/deals", "v2"),
    ]


def test_pypedrive_async_methods_send_every_request_they_may(tmp_path):
    calls = scan(
        tmp_path,
        """\
        import pypedrive_async
        from pypedrive_async import CustomFieldSource


        async def sync(lead_id, field):
            async with pypedrive_async.Client("t", "https://acme.pipedrive.com/api", "web") as client:
                await client.get_lead(lead_id)
                await client.create_custom_field(field, "deal")
                await client.create_or_get_lead_label(None)
                await client.update_custom_field(field, type=CustomFieldSource.person)
                await client.create_custom_field(field, field.source)
        """,
    )
    assert sent(calls) == [
        (7, "GET", "/leads/{id}", "v1"),
        (8, "POST", "/dealFields", "v1"),
        (9, "GET", "/leadLabels", "v1"),
        (9, "POST", "/leadLabels", "v1"),
        (10, "PUT", "/personFields/{id}", "v1"),
        (11, "POST", None, "v1"),  # unresolved: the resource is chosen at run time
    ]
    assert calls[-1]["status"] == "unresolved" and "POST /dealFields (v1)" in calls[-1]["candidates"]


def test_a_construction_two_sdks_accept_is_told_apart_by_each_call(tmp_path):
    # Pipedrive(a, b) binds to python-pipedrive's (email, password) and to pipedrive-api's (domain, api_token)
    calls = scan(
        tmp_path,
        """\
        from pipedrive import Pipedrive

        p = Pipedrive("acme", "secret")
        p.deals.get(1)
        p.persons_find({"term": "x"})
        """,
    )
    assert [(c["line"], c["method"], c["endpoint"], c["via"]) for c in calls] == [
        (4, "GET", "/deals/{id}", "sdk:pipedrive-api"),
        (5, "GET", "/persons/find", "sdk:python-pipedrive"),
    ]


def test_a_client_made_by_a_project_factory(tmp_path):
    (tmp_path / "clients.py").write_text(
        "import os\nfrom pipedrive.client import Client\n\n\ndef pipedrive_client():\n"
        "    client = Client(domain=os.environ['PD_DOMAIN'])\n    client.set_api_token(os.environ['PD_TOKEN'])\n"
        "    return client\n"
    )
    calls = scan(
        tmp_path,
        """\
        from clients import pipedrive_client

        client = pipedrive_client()
        client.deals.get_deal(1)
        pipedrive_client().activities.get_all_activities()
        """,
    )
    assert sent(calls) == [(4, "GET", "/deals/{id}", "v1"), (5, "GET", "/activities", "v1")]


def test_a_module_without_sdk_names_never_loads_the_sdk_tables(tmp_path):
    # Loading every table costs about 10 ms per process: only a name from an SDK's module may need them.
    (tmp_path / "app.py").write_text(
        "import requests\nfrom django.conf import settings\n\nrequests.get(settings.PIPEDRIVE_URL + '/deals')\n"
    )
    probe = (
        "import ast\nfrom flake8_pdscopes.engine import Settings, analyse\nfrom flake8_pdscopes.finder import sdks\n"
        "source = open('app.py').read()\nanalyse(ast.parse(source), source, 'app.py', Settings())\n"
        "print(sdks._load.cache_info().currsize)\n"
    )
    process = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert (process.stdout, process.stderr) == ("0\n", "")
