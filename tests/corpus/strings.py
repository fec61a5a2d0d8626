"""URLs built from f-strings, concatenation, formatting, joins and constants."""
import enum
import os
from urllib.parse import urljoin

import requests

from proj.settings import PIPEDRIVE_API

BASE = "https://api.pipedrive.com/v1"
V2 = "https://api.pipedrive.com/api/v2/"


class Endpoints:
    DEALS = BASE + "/deals"


def run(deal_id, person_id, token):
    requests.get(f"{BASE}/deals/{deal_id}")  # PDS100 PDS102
    requests.get(BASE + "/persons/" + str(person_id))  # PDS102
    requests.get("%s/deals/%s" % (BASE, deal_id))  # PDS100 PDS102
    requests.get("{}/deals/{}/flow".format(BASE, deal_id))  # PDS100
    requests.get("{base}/persons/{pid}".format(base=BASE, pid=person_id))  # PDS102
    requests.get("/".join([BASE, "deals", str(deal_id)]))  # PDS100 PDS102
    requests.get(urljoin(V2, "deals"))  # PDS100
    requests.get(Endpoints.DEALS)  # PDS100 PDS102
    requests.get(f"{PIPEDRIVE_API}/persons/{person_id}")
    url = f"{BASE}/deals/search"
    url += f"?term=x&api_token={token}"
    requests.get(url)  # PDS100 PDS102
    requests.get(f"{BASE}/deals/{deal_id}".rstrip("/"))  # PDS100 PDS102


def comprehensions():
    pages = [requests.get(f"{V2}{name}") for name in ("deals", "persons")]  # PDS100
    return pages, {key: requests.delete(f"{V2}{path}/1") for key, path in [("a", "activities")]}  # PDS100


PATHS = {"people": "/persons"}
PATHS["deal_list"] = "/deals"


def registry():
    requests.get(V2.rstrip("/") + PATHS["deal_list"])  # PDS100
    requests.get(V2.rstrip("/") + PATHS["people"])


class Resource(str, enum.Enum):
    DEALS = "deals"
    PERSONS = "persons"


def enum_members():
    requests.get(f"{BASE}/{Resource.DEALS.value}")  # PDS100 PDS102
    requests.get(f"{BASE}/{Resource.PERSONS.value}")  # PDS102


def path_joined(deal_id):
    requests.delete(os.path.join(BASE, "deals", str(deal_id)))  # PDS100 PDS102


def extended_in_place(term=None):
    url = BASE
    url += "/deals"  # what reached it, extended: the base alone is never sent
    if term:
        url += "?term=" + term
    return requests.get(url)  # PDS100 PDS102


def optional_filters(a=None, b=None, c=None, d=None, e=None, f=None, g=None, h=None, i=None):
    url = BASE + "/persons?start=0"
    for name, value in (("a", a), ("b", b)):  # a loop that extends it with each filter given
        if value:
            url += f"&{name}={value}"
    if c:
        url += "&c=1"
    if d:
        url += "&d=1"
    if e:
        url += "&e=1"
    if f:
        url += "&f=1"
    if g:
        url += "&g=1"
    if h:
        url += "&h=1"
    if i:
        url += "&i=1"
    return requests.get(url)  # PDS102


def checked_then_extended(deal_id, token):
    if not deal_id:
        raise ValueError("deal_id")  # what follows runs under this test failing, still in order
    url = f"{BASE}/deals/{deal_id}/flow?"
    url += "start=0"
    url += f"&api_token={token}"
    return requests.get(url)  # PDS100
