"""Requests whose sender is chosen indirectly: getattr with a verb, functools.partial with a verb bound."""
import functools
from functools import partial

import requests

API = "https://acme.pipedrive.com/api/v2"
http = requests.Session()
read = partial(http.request, "GET")


def create(resource):
    return getattr(http, "post")(f"{API}/{resource}")


def send(verb, path):
    return getattr(http, verb.lower())(API + path)


def sync():
    create("deals")  # PDS100
    send("DELETE", "/persons/9")  # PDS100
    send("get", "/persons/9")
    read(f"{API}/pipelines")  # PDS100
    archive = functools.partial(requests.request, "PATCH")
    archive(f"{API}/activities/4")  # PDS100


def every_verb():
    for verb in ("get", "delete"):
        getattr(requests, verb)(f"{API}/deals/1")  # PDS100
