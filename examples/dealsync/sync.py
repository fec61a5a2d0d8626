"""Copy won deals into the warehouse and mark them as synced in Pipedrive."""
from .client import PipedriveClient


def sync_won_deals(token, warehouse, since):
    client = PipedriveClient(token)
    for deal in client.deals(since):
        if deal["status"] != "won":
            continue
        warehouse.save(deal, client.deal_participants(deal["id"]), client.follow(deal["person_link"]))
        client.update_deal(deal["id"], {"synced": True})
        client.add_note(deal["id"], "Copied to the warehouse")
