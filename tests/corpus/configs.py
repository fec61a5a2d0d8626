"""Declarative REST configs, path tables and dlt's RESTClient: each path written is a request (contacts:read
is granted)."""
import requests
from dlt.sources.helpers.rest_client import RESTClient
from dlt.sources.rest_api import RESTAPIConfig, rest_api_resources, rest_api_source

CRM = "https://acme.pipedrive.com/api/v2/"

SHARED_RESOURCES = [
    "persons",
    {"name": "pipelines"},  # PDS100
]


def crm_config(token) -> RESTAPIConfig:
    return {
        "client": {"base_url": CRM, "auth": {"type": "bearer", "token": token}},
        "resource_defaults": {"endpoint": {"params": {"limit": 500}}},
        "resources": [
            *[],
            "deals",  # PDS100
            {"name": "organizations", "endpoint": "organizations"},
            {"name": "deal_followers", "endpoint": {"path": "deals/{resources.deals.id}/followers"}},  # PDS100
            {"name": "new_note", "endpoint": {"path": "activities", "method": "POST"}},  # PDS100
        ],
    }


def load(token):
    rest_api_source(crm_config(token))
    rest_api_resources({"client": {"base_url": CRM}, "resources": SHARED_RESOURCES})


ENTITY_PATHS = {"deals": "deals", "people": "persons"}  # PDS100
ENTITY_PATHS["stages"] = "stages"  # PDS100


def sync_tables():
    for _, path in ENTITY_PATHS.items():
        requests.get(CRM + path)


def rest_client_pages():
    crm = RESTClient(base_url=CRM)
    yield from crm.paginate("/persons")
    yield from crm.paginate("/deals", method="POST")  # PDS100
    yield from RESTClient("https://api.github.com").paginate("/deals")
