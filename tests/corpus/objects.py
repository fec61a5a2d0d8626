"""Endpoints held on objects and in the environment, sent through helpers the finder has no table for."""
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
