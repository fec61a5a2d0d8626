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


def aliased(archived):
    send = http.post  # another name for the session's own verb
    send(f"{API}/activities", json={"subject": "x"})  # PDS100
    drop = requests.delete if archived else requests.get  # either verb, as the flag says
    drop(f"{API}/deals/7")  # PDS100
    log = print
    log(f"{API}/deals")  # a name for something else sends nothing
