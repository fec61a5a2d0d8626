"""The deal-sync job against a mocked Pipedrive (responses): no network, every request answered here."""
import responses

from dealsync.sync import sync_won_deals

API = "https://api.pipedrive.com"


class Warehouse:
    def __init__(self):
        self.rows = []

    def save(self, deal, participants, person):
        self.rows.append((deal["id"], participants, person["name"]))


@responses.activate
def test_won_deals_are_copied_marked_and_noted():
    deals = [
        {"id": 1, "status": "won", "person_link": f"{API}/api/v2/persons/3"},
        {"id": 2, "status": "lost", "person_link": f"{API}/api/v2/persons/4"},
    ]
    responses.get(f"{API}/v1/deals", json={"data": deals})
    responses.get(f"{API}/v1/deals/1/participants", json={"data": [{"person_id": 3}]})
    responses.get(f"{API}/api/v2/persons/3", json={"data": {"name": "Ada"}})
    responses.patch(f"{API}/api/v2/deals/1", json={"data": {}})
    responses.post(f"{API}/v1/notes", json={"data": {}})
    warehouse = Warehouse()
    sync_won_deals("token", warehouse, since="2026-01-01")
    assert warehouse.rows == [(1, [{"person_id": 3}], "Ada")]
