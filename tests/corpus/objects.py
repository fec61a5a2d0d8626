"""Endpoints held on objects and in the environment, sent through helpers the finder has no table for."""
import functools

import requests
from crm.settings import COMPANY, settings
from toolkit.apps import RestApp  # a framework's base class: its _get/_post/_delete are not in the project


class CrmApp(RestApp):
    def __init__(self, integration=None):
        super().__init__(name="crm", integration=integration)
        self.base_url = "https://api.pipedrive.com/v1"

    def delete_deals(self, ids):
        url = f"{self.base_url}/deals"
        return self._delete(url, params={"ids": ids})  # PDS100 PDS102

    def person(self, person_id):
        return self._get(f"{self.base_url}/persons/{person_id}")  # PDS102

    def add_note(self, body):
        return self.post_json(f"{self.base_url}/notes", body)  # PDS100


def company_deals():
    return requests.get(f"https://{COMPANY}.pipedrive.com/api/v2/deals")  # PDS100


def settings_deal(deal_id):
    return requests.patch(f"{settings.crm_base}/api/v2/deals/{deal_id}")  # PDS100


def named_host(config, deal_id):
    return requests.delete(f"https://{config.pipedrive_domain}/api/v2/deals/{deal_id}")  # PDS100


def token_then_profile(code):
    url = "https://oauth.pipedrive.com/oauth/token"
    requests.post(url, data={"code": code})  # the token exchange: not an API call, whatever url becomes later
    url = "https://api.pipedrive.com/v1/deals"
    return requests.get(url)  # PDS100 PDS102


def any_client(client, method):
    return client.request(method=method, url=f"{settings.crm_base}/api/v2/deals")


def create_deal(session):
    return any_client(session, "POST")  # PDS100


def paged_list(base_url, resource_id):
    return requests.get(f"{base_url}/deals/{resource_id}/flow")  # PDS100


def sync_all():
    base = f"https://{COMPANY}.pipedrive.com/v1"
    return paged_list(base, 7)


class Resource:
    def __init__(self, endpoint):
        self.endpoint = endpoint

    def remove(self, record_id):
        return requests.delete(f"{settings.crm_base}/api/v2/{self.endpoint}/{record_id}")


class DealResource(Resource):  # inherits the __init__ that stores what the construction passes
    pass


def drop_deal(deal_id):
    return DealResource("deals").remove(deal_id)  # PDS100


def call(verb, resource):  # the caller's verb and path, as the helper reshapes them
    return requests.request(verb.upper(), f"{settings.crm_base}/api/v2/" + resource.strip("/"))


def archive():
    call("patch", "/deals/7/")  # PDS100


API_PREFIXES = {"legacy": "v1", "current": "api/v2"}


class RecordApi:  # the version picked by a table lookup of what the constructor is given
    def __init__(self, generation="current"):
        self.session = requests.Session()
        self.root = f"https://api.pipedrive.com/{API_PREFIXES[generation]}/"

    def send(self, verb, resource, body=None):
        return self.session.request(verb, self.root + resource, json=body)

    # The verbs bound once, as methods of their own.
    fetch = functools.partialmethod(send, "GET")
    create = functools.partialmethod(send, "POST")


def record_calls():
    RecordApi("legacy").send("DELETE", "persons/5")  # PDS100 PDS102
    RecordApi().fetch("deals")  # PDS100
    RecordApi().create("persons", {"name": "Ada"})  # PDS100


class Record:
    @classmethod
    def setting(cls, name, fallback=None):
        if not hasattr(cls.Options, name):
            return fallback
        value = getattr(cls.Options, name)
        if callable(value) and name != "resource":  # never: what is read here is text
            value = value()
        return value

    @classmethod
    def first(cls):  # generic: each subclass names its own resource
        return RecordApi(cls.setting("generation", "current")).fetch(f"{cls.setting('resource')}/1")


class DealRecord(Record):  # PDS100
    class Options:
        resource = "deals"


# Its own generation, read through hasattr and getattr: the legacy one.
class PersonRecord(Record):  # PDS102
    class Options:
        resource = "persons"
        generation = "legacy"

    @classmethod
    def followers(cls):
        return RecordApi(cls.setting("generation")).fetch(f"{cls.setting('resource')}/1/followers")
