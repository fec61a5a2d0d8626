"""Stream classes whose framework sends the request: the project only declares url_base and path."""
from airbyte_cdk.sources.streams.http import HttpStream
from singer_sdk.streams import RESTStream


class CrmStream(RESTStream):  # a shared parent: no path of its own, no request
    @property
    def url_base(self):
        return "https://api.pipedrive.com"


class DealsStream(CrmStream):
    path = "/v1/deals"  # PDS100 PDS102


class DealFollowersStream(CrmStream):
    path = "/api/v2/deals/{deal_id}/followers"  # PDS100
    rest_method = "GET"


class NewPersonsStream(CrmStream):
    path = "/api/v2/persons"  # PDS100
    http_method = "POST"


class ActivitiesStream(HttpStream):
    url_base = "https://api.pipedrive.com/api/v2/"

    def path(self, **kwargs):  # PDS100
        return "activities"
