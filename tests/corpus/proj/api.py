"""A project's own Pipedrive helpers, imported by wrappers.py."""
import requests

API = "https://api.pipedrive.com/v1"


def pd_get(path, **params):
    return requests.get(API + path, params=params)


def pd_call(method, path, version="v1"):
    base = "https://api.pipedrive.com/api/v2" if version == "v2" else API
    return requests.request(method, base + path)
