"""The shapes real integrations use: helpers, verbs as arguments, class attributes, bound clients."""
import aiohttp
import httpx
import requests
import urllib.parse

from proj import api
from proj.api import pd_call, pd_get
from proj.streams import Stream

BASE_URL = "https://api.pipedrive.com/v1"


class PipedriveClient:
    def __init__(self, token, base_url=BASE_URL):
        self.base_url = base_url
        self.session = requests.Session()

    def _get(self, path, **kw):
        return self.session.get(self.base_url + path, **kw)

    def request(self, method, path):
        return self.session.request(method, f"{self.base_url}/{path.lstrip('/')}")

    def _fetch(self, path):
        return self._get(path)

    async def _aget(self, path):
        async with aiohttp.ClientSession() as session:
            async with session.get(self.base_url + path) as response:
                return await response.json()

    def deal_flow(self, deal_id):
        return self._get(f"/deals/{deal_id}/flow")  # PDS100

    def update_person(self, pid):
        return self.request("PUT", f"/persons/{pid}")  # PDS100 PDS102

    def two_deep(self):
        return self._fetch("/pipelines")  # PDS100 PDS102

    async def users(self):
        return await self._aget("/users")  # PDS100

    def formatted(self, deal_id):
        return self._get("/deals/{}/products".format(deal_id))  # PDS100 PDS102

    def every_value_of_a_loop(self):
        for resource in ("deals", "persons"):  # PDS100 PDS102
            self._get(f"/{resource}")


def module_helpers(deal_id):
    pd_get("/persons")  # PDS102
    pd_get(f"/deals/{deal_id}")  # PDS100 PDS102
    pd_call("PATCH", "/leads/search", version="v2")  # PDS101
    pd_call("GET", "/leads/search", version="v2")  # PDS100
    api.pd_get("/activities")  # PDS100 PDS102


def bound_clients():
    client = httpx.Client(base_url="https://api.pipedrive.com/api/v2")
    client.get("/deals")  # PDS100
    client.get("/persons")


async def bound_aiohttp():
    async with aiohttp.ClientSession("https://api.pipedrive.com") as session:
        await session.post("/api/v2/persons")  # PDS100


class DealsStream(Stream):  # PDS100 PDS102
    endpoint = "deals"


class PersonsV2Stream(Stream):
    api_version = "api/v2"
    endpoint = "persons"


class BranchingClient:
    V1 = "https://api.pipedrive.com/v1"
    V2 = "https://api.pipedrive.com/api/v2"

    def call(self, method, path, version="v1"):
        if version == "v2":
            base = self.V2
        else:
            base = self.V1
        return requests.request(method, base + path)

    def archive(self, deal_id):
        return self.call("PATCH", f"/deals/{deal_id}", version="v2")  # PDS100

    def legacy_note(self):
        return self.call("POST", "/notes")  # PDS100


def pd_url(path, version="v1"):
    root = "https://api.pipedrive.com/api/v2" if version == "v2" else BASE_URL
    return f"{root}/{path.lstrip('/')}"


def pd_session():
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    return session


class UrlBuildingClient:
    def __init__(self, token):
        self.token = token

    def _url(self, path):
        return BASE_URL + path + "?api_token=" + self.token

    def activities(self):
        return requests.get(self._url("/activities"))  # PDS100 PDS102

    def person(self, person_id):
        return requests.get(self._url(f"/persons/{person_id}"))  # PDS102


def url_helpers():
    pd_session().post(pd_url("deals", version="v2"))  # PDS100
    requests.delete(pd_url("/notes/7"))  # PDS100
    requests.get(pd_url("/dealz"))  # PDS101


ENDPOINTS = {"deals": "/deals", "notes": "/notes"}


class Catalog:
    paths = {"org": "organizations"}

    def org(self, org_id):
        return requests.put(f"{BASE_URL}/{self.paths['org']}/{org_id}")  # PDS100 PDS102


def delete_one(kind, record_id):
    return requests.delete(BASE_URL + ENDPOINTS[kind] + f"/{record_id}")


def lookups(settings):
    delete_one("notes", 7)  # PDS100
    requests.get(BASE_URL + ENDPOINTS.get("deals"))  # PDS100 PDS102
    requests.get(BASE_URL + ENDPOINTS[settings.kind])  # PDS103


def helper_imported_in_the_function(deal_id):
    from proj.api import pd_get as fetch

    fetch(f"/deals/{deal_id}/flow")  # PDS100
    fetch("/persons")  # PDS102


def entity_fields(entity):
    # The caller names an entity and this body writes the path: reported here, once per entity picked.
    return requests.get(f"{BASE_URL}/{entity}Fields")  # PDS100


def setup_fields():
    entity_fields("person")  # contacts:read grants GET /personFields
    entity_fields("deal")


class VerbDispatch:
    """Picks the requests function by the verb its caller names; the base is defaulted in the body."""

    def __init__(self, token=None, base=None):
        if base is None:
            base = BASE_URL + "/"
        self.base = base

    def call(self, verb, path, payload=None):
        url = urllib.parse.urljoin(self.base, path)
        if verb == "post":
            return requests.post(url, json=payload)
        elif verb == "delete":
            return requests.delete(url)
        return requests.get(url, params=payload)

    def get(self, path):
        return self.call("get", path)


def dispatched(deal_id):
    VerbDispatch().get("persons")  # PDS102
    VerbDispatch().get("products")  # PDS100 PDS102
    VerbDispatch(token="t").call("delete", f"deals/{deal_id}")  # PDS100 PDS102


def fetch_from(path, base=None):
    if base is None:
        base = BASE_URL + "/"
    return requests.get(base + path)


def defaulted_base():
    fetch_from("activities")  # PDS100 PDS102


def nested_helpers(company):
    base = f"https://{company}.pipedrive.com/api/v2"
    session = requests.Session()

    def fetch(path):  # reads the enclosing function's base and session
        return session.get(base + path)

    def drop(path):
        return requests.delete(base + path)

    fetch("/persons")
    drop("/deals/3")  # PDS100


def path_of(*segments):  # the caller's items, joined
    return BASE_URL + "/" + "/".join(str(s) for s in segments)


def send_path(verb, *segments):
    return requests.request(verb, BASE_URL + "/" + "/".join(map(str, segments)))


def by_segments(deal_id):
    requests.get(path_of("deals", deal_id, "flow"))  # PDS100
    send_path("DELETE", "deals", deal_id)  # PDS100 PDS102


def every_row(deal_id):  # each row's verb goes with that row's path
    for verb, path in (("GET", "/deals"), ("DELETE", f"/persons/{deal_id}")):  # PDS100 PDS102
        requests.request(verb, BASE_URL + path)


ROUTE_VERBS = {
    "/deals": "GET",  # PDS100 PDS102
    "/activities": "POST",  # PDS100 PDS102
}


def every_entry():
    for path, verb in ROUTE_VERBS.items():
        requests.request(verb, BASE_URL + path)
