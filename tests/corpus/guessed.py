"""A base URL read from configuration outside Python: the path alone, when it is exactly an endpoint, is a
Pipedrive call (via guessed-base), since the manifest says this is a Pipedrive app."""
import os

import requests

config = {}


class CrmClient:
    def __init__(self, settings):
        self.root = settings.CRM_ROOT  # from config.yaml: unknown here

    def fetch(self, path):
        return requests.get(self.root + path, timeout=10)


def sync(settings):
    crm = CrmClient(settings)
    crm.fetch("/deals")  # PDS100 PDS102
    crm.fetch("/api/v2/persons/3")
    crm.fetch("/v1/stages/2/deals")  # PDS100 PDS102
    crm.fetch("/health")  # not an endpoint: nothing
    requests.post(os.environ["CRM_ROOT"] + "/api/v2/deals")  # PDS100
    requests.post(config["chat"] + "/chat.postMessage")  # not an endpoint: nothing
