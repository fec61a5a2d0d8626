"""The same shapes aimed at other services, mocks in tests, and relative paths in unrelated code."""
import enum
import functools
import os
import unittest
from unittest import mock

import httplib2
import httpx
import pytest
import requests
import responses

from proj.api import pd_get
from proj.settings import DROPBOX_API

BILLING = "https://billing.example.com/v1"


class BillingClient:
    def __init__(self):
        self.base_url = BILLING
        self.session = requests.Session()

    def _get(self, path):
        return self.session.get(self.base_url + path)

    def deals(self):
        return self._get("/deals")

    def request(self, method, path):
        return self.session.request(method, DROPBOX_API + path)

    def update(self):
        return self.request("PATCH", "/persons/1")


class Deals:
    def create_deal(self, data):
        return data


def unrelated(client):
    Deals().create_deal({"title": "x"})
    requests.get("/deals")
    httpx.get("deals/1")
    client.get("/deals")
    hub = httpx.Client(base_url="https://api.hubapi.com/v1")
    hub.get("/deals")
    httplib2.Http().request(BILLING + "/deals", method="DELETE")


@responses.activate
def test_mocked(requests_mock):
    responses.add(responses.GET, "https://api.pipedrive.com/v1/deals", json={})
    requests_mock.get("https://api.pipedrive.com/v1/deals/1", json={})
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, "https://api.pipedrive.com/v1/deals")


def test_with_fixture(mocked, report):
    mocked.get("https://api.pipedrive.com/v1/deals", payload={"data": []})
    report.write("https://api.pipedrive.com/v1/deals")
    fake_pipedrive.post("https://api.pipedrive.com/v1/deals")  # noqa: F821


def hubspot_url(path):
    return f"https://api.hubapi.com/crm/v3/{path}"


def pipedrive_deal_link(deal_id):
    return f"https://acme.pipedrive.com/deal/{deal_id}"  # a page in the app, not the API


def make_session():
    return requests.Session()


def url_helpers_elsewhere(deal_id):
    make_session().get(hubspot_url("deals"))
    requests.get(hubspot_url("objects/deals"))
    make_session().post("/deals")
    print(pipedrive_deal_link(deal_id))


class LedgerApp(RestApp):  # noqa: F821 - the same shapes as objects.py, aimed at another API
    def __init__(self):
        super().__init__(name="ledger")
        self.base_url = "https://api.ledger.example/v1"

    def delete_deals(self, ids):
        return self._delete(f"{self.base_url}/deals", params={"ids": ids})

    def add_note(self, body):
        return self.post_json(f"{self.base_url}/notes", body)


def ledger_calls(config, client, cache):
    company = os.environ.get("LEDGER_SUBDOMAIN", "")
    requests.get(f"https://{company}.ledger.example/api/v2/deals")
    requests.delete(f"https://{config.ledger_domain}/api/v2/deals/1")
    client.request(method="GET", url="https://api.ledger.example/v1/deals")
    cache.get_cached("https://api.pipedrive.com/v1/deals")  # a reader keyed by the URL, not a request
    pipedrive_url = "https://api.pipedrive.com/v1/deals"
    seen = {pipedrive_url: True}
    return seen.get(pipedrive_url)


class LedgerStream(RESTStream):  # noqa: F821 - a framework stream aimed at another API
    url_base = "https://api.ledger.example"
    path = "/v1/deals"


def ledger_call(verb, resource):  # the same helper shape, aimed at another API
    return requests.request(verb.upper(), "https://api.ledger.example/v2/" + resource.strip("/"))


def ledger_archive():
    ledger_call("patch", "/deals/7/")


def comprehension_to_another_api():
    return [requests.get(f"{BILLING}/{name}") for name in ("deals", "persons")]


def indirect_senders_to_another_api(handler, kind):
    getattr(requests, "post")(f"{BILLING}/deals")
    getattr(handler, "on_" + kind)("https://acme.pipedrive.com/api/v2/deals")  # a dispatcher, not a verb
    invoices = functools.partial(requests.request, "GET")
    invoices(f"{BILLING}/deals")


INVOICE_PATHS = {"list": "/invoices"}
INVOICE_PATHS["deals"] = "/deals"


def registry_of_another_api():
    requests.get(BILLING + INVOICE_PATHS["deals"])


def rest_config_of_another_api():
    from dlt.sources.rest_api import rest_api_source

    rest_api_source({"client": {"base_url": "https://api.github.com/"}, "resources": ["deals", "persons"]})
    tables = {"deals": "deals"}
    for path in tables.values():
        requests.get(BILLING + "/" + path)


def helper_of_another_api_imported_in_the_function():
    from proj.settings import DROPBOX_API as base

    requests.get(base + "/deals")


def _rebound(url, **options):
    return url


_rebound = functools.partial(_rebound, timeout=3)  # a name bound to a partial of itself: read once, not forever


def rebound_partial():
    _rebound(f"{BILLING}/deals")


def billing_fields(entity):
    return requests.get(f"{BILLING}/{entity}Fields")  # a caller picks the entity, but the path is Billing's


def setup_billing_fields():
    billing_fields("deal")


class DefaultsToPipedrive:
    """A client whose base defaults to Pipedrive's, given another API's base by its only caller."""

    def __init__(self, base=None):
        if base is None:
            base = "https://api.pipedrive.com/v1/"
        self.base = base

    def get(self, path):
        return requests.get(self.base + path)


def given_another_base():
    DefaultsToPipedrive(BILLING + "/").get("deals")


def billing_dispatch(verb, path, base=None):
    if base is None:
        base = BILLING + "/"
    if verb == "delete":
        return requests.delete(base + path)
    return requests.get(base + path)


def dispatched_to_billing():
    billing_dispatch("get", "deals")


@mock.patch("requests.get")
def test_a_helper_with_the_network_patched(mocked_get):
    pd_get("/xyz")  # a Pipedrive helper given a dummy path: requests.get is a mock here


@mock.patch.object(requests, "request")
class TestPatchedClient(unittest.TestCase):
    def test_a_dummy_path(self, mocked_request):
        pd_get("/not-an-endpoint")


class GivenItsTransport:
    """A Pipedrive client given its HTTP client: the test below hands it a mock through a fixture."""

    def __init__(self, http: httpx.Client):
        self.http = http

    def get(self, path):
        return self.http.get("https://api.pipedrive.com/v1" + path)


@pytest.fixture
def fake_http():
    transport = mock.MagicMock(spec=httpx.Client)
    transport.get.return_value.json.return_value = {"success": True}
    return transport


def test_a_client_given_a_mock_by_a_fixture(fake_http):
    GivenItsTransport(fake_http).get("/xyz")


LEDGER_PREFIXES = {"legacy": "v1", "current": "api/v2"}


class LedgerApi:  # the Pipedrive-shaped client aimed at another host: versions, partial verbs, Meta settings
    def __init__(self, generation="current"):
        self.session = requests.Session()
        self.root = f"https://api.ledger.example/{LEDGER_PREFIXES[generation]}/"

    def send(self, verb, resource):
        return self.session.request(verb, self.root + resource)

    fetch = functools.partialmethod(send, "GET")


class LedgerRecord:
    @classmethod
    def setting(cls, name, fallback=None):
        return getattr(cls.Options, name) if hasattr(cls.Options, name) else fallback

    @classmethod
    def first(cls):
        return LedgerApi(cls.setting("generation", "current")).fetch(f"{cls.setting('resource')}/1")


class LedgerDeal(LedgerRecord):
    class Options:
        resource = "deals"
        generation = "legacy"


def ledger_calls():
    LedgerApi("legacy").fetch("deals")
    LedgerApi().send("DELETE", "persons/5")


class LedgerResource(str, enum.Enum):
    DEALS = "deals"


def ledger_aliases_enums_joins_and_requests(flag):
    send = requests.post
    send(f"https://api.ledger.example/v1/{LedgerResource.DEALS.value}")
    pick = requests.get if flag else requests.delete
    pick(os.path.join("https://api.ledger.example/v1", "deals", "7"))
    requests.Session().send(requests.Request("GET", "https://api.ledger.example/v1/persons").prepare())
    with open(os.path.join(os.path.dirname(__file__), "deals", "v1")) as handle:  # a file, not a URL
        return handle.read()


def nested_helpers_of_another_api():
    base = "https://api.ledger.example/v2"

    def drop(path):
        return requests.delete(base + path)

    drop("/deals/3")


def ledger_path_of(*segments):
    return "https://api.ledger.example/v1/" + "/".join(str(s) for s in segments)


def ledger_by_segments():
    requests.delete(ledger_path_of("deals", 4))
